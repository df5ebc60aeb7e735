"""NUL and other control characters in what people post: never a server error.

PostgreSQL refuses a NUL byte in text (SQLite stores it), so every form that writes text is
tried here with one. Free text is kept without the invisible characters (line breaks and tabs
stay in multi-line fields); an e-mail address or a workshop address holding one fails its
usual check with its usual message. Runs on both databases (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from learning.accounts.models import User
from learning.completion.models import QuizQuestion, SurveyResponse
from learning.completion.services.certify import certificate_for
from learning.completion.services.engine import rule_for
from learning.completion.services.quizzes import attempts, questions, settings_for
from learning.enrolment.models import EditionSession, EnrolmentImport, EnrolmentInvitation
from learning.enrolment.services import editions as enrolment
from learning.language.text import plain_text
from learning.platform import settings
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.storage.models import StoredFile
from learning.web.csvutil import read_table
from learning.workshops.models import Edition, Enrolment, Material, Workshop
from tests.completion import conftest as completion_fixtures
from tests.completion.conftest import add_question
from tests.completion.test_engine import _do_lessons
from tests.conftest import sign_in_as
from tests.enrolment.conftest import edition_form
from tests.enrolment.test_enrolment import _client
from tests.research.conftest import pdf_upload
from tests.workshops.conftest import PDF
from tests.workshops.test_authoring import _form as workshop_form

# What a bad paste or a hostile client sends: NUL, a bell, an escape, DEL, a C1 control.
JUNK = "\x00\x07\x1b\x7f\x85"


def dirty(text: str) -> str:
    """``text`` with the junk between its first word and the rest."""
    first, _space, rest = text.partition(" ")
    return f"{first}{JUNK}{rest}" if rest else f"{text}{JUNK}"


def assert_clean(value: str | None, words: str, *, multiline: bool = False) -> None:
    """``value`` has ``words`` in order and no control character (tab and line breaks
    allowed when ``multiline``)."""
    assert value is not None
    kept = "\t\n\r" if multiline else ""
    assert not [c for c in value if unicodedata.category(c) == "Cc" and c not in kept], value
    assert " ".join(value.split()) == words, value


@pytest.fixture
def people(app, make_user) -> dict[str, Any]:
    """One person of each kind; the completion ``world`` below is built on them."""
    return {
        "participant": make_user(name="Pablo Participante"),
        "enrolled": make_user(name="Elena Núñez"),
        "trainer": make_user(roles=["trainer"], name="Tomás Facilitador"),
        "admin": make_user(roles=["admin"], name="Ada Admin"),
        "researcher": make_user(roles=["researcher"], name="Rosa Quesada"),
        "curator": make_user(roles=["curator"], name="Carmen Curadora"),
    }


# The completion fixture (a published workshop "datos" with every kind of lesson, one edition
# and an enrolled participant), here built on this module's ``people``.
world = completion_fixtures.world


def _fresh(model: Any, **where: Any) -> Any:
    db.session.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalars(query).one()


def test_plain_text_makes_each_run_of_controls_one_space():
    assert plain_text("Ana\x00María") == "Ana María"
    assert plain_text("Ana \x00\x1b\x85 María\x7f") == "Ana María "
    assert plain_text("uno\tdos\r\ntres") == "uno dos tres"
    assert plain_text("uno\tdos\r\ntres\x0bcuatro", multiline=True) == "uno\tdos\r\ntres cuatro"
    assert plain_text("ana\x00@example.org") == "ana @example.org"  # not another address
    assert plain_text("Política, café ‽ 🙂") == "Política, café ‽ 🙂"


def test_every_form_shares_the_base_that_cleans_text():
    """A form made on FlaskForm directly would skip the cleaning: every form of the app is a
    ``learning.web.forms.Form``."""
    from flask_wtf import FlaskForm

    import learning.accounts.forms
    import learning.admin.forms
    import learning.completion.forms
    import learning.enrolment.forms
    import learning.research.forms
    import learning.workshops.forms  # noqa: F401
    from learning.web.forms import Form

    def every(cls: type) -> list[type]:
        return [cls, *(c for sub in cls.__subclasses__() for c in every(sub))]

    ours = [c for c in every(FlaskForm) if c.__module__.startswith("learning.")]
    assert len(ours) > 30
    assert [c for c in ours if not issubclass(c, Form)] == []


# Accounts ------------------------------------------------------------------------------------


def test_register_keeps_the_name_without_control_characters(client):
    response = client.post(
        "/account/register",
        data={
            "email": "ana@example.org",
            "name": dirty("Ana María"),
            "organisation": dirty("Radio Comunitaria"),
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
            "country": "MX",
            "sector": "media",
            "preferred_language": "es",
        },
    )
    assert response.status_code == 200, response.text[:2000]
    user = _fresh(User, email="ana@example.org")
    assert_clean(user.name, "Ana María")
    assert_clean(user.organisation, "Radio Comunitaria")


@pytest.mark.parametrize(
    "language, text", [("en", "valid e-mail"), ("es", "dirección de correo válida")]
)
def test_an_email_with_a_nul_fails_its_usual_check(client, make_user, language, text):
    make_user(email="ana@example.org")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    bad = "ana\x00@example.org"
    for path, data in (
        (
            "/account/register",
            {"email": bad, "name": "Ana", "password": "x" * 12, "password_again": "x" * 12},
        ),
        ("/account/sign-in", {"email": bad, "password": "whatever"}),
        ("/account/reset", {"email": bad}),
        ("/account/confirm", {"email": bad}),
    ):
        response = client.post(path, data=data)
        assert response.status_code == 400, path
        assert text in response.text, path
    assert len(db.session.scalars(select(User)).all()) == 1


def test_profile_is_saved_without_control_characters(client, make_user):
    user = make_user(name="Before")
    data = {
        "name": dirty("Ana María"),
        "organisation": "Radio\x00",
        "country": "MX",
        "sector": "media",
        "preferred_language": "en",
        "timezone": "America/Mexico_City\x00",
    }
    # A time zone with junk is not one of the list: refused, nothing saved.
    assert sign_in_as(client, user).post("/account/profile", data=data).status_code == 400
    assert _fresh(User, id=user.id).name == "Before"
    data["timezone"] = "America/Mexico_City"
    assert client.post("/account/profile", data=data).status_code == 302
    user = _fresh(User, id=user.id)
    assert_clean(user.name, "Ana María")
    assert_clean(user.organisation, "Radio")


@pytest.mark.parametrize("body", [{"name": 123, "organisation": ["x"]}, [1, 2], 5, "Ana"])
def test_a_json_body_is_not_a_form(client, make_user, body):
    """A hostile client posting JSON (numbers, lists, a bare value) where a form is expected
    gets the form's usual refusal, not a server error, and nothing is saved."""
    user = make_user(name="Before")
    visitor = client.application.test_client()
    for browser, path in (
        (visitor, "/account/register"),
        (sign_in_as(client, user), "/account/profile"),
    ):
        response = browser.post(path, json=body)
        assert response.status_code < 500, path  # refused, or nothing but the old values
    assert _fresh(User, id=user.id).name == "Before"
    assert len(db.session.scalars(select(User)).all()) == 1


