"""Work done once and kept between requests: rendered fragments, settings.

Each worker process keeps a small store in memory (least recently used out first, bounded in
bytes). Every entry is keyed with the *generation* of the data it was made from. Generations
live in the database (table ``cache_generations``: one random token per kind of data —
``workshops``, ``research``, ``settings``, ``people``), are read once per request in one
query (on a connection of their own, in autocommit: ``_read``), and get a new token in every
transaction that changes a model of that kind, committed with the change, whichever process
made it. So every process sees a change on its next
request; nothing assumes one process, and nothing needs a cache server. A missing token means
"do not cache" until the next change writes one; a lifetime (CACHE_SECONDS, default 300)
bounds what a write made outside the session and without ``touch`` could leave stale.

Models say which kind they belong to with ``watch(kind, Model, …)``; the session events below
notice ORM changes and bulk statements (insert/update/delete through the session) on their
tables. Code that writes those tables outside the session calls ``touch(kind)``.

A person's own records (their account and roles, enrolments, lesson marks, attempts,
certificates…) have a generation per person, ``person:<user id>``, read in the same query for
the signed-in person: pages kept for one person (``person_kinds()``), and the signed-in person
themself, change when that person's records change, not when anybody's do. Records of an
edition's participants also renew ``edition:<id>`` (rosters, reports: ``edition_kinds()``).
``watch_people`` names those tables. A bulk statement on them renews the ``people`` kind (every
person at once) unless it names whose rows it writes with ``.execution_options(owner=…)``.
Forms may be kept: the CSRF token is kept as a hole that each request fills with its own.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import click
from flask import Flask, current_app, g, has_app_context, has_request_context, render_template
from flask.cli import AppGroup
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import URL, Engine, String, Table, bindparam, create_engine, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column

from learning.language.i18n import current_language
from learning.platform.extensions import db

KINDS = ("workshops", "research", "settings", "people")
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


# Where a kept fragment had this request's CSRF token (Flask-WTF keeps it in g.csrf_token).
_CSRF_HOLE = "\x00csrf\x00"

_READ_GENERATIONS = select(
    CacheGeneration.__table__.c.name, CacheGeneration.__table__.c.token
).where(CacheGeneration.__table__.c.name.in_(bindparam("names", expanding=True)))
_reader_lock = threading.Lock()


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


def person_kinds() -> tuple[str, ...]:
    """The kinds a page kept for the signed-in person depends on (their own generation)."""
    return ("people", f"{PERSON}{current_user.id}")


def reader_kinds() -> tuple[str, ...]:
    """``person_kinds()`` for a signed-in reader; nothing for a visitor (all visitors alike)."""
    return person_kinds() if current_user.is_authenticated else ()


def edition_kinds(edition_id: int) -> tuple[str, ...]:
    """The kinds a page about everybody in one edition depends on (roster, report): the
    records of its participants and their names."""
    return ("people", f"{EDITION}{edition_id}")


class Store:
    """A process's fragments: an LRU map bounded by the bytes of its values."""

    def __init__(self, max_bytes: int, seconds: float) -> None:
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, tuple[float, int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value kept under ``key``, if it is still fresh."""
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] < time.monotonic():
                if found is not None:
                    self._drop(key)
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[2]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (about ``size`` bytes); the least recently used go first."""
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (time.monotonic() + self.seconds, size, value)
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self._items)))

    def clear(self) -> None:
        """Forget everything (tests, `flask seed`)."""
        with self._lock:
            self._items.clear()
            self.size = 0

    def _drop(self, key: Hashable) -> None:
        self.size -= self._items.pop(key)[1]


def store(app: Flask | None = None) -> Store:
    """This process's store for ``app`` (the current app by default)."""
    return (app or current_app).extensions["puente_cache"]


def generations() -> dict[str, str]:
    """The current token of each kind, read once per request (one query)."""
    found = g.get("_cache_generations")
    if found is None:
        names = list(KINDS)
        me = _signed_in_id()  # may load the session user, who reads the generations itself
        if "_cache_generations" in g:
            return g._cache_generations
        if me is not None:
            names.append(f"{PERSON}{me}")
        also = [kind for kind in g.get("_cache_also", ()) if ":" in kind]
        names.extend(also)
        found = g._cache_generations = dict(_read(names))
        for kind in ([f"{PERSON}{me}"] if me is not None else []) + also:
            found.setdefault(kind, NO_TOKEN_YET)
    return found


def _read(names: list[str]) -> list[Any]:
    """``(name, token)`` of each of ``names`` that has a token.

    Every page asks, so the statement goes on a connection of its own, in autocommit: one
    round trip, no transaction to begin and roll back, and a kept page needs no session
    connection at all. Reading the tokens outside the request's transaction, before anything
    the page reads, is safe: what is made then is at least as new as the tokens it is kept
    under. A connection the database dropped (a restart) is replaced once, here.
    """
    engine = reader()
    if engine is None:  # an in-memory database: another connection would see another one
        return db.session.connection().execute(_READ_GENERATIONS, {"names": names}).all()
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(names))
    sql = f"SELECT name, token FROM cache_generations WHERE name IN ({marks})"  # noqa: S608

    def run() -> list[Any]:
        with engine.connect() as conn:
            return list(conn.exec_driver_sql(sql, tuple(names)).all())

    try:
        return run()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return run()  # the pool has let the dropped connections go


def reader() -> Engine | None:
    """The current app's engine for reading generations (made on first use, in this process;
    None for an in-memory database)."""
    extensions = current_app.extensions
    if "puente_cache_reader" not in extensions:
        with _reader_lock:
            if "puente_cache_reader" not in extensions:
                extensions["puente_cache_reader"] = _reader_for(db.engine.url)
    return extensions["puente_cache_reader"]


