"""Following, the personal feed, and the e-mail digest sent by the job queue with its
one-click unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import func, select

from learning.jobs.services import fire_scheduled
from learning.network.services.digest import due, unsubscribe_token
from learning.network.talk_models import Follow, TalkSettings
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from tests.network.conftest import add_member
from tests.network.talk_support import allow


def _follow(client, kind, target):
    return client.post("/network/follow", data={"kind": kind, "target": str(target)})


def test_following_a_theme_brings_its_outputs_and_events_to_the_feed(
    client_for, member, make_output, make_event
):
    client = client_for(member)
    assert _follow(client, "theme", "climate").status_code == 303
    assert _follow(client, "theme", "climate").status_code == 303  # twice: still one row
    assert db.session.scalar(select(func.count(Follow.id))) == 1
    make_output(title_es="Bosques y agua", themes=("climate",))
    make_output(title_es="Otra cosa", themes=("growth",))
    make_event(themes=["climate"])
    page = client.get("/network/feed").get_data(as_text=True)
    assert "Bosques y agua" in page and "Otra cosa" not in page
    assert "Democracy forum" in page or "Foro de democracia" in page


def test_following_an_output_brings_its_discussion(client_for, member, make_member, talk_output):
    client = client_for(member)
    assert _follow(client, "output", talk_output.id).status_code == 303
    client_for(make_member("Otra Voz")).post(
        f"/network/discussions/output/{talk_output.id}", data={"title": "Hilo nuevo", "body": "x"}
    )
    assert "Hilo nuevo" in client.get("/network/feed").get_data(as_text=True)
    assert (
        client.post(
            "/network/unfollow", data={"kind": "output", "target": str(talk_output.id)}
        ).status_code
        == 303
    )
    assert "Hilo nuevo" not in client.get("/network/feed").get_data(as_text=True)


def test_following_a_person_brings_what_they_publish(client_for, member, make_member, make_output):
    author = make_member("Autora Seguida")
    assert _follow(client_for(member), "person", author.id).status_code == 303
    make_output(owner=author, title_es="Estudio de la autora", themes=("growth",))
    assert "Estudio de la autora" in client_for(member).get("/network/feed").get_data(as_text=True)


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("theme", "astrology"),
        ("planet", "1"),
        ("output", "999999"),
        ("event", "abc"),
        ("person", ""),
    ],
)
def test_following_nothing_is_a_400(client_for, member, kind, target):
    answer = _follow(client_for(member), kind, target)
    assert answer.status_code == 400
    assert "nothing to follow" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Follow.id))) == 0


def test_a_private_person_cannot_be_followed(client_for, member, make_member):
    hidden = make_member("Oculta Seguir", visible=False)
    assert _follow(client_for(member), "person", hidden.id).status_code == 400


def test_the_feed_is_for_members(client_for):
    answer = client_for(None).get("/network/feed")
    assert answer.status_code in (302, 303) and "sign-in" in answer.headers["Location"]
    assert client_for(None).post(
        "/network/follow", data={"kind": "theme", "target": "climate"}
    ).status_code in (302, 303)


def test_the_digest_goes_by_the_job_queue_and_unsubscribes_in_one_click(
    app, client_for, member, make_output, outbox, run_jobs
):
    allow(member, digest="daily")
    _follow(client_for(member), "theme", "climate")
    make_output(title_es="Novedad climática", themes=("climate",))
    job = fire_scheduled("network.digest")
    db.session.commit()
    assert job is not None
    run_jobs()
    [mail] = outbox.to(member.email)
    body = outbox.body(mail)
    assert "Novedad climática" in body
    token = unsubscribe_token(member)
    assert f"/network/digest/unsubscribe/{token}" in body
    # A day has not passed: not due again.
    assert member.id not in due()
    page = client_for(None).get(f"/network/digest/unsubscribe/{token}")
    assert page.status_code == 200
    assert client_for(None).post(f"/network/digest/unsubscribe/{token}").status_code == 200
    db.session.expire_all()
    assert db.session.get(TalkSettings, member.id).digest == "never"


def test_a_weekly_digest_waits_a_week(app, member, make_output, outbox):
    allow(member, digest="weekly")
    row = db.session.get(TalkSettings, member.id)
    row.digest_sent_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert member.id not in due()
    row.digest_sent_at = utcnow() - timedelta(days=7)
    db.session.commit()
    assert member.id in due()


@pytest.mark.parametrize("token", ["x", "abc.def", "1" * 300])
def test_a_forged_unsubscribe_link_is_a_400(client_for, member, token):
    allow(member, digest="daily")
    answer = client_for(None).post(f"/network/digest/unsubscribe/{token}")
    assert answer.status_code == 400
    assert "not valid" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(TalkSettings, member.id).digest == "daily"


def test_following_an_organisation_brings_what_its_members_publish(
    client_for, member, make_member, make_output, make_org
):
    organisation = make_org("Centro Seguido")
    researcher = make_member("Investigadora Miembro")
    add_member(organisation, researcher)
    assert _follow(client_for(member), "organisation", organisation.id).status_code == 303
    make_output(owner=researcher, title_es="Informe del centro", themes=("growth",))
    make_output(title_es="Informe ajeno", themes=("growth",))
    page = client_for(member).get("/network/feed").get_data(as_text=True)
    assert "Informe del centro" in page and "Informe ajeno" not in page


def test_the_follow_button_other_pages_include(app, client_for, member, make_member):
    person = make_member("Persona Seguible")
    client = client_for(member)

    def button() -> str:
        with app.test_request_context():
            login_user(member)
            return render_template_string(
                '{% with kind="person", target=person.id %}'
                '{% include "network/talk/_follow_button.html" %}{% endwith %}',
                person=person,
            )

    assert ">Follow<" in button() and "/network/follow" in button()
    _follow(client, "person", person.id)
    assert ">Stop following<" in button() and "/network/unfollow" in button()


def test_the_feed_lists_what_one_follows_and_unfollows_it(
    client_for, member, make_member, talk_output, make_event, make_org
):
    person, hidden = make_member("Persona Listada"), make_member("Persona Oculta", visible=False)
    event, organisation = make_event(), make_org("Centro Listado")
    client = client_for(member)
    for kind, target in (
        ("output", talk_output.id),
        ("event", event.id),
        ("person", person.id),
        ("organisation", organisation.id),
    ):
        assert _follow(client, kind, target).status_code == 303
    db.session.add(Follow(user_id=member.id, kind="person", target=str(hidden.id)))
    db.session.commit()  # followed while the profile was open, closed since
    page = client.get("/network/feed").get_data(as_text=True)
    for words in (
        "Open data in Central America",
        "Democracy forum",
        "Persona Listada",
        "Centro Listado",
    ):
        assert words in page
    assert "Persona Oculta" not in page
    client.post("/network/unfollow", data={"kind": "person", "target": str(person.id)})
    assert "Persona Listada" not in client.get("/network/feed").get_data(as_text=True)
