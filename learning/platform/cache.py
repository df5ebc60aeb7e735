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

Models say which kind they belong to with ``watch(kind, Model, …)`` (or ``watch_people``); which
writes renew which generations, and the session events that notice them, are in
learning/platform/generations.py. Code that writes those tables outside the session calls
``touch(kind)``.

A person's own records (their account and roles, enrolments, lesson marks, attempts,
certificates…) have a generation per person, ``person:<user id>``, read in the same query for
the signed-in person: pages kept for one person (``person_kinds()``), and the signed-in person
themself, change when that person's records change, not when anybody's do. Records of an
edition's participants also renew ``edition:<id>`` (rosters, reports: ``edition_kinds()``).
Forms may be kept: the CSRF token is kept as a hole that each request fills with its own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import click
from flask import Flask, current_app, g, has_app_context, has_request_context, render_template
from flask.cli import AppGroup
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import URL, Engine, bindparam, create_engine, select
from sqlalchemy.exc import DBAPIError

from learning.language.i18n import current_language
from learning.platform.extensions import db
from learning.platform.generations import (  # noqa: F401 - callers reach them as cache.<name>
    _PERSON_TABLES,
    _TABLES,
    EDITION,
    KINDS,
    NO_TOKEN_YET,
    PERSON,
    CacheGeneration,
    _renewal,
    watch,
    watch_people,
)

# Where a kept fragment had this request's CSRF token (Flask-WTF keeps it in g.csrf_token).
_CSRF_HOLE = "\x00csrf\x00"

_READ_GENERATIONS = select(
    CacheGeneration.__table__.c.name, CacheGeneration.__table__.c.token
).where(CacheGeneration.__table__.c.name.in_(bindparam("names", expanding=True)))
_reader_lock = threading.Lock()


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
