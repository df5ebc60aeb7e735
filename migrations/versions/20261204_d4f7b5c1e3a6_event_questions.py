"""event_questions: custom registration questions and answers, and waitlist offers with a
deadline to accept (issue 18)

Revision ID: d4f7b5c1e3a6
Revises: b6d1e4f7a2c9
Create Date: 2026-12-04 09:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'd4f7b5c1e3a6'
down_revision = 'b6d1e4f7a2c9'
branch_labels = None
depends_on = None


def upgrade():
    # The organiser role: staff who create and run events.
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_roles_role_known'),
            "role IN ('trainer', 'researcher', 'curator', 'organiser', 'admin')",
        )

    op.create_table('event_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('max_length', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('text', 'choice', 'yesno', 'consent')", name=op.f('ck_event_questions_question_kind_known')),
    sa.CheckConstraint('max_length IS NULL OR (max_length > 0 AND max_length <= 2000)', name=op.f('ck_event_questions_max_length_range')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_questions'))
    )
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_questions_event_id'), ['event_id'], unique=False)

    op.create_table('event_question_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['event_questions.id'], name=op.f('fk_event_question_translations_question_id_event_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_question_translations')),
    sa.UniqueConstraint('question_id', 'language', name=op.f('uq_event_question_translations_question_id_language'))
    )
    op.create_table('event_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['event_questions.id'], name=op.f('fk_event_answers_question_id_event_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['event_registrations.id'], name=op.f('fk_event_answers_registration_id_event_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_answers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_answers')),
    sa.UniqueConstraint('registration_id', 'question_id', name=op.f('uq_event_answers_registration_id_question_id'))
    )
    with op.batch_alter_table('event_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_answers_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_hours', sa.Integer(), server_default='48', nullable=False))
        batch_op.create_check_constraint(op.f('ck_events_offer_hours_range'), 'offer_hours BETWEEN 1 AND 336')

    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_event_sessions_capacity_positive'), 'capacity IS NULL OR capacity > 0')

    op.create_table('event_session_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('held', 'waitlisted')", name=op.f('ck_event_session_places_place_state_known')),
    sa.CheckConstraint("(state = 'waitlisted') = (position IS NOT NULL)", name=op.f('ck_event_session_places_position_when_waitlisted')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_session_places_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_session_places_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_session_places_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_session_places')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_event_session_places_session_id_user_id'))
    )
    with op.batch_alter_table('event_session_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_session_places_event_id'), ['event_id'], unique=False)
        batch_op.create_index('ix_event_session_places_session_state', ['session_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_session_places_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_expires_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_event_registrations_offer_when_waitlisted'), "offer_expires_at IS NULL OR state = 'waitlisted'")
        batch_op.create_index('ix_event_registrations_offer_expires', ['offer_expires_at'], unique=False)


def downgrade():
    op.execute("DELETE FROM user_roles WHERE role = 'organiser'")
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_roles_role_known'),
            "role IN ('trainer', 'researcher', 'curator', 'admin')",
        )

    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_event_registrations_offer_expires')
        batch_op.drop_constraint(op.f('ck_event_registrations_offer_when_waitlisted'), type_='check')
        batch_op.drop_column('offer_expires_at')

    with op.batch_alter_table('event_session_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_session_places_user_id'))
        batch_op.drop_index('ix_event_session_places_session_state')
        batch_op.drop_index(batch_op.f('ix_event_session_places_event_id'))

    op.drop_table('event_session_places')
    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_sessions_capacity_positive'), type_='check')
        batch_op.drop_column('capacity')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_offer_hours_range'), type_='check')
        batch_op.drop_column('offer_hours')

    with op.batch_alter_table('event_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_answers_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_answers_question_id'))

    op.drop_table('event_answers')
    op.drop_table('event_question_translations')
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_questions_event_id'))

    op.drop_table('event_questions')
