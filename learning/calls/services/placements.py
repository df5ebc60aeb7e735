"""Placements and alumni: for each person selected in a decided call, staff record the
placement (host institution, dates, agreement, milestones, status); the fellow writes the
interim and final reports and links the research outputs they deposited. ``alumni`` lists the
people selected in decided or archived calls, for the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from learning.accounts.models import User
from learning.calls.models import (
    Call,
    CallApplication,
    CallMilestone,
    CallPlacement,
    CallPlacementOutput,
)
from learning.calls.placement_models import PLACEMENT_STATES
from learning.calls.services.common import CallError
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput, ResearchVersion
from learning.storage.models import StoredFile


@dataclass(frozen=True)
class Alumnus:
    """A person selected in a call: who, in which call (its id, kind and texts through
    ``call``), the project and when the decision was taken."""

    user: User
    call: Call
    project_title: str
    decided_at: datetime | None


def alumni_applications(kind: str = "") -> Select[tuple[CallApplication]]:
    """The one definition of the programme's exchange alumni, as a query of their
    applications: selected in calls whose decisions are announced (decided or archived), by
    people with active accounts; with ``kind`` (a key of calls.models KINDS), in calls of that
    kind only. Narrow it further or take other columns (``alumni_ids``), never restate it."""
    query = (
        select(CallApplication)
        .join(Call, Call.id == CallApplication.call_id)
        .join(User, User.id == CallApplication.user_id)
        .where(
            CallApplication.decision == "selected",
            Call.status.in_(("decided", "archived")),
            User.active.is_(True),
        )
    )
    return query.where(Call.kind == kind) if kind else query


def alumni_ids(kind: str = "") -> Select[tuple[int]]:
    """The ids of the people ``alumni_applications(kind)`` finds (as a subquery, for
    ``User.id.in_(...)``; a person selected twice comes twice)."""
    return alumni_applications(kind).with_only_columns(CallApplication.user_id)


def alumni(limit: int | None = None, *, user_id: int | None = None) -> list[Alumnus]:
    """The programme's exchange alumni (``alumni_applications``), most recent decision first;
    with ``user_id``, that person's exchanges only. Two queries whatever the number: the
    applications with their people and calls, then the calls' texts (not their rules)."""
    query = (
        alumni_applications()
        .options(
            joinedload(CallApplication.user),
            joinedload(CallApplication.call).lazyload(Call.rules),
        )
        .order_by(CallApplication.decided_at.desc(), CallApplication.id.desc())
    )
    if user_id is not None:
        query = query.where(CallApplication.user_id == user_id)
    if limit is not None:
        query = query.limit(limit)
    return [
        Alumnus(a.user, a.call, a.project_title, a.decided_at) for a in db.session.scalars(query)
    ]


PLACEABLE = ("decided", "archived")
HOST_LIMIT = 200
REPORT_LIMIT = 20000
REPORTS = ("interim", "final")


@dataclass
class PlacementData:
    """What staff give for a placement: host institution, dates and (on change) status."""

    host: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    status: str = "planned"


def _check(data: PlacementData) -> str:
    host = data.host.strip()
    if not host or len(host) > HOST_LIMIT:
        raise CallError("host_missing")
    if data.starts_on is None or data.ends_on is None:
        raise CallError("dates_missing")
    if data.ends_on <= data.starts_on:
        raise CallError("dates_order")
    if data.status not in PLACEMENT_STATES:
        raise CallError("bad_status")
    return host


def create(application: CallApplication, data: PlacementData) -> CallPlacement:
    """Staff: the placement of a person selected in a decided call. Raises CallError:
    placement_not_selected, placement_exists, host_missing, dates_missing, dates_order,
    bad_status."""
    if application.decision != "selected" or application.call.status not in PLACEABLE:
        raise CallError("placement_not_selected")
    if db.session.scalar(
        select(CallPlacement.id).where(CallPlacement.application_id == application.id)
    ):
        raise CallError("placement_exists")
    host = _check(data)
    placement = CallPlacement(
        application_id=application.id,
        user_id=application.user_id,
        host=host,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        status=data.status,
    )
    db.session.add(placement)
    db.session.flush()
    return placement


def update(placement: CallPlacement, data: PlacementData) -> None:
    """Staff: change the host, dates or status. Raises CallError as ``create`` does."""
    placement.host = _check(data)
    placement.starts_on = data.starts_on
    placement.ends_on = data.ends_on
    placement.status = data.status
    placement.updated_at = utcnow()
    db.session.flush()


def _replace(placement: CallPlacement, attribute: str, file: StoredFile) -> None:
    old = getattr(placement, attribute)
    setattr(placement, attribute, file)
    placement.updated_at = utcnow()
    if old is not None and old is not file:
        db.session.delete(old)
    db.session.flush()


def set_agreement(placement: CallPlacement, file: StoredFile) -> None:
    """Staff: attach the signed agreement (a previous one goes)."""
    _replace(placement, "agreement", file)


