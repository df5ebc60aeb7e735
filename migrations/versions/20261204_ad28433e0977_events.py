"""events: programme events, their agenda, registrations and stars (learning/events)

Revision ID: ad28433e0977
Revises: e7b2d4f6a8c1
Create Date: 2026-12-04 06:11:17.035463

"""
import secrets

from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'ad28433e0977'
down_revision = 'e7b2d4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('starts_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('cover_file_id', sa.Integer(), nullable=True),
    sa.Column('registration_opens_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('registration_closes_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('requires_approval', sa.Boolean(), nullable=False),
    sa.Column('registrations_serial', sa.Integer(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("format IN ('in-person', 'online', 'hybrid')", name=op.f('ck_events_format_known')),
    sa.CheckConstraint("kind IN ('forum', 'film', 'book', 'exhibition', 'concert', 'other')", name=op.f('ck_events_kind_known')),
    sa.CheckConstraint("status IN ('draft', 'published', 'cancelled', 'archived')", name=op.f('ck_events_status_known')),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_events_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_events_ends_after_start')),
    sa.CheckConstraint('registration_opens_at IS NULL OR registration_closes_at IS NULL OR registration_closes_at > registration_opens_at', name=op.f('ck_events_window_order')),
    sa.ForeignKeyConstraint(['cover_file_id'], ['stored_files.id'], name=op.f('fk_events_cover_file_id_stored_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_cover_file_id'), ['cover_file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_events_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('consent_list', sa.Boolean(), nullable=False),
    sa.Column('consent_photos', sa.Boolean(), nullable=False),
    sa.Column('consent_news', sa.Boolean(), nullable=False),
    sa.Column('accessibility', sa.String(length=1000), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(state = 'waitlisted') = (position IS NOT NULL)", name=op.f('ck_event_registrations_position_when_waitlisted')),
    sa.CheckConstraint("state IN ('registered', 'waitlisted', 'pending', 'withdrawn')", name=op.f('ck_event_registrations_state_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_event_registrations_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_registrations_event_id_user_id'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index('ix_event_registrations_event_state', ['event_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('event_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('room', sa.String(length=120), nullable=True),
    sa.Column('interpretation', sa.String(length=64), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_event_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_sessions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_sessions'))
    )
    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_event_sessions_event_starts', ['event_id', 'starts_at'], unique=False)

    op.create_table('event_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=32), nullable=False),
    sa.CheckConstraint("facet IN ('theme', 'country')", name=op.f('ck_event_tags_facet_known')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_tags_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_tags')),
    sa.UniqueConstraint('event_id', 'facet', 'value', name=op.f('uq_event_tags_event_id_facet_value'))
    )
    with op.batch_alter_table('event_tags', schema=None) as batch_op:
        batch_op.create_index('ix_event_tags_facet_value', ['facet', 'value'], unique=False)

    op.create_table('event_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_translations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_translations')),
    sa.UniqueConstraint('event_id', 'language', name=op.f('uq_event_translations_event_id_language'))
    )
    op.create_table('event_session_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_session_translations_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_session_translations')),
    sa.UniqueConstraint('session_id', 'language', name=op.f('uq_event_session_translations_session_id_language'))
    )
    op.create_table('event_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('affiliation', sa.String(length=200), nullable=False),
    sa.CheckConstraint('position >= 0', name=op.f('ck_event_speakers_position_positive')),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_speakers_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_speakers'))
    )
    with op.batch_alter_table('event_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_speakers_session_id'), ['session_id'], unique=False)

    op.create_table('event_stars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_stars_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_stars_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_stars')),
    sa.UniqueConstraint('user_id', 'session_id', name=op.f('uq_event_stars_user_id_session_id'))
    )
    with op.batch_alter_table('event_stars', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_stars_session_id'), ['session_id'], unique=False)
    # The cache's new kind of data (learning/platform/generations.py KINDS) gets its token.
    generations = sa.table('cache_generations', sa.column('name'), sa.column('token'))
    op.bulk_insert(generations, [{'name': 'events', 'token': secrets.token_hex(8)}])


def downgrade():
    op.execute("DELETE FROM cache_generations WHERE name = 'events'")
    with op.batch_alter_table('event_stars', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_stars_session_id'))

    op.drop_table('event_stars')
    with op.batch_alter_table('event_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_speakers_session_id'))

    op.drop_table('event_speakers')
    op.drop_table('event_session_translations')
    op.drop_table('event_translations')
    with op.batch_alter_table('event_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_event_tags_facet_value')

    op.drop_table('event_tags')
    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_event_sessions_event_starts')

    op.drop_table('event_sessions')
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registrations_user_id'))
        batch_op.drop_index('ix_event_registrations_event_state')
        batch_op.drop_index(batch_op.f('ix_event_registrations_decided_by_id'))

    op.drop_table('event_registrations')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_status_starts')
        batch_op.drop_index(batch_op.f('ix_events_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_events_cover_file_id'))

    op.drop_table('events')
