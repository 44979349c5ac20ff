"""A draft cannot drive the reader's terminal (issue 16, item 14): `check --format text`
shows control characters as visible symbols, never as escape sequences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.textsafe import for_log, for_terminal

runner = CliRunner(env={"COLUMNS": "400"})
HOSTILE = ("Mrs Jones on Ward 7 \x1b]0;pwned\x07 is going home \x1b[2J\x1b[31mcall "
           "07700 900123\x9b31m")


def test_a_draft_with_escape_sequences_prints_them_as_symbols() -> None:
    result = runner.invoke(app, ["check", HOSTILE, "--format", "text"])
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert "\x1b]0;pwned" not in result.output and "\x1b[2J" not in result.output
    assert "\x9b" not in result.output and "\x07" not in result.output
    assert "␛]0;pwned" in result.output  # still shown, so the reader sees what is there


def test_batch_text_output_is_safe_too(tmp_path: Path) -> None:
    src = tmp_path / "drafts.jsonl"
    src.write_text(json.dumps({"id": "evil\x1b[2J", "text": HOSTILE}) + "\n")
    result = runner.invoke(app, ["check", "--input", str(src), "--format", "text"])
    assert "\x1b[" not in result.output
    assert "evil␛[2J" in result.output


@pytest.mark.parametrize(("raw", "terminal", "log"), [
    ("a\x1b[2Jb", "a␛[2Jb", "a\\x1b[2Jb"),
    ("line\r\nforged", "line␍\nforged", "line\\x0d\\x0aforged"),
    ("tab\there", "tab\there", "tab\\x09here"),
    ("csi\x9bx", "csi\ufffdx", "csi\x9bx"),
    ("sep\u2028x", "sep\ufffdx", "sep\\u2028x"),
])
def test_each_kind_of_control_character(raw: str, terminal: str, log: str) -> None:
    assert for_terminal(raw) == terminal
    assert len(for_terminal(raw)) == len(raw)  # highlight offsets stay right
    assert for_log(raw) == log
