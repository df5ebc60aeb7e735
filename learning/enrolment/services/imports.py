"""Bulk enrolment by CSV: plan (check every row, write nothing), then apply under the edition's
lock; e-mails without an account get an invitation (claimed in ``seats``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import insert, select

from learning.accounts.models import User
from learning.enrolment.models import EnrolmentImport, EnrolmentInvitation
from learning.enrolment.services.common import (
    HOLDING_STATES,
    EnrolmentError,
    can_manage,
    lock_edition,
)
from learning.enrolment.services.notices import Notice, notice_for
from learning.enrolment.services.roster import country_code
from learning.enrolment.services.seats import seats_left
from learning.language.taxonomy import SECTORS
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage import services as storage
from learning.storage.models import StoredFile
from learning.web.csvutil import CsvProblem, read_table
from learning.workshops.models import Edition, Enrolment

MAX_IMPORT_ROWS = 20_000

# Bulk enrolment by CSV ---------------------------------------------------------------------

COLUMN_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "correo": "email",
    "correo electrónico": "email",
    "correo electronico": "email",
    "name": "name",
    "nombre": "name",
    "country": "country",
    "país": "country",
    "pais": "country",
    "organisation": "organisation",
    "organization": "organisation",
    "organización": "organisation",
    "organizacion": "organisation",
    "sector": "sector",
    "language": "language",
    "idioma": "language",
}
REQUIRED_COLUMNS = ("email", "name")


@dataclass
class ImportRow:
    """One accepted row of an upload."""

    line: int
    email: str
    name: str
    country: str | None = None
    organisation: str | None = None
    sector: str | None = None
    language: str | None = None
    user_id: int | None = None
    enrolment: Enrolment | None = None  # a withdrawn or rejected enrolment that comes back


@dataclass
class Refusal:
    """A refused row: where, which column, the value, and why (a code with details)."""

    line: int
    column: str
    value: str
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What confirming an upload would do."""

    rows: list[ImportRow]
    refused: list[Refusal]
    encoding: str
    delimiter: str
    total: int

    @property
    def to_enrol(self) -> int:
        """Rows of people who have an account."""
        return sum(1 for row in self.rows if row.user_id is not None)

    @property
    def to_invite(self) -> int:
        """Rows of e-mails without an account: they get an invitation."""
        return sum(1 for row in self.rows if row.user_id is None)


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plan_import(edition: Edition, data: bytes) -> ImportPlan:
    """Read and check an upload without writing anything.

    Raises EnrolmentError: csv_empty, csv_binary, csv_no_header, csv_missing_columns
    (detail ``columns``), csv_too_many_rows (detail ``limit``).
    """
    try:
        table = read_table(data)
    except CsvProblem as exc:
        raise EnrolmentError(f"csv_{exc.code}") from exc
    columns = [COLUMN_ALIASES.get(name, name) for name in table.header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise EnrolmentError("csv_missing_columns", columns=missing)
    if len(table.rows) > MAX_IMPORT_ROWS:
        raise EnrolmentError("csv_too_many_rows", limit=MAX_IMPORT_ROWS)
    rename = dict(zip(table.header, columns, strict=True))
    refused: list[Refusal] = []
    candidates: list[ImportRow] = []
    first_line: dict[str, int] = {}
    for line, raw in table.rows:
        values = {rename.get(k, k): v for k, v in raw.items()}
        row, problem = _check_row(line, values)
        if problem is not None:
            refused.append(problem)
            continue
        assert row is not None  # noqa: S101 - _check_row gives one or the other
        if row.email in first_line:
            refused.append(
                Refusal(
                    line, "email", row.email, "duplicate_in_file", {"first": first_line[row.email]}
                )
            )
            continue
        first_line[row.email] = line
        candidates.append(row)
    emails = [row.email for row in candidates]
    users: dict[str, int] = {}
    enrolments: dict[int, Enrolment] = {}
    invited: set[str] = set()
    for chunk in _chunks(emails):
        users.update(
            db.session.execute(select(User.email, User.id).where(User.email.in_(chunk))).all()
        )
        invited.update(
            db.session.scalars(
                select(EnrolmentInvitation.email).where(
                    EnrolmentInvitation.edition_id == edition.id,
                    EnrolmentInvitation.email.in_(chunk),
                )
            )
        )
    user_ids = list(users.values())
    for start in range(0, len(user_ids), 500):
        for enrolment in db.session.scalars(
            select(Enrolment).where(
                Enrolment.edition_id == edition.id,
                Enrolment.user_id.in_(user_ids[start : start + 500]),
            )
        ):
            enrolments[enrolment.user_id] = enrolment
    rows = []
    for row in candidates:
        row.user_id = users.get(row.email)
        existing = enrolments.get(row.user_id) if row.user_id is not None else None
        if existing is not None and existing.state in HOLDING_STATES:
            refused.append(
                Refusal(row.line, "email", row.email, "already_enrolled", {"state": existing.state})
            )
            continue
        if row.user_id is None and row.email in invited:
            refused.append(Refusal(row.line, "email", row.email, "already_invited"))
            continue
        row.enrolment = existing
        rows.append(row)
    refused.sort(key=lambda r: r.line)
    return ImportPlan(rows, refused, table.encoding, table.delimiter, len(table.rows))


def _check_row(line: int, values: dict[str, str]) -> tuple[ImportRow | None, Refusal | None]:
    raw_email = values.get("email", "")
    if not raw_email:
        return None, Refusal(line, "email", "", "email_missing")
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None, Refusal(line, "email", raw_email, "email_invalid")
    if len(email) > 254:
        return None, Refusal(line, "email", raw_email, "email_invalid")
    name = " ".join(values.get("name", "").split())
    if not name:
        return None, Refusal(line, "name", "", "name_missing")
    if len(name) > 200:
        return None, Refusal(line, "name", name[:40] + "…", "name_too_long")
    row = ImportRow(line=line, email=email, name=name)
    country = values.get("country", "")
    if country:
        row.country = country_code(country)
        if row.country is None:
            return None, Refusal(line, "country", country, "country_unknown")
    organisation = " ".join(values.get("organisation", "").split())
    if len(organisation) > 200:
        return None, Refusal(line, "organisation", organisation[:40] + "…", "too_long")
    row.organisation = organisation or None
    sector = values.get("sector", "").strip().lower()
    if sector:
        if sector not in SECTORS:
            return None, Refusal(line, "sector", values["sector"], "sector_unknown")
        row.sector = sector
    language = values.get("language", "").strip().lower()
    if language:
        if language not in ("es", "en"):
            return None, Refusal(line, "language", values["language"], "language_unknown")
        row.language = language
    return row, None


@dataclass
class ImportResult:
    """What confirming wrote."""

    enrolled: int = 0
    waitlisted: int = 0
    invited: int = 0
    refused: int = 0


def apply_import(
    edition: Edition, data: bytes, *, by: User, notify: bool = True
) -> tuple[ImportResult, list[Notice]]:
    """Check the upload again (under the edition's lock) and write every accepted row: people
    with an account are enrolled (active while seats last, in file order, then waitlisted),
    other e-mails invited. Bulk inserts, one transaction (the route commits).

    Raises EnrolmentError as ``plan_import`` does.
    """
    edition = lock_edition(edition.id)
    plan = plan_import(edition, data)
    result = ImportResult(refused=len(plan.refused))
    free = seats_left(edition)
    now = utcnow()
    new_enrolments = []
    invitations = []
    enrolled_ids: list[tuple[int, str]] = []
    for row in plan.rows:
        if row.user_id is None:
            invitations.append(
                {
                    "edition_id": edition.id,
                    "email": row.email,
                    "name": row.name,
                    "country": row.country,
                    "organisation": row.organisation,
                    "sector": row.sector,
                    "language": row.language or "es",
                    "invited_by_id": by.id,
                    "created_at": now,
                }
            )
            continue
        if free is None or free > 0:
            state = "active"
            result.enrolled += 1
            if free is not None:
                free -= 1
        else:
            state = "waitlisted"
            result.waitlisted += 1
        enrolled_ids.append((row.user_id, state))
        if row.enrolment is not None:
            row.enrolment.state = state
            row.enrolment.created_at = now
            row.enrolment.updated_at = now
            row.enrolment.decided_by_id = by.id
            row.enrolment.decision_note = None
        else:
            new_enrolments.append(
                {
                    "edition_id": edition.id,
                    "user_id": row.user_id,
                    "state": state,
                    "created_at": now,
                    "updated_at": now,
                    "decided_by_id": by.id,
                }
            )
    db.session.flush()
    if new_enrolments:
        db.session.execute(insert(Enrolment), new_enrolments)
    if invitations:
        db.session.execute(insert(EnrolmentInvitation), invitations)
    result.invited = len(invitations)
    if not notify:
        return result, []
    notices = []
    people = {}
    ids = [user_id for user_id, _state in enrolled_ids]
    for start in range(0, len(ids), 500):
        for user in db.session.scalars(select(User).where(User.id.in_(ids[start : start + 500]))):
            people[user.id] = user
    for user_id, state in enrolled_ids:
        user = people.get(user_id)
        if user is not None:
            notices.append(
                notice_for("enrolled" if state == "active" else "waitlisted", user, edition)
            )
    for invitation in invitations:
        notices.append(
            Notice(
                "invited",
                invitation["email"],
                invitation["name"],
                invitation["language"],
                edition,
            )
        )
    return result, notices


def purge_imports(older_than_days: int) -> int:
    """Forget uploaded roster CSVs (personal data) older than this many days, with their
    stored files (``storage gc`` then removes the objects). Commits; returns how many."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    uploads = db.session.scalars(
        select(EnrolmentImport).where(EnrolmentImport.created_at < cutoff)
    ).all()
    for upload in uploads:
        file = db.session.get(StoredFile, upload.file_id)
        db.session.delete(upload)
        if file is not None:
            db.session.delete(file)
    db.session.commit()
    return len(uploads)


# Who may download an upload ------------------------------------------------------------------


def file_access(user: object, file: StoredFile) -> str:
    """Uploaded rosters (stored files of kind "csv-import"): only the edition's trainers and
    admins; nobody else learns of them."""
    found = db.session.scalar(select(EnrolmentImport).where(EnrolmentImport.file_id == file.id))
    if found is not None and can_manage(user, found.edition):
        return storage.ALLOW
    if not getattr(user, "is_authenticated", False):
        return storage.LOGIN
    return storage.HIDE
