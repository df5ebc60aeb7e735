"""Administration of people and roles: only administrators, every change checked."""

from __future__ import annotations

import re

import pytest

from learning.accounts.models import User
from learning.platform.extensions import db
from tests.conftest import sign_in_as
from tests.support.queries import count_statements

ADMIN_ROUTES = [
    ("get", "/admin/users"),
    ("get", "/admin/editions"),
    ("get", "/admin/settings"),
    ("get", "/admin/audit"),
    ("get", "/admin/storage"),
    ("get", "/admin/users/{id}"),
    ("post", "/admin/users/{id}"),
    ("post", "/admin/users/{id}/active"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("participant", 403), ("trainer", 403), ("researcher", 403), ("curator", 403)],
)
def test_only_admins(client_for, make_user, method, path, role, expected):
    target = make_user()
    client = client_for(role)
    response = getattr(client, method)(path.format(id=target.id))
    assert response.status_code == expected
    if expected == 302:
        assert "/account/sign-in" in response.headers["Location"]


def test_admin_finds_people(client_for, make_user):
    make_user("rosa@example.org", name="Rosa Álvarez", organisation="FLACSO")
    make_user("tomas@example.org", name="Tomás Pérez", roles=["trainer"])
    client = client_for("admin")
    page = client.get("/admin/users?q=flacso").get_data(as_text=True)
    assert "Rosa Álvarez" in page and "Tomás Pérez" not in page
    page = client.get("/admin/users?role=trainer").get_data(as_text=True)
    assert "Tomás Pérez" in page and "Rosa Álvarez" not in page
    # LIKE wildcards typed by a person are taken literally.
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "0 people found" in page
    assert client.get("/admin/users?page=abc").status_code == 200
    assert client.get("/admin/users?page=99999999999").status_code == 200


def test_admin_changes_roles(client_for, make_user):
    target = make_user()
    client = client_for("admin")
    response = client.post(f"/admin/users/{target.id}", data={"trainer": "y", "researcher": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, target.id).roles == {"trainer", "researcher"}
    client.post(f"/admin/users/{target.id}", data={"researcher": "y"})
    db.session.expire_all()
    assert db.session.get(User, target.id).roles == {"researcher"}


def test_admin_cannot_drop_own_admin_role_or_deactivate_self(app, make_user):
    admin = make_user(roles=["admin"])
    client = sign_in_as(app.test_client(), admin)
    client.post(f"/admin/users/{admin.id}", data={"trainer": "y"})
    client.post(f"/admin/users/{admin.id}/active")
    db.session.expire_all()
    admin = db.session.get(User, admin.id)
    assert "admin" in admin.roles and admin.active


def test_admin_deactivates_and_reactivates(client_for, make_user):
    target = make_user()
    client = client_for("admin")
    client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is False
    client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_unknown_user_is_404(client_for):
    assert client_for("admin").get("/admin/users/999999").status_code == 404


def test_user_list_does_not_grow_queries_with_rows(app, client_for, make_user):
    client = client_for("admin")
    few = count_statements(client, "/admin/users")
    for i in range(10):
        make_user(roles=["trainer"] if i % 2 else [])
    assert count_statements(client, "/admin/users") == few


def test_admin_changes_programme_settings_everywhere(client_for, outbox, client):
    admin = client_for("admin")
    response = admin.post(
        "/admin/settings",
        data={
            "programme_name": "Puente UE-Centroamérica",
            "contact_email": "equipo@puente.example",
            "funding_note_es": "Con el apoyo de la Unión Europea",
            "funding_note_en": "With the support of the European Union",
        },
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Puente UE-Centroamérica" in page and "With the support of the European Union" in page
    assert "equipo@puente.example" in page
    client.post("/account/reset", data={"email": "nobody@example.org"})
    from learning.audit.models import AuditEntry

    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert entry.action == "settings.changed"
    assert sorted(entry.details["changed"]) == [
        "contact_email",
        "funding_note_en",
        "funding_note_es",
        "programme_name",
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("programme_name", "", "Enter the programme"),
        ("contact_email", "not-an-address", "Enter a valid e-mail address"),
        ("funding_note_en", "x" * 201, "longer than 200"),
    ],
)
def test_settings_refuse_bad_input(client_for, field, value, message):
    data = {
        "programme_name": "Puente",
        "contact_email": "a@example.org",
        "funding_note_es": "Financiado por la Unión Europea",
        "funding_note_en": "Funded by the European Union",
        field: value,
    }
    response = client_for("admin").post("/admin/settings", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "participant", "trainer", "curator"])
def test_only_admins_change_settings(client_for, role):
    response = client_for(role).post("/admin/settings", data={"programme_name": "Hacked"})
    assert response.status_code == (302 if role is None else 403)


def test_deactivation_is_confirmed_on_a_page_of_its_own(client_for, make_user):
    target = make_user(name="Rosa Álvarez")
    client = client_for("admin")
    detail = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert f'href="/admin/users/{target.id}/active"' in detail
    page = client.get(f"/admin/users/{target.id}/active").get_data(as_text=True)
    assert "Deactivate the account of Rosa Álvarez?" in page
    db.session.expire_all()
    assert db.session.get(User, target.id).active  # looking at the page changed nothing
    client.post(f"/admin/users/{target.id}/active")
    db.session.expire_all()
    assert not db.session.get(User, target.id).active
    # For a deactivated account the page just leads back.
    assert client.get(f"/admin/users/{target.id}/active").status_code == 302


def test_editions_overview_counts_people_per_state(client_for, make_user):
    from learning.platform.dbtypes import utcnow
    from learning.workshops.models import Edition, Enrolment
    from tests.workshops.conftest import make_workshop

    workshop = make_workshop(make_user(roles=["trainer"]), slug="resumen")
    edition = Edition(
        workshop=workshop,
        name="Cohorte de prueba",
        starts_on=utcnow().date(),
        ends_on=utcnow().date(),
    )
    db.session.add(edition)
    db.session.flush()
    for state in ("active", "active", "waitlisted", "pending", "completed"):
        db.session.add(Enrolment(edition_id=edition.id, user_id=make_user().id, state=state))
    db.session.commit()
    page = client_for("admin").get("/admin/editions").get_data(as_text=True)
    assert "Cohorte de prueba" in page
    cells = re.findall(r'<td data-label="(Active|Waiting|Completions)">(?:<a [^>]+>)?(\d+)', page)
    assert cells == [("Active", "2"), ("Waiting", "2"), ("Completions", "1")]
