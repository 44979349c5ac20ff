"""Which words drove a model's score: leave-one-out occlusion, weighed in log-odds.

A word's weight is how far the score's log-odds fall when the text is scored without
it. Log-odds, not probability: when a text is plainly abusive (0.999) every single
word's removal changes the probability by a hair, yet the words that carry the score
still move its log-odds by whole units, so they can still be shown.
"""

from __future__ import annotations

import math

MIN_WEIGHT = 0.4  # log-odds: a word whose removal moves the score less explains nothing
MAX_WORDS = 4


def log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def weight(base: float, without: float) -> float:
    """How much removing a word lowered a probability, in log-odds."""
    return log_odds(base) - log_odds(without)


def strongest(weighted: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The words that carry the score: at least ``MIN_WEIGHT`` and a third of the
    strongest word's weight, at most ``MAX_WORDS`` of them, strongest first."""
    top = max((w for _, _, w in weighted), default=0.0)
    kept = [x for x in weighted if x[2] >= max(MIN_WEIGHT, top / 3)]
    return sorted(kept, key=lambda x: -x[2])[:MAX_WORDS]
