"""Shared fixtures: an app on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL),
a client, users of each role, the outbox, and an S3 server over HTTP for storage tests."""

from __future__ import annotations

import contextvars
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, func, select, text

from learning import create_app
from learning.platform import cache
from learning.platform.extensions import db, limiter

# Cheap scrypt parameters keep the suite fast; test_accounts checks the real default.
FAST_HASH = "scrypt:1024:8:1"
TEST_PASSWORD = "correct horse battery"


def _database_url(tmp_root: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_root / 'test.db'}"


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the schema built by the migrations (never by create_all)."""
    root = tmp_path_factory.mktemp("db")
    url = _database_url(root)
    if url.startswith("postgresql"):
        _reset_postgres(url)
    app = create_app(_base_config(root, url))
    with app.app_context():
        from flask_migrate import upgrade

        # "heads": features developed side by side may branch; the merge linearises them.
        upgrade(revision="heads")
        db.engine.dispose()
    return url


def _base_config(root: Path, url: str) -> dict[str, Any]:
    return {
        "PUENTE_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
        "MAIL_SERVER": None,
        "MAIL_OUTBOX": str(root / "outbox"),
        "STORAGE_BACKEND": "local",
        "STORAGE_LOCAL_ROOT": str(root / "objects"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": "puente.test",
        # The job queue: a SQLite file here; Redis in CI's PostgreSQL pass (TEST_JOBS_URL).
        "JOBS_URL": os.environ.get("TEST_JOBS_URL") or f"sqlite:///{root / 'jobs.db'}",
        "JOBS_RETRY_SECONDS": 1,
    }


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    Tests hold an app context to use the database; without this, every request would reuse it
    and share ``g`` (cached locale, signed-in user) and the test's database session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app_factory(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Flask]]:
    """Build an app on the test database with extra config (CSRF on, S3, …)."""
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        # Each app has its own pools; idle connections of the earlier ones are closed so a
        # run that makes dozens of apps stays well under PostgreSQL's max_connections (an app
        # used again simply connects again).
        for earlier in made:
            _close_idle_connections(earlier)
        root = tmp_path_factory.mktemp("app")
        app = create_app({**_base_config(root, database_url), **overrides})
        app.test_client_class = IsolatedClient
        made.append(app)  # kept alive so its pool is closed here, not by the garbage collector
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.engine.dispose()
        cache.dispose(app)


def _close_idle_connections(app: Flask) -> None:
    """Close the connections waiting in ``app``'s pools; one checked out (a test may hold the
    session app's while it makes another app) stays with its pool and returns to it."""
    with app.app_context():
        db.engine.pool.dispose()
    reader = app.extensions.get("puente_cache_reader")
    if reader is not None:
        reader.pool.dispose()


@pytest.fixture(scope="session")
def _session_app(app_factory: Callable[..., Flask]) -> Flask:
    return app_factory()


def _clean_database() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    # As after restoring a backup: every kind of cached fragment starts a new generation.
    cache.touch_all()


@pytest.fixture
def app(_session_app: Flask) -> Iterator[Flask]:
    """The app inside an app context; every table is emptied after the test."""
    with _session_app.app_context():
        limiter.reset()
        _clear_outbox(_session_app)
        yield _session_app
        db.session.remove()
        _clean_database()
        _flush_job_queue(_session_app)
        shutil.rmtree(_session_app.config["STORAGE_LOCAL_ROOT"], ignore_errors=True)


def _flush_job_queue(app: Flask) -> None:
    """Nothing a test queued reaches the next test (the queue outlives the test's tables)."""
    huey = app.extensions.get("jobs.huey")
    if huey is not None:
        huey.flush()


@pytest.fixture
def run_jobs(app: Flask) -> Callable[..., int]:
    """run_jobs(): a real Huey consumer (two threads) on the app's queue (or ``on``'s) — the
    SQLite file, or Redis with TEST_JOBS_URL — until no job is queued or running; returns how
    many jobs have finished. Fails the test after ``timeout`` seconds."""
    from learning.jobs import services
    from learning.jobs.models import Job

    def run(timeout: float = 60, on: Flask | None = None) -> int:
        huey = services.get_huey(on or app)
        consumer = huey.create_consumer(
            workers=2, periodic=False, initial_delay=0.01, backoff=1.0, max_delay=0.05
        )
        consumer.start()
        deadline = time.monotonic() + timeout
        try:
            while True:
                db.session.rollback()  # see the consumer's commits
                busy = db.session.scalar(
                    select(func.count(Job.id)).where(Job.state.in_(("queued", "running")))
                )
                if not busy:
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{busy} jobs still queued or running after {timeout} s")
                time.sleep(0.05)
        finally:
            consumer.stop(graceful=True)
        db.session.expire_all()
        return db.session.scalar(select(func.count(Job.id)).where(Job.finished_at.is_not(None)))

    return run


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client that sends Accept-Language: en unless a test says otherwise."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# Users ----------------------------------------------------------------------------------


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    """Create a confirmed user: make_user(roles=["trainer"], language="es", ...)."""
    from learning.accounts import services

    counter = {"n": 0}

    def factory(
        email: str | None = None,
        *,
        name: str | None = None,
        roles: tuple[str, ...] | list[str] = (),
        password: str = TEST_PASSWORD,
        language: str = "en",
        confirmed: bool = True,
        active: bool = True,
        **fields: Any,
    ) -> Any:
        counter["n"] += 1
        n = counter["n"]
        user = services.register(
            email=email or f"person{n}@example.org",
            name=name or f"Person {n}",
            password=password,
            preferred_language=language,
            confirmed=confirmed,
            country=fields.pop("country", "MX"),
            sector=fields.pop("sector", "media"),
            **fields,
        )
        services.set_roles(user, set(roles))
        user.active = active
        db.session.commit()
        return user

    return factory


