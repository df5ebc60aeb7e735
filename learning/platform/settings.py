"""Programme settings administrators change in the app (name, contact, funding note); the
environment gives the defaults. Kept between requests until an administrator changes one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, g
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from learning.platform import cache
from learning.platform.dbtypes import UTCDateTime, utcnow
from learning.platform.extensions import db

# Setting key -> the configuration variable that gives its default.
DEFAULTS = {
    "programme_name": "PROGRAMME_NAME",
    "contact_email": "CONTACT_EMAIL",
    "funding_note_en": "FUNDING_NOTE_EN",
    "funding_note_es": "FUNDING_NOTE_ES",
    # Who signs the certificates: a name (may be empty: the role alone) and the role line in
    # each language ("Programme coordinator", "Coordinación del programa").
    "signatory_name": "CERTIFICATE_SIGNATORY",
    "signatory_role_en": "CERTIFICATE_SIGNATORY_ROLE_EN",
    "signatory_role_es": "CERTIFICATE_SIGNATORY_ROLE_ES",
}
# Defaults for the settings an older configuration does not name.
FALLBACKS = {
    "CERTIFICATE_SIGNATORY": "",
    "CERTIFICATE_SIGNATORY_ROLE_EN": "Programme coordinator",
    "CERTIFICATE_SIGNATORY_ROLE_ES": "Coordinación del programa",
}


class Setting(db.Model):
    """One changed setting; absent keys fall back to the configuration."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


@dataclass(frozen=True)
class Programme:
    """The settings as templates and e-mails use them."""

    name: str
    contact_email: str
    funding_note_en: str
    funding_note_es: str
    signatory_name: str = ""
    signatory_role_en: str = ""
    signatory_role_es: str = ""

    def funding_note(self, language: str) -> str:
        """The funding acknowledgement in ``language`` (Spanish or English)."""
        return self.funding_note_es if language == "es" else self.funding_note_en

    def signatory_role(self, language: str) -> str:
        """The certificate signatory's role in ``language`` (Spanish or English)."""
        return self.signatory_role_es if language == "es" else self.signatory_role_en


def programme() -> Programme:
    """The current settings: read from the database once per change (learning/platform/cache.py)."""
    cached = g.get("_programme")
    if cached is None:
        cached = g._programme = cache.fragment(("settings",), ("programme",), _read)
    return cached


def _configured() -> dict[str, str]:
    return {
        key: current_app.config.get(name, FALLBACKS.get(name, "")) for key, name in DEFAULTS.items()
    }


def _programme(values: dict[str, str]) -> Programme:
    return Programme(
        name=values["programme_name"],
        contact_email=values["contact_email"],
        funding_note_en=values["funding_note_en"],
        funding_note_es=values["funding_note_es"],
        signatory_name=values["signatory_name"],
        signatory_role_en=values["signatory_role_en"],
        signatory_role_es=values["signatory_role_es"],
    )


def configured_programme() -> Programme:
    """The programme as the configuration names it, without what staff saved since (for files
    made once for every deployment, such as the API's static documentation)."""
    return _programme(_configured())


def _read() -> Programme:
    values = _configured()
    values.update(dict(db.session.execute(select(Setting.key, Setting.value)).all()))
    return _programme(values)


def save(values: dict[str, str], *, user_id: int | None) -> list[str]:
    """Store the settings that differ from what is current; returns the changed keys.

    Raises KeyError for a key that is not a setting.
    """
    current = programme()
    changed = []
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        if getattr(current, key if key != "programme_name" else "name") == value:
            continue
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value, updated_by_id=user_id))
        else:
            row.value = value
            row.updated_by_id = user_id
        changed.append(key)
    db.session.flush()
    g.pop("_programme", None)
    return changed


def init_app(app: Flask) -> None:
    """Make ``programme`` available to every template (read lazily, on first use)."""

    @app.context_processor
    def _inject() -> dict[str, object]:
        return {"programme": _Lazy()}


class _Lazy:
    """Defers the settings query until a template reads an attribute."""

    def __getattr__(self, name: str) -> object:
        return getattr(programme(), name)


# A change renews the settings every page shows (learning/platform/cache.py).
cache.watch("settings", Setting)
