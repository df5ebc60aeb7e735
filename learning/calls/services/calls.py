"""Running a call: creating and editing it (texts, kind, window in a named time zone, places,
statement limit, eligibility rules), opening, closing and archiving it, and the public list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, select

from learning.accounts.models import User
from learning.calls.models import CAREER_STAGES, KINDS, RULES, Call, CallRule, CallTranslation
from learning.calls.services.common import CallError
from learning.language.taxonomy import SECTORS, is_country
from learning.language.timezones import from_wall_clock, is_timezone
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services.common import Texts, WorkshopError, clean_texts, sync_translations

MAX_PLACES = 1000
# A call closing within this is marked "closing soon" on the list and its page.
CLOSING_SOON = timedelta(days=7)
# Staff move a call along this path (drafts are opened with ``open_call``).
NEXT_STATUS = {
    "open": "closed",
    "closed": "reviewing",
    "reviewing": "decided",
    "decided": "archived",
}


@dataclass
class CallData:
    """Everything the call form gives; times are wall-clock times in ``timezone``."""

    texts: dict[str, Texts]
    kind: str = "fellowship"
    timezone: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    places: int | None = None
    statement_limit: int | None = 3000
    blind: bool = False
    reviews_each: int | None = 2
    referees: int | None = 0
    # rule name -> accepted keys (an empty list for the rules that take none)
    rules: dict[str, list[str]] = field(default_factory=dict)


def _check_rules(rules: dict[str, list[str]]) -> dict[str, str]:
    kept = {}
    for name, values in rules.items():
        if name not in RULES:
            raise CallError("bad_rule")
        allowed: Any = {
            "sector": SECTORS,
            "career_stage": CAREER_STAGES,
        }.get(name)
        if name == "country":
            if not values or not all(is_country(v) for v in values):
                raise CallError("rule_values", rule=name)
        elif allowed is not None:
            if not values or not set(values) <= set(allowed):
                raise CallError("rule_values", rule=name)
        kept[name] = " ".join(sorted(set(values)))[:500]
    return kept


def check_call(data: CallData) -> tuple[dict[str, Texts], dict[str, Any], dict[str, str]]:
    """Check ``data`` without writing; returns (texts, column values with UTC times, rules).

    Raises CallError: no_language, title_missing:<lang>, bad_kind, bad_timezone,
    times_missing, times_order, bad_places, bad_limit, bad_reviews_each, bad_referees, bad_rule,
    rule_values.
    """
    try:
        texts = clean_texts(data.texts)
    except WorkshopError as exc:
        raise CallError(exc.code) from exc
    if data.kind not in KINDS:
        raise CallError("bad_kind")
    if not data.timezone or not is_timezone(data.timezone):
        raise CallError("bad_timezone")
    opens = from_wall_clock(data.opens_at, data.timezone)
    closes = from_wall_clock(data.closes_at, data.timezone)
    if opens is None or closes is None:
        raise CallError("times_missing")
    if closes <= opens:
        raise CallError("times_order")
    if data.places is None or not 1 <= data.places <= MAX_PLACES:
        raise CallError("bad_places")
    if data.statement_limit is None or not 100 <= data.statement_limit <= 20000:
        raise CallError("bad_limit")
    if data.reviews_each is None or not 1 <= data.reviews_each <= 10:
        raise CallError("bad_reviews_each")
    if data.referees is None or not 0 <= data.referees <= 5:
        raise CallError("bad_referees")
    rules = _check_rules(data.rules)
    values = {
        "kind": data.kind,
        "timezone": data.timezone,
        "opens_at": opens,
        "closes_at": closes,
        "places": data.places,
        "statement_limit": data.statement_limit,
        "blind": bool(data.blind),
        "reviews_each": data.reviews_each,
        "referees": data.referees,
    }
    return texts, values, rules


def save_call(call: Call | None, data: CallData, *, author: User) -> Call:
    """Create (``call`` None, as a draft) or update a call from ``data``.

    Raises CallError as ``check_call`` does."""
    texts, values, rules = check_call(data)
    if call is None:
        call = Call(status="draft", created_by_id=author.id)
        db.session.add(call)
    for name, value in values.items():
        setattr(call, name, value)
    call.updated_at = utcnow()
    sync_translations(
        call.translations, texts, CallTranslation, ("title", "summary", "description", "body")
    )
    for row in list(call.rules):
        if row.rule not in rules:
            call.rules.remove(row)
    have = {row.rule: row for row in call.rules}
    for name, value in rules.items():
        if name in have:
            have[name].value = value
        else:
            call.rules.append(CallRule(rule=name, value=value))
    db.session.flush()
    return call


def open_call(call: Call) -> None:
    """Publish a draft call: it goes on the public list and takes applications inside its
    window. Raises CallError("not_draft") for a call past its draft."""
    if call.status != "draft":
        raise CallError("not_draft")
    call.status = "open"
    call.published_at = utcnow()
    db.session.flush()


def advance(call: Call, to: str) -> None:
    """Move the call to the next status of its path (closed, under review, decided,
    archived). Raises CallError("bad_step") for any other move."""
    if NEXT_STATUS.get(call.status) != to:
        raise CallError("bad_step")
    call.status = to
    call.updated_at = utcnow()
    db.session.flush()


def takes_applications(call: Call, now: datetime | None = None) -> bool:
    """Whether the call is open and ``now`` (the server's time) is inside its window."""
    now = now or utcnow()
    return call.status == "open" and call.opens_at <= now < call.closes_at


def closing_soon(call: Call, now: datetime | None = None) -> bool:
    """Whether an open call closes within ``CLOSING_SOON``."""
    now = now or utcnow()
    return takes_applications(call, now) and call.closes_at - now <= CLOSING_SOON


def public_calls(now: datetime) -> Select[Any]:
    """The calls on the public list: those taking applications first (closing first), then
    the rest (under review, decided) newest first; drafts and archived ones stay off."""
    taking = (Call.status == "open") & (Call.closes_at > now)
    return (
        select(Call)
        .where(Call.status.in_(("open", "closed", "reviewing", "decided")))
        .order_by(
            case((taking, 0), else_=1),
            case((taking, Call.closes_at), else_=None),
            Call.closes_at.desc(),
            Call.id.desc(),
        )
    )


def all_calls() -> Select[Any]:
    """Staff: every call, drafts and archived ones included, newest first."""
    return select(Call).order_by(Call.created_at.desc(), Call.id.desc())
