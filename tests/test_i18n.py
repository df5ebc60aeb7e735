"""The catalogs are complete, not fuzzy, compiled, and not stale against code and templates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "learning" / "translations"
LANGUAGES = ["es", "en"]


def _catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


def _ids(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
            "-k", "_l", "-k", "lazy_pgettext:1c,2", "--no-location",
            "-o", str(out), "learning", "templates",
        ],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    with open(out, "rb") as f:
        return {_ids(m) for m in read_po(f) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language):
    catalog = _catalog(language)
    untranslated = [_ids(m) for m in catalog if m.id and not all(_strings(m))]
    fuzzy = [_ids(m) for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{language}: untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{language}: fuzzy: {fuzzy[:10]}"


def _strings(message):
    return message.string if isinstance(message.string, tuple | list) else (message.string,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_matches_code_and_templates(language, extracted):
    in_catalog = {_ids(m) for m in _catalog(language) if m.id}
    missing = sorted(extracted - in_catalog)
    obsolete = sorted(in_catalog - extracted)
    assert missing == [], f"run `make translations`: not in the {language} catalog: {missing[:10]}"
    assert obsolete == [], f"{language} catalog has strings no longer used: {obsolete[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_current(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = {_ids(m): tuple(_strings(m)) for m in read_mo(f) if m.id}
    source = {_ids(m): tuple(_strings(m)) for m in _catalog(language) if m.id}
    assert compiled == source, "run `make translations` to compile the catalogs"


def test_spanish_uses_the_glossary():
    catalog = _catalog("es")
    translations = {_ids(m): m.string for m in catalog if m.id}
    assert translations["Sign in"] == "Iniciar sesión"
    assert translations["Register"] == "Registrarse"
    assert translations["Workshops"] == "Talleres"
