"""The certificate PDF opens, holds the name and code as text, and its QR code decodes to the
verification URL; the Open Badges documents are well formed and hash the recipient."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

from learning.completion.services.certify import certificate_for, revoke
from learning.completion.services.common import CompletionError
from learning.platform.extensions import db
from tests.completion.test_engine import _do_lessons

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def certificate(world):
    _do_lessons(world, world.enrolment())
    db.session.commit()
    return certificate_for(world.enrolment())


def _pdf(client, certificate, language):
    with client.get(f"/certificates/{certificate.code}/certificate.pdf?language={language}") as r:
        assert r.status_code == 200, r.get_data(as_text=True)[:500]
        assert r.headers["Content-Disposition"].startswith("attachment")
        return r.data


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("es", ["Certificado de finalización", "Se certifica que", "Periodismo de datos"], "This"),
        ("en", ["Certificate of completion", "This certifies that", "Data journalism"], "Se "),
        (
            "bilingual",
            ["Certificado de finalización", "Certificate of completion", "Data journalism"],
            None,
        ),
    ],
)
def test_pdf_holds_name_code_and_texts_as_text(
    world, client_for, people, certificate, language, expected, absent
):
    data = _pdf(client_for(people["enrolled"], "es"), certificate, language)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Elena Núñez" in text
    assert certificate.code in text
    assert "Tomás Facilitador" in text
    for words in expected:
        assert words in text
    if absent:
        assert absent not in text


@pytest.mark.parametrize(
    ("language", "funded", "signatory"),
    [
        ("es", ["Financiado por la Unión Europea"], ["Coordinación del programa, Puente"]),
        ("en", ["Funded by the European Union"], ["Programme coordinator, Puente"]),
        (
            "bilingual",
            ["Financiado por la Unión Europea", "Funded by the European Union"],
            ["Coordinación del programa, Puente", "Programme coordinator, Puente"],
        ),
    ],
)
def test_pdf_carries_the_eu_funding_statement_and_the_signature_line(
    world, client_for, people, certificate, language, funded, signatory
):
    data = _pdf(client_for(people["enrolled"], "es"), certificate, language)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    text = page.extract_text()
    for words in [*funded, *signatory]:
        assert words in text
    edition = certificate.enrolment.edition
    assert edition.name in text
    # The emblem: a rectangle in the EU's blue and twelve gold five-pointed stars, as vectors.
    content = page.get_contents().get_data().decode("latin-1")
    blue, gold = "0 .2 .6 rg", "1 .8 0 rg"
    assert blue in content and gold in content
    stars = content.split(gold, 1)[1].split(" rg", 1)[0]
    assert len(re.findall(r" m(?: [\d.]+ [\d.]+ l){9} h", stars)) == 12


def test_pdf_dates_agree_with_the_edition(world, client_for, people, certificate):
    edition = certificate.enrolment.edition
    data = _pdf(client_for(people["enrolled"], "es"), certificate, "en")
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    starts = f"{edition.starts_on:%B} {edition.starts_on.day}, {edition.starts_on.year}"
    ends = f"{edition.ends_on:%B} {edition.ends_on.day}, {edition.ends_on.year}"
    assert f"Edition {edition.name}, from {starts} to {ends}" in text


def test_qr_code_decodes_to_the_verification_url(world, client_for, people, certificate):
    zxingcpp = pytest.importorskip("zxingcpp")
    pdfium = pytest.importorskip("pypdfium2")
    data = _pdf(client_for(people["enrolled"]), certificate, "es")
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert [b.text for b in found] == [f"http://puente.test/certificates/{certificate.code}"]


def test_revoked_certificate_pdf_is_gone_and_badge_says_revoked(
    world, client_for, people, certificate
):
    revoke(certificate, by=world.users["admin"], reason="Error")
    db.session.commit()
    with client_for(people["enrolled"]).get(
        f"/certificates/{certificate.code}/certificate.pdf"
    ) as r:
        assert r.status_code == 410
    with pytest.raises(CompletionError, match="already_revoked"):
        revoke(certificate, by=world.users["admin"], reason="Again")


def test_bad_language_is_a_400(world, client_for, people, certificate):
    with client_for(people["enrolled"]).get(
        f"/certificates/{certificate.code}/certificate.pdf?language=fr"
    ) as r:
        assert r.status_code == 400


def test_open_badges_documents(world, client, certificate):
    assertion = client.get(f"/certificates/{certificate.code}/badge.json").json
    assert assertion["type"] == "Assertion"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["id"].endswith(f"/certificates/{certificate.code}/badge.json")
    recipient = assertion["recipient"]
    assert recipient["hashed"] is True and recipient["type"] == "email"
    email = world.users["enrolled"].email
    digest = hashlib.sha256((email + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${digest}"
    assert email not in str(assertion)
    badge = client.get(assertion["badge"].replace("http://puente.test", "")).json
    assert badge["type"] == "BadgeClass" and badge["name"] == "Data journalism"
    issuer = client.get(badge["issuer"].replace("http://puente.test", "")).json
    assert issuer["type"] == "Issuer" and issuer["id"] == badge["issuer"]
