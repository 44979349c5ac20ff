"""Phrase lexicons: word boundaries, stems, hyphens and the apostrophes people really type."""

from __future__ import annotations

import pytest

from socialguard.detectors.lexicon import Lexicon

LEXICON = Lexicon(["can't do this anymore", "we'll be at", "complain*", "brain dead"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I can't do this anymore", "can't do this anymore"),
        ("I can’t do this anymore", "can’t do this anymore"),  # a phone's curly apostrophe
        ("i cant do this anymore", "cant do this anymore"),  # text-speak drops it
        ("We’ll be at the board meeting", "We’ll be at"),
        ("she complained twice", "complained"),
        ("brain-dead idea", "brain-dead"),
    ],
)
def test_finds(text: str, found: str) -> None:
    assert [h.text for h in LEXICON.finditer(text)] == [found]


@pytest.mark.parametrize("text", ["well be at the office", "scomplaint", "braindead"])
def test_does_not_find(text: str) -> None:
    assert LEXICON.find(text) == []
