"""Landing page metadata (Google Scholar, schema.org), language fallback, Atom feeds, and the
hook that lists workshops using an output."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from sqlalchemy import select

from learning.platform import cache
from learning.platform.extensions import db
from learning.platform.slots import OUTPUT_USAGE
from learning.research.models import ResearchText
from learning.research.services.curation import withdraw
from learning.research.services.workshops import WorkshopUse, readable_output
from tests.conftest import sign_in_as
from tests.support.queries import count_statements

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_landing_page_has_scholar_tags_and_json_ld(client, make_output):
    output = make_output(
        title_en="Green bonds",
        abstract_en="Abstract.",
        title_es=None,
        doi="10.1234/gb.1",
        creators=("Ana Müller", "Luis Pérez"),
        languages=("en",),
    )
    page = client.get(f"/research/{output.id}")
    assert page.status_code == 200 and len(page.data) < 100_000
    html = page.text
    assert '<meta name="citation_title" content="Green bonds">' in html
    assert html.count('name="citation_author"') == 2
    assert '<meta name="citation_publication_date" content="2025/03/01">' in html
    assert '<meta name="citation_doi" content="10.1234/gb.1">' in html
    pdf_url = re.search(r'name="citation_pdf_url" content="([^"]+)"', html).group(1)
    assert pdf_url.startswith("http://puente.test/research/")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Report" and data["name"] == "Green bonds"
    assert [a["name"] for a in data["author"]] == ["Ana Müller", "Luis Pérez"]
    assert data["identifier"] == "https://doi.org/10.1234/gb.1"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_other_language_is_shown_with_a_note(app, make_output):
    output = make_output(title_es="Sólo en español", title_en=None)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(f"/research/{output.id}").text
    assert "no description in your language; it is shown in Spanish" in html
    assert '<article class="research-output" lang="es">' in html


def test_atom_feeds(client, make_output):
    make_output(title_es="Clima y finanzas", themes=("climate",))
    make_output(title_es="Democracia local", themes=("democracy",))
    make_output(title_es="Sólo miembros", access="network")
    feed = ET.fromstring(client.get("/research/feed.atom").data)  # noqa: S314 - our own response
    assert {e.findtext("a:title", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)} == {
        "Clima y finanzas",
        "Democracia local",
    }
    response = client.get("/research/feed/climate.atom")
    assert response.mimetype == "application/atom+xml"
    theme = ET.fromstring(response.data)  # noqa: S314 - our own response
    assert [e.findtext("a:title", namespaces=ATOM) for e in theme.findall("a:entry", ATOM)] == [
        "Clima y finanzas"
    ]
    assert client.get("/research/feed/astrology.atom").status_code == 404


def test_workshops_hook_lists_workshops_using_an_output(app, client, make_output, monkeypatch):
    output = make_output()
    # Only this test's provider in the slot (the workshops feature fills it too).
    monkeypatch.setitem(app.extensions["slots"], OUTPUT_USAGE.name, [])
    assert "Used in workshops" not in client.get(f"/research/{output.id}").text
    OUTPUT_USAGE.fill(
        app,
        lambda o: [WorkshopUse("Periodismo de datos", "/workshops/1")] if o.id == output.id else [],
    )
    cache.store().clear()  # providers are filled at start-up, before any page is kept
    html = client.get(f"/research/{output.id}").text
    assert "Used in workshops" in html and 'href="/workshops/1">Periodismo de datos' in html
    assert readable_output(output.id) is not None


def test_pages_for_researchers_and_curators(app, make_user, make_output, client_for):
    from tests.conftest import sign_in_as

    output = make_output(state="submitted")
    researcher = sign_in_as(app.test_client(), output.owner)
    assert "Política fiscal" in researcher.get("/research/mine").text
    assert researcher.get("/research/new").status_code == 200
    curator = client_for("curator")
    assert "Política fiscal" in curator.get("/research/curation").text
    assert curator.get(f"/research/{output.id}/v/1/curate").status_code == 200
    participant = client_for("participant")
    assert participant.get("/research/new").status_code == 403
    assert participant.get("/research/curation").status_code == 403
    assert participant.get(f"/research/{output.id}/v/1/curate").status_code == 403
    assert app.test_client().get("/research/new").status_code == 302
    spanish = app.test_client()
    spanish.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "Investigación de la red" in spanish.get("/research/").text


def test_landing_page_is_kept_for_readers_but_never_for_its_managers(app, client, make_output):
    """Readers share one kept page; the depositor's own (with forms) is made each time, and
    neither leaks into the other, whoever came first."""
    output = make_output()
    owner = sign_in_as(app.test_client(), output.owner)
    for _ in range(2):
        assert "Start a new version" not in client.get(f"/research/{output.id}").text
        mine = owner.get(f"/research/{output.id}").text
        assert "Start a new version" in mine and 'name="csrf_token"' in mine
    assert count_statements(client, f"/research/{output.id}", cold=False) < count_statements(
        client, f"/research/{output.id}"
    )


def test_landing_page_shows_a_change_on_the_next_request(client, make_output):
    output = make_output()
    assert "Política fiscal y cambio climático" in client.get(f"/research/{output.id}").text
    text = db.session.scalar(
        select(ResearchText).where(ResearchText.version_id == output.latest.id)
    )
    text.title = "Política fiscal verde"
    db.session.commit()
    assert "Política fiscal verde" in client.get(f"/research/{output.id}").text


def test_who_may_see_a_kept_landing_page_follows_each_change(app, client, make_output, make_user):
    """The access facts behind a kept landing page (state, access, owner, versions) are kept
    too; each change to them shows on the next request, for every kind of reader."""
    output = make_output()
    member = sign_in_as(app.test_client(), make_user())
    for _ in range(2):  # the second visit is served from what the first one kept
        assert client.get(f"/research/{output.id}").status_code == 200
    assert "<title>Política fiscal y cambio climático" in client.get(f"/research/{output.id}").text
    assert client.get(f"/research/{output.id}/v/99").status_code == 404

    output.access = "network"  # members only: visitors are asked to sign in
    db.session.commit()
    assert client.get(f"/research/{output.id}").status_code == 302
    assert member.get(f"/research/{output.id}").status_code == 200

    withdraw(output, "Duplicado de otra publicación.")
    db.session.commit()
    assert member.get(f"/research/{output.id}").status_code == 410
    assert member.get(f"/research/{output.id}/v/1").status_code == 410

    for hostile in ("0", "99999999", "-1", "1e3", "%00"):
        assert client.get(f"/research/{hostile}").status_code == 404, hostile