def _reader_for(url: URL) -> Engine | None:
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None  # another connection would open another, empty database
    options = {
        **current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        # One statement and no transaction: nothing to roll back when the connection returns;
        # a dropped connection is noticed by the statement itself (``_read`` tries again).
        "isolation_level": "AUTOCOMMIT",
        "pool_reset_on_return": None,
        "pool_pre_ping": False,
    }
    return create_engine(url, **options)


def dispose(app: Flask) -> None:
    """Close the connections of ``app``'s generations engine, if it made one (tests)."""
    engine = app.extensions.get("puente_cache_reader")
    if engine is not None:
        engine.dispose()


def hold(row: object) -> None:
    """Keep ``row`` (loaded to make something kept) in the session until the request ends:
    what is made afresh later in the request finds it without asking again (the session's
    identity map holds rows only while something refers to them)."""
    db.session.info.setdefault("held_rows", []).append(row)


def _read_more(current: dict[str, str], kinds: list[str]) -> None:
    """Add the tokens of a person's or an edition's kinds (one more statement); one without
    a token of its own yet is keyed by the ``people`` token alone."""
    wanted = [kind for kind in kinds if ":" in kind]
    if not wanted:
        return
    current.update(_read(wanted))
    for kind in wanted:
        current.setdefault(kind, NO_TOKEN_YET)


def reading_for(person: int) -> None:
    """Read ``person``'s generation with the others (the session user is being loaded)."""
    g._cache_person = person


def read_with(*kinds: str) -> None:
    """Read these kinds' generations with the others, if they are not read yet (a page that
    knows early which edition it shows saves a statement)."""
    g._cache_also = (*g.get("_cache_also", ()), *kinds)


def _signed_in_id() -> int | None:
    if not has_request_context():
        return None
    if "_cache_person" in g:
        return g._cache_person
    if not current_user or not current_user.is_authenticated:
        return None
    return current_user.id


def fragment(kinds: tuple[str, ...], key: tuple[Hashable, ...], make: Callable[[], str]) -> str:
    """``make()``'s result, made once per generation of ``kinds`` and ``key`` per process.

    ``key`` must name everything the result depends on besides the data of ``kinds``: the
    page, its arguments, the language, the kind of reader.
    """
    info = db.session.info
    pending = info.get("cache_changed")
    if pending and not pending.isdisjoint(kinds):
        return make()  # this transaction changed the data: the cache is behind it
    if info.get("cache_owners") and "people" in kinds:
        return make()  # somebody's records changed and whose is known only at the commit
    current = generations()
    if any(kind not in current for kind in kinds):
        _read_more(current, [kind for kind in kinds if kind not in current])
    tokens = tuple(current.get(kind) for kind in kinds)
    if None in tokens:
        return make()
    full = (key, kinds, tokens)  # the kinds name the person: two people may share a token
    kept = store()
    found = kept.get(full)
    if found is None:
        found = make()
        kept.put(full, found, len(found) if isinstance(found, str) else 1024)
    return found


def rendered(
    kinds: tuple[str, ...],
    key: tuple[Hashable, ...],
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    keep: bool = True,
) -> Markup:
    """``template`` rendered once per generation of ``kinds`` and ``key`` (see ``fragment``),
    ready to place in a page. ``context()`` is called only on a miss, so the queries behind
    a fragment run only when it is made. The language is part of every key. Forms may be
    kept: this request's CSRF token is kept as a hole and every request fills in its own.
    ``keep=False`` renders without the cache (a reader whose version must always be fresh).
    """

    if not keep:
        return Markup(render_template(template, **context()))  # noqa: S704

    def make() -> str:
        html = render_template(template, **context())
        # A form's CSRF token belongs to one browser session: kept as a hole, filled below.
        token = g.get("csrf_token")
        return html.replace(token, _CSRF_HOLE) if token else html

    html = fragment(kinds, (template, current_language(), *key), make)
    if _CSRF_HOLE in html:
        html = html.replace(_CSRF_HOLE, generate_csrf())
    return Markup(html)  # noqa: S704 - our template's output


def _renewal(dialect: str, kinds: Iterable[str]) -> Any:
    """The statement giving ``kinds`` a new token (written if missing)."""
    token = secrets.token_hex(8)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CacheGeneration).values([{"name": k, "token": token} for k in kinds])
    return statement.on_conflict_do_update(
        index_elements=["name"], set_={"token": statement.excluded.token}
    )


def touch(*kinds: str) -> None:
    """Give ``kinds`` new generations now, in a transaction of their own (for writes made
    outside the session: seeding, restoring, tests emptying tables)."""
    if not kinds:
        return
    with db.engine.begin() as conn:
        conn.execute(_renewal(db.engine.dialect.name, kinds))
    if has_app_context():
        g.pop("_cache_generations", None)


def touch_all() -> None:
    """Every kind changes (after seeding, loading demo content, restoring a backup)."""
    touch(*KINDS)


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


cache_cli = AppGroup("cache", help="The fragments workers keep between requests.")


@cache_cli.command("clear")
def clear_command() -> None:
    """Give every kind a new generation: every worker makes its pages afresh (after a write
    made behind the app's back, such as SQL by hand or a restored backup)."""
    touch_all()
    click.echo(f"New generations for: {', '.join(KINDS)}.")


def init_app(app: Flask) -> None:
    """Give ``app`` its store (CACHE_MAX_MB per process, CACHE_SECONDS lifetime)."""
    app.extensions["puente_cache"] = Store(
        max_bytes=int(app.config.get("CACHE_MAX_MB", 32)) * 1024 * 1024,
        seconds=float(app.config.get("CACHE_SECONDS", 300)),
    )
