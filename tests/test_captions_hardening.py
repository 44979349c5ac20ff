"""Captions files from the public: one that cannot be read is refused or named, never a crash;
coverage is the union of the cues against the video's length; one bad line of a batch fails
alone, in-process and on worker processes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from socialguard import batch
from socialguard.batch import verdict_lines
from socialguard.captions import MAX_CUE_S, coverage_from_text
from socialguard.cli import app as cli
from socialguard.engine import check
from socialguard.policy import PolicyPack
from socialguard.rules.media import MAX_UNCAPTIONED_GAP_S
from socialguard.submission import Submission
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, csrf_from, make_settings

data_dir, database_url = web.data_dir, web.database_url

# Milliseconds with 400 digits: pysrt keeps them as an int too large for a float.
OVERFLOWING_SRT = "1\n00:00:00,1" + "0" * 400 + " --> 00:00:02,000\nHello\n"
runner = CliRunner(env={"COLUMNS": "400"})


def vtt(*cues: tuple[float, float]) -> str:
    def stamp(s: float) -> str:
        return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"

    return "WEBVTT\n\n" + "".join(f"{stamp(a)} --> {stamp(b)}\nWords.\n\n" for a, b in cues)


def video_post(captions: str, duration_s: float, **extra: Any) -> dict[str, Any]:
    return {"text": "Our new film about the clinic.", "kind": "video", "capacity": "official",
            "author": {"name": "NHS STW", "role": "corporate account"},
            "attachments": [{"type": "video", "captions": captions, "duration_s": duration_s,
                             "channel": "corporate-youtube", "contains_logo": True}], **extra}


def captions_finding(pack: PolicyPack, content: str, duration_s: float) -> str | None:
    post = video_post("c.vtt", duration_s)
    post["attachments"][0]["caption_coverage"] = coverage_from_text(
        content, name="c.vtt").model_dump()
    verdict = check(Submission.model_validate(post), pack)
    found = [f.evidence for f in verdict.findings if f.rule == "media.video-captions"]
    return found[0] if found else None


# -- reading a captions file ---------------------------------------------------------------


@pytest.mark.parametrize("content", [
    OVERFLOWING_SRT,
    "1\n99999999999:00:00,000 --> 99999999999:00:02,000\nHello\n",  # finite but absurd
    "WEBVTT\n\n9999999999:00:00.000 --> 9999999999:00:02.000\nHello\n",
    "1\n00:00:01,000 --> 00:00:02,000\nHel\x00lo\n",
])
def test_a_captions_file_that_cannot_be_read_is_named_not_raised(content: str) -> None:
    cov = coverage_from_text(content, name="clinic.srt" if content[0] == "1" else "c.vtt")
    assert not cov.readable and cov.problem
    if "99999" in content or "0" * 400 in content:
        assert f"outside 0 to {MAX_CUE_S // 3600} hours" in cov.problem


def test_vtt_milliseconds_count() -> None:
    cov = coverage_from_text(vtt((0, 0.5), (0.5, 20.75)), name="c.vtt")
    assert cov.first_start_s == 0 and cov.last_end_s == 20.75 and cov.covered_s == 20.75


# -- coverage is the union of the cues ------------------------------------------------------


def test_one_cue_at_the_end_does_not_cover_a_ten_minute_video(pack: PolicyPack) -> None:
    message = captions_finding(pack, vtt((599, 600)), 600)
    assert message == "599s of 600s without captions; the longest gap is 0s to 599s"


def test_a_long_gap_in_the_middle_is_a_finding(pack: PolicyPack) -> None:
    message = captions_finding(pack, vtt((0, 40), (55, 60), (59, 90)), 90)
    assert message == "15s of 90s without captions; the longest gap is 40s to 55s"


def test_short_pauses_and_overlaps_still_cover(pack: PolicyPack) -> None:
    gap = MAX_UNCAPTIONED_GAP_S - 0.5
    cues = ((gap, 30), (30 + gap, 61), (60, 90 - gap))  # overlapping, out of order is fine
    assert captions_finding(pack, vtt(*reversed(cues)), 90) is None


def test_captions_that_stop_early_say_how_much_is_missing(pack: PolicyPack) -> None:
    message = captions_finding(pack, vtt((0, 30)), 95)
    assert message == "captions end at 30s of a 95s video (65s of 95s without captions)"


# -- the anonymous check page ------------------------------------------------------------


@pytest.fixture(scope="module")
def page_app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def test_the_check_page_names_an_unreadable_captions_file(page_app: FastAPI) -> None:
    browser = TestClient(page_app, base_url=BASE_URL)
    form = {"csrf_token": csrf_from(browser.get("/").text), "capacity": "official",
            "kind": "video", "platform": "youtube", "author_role": "corporate account",
            "text": "Our winter vaccines video.", "video_duration": "95",
            "video_channel": "corporate-youtube"}
    page = browser.post("/check", data=form,
                        files={"captions_file": ("bad.srt", OVERFLOWING_SRT.encode(), "text/srt")})
    assert page.status_code == 200, page.text
    assert "Current file: bad.srt" in page.text
    assert "cue 1 has a time outside 0 to 100 hours." in page.text


# -- one bad line of a batch fails alone ----------------------------------------------------


def batch_lines(tmp_path: Path) -> list[bytes]:
    (tmp_path / "bad.srt").write_text(OVERFLOWING_SRT, encoding="utf-8")
    (tmp_path / "ok.vtt").write_text(vtt((0, 60)), encoding="utf-8")
    rows = [
        json.dumps({"id": "first", "text": "Lovely walk today"}),
        json.dumps({"id": "nul", **video_post("ok\x00.vtt", 60)}),
        "[" * 5000 + "]" * 5000,
        json.dumps({"id": "overflow", **video_post("bad.srt", 60)}),
        '{"id": "digits", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "covered", **video_post("ok.vtt", 60)}),
        json.dumps({"id": "last", "text": "Views my own"}),
    ]
    return [row.encode() for row in rows]


@pytest.mark.parametrize("workers", [1, 2])
def test_every_line_gets_its_verdict_or_its_error(tmp_path: Path, pack: PolicyPack,
                                                  workers: int) -> None:
    out = list(verdict_lines(batch_lines(tmp_path), pack, base_dir=tmp_path, batch_size=3,
                             workers=workers))
    assert [v.get("id") for v in out] == [
        "first", "nul", None, "overflow", None, "covered", "last"]
    errors = {v["line"]: v["error"] for v in out if "error" in v}
    assert set(errors) == {2, 3, 4, 5}
    assert "not a usable path" in errors[2]
    assert errors[3] == "line 3: JSON nested too deeply"
    assert "bad.srt" in errors[4] and "outside 0 to 100 hours" in errors[4]
    assert errors[5].startswith("line 5: not usable JSON")
    # The covered video gets its verdict, with nothing to say about its captions.
    assert "error" not in out[5] and "error" not in out[0]
    assert not [f for f in out[5]["findings"] if f["rule"].startswith("media.video")]
    assert out[0]["decision"] == "ok"


def test_the_command_writes_every_verdict_and_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(batch_lines(tmp_path)) + b"\n")
    result = runner.invoke(cli, ["check", "--input", str(src), "--format", "jsonl"])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 7
    assert result.stderr.strip() == ("socialguard: 4 line(s) could not be checked "
                                     "(line 2, 3, 4, 5); each has an error in its place in the "
                                     "output")


def test_an_engine_failure_on_one_line_fails_that_line_alone(
        monkeypatch: pytest.MonkeyPatch, pack: PolicyPack) -> None:
    real = batch.check_many

    def fragile(submissions: list[Submission], pack: PolicyPack) -> Any:
        if any(s.text == "boom" for s in submissions):
            raise RuntimeError("boom: a draft quoted in a message")
        return real(submissions, pack)

    monkeypatch.setattr(batch, "check_many", fragile)
    lines = [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(
        ["Lovely walk", "boom", "Views my own"])]
    out = list(verdict_lines(lines, pack, batch_size=8))
    assert [v["id"] for v in out] == ["0", "1", "2"]
    assert out[1] == {"id": "1", "line": 2,
                      "error": "line 2: could not be checked (internal error RuntimeError)"}
    assert "error" not in out[0] and "error" not in out[2]


class FailingPool:
    """A pool whose workers fail on any batch holding the draft "boom"."""

    def submit(self, batch: list[Submission]) -> Future[list[dict[str, Any]]]:
        done: Future[list[dict[str, Any]]] = Future()
        if any(s.text == "boom" for s in batch):
            done.set_exception(RuntimeError("worker failed"))
        else:
            done.set_result([{"id": s.id, "decision": "ok"} for s in batch])
        return done


def test_a_batch_that_fails_on_a_worker_is_checked_again_line_by_line() -> None:
    pending = [batch.Parsed(n, Submission(id=str(n), text=t), str(n))
               for n, t in enumerate(["fine", "boom", "also fine"], 1)]
    pool: Any = FailingPool()
    outcomes = batch._pooled(pool, pending, pool.submit(batch._good(pending)))
    merged = list(batch._merge(pending, outcomes))
    assert [v.get("decision") for v in merged] == ["ok", None, "ok"]
    assert merged[1]["error"] == "line 2: could not be checked (internal error RuntimeError)"
