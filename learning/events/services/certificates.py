"""Certificates of attendance: the event's rule (at least N days, N sessions, or a share of
the sessions, counting attendance in person, online or both), who meets it, issuing (one
person, or everyone who qualifies: on the job queue when many), finding by code, revoking.

Only people with an account get one (walk-ins have none to hold it), and only once the event
has ended. A certificate is issued once per person and event (ON CONFLICT DO NOTHING: two
organisers pressing at once make one).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from learning.accounts.models import User
from learning.audit import services as audit
from learning.events.after_models import CERTIFICATE_LANGUAGES, MEASURES, RULE_MODES
from learning.events.models import (
    Event,
    EventAttendance,
    EventCertificate,
    EventCertificateRule,
    EventSession,
    EventSessionAttendance,
)
from learning.events.services.common import EventError
from learning.jobs.models import Job
from learning.jobs.services import submit
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db

CODE = re.compile(r"[A-Za-z0-9_-]{22}")
ISSUE_JOB = "events.certificates"
# Up to this many at once, issuing happens while the organiser waits; more go on the queue.
AT_ONCE = 50


@dataclass
class Tally:
    """What a person attended: days and sessions (counted in the rule's mode)."""

    days: int = 0
    sessions: int = 0


def rule_of(event: Event) -> EventCertificateRule | None:
    return db.session.get(EventCertificateRule, event.id)


def save_rule(event: Event, measure: str, minimum: int | str | None, mode: str) -> None:
    """Set the event's rule. Raises EventError("bad_rule") for an unknown measure or mode, or
    a minimum outside 1..100 (a share is a percentage; a count cannot pass the days or
    sessions there are)."""
    try:
        number = int(str(minimum).strip())
    except (TypeError, ValueError) as exc:
        raise EventError("bad_rule") from exc
    if measure not in MEASURES or mode not in RULE_MODES or not 1 <= number <= 100:
        raise EventError("bad_rule")
    rule = rule_of(event) or EventCertificateRule(event_id=event.id)
    rule.measure, rule.minimum, rule.mode, rule.updated_at = measure, number, mode, utcnow()
    db.session.add(rule)


def session_total(event: Event) -> int:
    return (
        db.session.scalar(
            select(func.count(EventSession.id)).where(EventSession.event_id == event.id)
        )
        or 0
    )


def tallies(event: Event, mode: str = "any") -> dict[int, Tally]:
    """Each account's attendance at ``event`` in ``mode`` (two grouped queries)."""
    found: dict[int, Tally] = {}
    for model, field in ((EventAttendance, "days"), (EventSessionAttendance, "sessions")):
        query = (
            select(model.user_id, func.count(model.id))
            .where(model.event_id == event.id, model.user_id.is_not(None))
            .group_by(model.user_id)
        )
        if mode != "any":
            query = query.where(model.mode == mode)
        for user_id, n in db.session.execute(query):
            setattr(found.setdefault(user_id, Tally()), field, n)
    return found


def meets(rule: EventCertificateRule, tally: Tally, sessions: int) -> bool:
    """Whether ``tally`` satisfies ``rule`` at an event with ``sessions`` sessions."""
    if rule.measure == "days":
        return tally.days >= rule.minimum
    if rule.measure == "sessions":
        return tally.sessions >= rule.minimum
    return sessions > 0 and tally.sessions * 100 >= rule.minimum * sessions


def qualifying(event: Event) -> list[int]:
    """The accounts that meet the event's rule and hold no certificate yet, by id."""
    rule = rule_of(event)
    if rule is None:
        return []
    total = session_total(event)
    holders = set(
        db.session.scalars(
            select(EventCertificate.user_id).where(EventCertificate.event_id == event.id)
        )
    )
    return sorted(
        user_id
        for user_id, tally in tallies(event, rule.mode).items()
        if user_id not in holders and meets(rule, tally, total)
    )


def attendees(event: Event) -> list[tuple[User, Tally, bool]]:
    """Everyone with an account who attended and holds no certificate yet, by name: their
    tally in the rule's mode and whether they meet the rule (three queries)."""
    rule = rule_of(event)
    found = tallies(event, rule.mode if rule else "any")
    holders = set(
        db.session.scalars(
            select(EventCertificate.user_id).where(EventCertificate.event_id == event.id)
        )
    )
    wanted = [user_id for user_id in found if user_id not in holders]
    if not wanted:
        return []
    total = session_total(event)
    people = db.session.scalars(
        select(User).where(User.id.in_(wanted)).order_by(User.name, User.id)
    ).all()
    return [(p, found[p.id], rule is not None and meets(rule, found[p.id], total)) for p in people]


def _ready(event: Event) -> EventCertificateRule:
    if event.status not in ("published", "archived") or event.ends_at > utcnow():
        raise EventError("not_ended")
    rule = rule_of(event)
    if rule is None:
        raise EventError("no_rule")
    return rule


def _insert(event: Event, user: User) -> None:
    language = getattr(user, "preferred_language", "es")
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(EventCertificate)
        .values(
            event_id=event.id,
            user_id=user.id,
            code=secrets.token_urlsafe(16),
            language=language if language in CERTIFICATE_LANGUAGES else "es",
            issued_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
    )
    # Whose record this is: that person's kept pages are renewed (learning/platform/cache.py).
    db.session.execute(statement.execution_options(owner=user.id))


def issue(event: Event, user: User) -> EventCertificate:
    """Issue ``user``'s certificate (or return the one they hold).

    Raises EventError("not_ended"|"no_rule"|"not_qualified")."""
    rule = _ready(event)
    if certificate_of(event, user) is None:
        tally = tallies(event, rule.mode).get(user.id, Tally())
        if not meets(rule, tally, session_total(event)):
            raise EventError("not_qualified")
        _insert(event, user)
    found = certificate_of(event, user)
    if found is None:  # pragma: no cover - the insert above or a twin wrote it
        raise EventError("not_qualified")
    return found


def issue_many(event: Event, user_ids: list[int]) -> int:
    """Issue a certificate to each of ``user_ids`` (already known to qualify); how many."""
    people = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    for person in people:
        _insert(event, person)
    return len(people)


def issue_all(event: Event, by: User) -> tuple[int, Job | None]:
    """Everyone who qualifies gets their certificate: at once (returns how many) when few,
    else through a job on the queue (returned, with the count to do).

    Raises EventError("not_ended"|"no_rule"); jobs.queue.QueueUnavailable for a job when the
    queue cannot be reached (nothing is written)."""
    _ready(event)
    people = qualifying(event)
    if len(people) > AT_ONCE:
        job = submit(ISSUE_JOB, owner=by, params={"event_id": event.id}, total=len(people))
        return len(people), job
    issued = issue_many(event, people)
    if issued:
        audit.record(
            "event_certificates.issued", target_type="event", target_id=event.id, issued=issued
        )
    return issued, None


def certificate_of(event: Event, user: User) -> EventCertificate | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(EventCertificate).where(
            EventCertificate.event_id == event.id, EventCertificate.user_id == user.id
        )
    )


