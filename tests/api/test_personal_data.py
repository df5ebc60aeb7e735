"""A person's tokens in their personal data (never the digest), and gone when they delete
their account."""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.privacy import delete_account, export_user
from learning.api.models import ApiToken
from learning.platform.extensions import db


def test_the_export_lists_tokens_without_their_digest(make_user, make_token):
    person = make_user()
    make_token(person)
    (row,) = export_user(person)["records"]["api_tokens"]
    assert row["name"] == "script" and row["scopes"] == "read"
    assert "token_hash" not in row


def test_deleting_the_account_removes_its_tokens(make_user, make_token, api):
    person, other = make_user(), make_user()
    secret = make_token(person)
    make_token(other)
    delete_account(person)
    db.session.commit()
    owners = {row.user_id for row in db.session.scalars(select(ApiToken))}
    assert owners == {other.id}
    assert api(secret).get("/api/v1/me/enrolments").status_code == 401
