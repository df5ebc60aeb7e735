"""accounts: sign-ins, so that signing out ends the session on the server

Revision ID: d5a9c3e1b7f2
Revises: c4e1a7d2f9b3
Create Date: 2026-12-04 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = 'd5a9c3e1b7f2'
down_revision = 'c4e1a7d2f9b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_ins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_ins')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_sign_ins_key_hash'))
    )
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_ins_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_ins_user_id'))

    op.drop_table('sign_ins')
