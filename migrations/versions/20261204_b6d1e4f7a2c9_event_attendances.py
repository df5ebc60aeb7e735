"""event_attendances: who was at an event, per day, in person or online (issue 18)

Revision ID: b6d1e4f7a2c9
Revises: f3c8a1d5e9b7
Create Date: 2026-12-04 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'b6d1e4f7a2c9'
down_revision = 'f3c8a1d5e9b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('recorded_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('in-person', 'online')", name=op.f('ck_event_attendances_mode_known')),
    sa.CheckConstraint('(user_id IS NOT NULL) OR (name IS NOT NULL AND email IS NOT NULL)', name=op.f('ck_event_attendances_someone')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_attendances_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_attendances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendances')),
    sa.UniqueConstraint('event_id', 'day', 'email', name=op.f('uq_event_attendances_event_id_day_email')),
    sa.UniqueConstraint('event_id', 'day', 'user_id', name=op.f('uq_event_attendances_event_id_day_user_id'))
    )
    with op.batch_alter_table('event_attendances', schema=None) as batch_op:
        batch_op.create_index('ix_event_attendances_event_day', ['event_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendances_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendances_user_id'))
        batch_op.drop_index('ix_event_attendances_event_day')

    op.drop_table('event_attendances')
