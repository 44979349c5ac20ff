"""``socialguard accounts``: spec §3 output, bad lines, exit statuses and the import commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from socialguard.accounts.cli import app
from socialguard.policy.loader import bundled_pack_path

SAMPLES = Path(__file__).parent / "samples"
ACCOUNTS = SAMPLES / "accounts.jsonl"
runner = CliRunner()
ACCOUNT_OPTIONS = [
    "--id",
    "acc-01",
    "--owner",
    "Maternity team",
    "--business-case",
    "approved",
    "--programme-status",
    "active",
]


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_audit_jsonl_matches_spec_section_3() -> None:
    result = runner.invoke(
        app, ["audit", "--input", str(ACCOUNTS), "--as-of", "2026-11-25", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = lines(result.stdout)
    assert [o["id"] for o in out] == ["acc-07", "acc-08", "acc-11", "acc-09", None, "acc-10"]
    assert [o.get("recommendation") for o in out] == [
        "review",
        "keep",
        None,
        "close",
        None,
        "close",
    ]
    assert out[0] == {
        "id": "acc-07",
        "findings": [
            {
                "rule": "account.inactivity",
                "evidence": "last original post 2026-09-30 (56 days before 2026-11-25)",
                "section": "10.1",
                "message": out[0]["findings"][0]["message"],
            },
            {
                "rule": "account.frequency",
                "evidence": "5 posts in the last 2 months (61 days, 8.7 weeks)",
                "section": "10.1",
                "message": out[0]["findings"][1]["message"],
            },
            {
                "rule": "account.interest",
                "evidence": "87 followers after 21 months",
                "section": "10.1",
                "message": out[0]["findings"][2]["message"],
            },
        ],
        "recommendation": "review",
    }
    assert out[1] == {"id": "acc-08", "findings": [], "recommendation": "keep"}
    assert set(out[2]) == {"id", "error"} and out[2]["error"].startswith("line 3: followers")
    assert [f["rule"] for f in out[3]["findings"]] == ["account.frequency", "account.governance"]
    assert out[4] == {"id": None, "error": out[4]["error"]}
    assert [f["rule"] for f in out[5]["findings"]] == ["account.relevance"]


def test_audit_default_format_is_jsonl() -> None:
    result = runner.invoke(app, ["audit", "-i", str(ACCOUNTS), "--as-of", "2026-11-25"])
    assert result.exit_code == 0
    assert len(lines(result.stdout)) == 6


def test_audit_as_of_changes_the_answer() -> None:
    # On 25 Oct acc-07's last original post (30 Sep) is within the month.
    result = runner.invoke(app, ["audit", "-i", str(ACCOUNTS), "--as-of", "2026-10-25"])
    first = lines(result.stdout)[0]
    assert "account.inactivity" not in [f["rule"] for f in first["findings"]]


def test_audit_text_format() -> None:
    result = runner.invoke(
        app, ["audit", "-i", str(ACCOUNTS), "--as-of", "2026-11-25", "--format", "text"]
    )
    assert result.exit_code == 0
    text = result.stdout
    assert "as of 2026-11-25" in text
    assert "acc-07  review          account.inactivity" in text
    assert "87 followers after 21 months" in text
    assert "acc-08  keep" in text
    assert "line 5: not valid JSON" in text
    assert text.rstrip().endswith("6 lines: 2 close, 1 review, 1 keep; 2 unreadable")


def test_audit_reads_stdin() -> None:
    result = runner.invoke(
        app, ["audit", "-i", "-", "--as-of", "2026-11-25"], input=ACCOUNTS.read_bytes()
    )
    assert result.exit_code == 0
    assert len(lines(result.stdout)) == 6


def test_audit_pack_criteria(tmp_path: Path) -> None:
    text = (
        bundled_pack_path()
        .read_text(encoding="utf-8")
        .replace("interest_min_followers: 100", "interest_min_followers: 50")
    )
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["audit", "-i", str(ACCOUNTS), "--as-of", "2026-11-25", "--pack", str(pack)]
    )
    assert result.exit_code == 0, result.output
    first = lines(result.stdout)[0]
    assert "account.interest" not in [f["rule"] for f in first["findings"]]  # 87 >= 50


def test_empty_input_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "-i", str(empty), "--as-of", "2026-11-25"])
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-11-25"], "--input FILE.jsonl is required"),
        (["-i", "missing.jsonl", "--as-of", "2026-11-25"], "cannot read missing.jsonl"),
        (["-i", str(ACCOUNTS), "--as-of", "25/11/2026"], "--as-of must be a date as YYYY-MM-DD"),
        (["-i", str(ACCOUNTS), "--as-of", "2026-02-30"], "--as-of must be a date as YYYY-MM-DD"),
        (
            ["-i", str(ACCOUNTS), "--as-of", "2026-11-25", "--format", "csv"],
            "--format must be one of jsonl, text",
        ),
        (["-i", str(SAMPLES), "--as-of", "2026-11-25"], "cannot read"),
        (
            ["-i", str(ACCOUNTS), "--as-of", "2026-11-25", "--pack", str(ACCOUNTS)],
            "unusable policy pack",
        ),
    ],
)
def test_unusable_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["audit", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


# -- imports -------------------------------------------------------------------------


def test_import_x_then_audit(tmp_path: Path) -> None:
    register = tmp_path / "register.jsonl"
    result = runner.invoke(
        app,
        [
            "import-x",
            str(SAMPLES / "tweets.js"),
            *ACCOUNT_OPTIONS,
            "--account-file",
            str(SAMPLES / "account.js"),
            "--follower-file",
            str(SAMPLES / "follower.js"),
            "--output",
            str(register),
        ],
    )
    assert result.exit_code == 0, result.output
    [record] = lines(register.read_text(encoding="utf-8"))
    assert record["handle"] == "@STW_Maternity"
    assert record["created_at"] == "2025-02-01"
    assert record["followers"] == 3
    assert record["platform"] == "x"
    assert [p["original"] for p in record["posts"]] == [True, True, False, False, True, True]
    assert record["posts"][4]["at"] == "2026-10-11T00:30:00Z"

    audited = runner.invoke(app, ["audit", "-i", str(register), "--as-of", "2026-11-25"])
    [verdict] = lines(audited.stdout)
    assert verdict["id"] == "acc-01"
    assert [f["rule"] for f in verdict["findings"]] == [
        "account.inactivity",
        "account.frequency",
        "account.interest",
    ]
    assert verdict["findings"][0]["evidence"] == (
        "last original post 2026-10-12 (44 days before 2026-11-25)"
    )


def test_import_appends_to_the_register(tmp_path: Path) -> None:
    register = tmp_path / "register.jsonl"
    common = [*ACCOUNT_OPTIONS, "--created-at", "2024-01-01", "--output", str(register)]
    for _ in range(2):
        result = runner.invoke(
            app, ["import-facebook", str(SAMPLES / "facebook_page_data.csv"), *common]
        )
        assert result.exit_code == 0, result.output
    assert len(lines(register.read_text(encoding="utf-8"))) == 2


def test_import_facebook_to_stdout_with_history() -> None:
    result = runner.invoke(
        app,
        [
            "import-facebook",
            str(SAMPLES / "facebook_page_data.csv"),
            str(SAMPLES / "facebook_post_data.csv"),
            *ACCOUNT_OPTIONS,
            "--created-at",
            "2020-05-01",
            "--handle",
            "NHS STW",
        ],
    )
    assert result.exit_code == 0, result.output
    [record] = lines(result.stdout)
    assert record["platform"] == "facebook"
    assert record["followers"] == 1318  # the latest total in the export
    assert len(record["posts"]) == 7
    assert record["followers_history"][0] == ["2026-10-01", 1311]


def test_import_youtube_needs_and_uses_the_subscriber_count() -> None:
    by_date = str(SAMPLES / "youtube_table_data_by_date.csv")
    by_content = str(SAMPLES / "youtube_table_data_by_content.csv")
    base = ["import-youtube", by_date, by_content, *ACCOUNT_OPTIONS, "--created-at", "2024-06-01"]
    missing = runner.invoke(app, base)
    assert missing.exit_code == 2
    assert "--followers is required" in missing.stderr
    result = runner.invoke(app, [*base, "--followers", "120"])
    assert result.exit_code == 0, result.output
    [record] = lines(result.stdout)
    assert record["followers"] == 120
    assert record["followers_history"][-1] == ["2026-10-04", 120]
    assert len(record["posts"]) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import-x"], "give the archive's tweets.js file"),
        (
            [
                "import-x",
                str(SAMPLES / "tweets.js"),
                *ACCOUNT_OPTIONS,
                "--created-at",
                "2025-01-01",
            ],
            "--followers is required",
        ),
        (
            [
                "import-x",
                str(SAMPLES / "tweets.js"),
                *ACCOUNT_OPTIONS[2:],
                "--followers",
                "3",
                "--created-at",
                "2025-01-01",
            ],
            "--id is required",
        ),
        (
            ["import-x", str(SAMPLES / "tweets.js"), *ACCOUNT_OPTIONS, "--followers", "3"],
            "--created-at YYYY-MM-DD is required",
        ),
        (
            [
                "import-facebook",
                str(SAMPLES / "facebook_page_data.csv"),
                "--id",
                "a",
                "--business-case",
                "maybe",
                "--programme-status",
                "active",
                "--created-at",
                "2025-01-01",
            ],
            "--business-case must be approved, pending or none",
        ),
        (
            [
                "import-facebook",
                str(SAMPLES / "facebook_page_data.csv"),
                "--id",
                "a",
                "--business-case",
                "none",
                "--programme-status",
                "paused",
                "--created-at",
                "2025-01-01",
            ],
            "--programme-status must be active or closed",
        ),
        (
            [
                "import-facebook",
                str(SAMPLES / "facebook_page_data.csv"),
                *ACCOUNT_OPTIONS,
                "--created-at",
                "2025-01-01",
                "--followers",
                "-4",
            ],
            "--followers must be 0 or more",
        ),
        (
            [
                "import-facebook",
                str(SAMPLES / "tweets.js"),
                *ACCOUNT_OPTIONS,
                "--created-at",
                "2025-01-01",
            ],
            "tweets.js: no header row",
        ),
        (
            [
                "import-x",
                str(SAMPLES / "facebook_page_data.csv"),
                *ACCOUNT_OPTIONS,
                "--created-at",
                "2025-01-01",
                "--followers",
                "1",
            ],
            "facebook_page_data.csv, line 1: not an X archive file",
        ),
    ],
)
def test_import_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


PROBE = Path(__file__).parents[1] / "data" / "probe_accounts.jsonl"
PROBE_EXPECTED = Path(__file__).parents[1] / "data" / "probe_accounts_expected.jsonl"


def test_audit_matches_hand_worked_boundaries() -> None:
    """Twenty accounts at the edges of each closure criterion, worked out by hand from spec
    §3 by someone who had not read the code (the arithmetic is in each line's "why")."""
    result = runner.invoke(app, ["audit", "--input", str(PROBE), "--as-of", "2026-11-25",
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    got = {r["id"]: r for r in lines(result.output)}
    for raw in PROBE_EXPECTED.read_text(encoding="utf-8").splitlines():
        want = json.loads(raw)
        mine = got[want["id"]]
        assert sorted(f["rule"] for f in mine["findings"]) == want["rules"], want["why"]
        assert mine["recommendation"] == want["recommendation"], want["why"]
