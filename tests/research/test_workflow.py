"""Deposit, curation, versions, access and counting, tried as people would."""

from __future__ import annotations

import re
from datetime import timedelta

import bibtexparser
import rispy
from sqlalchemy import select, update

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchHit, ResearchOutput
from learning.research.services.common import programme_today
from learning.research.services.identifiers import normalise_doi, normalise_orcid
from tests.conftest import sign_in_as
from tests.research.conftest import PDF, pdf_upload

ORCID_OK = "0000-0002-1825-0097"


def deposit_form(**overrides):
    data = {
        "output_type": "policy_brief",
        "title_es": "Política fiscal verde en Centroamérica",
        "abstract_es": "Propuestas de tributación ambiental para los gobiernos de la región.",
        "title_en": "Green fiscal policy in Central America",
        "abstract_en": "Proposals for environmental taxation for the region's governments.",
        "creators": f"Rosa Quesada; {ORCID_OK}; CEDES\nLuis Pérez",
        "organisation": "Centro de Estudios para el Desarrollo",
        "publication_date": "2025-04-10",
        "languages": ["es", "en"],
        "keywords": "tributación, clima",
        "themes": ["climate", "growth"],
        "countries": ["CR", "PA"],
        "licence": "CC-BY-4.0",
        "doi": "",
        "funding_note": "",
        "access": "public",
        "embargo_until": "",
        "files": [pdf_upload("nota-es.pdf"), pdf_upload("brief-en.pdf")],
    }
    data.update(overrides)
    return data


def only_output() -> ResearchOutput:
    db.session.expire_all()
    return db.session.scalars(select(ResearchOutput)).one()


