"""Undo common spelling tricks used to slip abuse past filters, keeping an offset map.

The classifier only ever sees the normalised text, but explanations must point at
what the author actually typed, so every normalised character remembers the span of
original characters it came from.

Rewrites are deliberately conservative: a token is only rewritten when the result is a
word in a small abuse lexicon (``1d10t`` -> ``idiot``, ``f*ck`` -> ``fuck``,
``s h i t`` -> ``shit``), so ordinary text such as ``I a m`` or ``COVID-19`` passes through
unchanged. Twitter conventions match the training data: mentions become ``@user`` and
links become ``http``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

# Roots only; suffixes such as -ing/-er/-s are handled by ``is_abusive_word``. The list
# exists to recognise disguised spellings, not to decide anything on its own.
_LEXICON = (
    "fuck fuk fck fcuk motherfucker shit shite bullshit crap bitch bastard cunt twat wanker "
    "biatch wank prick dick dickhead cock cocksucker pussy slut whore hoe skank asshole arsehole "
    "ass arse jackass dumbass bellend knob knobhead tosser douche douchebag piss pissed "
    "bollocks bugger damn goddamn screw idiot idiots moron imbecile retard retarded stupid "
    "dumb loser scum scumbag trash garbage pathetic useless ugly fat freak creep pervert "
    "nigger nigga negro coon chink gook spic wetback kike paki raghead towelhead "
    "faggot fag dyke tranny shemale homo lesbo queer cripple spaz mong gypsy pikey "
    "hate kill die rape rapist nazi terrorist "
    # what sweeping remarks call a whole group ("v e r m i n", "p@rasites")
    "vermin parasite subhuman inferior cockroach savage animal filth filthy disgusting "
    "criminal "
    # threats of violence: "should be s h o t"
    "shot shoot stab hang lynch burn gas exterminate"
).split()

# Names for people by a protected characteristic, as written in sweeping remarks.
# Respelt when disguised ("W0m3n"), mistyped ("Mulsims") or run together with other words
# ("Ihatemuslims"), so the model reads the word that was meant.
GROUP_NAMES = frozenset("""women woman men girls females gays lesbians lesbian gay bisexual
trans transgender queer disabled autistic deaf blind black white brown asian asians african
africans indian indians pakistani pakistanis chinese polish romanian romanians foreign
foreigners muslim muslims jewish jews hindu hindus sikh sikhs christian christians catholic
catholics immigrant immigrants migrant migrants refugee refugees pensioners elderly pregnant
gypsies travellers people""".split())
# The names of five letters or more by first letter: ``_respelt`` looks only at these (a
# typing slip keeps the first letter), for every word not in the dictionary.
_RESPELLABLE: dict[str, tuple[str, ...]] = {}
for _name in sorted(GROUP_NAMES):
    if len(_name) >= 5:
        _RESPELLABLE[_name[0]] = (*_RESPELLABLE.get(_name[0], ()), _name)

_SUFFIXES = ("", "s", "es", "ed", "er", "ers", "ing", "in", "y", "ier", "iest", "head", "face")

_VOCAB_FILE = Path(__file__).resolve().parents[1] / "models" / "abuse" / "tokenizer.json"

# Characters commonly substituted for letters. Only consulted for tokens that mix letters
# with such characters, and only kept when the result is a lexicon word.
_LEET = {
    "0": "o",
    "1": "i",
    "!": "i",
    "|": "i",
    "3": "e",
    "4": "a",
    "@": "a",
    "5": "s",
    "$": "s",
    "7": "t",
    "+": "t",
    "8": "b",
    "9": "g",
    "€": "e",
}
_WILDCARDS = frozenset("*#%_?.-")

# Look-alike letters from other scripts that survive the tokenizer's accent stripping.
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ѕ": "s",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "н": "h",
        "ο": "o",
        "α": "a",
        "ι": "i",
    }
)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@\w+")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#39|apos);")
# A run of >= 3 single characters split by one consistent kind of separator: "s h i t",
# "b.i.t.c.h", "f-u-c-k". The back-reference keeps "e.g. a b" style text out.
_SPACED = re.compile(
    r"(?<![^\W_])([^\W_]|[@$!*])(?P<sep>[ .\-_*]{1,2})(?:(?:[^\W_]|[@$!*])(?P=sep)){1,}"
    r"(?:[^\W_]|[@$!*])(?![^\W_])"
)
_TOKEN = re.compile(r"[^\s]+")
_EDGE_PUNCT = "\"'()[]{}<>,;:.!?…"


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text plus, for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the smallest covering span of ``original``."""
        if end <= start or not self.text:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return (pos, pos)
        end = min(end, len(self.text))
        return (self.starts[start], self.ends[end - 1])


@cache
def _lexicon() -> frozenset[str]:
    return frozenset(_LEXICON)


