"""OAI-PMH 2.0 at /oai, harvested by a real harvester (sickle) over HTTP, and its errors."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch
from werkzeug.serving import make_server

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture
def endpoint(app) -> Iterator[str]:
    """The app served over real HTTP on 127.0.0.1, for a harvester that speaks HTTP."""
    app.config["RESEARCH_OAI_PAGE_SIZE"] = 2
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/oai"
    finally:
        server.shutdown()
        thread.join()
        app.config["RESEARCH_OAI_PAGE_SIZE"] = 100


@pytest.fixture
def records(make_output):
    made = [
        make_output(
            title_es=f"Política {n}",
            abstract_es="Resumen en español.",
            title_en=f"Policy {n}",
            abstract_en="English abstract.",
            languages=("es", "en"),
            themes=("climate",) if n % 2 else ("democracy",),
        )
        for n in range(4)
    ]
    made.append(make_output(title_es="Retirada", state="withdrawn", themes=("climate",)))
    make_output(title_es="Solo para la red", access="network")
    make_output(title_es="Borrador", state="draft")
    return made


def test_sickle_harvests_every_record_page_by_page(endpoint, records):
    sickle = Sickle(endpoint, max_retries=1)
    identify = sickle.Identify()
    assert identify.protocolVersion == "2.0" and identify.deletedRecord == "persistent"

    harvested = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(harvested) == 5  # 3 pages of 2: network-only and drafts are never exposed
    live = [r for r in harvested if not r.header.deleted]
    deleted = [r for r in harvested if r.header.deleted]
    assert [r.header.identifier for r in deleted] == [f"oai:127.0.0.1:research/{records[-1].id}"]
    first = live[0]
    assert first.metadata["title"] == ["Policy 0", "Política 0"]
    assert first.metadata["language"] == ["es", "en"]
    titles = first.xml.findall(".//dc:title", NS)
    assert {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in titles} == {"en", "es"}

    identifiers = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")]
    assert len(identifiers) == 5
    climate = [
        h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="theme:climate")
    ]
    assert len(climate) == 3  # two live, one deleted
    sets = {s.setSpec for s in sickle.ListSets()}
    assert {"theme:climate", "type:policy_brief", "theme", "type"} <= sets
    record = sickle.GetRecord(identifier=identifiers[0], metadataPrefix="oai_dc")
    assert record.metadata["publisher"] == ["Centro de Estudios"]
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]

    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:127.0.0.1:research/999999", metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="theme:growth"))
    with pytest.raises(BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "yesterday"}))


def error_code(client, method: str = "get", **args) -> str:
    response = getattr(client, method)(
        "/oai",
        query_string=args if method == "get" else None,
        data=args if method == "post" else None,
    )
    assert response.status_code == 200 and response.mimetype == "text/xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own response
    error = root.find("o:error", NS)
    return error.get("code") if error is not None else ""


def test_protocol_errors(client, records):
    assert error_code(client) == "badVerb"
    assert error_code(client, verb="Dance") == "badVerb"
    assert error_code(client, verb="Identify", extra="1") == "badArgument"
    assert error_code(client, verb="GetRecord", identifier="x") == "badArgument"
    assert error_code(client, verb="ListRecords") == "badArgument"
    assert (
        error_code(client, verb="ListRecords", metadataPrefix="marc21") == "cannotDisseminateFormat"
    )
    assert error_code(client, verb="ListRecords", resumptionToken="forged") == "badResumptionToken"
    assert (
        error_code(client, verb="ListRecords", resumptionToken="x", metadataPrefix="oai_dc")
        == "badArgument"
    )
    assert (
        error_code(
            client, verb="GetRecord", identifier="oai:elsewhere:research/1", metadataPrefix="oai_dc"
        )
        == "idDoesNotExist"
    )
    assert (
        error_code(
            client,
            verb="ListRecords",
            metadataPrefix="oai_dc",
            **{"from": "2020-01-01", "until": "2020-01-02T00:00:00Z"},
        )
        == "badArgument"
    )
    assert (
        error_code(client, verb="ListRecords", metadataPrefix="oai_dc", until="2001-01-01")
        == "noRecordsMatch"
    )
    # POST works too, without a CSRF token: the endpoint changes nothing.
    assert error_code(client, "post", verb="ListSets") == ""
    assert error_code(client, "post", verb="ListRecords", metadataPrefix="oai_dc") == ""


def test_tokens_expire_and_belong_to_their_verb(app, client, records):
    app.config["RESEARCH_OAI_PAGE_SIZE"] = 2
    try:
        root = ET.fromstring(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").data)  # noqa: S314 - our own response
        token = root.find(".//o:resumptionToken", NS)
        assert token.get("completeListSize") == "5" and token.get("cursor") == "0"
        assert error_code(client, verb="ListRecords", resumptionToken=token.text) == (
            "badResumptionToken"
        )
        assert error_code(client, verb="ListIdentifiers", resumptionToken=token.text) == ""
        tampered = token.text[:-2] + ("AA" if not token.text.endswith("AA") else "BB")
        assert error_code(client, verb="ListIdentifiers", resumptionToken=tampered) == (
            "badResumptionToken"
        )
    finally:
        app.config["RESEARCH_OAI_PAGE_SIZE"] = 100
