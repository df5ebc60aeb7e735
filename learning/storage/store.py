"""Object storage behind one interface: a local directory or an S3 bucket, chosen by config.

``init_app`` builds the backend from the app's configuration without touching the disk or the
network; ``get_storage()`` returns it. ``flask storage check`` round-trips a probe object.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from learning.platform.config import ConfigError
from learning.storage.base import (
    CHUNK_SIZE,
    ObjectInfo,
    ObjectNotFound,
    PutResult,
    Storage,
    StorageError,
    StorageUnavailable,
    TooLarge,
)
from learning.storage.filenames import (
    clean_filename,
    content_disposition,
    new_key,
    private_download,
)
from learning.storage.filetypes import (
    ACCEPTED_EXTENSIONS,
    HEAD_SIZE,
    IMAGE_EXTENSIONS,
    FileType,
    RefusedType,
    detect,
)
from learning.storage.local import LocalStorage
from learning.storage.s3 import MAX_PRESIGN_SECONDS, MiB, S3Storage

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "CHUNK_SIZE",
    "HEAD_SIZE",
    "IMAGE_EXTENSIONS",
    "FileType",
    "LocalStorage",
    "ObjectInfo",
    "ObjectNotFound",
    "PutResult",
    "RefusedType",
    "S3Storage",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "TooLarge",
    "clean_filename",
    "content_disposition",
    "detect",
    "get_storage",
    "init_app",
    "new_key",
    "private_download",
    "storage_cli",
]

_ADDRESSING_STYLES = ("auto", "path", "virtual")

storage_cli = AppGroup("storage", help="Object storage commands.")


def init_app(app: Flask) -> None:
    """Build the configured backend into ``app.extensions`` and add ``flask storage``.

    Does no I/O. Raises ConfigError (one line) for an unknown backend or unusable settings.
    """
    app.extensions["storage"] = _build(app.config, app.instance_path)
    app.cli.add_command(storage_cli)


def get_storage() -> Storage:
    """Return the current app's storage. Raises RuntimeError outside an app or before init_app."""
    storage = current_app.extensions.get("storage")
    if storage is None:
        raise RuntimeError("storage.init_app(app) was not called")
    return storage


@storage_cli.command("check")
def check_command() -> None:
    """Write, read back, verify and delete a probe object in the configured store."""
    try:
        for line in get_storage().check():
            click.echo(line)
    except StorageError as exc:
        raise click.ClickException(f"storage check failed: {exc}") from exc


def _build(config: Mapping[str, Any], instance_path: str) -> Storage:
    backend = config.get("STORAGE_BACKEND") or "local"
    if backend == "local":
        root = config.get("STORAGE_LOCAL_ROOT") or os.path.join(instance_path, "objects")
        return LocalStorage(root)
    if backend != "s3":
        raise ConfigError(f"STORAGE_BACKEND must be 'local' or 's3', not {backend!r}")
    bucket = config.get("S3_BUCKET")
    if not bucket:
        raise ConfigError("STORAGE_BACKEND is 's3' but S3_BUCKET is not set")
    style = config.get("S3_ADDRESSING_STYLE") or None
    if style is not None and style not in _ADDRESSING_STYLES:
        raise ConfigError(f"S3_ADDRESSING_STYLE must be one of {', '.join(_ADDRESSING_STYLES)}")
    try:
        return S3Storage(
            bucket,
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region=config.get("S3_REGION") or None,
            prefix=config.get("S3_PREFIX") or "",
            addressing_style=style,
            multipart_threshold=_int(config, "STORAGE_MULTIPART_THRESHOLD", 8 * MiB),
            part_size=_int(config, "STORAGE_PART_SIZE", 8 * MiB),
            presign_seconds=_int(config, "STORAGE_PRESIGN_SECONDS", MAX_PRESIGN_SECONDS),
        )
    except ValueError as exc:
        raise ConfigError(f"S3 storage settings: {exc}") from exc


def _int(config: Mapping[str, Any], name: str, default: int) -> int:
    value = config.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be an integer, got {value!r}") from None
