"""network: a moderator may turn down a new member's held links (posts and profile bios)

Revision ID: 4e5f6a7b8c93
Revises: 3d4e5f6a7b82
Create Date: 2026-12-04 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e5f6a7b8c93'
down_revision = '3d4e5f6a7b82'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('network_posts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('links_rejected', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('network_profiles', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('bio_links_rejected', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('network_profiles', schema=None) as batch_op:
        batch_op.drop_column('bio_links_rejected')
    with op.batch_alter_table('network_posts', schema=None) as batch_op:
        batch_op.drop_column('links_rejected')
