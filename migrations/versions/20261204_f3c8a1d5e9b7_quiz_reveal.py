"""quiz_settings.reveal: when participants see the right answers (issue 22)

Revision ID: f3c8a1d5e9b7
Revises: ad28433e0977
Create Date: 2026-12-04 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c8a1d5e9b7'
down_revision = 'ad28433e0977'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_settings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reveal', sa.String(length=16), server_default='after_pass', nullable=False)
        )
        batch_op.create_check_constraint(
            'reveal_known', "reveal IN ('never', 'after_pass', 'always')"
        )


def downgrade():
    with op.batch_alter_table('quiz_settings', schema=None) as batch_op:
        batch_op.drop_constraint('reveal_known', type_='check')
        batch_op.drop_column('reveal')
