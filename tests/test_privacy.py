"""Personal data: a person downloads everything we hold about them, and deleting the account
leaves their name and e-mail nowhere in the database while the programme's counts stay."""

from __future__ import annotations

import io
import json

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.accounts.privacy import holds_text
from learning.audit.models import AuditEntry
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD, sign_in_as

PDF = b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"


def _person_with_a_trail(make_user):
    """Someone with an upload, an audit entry and a free-text mention of their name."""
    from learning.audit import services as audit
    from learning.storage import services as storage

    person = make_user(
        "valeria.quispe@example.org",
        name="Valeria Quispe",
        organisation="Observatorio Ciudadano",
        country="GT",
        sector="civil-society",
        gender="woman",
        roles=["researcher"],
    )
    storage.store_upload(
        io.BytesIO(PDF), "Informe de Valeria Quispe.pdf", kind="probe", uploader_id=person.id
    )
    audit.record("user.roles_changed", target_type="user", target_id=person.id, actor_id=person.id)
    # Traces in later features: an enrolment with a survey comment, an invitation by e-mail.
    from learning.completion.models import SurveyResponse
    from learning.enrolment.models import EnrolmentInvitation
    from learning.workshops.models import Edition, Enrolment
    from tests.workshops.conftest import make_workshop

    trainer = make_user(roles=["trainer"])
    workshop = make_workshop(trainer, slug="privacidad")
    edition = Edition(
        workshop=workshop, name="E1", starts_on=utcnow().date(), ends_on=utcnow().date()
    )
    db.session.add(edition)
    db.session.flush()
    enrolment = Enrolment(edition_id=edition.id, user_id=person.id, state="completed")
    db.session.add(enrolment)
    db.session.flush()
    db.session.add_all(
        [
            SurveyResponse(
                enrolment_id=enrolment.id, rating=5, comment="Soy Valeria Quispe, gracias"
            ),
            EnrolmentInvitation(
                edition_id=edition.id, email="valeria.quispe@example.org", name="Valeria Quispe"
            ),
        ]
    )
    db.session.commit()
    return person


def test_download_my_data(client, make_user):
    person = _person_with_a_trail(make_user)
    sign_in_as(client, person)
    page = client.get("/account/data")
    assert page.status_code == 200 and "Download my data" in page.get_data(as_text=True)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    assert data["account"]["email"] == "valeria.quispe@example.org"
    assert data["account"]["organisation"] == "Observatorio Ciudadano"
    assert "password_hash" not in data["account"] and "auth_token" not in data["account"]
    assert data["roles"] == ["researcher"]
    names = [row["original_name"] for row in data["records"]["stored_files"]]
    assert names == ["Informe de Valeria Quispe.pdf"]
    # The download itself is in the audit log.
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "user.data_exported" in actions


def test_personal_data_pages_need_sign_in(client):
    for path in ("/account/data", "/account/data.json", "/account/delete"):
        response = client.get(path)
        assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_delete_account_leaves_no_name_or_email_and_keeps_counts(client, make_user):
    person = _person_with_a_trail(make_user)
    make_user("other@example.org", country="GT", sector="civil-society", gender="woman")

    def counts():
        return db.session.execute(
            select(User.country, User.sector, User.gender, func.count(User.id))
            .group_by(User.country, User.sector, User.gender)
            .order_by(User.country, User.sector, User.gender)
        ).all()

    from learning.workshops.models import Enrolment

    before = counts()
    enrolments_before = db.session.scalar(select(func.count(Enrolment.id)))
    assert holds_text("valeria.quispe@example.org") and holds_text("Valeria Quispe")
    sign_in_as(client, person)
    wrong = client.post("/account/delete", data={"password": "nope", "confirm": "y"})
    assert wrong.status_code == 400 and "The password is not right" in wrong.get_data(True)
    unticked = client.post("/account/delete", data={"password": TEST_PASSWORD})
    assert unticked.status_code == 400 and "Tick the box" in unticked.get_data(True)

    response = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert holds_text("valeria.quispe@example.org") == []
    assert holds_text("Valeria Quispe") == []
    assert holds_text("Observatorio Ciudadano") == []
    assert counts() == before
    assert db.session.scalar(select(func.count(Enrolment.id))) == enrolments_before
    assert db.session.scalars(
        select(AuditEntry.ip_address).where(AuditEntry.actor_id == person.id)
    ).all() == [None]
    # Signed out, and the old credentials open nothing.
    assert client.get("/account/profile").status_code == 302
    again = client.post(
        "/account/sign-in",
        data={"email": "valeria.quispe@example.org", "password": TEST_PASSWORD},
    )
    assert again.status_code == 400


def test_the_last_administrator_cannot_delete_the_account(client, make_user):
    admin = make_user(roles=["admin"])
    sign_in_as(client, admin)
    response = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert response.status_code == 400
    assert "only administrator" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active
