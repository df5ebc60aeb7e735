"""event_session_attendances, event_certificate_rules, event_certificates,
event_survey_responses, event_materials: attendance per session, certificates of attendance,
the satisfaction survey and the materials after an event (issue 18)

Revision ID: e5a8c6d2f4b7
Revises: d4f7b5c1e3a6
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'e5a8c6d2f4b7'
down_revision = 'd4f7b5c1e3a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_session_attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('recorded_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('in-person', 'online')", name=op.f('ck_event_session_attendances_mode_known')),
    sa.CheckConstraint('(user_id IS NOT NULL) OR (name IS NOT NULL AND email IS NOT NULL)', name=op.f('ck_event_session_attendances_someone')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_session_attendances_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_session_attendances_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_session_attendances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_session_attendances')),
    sa.UniqueConstraint('session_id', 'email', name=op.f('uq_event_session_attendances_session_id_email')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_event_session_attendances_session_id_user_id'))
    )
    with op.batch_alter_table('event_session_attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_session_attendances_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_session_attendances_user_id'), ['user_id'], unique=False)

    op.create_table('event_certificate_rules',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('updated_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("measure IN ('days', 'sessions', 'share')", name=op.f('ck_event_certificate_rules_measure_known')),
    sa.CheckConstraint("mode IN ('any', 'in-person', 'online')", name=op.f('ck_event_certificate_rules_mode_known')),
    sa.CheckConstraint('minimum >= 1', name=op.f('ck_event_certificate_rules_minimum_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_certificate_rules_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_certificate_rules'))
    )

    op.create_table('event_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('issued_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("language IN ('es', 'en', 'bilingual')", name=op.f('ck_event_certificates_language_known')),
    sa.CheckConstraint('revoked_at IS NULL OR revoked_reason IS NOT NULL', name=op.f('ck_event_certificates_revocation_has_reason')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_certificates_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_event_certificates_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_event_certificates_code')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_certificates_event_id_user_id'))
    )
    with op.batch_alter_table('event_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_certificates_revoked_by_id'), ['revoked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_certificates_user_id'), ['user_id'], unique=False)

    op.create_table('event_survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating >= 1 AND rating <= 5', name=op.f('ck_event_survey_responses_rating_range')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_survey_responses_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_survey_responses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_survey_responses')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_survey_responses_event_id_user_id'))
    )
    with op.batch_alter_table('event_survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_survey_responses_user_id'), ['user_id'], unique=False)

    op.create_table('event_materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('access', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("access IN ('public', 'registered')", name=op.f('ck_event_materials_access_known')),
    sa.CheckConstraint("kind IN ('slides', 'recording', 'report')", name=op.f('ck_event_materials_kind_known')),
    sa.CheckConstraint('(url IS NULL) <> (file_id IS NULL)', name=op.f('ck_event_materials_link_or_file')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_event_materials_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_materials_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_event_materials_file_id_stored_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_materials_session_id_event_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_materials'))
    )
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_materials_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_materials_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_materials_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_materials_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_materials_session_id'))
        batch_op.drop_index(batch_op.f('ix_event_materials_file_id'))
        batch_op.drop_index(batch_op.f('ix_event_materials_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_materials_created_by_id'))

    op.drop_table('event_materials')
    with op.batch_alter_table('event_survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_survey_responses_user_id'))

    op.drop_table('event_survey_responses')
    with op.batch_alter_table('event_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_certificates_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_certificates_revoked_by_id'))

    op.drop_table('event_certificates')
    op.drop_table('event_certificate_rules')
    with op.batch_alter_table('event_session_attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_session_attendances_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_session_attendances_event_id'))

    op.drop_table('event_session_attendances')
