"""`flask demo` gives the demo researcher a revoked token and one in use, shown on their
tokens page without any secret."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import User
from learning.api.models import ApiToken
from learning.platform.extensions import db
from tests.conftest import signed_in_client


def test_demo_tokens(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    researcher = db.session.scalar(select(User).where(User.email == "researcher@demo.puente"))
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == researcher.id)).all()
    assert sorted(row.revoked_at is None for row in rows) == [False, True]
    page = signed_in_client(app, researcher, "es").get("/api/tokens").get_data(as_text=True)
    assert "Agenda de eventos" in page and "revocado" in page and "en uso" in page
    assert "pnt_" not in page.replace(rows[0].hint, "").replace(rows[1].hint, "")
