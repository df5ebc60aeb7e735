"""The moderator role (issue 20): moderating the discussions is a role of its own. Moderators
and administrators hide posts and see the queue; curators without the role and plain members
get a 403; the administrator grants and removes the role on a person's page (a forged value
is refused); the migration gives every existing curator the role and takes it back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from learning import create_app
from learning.accounts import services as accounts
from learning.accounts.models import ROLES, User
from learning.audit.models import AuditEntry
from learning.network.services.discussion_common import is_moderator
from learning.network.talk_models import ModerationAction, Post
from learning.platform.extensions import db
from tests.conftest import _base_config

QUEUE = "/network/moderation"


def _moderation_answers(client, post: Post, member: User) -> dict[str, int]:
    """What each moderation page and action answers ``client`` (no redirect followed)."""
    return {
        "queue": client.get(QUEUE).status_code,
        "held links": client.get("/network/moderation/links").status_code,
        "hide page": client.get(f"/network/posts/{post.id}/hide").status_code,
        "hide": client.post(f"/network/posts/{post.id}/hide", data={"reason": "x"}).status_code,
        "bulk": client.post(
            "/network/moderation/bulk", data={"post": post.id, "action": "hide", "reason": "x"}
        ).status_code,
        "restore": client.post(f"/network/posts/{post.id}/restore").status_code,
        "approve links": client.post(f"/network/posts/{post.id}/approve-links").status_code,
        "block page": client.get(f"/network/members/{member.id}/block").status_code,
        "block": client.post(
            f"/network/members/{member.id}/block", data={"reason": "x"}
        ).status_code,
        "unblock": client.post(f"/network/members/{member.id}/unblock").status_code,
    }


def test_the_moderator_role_is_known_in_its_place():
    assert ROLES == ("trainer", "researcher", "curator", "organiser", "moderator", "admin")


def test_a_moderator_hides_a_post_and_sees_the_queue(client_for, make_user, post):
    mona = make_user(roles=["moderator"], name="Mona Moderadora")
    assert is_moderator(mona)
    client = client_for(mona)
    assert client.get(QUEUE).status_code == 200
    thread = client.get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert f'href="{QUEUE}"' in thread  # the link to the queue, for moderators
    answer = client.post(f"/network/posts/{post.id}/hide", data={"reason": "Fuera de tema"})
    assert answer.status_code == 303
    db.session.refresh(post)
    assert post.state == "hidden" and post.hidden_reason == "Fuera de tema"
    action = db.session.scalars(select(ModerationAction)).one()
    assert action.action == "hide" and action.moderator_id == mona.id
    assert client.post(f"/network/posts/{post.id}/restore").status_code == 303
    db.session.refresh(post)
    assert post.state == "visible"


def test_an_administrator_moderates_without_the_role(client_for, make_user, post):
    admin = make_user(roles=["admin"])
    assert is_moderator(admin)
    assert client_for(admin).get(QUEUE).status_code == 200


@pytest.mark.parametrize("roles", [["curator"], [], ["trainer", "researcher", "organiser"]])
def test_others_get_a_403_on_every_moderation_action(client_for, make_user, member, post, roles):
    """A curator without the moderator role moderates no more than a plain member."""
    person = make_user(roles=roles)
    assert not is_moderator(person)
    client = client_for(person)
    answers = _moderation_answers(client, post, member)
    assert answers == dict.fromkeys(answers, 403)
    thread = client.get(f"/network/threads/{post.thread_id}").get_data(as_text=True)
    assert f'href="{QUEUE}"' not in thread
    db.session.refresh(post)
    assert post.state == "visible"
    assert db.session.scalars(select(ModerationAction)).first() is None


def test_a_curator_approves_no_profile_links(client_for, make_user):
    """Profile links wait for a moderator, on the person's page as in the held-links queue."""
    nico = make_user(name="Nico Nuevo")
    from tests.network.conftest import with_profile

    with_profile(nico, bio="Mi sitio: [mi web](https://nico.example.org)", bio_visibility="network")
    curator = client_for("curator")
    assert "Show its links" not in curator.get(f"/network/people/{nico.id}").text
    assert curator.post(f"/network/people/{nico.id}/approve-links").status_code == 403
    moderator = client_for(make_user(roles=["moderator"]))
    assert "Show its links" in moderator.get(f"/network/people/{nico.id}").text
    assert moderator.post(f"/network/people/{nico.id}/approve-links").status_code == 303


def _roles_of(user: User) -> set[str]:
    db.session.expire_all()
    return db.session.get(User, user.id).roles


