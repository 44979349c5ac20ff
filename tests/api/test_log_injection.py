"""Nothing a caller sends can forge a log line (issue 16, item 9)."""

from __future__ import annotations

import io
import logging
import sys

from fastapi.testclient import TestClient

from socialguard.web.middleware import EscapingFormatter, RequestIdFilter


def _capture() -> tuple[logging.Handler, io.StringIO]:
    """A handler formatted exactly as the app's own (configure_logging's)."""
    configured = next(h for h in logging.getLogger("socialguard").handlers
                      if any(isinstance(f, RequestIdFilter) for f in h.filters))
    assert isinstance(configured.formatter, EscapingFormatter)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured.formatter)
    handler.addFilter(RequestIdFilter())
    return handler, stream


def test_a_path_with_a_line_break_stays_on_one_line(client: TestClient) -> None:
    handler, stream = _capture()
    logger = logging.getLogger("socialguard")
    logger.addHandler(handler)
    try:
        client.get("/x%0d%0a2026-12-07 INFO socialguard.auth admin signed in")
        client.get("/y%e2%80%a8forged")  # U+2028, a line break to some log viewers
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    access = [line for line in lines if "socialguard.access" in line]
    assert len(access) == 2 and len(lines) == 2
    assert "/x\\x0d\\x0a2026-12-07 INFO" in access[0]
    assert "/y\\u2028forged" in access[1]


def test_a_traceback_keeps_its_lines_and_the_message_is_escaped() -> None:
    formatter = EscapingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("socialguard", logging.ERROR, __file__, 1,
                                   "bad %s", ("a\nb",), exc_info=sys.exc_info())
    text = formatter.format(record)
    assert text.splitlines()[0] == "ERROR bad a\\x0ab"
    assert "Traceback" in text and "ValueError: boom" in text
