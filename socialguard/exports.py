"""Downloads shared by every list: CSV with spreadsheet formulas defused, JSON Lines streamed.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a tab or a carriage return) as a formula: free text typed into the service could then
call out or change other cells when a colleague opens the download (CSV injection).
:func:`safe_cell` puts an apostrophe in front of such a cell, which the spreadsheet shows
as text. Two choices, tested in ``tests/test_exports.py``:

* a bare social media handle such as ``@STW_Maternity`` is left as it is: it calls
  nothing, and the register of official accounts is full of them;
* a negative number such as ``-3`` (an overdue FOI request's working days left) *is*
  quoted: telling it from ``-3+cmd|...`` is not worth the risk, and ``'-3`` still reads
  as minus three.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from starlette.responses import Response, StreamingResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HANDLE = re.compile(r"@[A-Za-z0-9_.]+")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSONL_MEDIA_TYPE = "application/x-ndjson"

# OpenAPI ``responses`` entries of the two downloads: ``responses={**errors, **CSV_RESPONSE}``
# with ``response_class=Response``, so the document names the content type actually sent.
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
JSONL_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {JSONL_MEDIA_TYPE: {"schema": {"type": "string"}}}}}


def safe_cell(value: object) -> str:
    """One CSV cell: None is empty, a date or datetime ISO 8601, a formula quoted."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    if text.startswith(FORMULA_STARTS) and not HANDLE.fullmatch(text):
        return "'" + text
    return text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV document (RFC 4180 line ends), every cell through :func:`safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _disposition(filename: str) -> dict[str, str]:
    if not filename or any(c in filename for c in '"\\\r\n/'):
        raise ValueError(f"not a plain file name: {filename!r}")
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_download(body: str, filename: str) -> Response:
    """``body`` as a CSV file the browser saves as ``filename``."""
    return Response(body, media_type=CSV_MEDIA_TYPE, headers=_disposition(filename))


def jsonl_download(lines: Iterator[str], filename: str) -> StreamingResponse:
    """JSON Lines (each item one line ending in a newline), streamed as ``filename``."""
    return StreamingResponse(lines, media_type=JSONL_MEDIA_TYPE, headers=_disposition(filename))
