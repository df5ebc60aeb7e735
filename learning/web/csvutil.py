"""CSV in and out, the way spreadsheets expect it: Excel-friendly exports that cannot inject
formulas, and imports that read UTF-8, UTF-8 with BOM and Excel's Windows-1252 files with
comma, semicolon or tab separators."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from learning.language.text import plain_text

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text of a cell, neutralised so a spreadsheet shows it instead of running it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """Stream a CSV (UTF-8 with BOM so Excel opens accents right), one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()


class CsvProblem(Exception):
    """The file as a whole cannot be read; ``code`` names why (empty, binary, no_header)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class ParsedCsv:
    """A decoded table: lower-cased header names, rows as dicts, and how it was read."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, values)
    encoding: str
    delimiter: str


def read_table(data: bytes) -> ParsedCsv:
    """Decode and split a CSV upload. Raises CsvProblem("empty"|"binary"|"no_header")."""
    if not data.strip():
        raise CsvProblem("empty")
    if b"\x00" in data[:4096]:
        raise CsvProblem("binary")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252; it decodes any byte, so it is last.
        text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    # Cells keep no control character (the upload's type check lets a few through, such as
    # DOS's end-of-file mark and C1 controls in UTF-8); tabs and line breaks shape the table.
    text = plain_text(text, multiline=True)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if header is None:
            if not any(cell.strip() for cell in cells):
                continue
            header = [cell.strip().lower() for cell in cells]
            continue
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name
        }
        rows.append((reader.line_num, values))
    if header is None:
        raise CsvProblem("no_header")
    return ParsedCsv(header, rows, encoding, delimiter)
