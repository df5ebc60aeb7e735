"""The command line: users, demo content."""

from __future__ import annotations

import pytest

from learning.accounts import services
from learning.accounts.models import User
from learning.platform.extensions import db


def test_users_create_with_repeatable_roles(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users", "create", "--email", "Boss@Example.org", "--name", "Boss",
            "--password", "a long admin phrase", "--role", "admin", "--role", "trainer",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = services.find_by_email("boss@example.org")
    assert user.roles == {"admin", "trainer"} and user.confirmed_at is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "nope", "--name", "N", "--password", "a long admin phrase"], "not a valid"),
        (["--email", "a@example.org", "--name", "N", "--password", "short"], "too short"),
        (["--email", "a@example.org", "--name", " ", "--password", "a long phrase"], "empty"),
        (
            [
                "--email",
                "a@example.org",
                "--name",
                "N",
                "--password",
                "a long phrase",
                "--role",
                "god",
            ],
            "Invalid value for '--role'",
        ),
    ],
)
def test_users_create_refuses_bad_input(app, args, message):
    result = app.test_cli_runner().invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_users_create_refuses_duplicates(app, make_user):
    make_user("a@example.org")
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "A@example.org",
            "--name",
            "N",
            "--password",
            "a long phrase!",
        ]
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_set_password(app, make_user):
    user = make_user("a@example.org")
    runner = app.test_cli_runner()
    bad = runner.invoke(
        args=["users", "set-password", "--email", "a@example.org", "--password", "x"]
    )
    assert bad.exit_code == 1 and "too short" in bad.output
    missing = runner.invoke(
        args=["users", "set-password", "--email", "b@example.org", "--password", "a long phrase!"]
    )
    assert missing.exit_code == 1 and "no account" in missing.output
    ok = runner.invoke(
        args=["users", "set-password", "--email", "a@example.org", "--password", "a long phrase!"]
    )
    assert ok.exit_code == 0
    db.session.refresh(user)
    assert services.check_credentials("a@example.org", "a long phrase!").id == user.id


def test_demo_loads_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.puente" in result.output and "puente-demo-2026" in result.output
    roles = {u.email: u.roles for u in db.session.scalars(db.select(User))}
    assert roles["admin@demo.puente"] == {"admin"}
    assert roles["trainer@demo.puente"] == {"trainer"}
    assert roles["researcher@demo.puente"] == {"researcher"}
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in again.output
    assert runner.invoke(args=["demo"]).exit_code == 1


def test_demo_accounts_can_sign_in(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post(
        "/account/sign-in", data={"email": "trainer@demo.puente", "password": "puente-demo-2026"}
    )
    assert response.status_code == 302
