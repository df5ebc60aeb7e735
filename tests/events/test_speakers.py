"""Speakers: a member picked by e-mail (named from their account, linked to their network
profile only when the reader may open it — never a private one) or a name with an
affiliation; bios in Spanish and English with the same fallback and language tags as the rest.
Bad input: an unknown e-mail, a bio too long, another session's speaker."""

from __future__ import annotations

from learning.accounts.privacy import delete_account
from learning.events.models import EventSpeaker
from learning.events.services import agenda
from learning.network.services.profiles import open_for_tests, profile_of
from learning.platform.extensions import db
from tests.events.conftest import wall


def _session_form(speakers: str, **more: str) -> dict[str, str]:
    return {
        "title_es": "Panel",
        "title_en": "Panel",
        "starts_at": wall(10, 11).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": wall(10, 12).strftime("%Y-%m-%dT%H:%M"),
        "speakers": speakers,
        **more,
    }


def test_a_member_speaker_is_named_from_the_account_and_linked_only_if_the_profile_is_open(
    make_event, make_user, client_for, organiser
):
    event = make_event()
    ana = make_user("ana.member@example.org", name="Ana Miembro")
    hidden = make_user("hidden@example.org", name="Beto Privado")
    door = client_for(organiser)
    answer = door.post(
        f"/events/{event.id}/sessions/new",
        data=_session_form(
            "ANA.member@example.org — FLACSO\nhidden@example.org\nCarla Invitada — UNAM"
        ),
    )
    assert answer.status_code == 303
    speakers = list(db.session.scalars(db.select(EventSpeaker).order_by(EventSpeaker.position)))
    assert [(s.user_id, s.name, s.affiliation) for s in speakers] == [
        (ana.id, "", "FLACSO"),
        (hidden.id, "", ""),
        (None, "Carla Invitada", "UNAM"),
    ]
    page = client_for(None).get(f"/events/{event.id}").text
    assert "Ana Miembro" in page and "Beto Privado" in page and "Carla Invitada" in page
    # Nobody opened a profile yet: no links to any.
    assert f"/network/people/{ana.id}" not in page and f"/network/people/{hidden.id}" not in page
    open_for_tests(ana, "public")
    open_for_tests(hidden, "network")
    visitor = client_for(None).get(f"/events/{event.id}").text
    assert f'href="/network/people/{ana.id}"' in visitor
    assert f"/network/people/{hidden.id}" not in visitor  # members only: not for visitors
    member = client_for(make_user()).get(f"/events/{event.id}").text
    assert f"/network/people/{hidden.id}" in member
    # A profile closed again is never linked, not even for staff.
    profile_of(hidden.id).visibility = "private"
    db.session.commit()
    staff = client_for(make_user(roles=["admin"])).get(f"/events/{event.id}").text
    assert f"/network/people/{hidden.id}" not in staff and "Beto Privado" in staff
    # The form shows members by their e-mail, so saving again keeps them.
    edit = door.get(f"/events/{event.id}/sessions/{speakers[0].session_id}/edit").text
    assert "ana.member@example.org — FLACSO" in edit


def test_an_unknown_e_mail_is_refused_with_a_clear_message_and_nothing_changes(
    make_event, add_session, client_for, organiser
):
    event = make_event()
    session = add_session(event, start=wall(10, 9), speakers="Ana Gómez — FLACSO")
    door = client_for(organiser, language="es")
    answer = door.post(
        f"/events/{event.id}/sessions/{session.id}/edit",
        data=_session_form("nadie@example.org — ONU"),
    )
    assert answer.status_code == 400
    assert "nadie@example.org" in answer.text and "Ninguna persona" in answer.text
    db.session.expire_all()
    assert [s.name for s in db.session.get(type(session), session.id).speakers] == ["Ana Gómez"]


