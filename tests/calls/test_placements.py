"""Placements: staff record one for each person selected in a decided call (never for anyone
else, never with dates reversed), with an agreement and milestones; the fellow sees theirs,
ticks milestones, writes the interim and final reports and links their own research outputs;
nobody else sees the placement or its files. And the decision record as a PDF, whose text
says who reviewed, the scores, the decision and its reason."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from learning.calls.models import CallPlacement
from learning.calls.services import applications, review, selection
from learning.platform.extensions import db
from learning.research.services.deposit import CreatorData, VersionData, create_output
from learning.workshops.services.common import Texts
from tests.network.talk_support import open_profile

START = date.today() + timedelta(days=60)
PDF = b"%PDF-1.4 a report"


@pytest.fixture
def decided(make_call, make_user, filled, staff):
    """A decided call: Fátima selected (reviewed by Rita, 4 of 5), Nico not selected."""
    call = make_call(places=1)
    review.add_criterion(call, {"en": Texts(title="Quality"), "es": Texts(title="Calidad")}, 1)
    fellow = make_user("fatima@fellows.example.org", name="Fátima Núñez", language="es")
    other = make_user("nico@other.example.org", name="Nico Otro")
    chosen, declined = filled(fellow, call), filled(other, call)
    applications.submit(chosen)
    applications.submit(declined)
    reviewer = make_user("rita@panel.example.net", name="Rita Revisora")
    review.add_reviewer(call, reviewer.email)
    row = review.assign(chosen, reviewer, by=staff)
    rubric = review.criteria(call)
    review.submit_review(row, rubric, review.Scoring({rubric[0].id: 4}, 3, "Sólida."))
    call.status = "reviewing"
    selection.decide(chosen, "selected", "Propuesta excelente y viable.", by=staff)
    selection.decide(declined, "declined", "Fuera del alcance.", by=staff)
    call.status = "decided"
    db.session.commit()
    return call, chosen, declined, fellow


def _form(**fields):
    return {
        "host": "Instituto de Estudios Europeos, Madrid",
        "starts_on": START.isoformat(),
        "ends_on": (START + timedelta(days=90)).isoformat(),
        "status": "planned",
        **fields,
    }


def _placement():
    db.session.expire_all()
    return db.session.scalar(select(CallPlacement))


def test_staff_record_a_placement_only_for_a_selected_person_with_sane_dates(
    decided, client_for, staff
):
    call, chosen, declined, _fellow = decided
    client = client_for(staff, "es")
    url = f"/calls/{call.id}/placements"
    page = client.get(url).get_data(as_text=True)
    assert "Fátima Núñez" in page and "Nico Otro" not in page
    # Not selected: refused, with the reason.
    response = client.post(url, data=_form(application_id=declined.id))
    assert response.status_code == 400
    assert "solo para las personas que el panel seleccionó" in response.get_data(as_text=True)
    # Dates reversed, missing, or not dates at all; no host; an unknown status.
    reversed_dates = _form(application_id=chosen.id, ends_on=(START - timedelta(days=1)))
    for bad, words in (
        (reversed_dates, "debe terminar después de empezar"),
        (_form(application_id=chosen.id, ends_on=""), "cuándo empieza y cuándo termina"),
        (_form(application_id=chosen.id, host="  "), "institución anfitriona"),
        (_form(application_id=chosen.id, status="exploded"), "Elija un estado"),
    ):
        response = client.post(url, data=bad)
        assert response.status_code == 400, bad
        assert words in response.get_data(as_text=True), words
    assert (
        client.post(url, data=_form(application_id=chosen.id, starts_on="31/02/x")).status_code
        == 400
    )
    # Another call's application is not found here.
    assert client.post(url, data=_form(application_id=999999)).status_code == 404
    assert _placement() is None
    response = client.post(url, data=_form(application_id=chosen.id))
    assert response.status_code == 303
    placement = _placement()
    assert placement.user_id == chosen.user_id and placement.host.startswith("Instituto")
    assert client.post(url, data=_form(application_id=chosen.id)).status_code == 400
    # Only staff run placements; an open call has none.
    assert client_for("participant").get(url).status_code == 403
    call.status = "open"
    db.session.commit()
    assert client.get(url).status_code == 404


@pytest.fixture
def placed(decided, client_for, staff):
    call, chosen, _declined, fellow = decided
    client = client_for(staff, "es")
    client.post(f"/calls/{call.id}/placements", data=_form(application_id=chosen.id))
    return call, _placement(), fellow, client


def test_the_fellow_follows_milestones_writes_reports_and_links_outputs(
    placed, client_for, make_user
):
    _call, placement, fellow, staff_client = placed
    url = f"/calls/placements/{placement.id}"
    # Staff: the agreement and milestones.
    response = staff_client.post(
        f"{url}/agreement", data={"agreement": (io.BytesIO(PDF), "convenio.pdf")}
    )
    assert response.status_code == 303
    response = staff_client.post(f"{url}/milestones", data={"title": "", "due_on": ""})
    assert response.status_code == 400 and "en qué consiste el hito" in response.get_data(
        as_text=True
    )
    due = (START + timedelta(days=30)).isoformat()
    assert (
        staff_client.post(
            f"{url}/milestones", data={"title": "Plan de trabajo", "due_on": due}
        ).status_code
        == 303
    )
    mine = client_for(fellow, "es")
    page = mine.get(url).get_data(as_text=True)
    assert "Su estancia" in page and "Plan de trabajo" in page and "convenio.pdf" in page
    assert "Gestionar la estancia" not in page  # staff's forms only for staff
    milestone = _placement().milestones[0]
    assert mine.post(f"{url}/milestones/{milestone.id}").status_code == 303
    assert _placement().milestones[0].done_at is not None
    # The fellow may not change the placement itself.
    assert mine.post(f"{url}/edit", data=_form()).status_code == 403
    assert mine.post(f"{url}/milestones", data={"title": "x", "due_on": due}).status_code == 403
    # Reports: text, a file, or both; empty is refused; a forbidden type too.
    assert mine.post(f"{url}/reports/interim", data={"interim-text": " "}).status_code == 400
    response = mine.post(
        f"{url}/reports/interim",
        data={"interim-text": "", "interim-report_file": (io.BytesIO(b"MZ\x90"), "x.exe")},
    )
    assert response.status_code == 400 and _placement().interim_file is None
    response = mine.post(f"{url}/reports/interim", data={"interim-text": "Avance: 50 %."})
    assert response.status_code == 303
    response = mine.post(
        f"{url}/reports/final",
        data={"final-text": "Cierre.", "final-report_file": (io.BytesIO(PDF), "final.pdf")},
    )
    assert response.status_code == 303
    placement = _placement()
    assert placement.interim_text == "Avance: 50 %." and placement.final_file.original_name == (
        "final.pdf"
    )
    assert mine.post(f"{url}/reports/other", data={}).status_code == 404
    # Outputs: one of their own, once; someone else's is refused.
    data = VersionData(
        output_type="policy_brief",
        organisation="Instituto",
        publication_date=date(2026, 1, 1),
        texts={"es": ("Nota sobre gobernanza digital", "Resumen.")},
        creators=[CreatorData(name="Fátima Núñez")],
        languages=["es"],
    )
    own = create_output(fellow, data, access="public", embargo_until=None, files=[],
                        today=date(2000, 1, 1))  # fmt: skip
    stranger = make_user(roles=["researcher"])
    theirs = create_output(stranger, data, access="public", embargo_until=None, files=[],
                           today=date(2000, 1, 1))  # fmt: skip
    db.session.commit()
    assert "Nota sobre gobernanza digital" in mine.get(url).get_data(as_text=True)
    response = mine.post(f"{url}/outputs", data={"output_id": theirs.id})
    assert response.status_code == 400 and "sus propias publicaciones" in response.get_data(
        as_text=True
    )
    assert mine.post(f"{url}/outputs", data={"output_id": "nope"}).status_code == 400
    assert mine.post(f"{url}/outputs", data={"output_id": own.id}).status_code == 303
    assert mine.post(f"{url}/outputs", data={"output_id": own.id}).status_code == 400
    assert [link.output_id for link in _placement().output_links] == [own.id]
    # Staff see the reports and the linked output.
    page = staff_client.get(url).get_data(as_text=True)
    assert "Avance: 50 %." in page and "final.pdf" in page and "Nota sobre gobernanza" in page


def _status(client, path):
    response = client.get(path)
    response.close()
    return response.status_code


def test_nobody_else_sees_a_placement_or_its_files(placed, client_for, make_user):
    _call, placement, fellow, staff_client = placed
    staff_client.post(
        f"/calls/placements/{placement.id}/agreement",
        data={"agreement": (io.BytesIO(PDF), "convenio.pdf")},
    )
    agreement = _placement().agreement
    path = f"/files/{agreement.id}/convenio.pdf"
    assert _status(client_for(fellow), path) in (200, 302)
    assert _status(staff_client, path) in (200, 302)
    stranger = client_for(make_user())
    assert _status(stranger, path) == 404
    assert _status(stranger, f"/calls/placements/{placement.id}") == 404
    assert stranger.post(f"/calls/placements/{placement.id}/reports/final",
                         data={"final-text": "x"}).status_code == 404  # fmt: skip
    assert _status(client_for(None), f"/calls/placements/{placement.id}") == 302
    # The fellow finds it from their application.
    page = client_for(fellow, "es").get(f"/calls/{_call.id}/application").get_data(as_text=True)
    assert f"/calls/placements/{placement.id}" in page


def test_alumni_are_shown_on_the_calls_page_to_signed_in_readers(decided, client_for):
    page = client_for("participant", "es").get("/calls/").get_data(as_text=True)
    assert "Personas becarias y egresadas" in page and "Fátima Núñez" in page
    assert "Nico Otro" not in page
    assert "Fátima Núñez" not in client_for(None).get("/calls/").get_data(as_text=True)


def test_alumni_show_their_exchanges_on_their_network_profile(decided, client_for):
    """Only where the reader may open the profile, to signed-in readers as on the calls page,
    and only for people who were selected."""
    call, _chosen, declined, fellow = decided
    path = f"/network/people/{fellow.id}"
    assert client_for("participant").get(path).status_code == 404  # private until opened
    open_profile(fellow, "public")
    page = client_for("participant", "es").get(path).get_data(as_text=True)
    assert "Intercambios del programa" in page and "Beca: " in page
    assert f'href="/calls/{call.id}"' in page and "Beca de periodismo" in page
    visitor = client_for(None).get(path)
    assert visitor.status_code == 200 and "Beca de periodismo" not in visitor.get_data(True)
    open_profile(declined.user, "public")
    other = client_for("participant").get(f"/network/people/{declined.user_id}").get_data(True)
    assert "Programme exchanges" not in other


def test_the_decision_record_pdf_names_reviewers_scores_decisions_and_reasons(
    decided, client_for, staff
):
    pdfium = pytest.importorskip("pypdfium2")
    call, _chosen, _declined, _fellow = decided
    response = client_for(staff, "es").get(f"/calls/{call.id}/decisions.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    document = pdfium.PdfDocument(response.data)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    text = " ".join(text.split())
    for expected in (
        "Registro de decisiones",
        "Fátima Núñez",
        "Rita Revisora",
        "4.00",
        "seleccionada",
        "Propuesta excelente y viable.",
        "Nico Otro",
        "Sin evaluación",
        "Fuera del alcance.",
        "Financiado por la Unión Europea",
    ):
        assert expected in text, expected
    english = client_for(staff, "en").get(f"/calls/{call.id}/decisions.pdf")
    document = pdfium.PdfDocument(english.data)
    assert "Decision record" in document[0].get_textpage().get_text_range()
    assert client_for("participant").get(f"/calls/{call.id}/decisions.pdf").status_code == 403
    call.status = "open"
    db.session.commit()
    assert client_for(staff).get(f"/calls/{call.id}/decisions.pdf").status_code == 404


def test_many_reviews_run_onto_more_pages(make_call, make_user, filled, staff, client_for):
    pdfium = pytest.importorskip("pypdfium2")
    call = make_call(places=40)
    for n in range(40):
        person = make_user(f"p{n}@many{n}.example.org", name=f"Persona {n}")
        applications.submit(filled(person, call))
    call.status = "reviewing"
    db.session.commit()
    response = client_for(staff).get(f"/calls/{call.id}/decisions.pdf")
    assert response.status_code == 200
    document = pdfium.PdfDocument(response.data)
    assert len(document) > 1
    last = document[len(document) - 1].get_textpage().get_text_range()
    assert "Persona" in last and f"Page {len(document)}" in last
