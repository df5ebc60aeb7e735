"""An edition's roster: searched and filtered, paged for the page, in batches for the CSV."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from learning.accounts.models import User
from learning.language.taxonomy import is_country
from learning.language.text import normalise
from learning.platform.extensions import db
from learning.web.pagination import Page
from learning.workshops.models import Edition, Enrolment
from learning.workshops.services.common import escape_like


@cache
def _country_names() -> dict[str, str]:
    """Folded country names in Spanish and English (and codes) -> ISO code."""
    names: dict[str, str] = {}
    for language in ("es", "en"):
        for code, name in Locale.parse(language).territories.items():
            if is_country(code):
                names[normalise(name)] = code
                names[code.casefold()] = code
    return names


def country_code(value: str) -> str | None:
    """An ISO country code from a code or a name in Spanish or English ("México", "mexico",
    "MX"); None when unknown."""
    return _country_names().get(normalise(value.strip())) if value.strip() else None


def _roster_filter(query: Select[Any], edition: Edition, state: str, q: str) -> Select[Any]:
    """``query`` (over enrolments joined to their people) filtered by state and searched by
    name, e-mail, country (code or name) or organisation."""
    query = query.where(Enrolment.edition_id == edition.id)
    if state:
        query = query.where(Enrolment.state == state)
    q = q.strip()
    if q:
        pattern = f"%{escape_like(q.lower())}%"
        conditions = [
            func.lower(User.name).like(pattern, escape="\\"),
            User.email.like(pattern, escape="\\"),
            func.lower(User.organisation).like(pattern, escape="\\"),
        ]
        code = country_code(q)
        if code:
            conditions.append(User.country == code)
        query = query.where(or_(*conditions))
    return query


def roster_query(edition: Edition, *, state: str = "", q: str = "") -> Select[Any]:
    """The edition's enrolments, filtered by state and searched by name, e-mail, country (code
    or name) or organisation; oldest first (the waitlist order)."""
    query = (
        select(Enrolment)
        .join(User, Enrolment.user_id == User.id)
        .options(joinedload(Enrolment.user))
        .order_by(Enrolment.created_at, Enrolment.id)
    )
    return _roster_filter(query, edition, state, q)


def roster_count(edition: Edition, *, state: str = "", q: str = "") -> int:
    """How many enrolments ``roster_query`` finds."""
    joined = select(func.count(Enrolment.id)).join(User, Enrolment.user_id == User.id)
    return db.session.scalar(_roster_filter(joined, edition, state, q)) or 0


def roster_page(
    edition: Edition, *, state: str = "", q: str = "", number: int = 1, per_page: int = 50
) -> Page:
    """One page of ``roster_query`` as rows of the columns the roster shows (id, state,
    created_at, name, email, country, organisation): two queries, no ORM objects."""
    total = roster_count(edition, state=state, q=q)
    columns = select(
        Enrolment.id,
        Enrolment.state,
        Enrolment.created_at,
        User.name,
        User.email,
        User.country,
        User.organisation,
    ).join(User, Enrolment.user_id == User.id)
    rows = db.session.execute(
        _roster_filter(columns, edition, state, q)
        .order_by(Enrolment.created_at, Enrolment.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    ).all()
    return Page(items=list(rows), number=number, per_page=per_page, total=total)


def roster_rows(edition: Edition, *, state: str = "", q: str = "") -> Iterable[list[object]]:
    """Rows for the CSV export, read in batches (``messages.in_words`` words the states)."""
    query = roster_query(edition, state=state, q=q).execution_options(yield_per=500)
    for enrolment in db.session.scalars(query):
        user = enrolment.user
        yield [
            user.name,
            user.email,
            enrolment.state,
            user.country or "",
            user.organisation or "",
            user.sector or "",
            user.preferred_language,
            enrolment.created_at.isoformat(timespec="seconds"),
            enrolment.decision_note or "",
        ]
