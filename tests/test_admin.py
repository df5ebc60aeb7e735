"""Administration of people and roles: only administrators, every change checked."""

from __future__ import annotations

import pytest

from learning.accounts.models import User
from learning.extensions import db

ADMIN_ROUTES = [
    ("get", "/admin/users"),
    ("get", "/admin/users/{id}"),
    ("post", "/admin/users/{id}"),
    ("post", "/admin/users/{id}/active"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("participant", 403), ("trainer", 403), ("researcher", 403), ("curator", 403)],
)
def test_only_admins(as_role, make_user, method, path, role, expected):
    target = make_user()
    client = as_role(role)
    response = getattr(client, method)(path.format(id=target.id))
    assert response.status_code == expected
    if expected == 302:
        assert "/account/sign-in" in response.headers["Location"]


def test_admin_finds_people(as_role, make_user):
    make_user("rosa@example.org", name="Rosa Álvarez", organisation="FLACSO")
    make_user("tomas@example.org", name="Tomás Pérez", roles=["trainer"])
    client = as_role("admin")
    page = client.get("/admin/users?q=flacso").get_data(as_text=True)
    assert "Rosa Álvarez" in page and "Tomás Pérez" not in page
    page = client.get("/admin/users?role=trainer").get_data(as_text=True)
    assert "Tomás Pérez" in page and "Rosa Álvarez" not in page
    # LIKE wildcards typed by a person are taken literally.
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "0 people found" in page
    assert client.get("/admin/users?page=abc").status_code == 200
    assert client.get("/admin/users?page=99999999999").status_code == 200


def test_admin_changes_roles(as_role, make_user):
    target = make_user()
    client = as_role("admin")
    response = client.post(f"/admin/users/{target.id}", data={"trainer": "y", "researcher": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).roles == {"trainer", "researcher"}
    client.post(f"/admin/users/{target.id}", data={"researcher": "y"})
    db.session.expire_all()
    assert db.session.get(User, target.id).roles == {"researcher"}


def test_admin_cannot_drop_own_admin_role_or_deactivate_self(app, make_user, login):
    admin = make_user(roles=["admin"])
    client = login(app.test_client(), admin)
    client.post(f"/admin/users/{admin.id}", data={"trainer": "y"})
    client.post(f"/admin/users/{admin.id}/active")
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert "admin" in admin.roles and admin.active


def test_admin_deactivates_and_reactivates(as_role, make_user):
    target = make_user()
    client = as_role("admin")
    client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False
    client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_unknown_user_is_404(as_role):
    assert as_role("admin").get("/admin/users/999999").status_code == 404


def test_user_list_does_not_grow_queries_with_rows(app, as_role, make_user):
    from sqlalchemy import event

    client = as_role("admin")

    def count_queries() -> int:
        statements = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get("/admin/users").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    few = count_queries()
    for i in range(10):
        make_user(roles=["trainer"] if i % 2 else [])
    assert count_queries() == few
