"""The network in the site header (an entry a feature adds through the slot), follow buttons
on person and organisation pages, and the digest's one-click unsubscribe headers (RFC 8058)."""

from __future__ import annotations

import re

import pytest

from learning.jobs.services import fire_scheduled
from learning.network.models import Organisation
from learning.network.services.digest import unsubscribe_token
from learning.network.talk_models import Follow, TalkSettings
from learning.platform import slots
from learning.platform.extensions import db
from learning.web import navigation
from tests.network.talk_support import allow, open_profile


def _nav(page: str) -> str:
    return page.split('class="main-nav"', 1)[1].split('class="account-menu"', 1)[0]


def _labels(page: str) -> list[str]:
    return re.findall(r"<li><a [^>]*>([^<]+)</a></li>", _nav(page))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Workshops", "Research", "Events", "Calls", "Network"]),
        ("es", ["Talleres", "Investigación", "Eventos", "Convocatorias", "Red"]),
    ],
)
def test_the_header_names_calls_and_the_network_for_everybody(client_for, language, expected):
    page = client_for(None, language).get("/").get_data(as_text=True)
    assert _labels(page) == expected
    assert 'href="/calls/"' in _nav(page) and 'href="/network/"' in _nav(page)


def test_the_network_entry_is_current_on_every_network_page(client_for, make_org):
    organisation = make_org()
    nav = _nav(client_for(None).get(f"/network/organisations/{organisation.id}").text)
    assert nav.count('aria-current="page"') == 1
    assert 'href="/network/" aria-current="page"' in nav


def test_a_member_sees_the_features_entries_among_the_headers_own(client_for):
    labels = _labels(client_for("admin").get("/").get_data(as_text=True))
    assert labels.index("Events") < labels.index("Network") < labels.index("My learning")
    assert labels[-2:] == ["Dashboard", "Administration"]


def test_the_network_fills_the_navigation_slot_and_the_header_names_no_network_page(app):
    added = [entry.endpoint for entry in slots.NAVIGATION_ENTRIES.fillings()]
    assert added == ["calls.index", "network.directory_page"]
    assert all(not e.endpoint.startswith(("network.", "calls.")) for e in navigation.ENTRIES)


def test_follow_buttons_on_a_person_and_an_organisation(client_for, member, make_member, make_org):
    person, organisation = make_member("Persona Con Botón"), make_org("Centro Con Botón")
    client = client_for(member)
    for path, kind, target in (
        (f"/network/people/{person.id}", "person", person.id),
        (f"/network/organisations/{organisation.id}", "organisation", organisation.id),
    ):
        page = client.get(path).text
        assert 'action="/network/follow"' in page and ">Follow<" in page
        assert f'name="target" value="{target}"' in page
        answer = client.post(
            "/network/follow", data={"kind": kind, "target": str(target), "next": path}
        )
        assert answer.status_code == 303 and answer.headers["Location"].endswith(path)
        page = client.get(path).text
        assert 'action="/network/unfollow"' in page and ">Stop following<" in page
    assert db.session.query(Follow).filter_by(user_id=member.id).count() == 2


def test_no_follow_button_for_visitors_or_on_ones_own_page(client_for, member, make_member):
    person = make_member("Persona Pública", visible=False)
    open_profile(person, "public")
    assert "/network/follow" not in client_for(None).get(f"/network/people/{person.id}").text
    own = client_for(member).get(f"/network/people/{member.id}").text
    assert "/network/follow" not in own


def test_a_proposed_organisation_has_no_follow_button(client_for, make_user):
    proposer = client_for(make_user(name="Pedro Propone"))
    proposer.post(
        "/network/organisations/new",
        data={"kind": "media", "name": "Radio Propuesta", "country": "SV", "themes": ["climate"]},
    )
    found = db.session.query(Organisation).filter_by(name="Radio Propuesta").one()
    assert found.status == "proposed"
    page = proposer.get(f"/network/organisations/{found.id}").text
    assert "/network/follow" not in page


def test_the_digest_carries_one_click_unsubscribe_headers(
    client_for, member, make_output, outbox, run_jobs
):
    allow(member, digest="daily")
    client_for(member).post("/network/follow", data={"kind": "theme", "target": "climate"})
    make_output(title_es="Aviso climático", themes=("climate",))
    fire_scheduled("network.digest")
    db.session.commit()
    run_jobs()
    [mail] = outbox.to(member.email)
    token = unsubscribe_token(member)
    header = mail["List-Unsubscribe"]
    assert re.fullmatch(rf"<https?://[^>]+/network/digest/unsubscribe/{re.escape(token)}>", header)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Other mail keeps its headers as before.
    assert mail["Subject"] and mail["From"] and mail["To"] == member.email


def test_mail_headers_never_replace_the_ones_the_mail_helper_sets(app, outbox):
    from learning.platform.mail import send_mail

    with app.test_request_context():
        sent = send_mail(
            "ana@example.org",
            "network_talk_mention",
            language="es",
            headers={"To": "evil@example.org", "X-Extra": "yes"},
            author="Ana",
            title="Hilo",
            link="https://puente.test/x",
        )
    assert sent["To"] == "ana@example.org" and sent["X-Extra"] == "yes"
    [mail] = outbox.to("ana@example.org")
    assert mail["X-Extra"] == "yes"


def test_the_one_click_post_works_without_a_csrf_token_and_a_forged_one_fails(app_factory, member):
    allow(member, digest="weekly")
    strict = app_factory(WTF_CSRF_ENABLED=True)
    with strict.app_context():
        with strict.test_request_context():
            token = unsubscribe_token(member)
        client = strict.test_client()
        # Another form on the site needs its token: CSRF is on in this app.
        assert client.post("/network/follow", data={"kind": "theme"}).status_code == 400
        forged = client.post(
            f"/network/digest/unsubscribe/{token[:-2]}xx",
            data={"List-Unsubscribe": "One-Click"},
        )
        assert forged.status_code == 400
        assert "not valid" in forged.get_data(as_text=True)
        assert db.session.get(TalkSettings, member.id).digest == "weekly"
        done = client.post(
            f"/network/digest/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
        )
        assert done.status_code == 200
        db.session.expire_all()
        assert db.session.get(TalkSettings, member.id).digest == "never"
