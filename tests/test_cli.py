"""The command line as spec §4 fixes it, through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from socialguard.cli import app

runner = CliRunner(env={"COLUMNS": "400"})


def test_check_text_json() -> None:
    result = runner.invoke(
        app, ["check", "Lovely walk up the Wrekin with the dog this morning", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["decision"] == "ok" and verdict["findings"] == []


def test_check_text_human_output_groups_and_cites() -> None:
    result = runner.invoke(
        app, ["check", "Proud of the new urgent care plans our ICB published", "--format", "text"]
    )
    assert result.exit_code == 0
    assert "Needs a change or an action before publishing" in result.stdout
    assert "identity.disclaimer" in result.stdout and "6.2" in result.stdout
    assert "do not necessarily represent" in result.stdout


def test_official_capacity_and_kind(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["check", "Reminder: survey closes Friday", "--capacity", "official", "--format", "json"],
    )
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["official.identify"]
    bad = runner.invoke(app, ["check", "x", "--kind", "tweet"])
    assert bad.exit_code == 2 and "kind" in bad.stderr


def test_batch_keeps_order_ids_and_survives_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Lovely walk today"}),
        "{not json",
        json.dumps({"id": "b", "text": "x" * 20001}),
        "",
        json.dumps({"id": 7, "text": "Views my own", "unknown_field": 1}),
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe broken\n")
    result = runner.invoke(app, ["check", "--input", str(src), "--format", "jsonl"])
    assert result.exit_code == 2, result.output  # spec §4: 2 when a line was unusable
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v.get("id") for v in out] == ["a", None, "b", "7", None]
    assert "error" not in out[0] and out[0]["decision"] == "ok"
    assert "not JSON" in out[1]["error"]
    assert "longer than 20000" in out[2]["error"]
    assert "not UTF-8" in out[4]["error"]


def test_unusable_arguments_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["check", "--input", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    both = runner.invoke(app, ["check", "text", "--input", "x.jsonl"])
    assert both.exit_code == 2
    nothing = runner.invoke(app, ["check"])
    assert nothing.exit_code == 2 and len(nothing.stderr.strip().splitlines()) == 1


def test_captions_file_coverage_is_checked(tmp_path: Path) -> None:
    (tmp_path / "short.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:30.000\nHello\n", encoding="utf-8"
    )
    (tmp_path / "full.srt").write_text(
        "1\n00:00:00,000 --> 00:01:00,000\nHello\n", encoding="utf-8"
    )
    rows = []
    for ident, captions in (("short", "short.vtt"), ("full", "full.srt"), ("gone", "none.vtt")):
        rows.append(
            json.dumps(
                {
                    "id": ident,
                    "text": "Our film",
                    "kind": "video",
                    "capacity": "official",
                    "author": {"name": "NHS STW", "role": "corporate account"},
                    "attachments": [
                        {
                            "type": "video",
                            "captions": captions,
                            "duration_s": 60,
                            "channel": "corporate-youtube",
                            "contains_logo": True,
                        }
                    ],
                }
            )
        )
    src = tmp_path / "videos.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--input", str(src), "--format", "jsonl"])
    rules = {
        v["id"]: {f["rule"] for f in v["findings"]}
        for v in map(json.loads, result.stdout.splitlines())
    }
    assert rules == {"short": {"media.video-captions"}, "full": set(), "gone": set()}


def test_policy_show_and_validate(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["policy", "show"])
    assert shown.exit_code == 0 and "HR020" in shown.stdout and "OVERDUE" in shown.stdout
    from socialguard.policy import bundled_pack_path

    ok = runner.invoke(app, ["policy", "validate", str(bundled_pack_path())])
    assert ok.exit_code == 0 and "valid" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(bundled_pack_path().read_text().replace("severity: block", "severity: stop", 1))
    result = runner.invoke(app, ["policy", "validate", str(bad)])
    assert result.exit_code == 1 and "rules.confidential.patient.severity" in result.stderr


def test_eval_prints_per_rule_table(tmp_path: Path) -> None:
    src = tmp_path / "labelled.jsonl"
    src.write_text(
        json.dumps({"id": "1", "text": "Lovely walk", "expect": []})
        + "\n"
        + json.dumps(
            {"id": "2", "text": "Proud of our ICB's new plan", "expect": ["identity.disclaimer"]}
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", str(src), "--json"])
    summary = json.loads(result.stdout)[str(src)]
    assert summary["macro_f1"] == 1.0 and summary["clean_false_alarm_rate"] == 0.0


def test_batch_is_streamed_not_read_whole() -> None:
    """verdict_lines yields while its input is still being produced (constant memory)."""
    from itertools import count, islice

    from socialguard.batch import verdict_lines
    from socialguard.policy import load_pack

    def endless() -> object:
        for n in count():
            yield json.dumps({"id": str(n), "text": f"Walk number {n}"}).encode()

    first = list(islice(verdict_lines(endless(), load_pack(), batch_size=8), 20))  # type: ignore[arg-type]
    assert [v["id"] for v in first] == [str(n) for n in range(20)]


def test_batch_on_two_processes_matches_one(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    posts = ["Lovely walk today", "Ring Mrs Hughes on 07700 900123", "{oops", "You idiots"]
    src.write_text("\n".join(p if p.startswith("{") else json.dumps({"text": p})
                             for p in posts) + "\n", encoding="utf-8")
    one = runner.invoke(app, ["check", "--input", str(src), "--workers", "1"])
    two = runner.invoke(app, ["check", "--input", str(src), "--workers", "2"])
    assert one.exit_code == two.exit_code == 2, two.output  # "{oops" is not JSON
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) == 4


def test_no_draft_outlives_its_check() -> None:
    # Drafts are personal data: after a check, no cache in the process holds the text.
    from socialguard.detectors import encoder
    from socialguard.detectors.lexicon import word_prefixes
    from socialguard.engine import check
    from socialguard.ml.deobfuscate import _edits, normalise, normalised_text
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    draft = "Mrs Patel in bed 4 had her op today, f*cking great news"
    check(Submission(text=draft, in_reply_to={"source": "news", "text": "NHS story"}),
          load_pack())
    assert normalise.cache_info().currsize == 0
    assert normalised_text.cache_info().currsize == 0
    assert _edits.cache_info().currsize == 0
    assert word_prefixes.cache_info().currsize == 0
    shared = encoder._shared
    assert shared is None or (shared._last_texts is None and shared._last is None)