def add_milestone(placement: CallPlacement, title: str, due_on: date | None) -> CallMilestone:
    """Staff: add a milestone. Raises CallError: milestone_title, milestone_date."""
    title = title.strip()
    if not title or len(title) > HOST_LIMIT:
        raise CallError("milestone_title")
    if due_on is None:
        raise CallError("milestone_date")
    milestone = CallMilestone(title=title, due_on=due_on)
    placement.milestones.append(milestone)
    placement.updated_at = utcnow()
    db.session.flush()
    return milestone


def toggle_milestone(milestone: CallMilestone) -> None:
    """Mark a milestone done, or not done again."""
    milestone.done_at = None if milestone.done_at else utcnow()
    db.session.flush()


def save_report(
    placement: CallPlacement, which: str, text: str, file: StoredFile | None = None
) -> None:
    """The fellow: write (or replace) the interim or final report, as text, a file or both.
    Raises CallError: placement_closed, report_empty, too_long (detail ``limit``)."""
    if which not in REPORTS:
        raise CallError("report_empty")
    if placement.status == "cancelled":
        raise CallError("placement_closed")
    text = text.strip().replace("\r\n", "\n")
    if len(text) > REPORT_LIMIT:
        raise CallError("too_long", limit=REPORT_LIMIT)
    current_file = getattr(placement, f"{which}_file")
    if not text and file is None and current_file is None:
        raise CallError("report_empty")
    setattr(placement, f"{which}_text", text)
    if file is not None:
        _replace(placement, f"{which}_file", file)
    placement.updated_at = utcnow()
    db.session.flush()


def own_outputs(user: User) -> list[ResearchOutput]:
    """The research outputs a person deposited (not withdrawn), newest first, with their
    versions' texts: what the fellow may link to their placement."""
    return list(
        db.session.scalars(
            select(ResearchOutput)
            .where(ResearchOutput.owner_id == user.id, ResearchOutput.state != "withdrawn")
            .options(selectinload(ResearchOutput.versions).selectinload(ResearchVersion.texts))
            .order_by(ResearchOutput.created_at.desc(), ResearchOutput.id.desc())
        )
    )


def link_output(placement: CallPlacement, output_id: int | None) -> CallPlacementOutput:
    """The fellow links one of their own outputs. Raises CallError: bad_output,
    output_linked."""
    output = db.session.get(ResearchOutput, output_id or 0)
    if output is None or output.owner_id != placement.user_id or output.state == "withdrawn":
        raise CallError("bad_output")
    if any(link.output_id == output.id for link in placement.output_links):
        raise CallError("output_linked")
    link = CallPlacementOutput(output_id=output.id)
    placement.output_links.append(link)
    db.session.flush()
    return link


def unlink_output(placement: CallPlacement, link: CallPlacementOutput) -> None:
    """The fellow removes an output from their placement."""
    placement.output_links.remove(link)
    db.session.flush()


def placements_of(call: Call) -> list[tuple[CallApplication, CallPlacement | None]]:
    """Staff: each person selected in the call with their placement (None before it is
    made), in the order of the applications."""
    selected = list(
        db.session.scalars(
            select(CallApplication)
            .where(CallApplication.call_id == call.id, CallApplication.decision == "selected")
            .options(selectinload(CallApplication.user))
            .order_by(CallApplication.id)
        )
    )
    found = {
        p.application_id: p
        for p in db.session.scalars(
            select(CallPlacement).where(CallPlacement.application_id.in_([a.id for a in selected]))
        )
    }
    return [(a, found.get(a.id)) for a in selected]


def of_person(user: User) -> list[CallPlacement]:
    """A fellow's placements, newest first."""
    return list(
        db.session.scalars(
            select(CallPlacement)
            .where(CallPlacement.user_id == user.id)
            .order_by(CallPlacement.starts_on.desc(), CallPlacement.id.desc())
        )
    )


def load(placement_id: int) -> CallPlacement | None:
    """A placement with its application, call texts, fellow, files, milestones and linked
    outputs (their versions' texts) loaded."""
    return db.session.scalar(
        select(CallPlacement)
        .where(CallPlacement.id == placement_id)
        .options(
            selectinload(CallPlacement.application).selectinload(CallApplication.call),
            selectinload(CallPlacement.user),
            selectinload(CallPlacement.agreement),
            selectinload(CallPlacement.interim_file),
            selectinload(CallPlacement.final_file),
            selectinload(CallPlacement.output_links)
            .selectinload(CallPlacementOutput.output)
            .selectinload(ResearchOutput.versions)
            .selectinload(ResearchVersion.texts),
        )
    )


def file_owner(file: StoredFile) -> int | None:
    """The fellow whose placement holds ``file`` (agreement or report), if any."""
    return db.session.scalar(
        select(CallPlacement.user_id).where(
            or_(
                CallPlacement.agreement_file_id == file.id,
                CallPlacement.interim_file_id == file.id,
                CallPlacement.final_file_id == file.id,
            )
        )
    )
