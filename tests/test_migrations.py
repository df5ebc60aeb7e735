"""The migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from learning.models import include_name
from learning.platform.extensions import db


def test_no_pending_autogenerate_diff(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True, "include_name": include_name}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_database_enforces_constraints(app, make_user):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from learning.accounts.models import UserRole

    user = make_user()
    db.session.add(UserRole(user_id=user.id, role="emperor"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
