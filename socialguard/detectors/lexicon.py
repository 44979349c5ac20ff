"""Phrase lexicons compiled to one regular expression each, matched on word boundaries.

Phrases are written plainly ("on behalf of the ICB"); whitespace in a phrase
matches any run of spaces or hyphens, and a trailing ``*`` matches any word
ending ("complain*" -> complains, complaining). ``{org}`` expands to the
organisation's names from the pack so vocabularies stay organisation-neutral.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# Leetspeak and masking characters that stand in for letters in obfuscated words.
_LEET = {
    "a": "a4@*",
    "b": "b8",
    "e": "e3*",
    "g": "g9",
    "i": "i1!l|*",
    "l": "l1|",
    "o": "o0*",
    "s": "s5$z",
    "t": "t7+",
    "u": "uv*",
    "c": "c(k*",
    "k": "kc",
    "h": "h#",
}


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str
    phrase: str


# Either apostrophe matches; text-speak drops the one of n't, 'm, 's, 've and 'd ("cant",
# "im", "ive"), while 'll and 're keep it, or "we'll" would match "well" and "we're" "were".
_APOSTROPHE = re.compile(r"['’](?=(t|m|s|ve|d)\b)|['’]")


def _apostrophe(m: re.Match[str]) -> str:
    return "['’]?" if m.group(1) else "['’]"


def _phrase_pattern(phrase: str) -> str:
    words = phrase.strip().split()
    parts = []
    for word in words:
        star = word.endswith("*")
        core = _APOSTROPHE.sub(_apostrophe, re.escape(word.rstrip("*")))
        parts.append(core + (r"\w*" if star else ""))
    return r"[\s\-]+".join(parts)


def leet_pattern(word: str, *, spaced: bool = True) -> str:
    """One word whose letters may be leet-substituted or masked ("c*nt", "0nlyf@ns") and,
    when ``spaced``, spaced out ("c u n t")."""
    letters = []
    for ch in word.lower():
        options = _LEET.get(ch, ch)
        letters.append("[" + re.escape(options) + "]" if len(options) > 1 else re.escape(ch))
    # Separators between letters catch "s h i t" and "b.i.t.c.h"; one kind only, to stay precise.
    return r"(?:[ ._\-]?)".join(letters) if spaced else "".join(letters)


def _leet_phrase(phrase: str) -> str:
    """``leet_pattern`` for a lexicon word, where a trailing "*" (as in ``_phrase_pattern``)
    stands for any ending: "faggot*" matches "f4gg0ts"."""
    core = leet_pattern(phrase.rstrip("*"))
    return core + r"\w*" if phrase.endswith("*") else core


class Lexicon:
    """A named set of phrases compiled once; ``finditer`` yields non-overlapping hits.

    A text is scanned only when it holds, at word starts, the telling words of at least
    one phrase (``_gate``): a scan of dozens of alternatives at every position is the
    checker's largest cost in Python, and most texts contain no phrase of most lexicons.
    The gate never hides a hit — every word of a phrase must appear for its pattern to
    match — so results are the same as scanning every text.
    """

    def __init__(self, phrases: Iterable[str], *, obfuscated: bool = False) -> None:
        self.phrases = tuple(
            sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
        )
        builder = _leet_phrase if obfuscated else _phrase_pattern
        alternatives = "|".join(f"(?:{builder(p)})" for p in self.phrases) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w@#])(?:{alternatives})(?![\w])", re.IGNORECASE)
        # Obfuscated spellings ("c u n t", "sh1t") have no literal word to look for.
        self._gate = None if obfuscated else _gate_words(self.phrases)
        # The gates indexed by their first piece, so a text's check is one set intersection
        # (in C) plus a look at the few gates whose first piece the text holds, instead of
        # a loop over every phrase's gate.
        self._gate_index: dict[str, tuple[tuple[str, ...], ...]] = {}
        for gate in self._gate or ():
            self._gate_index[gate[0]] = (*self._gate_index.get(gate[0], ()), gate[1:])
        self._gate_firsts = frozenset(self._gate_index)

    def _may_match(self, text: str) -> bool:
        if self._gate is None:
            return True
        held = word_prefixes(text)
        for first in self._gate_firsts.intersection(held):
            for rest in self._gate_index[first]:
                if all(piece in held for piece in rest):
                    return True
        return False

    def finditer(self, text: str) -> Iterator[Hit]:
        if not self._may_match(text):
            return
        for m in self.pattern.finditer(text):
            yield Hit(m.start(), m.end(), m.group(0), m.group(0).lower())

    def find(self, text: str) -> list[Hit]:
        return list(self.finditer(text))

    def search(self, text: str) -> Hit | None:
        m = self.pattern.search(text) if self._may_match(text) else None
        return Hit(m.start(), m.end(), m.group(0), m.group(0).lower()) if m else None


# A phrase's words are joined by whitespace or hyphens in the pattern, so each of its
# pieces starts a run of text that is not preceded by a word character, @ or #. The gate
# looks only at the part of a piece before any apostrophe (an apostrophe may be left out
# or swapped for the other kind), cut to GATE_CHARS characters, case-folded.
GATE_CHARS = 6
_PIECES = re.compile(r"[^\s\-]+")
_APOSTROPHE_CHARS = re.compile(r"['’]")
# One pattern per prefix length: each finds, at every possible run start (overlapping,
# hence the lookahead), the run's first k characters.
_PREFIXES = [re.compile(rf"(?<![\w@#])(?=([^\s\-'’]{{{k}}}))") for k in range(1, GATE_CHARS + 1)]


# Words too common to say much about a text; a phrase is gated on its other words.
_COMMON = frozenset("""a an and are as at be but by can do for from get go got has have he her
his i if in is it me my no not of off on or our out she so that the their them they this to
up us was we what when who will with you your""".split())


def _gate_words(phrases: Sequence[str]) -> tuple[tuple[str, ...], ...] | None:
    """For each phrase, its two longest telling pieces, all of which a text must hold for
    the phrase to match; None (always scan) when a phrase has no usable piece."""
    gates = set()
    for phrase in phrases:
        pieces = {_APOSTROPHE_CHARS.split(p.rstrip("*").casefold())[0][:GATE_CHARS]
                  for p in _PIECES.findall(phrase)} - {""}
        if not pieces:
            return None
        telling = sorted(pieces - _COMMON or pieces, key=lambda p: (-len(p), p))
        gates.add(tuple(telling[:2]))
    return tuple(sorted(gates))


@lru_cache(maxsize=64)
def word_prefixes(text: str) -> frozenset[str]:
    """The first 1..GATE_CHARS characters of every run of text a phrase piece could start
    (cached for the check: every lexicon asks about the same text; the engine clears the
    cache when the check ends, so no draft outlives it)."""
    folded = text.casefold()
    prefixes: set[str] = set()
    for pattern in _PREFIXES:
        prefixes.update(pattern.findall(folded))
    return frozenset(prefixes)


def org_phrases(templates: Sequence[str], names: Sequence[str]) -> list[str]:
    """Expand ``{org}`` in each template with each of the organisation's names."""
    out: list[str] = []
    for t in templates:
        if "{org}" in t:
            out.extend(t.replace("{org}", n) for n in names)
        else:
            out.append(t)
    return out


@cache
def org_lexicon(templates: tuple[str, ...], names: tuple[str, ...]) -> Lexicon:
    """``org_phrases`` compiled once per organisation (checks ask for it on every text)."""
    return cached_lexicon(tuple(org_phrases(templates, names)))


@cache
def cached_lexicon(phrases: tuple[str, ...], obfuscated: bool = False) -> Lexicon:
    """Lexicons built from pack data are cached by their phrases (packs are immutable)."""
    return Lexicon(phrases, obfuscated=obfuscated)


def near(a: tuple[int, int], b: tuple[int, int], window: int) -> bool:
    """Whether two spans lie within ``window`` characters of each other."""
    return a[0] - window <= b[1] and b[0] - window <= a[1]


SENTENCE_END = re.compile(r"[.!?\n]+\s*")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence containing character ``pos``."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(text)
