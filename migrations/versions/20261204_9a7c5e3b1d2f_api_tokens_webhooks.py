"""api: personal access tokens

Revision ID: 9a7c5e3b1d2f
Revises: c3e6a4b9d2f5
Create Date: 2026-12-04 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learning.platform.dbtypes


# revision identifiers, used by Alembic.
revision = '9a7c5e3b1d2f'
down_revision = 'c3e6a4b9d2f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=16), nullable=False),
    sa.Column('scopes', sa.String(length=200), nullable=False),
    sa.Column('created_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', learning.platform.dbtypes.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('expires_at > created_at', name=op.f('ck_api_tokens_expires_after_creation')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