def is_abusive_word(word: str) -> bool:
    """True when ``word`` is a lexicon root, optionally with a common suffix."""
    w = word.lower()
    lex = _lexicon()
    if w in lex:
        return True
    return any(w.endswith(suf) and w[: len(w) - len(suf)] in lex for suf in _SUFFIXES if suf)


@cache
def _lexicon_forms() -> dict[int, tuple[str, ...]]:
    """The lexicon's word forms by length. A masked token matches only forms of its own
    length (each character stands for one letter), so only those are tried."""
    # Longest first so a wildcard pattern prefers "motherfucker" over a shorter root.
    # Equal lengths keep lexicon order, which lists the common spelling first.
    forms = [root + suf for root in _LEXICON for suf in ("", "s", "ing", "er", "ed")]
    by_length: dict[int, list[str]] = {}
    for form in dict.fromkeys(forms):
        by_length.setdefault(len(form), []).append(form)
    return {n: tuple(group) for n, group in by_length.items()}


def _collapse_repeats(word: str) -> list[str]:
    """Candidates with letter runs of 3+ squeezed to 2 and to 1 ("fuuuck" -> "fuck")."""
    if not re.search(r"(.)\1\1", word):
        return []
    return [re.sub(r"(.)\1{2,}", r"\1\1", word), re.sub(r"(.)\1{2,}", r"\1", word)]


def _wildcard_match(word: str) -> str | None:
    """Resolve masked letters, e.g. "f*ck" or "a**hole", against the lexicon."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < 2 or not any(ch in _WILDCARDS for ch in word):
        return None
    if not word[0].isalpha() and word[0] not in _LEET:
        return None
    pattern = "".join("[a-z]" if ch in _WILDCARDS else re.escape(_LEET.get(ch, ch)) for ch in word)
    rx = re.compile(pattern)
    for form in _lexicon_forms().get(len(word), ()):
        if rx.fullmatch(form):
            return form
    return None


def _resolve_token(word: str) -> str | None:
    """Return the abusive word or group name hidden in ``word`` or None if it is not a
    disguise."""
    low = word.lower().translate(_HOMOGLYPHS)
    if low.isalpha():
        if low != word.lower() and (is_abusive_word(low) or low in GROUP_NAMES):
            return low
        for cand in _collapse_repeats(low):
            if is_abusive_word(cand):
                return cand
        return _respelt(low)
    if not any(ch.isalpha() for ch in low):
        return None
    mapped = "".join(_LEET.get(ch, ch) for ch in low)
    candidates = [mapped, *_collapse_repeats(mapped)]
    for cand in candidates:
        if cand.isalpha() and (is_abusive_word(cand) or cand in GROUP_NAMES):
            return cand
    for cand in (low, *_collapse_repeats(low)):
        hit = _wildcard_match(cand)
        if hit is not None:
            return hit
    return None


@cache
def _vocabulary() -> frozenset[str]:
    """Whole English words, from the model's own WordPiece vocabulary: a word in it is
    taken as written, never respelt."""
    vocab = json.loads(_VOCAB_FILE.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.isascii())


def _respelt(word: str) -> str | None:
    """The group name a lower-case, non-dictionary ``word`` was meant to be: two letters
    swapped, one missing or one extra ("mulsims", "wmoen", "imigrants"; the first letter
    is kept, as it is in most typing slips), or several words run together
    ("ihatemuslims" -> "i hate muslims")."""
    if len(word) < 5 or word in _vocabulary():
        return None  # four letters leave too little to go on: "whit" is "with", not "white"
    # Letters swapped, missing or doubled; not one letter for another, which mostly makes
    # another real word ("muslin", "whine").
    near = [g for g in _RESPELLABLE.get(word[0], ())
            if OSA.distance(word, g, score_cutoff=1) <= 1
            and (len(g) != len(word) or sorted(g) == sorted(word))]
    if near:
        return min(near, key=lambda g: (OSA.distance(word, g), abs(len(g) - len(word))))
    if len(word) >= 8 and any(g in word for g in GROUP_NAMES if len(g) >= 4):
        pieces = _segment(word)
        if pieces is not None and any(p in GROUP_NAMES for p in pieces):
            return " ".join(pieces)
    return None


def _segment(word: str) -> list[str] | None:
    """``word`` split into the fewest dictionary words (one-letter words only "i" and
    "a"), or None."""
    vocab = _vocabulary()
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            head, piece = best[start], word[start:end]
            if head is None or (piece not in vocab or len(piece) == 1 and piece not in "ia"):
                continue
            cand = [*head, piece]
            if best[end] is None or len(cand) < len(best[end] or ()):
                best[end] = cand
    return best[-1]


def _split_edges(token: str) -> tuple[int, int]:
    """Index range of ``token`` without surrounding quote/bracket/sentence punctuation."""
    a, b = 0, len(token)
    while a < b and token[a] in _EDGE_PUNCT:
        a += 1
    while b > a and token[b - 1] in _EDGE_PUNCT:
        b -= 1
    return a, b


def _token_edits(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, lo, hi):
        tok = m.group()
        if _URL.fullmatch(tok):
            edits.append((m.start(), m.end(), "http"))
            continue
        # Try the bare core first, then with trailing "!"/"." kept ("sh!t", "f.u.c.k."),
        # but not after a word of plain letters: "idiot." is "idiot" and a full stop, not
        # a masked letter ("idiots").
        a, b = _split_edges(tok)
        tries = ((a, b),) if tok[a:b].isalpha() else ((a, b), (a, len(tok)))
        for ca, cb in tries:
            core = tok[ca:cb]
            if len(core) >= 2:
                hit = _resolve_token(core)
                if hit is not None:
                    edits.append((m.start() + ca, m.start() + cb, hit))
                    break
        else:
            for mm in _MENTION.finditer(tok):
                edits.append((m.start() + mm.start(), m.start() + mm.end(), "@user"))
    return edits


def _spaced_edits(text: str) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in _SPACED.finditer(text):
        sep = m.group("sep")
        joined = "".join(ch for ch in m.group() if ch not in sep).lower()
        if not joined:  # "********": the separators were all there was
            continue
        hit = joined if is_abusive_word(joined) else _resolve_token(joined)
        if hit is not None and len(joined) >= 3:
            edits.append((m.start(), m.end(), hit))
        elif joined[0] in "ia" and len(joined) >= 4:
            # "I h a t e gay people": the word "I" or "a" before a spaced-out word.
            rest = joined[1:]
            hit = rest if is_abusive_word(rest) else _resolve_token(rest)
            if hit is not None:
                edits.append((m.start() + 1 + len(sep), m.end(), hit))
    return edits


@lru_cache(maxsize=64)
def _edits(text: str) -> tuple[tuple[int, int, str], ...]:
    """The rewrites of ``text`` as sorted (start, end, replacement) spans. Cached for the
    check: the model's input and the offset map both start here."""
    edits = _spaced_edits(text)
    covered = 0
    all_edits: list[tuple[int, int, str]] = []
    for a, b, rep in [*edits, (len(text), len(text), "")]:
        all_edits.extend(_token_edits(text, covered, a))
        if a < b:
            all_edits.append((a, b, rep))
        covered = b
    all_edits.extend((m.start(), m.end(), html.unescape(m.group())) for m in _ENTITY.finditer(text))
    all_edits.sort()
    return tuple(all_edits)


