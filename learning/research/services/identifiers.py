"""Identifiers: ORCID iDs of creators and DOIs of versions, checked and written one way."""

from __future__ import annotations

import re

_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalise_orcid(value: str) -> str | None:
    """``0000-0002-1825-0097`` from an ORCID iD or its URL; None when the form or the ISO 7064
    11,2 check digit is wrong."""
    value = value.strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    match = _ORCID.match(value)
    if not match:
        return None
    digits = "".join(match.groups())
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        return None
    return "-".join(match.groups())


def normalise_doi(value: str) -> str | None:
    """``10.1234/abc`` from a DOI, a ``doi:`` string or a doi.org URL; None when not a DOI."""
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value if _DOI.match(value) and len(value) <= 200 else None
