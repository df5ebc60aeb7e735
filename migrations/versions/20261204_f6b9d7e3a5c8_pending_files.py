"""pending_files: a research version returned for changes keeps the metadata it was returned
with, so the review of its resubmission shows what changed (issue 22). (Files kept for a form
sent back need no schema: they are pending stored files with their bytes.)

Revision ID: f6b9d7e3a5c8
Revises: e5a8c6d2f4b7
Create Date: 2026-12-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6b9d7e3a5c8'
down_revision = 'e5a8c6d2f4b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('research_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returned_metadata', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('research_versions', schema=None) as batch_op:
        batch_op.drop_column('returned_metadata')