def test_bios_in_two_languages_fall_back_with_a_language_tag_and_survive_a_session_edit(
    make_event, add_session, client_for, organiser, make_user
):
    event = make_event()
    session = add_session(event, start=wall(10, 9), speakers="Ana Gómez — FLACSO\nLuis Pérez — UCR")
    ana, luis = session.speakers
    door = client_for(organiser)
    bio_url = f"/events/{event.id}/sessions/{session.id}/speakers/{ana.id}"
    assert door.get(bio_url).status_code == 200
    saved = door.post(
        bio_url, data={"bio_es": "Politóloga en FLACSO.", "bio_en": "Political scientist."}
    )
    assert saved.status_code == 303
    only_spanish = f"/events/{event.id}/sessions/{session.id}/speakers/{luis.id}"
    assert door.post(only_spanish, data={"bio_es": "Periodista de datos."}).status_code == 303
    english = client_for(None, language="en").get(f"/events/{event.id}").text
    spanish = client_for(None, language="es").get(f"/events/{event.id}").text
    assert "Political scientist." in english and "Politóloga" not in english
    assert "Politóloga en FLACSO." in spanish
    # Luis has a bio in Spanish only: English readers get it, marked as Spanish.
    assert '<span class="speaker-bio" lang="es">Periodista de datos.</span>' in english
    assert '<span class="speaker-bio">Periodista de datos.</span>' in spanish
    # Editing the session (same speakers, another order) keeps the bios.
    edit = door.post(
        f"/events/{event.id}/sessions/{session.id}/edit",
        data=_session_form("Luis Pérez — UCR\nAna Gómez — FLACSO, Costa Rica"),
    )
    assert edit.status_code == 303
    db.session.expire_all()
    again = client_for(None, language="en").get(f"/events/{event.id}").text
    assert again.index("Luis Pérez") < again.index("Ana Gómez")
    assert "Political scientist." in again and "Periodista de datos." in again


def test_bad_bios_and_strangers_are_refused(
    make_event, add_session, client_for, organiser, make_user
):
    event = make_event()
    other = make_event()
    session = add_session(event, start=wall(10, 9), speakers="Ana Gómez")
    elsewhere = add_session(other, start=wall(10, 9), speakers="Otra Persona")
    speaker = session.speakers[0]
    door = client_for(organiser, language="es")
    url = f"/events/{event.id}/sessions/{session.id}/speakers/{speaker.id}"
    too_long = door.post(url, data={"bio_es": "x" * 601})
    assert too_long.status_code == 400 and "600 caracteres" in too_long.text
    assert not db.session.get(EventSpeaker, speaker.id).translations
    # Another session's speaker through this session's address: not found.
    wrong = f"/events/{event.id}/sessions/{session.id}/speakers/{elsewhere.speakers[0].id}"
    assert door.post(wrong, data={"bio_es": "Hola"}).status_code == 404
    # Someone who does not run the event.
    stranger = client_for(make_user())
    assert stranger.post(url, data={"bio_es": "Hola"}).status_code in (403, 404)
    assert not db.session.get(EventSpeaker, speaker.id).translations


def test_a_full_agenda_with_bios_stays_within_the_page_budget(
    make_event, add_session, client_for, make_user
):
    event = make_event()
    members = [make_user(f"ponente{i}@example.org", name=f"Ponente {i}") for i in range(4)]
    for member in members:
        open_for_tests(member, "public")
    for n in range(8):
        lines = [f"{m.email} — Centro de Estudios Regionales" for m in members[:2]]
        lines += [f"Invitada {n}-{i} — Universidad de Centroamérica" for i in range(2)]
        session = add_session(event, start=wall(10 + n // 4, 9 + n % 4), speakers="\n".join(lines))
        for speaker in session.speakers:
            agenda.save_bios(speaker, {"es": "é" * 600, "en": "e" * 600})
        db.session.commit()
    for language in ("es", "en"):
        page = client_for(make_user(), language=language).get(f"/events/{event.id}")
        assert page.status_code == 200
        assert page.text.count('class="speaker-bio"') == 32
        assert len(page.data) <= 60 * 1024, len(page.data)


def test_a_member_who_deletes_their_account_leaves_the_agendas(
    make_event, add_session, make_user, client_for
):
    event = make_event()
    ana = make_user("ana.borrar@example.org", name="Ana Borrable")
    session = add_session(
        event, start=wall(10, 9), speakers="ana.borrar@example.org — FLACSO\nLuis Pérez"
    )
    agenda.save_bios(session.speakers[0], {"es": "Investigadora en FLACSO."})
    db.session.commit()
    export = client_for(ana).get("/account/data.json").get_json()
    assert export["records"]["event_speakers"][0]["session_id"] == session.id
    delete_account(ana)
    db.session.commit()
    page = client_for(None).get(f"/events/{event.id}").text
    assert "Luis Pérez" in page
    assert "Ana Borrable" not in page and "Investigadora en FLACSO" not in page
    assert "[deleted]" not in page
