"""Read an uploaded WebVTT or SRT captions file into the coverage the engine judges.

The engine does no I/O (``CaptionCoverage`` is filled by a shell); the page parses
the upload in memory, with the same parser the command line uses, and keeps nothing.
"""

from __future__ import annotations

from socialguard.captions import coverage_from_text
from socialguard.submission import CaptionCoverage

MAX_CAPTION_BYTES = 1024 * 1024


def coverage(filename: str, data: bytes) -> CaptionCoverage:
    if len(data) > MAX_CAPTION_BYTES:
        return CaptionCoverage(readable=False, problem="the captions file is over 1 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CaptionCoverage(readable=False, problem="the captions file is not UTF-8 text")
    return coverage_from_text(text, name=filename)
