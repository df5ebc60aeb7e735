"""Organisations: staff create, edit and verify them; members propose one and ask to join
(staff or the organisation's admins confirm); the page shows only the people the reader may
see, their research and participation; the logo goes through storage, a forbidden type is
refused; bad input is answered in the reader's language with nothing half-written."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.network.models import Organisation, OrganisationMember
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from tests.network.conftest import add_member, with_profile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def org_form(**fields):
    form = {
        "kind": "media",
        "name": "Radio Progreso",
        "acronym": "RP",
        "country": "HN",
        "city": "El Progreso",
        "website": "https://radioprogreso.example.org",
        "description_es": "Radio comunitaria hondureña.",
        "description_en": "",
        "themes": ["democracy", "digital"],
    }
    form.update(fields)
    return form


def test_staff_create_an_active_organisation_and_verify_it(client_for):
    staff = client_for("curator")
    answer = staff.post("/network/organisations/new", data=org_form())
    assert answer.status_code == 303
    org = db.session.scalar(select(Organisation))
    assert (org.status, org.verified, org.themes) == ("active", False, ["democracy", "digital"])
    page = client_for(None, "en").get(f"/network/organisations/{org.id}")
    assert page.status_code == 200 and "Radio Progreso (RP)" in page.text
    # Only Spanish was written: English readers see it with the language marked.
    assert 'lang="es"' in page.text and "Only available in Spanish" in page.text
    assert ">Verified<" not in page.text
    assert (
        staff.post(f"/network/organisations/{org.id}/verify", data={"verified": "1"}).status_code
        == 303
    )
    assert "Verified" in client_for(None).get(f"/network/organisations/{org.id}").text
    # A member who is not staff cannot verify.
    assert (
        client_for("participant")
        .post(f"/network/organisations/{org.id}/verify", data={"verified": "0"})
        .status_code
        == 403
    )
    db.session.refresh(org)
    assert org.verified
    [entry] = db.session.scalars(select(AuditEntry)).all()  # the refused attempt is not logged
    assert (entry.action, entry.target_id, entry.details) == (
        "network.organisation_verified", org.id, {"verified": True},
    )  # fmt: skip


def test_a_member_proposes_an_organisation_that_staff_accept(client_for, make_user):
    maria = make_user(name="María Propone")
    mine = client_for(maria)
    assert (
        mine.post("/network/organisations/new", data=org_form(name="Cristosal")).status_code == 303
    )
    org = db.session.scalar(select(Organisation))
    assert org.status == "proposed"
    # A proposal is seen by its proposer and staff only.
    assert mine.get(f"/network/organisations/{org.id}").status_code == 200
    assert client_for(None).get(f"/network/organisations/{org.id}").status_code == 404
    assert client_for("participant").get(f"/network/organisations/{org.id}").status_code == 404
    assert "Cristosal" not in client_for(None).get("/network/organisations/").text
    staff = client_for("curator")
    assert "Cristosal" in staff.get("/network/organisations/").text  # waiting for review
    assert staff.post(f"/network/organisations/{org.id}/accept").status_code == 303
    db.session.refresh(org)
    [member] = db.session.scalars(select(OrganisationMember)).all()
    assert org.status == "active" and member.state == "confirmed" and member.is_admin
    assert "Cristosal" in client_for(None).get("/network/organisations/").text


def test_joining_is_confirmed_by_an_organisation_admin(client_for, make_org, make_user):
    org = make_org()
    admin = make_user(name="Adela Admin")
    add_member(org, admin, "Directora", admin=True)
    nico = make_user(name="Nico Nuevo")
    answer = client_for(nico).post(
        f"/network/organisations/{org.id}/join", data={"role": "Investigador"}
    )
    assert answer.status_code == 303
    member = db.session.scalar(
        select(OrganisationMember).where(OrganisationMember.user_id == nico.id)
    )
    assert member.state == "pending"
    # Asking twice is refused with a message, in Spanish too.
    again = client_for(nico, "es").post(
        f"/network/organisations/{org.id}/join", data={"role": "Investigador"}
    )
    assert again.status_code == 400 and "ya es miembro" in again.text
    # Someone else (not an admin) cannot confirm.
    outsider = client_for("participant")
    path = f"/network/organisations/{org.id}/members/{member.id}"
    assert outsider.post(path, data={"action": "confirm"}).status_code == 403
    assert client_for(admin).post(path, data={"action": "confirm"}).status_code == 303
    db.session.refresh(member)
    assert member.state == "confirmed"
    # A member id of another organisation is not found here.
    other = make_org(name="Otra")
    assert client_for(admin).post(
        f"/network/organisations/{other.id}/members/{member.id}", data={"action": "remove"}
    ).status_code in (403, 404)


def test_the_page_shows_only_people_the_reader_may_see(
    client_for, make_org, make_user, make_output
):
    org = make_org()
    public = make_user(name="Pía Pública")
    with_profile(public, visibility="public", headline_visibility="public")
    network = make_user(name="Nora Red")
    with_profile(network, visibility="network")
    private = make_user(name="Pablo Privado")
    with_profile(private, visibility="private")
    for person in (public, network, private):
        add_member(org, person)
    make_output(owner=private, title_es="Informe secreto de Pablo")
    make_output(owner=public, title_es="Informe de Pía")
    visitor = client_for(None).get(f"/network/organisations/{org.id}").text
    assert "Pía Pública" in visitor and "Nora Red" not in visitor and "Pablo Privado" not in visitor
    assert "Informe de Pía" in visitor and "Informe secreto de Pablo" not in visitor
    assert "2 more members keep their profiles private" in visitor
    member = client_for("participant").get(f"/network/organisations/{org.id}").text
    assert "Nora Red" in member and "Pablo Privado" not in member
    staff = client_for("curator").get(f"/network/organisations/{org.id}").text
    assert "Pablo Privado" in staff and "Informe secreto de Pablo" in staff


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("kind", "cult", "type of organisation"),
        ("name", "", "Write the organisation"),
        ("country", "ZZ", "country from the list"),
        ("website", "javascript:alert(1)", "full link"),
        ("themes", ["astrology"], "themes from the list"),
        ("acronym", "A" * 40, "too long"),
    ],
)
def test_bad_organisation_input_is_refused(client_for, field, value, words):
    answer = client_for("curator").post(
        "/network/organisations/new", data=org_form(**{field: value})
    )
    assert answer.status_code == 400
    assert words in answer.text
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_the_logo_is_stored_and_a_forbidden_type_is_refused(client_for):
    staff = client_for("curator")
    bad = {**org_form(), "logo": (io.BytesIO(b"<svg onload='alert(1)'/>"), "logo.svg")}
    answer = staff.post("/network/organisations/new", data=bad, content_type="multipart/form-data")
    assert answer.status_code == 400 and "not accepted" in answer.text
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
    good = {**org_form(), "logo": (io.BytesIO(PNG), "logo.png")}
    assert (
        staff.post(
            "/network/organisations/new", data=good, content_type="multipart/form-data"
        ).status_code
        == 303
    )
    org = db.session.scalar(select(Organisation))
    assert org.logo.kind == "network-logo" and org.logo.is_available
    link = f"/files/{org.logo.id}/logo.png"
    assert link in client_for(None).get(f"/network/organisations/{org.id}").text
    with client_for(None).get(link) as shown:
        assert shown.status_code in (200, 302)


def test_xss_in_organisation_fields_is_inert(client_for):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    staff = client_for("curator")
    form = org_form(name=payload[:200], acronym="X", city=payload[:120], description_es=payload)
    assert staff.post("/network/organisations/new", data=form).status_code == 303
    org = db.session.scalar(select(Organisation))
    for path in (f"/network/organisations/{org.id}", "/network/organisations/"):
        text = client_for(None).get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text


def test_only_admins_and_staff_edit_an_organisation(client_for, make_org, make_user):
    org = make_org()
    path = f"/network/organisations/{org.id}/edit"
    assert client_for("participant").post(path, data=org_form(name="Robada")).status_code == 403
    admin = make_user()
    add_member(org, admin, admin=True)
    assert client_for(admin).post(path, data=org_form(name="Nuevo nombre")).status_code == 303
    db.session.refresh(org)
    assert org.name == "Nuevo nombre"


def test_members_leave_and_bad_decisions_are_refused(client_for, make_org, make_user):
    org = make_org()
    admin, lena = make_user(), make_user(name="Lena Sale")
    add_member(org, admin, admin=True)
    mine = add_member(org, lena).id
    path = f"/network/organisations/{org.id}/members/{mine}"
    assert client_for(admin).post(path, data={"action": "promote-me"}).status_code == 400
    assert client_for(lena).post(path, data={"action": "admin"}).status_code == 403
    pending = make_user()
    asked = client_for(pending).post(f"/network/organisations/{org.id}/join", data={"role": "R"})
    assert asked.status_code == 303
    request_id = db.session.scalar(
        select(OrganisationMember.id).where(OrganisationMember.user_id == pending.id)
    )
    refused = client_for(admin, "es").post(
        f"/network/organisations/{org.id}/members/{request_id}", data={"action": "admin"}
    )
    assert refused.status_code == 400 and "Solo los miembros confirmados" in refused.text
    too_long = client_for(make_user()).post(
        f"/network/organisations/{org.id}/join", data={"role": "x" * 121}
    )
    assert too_long.status_code == 400 and "at most 120 characters" in too_long.text
    # A member leaves on their own.
    assert client_for(lena).post(path, data={"action": "remove"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(OrganisationMember, mine) is None
