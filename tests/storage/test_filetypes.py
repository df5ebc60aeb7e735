"""Accepted and refused upload types, from tiny samples built here."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection

import pytest
from werkzeug.datastructures import FileStorage

from learning.storage.store import (
    ACCEPTED_EXTENSIONS,
    HEAD_SIZE,
    IMAGE_EXTENSIONS,
    RefusedType,
    detect,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + bytes(24)
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(100)
MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(100)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(16)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


def zip_bytes(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first is not None:
            archive.writestr(stored_first, members[stored_first], zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(folder: str, *extra: str) -> bytes:
    members = {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>"}
    members[f"{folder}/main.xml"] = b"<document/>"
    members.update({name: b"" for name in extra})
    return zip_bytes(members)


def opendocument(mimetype: str) -> bytes:
    members = {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"}
    return zip_bytes(members, stored_first="mimetype")


def check(filename: str, data: bytes, allowed: Collection[str] | None = None) -> str:
    """Run detect the way the web layer will: head plus the seekable spooled file."""
    return detect(filename, data[:HEAD_SIZE], io.BytesIO(data), allowed=allowed).content_type


def refusal(filename: str, data: bytes, allowed: Collection[str] | None = None) -> str:
    with pytest.raises(RefusedType) as raised:
        check(filename, data, allowed)
    return raised.value.reason


ACCEPTED = [
    ("report.pdf", PDF, "application/pdf"),
    (
        "brief.docx",
        ooxml("word"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "budget.xlsx",
        ooxml("xl"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "slides.pptx",
        ooxml("ppt"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("old.doc", OLE2, "application/msword"),
    ("old.xls", OLE2, "application/vnd.ms-excel"),
    ("old.ppt", OLE2, "application/vnd.ms-powerpoint"),
    (
        "paper.odt",
        opendocument("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "table.ods",
        opendocument("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "talk.odp",
        opendocument("application/vnd.oasis.opendocument.presentation"),
        "application/vnd.oasis.opendocument.presentation",
    ),
    ("data.csv", "name,country\nAna,México\n".encode(), "text/csv; charset=utf-8"),
    ("latin1.csv", "name,country\nAna,México\n".encode("latin-1"), "text/csv"),
    ("notes.txt", "\ufeff  Notas de la sesión\r\n".encode(), "text/plain; charset=utf-8"),
    ("a < b.txt", b"a < b, and <b> only later\n", "text/plain; charset=utf-8"),
    ("cover.png", PNG, "image/png"),
    ("photo.jpg", JPEG, "image/jpeg"),
    ("photo.JPEG", JPEG, "image/jpeg"),
    ("cover.webp", WEBP, "image/webp"),
    ("interview.mp3", MP3_ID3, "audio/mpeg"),
    ("raw.mp3", MP3_FRAME, "audio/mpeg"),
    ("session.mp4", MP4, "video/mp4"),
    ("bundle.zip", zip_bytes({"a.txt": b"hello"}), "application/zip"),
    ("REPORT.PDF", PDF, "application/pdf"),
    ("C:\\Users\\ana\\informe final.pdf", PDF, "application/pdf"),
]


@pytest.mark.parametrize(("filename", "data", "content_type"), ACCEPTED)
def test_accepted_types(filename: str, data: bytes, content_type: str) -> None:
    assert check(filename, data) == content_type


REFUSED = [
    ("page.html", b"<!doctype html><p>hi", "extension_not_allowed"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "extension_not_allowed"),
    ("feed.xml", b"<?xml version='1.0'?><a/>", "extension_not_allowed"),
    ("app.js", b"alert(1)", "extension_not_allowed"),
    ("setup.exe", EXE, "extension_not_allowed"),
    ("report.pdf.exe", EXE, "extension_not_allowed"),
    ("README", b"plain words", "extension_not_allowed"),
    (".pdf", PDF, "extension_not_allowed"),
    ("empty.pdf", b"", "empty"),
    ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "content_mismatch"),
    ("logo.txt", b"\n  <svg onload='alert(1)'/>", "dangerous"),
    ("page.csv", b"\xef\xbb\xbf\r\n <!DOCTYPE html><html>", "dangerous"),
    ("note.txt", b"<script>alert(1)</script>", "dangerous"),
    ("setup.docx", EXE, "dangerous"),
    ("run.txt", b"#!/bin/sh\nrm -rf /\n", "dangerous"),
    ("tool.pdf", ELF, "dangerous"),
    ("mac.pdf", b"\xcf\xfa\xed\xfe" + bytes(28), "dangerous"),
    ("plain.docx", zip_bytes({"a.txt": b"hello"}), "content_mismatch"),
    ("brief.xlsx", ooxml("word"), "content_mismatch"),
    ("macros.docx", ooxml("word", "word/vbaProject.bin"), "dangerous"),
    (
        "paper.odt",
        opendocument("application/vnd.oasis.opendocument.spreadsheet"),
        "content_mismatch",
    ),
    ("plain.odt", zip_bytes({"content.xml": b"<a/>"}), "content_mismatch"),
    ("cover.jpg", PNG, "content_mismatch"),
    ("cover.png", b"GIF89a\x01\x00\x01\x00", "content_mismatch"),
    ("table.csv", PNG, "content_mismatch"),
    ("table.csv", zip_bytes({"a.csv": b"a,b"}), "content_mismatch"),
    ("binary.txt", b"text\x00with a NUL", "content_mismatch"),
    ("old.doc", PDF, "content_mismatch"),
    ("song.mp3", b"not audio at all", "content_mismatch"),
    ("broken.zip", b"PK\x03\x04 truncated", "content_mismatch"),
]


@pytest.mark.parametrize(("filename", "data", "reason"), REFUSED)
def test_refused_types(filename: str, data: bytes, reason: str) -> None:
    assert refusal(filename, data) == reason


def test_a_text_starting_with_mz_is_still_text() -> None:
    assert check("codes.csv", b"MZ,Mazatenango\nGT,Guatemala\n") == "text/csv; charset=utf-8"


def test_the_clients_claimed_type_plays_no_part() -> None:
    upload = FileStorage(io.BytesIO(PNG), filename="cover.png", content_type="text/html")

    found = detect(upload.filename or "", upload.stream.read(HEAD_SIZE), upload.stream)

    assert found.content_type == "image/png"
    assert (found.extension, found.kind_label) == ("png", "PNG image")


@pytest.mark.parametrize(
    ("filename", "data", "inline"),
    [
        ("a.pdf", PDF, True),
        ("a.png", PNG, True),
        ("a.mp4", MP4, True),
        ("a.mp3", MP3_ID3, True),
        ("a.docx", ooxml("word"), False),
        ("a.csv", b"a,b\n", False),
        ("a.txt", b"hello\n", False),
        ("a.zip", zip_bytes({"a": b""}), False),
    ],
)
def test_only_media_and_pdf_may_be_shown_inline(filename: str, data: bytes, inline: bool) -> None:
    assert detect(filename, data, io.BytesIO(data)).inline_safe is inline


def test_subset_restriction() -> None:
    assert check("cover.webp", WEBP, allowed=IMAGE_EXTENSIONS) == "image/webp"
    assert refusal("cover.pdf", PDF, allowed=IMAGE_EXTENSIONS) == "extension_not_allowed"
    with pytest.raises(ValueError):
        check("logo.svg", b"<svg/>", allowed={"svg"})
    assert IMAGE_EXTENSIONS <= ACCEPTED_EXTENSIONS
    assert not {"html", "htm", "svg", "xml", "js", "exe"} & ACCEPTED_EXTENSIONS


def test_zip_based_types_need_the_file() -> None:
    with pytest.raises(ValueError):
        detect("brief.docx", ooxml("word"))


def test_the_file_position_is_restored() -> None:
    text = io.BytesIO(b"a,b\n1,2\n")
    text.seek(3)
    archive = io.BytesIO(ooxml("word"))
    archive.seek(7)

    detect("t.csv", text.getvalue(), text)
    detect("b.docx", archive.getvalue()[:HEAD_SIZE], archive)

    assert (text.tell(), archive.tell()) == (3, 7)


def test_text_checks_cover_the_whole_file_when_given() -> None:
    data = b"a,b\n" * HEAD_SIZE + b"\x00\x01binary tail"

    assert detect("big.csv", data[:HEAD_SIZE]).content_type == "text/csv; charset=utf-8"
    assert refusal("big.csv", data) == "content_mismatch"


def test_a_head_cut_inside_a_character_is_still_utf8() -> None:
    data = "ñ".encode() * HEAD_SIZE

    assert detect("eñe.txt", data[: HEAD_SIZE - 1]).content_type == "text/plain; charset=utf-8"
    assert check("eñe.txt", data) == "text/plain; charset=utf-8"
