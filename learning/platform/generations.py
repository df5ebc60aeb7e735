"""Generations: which writes renew which kind of cached data (see learning/platform/cache.py).

A generation is one random token per kind of data (``workshops``, ``research``, ``settings``,
``people``) in the table ``cache_generations``; a kept fragment is keyed with the tokens of the
kinds it was made from. A transaction that changes a model of a kind gives that kind a new
token, committed with the change, whichever process made it.

Models say which kind they belong to with ``watch(kind, Model, …)``; the session events below
notice ORM changes and bulk statements (insert/update/delete through the session) on their
tables. Code that writes those tables outside the session calls ``cache.touch(kind)``.

A person's own records (their account and roles, enrolments, lesson marks, attempts,
certificates…) have a generation per person, ``person:<user id>``; records of an edition's
participants also renew ``edition:<id>``. ``watch_people`` names those tables. A bulk statement
on them renews the ``people`` kind (every person at once) unless it names whose rows it writes
with ``.execution_options(owner=…)``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from flask import g, has_app_context
from sqlalchemy import String, Table, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column

from learning.platform.extensions import db

KINDS = ("workshops", "research", "events", "settings", "people", "network", "calls")
PERSON = "person:"
EDITION = "edition:"
# The token of a person or edition whose records have not changed since ``people`` last did.
NO_TOKEN_YET = "-"  # noqa: S105 - not a secret
_TABLES: dict[str, str] = {}  # table name -> kind
# table name -> (column naming the owner, table holding the person's user_id when that column
# names a row of it rather than the person; None: the column is the user id)
_PERSON_TABLES: dict[str, tuple[str, Table | None]] = {}
_GROUPS: dict[str, str] = {}  # table name -> column naming the edition of its rows (or owners)
_COLUMNS: dict[str, frozenset[str]] = {}  # table name -> the only columns whose change counts


class CacheGeneration(db.Model):
    """The current token of one kind of cached data."""

    __tablename__ = "cache_generations"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def watch(kind: str, *models: Any, columns: Iterable[str] = ()) -> None:
    """Changes to ``models`` (ORM classes or tables) give ``kind`` a new generation. With
    ``columns``, an ORM change counts only when it changes one of them or deletes the row (a
    new row is on no kept page yet); bulk statements always count."""
    if kind not in KINDS:
        raise ValueError(kind)
    for model in models:
        table = getattr(model, "__table__", model)
        _TABLES[table.name] = kind
        if columns:
            _COLUMNS[table.name] = frozenset(columns)


def watch_people(
    *models: Any, column: str = "user_id", owners: Any = None, group: str | None = None
) -> None:
    """Changes to ``models`` renew the generation of the person each row belongs to: the user
    id in ``column``, or, with ``owners`` (a model with ``id`` and ``user_id``), the user of
    the ``owners`` row that ``column`` names. ``group``: a column of the row (or of its
    owner) naming its edition, whose generation ``edition:<id>`` is renewed too."""
    through = getattr(owners, "__table__", owners)
    for model in models:
        name = getattr(model, "__table__", model).name
        _PERSON_TABLES[name] = (column, through)
        if group:
            _GROUPS[name] = group


def _renewal(dialect: str, kinds: Iterable[str]) -> Any:
    """The statement giving ``kinds`` a new token (written if missing)."""
    token = secrets.token_hex(8)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CacheGeneration).values([{"name": k, "token": token} for k in kinds])
    return statement.on_conflict_do_update(
        index_elements=["name"], set_={"token": statement.excluded.token}
    )


# Session events: note the kinds a transaction changed; new tokens once it commits -------------


def _note(session: Session, kinds: set[str]) -> None:
    if kinds:
        session.info.setdefault("cache_changed", set()).update(kinds)


def _after_flush(session: Session, _context: object) -> None:
    changed: set[str] = set()
    for instance in session.new:
        table = getattr(type(instance), "__tablename__", "")
        if table in _TABLES and table not in _COLUMNS:
            changed.add(_TABLES[table])
        if table in _PERSON_TABLES:
            _note_owners(session, table, instance, changed)
    for instance in (*session.dirty, *session.deleted):
        table = getattr(type(instance), "__tablename__", "")
        if table in _TABLES and (
            table not in _COLUMNS
            or instance in session.deleted
            or any(inspect(instance).attrs[c].history.has_changes() for c in _COLUMNS[table])
        ):
            changed.add(_TABLES[table])
        if table in _PERSON_TABLES:
            _note_owners(session, table, instance, changed)
    _note(session, changed)


def _values(instance: Any, column: str) -> set[Any]:
    """``instance``'s values of ``column``, now and before this flush (never a load: a
    deleted row cannot be read back)."""
    attribute = inspect(instance).attrs[column]
    history = attribute.history
    values = {*history.added, *history.unchanged, *history.deleted}
    if not values and isinstance(attribute.loaded_value, int):
        values = {attribute.loaded_value}
    values.discard(None)
    return values


def _note_owners(session: Session, table: str, instance: Any, changed: set[str]) -> None:
    """Note whose records ``instance`` (a row of ``table``) is, and of which edition."""
    column, through = _PERSON_TABLES[table]
    owners = _values(instance, column)
    group = _GROUPS.get(table)
    if through is not None:  # resolved at the commit (_owners): one query, not one per row
        noted = session.info.setdefault("cache_owners", set())
        noted.update((through, group, value) for value in owners)
    else:
        changed.update(f"{PERSON}{value}" for value in owners)
        if group:
            changed.update(f"{EDITION}{value}" for value in _values(instance, group))
    if not owners or (group and through is None and not _values(instance, group)):
        changed.add("people")  # whose they are is unknown: every person's pages are renewed


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", "")
    kinds = {_TABLES[table]} if table in _TABLES else set()
    if table in _PERSON_TABLES:
        # A bulk statement names the rows' owner: .execution_options(owner=<column value>).
        # Only an owner reached through ``owners`` tells its edition too.
        owner = state.execution_options.get("owner")
        through = _PERSON_TABLES[table][1]
        if owner is None or (through is None and table in _GROUPS):
            kinds.add("people")
        elif through is None:
            kinds.add(f"{PERSON}{owner}")
        else:
            noted = state.session.info.setdefault("cache_owners", set())
            noted.add((through, _GROUPS.get(table), owner))
    _note(state.session, kinds)


def _owners(session: Session) -> set[str]:
    """The people (and editions) whose records the noted rows of ``owners`` tables are."""
    noted = session.info.pop("cache_owners", None)
    if not noted:
        return set()
    kinds: set[str] = set()
    by_table: dict[tuple[Table, str | None], set[int]] = {}
    for table, group, row_id in noted:
        by_table.setdefault((table, group), set()).add(row_id)
    for (table, group), ids in by_table.items():
        columns = [table.c.id, table.c.user_id, *([table.c[group]] if group else [])]
        rows = session.execute(select(*columns).where(table.c.id.in_(ids))).all()
        for row in rows:
            kinds.add(f"{PERSON}{row[1]}")
            if group:
                kinds.add(f"{EDITION}{row[2]}")
        if len(rows) < len(ids):
            kinds.add("people")  # a row gone in this transaction: whose it was is unknown
    return kinds


def _before_commit(session: Session) -> None:
    """New tokens in the committing transaction itself: data and tokens change together, on
    the same connection (no second connection per commit), or not at all."""
    if session.in_nested_transaction():
        return  # a savepoint: the outermost commit renews
    session.flush()
    _note(session, _owners(session))
    kinds = session.info.pop("cache_changed", None)
    if kinds:
        session.execute(_renewal(session.get_bind().dialect.name, sorted(kinds)))
        session.info["cache_renewed"] = True


def _after_commit(session: Session) -> None:
    if session.info.pop("cache_renewed", False) and has_app_context():
        g.pop("_cache_generations", None)  # this request reads the new tokens too


def _after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        return  # a savepoint: what it undid may stay noted, a spare renewal does no harm
    session.info.pop("cache_changed", None)
    session.info.pop("cache_owners", None)
    session.info.pop("cache_renewed", None)


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "do_orm_execute", _on_execute)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_commit", _after_commit)
event.listen(Session, "after_soft_rollback", _after_rollback)
