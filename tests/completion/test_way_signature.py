"""Issue 22: who signs the certificates is a programme setting (a name, and the role line in
both languages, with configuration defaults), printed on the certificate PDF and its page."""

from __future__ import annotations

import io

import pypdf

from learning.platform.extensions import db
from tests.completion.test_certificates import _pdf, certificate  # noqa: F401

SETTINGS = {
    "programme_name": "Puente",
    "contact_email": "programme@example.org",
    "funding_note_es": "Financiado por la Unión Europea",
    "funding_note_en": "Funded by the European Union",
}


def _text(client, code_holder, language):
    data = _pdf(client, code_holder, language)
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_the_default_signature_is_the_role_alone(
    world,
    client_for,
    people,
    certificate,  # noqa: F811
):
    text = _text(client_for(people["enrolled"], "es"), certificate, "bilingual")
    assert "Coordinación del programa, Puente" in text
    assert "Programme coordinator, Puente" in text
    page = client_for(None, "en").get(f"/certificates/{certificate.code}").get_data(True)
    assert "<dt>Signed by</dt><dd>Programme coordinator</dd>" in page


def test_the_admin_sets_who_signs_in_both_languages(
    world,
    client_for,
    people,
    certificate,  # noqa: F811
):
    admin = client_for("admin")
    form = admin.get("/admin/settings").get_data(True)
    assert 'value="Coordinación del programa"' in form and 'value="Programme coordinator"' in form
    response = admin.post(
        "/admin/settings",
        data={
            **SETTINGS,
            "signatory_name": "Dra. Lucía Herrera",
            "signatory_role_es": "Directora del programa",
            "signatory_role_en": "Programme director",
        },
    )
    assert response.status_code == 302
    es = _text(client_for(people["enrolled"], "es"), certificate, "es")
    assert "Dra. Lucía Herrera" in es and "Directora del programa, Puente" in es
    assert "Programme director" not in es
    en = _text(client_for(people["enrolled"], "en"), certificate, "en")
    assert "Dra. Lucía Herrera" in en and "Programme director, Puente" in en
    page = client_for(None, "es").get(f"/certificates/{certificate.code}").get_data(True)
    assert "<dt>Firmado por</dt><dd>Dra. Lucía Herrera, Directora del programa</dd>" in page

    # An empty role keeps the one in use; a name may be taken away again.
    admin.post(
        "/admin/settings",
        data={**SETTINGS, "signatory_name": "", "signatory_role_es": "", "signatory_role_en": ""},
    )
    db.session.expire_all()
    en = _text(client_for(people["enrolled"], "en"), certificate, "en")
    assert "Dra. Lucía Herrera" not in en and "Programme director, Puente" in en


def test_a_too_long_role_is_refused_in_words(world, client_for):
    response = client_for("admin").post(
        "/admin/settings", data={**SETTINGS, "signatory_role_en": "x" * 121}
    )
    assert response.status_code == 400
    assert "Field cannot be longer than 120 characters." in response.get_data(True)
