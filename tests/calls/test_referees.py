"""Referees: the applicant names them (up to the call's number), each gets a signed link by
e-mail on submission in the language chosen for them, uploads a PDF letter without an account
(a new one replaces it until the deadline); the applicant sees only whether it arrived and gets
a 404 for the letter itself; staff and reviewers without a conflict read it; forged, altered
and expired links are refused with a clear message."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.calls.models import CallApplication, CallReferee
from learning.calls.services import applications, referees, review
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.services import upload_limit
from learning.workshops.services.common import Texts

PDF = b"%PDF-1.4 a letter of reference"


def _referee(email: str) -> CallReferee:
    db.session.expire_all()
    return db.session.scalar(select(CallReferee).where(CallReferee.email == email))


@pytest.fixture
def asked(make_call, make_user, filled, client_for, outbox):
    """A call asking for two referees; the applicant (in Spanish) names them and submits:
    (call, applicant, applicant's client, the referees' link paths by e-mail)."""
    call = make_call(referees=2)
    applicant = make_user(name="Ana Aplicante", language="es")
    filled(applicant, call)
    client = client_for(applicant, "es")
    for name, email, language in (
        ("Rosa Referente", "rosa@uni.example.edu", "es"),
        ("Ralph Referee", "ralph@think.example.eu", "en"),
    ):
        response = client.post(
            f"/calls/{call.id}/application/referees",
            data={
                "referee_name": name,
                "referee_email": email,
                "referee_relation": "Directora de tesis",
                "referee_language": language,
            },
        )
        assert response.status_code == 303
    assert outbox.to("rosa@uni.example.edu") == []  # the requests go on submission
    assert client.post(f"/calls/{call.id}/application/submit").status_code == 303
    links = {}
    for email in ("rosa@uni.example.edu", "ralph@think.example.eu"):
        [message] = outbox.to(email)
        links[email] = outbox.link(message)
    return call, applicant, client, links


def test_referees_get_a_link_in_their_language_and_upload_a_letter(asked, outbox, client_for):
    call, _applicant, client, links = asked
    [spanish] = outbox.to("rosa@uni.example.edu")
    [english] = outbox.to("ralph@think.example.eu")
    assert spanish["Subject"] == "Una carta de referencia para Ana Aplicante"
    assert english["Subject"] == "A letter of reference for Ana Aplicante"
    assert "Ana Aplicante" in outbox.body(english) and "10 MB" in outbox.body(english)
    # No account: the referee opens the link as a visitor and uploads a PDF.
    referee = client_for(None, "en")
    page = referee.get(links["ralph@think.example.eu"]).get_data(as_text=True)
    assert "Ana Aplicante has named you, Ralph Referee" in page
    response = referee.post(
        links["ralph@think.example.eu"], data={"letter": (io.BytesIO(PDF), "letter.pdf")}
    )
    assert response.status_code == 303
    row = _referee("ralph@think.example.eu")
    assert row.letter.original_name == "letter.pdf" and row.received_at is not None
    # The applicant sees "received / not yet", never the letter.
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert overview.count("carta recibida") == 1 and "carta aún no recibida" in overview
    assert "letter.pdf" not in overview and f"/files/{row.letter.id}/" not in overview
    # Uploading again replaces the letter (the old row goes).
    old_id = row.letter_file_id
    referee.post(links["ralph@think.example.eu"], data={"letter": (io.BytesIO(PDF), "v2.pdf")})
    row = _referee("ralph@think.example.eu")
    assert row.letter.original_name == "v2.pdf" and row.letter_file_id != old_id
    page = referee.get(links["ralph@think.example.eu"]).get_data(as_text=True)
    assert "We received your letter (v2.pdf)" in page


def _download(client, file_id):
    response = client.get(f"/files/{file_id}/letter.pdf")
    response.close()
    return response.status_code


def test_only_staff_and_unconflicted_reviewers_read_a_letter(asked, client_for, make_user, staff):
    call, applicant, client, links = asked
    client_for(None).post(
        links["rosa@uni.example.edu"], data={"letter": (io.BytesIO(PDF), "carta.pdf")}
    )
    letter_id = _referee("rosa@uni.example.edu").letter_file_id
    # The applicant guessing the file's address: it does not exist for them.
    assert _download(client, letter_id) == 404
    assert _download(client_for("participant"), letter_id) == 404
    assert _download(client_for(staff), letter_id) in (200, 302)
    application = db.session.scalar(
        select(CallApplication).where(CallApplication.user_id == applicant.id)
    )
    review.add_criterion(call, {"en": Texts(title="Quality")}, 1)
    fair = make_user("fair@panel.example.net", name="Fair Reviewer")
    torn = make_user("torn@other.example.net", name="Torn Reviewer")
    rows = {}
    for person in (fair, torn):
        review.add_reviewer(call, person.email)
        rows[person.id] = review.assign(application, person, by=staff)
    review.declare_conflict(rows[torn.id], "Es mi coautora.")
    db.session.commit()
    assert _download(client_for(fair), letter_id) in (200, 302)
    assert _download(client_for(torn), letter_id) == 404
    # Where they find it: the reviewer's page of the application, staff's list of applications.
    page = client_for(fair).get(f"/calls/{call.id}/reviews/{rows[fair.id].id}")
    assert f"/files/{letter_id}/" in page.get_data(as_text=True)
    assert "Letter from Rosa Referente" in page.get_data(as_text=True)
    page = client_for(staff, "es").get(f"/calls/{call.id}/applications").get_data(as_text=True)
    assert f"/files/{letter_id}/" in page and "Ralph Referee: aún no" in page


@pytest.mark.parametrize(
    "mangle",
    [
        lambda link: link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"),  # altered
        lambda link: "/calls/referees/WzEsICJhYmMiXQ.forged",  # forged
        lambda link: "/calls/referees/" + "x" * 400,  # absurdly long
    ],
)
def test_a_forged_or_altered_link_is_refused_clearly(asked, client_for, mangle):
    _call, _applicant, _client, links = asked
    visitor = client_for(None, "es")
    for method in ("get", "post"):
        response = getattr(visitor, method)(mangle(links["rosa@uni.example.edu"]))
        assert response.status_code == 404
        assert "Este enlace no es válido" in response.get_data(as_text=True)
    assert _referee("rosa@uni.example.edu").letter is None


def test_a_removed_referees_link_stops_working(asked, client_for):
    call, _applicant, client, links = asked
    row = _referee("rosa@uni.example.edu")
    response = client.post(f"/calls/{call.id}/application/referees/{row.id}/remove")
    assert response.status_code == 303
    response = client_for(None).get(links["rosa@uni.example.edu"])
    assert response.status_code == 404


def test_an_expired_link_is_refused_after_the_letters_deadline(asked, client_for):
    call, _applicant, _client, links = asked
    call.closes_at = utcnow() - referees.LETTER_MARGIN - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=30)
    db.session.commit()
    visitor = client_for(None, "en")
    response = visitor.get(links["rosa@uni.example.edu"])
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    response = visitor.post(
        links["rosa@uni.example.edu"], data={"letter": (io.BytesIO(PDF), "late.pdf")}
    )
    assert response.status_code == 410 and _referee("rosa@uni.example.edu").letter is None


def test_a_letter_of_a_forbidden_type_or_size_is_refused(asked, client_for, app_factory):
    _call, _applicant, _client, links = asked
    visitor = client_for(None, "es")
    link = links["rosa@uni.example.edu"]
    response = visitor.post(link, data={"letter": (io.BytesIO(b"PK\x03\x04 word"), "carta.docx")})
    assert response.status_code == 400
    assert "Suba su carta como archivo PDF" in response.get_data(as_text=True)
    fake = b"<html><script>alert(1)</script></html>"
    response = visitor.post(link, data={"letter": (io.BytesIO(fake), "carta.pdf")})
    assert response.status_code == 400
    response = visitor.post(link, data={})
    assert response.status_code == 400
    assert _referee("rosa@uni.example.edu").letter is None
    # Letters stop at 10 MB; shown with a limit of 1 KB (a large body would be slow to post).
    assert upload_limit(referees.LETTER_KIND) == 10 * 1024 * 1024
    small = app_factory(UPLOAD_LIMITS={referees.LETTER_KIND: 1024})
    client = small.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    big = io.BytesIO(b"%PDF-1.4 " + b"0" * 2048)
    response = client.post(link, data={"letter": (big, "grande.pdf")})
    assert response.status_code == 413
    assert _referee("rosa@uni.example.edu").letter is None


def test_naming_referees_checks_the_answers_and_the_number(
    make_call, make_user, filled, client_for
):
    call = make_call(referees=1)
    applicant = make_user("me@mine.example.org", language="es")
    filled(applicant, call)
    client = client_for(applicant, "es")
    url = f"/calls/{call.id}/application/referees"
    overview = client.get(f"/calls/{call.id}/application").get_data(as_text=True)
    assert "Los nombres de sus referencias" in overview  # on the checklist
    assert client.post(f"/calls/{call.id}/application/submit").status_code == 400
    bad = {"referee_name": "X", "referee_email": "not-an-address", "referee_language": "es"}
    response = client.post(url, data=bad)
    assert response.status_code == 400 and "correo electrónico de la referencia" in (
        response.get_data(as_text=True)
    )
    mine = {**bad, "referee_email": "ME@mine.example.org"}
    assert client.post(url, data=mine).status_code == 400
    good = {**bad, "referee_email": "ref@example.edu"}
    assert client.post(url, data={**good, "referee_language": "fr"}).status_code == 400
    assert client.post(url, data=good).status_code == 303
    response = client.post(url, data={**good, "referee_email": "other@example.edu"})
    assert response.status_code == 400 and "1 referencia" in response.get_data(as_text=True)
    # Another applicant cannot touch this referee.
    row = _referee("ref@example.edu")
    other = make_user("other@else.example.org")
    filled(other, call)
    response = client_for(other).post(f"/calls/{call.id}/application/referees/{row.id}/remove")
    assert response.status_code == 404
    # A call that asks for none takes none.
    plain = make_call()
    filled(applicant, plain)
    response = client.post(f"/calls/{plain.id}/application/referees", data=good)
    assert response.status_code == 400


def test_referees_named_after_submitting_are_asked_at_once(
    make_call, make_user, filled, client_for, outbox
):
    call = make_call(referees=1)
    applicant = make_user()
    application = filled(applicant, call)
    call.referees = 0
    applications.submit(application)
    call.referees = 1
    db.session.commit()
    client = client_for(applicant)
    response = client.post(
        f"/calls/{call.id}/application/referees",
        data={
            "referee_name": "Late",
            "referee_email": "late@example.edu",
            "referee_language": "en",
        },
    )
    assert response.status_code == 303
    assert len(outbox.to("late@example.edu")) == 1
    row = _referee("late@example.edu")
    response = client.post(f"/calls/{call.id}/application/referees/{row.id}/send")
    assert response.status_code == 303 and len(outbox.to("late@example.edu")) == 2
