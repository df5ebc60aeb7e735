"""moderator_role: a role of its own for the network's discussions (issue 20); curators held
moderation until now, so each of them keeps it through the new role

Revision ID: 6a1b2c3d4e5f
Revises: 5f6a7b8c9da4
Create Date: 2026-12-05 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

from learning.platform.dbtypes import UTCDateTime, utcnow

# revision identifiers, used by Alembic.
revision = "6a1b2c3d4e5f"
down_revision = "5f6a7b8c9da4"
branch_labels = None
depends_on = None

WITH_MODERATOR = "role IN ('trainer', 'researcher', 'curator', 'organiser', 'moderator', 'admin')"
WITHOUT_MODERATOR = "role IN ('trainer', 'researcher', 'curator', 'organiser', 'admin')"


def upgrade():
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_roles_role_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_roles_role_known"), WITH_MODERATOR)

    # Nobody loses moderation: every curator (who moderated until now) becomes a moderator.
    # The time is bound through the column's type so it is stored as the app stores it.
    op.execute(
        sa.text(
            "INSERT INTO user_roles (user_id, role, granted_at) "
            "SELECT c.user_id, 'moderator', :now FROM user_roles c "
            "WHERE c.role = 'curator' AND NOT EXISTS ("
            "SELECT 1 FROM user_roles m WHERE m.user_id = c.user_id AND m.role = 'moderator')"
        ).bindparams(sa.bindparam("now", value=utcnow(), type_=UTCDateTime()))
    )


def downgrade():
    op.execute("DELETE FROM user_roles WHERE role = 'moderator'")
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_roles_role_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_roles_role_known"), WITHOUT_MODERATOR)
