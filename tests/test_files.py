"""Stored files through the site: row first, bytes second; downloads checked, counted and
delivered; every failure leaves nothing half-written. Runs on the local directory and on S3
(moto's server over HTTP, through the same boto3 code as production)."""

from __future__ import annotations

import hashlib
import io
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.models import StoredFile
from learning.storage.store import get_storage

PDF = b"%PDF-1.7\n" + b"x" * 5000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def rows() -> list[StoredFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(StoredFile).order_by(StoredFile.id)))


@pytest.fixture(params=["local", "s3"])
def site(request, app):
    """(app, admin client) on the local store or on S3."""
    the_app = app if request.param == "local" else request.getfixturevalue("s3_app")
    client = the_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    from tests.conftest import sign_in_as

    admin = request.getfixturevalue("make_user")(roles=["admin"])
    sign_in_as(client, admin)
    # Service calls in the test body must reach this app's store, not the default one.
    with the_app.app_context():
        yield the_app, client
        db.session.remove()


def upload(client, content: bytes, name: str, content_type: str = "application/octet-stream"):
    return client.post(
        "/admin/storage",
        data={"file": (io.BytesIO(content), name, content_type)},
        content_type="multipart/form-data",
    )


def test_upload_and_download_round_trip(site):
    the_app, client = site
    response = upload(client, PDF, "Política pública 2026.pdf")
    assert response.status_code == 302
    [row] = rows()
    assert row.state == "available"
    assert (row.size, row.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert row.content_type == "application/pdf"
    assert row.original_name == "Política pública 2026.pdf"
    # The key is opaque: the person's file name never enters it.
    assert row.key.startswith("probe/") and "Pol" not in row.key

    page = client.get("/admin/storage").get_data(as_text=True)
    assert "Política pública 2026.pdf" in page
    link = f"/files/{row.id}/Pol%C3%ADtica%20p%C3%BAblica%202026.pdf"
    assert link in page

    response = client.get(link)
    if the_app.config["STORAGE_BACKEND"] == "s3":
        assert response.status_code == 302
        target = response.headers["Location"]
        query = urlsplit(target).query
        assert "X-Amz-Expires=300" in query or "X-Amz-Expires=" in query
        with urllib.request.urlopen(target) as fetched:  # noqa: S310 - moto on 127.0.0.1
            assert fetched.read() == PDF
            assert "filename*=UTF-8''Pol%C3%ADtica" in fetched.headers["Content-Disposition"]
    else:
        with response:
            assert response.status_code == 200
            assert response.data == PDF
            assert "filename*=UTF-8''Pol%C3%ADtica" in response.headers["Content-Disposition"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        with client.get(link, headers={"Range": "bytes=0-7"}) as ranged:
            assert ranged.status_code == 206 and ranged.data == PDF[:8]
    assert rows()[0].download_count == (1 if the_app.config["STORAGE_BACKEND"] == "s3" else 2)


def test_our_link_never_expires_only_the_redirect_does(s3_app, make_user):
    from tests.conftest import sign_in_as

    client = sign_in_as(s3_app.test_client(), make_user(roles=["admin"]))
    upload(client, PDF, "brief.pdf")
    [row] = rows()
    first = client.get(f"/files/{row.id}/brief.pdf").headers["Location"]
    second = client.get(f"/files/{row.id}/brief.pdf").headers["Location"]
    assert first != second or "X-Amz-Date" in first  # a fresh signature each time
    assert "X-Amz-Expires=300" in first


@pytest.mark.parametrize(
    ("content", "name", "claimed", "message"),
    [
        (
            b"<html><script>alert(1)</script></html>",
            "brief.pdf",
            "application/pdf",
            "does not match",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "image/svg+xml", "not accepted"),
        (b"MZ\x90\x00" + b"\x00" * 100, "report.docx", "application/msword", "cannot be uploaded"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.txt", "text/plain", "cannot be uploaded"),
        (b"", "empty.pdf", "application/pdf", "The file is empty"),
        (PDF, "archive.exe", "application/pdf", "not accepted"),
        # A client lying about the type changes nothing: the bytes decide.
        (PNG, "photo.pdf", "application/pdf", "does not match"),
    ],
)
def test_refused_uploads_leave_nothing(site, content, name, claimed, message):
    _, client = site
    response = upload(client, content, name, claimed)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert rows() == []
    assert (
        list(get_storage().list("")) == [] if site[0].config["STORAGE_BACKEND"] == "local" else True
    )


def test_client_claimed_type_is_ignored(site):
    _, client = site
    assert upload(client, PNG, "photo.png", "text/html").status_code == 302
    assert rows()[0].content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        # Multipart quoting eats backslashes on the way; clean_filename's own tests cover them.
        ("..\\..\\windows\\brief.pdf", None),
        ("bad\x00na\x07me.pdf", "badname.pdf"),
        ("a" * 300 + ".pdf", None),
        ("....pdf", None),
    ],
)
def test_hostile_filenames_are_cleaned(site, name, stored):
    _, client = site
    response = upload(client, PDF, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    [row] = rows()
    assert "/" not in row.original_name and "\\" not in row.original_name
    assert all(ord(c) >= 32 for c in row.original_name)
    assert len(row.original_name) <= 200 and row.original_name.endswith(".pdf")
    if stored:
        assert row.original_name == stored


def test_only_dots_is_refused_or_named(site):
    _, client = site
    response = upload(client, PDF, "....")
    assert response.status_code == 400
    assert rows() == []


def test_over_the_limit_is_413_with_a_message(app_factory, make_user):
    from tests.conftest import sign_in_as

    small = app_factory(UPLOAD_LIMITS={"probe": 4096})
    client = sign_in_as(small.test_client(), make_user(roles=["admin"]))
    response = upload(client, PDF, "big.pdf")
    assert response.status_code == 413
    assert "larger than the limit" in response.get_data(as_text=True) or (
        "over the size limit" in response.get_data(as_text=True)
    )
    assert rows() == []


def test_over_the_limit_in_the_stream_is_413(app_factory, make_user):
    """Content-Length under the request limit, file over the kind's limit (form overhead)."""
    from tests.conftest import sign_in_as

    small = app_factory(UPLOAD_LIMITS={"probe": 4096})
    client = sign_in_as(small.test_client(), make_user(roles=["admin"]))
    response = upload(client, PDF + b"y" * 100, "big.pdf")
    assert response.status_code == 413
    assert rows() == []


def test_store_unreachable_at_upload(app_factory, make_user):
    from tests.conftest import sign_in_as

    down = app_factory(
        STORAGE_BACKEND="s3",
        S3_BUCKET="nowhere",
        S3_ENDPOINT_URL="http://127.0.0.1:1",
        S3_REGION="us-east-1",
    )
    client = sign_in_as(down.test_client(), make_user(roles=["admin"], language="es"))
    response = upload(client, PDF, "brief.pdf")
    assert response.status_code == 503
    assert "no se guardó nada" in response.get_data(as_text=True)
    assert [r for r in rows() if r.state == "available"] == []
    assert rows() == []


class Explodes(io.BytesIO):
    """A body that breaks half-way, as a dropped connection does."""

    def read(self, size=-1):
        if self.tell() > 6000:
            raise OSError("connection reset by peer")
        return super().read(size if size and size > 0 else 4096)


def test_dropped_stream_leaves_no_available_row(site):
    from learning.storage import services

    the_app, _ = site
    body = Explodes(PDF + b"z" * 20000)
    with pytest.raises(OSError):
        services.store_upload(body, "brief.pdf", kind="probe", uploader_id=None)
    assert [r for r in rows() if r.state == "available"] == []
    assert rows() == []
    assert list(get_storage().list("probe/")) == []


def test_commit_failure_after_the_bytes_removes_the_object(site, monkeypatch):
    from learning.storage import services
    from learning.storage.routes import commit_with_files

    row = services.store_upload(io.BytesIO(PDF), "brief.pdf", kind="probe", uploader_id=None)
    key = row.key
    assert get_storage().exists(key)

    def fail():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        commit_with_files(row)
    monkeypatch.undo()
    assert not get_storage().exists(key)
    assert rows() == []


def test_gc_removes_stale_pending_rows_and_orphans(site):
    from learning.storage import services

    the_app, _ = site
    storage = get_storage()
    # A crash after the row and some bytes: a pending row, its object, and an orphan object.
    row = services.begin_upload(io.BytesIO(PDF), "brief.pdf", kind="probe", uploader_id=None)
    storage.put(row.key, io.BytesIO(PDF[:100]), "application/pdf")
    storage.put("probe/orphan", io.BytesIO(b"left over"), "text/plain")
    kept = services.store_upload(io.BytesIO(PDF), "kept.pdf", kind="probe", uploader_id=None)
    db.session.commit()

    runner = the_app.test_cli_runner()
    fresh = runner.invoke(args=["storage", "gc"])
    assert "0 pending rows, 0 unreferenced objects and 0 unfinished uploads removed" in fresh.output

    report = services.collect_garbage(older_than=timedelta(seconds=-60), dry_run=True)
    assert report.pending_rows == [row.key] and report.orphan_objects == ["probe/orphan"]
    assert storage.exists("probe/orphan")

    services.collect_garbage(older_than=timedelta(seconds=-60), dry_run=False)
    assert not storage.exists("probe/orphan") and not storage.exists(row.key)
    assert [r.key for r in rows()] == [kept.key]
    assert storage.exists(kept.key)


def test_gc_aborts_uploads_a_killed_process_left_unfinished(site, request):
    """A process killed mid-upload leaves a temp file (local) or a multipart upload (S3)."""
    from learning.storage import services

    the_app, _ = site
    if the_app.config["STORAGE_BACKEND"] == "s3":
        client = request.getfixturevalue("moto_client")
        bucket = the_app.config["S3_BUCKET"]
        client.create_multipart_upload(Bucket=bucket, Key="puente/probe/killed")

        def unfinished() -> list[str]:
            return [
                u["Key"] for u in client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            ]
    else:
        from pathlib import Path

        folder = Path(the_app.config["STORAGE_LOCAL_ROOT"]) / "probe"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".abc123.part").write_bytes(b"half")

        def unfinished() -> list[str]:
            return [p.name for p in folder.glob(".*.part")]

    assert len(unfinished()) == 1
    if the_app.config["STORAGE_BACKEND"] == "local":
        # moto reports a fixed 2010 start date for every multipart upload, so "too recent to
        # collect" can only be checked on the local store.
        recent = services.collect_garbage(older_than=timedelta(hours=24), dry_run=False)
        assert recent.partial_uploads == [] and len(unfinished()) == 1
    report = services.collect_garbage(older_than=timedelta(seconds=-60), dry_run=True)
    assert len(report.partial_uploads) == 1 and len(unfinished()) == 1
    services.collect_garbage(older_than=timedelta(seconds=-60), dry_run=False)
    assert unfinished() == []


def test_gc_dry_run_from_the_command_line(app):
    from learning.storage import services

    services.begin_upload(io.BytesIO(PDF), "brief.pdf", kind="probe", uploader_id=None)
    db.session.execute(
        StoredFile.__table__.update().values(created_at=utcnow() - timedelta(days=2))
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["storage", "gc", "--dry-run"])
    assert result.exit_code == 0
    assert "would remove pending upload probe/" in result.output
    assert len(rows()) == 1
    result = app.test_cli_runner().invoke(args=["storage", "gc"])
    assert "removed pending upload" in result.output
    assert rows() == []


def test_verify_reports_missing_and_changed_objects(site):
    from learning.storage import services

    the_app, _ = site
    good = services.store_upload(io.BytesIO(PDF), "a.pdf", kind="probe", uploader_id=None)
    changed = services.store_upload(io.BytesIO(PDF), "b.pdf", kind="probe", uploader_id=None)
    gone = services.store_upload(io.BytesIO(PDF), "c.pdf", kind="probe", uploader_id=None)
    db.session.commit()
    storage = get_storage()
    storage.put(changed.key, io.BytesIO(PDF[:-1] + b"!"), "application/pdf")
    storage.delete(gone.key)

    result = the_app.test_cli_runner().invoke(args=["storage", "verify"])
    assert result.exit_code == 1
    assert f"file {changed.id} ({changed.key}): sha256 mismatch" in result.output
    assert f"file {gone.id} ({gone.key}): missing" in result.output
    assert f"({good.key})" not in result.output
    assert "3 objects checked, 2 problems" in result.output


def test_storage_check_command(site):
    the_app, _ = site
    result = the_app.test_cli_runner().invoke(args=["storage", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("role", [None, "participant", "trainer", "researcher", "curator"])
def test_files_and_storage_page_are_admin_only(app, client_for, role):
    from learning.storage import services

    row = services.store_upload(io.BytesIO(PDF), "a.pdf", kind="probe", uploader_id=None)
    db.session.commit()
    client = client_for(role)
    download = client.get(f"/files/{row.id}/a.pdf")
    page = client.get("/admin/storage")
    if role is None:
        assert download.status_code == 302 and page.status_code == 302
    else:
        assert download.status_code == 404 and page.status_code == 403
    assert rows()[0].download_count == 0


def test_unknown_or_pending_file_is_404(app, client_for):
    from learning.storage import services

    pending = services.begin_upload(io.BytesIO(PDF), "a.pdf", kind="probe", uploader_id=None)
    client = client_for("admin")
    assert client.get(f"/files/{pending.id}/a.pdf").status_code == 404
    assert client.get("/files/999999/x.pdf").status_code == 404


def test_download_counts_are_not_lost_under_concurrency(app):
    """Atomic increments: two sessions counting at once both count."""
    from sqlalchemy.orm import Session

    from learning.storage import services

    row = services.store_upload(io.BytesIO(PDF), "a.pdf", kind="probe", uploader_id=None)
    db.session.commit()
    for _ in range(5):
        with Session(db.engine) as session:
            session.execute(
                StoredFile.__table__.update()
                .where(StoredFile.id == row.id)
                .values(download_count=StoredFile.download_count + 1)
            )
            session.commit()
    services.count_download(row)
    db.session.commit()
    assert db.session.scalar(select(func.max(StoredFile.download_count))) == 6


def test_oversized_upload_gets_a_413_page_not_a_reset_connection(database_url, make_user, tmp_path):
    """Over real HTTP to gunicorn (what production runs): the client sends 8 MB to a 1 MB
    limit and still reads our page instead of a reset connection."""
    from tests.conftest import TEST_PASSWORD
    from tests.support.servers import Browser, gunicorn, multipart_head

    make_user("boss@example.org", roles=["admin"], language="es")
    env = {
        "PUENTE_ENV": "testing",
        "DATABASE_URL": database_url,
        "STORAGE_LOCAL_ROOT": str(tmp_path / "objects"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
        "UPLOAD_LIMITS_MB": "probe=1",
    }
    with gunicorn(env) as (_, port):
        browser = Browser(port, language="es")
        browser.sign_in("boss@example.org", TEST_PASSWORD)
        token = browser.csrf_token("/admin/storage")
        boundary = "puente-boundary"
        body = (
            multipart_head(token, boundary, "big.pdf", "application/pdf")
            + b"%PDF-1.7\n"
            + b"x" * (8 * 1024 * 1024)
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, page = browser.request(
            "POST",
            "/admin/storage",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
    assert status == 413
    assert "supera el límite de tamaño" in page.decode()
    assert rows() == []