# Workshops -----------------------------------------------------------------------------------


def _workshop_form(trainer: Any, **over: Any) -> dict[str, Any]:
    texts = {
        "title_es": dirty("Periodismo de datos"),
        "summary_es": dirty("Investigue con datos."),
        "description_es": "Un taller\x00 **práctico**.\r\n\r\n- uno\tdos\x0b",
        "title_en": dirty("Data journalism"),
        "summary_en": "",
        "slug": "",
    }
    return workshop_form(trainer, **{**texts, **over})


def test_workshop_texts_are_saved_without_control_characters(app, people):
    trainer = _client(app, people["trainer"])
    response = trainer.post("/workshops/new", data=_workshop_form(people["trainer"]))
    assert response.status_code == 303, response.text[:2000]
    workshop = _fresh(Workshop, slug="periodismo-de-datos")
    texts = {t.language: t for t in workshop.translations}
    assert_clean(texts["es"].title, "Periodismo de datos")
    assert_clean(texts["es"].summary, "Investigue con datos.")
    assert_clean(texts["es"].description, "Un taller **práctico**. - uno dos", multiline=True)
    assert "\n\n- uno\tdos" in texts["es"].description.replace("\r\n", "\n")
    assert_clean(texts["en"].title, "Data journalism")
    assert "\x00" not in workshop.search_text


