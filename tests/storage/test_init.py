"""Choosing and building the backend from configuration, and ``flask storage check``."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from learning.storage import store as storage_module
from learning.storage.store import LocalStorage, S3Storage, get_storage


def make_app(tmp_path: Path, **config: Any) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(config)
    storage_module.init_app(app)
    return app


def test_local_is_the_default_under_the_instance_folder(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    with app.app_context():
        storage = get_storage()

    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "instance" / "objects"
    assert not (tmp_path / "instance").exists()


def test_local_root_setting(tmp_path: Path) -> None:
    app = make_app(tmp_path, STORAGE_BACKEND="local", STORAGE_LOCAL_ROOT=str(tmp_path / "o"))

    with app.app_context():
        assert get_storage().describe() == f"local root={tmp_path / 'o'}"


def test_s3_is_built_without_any_network_call(tmp_path: Path) -> None:
    # The endpoint is a real listening socket that nobody answers: building the app and its
    # storage must not even connect to it (counted, not timed: timing is flaky on a busy host).
    endpoint = socket.socket()
    endpoint.bind(("127.0.0.1", 0))
    endpoint.listen(8)
    endpoint.setblocking(False)
    app = make_app(
        tmp_path,
        STORAGE_BACKEND="s3",
        S3_BUCKET="puente-files",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{endpoint.getsockname()[1]}",
        S3_REGION="eu-west-1",
        S3_PREFIX="prod/",
        S3_ADDRESSING_STYLE="path",
        STORAGE_MULTIPART_THRESHOLD="16777216",
        STORAGE_PART_SIZE=16 * 1024 * 1024,
        STORAGE_PRESIGN_SECONDS=3600,
    )

    with app.app_context():
        storage = get_storage()
    try:
        connection, _ = endpoint.accept()
    except BlockingIOError:
        connection = None
    endpoint.close()
    assert connection is None, "building the storage connected to the S3 endpoint"
    assert isinstance(storage, S3Storage)
    assert (storage.bucket, storage.region, storage.prefix) == (
        "puente-files",
        "eu-west-1",
        "prod/",
    )
    assert (storage.multipart_threshold, storage.part_size) == (16 * 1024 * 1024,) * 2
    assert storage.addressing_style == "path"
    assert storage.presign_seconds == 300


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND"),
        ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ADDRESSING_STYLE": "odd"}, "ADDRESSING"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "STORAGE_PART_SIZE": "big"}, "PART_SIZE"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "STORAGE_PART_SIZE": 1024}, "part_size"),
    ],
)
def test_unusable_configuration_is_a_one_line_runtime_error(
    tmp_path: Path, config: dict[str, Any], message: str
) -> None:
    with pytest.raises(RuntimeError, match=message) as raised:
        make_app(tmp_path, **config)

    assert "\n" not in str(raised.value)


def test_get_storage_without_init_app() -> None:
    with Flask(__name__).app_context(), pytest.raises(RuntimeError):
        get_storage()


def test_storage_check_command(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    result = app.test_cli_runner().invoke(args=["storage", "check"])

    assert result.exit_code == 0, result.output
    assert "deleted" in result.output
    assert list((tmp_path / "instance" / "objects" / "probes").iterdir()) == []


def test_storage_check_command_reports_failure(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the directory should be")
    app = make_app(tmp_path, STORAGE_LOCAL_ROOT=str(tmp_path / "blocked"))

    result = app.test_cli_runner().invoke(args=["storage", "check"])

    assert result.exit_code == 1
    assert "storage check failed" in result.output
