"""Read a declared captions file (WebVTT or SRT) and measure what it covers.

This is shell-side I/O: the CLI and the web app fill ``caption_coverage`` in
a submission before handing it to the pure engine.
"""

from __future__ import annotations

import io
from pathlib import Path

import pysrt
import webvtt

from socialguard.submission import Attachment, CaptionCoverage, Submission

MAX_CAPTION_BYTES = 2_000_000


def coverage_from_text(content: str, *, name: str) -> CaptionCoverage:
    """Parse captions given as text; the format is chosen by the file name, then sniffed."""
    try:
        if name.lower().endswith(".srt") or (
            not content.lstrip("\ufeff").startswith("WEBVTT")
            and "-->" in content
            and "," in content
        ):
            cues = [
                (c.start.ordinal / 1000, c.end.ordinal / 1000)
                for c in pysrt.from_string(content.lstrip("\ufeff"))
            ]
        else:
            track = webvtt.from_buffer(io.StringIO(content.lstrip("\ufeff")))
            cues = [(c.start_in_seconds, c.end_in_seconds) for c in track.captions]
    except (webvtt.errors.MalformedFileError, ValueError, IndexError) as exc:
        return CaptionCoverage(readable=False, problem=f"not a valid captions file ({exc})")
    if not cues:
        return CaptionCoverage(readable=True, cue_count=0, problem="the file has no cues")
    covered = _union_length(cues)
    return CaptionCoverage(
        readable=True,
        cue_count=len(cues),
        first_start_s=min(s for s, _ in cues),
        last_end_s=max(e for _, e in cues),
        covered_s=covered,
    )


def coverage_from_file(path: Path) -> CaptionCoverage:
    try:
        if path.stat().st_size > MAX_CAPTION_BYTES:
            return CaptionCoverage(readable=False, problem="captions file too large")
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return CaptionCoverage(readable=False, problem="captions file not found")
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
            path = (base_dir / attachment.captions).resolve()
            if path.is_relative_to(base_dir.resolve()) and path.suffix.lower() in (".vtt", ".srt"):
                attachment = attachment.model_copy(
                    update={"caption_coverage": coverage_from_file(path)}
                )
                changed = True
        attachments.append(attachment)
    return submission.model_copy(update={"attachments": attachments}) if changed else submission


def _union_length(cues: list[tuple[float, float]]) -> float:
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(cues):
        if current_end is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return total
