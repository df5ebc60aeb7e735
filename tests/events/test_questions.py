"""Custom registration questions (issue 18): organisers define them per event in both
languages; people answer them when registering and change them later; the server refuses a
missing required answer, a choice not offered and an over-long text, writing nothing; the
organisers read the answers on the list and in the CSV (one column each, formula-safe)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from learning.accounts.models import User
from learning.accounts.privacy import export_user
from learning.events.models import Event, EventAnswer, EventQuestion
from learning.events.services import questions, registrations
from learning.platform.extensions import db
from tests.conftest import TEST_PASSWORD


def _add(client, event, **fields):
    data = {"kind": "text", **fields}
    return client.post(f"/events/{event.id}/questions", data=data)


def _questions(event):
    db.session.expire_all()
    return questions.questions_of(event.id)


def _form_of(event, organiser, client_for):
    """Four questions made through the organisers' page: a text of at most 20 characters
    (required), a choice, a yes/no and a required consent."""
    client = client_for(organiser)
    assert (
        _add(
            client,
            event,
            label_es="¿Qué medio representa?",
            label_en="Which outlet do you represent?",
            required="y",
            max_length="20",
        ).status_code
        == 303
    )
    assert (
        _add(
            client,
            event,
            kind="choice",
            label_es="Taller preferido",
            label_en="Preferred workshop",
            options_es="Datos\nRadio\nSeguridad",
            options_en="Data\nRadio\nSafety",
        ).status_code
        == 303
    )
    assert (
        _add(client, event, kind="yesno", label_es="¿Necesita hotel?", label_en="Need a hotel?")
    ).status_code == 303
    assert (
        _add(
            client,
            event,
            kind="consent",
            label_es="Acepto el código de conducta",
            label_en="I accept the code of conduct",
            required="y",
        ).status_code
        == 303
    )
    return _questions(event)


def _answers(asked, outlet="Radio Sur", choice="1", hotel="no", conduct="yes", **extra):
    text, pick, yesno, consent = asked
    data = {
        f"q_{text.id}": outlet,
        f"q_{pick.id}": choice,
        f"q_{yesno.id}": hotel,
        f"q_{consent.id}": conduct,
        **extra,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_organisers_define_questions_in_both_languages(make_event, organiser, client_for):
    event = make_event()
    asked = _form_of(event, organiser, client_for)
    assert [q.kind for q in asked] == ["text", "choice", "yesno", "consent"]
    text, pick = asked[0], asked[1]
    assert text.required and text.max_length == 20
    assert pick.text("en").option_list == ["Data", "Radio", "Safety"]
    page = client_for(organiser, language="es").get(f"/events/{event.id}/questions")
    assert page.status_code == 200
    assert "Taller preferido" in page.text and "Seguridad" in page.text
    # Changing a label keeps it; removing a question removes it.
    changed = client_for(organiser).post(
        f"/events/{event.id}/questions/{text.id}",
        data={"kind": "text", "label_es": "Medio", "label_en": "Outlet", "max_length": "40"},
    )
    assert changed.status_code == 303
    db.session.expire_all()
    assert db.session.get(EventQuestion, text.id).max_length == 40
    gone = client_for(organiser).post(f"/events/{event.id}/questions/{pick.id}/delete")
    assert gone.status_code == 303
    assert [q.kind for q in _questions(event)] == ["text", "yesno", "consent"]


def test_bad_questions_are_refused_with_a_clear_message(
    make_event, make_user, organiser, client_for
):
    event = make_event()
    spanish = client_for(organiser, language="es")
    cases = [
        ({"kind": "choice", "label_en": "Pick", "options_en": "Only one"}, "de 2 a 30 opciones"),
        (
            {
                "kind": "choice",
                "label_es": "Elija",
                "options_es": "A\nB\nC",
                "label_en": "Pick",
                "options_en": "A\nB",
            },
            "mismo número",
        ),
        ({"label_en": "Outlet", "max_length": "5000"}, "como máximo 2000 caracteres"),
        ({"label_en": "Outlet", "max_length": "0"}, "como máximo 2000 caracteres"),
        ({"kind": "rating", "label_en": "Stars"}, "Elija un tipo de pregunta"),
        ({"label_es": "", "label_en": ""}, "al menos un idioma"),
        ({"label_en": "x" * 301}, "demasiado largo"),
    ]
    for data, words in cases:
        answer = _add(spanish, event, **data)
        assert answer.status_code == 400, data
        assert words in answer.text, (data, words)
    assert _questions(event) == []
    # Only who runs the event sees or changes its questions.
    stranger = client_for(make_user(roles=["trainer"]))
    assert stranger.get(f"/events/{event.id}/questions").status_code == 403
    assert _add(stranger, event, label_en="Sneaky").status_code == 403
    other = make_event()
    _add(client_for(organiser), other, label_en="Elsewhere")
    [elsewhere] = _questions(other)
    moved = spanish.post(f"/events/{event.id}/questions/{elsewhere.id}/delete")
    assert moved.status_code == 404
    assert len(_questions(other)) == 1


def test_registering_asks_the_questions_and_checks_every_answer(
    make_event, make_user, organiser, client_for
):
    event = make_event()
    asked = _form_of(event, organiser, client_for)
    person = make_user(language="es")
    client = client_for(person, language="es")
    form = client.get(f"/events/{event.id}/register")
    assert "¿Qué medio representa?" in form.text and "Seguridad" in form.text
    assert 'maxlength="20"' in form.text
    refusals = [
        (_answers(asked, outlet=""), "Responda la pregunta «¿Qué medio representa?»"),
        (_answers(asked, outlet="x" * 21), "como máximo 20 caracteres"),
        (_answers(asked, choice="7"), "elija una de las opciones"),
        (_answers(asked, choice="Radio"), "elija una de las opciones"),
        (_answers(asked, hotel="maybe"), "elija una de las opciones"),
        (_answers(asked, conduct=None), "Acepto el código de conducta"),
    ]
    for data, words in refusals:
        answer = client.post(f"/events/{event.id}/register", data=data)
        assert answer.status_code == 400, data
        assert words in answer.text, (data, words)
        assert registrations.find(event.id, person.id) is None
    # What was typed is shown again, not lost.
    again = client.post(f"/events/{event.id}/register", data=_answers(asked, choice="9"))
    assert 'value="Radio Sur"' in again.text
    assert db.session.scalar(select(func.count(EventAnswer.id))) == 0
    assert client.post(f"/events/{event.id}/register", data=_answers(asked)).status_code == 303
    mine = registrations.find(event.id, person.id)
    assert questions.answers_of(mine.id) == {
        asked[0].id: "Radio Sur",
        asked[1].id: "1",
        asked[2].id: "no",
        asked[3].id: "yes",
    }


def test_people_change_their_answers_and_nobody_else_can(
    make_event, make_user, organiser, client_for
):
    event = make_event()
    asked = _form_of(event, organiser, client_for)
    person, other = make_user(), make_user()
    client = client_for(person)
    client.post(f"/events/{event.id}/register", data=_answers(asked))
    mine = registrations.find(event.id, person.id)
    page = client.get(f"/events/registrations/{mine.id}")
    assert 'value="Radio Sur"' in page.text
    assert f'id="q-{asked[1].id}-1" name="q_{asked[1].id}" value="1" checked' in page.text
    changed = client.post(
        f"/events/registrations/{mine.id}", data=_answers(asked, outlet="Canal 9", choice="2")
    )
    assert changed.status_code == 303
    assert questions.answers_of(mine.id)[asked[0].id] == "Canal 9"
    assert questions.answers_of(mine.id)[asked[1].id] == "2"
    bad = client.post(
        f"/events/registrations/{mine.id}", data=_answers(asked, outlet="y" * 50, hotel="yes")
    )
    assert bad.status_code == 400
    db.session.expire_all()
    assert questions.answers_of(mine.id)[asked[0].id] == "Canal 9"
    assert questions.answers_of(mine.id)[asked[2].id] == "no"
    # Another person's registration, by its id: not found, not changed.
    intruder = client_for(other)
    assert intruder.get(f"/events/registrations/{mine.id}").status_code == 404
    stolen = intruder.post(f"/events/registrations/{mine.id}", data=_answers(asked, outlet="X"))
    assert stolen.status_code == 404
    assert questions.answers_of(mine.id)[asked[0].id] == "Canal 9"


def test_organisers_read_the_answers_on_the_list_and_in_the_csv(
    make_event, make_user, organiser, client_for
):
    event = make_event()
    asked = _form_of(event, organiser, client_for)
    ana = make_user(name="Ana", language="es")
    registered = client_for(ana).post(
        f"/events/{event.id}/register",
        data=_answers(asked, outlet="=1+2", choice="2", hotel="yes"),
    )
    assert registered.status_code == 303
    ben = make_user(name="Ben")
    registered = client_for(ben).post(
        f"/events/{event.id}/register", data=_answers(asked, choice="")
    )
    assert registered.status_code == 303
    spanish = client_for(organiser, language="es")
    page = spanish.get(f"/events/{event.id}/registrations")
    assert "Seguridad" in page.text and "Taller preferido" in page.text
    export = spanish.get(f"/events/{event.id}/registrations.csv")
    assert export.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[-4:] == [
        "¿Qué medio representa?",
        "Taller preferido",
        "¿Necesita hotel?",
        "Acepto el código de conducta",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ana"][-4:] == ["'=1+2", "Seguridad", "sí", "sí"]
    assert by_name["Ben"][-4:] == ["Radio Sur", "", "no", "sí"]
    english = client_for(organiser).get(f"/events/{event.id}/registrations.csv")
    rows = list(csv.reader(io.StringIO(english.data.decode("utf-8-sig"))))
    assert rows[0][-3] == "Preferred workshop"
    assert {row[0]: row for row in rows[1:]}["Ana"][-3] == "Safety"


def test_answers_go_in_the_personal_data_and_go_with_the_account(
    make_event, make_user, organiser, client_for
):
    event = make_event()
    asked = _form_of(event, organiser, client_for)
    person = make_user()
    client_for(person).post(f"/events/{event.id}/register", data=_answers(asked))
    exported = export_user(person)
    values = {row["value"] for row in exported["records"]["event_answers"]}
    assert values == {"Radio Sur", "1", "no", "yes"}
    client = client_for(person)
    gone = client.post("/account/delete", data={"password": TEST_PASSWORD, "confirm": "y"})
    assert gone.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(EventAnswer.id))) == 0


def test_the_demo_forum_asks_questions_and_has_answers(app, client_for):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    hybrid = db.session.scalar(select(Event).where(Event.format == "hybrid"))
    asked = questions.questions_of(hybrid.id)
    assert [q.kind for q in asked] == ["text", "choice", "consent"]
    assert sorted(s.capacity for s in hybrid.sessions if s.capacity) == [12, 12]
    export = client_for("admin", language="es").get(f"/events/{hybrid.id}/registrations.csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert rows[0][-2] == "¿Qué taller del segundo día prefiere?"
    assert {row[-3] for row in rows[1:]} == {"Radio Comunitaria del Sur"}
    assert {row[-2] for row in rows[1:]} == {
        "Datos abiertos",
        "Inteligencia artificial",
        "Conectividad",
    }
    participant = db.session.scalar(select(User).where(User.email == "participant@demo.puente"))
    assert client_for(participant).get(f"/events/{hybrid.id}/questions").status_code == 403
