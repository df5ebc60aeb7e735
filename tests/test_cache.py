"""learning/platform/cache.py: the per-process store, generations shared through the database,
and the settings read once per change."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from learning.platform import cache
from learning.platform.cache import CacheGeneration, Store
from learning.platform.extensions import db
from learning.platform.settings import Setting


def _tokens() -> dict[str, str]:
    return dict(db.session.execute(select(CacheGeneration.name, CacheGeneration.token)).all())


def test_store_drops_the_least_recently_used_past_its_size():
    store = Store(max_bytes=800, seconds=60)
    store.put("a", "x" * 100, 100)
    store.put("b", "y" * 100, 100)
    assert store.get("a") == "x" * 100  # "a" is now the most recently used
    for n in range(7):
        store.put(f"c{n}", "z" * 100, 100)
    assert store.size <= 800
    assert store.get("b") is None and store.get("a") == "x" * 100
    store.put("huge", "h" * 500, 500)  # more than an eighth of the store: not kept
    assert store.get("huge") is None


def test_store_forgets_entries_past_their_lifetime():
    store = Store(max_bytes=1000, seconds=0.05)
    store.put("k", "v", 1)
    assert store.get("k") == "v"
    time.sleep(0.06)
    assert store.get("k") is None and store.size == 0


def test_a_commit_renews_only_the_kinds_it_changed(app, make_user):
    before = _tokens()
    assert set(before) == set(cache.KINDS)
    person = make_user()  # a new account: only that person's own generation
    db.session.commit()
    after = _tokens()
    assert {k: v for k, v in after.items() if k in cache.KINDS} == before
    assert set(after) - set(before) == {f"person:{person.id}"}
    before = after
    db.session.add(Setting(key="programme_name", value="Puente Centroamérica"))
    db.session.commit()
    after = _tokens()
    assert after["settings"] != before["settings"]
    assert after["workshops"] == before["workshops"] and after["research"] == before["research"]


def test_a_rolled_back_change_renews_nothing(app):
    before = _tokens()
    db.session.add(Setting(key="programme_name", value="Nunca"))
    db.session.flush()
    db.session.rollback()
    assert _tokens() == before


def test_settings_changed_in_another_process_show_on_the_next_page(app, app_factory, client):
    assert "Puente" in client.get("/").get_data(True)
    other = app_factory()
    with other.app_context():
        db.session.add(Setting(key="programme_name", value="Programa Puente Regional"))
        db.session.commit()
        db.session.remove()
    assert "Programa Puente Regional" in client.get("/").get_data(True)


def test_a_database_without_generations_is_served_without_the_cache(app, client):
    db.session.execute(CacheGeneration.__table__.delete())
    db.session.commit()
    assert client.get("/").status_code == 200
    db.session.add(Setting(key="programme_name", value="Sin caché"))
    db.session.commit()  # the change writes the missing generation back
    assert "settings" in _tokens()
    assert "Sin caché" in client.get("/").get_data(True)


def test_watch_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        cache.watch("everything", Setting)


def test_a_savepoint_rolled_back_keeps_the_changes_noted_before_it(app):
    before = _tokens()
    db.session.add(Setting(key="programme_name", value="Puente Sur"))
    db.session.flush()
    nested = db.session.begin_nested()
    db.session.add(Setting(key="contact_email", value="equipo@example.org"))
    db.session.flush()
    nested.rollback()
    db.session.commit()
    assert _tokens()["settings"] != before["settings"]


def test_the_new_token_is_committed_with_the_change_or_not_at_all(app):
    """A commit that fails (a constraint the database checks at commit) renews nothing."""
    before = _tokens()
    db.session.add(Setting(key="programme_name", value="Uno"))
    db.session.commit()
    middle = _tokens()
    assert middle["settings"] != before["settings"]
    db.session.add(Setting(key="programme_name", value="Dos"))  # same primary key
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _tokens() == middle


def test_cache_clear_gives_every_kind_a_new_generation(app, client):
    """After SQL by hand (behind the app's back), `flask cache clear` makes pages afresh."""
    db.session.add(Setting(key="programme_name", value="Puente Norte"))
    db.session.commit()
    assert "Puente Norte" in client.get("/").get_data(True)
    db.session.execute(Setting.__table__.update().values(value="Puente Istmo"))
    db.session.commit()  # a Core statement on the table: seen by the session events too
    assert "Puente Istmo" in client.get("/").get_data(True)
    before = _tokens()
    with db.engine.begin() as conn:  # truly behind the app's back: no session at all
        conn.execute(Setting.__table__.update().values(value="Puente Caribe"))
    assert "Puente Istmo" in client.get("/").get_data(True)  # kept: nobody said it changed
    result = app.test_cli_runner().invoke(args=["cache", "clear"])
    assert result.exit_code == 0 and "workshops, research, events, settings" in result.output
    after = _tokens()
    assert all(after[kind] != before[kind] for kind in cache.KINDS)
    assert "Puente Caribe" in client.get("/").get_data(True)


def _drop_reader_connection() -> None:
    """Break the connection the generations are read on, as a database restart would."""
    engine = cache.reader()
    assert engine is not None
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with db.engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        else:
            conn.connection.dbapi_connection.close()


def test_a_page_after_the_database_dropped_the_generations_connection(app, client):
    """The generations are read on a connection of their own: when the database drops it
    (a restart), the next page opens a new one and shows the latest change, not an error."""
    assert client.get("/").status_code == 200
    _drop_reader_connection()
    db.session.add(Setting(key="programme_name", value="Puente Reconectado"))
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    assert "Puente Reconectado" in response.get_data(True)


def test_a_kept_page_begins_no_transaction(app, client):
    """A page found kept reads the generations in autocommit and nothing else: no
    transaction to begin and roll back (two more round trips on PostgreSQL)."""
    assert client.get("/workshops/").status_code == 200  # made and kept
    begun: list[object] = []

    def on_begin(conn: object) -> None:
        begun.append(conn)

    event.listen(db.engine, "begin", on_begin)
    try:
        response = client.get("/workshops/")
    finally:
        event.remove(db.engine, "begin", on_begin)
    assert response.status_code == 200
    assert begun == []  # the request's session never needed a connection
    engine = cache.reader()
    assert engine is not None
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if engine.dialect.name == "postgresql":
            assert raw.autocommit is True
        else:
            assert raw.isolation_level is None  # sqlite3's autocommit
