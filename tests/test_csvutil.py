"""CSV helpers: exports Excel opens safely, imports of the files people really have."""

from __future__ import annotations

import csv
import io

import pytest

from learning.web.csvutil import CsvProblem, export_rows, read_table


def test_export_neutralises_formulas_and_opens_in_excel():
    out = "".join(
        export_rows(
            ["name", "email"],
            [
                ["=cmd|' /C calc'!A0", "a@example.org"],
                ["+1+1", "-2"],
                ["@SUM(A1)", "María Núñez"],
                [None, 3],
            ],
        )
    )
    assert out.startswith("\ufeffname,email\r\n")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[2] == ["'+1+1", "'-2"]
    assert rows[3] == ["'@SUM(A1)", "María Núñez"]
    assert rows[4] == ["", "3"]


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        ("email,name\nana@example.org,Ana Núñez\n".encode(), "utf-8", ","),
        ("\ufeffemail;name\r\nana@example.org;Ana Núñez\r\n".encode(), "utf-8", ";"),
        ("email;name\r\nana@example.org;Ana Núñez\r\n".encode("cp1252"), "windows-1252", ";"),
        ("email\tname\nana@example.org\tAna Núñez\n".encode(), "utf-8", "\t"),
    ],
)
def test_reads_utf8_bom_excel_and_tabs(data, encoding, delimiter):
    table = read_table(data)
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert table.header == ["email", "name"]
    assert table.rows == [(2, {"email": "ana@example.org", "name": "Ana Núñez"})]


def test_header_case_blank_lines_and_short_rows():
    table = read_table(b"\n\nEmail , NAME,Country\n\nana@example.org,Ana\n")
    assert table.header == ["email", "name", "country"]
    assert table.rows == [(5, {"email": "ana@example.org", "name": "Ana", "country": ""})]


@pytest.mark.parametrize(
    ("data", "code"), [(b"", "empty"), (b"  \n\n", "empty"), (b"PK\x03\x04\x00\x00", "binary")]
)
def test_unreadable_files(data, code):
    with pytest.raises(CsvProblem) as info:
        read_table(data)
    assert info.value.code == code