def test_the_admin_grants_and_removes_the_moderator_role(client_for, make_user, member, post):
    target = make_user(roles=["curator"], name="Carla Curadora")
    admin = client_for("admin")
    page = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert 'name="moderator"' in page and "Discussion moderator" in page
    assert "approves links and blocks members in the network" in page
    spanish = client_for(make_user(roles=["admin"]), "es").get(f"/admin/users/{target.id}").text
    assert "Moderador(a) de discusiones" in spanish
    assert "Oculta y restaura mensajes" in spanish

    person = client_for(target)
    assert person.get(QUEUE).status_code == 403
    answer = admin.post(f"/admin/users/{target.id}", data={"curator": "y", "moderator": "y"})
    assert answer.status_code == 302
    assert _roles_of(target) == {"curator", "moderator"}
    assert person.get(QUEUE).status_code == 200
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "user.roles_changed")
    ).one()
    assert entry.target_id == target.id
    page = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="moderator"[^>]*>', page)
    assert box and " checked" in box.group(0)
    listed = admin.get("/admin/users?role=moderator").get_data(as_text=True)
    assert "Carla Curadora" in listed and member.name not in listed

    assert admin.post(f"/admin/users/{target.id}", data={"curator": "y"}).status_code == 302
    assert _roles_of(target) == {"curator"}
    assert person.get(QUEUE).status_code == 403


@pytest.mark.parametrize(
    "form",
    [
        {"moderator": "admin"},
        {"moderator": "y", "admin": "yes"},
        {"moderator": ["y", "y"]},
        {"curator": "<script>alert(1)</script>"},
    ],
)
def test_a_forged_role_value_is_refused(client_for, make_user, form):
    target = make_user(roles=["trainer"])
    answer = client_for("admin").post(f"/admin/users/{target.id}", data=form)
    assert answer.status_code == 400
    assert "Choose the roles with the boxes on this page." in answer.get_data(as_text=True)
    assert _roles_of(target) == {"trainer"}


def test_an_unknown_role_is_never_granted(client_for, make_user):
    target = make_user()
    answer = client_for("admin").post(
        f"/admin/users/{target.id}", data={"moderator": "y", "emperor": "y", "role": "emperor"}
    )
    assert answer.status_code == 302
    assert _roles_of(target) == {"moderator"}
    with pytest.raises(accounts.AccountError):
        accounts.set_roles(db.session.get(User, target.id), {"emperor"})
    db.session.rollback()


# The migration ----------------------------------------------------------------------------

BEFORE, AFTER = "5f6a7b8c9da4", "6a1b2c3d4e5f"


def _add_user(conn, user_id: int, roles: list[str]) -> None:
    conn.execute(
        text(
            "INSERT INTO users (id, email, name, password_hash, auth_token, preferred_language,"
            " timezone, active, created_at) VALUES (:id, :email, :name, 'x', :token, 'es',"
            " 'America/Mexico_City', :active, '2026-01-01 00:00:00.000000')"
        ),
        {"id": user_id, "email": f"p{user_id}@example.org", "name": f"P {user_id}",
         "token": f"t{user_id}", "active": True},
    )  # fmt: skip
    for role in roles:
        conn.execute(
            text(
                "INSERT INTO user_roles (user_id, role, granted_at)"
                " VALUES (:id, :role, '2026-01-01 00:00:00.000000')"
            ),
            {"id": user_id, "role": role},
        )


def _role_rows(conn) -> set[tuple[int, str]]:
    return {tuple(row) for row in conn.execute(text("SELECT user_id, role FROM user_roles"))}


def test_the_migration_makes_every_curator_a_moderator_and_back(tmp_path: Path):
    """On a database of its own (SQLite): curators gain the role, others do not; a curator
    who already moderates keeps one row; the downgrade removes the role and its CHECK."""
    from flask_migrate import downgrade, upgrade

    app = create_app(_base_config(tmp_path, f"sqlite:///{tmp_path / 'migrations.db'}"))
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            _add_user(conn, 1, ["curator"])
            _add_user(conn, 2, ["curator", "admin"])
            _add_user(conn, 3, ["trainer"])
            _add_user(conn, 4, [])
            with pytest.raises(IntegrityError), conn.begin_nested():
                _add_user(conn, 5, ["moderator"])
        upgrade(revision=AFTER)
        with db.engine.begin() as conn:
            assert _role_rows(conn) == {
                (1, "curator"), (1, "moderator"), (2, "curator"), (2, "admin"),
                (2, "moderator"), (3, "trainer"),
            }  # fmt: skip
            granted = conn.execute(
                text("SELECT granted_at FROM user_roles WHERE role = 'moderator'")
            ).scalars()
            assert all(value for value in granted)
            _add_user(conn, 6, ["moderator"])  # the widened CHECK lets the role in
        downgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            assert _role_rows(conn) == {
                (1, "curator"),
                (2, "curator"),
                (2, "admin"),
                (3, "trainer"),
            }
            with pytest.raises(IntegrityError), conn.begin_nested():
                _add_user(conn, 7, ["moderator"])
        db.engine.dispose()