def reading(text: str) -> tuple[str, Callable[[int, int], tuple[int, int]]]:
    """The de-obfuscated text and a map from its spans to those of ``text``: what a
    detector matches on and how it shows the match as typed. The offset map is built
    only when something was rewritten (most drafts: nothing)."""
    view = normalised_text(text)
    if view == text:
        return view, lambda start, end: (start, end)
    return view, normalise(text).to_original


@lru_cache(maxsize=64)
def normalise(text: str) -> Normalised:
    """Rewrite disguised abuse, mentions, links and HTML entities; map back to ``text``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b, rep in _edits(text):
        if a < pos:  # overlapping rewrite (entity inside a rewritten token): first wins
            continue
        _copy(text, pos, a, out, starts, ends)
        for ch in rep:
            out.append(ch)
            starts.append(a)
            ends.append(b)
        pos = b
    _copy(text, pos, len(text), out, starts, ends)
    return Normalised(text, "".join(out), tuple(starts), tuple(ends))


# What ``_copy`` does to each character, as one table for ``str.translate``.
_UNCHANGED = str.maketrans({**{ch: None for ch in _INVISIBLE},
                            **{chr(k): v for k, v in _HOMOGLYPHS.items()}})


@lru_cache(maxsize=64)
def normalised_text(text: str) -> str:
    """``normalise(text).text`` without the offset map: the model's input, built from
    slices rather than character by character. Cached for the check (the encoder and the
    language detector both read it); the engine clears the cache when the check ends
    (``forget``), so no draft outlives it."""
    parts: list[str] = []
    pos = 0
    for a, b, rep in _edits(text):
        if a < pos:
            continue
        parts.append(text[pos:a].translate(_UNCHANGED))
        parts.append(rep)
        pos = b
    parts.append(text[pos:].translate(_UNCHANGED))
    return "".join(parts)


def _copy(text: str, lo: int, hi: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    for i in range(lo, hi):
        ch = text[i]
        if ch in _INVISIBLE:
            continue
        out.append(ch.translate(_HOMOGLYPHS))
        starts.append(i)
        ends.append(i + 1)


def forget() -> None:
    """Drop the cached texts: called by the engine when a check ends."""
    normalise.cache_clear()
    normalised_text.cache_clear()
    _edits.cache_clear()
