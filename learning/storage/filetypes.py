"""Accepted upload types, decided by the extension and the first bytes together.

The client's claimed content type is never consulted: the canonical type comes from the table
below, and a file is accepted only when its bytes agree with its extension. ZIP-based formats
(OOXML, OpenDocument) are told apart by their members, which needs the whole file seekable: the
upload should first be spooled to a temporary file (werkzeug already does this for large
uploads), then ``detect(name, spooled.read(HEAD_SIZE), spooled)`` before streaming it to storage.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO, Literal

HEAD_SIZE = 8192
"""How many leading bytes to pass as ``head``: enough for every signature and the text checks."""

RefusalReason = Literal["extension_not_allowed", "content_mismatch", "dangerous", "empty"]


class RefusedType(ValueError):
    """An upload whose type is not accepted; ``reason`` is a stable code for the web layer."""

    def __init__(self, reason: RefusalReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: RefusalReason = reason


@dataclass(frozen=True)
class FileType:
    """An accepted file: canonical type, a label, and whether browsers may show it inline."""

    extension: str
    content_type: str
    kind_label: str
    inline_safe: bool


Checker = Callable[[bytes, BinaryIO | None], bool]


@dataclass(frozen=True)
class _Spec:
    content_type: str
    kind_label: str
    check: Checker | None  # None: a text type, checked by _detect_text
    inline_safe: bool = False


_PDF = b"%PDF-"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MACH_O = (
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_UTF8_BOM = codecs.BOM_UTF8
# Tab, LF, VT, FF, CR and the DOS end-of-file mark occur in real text; other C0 bytes do not.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a")
_BINARY_BYTES = frozenset(range(0x20)) - _TEXT_CONTROLS | {0x7F}
_TEXT_SCAN_CHUNK = 64 * 1024
_MEMBER_PEEK = 128


def _is_pdf(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head.startswith(_PDF)


def _is_png(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head.startswith(_PNG)


def _is_jpeg(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head.startswith(_JPEG)


def _is_webp(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_mp3(head: bytes, fileobj: BinaryIO | None) -> bool:
    if head.startswith(b"ID3"):
        return True
    # MPEG audio frame sync: 11 set bits, then a version and a layer that are not "reserved".
    return (
        len(head) >= 2
        and head[0] == 0xFF
        and head[1] & 0xE0 == 0xE0
        and head[1] & 0x18 != 0x08
        and head[1] & 0x06 != 0
    )


def _is_mp4(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head[4:8] == b"ftyp"


def _is_ole2(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head.startswith(_OLE2)


def _has_zip_signature(head: bytes, fileobj: BinaryIO | None) -> bool:
    return head.startswith(_ZIP)


def _is_zip(head: bytes, fileobj: BinaryIO | None) -> bool:
    if not head.startswith(_ZIP):
        return False
    return fileobj is None or _zip_names(fileobj) is not None


def _ooxml(folder: str) -> Checker:
    def check(head: bytes, fileobj: BinaryIO | None) -> bool:
        if not head.startswith(_ZIP):
            return False
        names = _zip_names(_seekable(fileobj))
        if names is None or "[Content_Types].xml" not in names:
            return False
        if any(name.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for name in names):
            # Macros make it a .docm/.xlsm/.pptm in disguise.
            raise RefusedType("dangerous", "OOXML file carries VBA macros")
        return any(name.startswith(folder) for name in names)

    return check


def _opendocument(mimetype: str) -> Checker:
    def check(head: bytes, fileobj: BinaryIO | None) -> bool:
        if not head.startswith(_ZIP):
            return False
        archive = _seekable(fileobj)
        names = _zip_names(archive)
        if names is None or "mimetype" not in names:
            return False
        return _zip_member_start(archive, "mimetype") == mimetype.encode("ascii")

    return check


_TYPES: dict[str, _Spec] = {
    "pdf": _Spec("application/pdf", "PDF document", _is_pdf, inline_safe=True),
    "docx": _Spec(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        _ooxml("word/"),
    ),
    "xlsx": _Spec(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
        _ooxml("xl/"),
    ),
    "pptx": _Spec(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        _ooxml("ppt/"),
    ),
    # OLE2 does not say which application wrote it without parsing its directory; the
    # extension decides, and legacy files are always downloaded, never shown.
    "doc": _Spec("application/msword", "Word document", _is_ole2),
    "xls": _Spec("application/vnd.ms-excel", "Excel spreadsheet", _is_ole2),
    "ppt": _Spec("application/vnd.ms-powerpoint", "PowerPoint presentation", _is_ole2),
    "odt": _Spec(
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
        _opendocument("application/vnd.oasis.opendocument.text"),
    ),
    "ods": _Spec(
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
        _opendocument("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "odp": _Spec(
        "application/vnd.oasis.opendocument.presentation",
        "OpenDocument presentation",
        _opendocument("application/vnd.oasis.opendocument.presentation"),
    ),
    "csv": _Spec("text/csv", "CSV table", None),
    "txt": _Spec("text/plain", "Text", None),
    "png": _Spec("image/png", "PNG image", _is_png, inline_safe=True),
    "jpg": _Spec("image/jpeg", "JPEG image", _is_jpeg, inline_safe=True),
    "jpeg": _Spec("image/jpeg", "JPEG image", _is_jpeg, inline_safe=True),
    "webp": _Spec("image/webp", "WebP image", _is_webp, inline_safe=True),
    "mp3": _Spec("audio/mpeg", "MP3 audio", _is_mp3, inline_safe=True),
    "mp4": _Spec("video/mp4", "MP4 video", _is_mp4, inline_safe=True),
    "zip": _Spec("application/zip", "ZIP archive", _is_zip),
}

ACCEPTED_EXTENSIONS: frozenset[str] = frozenset(_TYPES)
IMAGE_EXTENSIONS: frozenset[str] = frozenset({"png", "jpg", "jpeg", "webp"})

# Any of these in a text file means it is really something else.
_BINARY_SIGNATURES: tuple[Checker, ...] = (
    _is_pdf,
    _is_png,
    _is_jpeg,
    _is_webp,
    _is_mp4,
    _is_ole2,
    _has_zip_signature,
)


def detect(
    filename: str,
    head: bytes,
    fileobj: BinaryIO | None = None,
    *,
    allowed: Collection[str] | None = None,
) -> FileType:
    """Identify an upload from its name and first bytes; raises RefusedType when not accepted.

    ``head`` is the first ``HEAD_SIZE`` bytes. ``fileobj`` is the whole upload, seekable; it is
    required for ZIP-based types (ValueError without it) and makes text checks cover the whole
    file; its position is restored. ``allowed`` narrows the accepted extensions (ValueError if it
    names one that is never accepted), e.g. ``IMAGE_EXTENSIONS`` for cover pictures.
    """
    if allowed is not None and not set(allowed) <= ACCEPTED_EXTENSIONS:
        raise ValueError(f"not accepted extensions: {sorted(set(allowed) - ACCEPTED_EXTENSIONS)}")
    extension = _extension(filename)
    if extension not in (ACCEPTED_EXTENSIONS if allowed is None else allowed):
        raise RefusedType("extension_not_allowed", extension or "(none)")
    if not head:
        raise RefusedType("empty")
    if _is_executable(head):
        raise RefusedType("dangerous", "executable or script")
    spec = _TYPES[extension]
    if spec.check is None:
        return _detect_text(extension, spec, head, fileobj)
    if not spec.check(head, fileobj):
        raise RefusedType("content_mismatch", f"bytes are not {extension}")
    return FileType(extension, spec.content_type, spec.kind_label, spec.inline_safe)


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    return extension.strip().lower() if dot and stem.strip(". ") else ""


def _is_executable(head: bytes) -> bool:
    if head.startswith((b"\x7fELF", b"#!", *_MACH_O)):
        return True
    # A DOS/PE header is full of zero bytes; a text file that merely starts with "MZ" is not.
    return head.startswith(b"MZ") and b"\x00" in head[:64]


def _detect_text(extension: str, spec: _Spec, head: bytes, fileobj: BinaryIO | None) -> FileType:
    if any(signature(head, None) for signature in _BINARY_SIGNATURES):
        raise RefusedType("content_mismatch", f"binary file named .{extension}")
    if head.removeprefix(_UTF8_BOM).lstrip()[:1] == b"<":
        # HTML, SVG, XML or script: a browser or viewer might render or run it.
        raise RefusedType("dangerous", "markup in a text file")
    utf8 = _scan_text(head, fileobj)
    content_type = f"{spec.content_type}; charset=utf-8" if utf8 else spec.content_type
    return FileType(extension, content_type, spec.kind_label, spec.inline_safe)


def _scan_text(head: bytes, fileobj: BinaryIO | None) -> bool:
    """Refuse binary bytes, in the whole file when given; return whether it is valid UTF-8."""
    if fileobj is None:
        # The head may end inside a multi-byte character, so the decoder is never finalised.
        return _is_utf8_text([head], final=False)
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        return _is_utf8_text(iter(partial(fileobj.read, _TEXT_SCAN_CHUNK), b""), final=True)
    finally:
        fileobj.seek(position)


def _is_utf8_text(chunks: Iterable[bytes], *, final: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    for chunk in chunks:
        if not _BINARY_BYTES.isdisjoint(chunk):
            raise RefusedType("content_mismatch", "binary bytes in a text file")
        if utf8:
            try:
                decoder.decode(chunk, final=False)
            except UnicodeDecodeError:
                utf8 = False
    if utf8 and final:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return utf8


def _seekable(fileobj: BinaryIO | None) -> BinaryIO:
    if fileobj is None:
        raise ValueError("ZIP-based types need the seekable file to inspect its members")
    return fileobj


def _zip_names(fileobj: BinaryIO) -> list[str] | None:
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        return None
    finally:
        fileobj.seek(position)


def _zip_member_start(fileobj: BinaryIO, name: str) -> bytes | None:
    """Read only the start of one member, so a compression bomb costs nothing."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive, archive.open(name) as member:
            return member.read(_MEMBER_PEEK)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    finally:
        fileobj.seek(position)
