"""Read a declared captions file (WebVTT or SRT) and measure what it covers.

This is shell-side I/O: the CLI and the web app fill ``caption_coverage`` in
a submission before handing it to the pure engine.

Captions files come from the public, so reading one never raises: whatever is wrong
with it comes back as ``CaptionCoverage(readable=False, problem=...)``, for the caller
to refuse at the door (the approvals API, a batch line) or to show (the check page).
"""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path

import pysrt
import webvtt

from socialguard.submission import Attachment, CaptionCoverage, Submission

MAX_CAPTION_BYTES = 2_000_000
MAX_CUE_S = 100 * 3600
"""A cue time past 100 hours is a broken file, not a long video (and it keeps every time
a float that arithmetic and formatting can handle)."""
PAUSE_S = 1.0
"""Pauses between cues up to this long are not recorded as gaps: every file has them,
and recording them all would make ``CaptionCoverage`` as long as the file."""
NOT_FOUND = "captions file not found"
"""The one unreadable case that is not an error: the spec checks a file only when it is
readable from where the input lives."""
_PROBLEM_CHARS = 200


class _BadCue(ValueError):
    pass


def coverage_from_text(content: str, *, name: str) -> CaptionCoverage:
    """Parse captions given as text; the format is chosen by the file name, then sniffed."""
    if "\x00" in content:
        return CaptionCoverage(readable=False, problem="not a text file (it holds a NUL byte)")
    try:
        cues = _cues(content.lstrip("\ufeff"), name)
    except _BadCue as exc:
        return CaptionCoverage(readable=False, problem=str(exc))
    except Exception as exc:  # third-party parsers on untrusted text
        # pysrt and webvtt raise ValueError, IndexError, OverflowError, their own errors
        # and more on odd input; all of them mean the same thing to the uploader.
        reason = str(exc)[:_PROBLEM_CHARS] or type(exc).__name__
        return CaptionCoverage(readable=False, problem=f"not a valid captions file ({reason})")
    if not cues:
        return CaptionCoverage(readable=True, cue_count=0, problem="the file has no cues")
    spans = _union(cues)
    return CaptionCoverage(
        readable=True,
        cue_count=len(cues),
        first_start_s=spans[0][0],
        last_end_s=spans[-1][1],
        covered_s=sum(end - start for start, end in spans),
        gaps=[(a_end, b_start) for (_, a_end), (b_start, _) in pairwise(spans)
              if b_start - a_end > PAUSE_S],
    )


def _cues(content: str, name: str) -> list[tuple[float, float]]:
    """(start, end) of each cue in seconds; a cue that ends before it starts is left out."""
    if name.lower().endswith(".srt") or (
        not content.startswith("WEBVTT") and "-->" in content and "," in content
    ):
        # pysrt keeps times as whole milliseconds, of any size ("00:00:00,1" and 400 zeros).
        times = [(c.start.ordinal, c.end.ordinal) for c in pysrt.from_string(content)]
    else:
        track = webvtt.from_buffer(io.StringIO(content))
        times = [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds())
                 for c in track.captions]
    cues = []
    for number, (start_ms, end_ms) in enumerate(times, 1):
        for ms in (start_ms, end_ms):
            if not 0 <= ms <= MAX_CUE_S * 1000:
                raise _BadCue(f"cue {number} has a time outside 0 to {MAX_CUE_S // 3600} hours")
        if end_ms > start_ms:
            cues.append((start_ms / 1000, end_ms / 1000))
    return cues


def coverage_from_file(path: Path) -> CaptionCoverage:
    try:
        if path.stat().st_size > MAX_CAPTION_BYTES:
            return CaptionCoverage(readable=False, problem="captions file too large")
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return CaptionCoverage(readable=False, problem=NOT_FOUND)
    except (OSError, UnicodeDecodeError) as exc:
        return CaptionCoverage(readable=False, problem=f"captions file unreadable ({exc})")
    return coverage_from_text(content, name=path.name)


def attach_coverage(submission: Submission, base_dir: Path | None) -> Submission:
    """Fill caption coverage for videos whose captions file can be read from ``base_dir``."""
    if base_dir is None or not submission.videos:
        return submission
    attachments: list[Attachment] = []
    changed = False
    for attachment in submission.attachments:
        if attachment.is_video and attachment.captions and attachment.caption_coverage is None:
            found = _coverage_under(base_dir, attachment.captions)
            if found is not None:
                attachment = attachment.model_copy(update={"caption_coverage": found})
                changed = True
        attachments.append(attachment)
    return submission.model_copy(update={"attachments": attachments}) if changed else submission


def _coverage_under(base_dir: Path, name: str) -> CaptionCoverage | None:
    """The coverage of ``name`` under ``base_dir``; None for a name this shell does not read
    (outside ``base_dir``, or not .vtt/.srt)."""
    try:
        path = (base_dir / name).resolve()
        inside = path.is_relative_to(base_dir.resolve())
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a name too long, a symlink loop
        return CaptionCoverage(readable=False, problem="the captions name is not a usable path")
    if not inside or path.suffix.lower() not in (".vtt", ".srt"):
        return None
    return coverage_from_file(path)


def problems(submission: Submission) -> list[str]:
    """What is wrong with each video's captions file that was there to read but could not
    be used (a file that is simply not found is not a problem: see ``NOT_FOUND``)."""
    found = []
    for video in submission.videos:
        cov = video.caption_coverage
        if cov is not None and not cov.readable and cov.problem != NOT_FOUND:
            found.append(f"captions {video.captions!r}: {cov.problem}")
    return found


def _union(cues: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The cues merged into disjoint spans, in order."""
    spans: list[tuple[float, float]] = []
    for start, end in sorted(cues):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans
