"""What the network's organisation and profile services share: the error rules raise, who is
programme staff, the audience a viewer belongs to, and the checks of links, e-mail and ORCID."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

# Audiences from the widest to the narrowest: a viewer of rank r sees what is meant for ranks
# up to r.
RANK = {"public": 0, "network": 1, "staff": 2}
_ORCID = re.compile(r"(?:https?://orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class NetworkError(Exception):
    """A rule refused the operation; ``code`` names which."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def signed_in(user: Any) -> bool:
    """Whether ``user`` is a signed-in, active person (not a visitor)."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_staff(user: Any) -> bool:
    """Programme staff: curators and administrators (who manage organisations and see every
    profile)."""
    return signed_in(user) and user.has_role("curator")


def viewer_rank(viewer: Any) -> int:
    """What ``viewer`` may read: 0 visitors, 1 signed-in members, 2 staff."""
    if is_staff(viewer):
        return RANK["staff"]
    return RANK["network"] if signed_in(viewer) else RANK["public"]


def check_url(value: str) -> str:
    """A web link as given, or "" for none. Raises NetworkError("bad_url") unless it is an
    http(s) address with a host (``javascript:`` and the like are refused)."""
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 300:
        raise NetworkError("bad_url")
    return value


def check_email(value: str) -> str:
    """A contact e-mail address as given, or "" for none; NetworkError("bad_email")."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise NetworkError("bad_email")
    return value


def check_orcid(value: str) -> str:
    """An ORCID iD in its canonical form 0000-0002-1825-0097 (a full orcid.org link is
    accepted), or "" for none. Raises NetworkError("bad_orcid") when the form or the ISO 7064
    11,2 check digit is wrong."""
    value = (value or "").strip().upper().replace("HTTPS://ORCID.ORG/", "")
    value = value.replace("HTTP://ORCID.ORG/", "")
    if not value:
        return ""
    match = _ORCID.fullmatch(value)
    if not match:
        raise NetworkError("bad_orcid")
    digits = "".join(match.groups())
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    check = "X" if result == 10 else str(result)
    if digits[-1] != check:
        raise NetworkError("bad_orcid")
    return "-".join(match.groups())