def test_deposit_curate_return_fix_publish_find_download_cite(app, make_user, outbox):
    researcher = make_user(roles=["researcher"], email="rosa@example.org", language="es")
    curator = make_user(roles=["curator"], email="carmen@example.org")
    rc = sign_in_as(app.test_client(), researcher)
    cc = sign_in_as(app.test_client(), curator)

    response = rc.post("/research/new", data=deposit_form(), content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    output = only_output()
    version = output.newest
    assert output.state == "draft"
    assert [f.original_name for f in version.files] == ["nota-es.pdf", "brief-en.pdf"]
    assert {t.language for t in version.texts} == {"es", "en"}
    assert version.creators[0].orcid == ORCID_OK and version.creators[1].name == "Luis Pérez"

    # A visitor cannot see a draft at all.
    assert app.test_client().get(f"/research/{output.id}").status_code == 404

    assert rc.post(f"/research/{output.id}/v/1/submit").status_code == 302
    [to_curator] = outbox.to("carmen@example.org")
    assert "Green fiscal policy" in to_curator["Subject"]

    response = cc.post(
        f"/research/{output.id}/v/1/curate",
        data={"comment": "Añada el año en el título.", "send_back": "1"},
    )
    assert response.status_code == 302
    assert only_output().state == "returned"
    [returned] = outbox.to("rosa@example.org")
    assert "Añada el año en el título." in outbox.body(returned)
    assert "cambios" in returned["Subject"]  # in the researcher's language

    page = rc.get(f"/research/{output.id}").text
    assert "Añada el año en el título." in page
    form = deposit_form(title_es="Política fiscal verde en Centroamérica, 2025")
    del form["files"]
    assert rc.post(f"/research/{output.id}/v/1/edit", data=form).status_code == 302
    assert rc.post(f"/research/{output.id}/v/1/submit").status_code == 302

    assert cc.post(f"/research/{output.id}/v/1/curate", data={"approve": "1"}).status_code == 302
    assert only_output().state == "published"
    assert "publicada" in outbox.to("rosa@example.org")[-1]["Subject"]

    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    results = visitor.get("/research/?q=tributacion+ambiental").text
    assert "Política fiscal verde en Centroamérica, 2025" in results

    landing = visitor.get(f"/research/{output.id}").text
    link = re.search(r'href="(/research/\d+/files/\d+/nota-es.pdf)"', landing).group(1)
    with visitor.get(link) as response:
        assert response.status_code == 200 and response.data == PDF

    bib = visitor.get(f"/research/{output.id}/v/1/cite.bib")
    [entry] = bibtexparser.parse_string(bib.text).entries
    assert entry.entry_type == "techreport"
    assert entry["title"] == "Política fiscal verde en Centroamérica, 2025"
    assert entry["author"] == "Quesada, Rosa and Pérez, Luis"
    assert entry["year"] == "2025"

    [record] = rispy.loads(visitor.get(f"/research/{output.id}/v/1/cite.ris").text)
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == ["Quesada, Rosa", "Pérez, Luis"]
    assert record["keywords"] == ["tributación", "clima"]
    assert "Quesada, R., &amp; Pérez, L. (2025)." in landing

    db.session.expire_all()
    output = only_output()
    assert (output.view_count, output.download_count) == (1, 1)

    # Both curation decisions are in the audit log, by the curator.
    from learning.audit.models import AuditEntry

    decisions = db.session.execute(
        db.select(AuditEntry.actor_id, AuditEntry.details)
        .where(AuditEntry.action == "research.curated")
        .order_by(AuditEntry.id)
    ).all()
    assert [(a, d["decision"]) for a, d in decisions] == [
        (curator.id, "returned"),
        (curator.id, "published"),
    ]


def test_curator_cannot_approve_own_deposit(app, make_user, make_output):
    curator = make_user(roles=["curator", "researcher"])
    output = make_output(owner=curator, state="submitted")
    client = sign_in_as(app.test_client(), curator)
    response = client.post(f"/research/{output.id}/v/1/curate", data={"approve": "1"})
    assert response.status_code == 403
    assert "cannot approve your own deposit" in response.text
    assert only_output().state == "submitted"


def test_bad_deposits_are_refused_with_messages(app, make_user):
    client = sign_in_as(app.test_client(), make_user(roles=["researcher"]))
    cases = [
        ({"creators": "Rosa Quesada; 0000-0002-1825-0098"}, "not a valid ORCID"),
        ({"doi": "doi-10.12/x"}, "This is not a DOI"),
        ({"access": "embargoed", "embargo_until": "2020-01-01"}, "must end after today"),
        ({"access": "embargoed", "embargo_until": ""}, "Give the date when the embargo ends"),
        ({"title_es": "", "abstract_es": "", "title_en": "", "abstract_en": ""}, "at least one"),
        ({"files": [(pdf_upload()[0], "page.html", "text/html")]}, "not accepted"),
    ]
    for overrides, message in cases:
        response = client.post(
            "/research/new", data=deposit_form(**overrides), content_type="multipart/form-data"
        )
        assert response.status_code in (400, 413), overrides
        assert message in response.text, overrides
    db.session.expire_all()
    assert db.session.scalars(select(ResearchOutput)).all() == []


def test_orcid_and_doi_rules():
    assert normalise_orcid("https://orcid.org/0000-0002-1825-0097") == ORCID_OK
    assert normalise_orcid("0000-0002-9079-593X") == "0000-0002-9079-593X"
    assert normalise_orcid("0000-0002-1825-0096") is None
    assert normalise_orcid("1234") is None
    assert normalise_doi("https://doi.org/10.1234/abc.5") == "10.1234/abc.5"
    assert normalise_doi("10.12/x") is None


def test_published_files_are_frozen_and_changes_make_versions(app, make_output, outbox):
    output = make_output(files=1)
    owner = output.owner
    client = sign_in_as(app.test_client(), owner)
    file_id = output.newest.files[0].id

    response = client.post(
        f"/research/{output.id}/v/1/files",
        data={"files": [pdf_upload("new.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 409 and "Start a new version" in response.text
    response = client.post(f"/research/{output.id}/v/1/files/{file_id}/remove")
    assert response.status_code == 409
    assert client.get(f"/research/{output.id}/v/1/edit").status_code == 409

    assert client.post(f"/research/{output.id}/versions").status_code == 302
    assert client.post(f"/research/{output.id}/versions").status_code == 409  # one at a time
    form = deposit_form(access="network")
    del form["files"]
    assert client.post(f"/research/{output.id}/v/2/edit", data=form).status_code == 409
    response = client.post(
        f"/research/{output.id}/v/2/files",
        data={"files": [pdf_upload("corrected.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert client.post(f"/research/{output.id}/v/2/files/{file_id}/remove").status_code == 302
    assert client.post(f"/research/{output.id}/v/2/submit").status_code == 302

    visitor = app.test_client()
    assert visitor.get(f"/research/{output.id}/v/2").status_code == 404  # not published yet

    curator = sign_in_as(app.test_client(), app.extensions and _curator(output))
    assert (
        curator.post(f"/research/{output.id}/v/2/curate", data={"approve": "1"}).status_code == 302
    )

    latest = visitor.get(f"/research/{output.id}").text
    assert "corrected.pdf" in latest and "file-0.pdf" not in latest
    old = visitor.get(f"/research/{output.id}/v/1").text
    assert "file-0.pdf" in old and "Go to the latest version" in old
    assert "Version 2" in old and "latest version" in old
    bib = bibtexparser.parse_string(visitor.get(f"/research/{output.id}/v/1/cite.bib").text)
    assert bib.entries[0].key.endswith("v1")
    # Version 1's file is still served: published files never disappear.
    with visitor.get(f"/research/{output.id}/files/{file_id}/file-0.pdf") as response:
        assert response.status_code == 200


def _curator(output):
    from learning.research.models import ResearchVersion

    # The version a curator approved (PostgreSQL returns rows in no set order).
    version = db.session.scalars(
        select(ResearchVersion)
        .where(ResearchVersion.output_id == output.id, ResearchVersion.curator_id.is_not(None))
        .order_by(ResearchVersion.id)
    ).first()
    return db.session.get(type(output.owner), version.curator_id)


def test_access_network_embargo_and_drafts(app, make_user, make_output):
    network = make_output(access="network")
    today = programme_today()
    embargoed = make_output(access="embargoed", embargo_until=today + timedelta(days=10))
    draft = make_output(state="draft")
    visitor = app.test_client()
    member = sign_in_as(app.test_client(), make_user())

    assert visitor.get(f"/research/{network.id}").status_code == 302  # to sign in
    assert member.get(f"/research/{network.id}").status_code == 200
    network_file = network.newest.files[0]
    with member.get(f"/research/{network.id}/files/{network_file.id}/x.pdf") as response:
        assert response.status_code == 200

    page = visitor.get(f"/research/{embargoed.id}")
    assert page.status_code == 200 and "under embargo until" in page.text
    file = embargoed.newest.files[0]
    response = visitor.get(f"/research/{embargoed.id}/files/{file.id}/{file.original_name}")
    assert response.status_code == 403 and "under embargo" in response.text
    assert visitor.get(f"/files/{file.id}/{file.original_name}").status_code == 403

    # The embargo lifts by itself on the day.
    db.session.execute(
        update(ResearchOutput).where(ResearchOutput.id == embargoed.id).values(embargo_until=today)
    )
    db.session.commit()
    with visitor.get(f"/research/{embargoed.id}/files/{file.id}/{file.original_name}") as r:
        assert r.status_code == 200

    assert visitor.get(f"/research/{draft.id}").status_code == 404
    assert member.get(f"/research/{draft.id}").status_code == 404
    draft_file = draft.newest.files[0]
    assert member.get(f"/files/{draft_file.id}/x.pdf").status_code == 404
    owner = sign_in_as(app.test_client(), draft.owner)
    assert owner.get(f"/research/{draft.id}").status_code == 200


def test_withdrawn_output_leaves_a_tombstone(app, make_user, make_output, outbox):
    output = make_output()
    curator = sign_in_as(app.test_client(), make_user(roles=["curator"]))
    assert curator.post(f"/research/{output.id}/withdraw", data={"reason": ""}).status_code == 400
    response = curator.post(
        f"/research/{output.id}/withdraw", data={"reason": "Data error found in table 3."}
    )
    assert response.status_code == 302
    visitor = app.test_client()
    page = visitor.get(f"/research/{output.id}")
    assert page.status_code == 410
    assert "Data error found in table 3." in page.text and "withdrawn" in page.text
    file = output.newest.files[0]
    assert visitor.get(f"/research/{output.id}/files/{file.id}/x.pdf").status_code == 403
    assert "withdrawn" in outbox.messages()[-1]["Subject"]
    assert "Política fiscal" not in visitor.get("/research/?q=politica").text


def test_a_withdrawn_output_is_not_cited_as_if_it_stood(app, make_user, make_output):
    output = make_output()
    number = output.newest.number
    visitor = app.test_client()
    for fmt in ("bib", "ris"):
        assert visitor.get(f"/research/{output.id}/v/{number}/cite.{fmt}").status_code == 200
    curator = sign_in_as(app.test_client(), make_user(roles=["curator"]))
    curator.post(f"/research/{output.id}/withdraw", data={"reason": "Plagiarised section."})
    for fmt in ("bib", "ris"):
        answer = visitor.get(f"/research/{output.id}/v/{number}/cite.{fmt}")
        assert answer.status_code == 410
        assert answer.mimetype == "text/html" and "Plagiarised section." in answer.text
        # The curator who withdrew it still gets the record.
        assert curator.get(f"/research/{output.id}/v/{number}/cite.{fmt}").status_code == 200


def test_views_and_downloads_skip_bots_and_quick_repeats(app, make_output):
    output = make_output()
    file = output.newest.files[0]
    browser = app.test_client()
    browser.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
    bot = app.test_client()
    bot.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (compatible; Googlebot/2.1)"
    url = f"/research/{output.id}/files/{file.id}/{file.original_name}"

    for client in (browser, browser, bot):
        client.get(f"/research/{output.id}")
        with client.get(url):
            pass
    db.session.expire_all()
    row = db.session.get(ResearchOutput, output.id)
    assert (row.view_count, row.download_count) == (1, 1)

    # Thirty seconds later the same visitor counts again.
    db.session.execute(update(ResearchHit).values(created_at=utcnow() - timedelta(seconds=31)))
    db.session.commit()
    browser.get(f"/research/{output.id}")
    with browser.get(url):
        pass
    db.session.expire_all()
    row = db.session.get(ResearchOutput, output.id)
    assert (row.view_count, row.download_count) == (2, 2)