def test_a_workshop_address_with_a_nul_fails_its_usual_check(app, people):
    trainer = _client(app, people["trainer"])
    response = trainer.post(
        "/workshops/new", data=_workshop_form(people["trainer"], slug="datos\x00abiertos")
    )
    assert response.status_code == 400
    assert "lower-case letters, numbers and single hyphens" in response.text
    assert db.session.scalars(select(Workshop)).all() == []


def test_module_lesson_and_material_texts_and_file_names(app, world):
    trainer = _client(app, world.users["trainer"])
    workshop = world.workshop
    response = trainer.post(
        "/workshops/datos/modules/new",
        data={"title_es": dirty("Fuentes abiertas"), "summary_es": "Dónde\x00 buscar"},
    )
    assert response.status_code == 303, response.text[:2000]
    module = _fresh(Workshop, id=workshop.id).modules[-1]
    assert_clean(module.translations[0].title, "Fuentes abiertas")
    assert_clean(module.translations[0].summary, "Dónde buscar", multiline=True)

    response = trainer.post(
        f"/workshops/datos/modules/{module.id}/lessons/new?kind=text",
        data={
            "title_es": dirty("Primera lección"),
            "body_es": "Texto\x00 con\nvarias\x1b líneas",
            "estimated_minutes": "15",
            "required": "y",
            "module": str(module.id),
            "timezone": "America/Mexico_City",
        },
    )
    assert response.status_code == 303, response.text[:2000]
    lesson = _fresh(Workshop, id=workshop.id).modules[-1].lessons[0]
    text = lesson.translations[0]
    assert_clean(text.title, "Primera lección")
    assert_clean(text.body, "Texto con varias líneas", multiline=True)
    assert "\n" in text.body

    response = trainer.post(
        "/workshops/datos/materials",
        data={
            "file": (io.BytesIO(PDF), "guía\x00\x1b.pdf"),
            "title": dirty("Guía de fuentes"),
            "language": "es",
            "description": "Para\x00 empezar",
            "attach_to": "workshop",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text[:2000]
    # Without a title, the material is named after its file, cleaned as the file name is.
    response = trainer.post(
        "/workshops/datos/materials",
        data={"file": (io.BytesIO(PDF), "notas\x00 de\x07campo.pdf"), "language": "es"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.text[:2000]
    db.session.expire_all()
    query = select(Material).where(Material.workshop_id == workshop.id).order_by(Material.id)
    first, second = db.session.scalars(query).all()[-2:]
    assert_clean(first.title, "Guía de fuentes")
    assert_clean(first.description, "Para empezar", multiline=True)
    assert_clean(second.title, "notas decampo")
    query = select(StoredFile.original_name).where(StoredFile.kind == "material")
    assert {"guía.pdf", "notas decampo.pdf"} <= set(db.session.scalars(query))


# Enrolment -----------------------------------------------------------------------------------


def test_edition_and_session_texts_are_saved_without_control_characters(app, world):
    from tests.enrolment.conftest import live_lesson

    live = live_lesson(world.workshop)
    db.session.commit()
    trainer = _client(app, world.users["trainer"])
    response = trainer.post(
        "/workshops/datos/editions/new",
        data=edition_form(
            name=dirty("Cohorte de marzo"), country="GT", place=dirty("Ciudad de Guatemala")
        ),
    )
    assert response.status_code == 303, response.text[:2000]
    edition = _fresh(Edition, workshop_id=world.workshop.id, country="GT")
    assert_clean(edition.name, "Cohorte de marzo")
    assert_clean(edition.place, "Ciudad de Guatemala")

    today = date.today()
    start = (today + timedelta(days=10)).isoformat()
    response = trainer.post(
        f"/editions/{edition.id}/sessions/{live.id}",
        data={
            "starts_at": f"{start}T10:00",
            "ends_at": f"{start}T12:00",
            "place": dirty("Sala grande"),
            "meeting_url": "",
        },
    )
    assert response.status_code == 303, response.text[:2000]
    session = _fresh(EditionSession, edition_id=edition.id, lesson_id=live.id)
    assert_clean(session.place, "Sala grande")


def test_a_decision_note_is_kept_without_control_characters(app, world, make_user, outbox):
    edition = enrolment.save_edition(
        world.workshop,
        None,
        enrolment.EditionData(
            name="Con aprobación",
            starts_on=date.today() + timedelta(days=7),
            ends_on=date.today() + timedelta(days=30),
            timezone="America/Mexico_City",
            mode="approval",
        ),
    )[0]
    db.session.commit()
    asker = make_user(name="Pedro Pide")
    assert _client(app, asker).post(f"/editions/{edition.id}/enrol").status_code == 303
    pending = _fresh(Enrolment, edition_id=edition.id, user_id=asker.id)
    assert pending.state == "pending"
    trainer = _client(app, world.users["trainer"])
    response = trainer.post(
        f"/editions/{edition.id}/enrolments/{pending.id}/approve",
        data={"note": "Bienvenido\x00 al\r\ntaller"},
    )
    assert response.status_code == 303, response.text[:2000]
    decided = _fresh(Enrolment, id=pending.id)
    assert decided.state == "active"
    assert_clean(decided.decision_note, "Bienvenido al taller", multiline=True)


def test_a_csv_import_with_control_characters(app, world, run_jobs):
    """A NUL (or another C0 control) anywhere in the file: the upload's type check refuses it
    with its message. What that check lets through (DOS's end-of-file mark, C1 controls in
    UTF-8) is imported as spaces."""
    trainer = _client(app, world.users["trainer"])
    url = f"/editions/{world.edition.id}/import"

    def upload(content: str, name: str = "gente.csv") -> Any:
        return trainer.post(
            url,
            data={"file": (io.BytesIO(content.encode()), name)},
            content_type="multipart/form-data",
        )

    filler = "".join(f"p{n}@example.org,Persona {n}\n" for n in range(200))
    response = upload("email,name\n" + filler + "ana@example.org,Ana\x00María\n")
    assert response.status_code == 400
    assert "does not match its name" in response.text
    assert db.session.scalars(select(EnrolmentImport)).all() == []

    response = upload(
        "email,name,organisation\n"
        "ana@example.org,Ana\x1aMaría\u0085,Radio\u009b Sur\n"
        "bad\u0085@example.org,Mala Dirección,\n",
        name="gente\x00.csv",
    )
    assert response.status_code == 200, response.text[:2000]
    assert "not a valid e-mail" in response.text
    import_id = int(re.search(r"/import/(\d+)/confirm", response.text).group(1))
    response = trainer.post(f"{url}/{import_id}/confirm", data={"notify": ""})
    assert response.status_code == 303, response.text[:2000]
    run_jobs()
    invited = db.session.scalars(select(EnrolmentInvitation)).one()
    assert_clean(invited.name, "Ana María")
    assert_clean(invited.organisation, "Radio Sur")
    upload_row = db.session.scalars(select(StoredFile).where(StoredFile.kind == "csv-import"))
    assert upload_row.one().original_name == "gente.csv"


def test_read_table_turns_control_characters_into_spaces():
    """Past the first 4 KB a NUL is not taken for a binary file; it is a space like the rest."""
    rows = "a@example.org,x\n" * 300 + "b@example.org,Be\x00a\x1bta\u0085\n"
    table = read_table(("email,name\n" + rows).encode())
    assert table.rows[-1][1] == {"email": "b@example.org", "name": "Be a ta"}
    assert table.rows[0][1] == {"email": "a@example.org", "name": "x"}


# Completion ----------------------------------------------------------------------------------


def test_quiz_texts_and_answers_are_saved_without_control_characters(app, world):
    quiz = world.lessons["quiz"]
    trainer = _client(app, world.users["trainer"])
    response = trainer.post(
        f"/workshops/datos/lessons/{quiz.id}/quiz/questions",
        data={
            "kind": "single",
            "prompt_es": dirty("¿Qué es un dato abierto?"),
            "prompt_en": dirty("What is open data?"),
            "choices_es": "*Uno\x00 libre\nOtro\x1b cerrado",
            "choices_en": "*One\x00 free\nAnother closed",
            "feedback_es": "Porque\x00 sí",
            "feedback_en": "",
            "accepted": "",
        },
    )
    assert response.status_code == 303, response.text[:2000]
    question = db.session.scalars(
        select(QuizQuestion).where(QuizQuestion.lesson_id == quiz.id).order_by(QuizQuestion.id)
    ).all()[-1]
    assert_clean(question.texts["es"]["prompt"], "¿Qué es un dato abierto?")
    assert_clean(question.texts["en"]["prompt"], "What is open data?")
    assert_clean(question.texts["es"]["feedback"], "Porque sí")
    assert [c.texts["es"] for c in question.choices] == ["Uno libre", "Otro cerrado"]

    response = trainer.post(
        f"/workshops/datos/lessons/{quiz.id}/quiz/settings",
        data={"pass_mark": "50", "max_attempts": "", "role": "pre\x00"},
    )
    assert response.status_code == 400  # not one of the roles
    assert settings_for(quiz).role is None

    short = add_question(quiz, "short")
    db.session.commit()
    me = _client(app, world.users["enrolled"])
    answers = {f"q{q.id}": [str(q.choices[0].id)] for q in questions(quiz) if q.choices}
    answers[f"q{short.id}"] = ["Política\x00 pública"]
    response = me.post(f"/workshops/datos/lessons/{quiz.id}/quiz", data=answers)
    assert response.status_code == 200, response.text[:2000]
    [attempt] = attempts(world.enrolment(), quiz)
    assert_clean(attempt.answers[f"q{short.id}"][0], "Política pública")


def test_rule_attendance_survey_and_revocation(app, world):
    trainer = _client(app, world.users["trainer"])
    response = trainer.post(
        "/workshops/datos/completion-rule",
        data={"min_quiz_average": "50", "min_attendance_share": "", "step": "confirm\x00"},
    )
    assert response.status_code == 200  # not the confirmation: the preview again
    assert rule_for(world.workshop) is None
    live = world.lessons["live"]
    response = trainer.post(
        f"/workshops/datos/editions/{world.edition.id}/attendance/{live.id}",
        data={f"status-{world.enrolment().id}": "present\x00"},
    )
    assert response.status_code == 400

    _do_lessons(world, world.enrolment())
    db.session.commit()
    me = _client(app, world.users["enrolled"])
    response = me.post("/workshops/datos/survey", data={"rating": "5", "comment": "¡Útil!\x00\n"})
    assert response.status_code == 303, response.text[:2000]
    answer = _fresh(SurveyResponse, enrolment_id=world.enrolment().id)
    assert_clean(answer.comment, "¡Útil!", multiline=True)

    certificate = certificate_for(world.enrolment())
    admin = _client(app, world.users["admin"])
    response = admin.post(
        f"/certificates/{certificate.code}/revoke", data={"reason": dirty("Identity fraud")}
    )
    assert response.status_code == 303, response.text[:2000]
    db.session.expire_all()
    assert_clean(certificate_for(world.enrolment()).revoked_reason, "Identity fraud")


# Research ------------------------------------------------------------------------------------


def _deposit(**over: Any) -> dict[str, Any]:
    data = {
        "output_type": "policy_brief",
        "title_es": dirty("Política fiscal verde"),
        "abstract_es": "Propuestas\x00 de\r\ntributación",
        "title_en": "",
        "abstract_en": "",
        "creators": "Rosa\x00 Quesada; ; CEDES\x1b\nLuis Pérez",
        "organisation": dirty("Centro de Estudios"),
        "publication_date": "2025-04-10",
        "languages": ["es"],
        "keywords": "tributación\x00, clima",
        "themes": ["climate"],
        "countries": ["CR"],
        "licence": "CC-BY-4.0",
        "doi": "",
        "funding_note": "Con\x00 apoyo",
        "access": "public",
        "embargo_until": "",
        "files": [pdf_upload("nota\x00.pdf")],
    }
    data.update(over)
    return data


def test_deposit_edit_curate_and_withdraw_without_control_characters(app, people, outbox):
    researcher = _client(app, people["researcher"])
    response = researcher.post("/research/new", data=_deposit(), content_type="multipart/form-data")
    assert response.status_code == 302, response.text[:2000]
    output = _fresh(ResearchOutput)
    version = output.newest
    assert_clean(version.texts[0].title, "Política fiscal verde")
    assert_clean(version.texts[0].abstract, "Propuestas de tributación", multiline=True)
    assert [c.name for c in version.creators] == ["Rosa Quesada", "Luis Pérez"]
    assert_clean(version.creators[0].affiliation, "CEDES")
    assert_clean(version.organisation, "Centro de Estudios")
    assert version.keywords == ["tributación", "clima"]
    assert_clean(version.funding_note, "Con apoyo")
    assert [f.original_name for f in version.files] == ["nota.pdf"]

    form = _deposit(title_es="Política\x00 fiscal, 2025")
    del form["files"]
    response = researcher.post(f"/research/{output.id}/v/1/edit", data=form)
    assert response.status_code == 302, response.text[:2000]
    assert_clean(_fresh(ResearchOutput).newest.texts[0].title, "Política fiscal, 2025")
    assert researcher.post(f"/research/{output.id}/v/1/submit").status_code == 302

    curator = _client(app, people["curator"])
    response = curator.post(
        f"/research/{output.id}/v/1/curate",
        data={"comment": "Añada\x00 el año", "send_back": "1"},
    )
    assert response.status_code == 302, response.text[:2000]
    assert_clean(_fresh(ResearchOutput).newest.curator_comment, "Añada el año")

    assert researcher.post(f"/research/{output.id}/v/1/submit").status_code == 302
    assert (
        curator.post(f"/research/{output.id}/v/1/curate", data={"approve": "1"}).status_code == 302
    )
    response = curator.post(
        f"/research/{output.id}/withdraw", data={"reason": dirty("Data error in table 3.")}
    )
    assert response.status_code == 302, response.text[:2000]
    assert_clean(_fresh(ResearchOutput).withdrawn_reason, "Data error in table 3.")


def test_oai_post_with_a_nul_is_an_oai_error(client):
    response = client.post("/oai", data={"verb": "GetRecord\x00", "metadataPrefix": "oai_dc"})
    assert response.status_code == 200
    assert "badVerb" in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_oai_echoes_arguments_as_well_formed_xml(client, method):
    """OAI-PMH answers repeat the arguments (and a bad date in the error): XML 1.0 has no
    room for a control character, so a harvester always gets a document it can parse."""
    data = {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026\x00-01-01\x1b"}
    if method == "get":
        response = client.get("/oai", query_string=data)
    else:
        response = client.post("/oai", data=data)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.data)  # noqa: S314 - our own response
    assert "badArgument" in response.text
    assert root.find("{http://www.openarchives.org/OAI/2.0/}error") is not None


# Administration ------------------------------------------------------------------------------


def test_settings_are_saved_without_control_characters(app, people):
    admin = _client(app, people["admin"])
    data = {
        "programme_name": dirty("Puente Programme"),
        "contact_email": "programme@example.org",
        "funding_note_es": dirty("Financiado por la Unión Europea"),
        "funding_note_en": dirty("Funded by the European Union"),
    }
    response = admin.post("/admin/settings", data=data)
    assert response.status_code == 302, response.text[:2000]
    db.session.expire_all()
    current = settings.programme()
    assert_clean(current.name, "Puente Programme")
    assert_clean(current.funding_note_es, "Financiado por la Unión Europea")

    response = admin.post("/admin/settings", data={**data, "contact_email": "pro\x00@example.org"})
    assert response.status_code == 400
    assert "valid e-mail" in response.text


def test_roles_and_a_probe_upload_with_control_characters(app, people):
    admin = _client(app, people["admin"])
    target = people["participant"]
    response = admin.post(f"/admin/users/{target.id}", data={"trainer": "y\x00"})
    assert response.status_code == 302, response.text[:2000]
    assert "trainer" in _fresh(User, id=target.id).roles
    response = admin.post(
        "/admin/storage",
        data={"file": (io.BytesIO(PDF), "prueba\x00\x07.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text[:2000]
    probe = db.session.scalars(select(StoredFile).where(StoredFile.kind == "probe")).one()
    assert probe.original_name == "prueba.pdf"
