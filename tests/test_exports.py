"""The shared download helpers (socialguard.exports): spreadsheet formulas are defused,
bare handles are kept, and the CSV reads back cell for cell."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from socialguard.exports import (
    CSV_MEDIA_TYPE,
    JSONL_MEDIA_TYPE,
    csv_download,
    csv_text,
    jsonl_download,
    safe_cell,
)


@pytest.mark.parametrize(("value", "cell"), [
    # Nothing to defuse.
    (None, ""),
    ("", ""),
    ("Clinic opening", "Clinic opening"),
    ("jo.bloggs@nhs.net", "jo.bloggs@nhs.net"),  # an @ inside the text is harmless
    (42, "42"),
    (0, "0"),
    (Decimal("3.50"), "3.50"),
    (True, "True"),
    (date(2026, 3, 1), "2026-03-01"),
    (datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "2026-03-01T09:30:00+00:00"),
    # Formulas: quoted, so a spreadsheet shows them as text and runs nothing.
    ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
    ("=1+2", "'=1+2"),
    ("+44 1952 000000", "'+44 1952 000000"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    # Negative numbers are quoted too (an overdue FOI request's working days left):
    # telling "-3" from "-3+cmd|..." is not worth the risk, and '-3 still reads as -3.
    (-3, "'-3"),
    ("-3", "'-3"),
    (-0.5, "'-0.5"),
    # A bare social media handle calls nothing and is left as it is ...
    ("@STW_Maternity", "@STW_Maternity"),
    ("@nhs.england", "@nhs.england"),
    ("@a", "@a"),
    # ... but not anything more than a bare handle.
    ("@", "'@"),
    ("@STW Maternity", "'@STW Maternity"),
    ("@STW_Maternity\n", "'@STW_Maternity\n"),
    ("@x+1", "'@x+1"),
    ("@A1(B2)", "'@A1(B2)"),
])
def test_safe_cell(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


ROWS: list[list[object]] = [
    [1, "plain", None, date(2026, 1, 2)],
    [2, 'quotes "inside", and a comma', "line one\nline two", "@STW_Maternity"],
    [3, "=cmd|' /C calc'!A0", -7, "café — £5"],
]


def test_csv_text_round_trips_through_csv_reader() -> None:
    text = csv_text(("id", "title", "note", "when"), ROWS)
    assert text.startswith("id,title,note,when\r\n") and text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["id", "title", "note", "when"],
                    ["1", "plain", "", "2026-01-02"],
                    ["2", 'quotes "inside", and a comma', "line one\nline two", "@STW_Maternity"],
                    ["3", "'=cmd|' /C calc'!A0", "'-7", "café — £5"]]
    assert rows[1:] == [[safe_cell(v) for v in row] for row in ROWS]


def test_csv_text_with_no_rows_is_the_header() -> None:
    assert csv_text(["a", "b"], []) == "a,b\r\n"


def test_csv_download_is_an_attachment() -> None:
    response = csv_download("a,b\r\n1,2\r\n", "report.csv")
    assert response.media_type == CSV_MEDIA_TYPE
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="report.csv"'
    assert response.body == b"a,b\r\n1,2\r\n"


def test_jsonl_download_streams_the_lines() -> None:
    response = jsonl_download(iter(['{"a": 1}\n']), "audit-trail.jsonl")
    assert response.media_type == JSONL_MEDIA_TYPE == "application/x-ndjson"
    assert response.headers["content-disposition"] == 'attachment; filename="audit-trail.jsonl"'


@pytest.mark.parametrize("name", ["", 'a".csv', "a\r\nSet-Cookie: x.csv", "../a.csv"])
def test_a_file_name_cannot_break_the_header(name: str) -> None:
    with pytest.raises(ValueError):
        csv_download("", name)
