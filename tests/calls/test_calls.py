"""Staff create, edit and open calls; the public list and a call's page show its window in the
call's time zone and the reader's, and the closing-soon mark; drafts stay hidden."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from learning.calls.models import Call
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.calls.conftest import ZONE, call_form, wall


def test_staff_create_a_draft_call_with_rules_then_open_it(client_for, staff):
    client = client_for(staff)
    response = client.post("/calls/new", data=call_form())
    assert response.status_code == 303
    call = db.session.scalar(select(Call))
    assert call.status == "draft" and call.kind == "stay" and call.places == 4
    assert {r.rule: r.values for r in call.rules} == {
        "country": ["GT", "HN"],
        "sector": ["academia"],
    }
    assert call.closes_at == wall(30, 17).replace(tzinfo=ZoneInfo(ZONE))
    # A draft is for staff only.
    assert client_for(None).get(f"/calls/{call.id}").status_code == 404
    assert "Research stay" not in client_for(None).get("/calls/").get_data(as_text=True)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Draft: only programme staff see this call." in page
    response = client.post(f"/calls/{call.id}/open", data={})
    assert response.status_code == 303
    db.session.refresh(call)
    assert call.status == "open" and call.published_at is not None
    assert "Research stay" in client_for(None).get("/calls/").get_data(as_text=True)


def test_editing_keeps_the_rules_in_step(client_for, staff, make_call):
    call = make_call()
    client = client_for(staff)
    form = call_form(rules=["career_stage"], rule_stages=["early", "mid"])
    assert client.post(f"/calls/{call.id}/edit", data=form).status_code == 303
    db.session.refresh(call)
    assert {r.rule: r.values for r in call.rules} == {"career_stage": ["early", "mid"]}
    page = client.get(f"/calls/{call.id}/edit").get_data(as_text=True)
    assert page.count("checked") == 3  # the rule and its two stages


def test_bad_call_forms_are_refused_in_the_readers_language(client_for, staff):
    client = client_for(staff, "es")
    cases = [
        ({"closes_at": wall(0, 8).strftime("%Y-%m-%dT%H:%M")}, "debe cerrar después"),
        ({"timezone": "Mars/Olympus"}, "zona horaria"),
        ({"places": "0"}, "1 a 1000"),
        ({"rules": ["country"], "rule_countries": []}, "al menos un valor"),
        ({"rules": ["country"], "rule_countries": ["XX"]}, "al menos un valor"),
        ({"rules": ["magic"]}, "reglas de elegibilidad"),
        (
            {"title_es": "", "title_en": "", "summary_es": "", "summary_en": ""},
            "al menos un idioma",
        ),
        ({"places": "many"}, ""),
    ]
    for change, words in cases:
        response = client.post("/calls/new", data=call_form(**change))
        assert response.status_code == 400, change
        assert words in response.get_data(as_text=True), change
    assert db.session.scalar(select(Call)) is None


def test_only_staff_run_calls(client_for, make_call):
    call = make_call()
    for who in ("participant", "trainer", "curator"):
        client = client_for(who)
        assert client.get("/calls/new").status_code == 403
        assert client.post(f"/calls/{call.id}/edit", data=call_form()).status_code == 403
        assert client.get(f"/calls/{call.id}/applications").status_code == 403
        assert client.post(f"/calls/{call.id}/advance", data={"to": "closed"}).status_code == 403
    assert client_for(None).get("/calls/new").status_code == 302


def test_the_close_shows_in_the_calls_zone_and_the_readers(client_for, make_call, make_user):
    call = make_call(days=20)
    reader = make_user()
    reader.timezone = "Europe/Madrid"
    db.session.commit()
    page = client_for(reader).get(f"/calls/{call.id}").get_data(as_text=True)
    page = page.replace("\u202f", " ")  # CLDR puts a narrow space before AM/PM
    # 17:00 in Mexico City is midnight in Madrid: both instants are shown.
    assert "5:00 PM" in page and "your time:" in page and "12:00 AM" in page
    assert "Lives in one of the chosen countries: Guatemala, Mexico" in page
    assert call.closes_at.isoformat() in page
    # A reader in the call's own zone sees it once.
    same = client_for(make_user()).get(f"/calls/{call.id}").get_data(as_text=True)
    assert "your time:" not in same


def test_closing_soon_is_highlighted_and_open_calls_come_first(client_for, make_call):
    later = make_call(days=25)
    soon = make_call(days=2)
    page = client_for(None, "es").get("/calls/").get_data(as_text=True)
    assert page.count("Cierra pronto") == 1
    assert page.index(f"/calls/{soon.id}") < page.index(f"/calls/{later.id}")


def test_staff_move_a_call_along_its_path_only(client_for, staff, make_call):
    call = make_call()
    client = client_for(staff, "es")
    response = client.post(f"/calls/{call.id}/advance", data={"to": "decided"})
    assert response.status_code == 303
    db.session.refresh(call)
    assert call.status == "open"
    for stage in ("closed", "reviewing", "decided", "archived"):
        client.post(f"/calls/{call.id}/advance", data={"to": stage})
        db.session.refresh(call)
        assert call.status == stage
    assert f"/calls/{call.id}" not in client_for(None).get("/calls/").get_data(as_text=True)


def test_a_call_not_yet_open_takes_no_applications(client_for, make_call):
    call = make_call(opens_at=wall(3), closes_at=wall(10))
    client = client_for("participant")
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "does not take applications yet" in page
    response = client.post(f"/calls/{call.id}/apply", data={})
    assert response.status_code == 303
    assert "does not take applications yet" in client.get(response.location).get_data(as_text=True)
    assert utcnow() < call.opens_at + timedelta(days=1)
