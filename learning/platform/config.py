"""Configuration read from the environment; the embedded default needs no variable at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "testing", "production")


class ConfigError(RuntimeError):
    """The configuration cannot run the app; the message is one line for the operator."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _limits_mb(raw: str | None) -> dict[str, int]:
    """``"material=512,cover=5"`` -> {"material": 512 MiB, "cover": 5 MiB}."""
    limits: dict[str, int] = {}
    for part in (raw or "").split(","):
        if not part.strip():
            continue
        kind, _, value = part.partition("=")
        if not value.strip().isdigit():
            raise ConfigError(
                f"UPLOAD_LIMITS_MB must look like 'material=512,cover=5', got {raw!r}"
            )
        limits[kind.strip()] = int(value) * 1024 * 1024
    return limits


def _dev_secret(instance_path: Path) -> str:
    """Return the development secret, made once into instance/ so restarts keep sessions."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    path.write_text(value)
    path.chmod(0o600)
    return value


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment and ``overrides``.

    Raises ConfigError when the configuration cannot work (for example no ``SECRET_KEY``
    outside development).
    """
    overrides = dict(overrides or {})
    env = overrides.pop("PUENTE_ENV", None) or os.environ.get("PUENTE_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"PUENTE_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")
    development = env == "development"
    testing = env == "testing"

    secret = overrides.pop("SECRET_KEY", None) or os.environ.get("SECRET_KEY")
    if not secret:
        if development:
            secret = _dev_secret(instance_path)
        elif testing:
            secret = "testing-secret-not-for-production"  # noqa: S105 - tests only
        else:
            raise ConfigError(
                "SECRET_KEY is not set: set it to a long random value "
                "(outside development the app refuses to start without it)"
            )

    if development:
        instance_path.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'puente.db'}"
    # Heroku-style URLs name the old driver; SQLAlchemy 2 wants psycopg 3 spelled out.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    secure_cookies = not (development or testing)
    config: dict[str, Any] = {
        "PUENTE_ENV": env,
        "DEBUG": development,
        "TESTING": testing,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        # Rendered fragments each worker keeps (learning/platform/cache.py): size, longest life.
        "CACHE_MAX_MB": _int("CACHE_MAX_MB", 32),
        "CACHE_SECONDS": _int("CACHE_SECONDS", 300),
        # Ordinary forms are small; upload routes raise the limit for their own request.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "PREFERRED_URL_SCHEME": "http" if (development or testing) else "https",
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": ["es", "en"],
        "DEFAULT_TIMEZONE": os.environ.get("DEFAULT_TIMEZONE", "America/Mexico_City"),
        "PROGRAMME_NAME": os.environ.get("PROGRAMME_NAME", "Puente"),
        "PROGRAMME_LOGO_URL": os.environ.get("PROGRAMME_LOGO_URL") or None,
        "FUNDING_NOTE_EN": os.environ.get("FUNDING_NOTE_EN", "Funded by the European Union"),
        "FUNDING_NOTE_ES": os.environ.get("FUNDING_NOTE_ES", "Financiado por la Unión Europea"),
        # Who signs the certificates (the admin's settings page changes them).
        "CERTIFICATE_SIGNATORY": os.environ.get("CERTIFICATE_SIGNATORY", ""),
        "CERTIFICATE_SIGNATORY_ROLE_EN": os.environ.get(
            "CERTIFICATE_SIGNATORY_ROLE_EN", "Programme coordinator"
        ),
        "CERTIFICATE_SIGNATORY_ROLE_ES": os.environ.get(
            "CERTIFICATE_SIGNATORY_ROLE_ES", "Coordinación del programa"
        ),
        "CONTACT_EMAIL": os.environ.get("CONTACT_EMAIL", "programme@example.org"),
        "PASSWORD_HASH_METHOD": "scrypt",
        "UPLOAD_LIMITS": _limits_mb(os.environ.get("UPLOAD_LIMITS_MB")),
        "STORAGE_BACKEND": os.environ.get("STORAGE_BACKEND", "local"),
        "STORAGE_LOCAL_ROOT": os.environ.get("STORAGE_LOCAL_ROOT")
        or str(instance_path / "objects"),
        "S3_BUCKET": os.environ.get("S3_BUCKET") or None,
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": os.environ.get("S3_REGION") or None,
        "S3_PREFIX": os.environ.get("S3_PREFIX", ""),
        "S3_ADDRESSING_STYLE": os.environ.get("S3_ADDRESSING_STYLE") or None,
        "STORAGE_MULTIPART_THRESHOLD": _int("STORAGE_MULTIPART_THRESHOLD", 8 * 1024 * 1024),
        "STORAGE_PART_SIZE": _int("STORAGE_PART_SIZE", 8 * 1024 * 1024),
        "STORAGE_PRESIGN_SECONDS": _int("STORAGE_PRESIGN_SECONDS", 300),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS"), True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Puente <no-reply@example.org>"),
        "MAIL_OUTBOX": str(instance_path / "outbox"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # X-RateLimit-* on every limited response: two more round trips to Redis per API
        # request (a quarter of a cached answer's time); off, 429s still say Retry-After.
        "RATELIMIT_HEADERS_ENABLED": _bool(os.environ.get("RATELIMIT_HEADERS_ENABLED"), False),
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        # Requests a token (or an address, without one) may make to /api/v1.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        # The job queue (learning/jobs): redis://… in production (any number of consumers on
        # any number of hosts), else a SQLite file beside the database (one host).
        "JOBS_URL": os.environ.get("JOBS_URL") or f"sqlite:///{instance_path / 'jobs.db'}",
        "JOBS_ATTEMPTS": _int("JOBS_ATTEMPTS", 3),
        "JOBS_RETRY_SECONDS": _int("JOBS_RETRY_SECONDS", 30),
        "JOBS_STALE_SECONDS": _int("JOBS_STALE_SECONDS", 300),
        # Exports with more rows than this are written by a job instead of in the request.
        "EXPORT_INLINE_ROWS": _int("EXPORT_INLINE_ROWS", 2000),
        # The network's discussions: reports that hide a post until a moderator decides; how
        # long a member counts as new (rate-limited, links held); their posts per minute; how
        # many people one post may mention (and so e-mail).
        "NETWORK_REPORTS_TO_HIDE": _int("NETWORK_REPORTS_TO_HIDE", 3),
        "NETWORK_NEW_MEMBER_DAYS": _int("NETWORK_NEW_MEMBER_DAYS", 7),
        "NETWORK_NEW_MEMBER_POSTS_PER_MINUTE": _int("NETWORK_NEW_MEMBER_POSTS_PER_MINUTE", 5),
        "NETWORK_MENTIONS_PER_POST": _int("NETWORK_MENTIONS_PER_POST", 10),
        # Webhooks (learning/webhooks): seconds before each retry of a failed delivery (then
        # it is given up), failures in a row that disable an endpoint, seconds to wait for a
        # receiver, and whether http://127.0.0.1 and localhost may be registered (never in
        # production).
        "WEBHOOKS_RETRY_SECONDS": tuple(
            int(part)
            for part in os.environ.get("WEBHOOKS_RETRY_SECONDS", "5,300,1800,7200,18000,36000")
            .replace(" ", "")
            .split(",")
            if part.isdigit()
        ),
        "WEBHOOKS_DISABLE_AFTER": _int("WEBHOOKS_DISABLE_AFTER", 10),
        "WEBHOOKS_TIMEOUT": _int("WEBHOOKS_TIMEOUT", 5),
        "WEBHOOKS_ALLOW_LOOPBACK": development or testing,
    }
    config.update(overrides)
    return config
