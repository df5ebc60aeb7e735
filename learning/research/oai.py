"""OAI-PMH 2.0 data provider at /oai: oai_dc records of published outputs, sets by theme and
type, resumption tokens, deleted records for withdrawn outputs, and the protocol's errors
(the oai_dc metadata format itself is in learning/research/oai_formats.py).

Network-only outputs are never exposed. Tokens are signed and expire; they carry the request's
arguments and the last identifier sent (keyset paging, so concurrent changes skip nothing).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Response, current_app, request, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning.language.taxonomy import THEMES
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.platform.settings import programme
from learning.research.models import ResearchFacet, ResearchOutput
from learning.research.oai_formats import (
    DC,
    OAI_DC,
    THEME_NAMES,
    TYPE_NAMES,
    XSI,
    dublin_core,
)
from learning.research.oai_formats import element as _el
from learning.research.services.index import harvestable
from learning.web.forms import plain_values

OAI = "http://www.openarchives.org/OAI/2.0/"
TOKEN_SECONDS = 24 * 3600
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

for prefix, uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(prefix, uri)

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
_SET = re.compile(r"^(theme|type)(?::([a-z_]+))?$")


class OAIError(Exception):
    """A protocol error: ``code`` is one of the OAI-PMH error codes."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _repository_id() -> str:
    return current_app.config.get("OAI_REPOSITORY_IDENTIFIER") or request.host.split(":")[0]


def identifier(output: ResearchOutput) -> str:
    """The OAI identifier of an output."""
    return f"oai:{_repository_id()}:research/{output.id}"


def _output_id(value: str) -> int:
    prefix = f"oai:{_repository_id()}:research/"
    rest = value[len(prefix) :] if value.startswith(prefix) else ""
    if not rest.isdigit() or len(rest) > 12:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    return int(rest)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="research-oai-token")


def _parse_date(value: str, *, end: bool) -> tuple[datetime, str]:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return (moment + timedelta(days=1) if end else moment), "day"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return (moment + timedelta(seconds=1) if end else moment), "second"
    except ValueError:
        pass
    raise OAIError(
        "badArgument", f"'{value}' is not a date in the form YYYY-MM-DD or {GRANULARITY}."
    )


def _arguments() -> tuple[str, dict[str, str]]:
    # A harvester's POST is read as query parameters are: XML 1.0 cannot hold a control
    # character, and arguments are echoed in the answer.
    values = plain_values(request.form) if request.method == "POST" else request.args
    verbs = values.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    args: dict[str, str] = {}
    for key in values:
        if key == "verb":
            continue
        items = values.getlist(key)
        if len(items) != 1:
            raise OAIError("badArgument", f"The argument {key} is repeated.")
        args[key] = items[0]
    required, optional = VERBS[verb]
    if verb in ("ListIdentifiers", "ListRecords", "ListSets") and "resumptionToken" in args:
        if len(args) != 1:
            raise OAIError("badArgument", "resumptionToken must be the only argument.")
        return verb, args
    unknown = set(args) - required - optional
    if unknown:
        raise OAIError("badArgument", f"Unknown argument: {', '.join(sorted(unknown))}.")
    missing = required - set(args)
    if missing:
        raise OAIError("badArgument", f"Missing argument: {', '.join(sorted(missing))}.")
    return verb, args


def endpoint() -> Response:
    """Anyone (harvesters): the OAI-PMH 2.0 interface; GET or form-encoded POST."""
    root = ET.Element(f"{{{OAI}}}OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _el(root, f"{{{OAI}}}responseDate", _stamp(utcnow()))
    base_url = url_for("research.oai", _external=True)
    request_el = _el(root, f"{{{OAI}}}request", base_url)
    body = None
    try:
        verb, args = _arguments()
        request_el.set("verb", verb)
        for key, value in args.items():
            request_el.set(key, value)
        body = _el(root, f"{{{OAI}}}{verb}")
        HANDLERS[verb](body, args)
    except OAIError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request_el.attrib.clear()
        if body is not None:
            root.remove(body)
        _el(root, f"{{{OAI}}}error", exc.message, code=exc.code)
    xml = ET.tostring(root, encoding="unicode")
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + xml,
        mimetype="text/xml",
        headers={"Cache-Control": "no-store"},
    )


