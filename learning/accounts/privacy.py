"""Personal data: everything we hold about a person as JSON, and account deletion that removes
or anonymises it while keeping the rows aggregate figures count (enrolments, completions).

Both walk the database schema instead of a hand-kept list, so a feature added later is covered
without anyone remembering to update this file.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, String, Table, Text, func, select, update

from learning.accounts.models import User, new_auth_token
from learning.accounts.services import hash_password
from learning.platform.extensions import db
from learning.platform.slots import ACCOUNT_DELETING

# Columns that are secrets, not personal data to hand out (hashes of passwords, keys, tokens).
SECRET_COLUMNS = ("password_hash", "auth_token", "key_hash", "token_hash", "secret")
REPLACEMENT = "[deleted]"


def _tables_pointing_at_users() -> list[tuple[Table, list[str]]]:
    found = []
    for table in db.metadata.sorted_tables:
        if table.name == "users":
            continue
        columns = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == "users"]
        if columns:
            found.append((table, columns))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return None
    return value


def _row(table: Table, row: Any) -> dict[str, Any]:
    return {
        column: _plain(value)
        for column, value in row._mapping.items()
        if not any(secret in column for secret in SECRET_COLUMNS)
    }


def export_user(user: User) -> dict[str, Any]:
    """Everything we hold about ``user``: their account and every row that points at them."""
    users = db.metadata.tables["users"]
    account = db.session.execute(select(users).where(users.c.id == user.id)).one()
    data: dict[str, Any] = {
        "format": "puente-personal-data/1",
        "account": _row(users, account),
        "roles": sorted(user.roles),
        "records": {},
    }
    for table, columns in _tables_pointing_at_users():
        condition = [table.c[name] == user.id for name in columns]
        rows = db.session.execute(select(table).where(db.or_(*condition))).all()
        if rows:
            data["records"][table.name] = [_row(table, row) for row in rows]
    return data


def _text_columns() -> list[tuple[Table, Any]]:
    columns = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text) and not isinstance(column.type, JSON):
                columns.append((table, column))
    return columns


def delete_account(user: User) -> None:
    """Anonymise ``user`` in place (not committed).

    The account row stays, without name, e-mail, organisation or password, so enrolments,
    completions and certificates keep counting in the programme's figures; country, sector
    and gender stay because the indicators are broken down by them and they name nobody alone.
    Features above accounts remove what else they keep about the person (the slot
    ``ACCOUNT_DELETING``). Every text column in the database is then scrubbed of the old name
    and e-mail (comments, invitations, copies kept by features), and the person's addresses
    leave the audit log.
    """
    old_email, old_name = user.email, user.name
    user.email = f"deleted-{user.id}-{uuid.uuid4().hex[:8]}@deleted.invalid"
    user.name = REPLACEMENT
    user.organisation = None
    # A hash of a random secret nobody holds: no password opens the account any more.
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.auth_token = new_auth_token()
    user.active = False
    user.role_rows.clear()
    for hook in ACCOUNT_DELETING.fillings():
        hook(user)
    db.session.flush()
    for table, column in _text_columns():
        if table.name == "users" and column.name in ("email", "name"):
            continue
        for needle in {old_email, old_name}:
            if not needle or len(needle) < 3:
                continue
            db.session.execute(
                update(table)
                .where(func.lower(column).contains(needle.lower(), autoescape=True))
                .values({column.name: func.replace(column, needle, REPLACEMENT)})
            )
    audit = db.metadata.tables.get("audit_log")
    if audit is not None:
        db.session.execute(update(audit).where(audit.c.actor_id == user.id).values(ip_address=None))


def holds_text(needle: str) -> list[str]:
    """Every ``table.column`` whose text still contains ``needle`` (used by tests and checks)."""
    found = []
    for table, column in _text_columns():
        count = db.session.scalar(
            select(func.count())
            .select_from(table)
            .where(func.lower(column).contains(needle.lower(), autoescape=True))
        )
        if count:
            found.append(f"{table.name}.{column.name}")
    return found