def certificates(event: Event) -> list[EventCertificate]:
    """The event's certificates with their holders, by name."""
    return list(
        db.session.scalars(
            select(EventCertificate)
            .join(EventCertificate.user)
            .where(EventCertificate.event_id == event.id)
            .options(selectinload(EventCertificate.user))
            .order_by(User.name, EventCertificate.id)
        )
    )


def find(code: str) -> EventCertificate | None:
    """The certificate with ``code``; a malformed code is not looked up at all."""
    code = (code or "").strip()
    if not CODE.fullmatch(code):
        return None
    return db.session.scalar(
        select(EventCertificate)
        .where(EventCertificate.code == code)
        .options(
            selectinload(EventCertificate.user),
            selectinload(EventCertificate.event).selectinload(Event.translations),
        )
    )


def revoke(certificate: EventCertificate, *, by: User, reason: str) -> None:
    """Revoke a certificate, keeping who, when and why.

    Raises EventError("revoke_reason"|"already_revoked")."""
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > 2000:
        raise EventError("revoke_reason")
    if certificate.revoked_at is not None:
        raise EventError("already_revoked")
    certificate.revoked_reason = reason
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = by.id
    audit.record(
        "event_certificate.revoked",
        target_type="event_certificate",
        target_id=certificate.id,
        reason=reason,
    )


def forget_certificates(user: User) -> None:
    """A person deletes their account (the accounts.deleting slot): their certificates of
    attendance go, so no public page certifies a person who is gone. (Their attendance stays,
    anonymous, for the figures.)"""
    db.session.execute(
        delete(EventCertificate)
        .where(EventCertificate.user_id == user.id)
        .execution_options(synchronize_session=False, owner=user.id)
    )