def _identify(body: ET.Element, args: dict[str, str]) -> None:
    earliest = db.session.scalar(
        harvestable().with_only_columns(func.min(ResearchOutput.datestamp))
    )
    _el(body, f"{{{OAI}}}repositoryName", f"{programme().name} research")
    _el(body, f"{{{OAI}}}baseURL", url_for("research.oai", _external=True))
    _el(body, f"{{{OAI}}}protocolVersion", "2.0")
    _el(body, f"{{{OAI}}}adminEmail", programme().contact_email)
    _el(
        body,
        f"{{{OAI}}}earliestDatestamp",
        _stamp(earliest) if earliest else "2020-01-01T00:00:00Z",
    )
    _el(body, f"{{{OAI}}}deletedRecord", "persistent")
    _el(body, f"{{{OAI}}}granularity", GRANULARITY)
    description = _el(body, f"{{{OAI}}}description")
    ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    ident = _el(description, f"{{{ns}}}oai-identifier")
    ident.set(
        f"{{{XSI}}}schemaLocation", f"{ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
    )
    _el(ident, f"{{{ns}}}scheme", "oai")
    _el(ident, f"{{{ns}}}repositoryIdentifier", _repository_id())
    _el(ident, f"{{{ns}}}delimiter", ":")
    _el(ident, f"{{{ns}}}sampleIdentifier", f"oai:{_repository_id()}:research/1")


def _list_metadata_formats(body: ET.Element, args: dict[str, str]) -> None:
    if "identifier" in args:
        _find(args["identifier"])
    fmt = _el(body, f"{{{OAI}}}metadataFormat")
    _el(fmt, f"{{{OAI}}}metadataPrefix", "oai_dc")
    _el(fmt, f"{{{OAI}}}schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    _el(fmt, f"{{{OAI}}}metadataNamespace", OAI_DC)


def _list_sets(body: ET.Element, args: dict[str, str]) -> None:
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "This list has no further pages.")
    sets = [("theme", "Themes"), ("type", "Types of output")]
    sets += [(f"theme:{key}", name) for key, name in THEME_NAMES.items() if key in THEMES]
    sets += [(f"type:{key}", name) for key, name in TYPE_NAMES.items()]
    for spec, name in sets:
        element = _el(body, f"{{{OAI}}}set")
        _el(element, f"{{{OAI}}}setSpec", spec)
        _el(element, f"{{{OAI}}}setName", name)


def _find(value: str) -> ResearchOutput:
    output_id = _output_id(value)
    output = db.session.scalar(
        harvestable()
        .where(ResearchOutput.id == output_id)
        .options(selectinload(ResearchOutput.versions))
    )
    if output is None:
        raise OAIError("idDoesNotExist", "No item has this identifier.")
    return output


def _check_prefix(prefix: str) -> None:
    if prefix != "oai_dc":
        raise OAIError(
            "cannotDisseminateFormat",
            f"The metadata format '{prefix}' is not supported; use oai_dc.",
        )


def _get_record(body: ET.Element, args: dict[str, str]) -> None:
    _check_prefix(args["metadataPrefix"])
    output = _find(args["identifier"])
    _record(body, output, _set_specs([output]).get(output.id, []), with_metadata=True)


def _set_specs(outputs: list[ResearchOutput]) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(ResearchFacet.output_id, ResearchFacet.facet, ResearchFacet.value).where(
            ResearchFacet.output_id.in_([o.id for o in outputs]),
            ResearchFacet.facet.in_(("theme", "type")),
        )
    ).all()
    specs: dict[int, list[str]] = {}
    for output_id, facet, value in rows:
        specs.setdefault(output_id, []).append(f"{facet}:{value}")
    return {key: sorted(values) for key, values in specs.items()}


