"""Display names, download headers and opaque keys."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pytest

from learning.storage.store import clean_filename, content_disposition, new_key


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("informe.pdf", "informe.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("C:\\Users\\ana\\Desktop\\nota.docx", "nota.docx"),
        ("/var/www/", "file"),
        ("....", "file"),
        ("", "file"),
        (".pdf", "file.pdf"),
        ("..  .pdf", "file.pdf"),
        ("inf\x00orme\x07.pdf", "informe.pdf"),
        ("two\nlines\tand   spaces .pdf", "two lines and spaces.pdf"),
        ("  padded  name.txt  ", "padded name.txt"),
        ("trailing dots...", "trailing dots"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ('say "hi".txt', 'say "hi".txt'),
        ("🎉 fiesta 👩‍👩‍👧.pdf", "🎉 fiesta 👩‍👩‍👧.pdf"),
        ("notes.final version", "notes.final version"),
        ("archive.tar.gz", "archive.tar.gz"),
    ],
)
def test_clean_filename(raw: str, clean: str) -> None:
    assert clean_filename(raw) == clean


def test_clean_filename_normalises_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Política pública.pdf")

    assert clean_filename(decomposed) == "Política pública.pdf"
    assert len(clean_filename(decomposed)) < len(decomposed)


def test_long_names_are_cut_to_200_keeping_the_extension() -> None:
    cleaned = clean_filename("a" * 300 + ".xlsx")

    assert len(cleaned) == 200
    assert cleaned == "a" * 195 + ".xlsx"
    assert len(clean_filename("b" * 300)) == 200


def test_content_disposition_for_a_non_ascii_name() -> None:
    header = content_disposition("Política pública 2026.pdf", as_attachment=True)

    assert header == (
        'attachment; filename="Politica publica 2026.pdf"; '
        "filename*=UTF-8''Pol%C3%ADtica%20p%C3%BAblica%202026.pdf"
    )


def test_content_disposition_inline_and_plain_ascii() -> None:
    assert content_disposition("slides.pdf", as_attachment=False) == (
        "inline; filename=\"slides.pdf\"; filename*=UTF-8''slides.pdf"
    )


@pytest.mark.parametrize(
    "name",
    [
        'say "hi" \\ bye.txt',
        "50% done.csv",
        "🎉 fiesta.pdf",
        "報告書.docx",
        "evil\r\nSet-Cookie: x=1.txt",
        "ß straße.txt",
    ],
)
def test_content_disposition_is_a_safe_ascii_header(name: str) -> None:
    header = content_disposition(name, as_attachment=True)
    match = re.fullmatch(
        r'attachment; filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8\'\'(\S+)', header
    )

    assert header.isascii()
    assert "\r" not in header and "\n" not in header
    assert match is not None, header
    fallback = re.sub(r"\\(.)", r"\1", match.group(1))
    assert "%" not in fallback
    assert unquote(match.group(2)) == clean_filename(name)


def test_non_ascii_fallback_characters_become_underscores() -> None:
    assert content_disposition("報告書.docx", True).startswith('attachment; filename="_.docx"')


def test_new_key() -> None:
    first, second = new_key("materials"), new_key("materials")

    assert re.fullmatch(r"materials/[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.parametrize("kind", ["", "Materials", "a/b", "../x", "a_b", "cover pictures"])
def test_new_key_refuses_bad_kinds(kind: str) -> None:
    with pytest.raises(ValueError):
        new_key(kind)
