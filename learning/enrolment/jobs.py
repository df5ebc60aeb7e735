"""Enrolment's work on the job queue: a confirmed roster import (write the rows, then e-mail
each person once), roster exports too large for a request, the hourly reminders and the daily
purge of uploaded rosters."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.accounts.models import User
from learning.enrolment.messages import in_words, roster_header
from learning.enrolment.models import EnrolmentImport
from learning.enrolment.services import imports, roster
from learning.enrolment.services.announcements import recipients
from learning.enrolment.services.common import can_manage
from learning.enrolment.services.notices import Notice, deliver
from learning.enrolment.services.schedule import send_reminders
from learning.jobs.exports import ExportSource, result_link, run_export
from learning.jobs.models import Job
from learning.jobs.services import JobKind, Progress, Schedule
from learning.platform.extensions import db
from learning.storage.store import get_storage
from learning.workshops.models import Edition

IMPORT = "enrolment.import"
ROSTER_EXPORT = "enrolment.roster_export"
ANNOUNCEMENT = "enrolment.announcement"
REMINDERS = "enrolment.reminders"
PURGE_IMPORTS = "enrolment.purge_imports"


def _notice_data(notice: Notice) -> dict[str, Any]:
    return {
        "event": notice.event,
        "to": notice.to,
        "name": notice.name,
        "language": notice.language,
        "extra": notice.extra,
    }


def _send(
    job: Job, progress: Progress, edition: Edition, extra: dict[str, Any] | None = None
) -> None:
    """E-mail the notices the job recorded, from where it got to: ``job.done`` counts those
    handed over, committed after each, so a retried job writes to nobody twice (only the one
    e-mail in flight when a worker is killed may go again)."""
    notices = job.result.get("notices", [])
    for position in range(job.done, len(notices)):
        data = notices[position]
        deliver(
            [
                Notice(
                    data["event"],
                    data["to"],
                    data["name"],
                    data["language"],
                    edition,
                    {**data["extra"], **(extra or {})},
                )
            ]
        )
        progress(position + 1)


def run_import(job: Job, progress: Progress) -> None:
    """Write a confirmed roster upload (once, under the edition's lock, in one transaction),
    then send its e-mails with progress."""
    upload = db.session.get(EnrolmentImport, job.params["import_id"])
    if upload is None:
        raise LookupError("the upload was purged before the import ran")
    edition = upload.edition
    if "applied" not in job.result:
        by = db.session.get(User, job.params["by_id"]) if job.params.get("by_id") else None
        with get_storage().open(upload.file.key) as stream:
            data = stream.read()
        result, notices = imports.apply_import(
            edition, data, by=by, notify=bool(job.params.get("notify"))
        )
        upload.accepted_count = result.enrolled + result.waitlisted + result.invited
        upload.refused_count = result.refused
        job.result = {
            "applied": {
                "enrolled": result.enrolled,
                "waitlisted": result.waitlisted,
                "invited": result.invited,
                "refused": result.refused,
            },
            "notices": [_notice_data(notice) for notice in notices],
        }
        progress(0, total=len(notices))  # commits the rows and the list of e-mails together
    _send(job, progress, edition)


def import_summary(job: Job) -> str | None:
    counts = job.result.get("applied")
    if not counts:
        return None
    return (
        _(
            "Done: %(enrolled)s enrolled, %(waitlisted)s on the waitlist, %(invited)s invited, "
            "%(refused)s rows refused.",
            **counts,
        )
        + " "
        + _("%(n)s e-mails sent.", n=len(job.result.get("notices", [])))
    )


def _import_edition_id(job: Job) -> int | None:
    upload = db.session.get(EnrolmentImport, job.params.get("import_id"))
    return upload.edition_id if upload is not None else None


def import_back(job: Job) -> tuple[str, str] | None:
    edition_id = _import_edition_id(job)
    if edition_id is None:
        return None
    return _("Back to the roster"), url_for("enrolment.roster", edition_id=edition_id)


def import_result(job: Job) -> tuple[str, str] | None:
    edition_id = _import_edition_id(job)
    if edition_id is None:
        return None
    return _("See the roster"), url_for("enrolment.roster", edition_id=edition_id)


def import_readers(user: User, job: Job) -> bool:
    """The edition's trainers follow an import another of them started."""
    upload = db.session.get(EnrolmentImport, job.params.get("import_id"))
    return upload is not None and can_manage(user, upload.edition)


def _roster_args(params: dict[str, Any]) -> tuple[Edition, dict[str, str]]:
    edition = db.session.get(Edition, params["edition_id"])
    if edition is None:
        raise LookupError("the edition was deleted before its roster was exported")
    return edition, {"state": params.get("state", ""), "q": params.get("q", "")}


def _roster_rows(params: dict[str, Any]):
    edition, filters = _roster_args(params)
    return in_words(roster.roster_rows(edition, **filters))


def _roster_count(params: dict[str, Any]) -> int:
    edition, filters = _roster_args(params)
    return roster.roster_count(edition, **filters)


ROSTER = ExportSource(
    header=lambda params: roster_header(),
    rows=_roster_rows,
    count=_roster_count,
    filename=lambda params: f"roster-{params['edition_id']}.csv",
)


def run_roster_export(job: Job, progress: Progress) -> None:
    """An edition's roster as CSV, into a file for whoever asked."""
    run_export(job, progress, ROSTER)


def back_to_roster(job: Job) -> tuple[str, str] | None:
    return _("Back to the roster"), url_for("enrolment.roster", edition_id=job.params["edition_id"])


def run_announcement(job: Job, progress: Progress) -> None:
    """A trainer's announcement: the recipients are fixed when the job first runs (someone
    enrolling later is not written to), then each is e-mailed once, from where it got to."""
    edition = db.session.get(Edition, job.params["edition_id"])
    if edition is None:
        raise LookupError("the edition was deleted before the announcement was sent")
    if "notices" not in job.result:
        people = recipients(edition, job.params["audience"])
        job.result = {
            "notices": [
                {"event": "announcement", "to": to, "name": name, "language": lang, "extra": {}}
                for _id, to, name, lang in people
            ]
        }
        progress(0, total=len(people))
    author = db.session.get(User, job.params["by_id"]) if job.params.get("by_id") else None
    extra = {
        "subject": job.params["subject"],
        "body": job.params["body"],
        "trainer": author.name if author is not None else "",
    }
    _send(job, progress, edition, extra)


def announcement_summary(job: Job) -> str | None:
    return _("%(n)s e-mails sent.", n=len(job.result.get("notices", [])))


def run_reminders(job: Job, progress: Progress) -> None:
    """The hourly "tomorrow" e-mails for live sessions (once per session and person)."""
    notices = send_reminders(hours=24)
    progress(0, total=len(notices))  # the sessions are marked reminded with this commit
    for position, notice in enumerate(notices, start=1):
        deliver([notice])
        if position % 20 == 0 or position == len(notices):
            progress(position)


def run_purge_imports(job: Job, progress: Progress) -> None:
    """Forget uploaded roster CSVs older than 30 days (storage gc removes their objects)."""
    count = imports.purge_imports(older_than_days=30)
    job.result = {"purged": count}
    progress(count, total=count)


KINDS = {
    IMPORT: JobKind(
        _l("Roster import"),
        run_import,
        summary=import_summary,
        back=import_back,
        result=import_result,
        may_see=import_readers,
    ),
    ROSTER_EXPORT: JobKind(
        _l("Roster export"), run_roster_export, back=back_to_roster, result=result_link
    ),
    ANNOUNCEMENT: JobKind(
        _l("Announcement to an edition"),
        run_announcement,
        summary=announcement_summary,
        back=back_to_roster,
    ),
    REMINDERS: JobKind(_l("Reminders for tomorrow's live sessions"), run_reminders),
    PURGE_IMPORTS: JobKind(_l("Forget old roster uploads"), run_purge_imports),
}
SCHEDULE = {
    REMINDERS: Schedule(REMINDERS, {"minute": "5"}),
    PURGE_IMPORTS: Schedule(PURGE_IMPORTS, {"minute": "20", "hour": "3"}),
}
