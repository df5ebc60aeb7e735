"""cache generations: a token for every person's kept pages (learning/cache.py, people)

Revision ID: c4e1a7d2f9b3
Revises: 8d9aba48bf36
Create Date: 2026-11-28 09:40:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a7d2f9b3'
down_revision = '8d9aba48bf36'
branch_labels = None
depends_on = None


def upgrade():
    table = sa.table('cache_generations', sa.column('name'), sa.column('token'))
    op.bulk_insert(table, [{'name': 'people', 'token': secrets.token_hex(8)}])


def downgrade():
    op.execute("DELETE FROM cache_generations WHERE name = 'people' OR name LIKE 'person:%'")
