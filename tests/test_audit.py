"""The audit log: sensitive actions are recorded with who, what, when and from where; admins
read and filter it; nobody can change it through the app."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learning.audit import services as audit
from learning.audit.models import AuditEntry
from learning.platform.extensions import db
from tests.conftest import sign_in_as


def entries():
    db.session.expire_all()
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_role_changes_and_deactivations_are_logged(app, make_user):
    admin = make_user("boss@example.org", roles=["admin"])
    target = make_user()
    client = sign_in_as(app.test_client(), admin)
    client.post(f"/admin/users/{target.id}", data={"trainer": "y"})
    client.post(f"/admin/users/{target.id}/active")
    changed, deactivated = entries()
    assert (changed.action, changed.actor_id, changed.target_id) == (
        "user.roles_changed",
        admin.id,
        target.id,
    )
    assert changed.details == {"before": [], "after": ["trainer"]}
    assert changed.ip_address == "127.0.0.1"
    assert deactivated.action == "user.deactivated"


def test_a_rolled_back_change_leaves_no_entry(app, make_user):
    audit.record("user.deactivated", target_type="user", target_id=1)
    db.session.rollback()
    assert entries() == []


def test_unknown_actions_are_refused(app):
    with pytest.raises(ValueError):
        audit.record("user.made_up")


def test_admins_read_and_filter_the_log(app, make_user):
    admin = make_user("boss@example.org", roles=["admin"])
    other = make_user("other@example.org", roles=["admin"])
    audit.record("user.deactivated", target_type="user", target_id=5, actor_id=admin.id)
    audit.record("certificate.revoked", target_type="certificate", target_id=9, actor_id=other.id)
    db.session.commit()
    client = sign_in_as(app.test_client(), admin)

    def shown(query: str = "") -> list[str]:
        page = client.get(f"/admin/audit{query}").get_data(as_text=True)
        return re.findall(r'<td data-label="Action">([^<]+)</td>', page)

    assert shown() == ["Certificate revoked", "Account deactivated"]
    assert shown("?action=certificate.revoked") == ["Certificate revoked"]
    assert shown("?who=boss@example.org") == ["Account deactivated"]
    page = client.get("/admin/audit?since=2000-01-01&until=2000-01-02").get_data(as_text=True)
    assert "No entries match" in page
    for bad in ("action=drop+table", "since=yesterday", "until=2026-13-45"):
        assert client.get(f"/admin/audit?{bad}").status_code == 400


@pytest.mark.parametrize("role", [None, "participant", "trainer", "researcher", "curator"])
def test_only_admins_read_the_log(client_for, role):
    response = client_for(role).get("/admin/audit")
    assert response.status_code == (302 if role is None else 403)


def test_the_log_cannot_be_changed_through_the_app(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin/audit")]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in rules] == [["GET"]]


def test_revocations_exports_and_deletions_are_logged(app, make_user):
    from learning.completion.models import Certificate
    from learning.completion.services.certify import revoke
    from learning.platform.dbtypes import utcnow
    from learning.workshops.models import Edition, Enrolment
    from learning.workshops.services import lessons
    from tests.workshops.conftest import make_workshop

    admin = make_user(roles=["admin"])
    trainer = make_user(roles=["trainer"])
    learner = make_user()
    workshop = make_workshop(trainer, slug="auditoria")
    edition = Edition(
        workshop=workshop, name="E", starts_on=utcnow().date(), ends_on=utcnow().date()
    )
    db.session.add(edition)
    db.session.flush()
    enrolment = Enrolment(edition_id=edition.id, user_id=learner.id, state="completed")
    db.session.add(enrolment)
    db.session.flush()
    certificate = Certificate(enrolment_id=enrolment.id, code="c" * 22, language="es")
    db.session.add(certificate)
    db.session.commit()

    revoke(certificate, by=admin, reason="issued by mistake")
    lessons.delete_lesson(workshop.modules[0].lessons[0])
    db.session.commit()
    client = sign_in_as(app.test_client(), admin)
    with client.get(f"/editions/{edition.id}/roster.csv") as response:
        assert response.status_code == 200
    logged = [(e.action, e.target_type, e.details.get("table")) for e in entries()]
    assert logged == [
        ("certificate.revoked", "certificate", None),
        ("content.deleted", "lesson", None),
        ("export.downloaded", "edition", "roster"),
    ]
    assert entries()[0].actor_id == admin.id


def test_the_log_speaks_the_reader_s_language(client_for):
    """No internal keys on the page: what an entry is about and its details in words."""
    admin = client_for("admin", "es")
    with admin.get("/dashboard/headline.csv?publication=1") as export:
        assert export.status_code == 200
    page = admin.get("/admin/audit").get_data(True)
    row = re.search(r"<tr>\s*<td[^>]*>[^<]*</td>.*?</tr>", page, re.S).group(0)
    assert "Panel" in row or "Tablero" in row
    assert "#None" not in page and "dashboard #" not in page
    assert "Para publicación: sí" in row
    assert "publication:" not in page and "True" not in page
    english = client_for("admin").get("/admin/audit").get_data(True)
    assert "For publication: yes" in english and ">Dashboard<" in english


def test_an_exports_filters_are_named_in_words(client_for):
    """The dashboard's filters an export was made with: no query-string keys or codes."""
    admin = client_for("admin", "es")
    with admin.get("/dashboard/sector.csv?theme=democracy&gender=woman&since=2026-01-01") as export:
        assert export.status_code == 200
    page = admin.get("/admin/audit").get_data(True)
    row = re.search(r"<tr>\s*<td[^>]*>[^<]*</td>.*?</tr>", page, re.S).group(0)
    assert "Tema: Democracia" in row and "Desde: 2026-01-01" in row
    assert "theme=" not in row and "democracy" not in row and "woman" not in row