def _list(body: ET.Element, args: dict[str, str], *, with_metadata: bool) -> None:
    verb = "ListRecords" if with_metadata else "ListIdentifiers"
    if "resumptionToken" in args:
        try:
            state = _serializer().loads(args["resumptionToken"], max_age=TOKEN_SECONDS)
        except (SignatureExpired, BadSignature) as exc:
            raise OAIError(
                "badResumptionToken", "The resumption token is not valid or has expired."
            ) from exc
        if not isinstance(state, dict) or state.get("verb") != verb:
            raise OAIError("badResumptionToken", "The resumption token is not for this verb.")
    else:
        state = {
            "verb": verb,
            "prefix": args["metadataPrefix"],
            "set": args.get("set"),
            "from": args.get("from"),
            "until": args.get("until"),
            "after": 0,
            "cursor": 0,
        }
    _check_prefix(state["prefix"])
    query = harvestable()
    grain = None
    if state.get("from"):
        start, grain = _parse_date(state["from"], end=False)
        query = query.where(ResearchOutput.datestamp >= start)
    if state.get("until"):
        end, until_grain = _parse_date(state["until"], end=True)
        if grain and until_grain != grain:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if state.get("from") and end <= start:
            raise OAIError("badArgument", "from is later than until.")
        query = query.where(ResearchOutput.datestamp < end)
    if state.get("set"):
        match = _SET.match(state["set"])
        if not match:
            raise OAIError("noRecordsMatch", "No set has this name.")
        facet, value = match.groups()
        condition = ResearchFacet.facet == facet
        if value:
            condition = condition & (ResearchFacet.value == value)
        query = query.where(ResearchOutput.id.in_(select(ResearchFacet.output_id).where(condition)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    size = int(current_app.config.get("RESEARCH_OAI_PAGE_SIZE", 100))
    outputs = list(
        db.session.scalars(
            query.where(ResearchOutput.id > int(state["after"]))
            .order_by(ResearchOutput.id)
            .limit(size)
            .options(selectinload(ResearchOutput.versions))
        )
    )
    if not outputs:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    specs = _set_specs(outputs)
    for output in outputs:
        _record(body, output, specs.get(output.id, []), with_metadata=with_metadata)
    cursor = int(state["cursor"])
    sent = cursor + len(outputs)
    if sent < total or "resumptionToken" in args:
        token_el = _el(
            body, f"{{{OAI}}}resumptionToken", completeListSize=str(total), cursor=str(cursor)
        )
        if sent < total:
            state = {**state, "after": outputs[-1].id, "cursor": sent}
            token_el.text = _serializer().dumps(state)
            token_el.set("expirationDate", _stamp(utcnow() + timedelta(seconds=TOKEN_SECONDS)))


def _record(
    parent: ET.Element, output: ResearchOutput, specs: list[str], *, with_metadata: bool
) -> None:
    container = _el(parent, f"{{{OAI}}}record") if with_metadata else parent
    deleted = output.state == "withdrawn"
    header = _el(container, f"{{{OAI}}}header", status="deleted" if deleted else None)
    _el(header, f"{{{OAI}}}identifier", identifier(output))
    _el(header, f"{{{OAI}}}datestamp", _stamp(output.datestamp))
    for spec in specs:
        _el(header, f"{{{OAI}}}setSpec", spec)
    if with_metadata and not deleted and output.latest is not None:
        metadata = _el(container, f"{{{OAI}}}metadata")
        dublin_core(metadata, output, output.latest)


HANDLERS: dict[str, Any] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda body, args: _list(body, args, with_metadata=False),
    "ListRecords": lambda body, args: _list(body, args, with_metadata=True),
}