def sign_in_as(client: FlaskClient, user: Any) -> FlaskClient:
    """Put ``user`` in the client's session the way signing in does: a sign-in recorded in
    the database (accounts.signins.start_sign_in) and named by the session."""
    from learning.accounts.models import SignIn, new_sign_in_key, sign_in_digest

    key = new_sign_in_key()
    db.session.add(SignIn(user_id=user.id, key_hash=sign_in_digest(key)))
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.auth_token}:{key}"
        session["_fresh"] = True
    return client


def signed_in_client(app: Flask, user: Any, language: str = "en") -> FlaskClient:
    """A new test client for ``user`` (``sign_in_as``) sending Accept-Language ``language``;
    the person's own preferred language is left as it is."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return sign_in_as(client, user)


ROLE_SETS = {
    "participant": (),
    "trainer": ("trainer",),
    "researcher": ("researcher",),
    "curator": ("curator",),
    "admin": ("admin",),
}


@pytest.fixture
def client_for(app: Flask, make_user: Callable[..., Any]) -> Callable[..., FlaskClient]:
    """client_for(who, language="en") -> a new test client sending Accept-Language ``language``.

    ``who`` is a user (signed in; their preferred language becomes ``language`` if it was
    another), a role name from ROLE_SETS ("trainer": a new user holding that role set, signed
    in) or None (a visitor, signed in as nobody). Signing in is always ``sign_in_as``."""

    def factory(who: Any, language: str = "en") -> FlaskClient:
        if who is None:
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
            return client
        if isinstance(who, str):
            user = make_user(roles=ROLE_SETS[who], language=language)
        else:
            user = who
            if user.preferred_language != language:
                user.preferred_language = language
                db.session.commit()
        return signed_in_client(app, user, language)

    return factory


# Mail -----------------------------------------------------------------------------------


def _clear_outbox(app: Flask) -> None:
    outbox = Path(app.config["MAIL_OUTBOX"])
    if outbox.exists():
        for path in outbox.glob("*.eml"):
            path.unlink()


class Outbox:
    """The .eml files the app wrote, oldest first."""

    def __init__(self, app: Flask) -> None:
        self.path = Path(app.config["MAIL_OUTBOX"])

    def messages(self) -> list[Message]:
        if not self.path.exists():
            return []
        files = sorted(self.path.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages() if m["To"] == address]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_content()

    def link(self, message: Message) -> str:
        """The first link in a message, as a path the test client can open."""
        match = re.search(r"https?://[^/\s]+(/\S+)", self.body(message))
        assert match, "no link in the message"
        return match.group(1)


@pytest.fixture
def outbox(app: Flask) -> Outbox:
    """Read the e-mails the app sent during the test."""
    return Outbox(app)


# Object storage -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """URL of a moto S3 server (real HTTP on 127.0.0.1) shared by the session."""
    from tests.support.s3 import dummy_aws_credentials, start_moto_server

    with dummy_aws_credentials():
        server, endpoint_url = start_moto_server()
        try:
            yield endpoint_url
        finally:
            server.stop()


@pytest.fixture(scope="session")
def moto_client(moto_endpoint: str) -> Any:
    """A plain boto3 client on the moto server, to arrange and inspect what tests did."""
    from tests.support.s3 import s3_client

    return s3_client(moto_endpoint)


@pytest.fixture
def bucket(moto_endpoint: str, moto_client: Any) -> Iterator[str]:
    """A fresh, empty bucket; the moto server forgets everything afterwards."""
    from uuid import uuid4

    from tests.support.s3 import reset_moto

    name = f"test-{uuid4().hex[:16]}"
    moto_client.create_bucket(Bucket=name)
    yield name
    reset_moto(moto_endpoint)


@pytest.fixture
def s3_app(app: Flask, app_factory: Callable[..., Flask], moto_endpoint: str, bucket: str) -> Flask:
    """An app like ``app`` but storing files in S3 (moto over HTTP), same database."""
    return app_factory(
        STORAGE_BACKEND="s3",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=moto_endpoint,
        S3_REGION="us-east-1",
        S3_PREFIX="puente",
    )
