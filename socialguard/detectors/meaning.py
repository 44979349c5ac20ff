"""What a text means, by the trained judgment heads: evidence ``meaning.<head>``.

Each head (``socialguard.ml.judgment``) answers one policy question about the text —
does it disparage a colleague, leak a patient's care, ask for recorded information,
say someone is in danger now — from the encoder pass every text already gets. A head
at or above its threshold becomes evidence with its probability; the rules weigh it
with the submission's context and the recognisers' exact findings.

Every such evidence names the words that drove it, by occlusion inside the encoder's
own pooling: a window's embedding is the mean of its token states, so taking a word's
tokens out of that mean shows how much the judgment rested on that word — without
running the encoder again. The fall is read to first order (the heads' gradient at the
window's embedding times the move the word's removal makes), so an explanation costs
a few small matrix products; its weight is in log-odds (``socialguard.ml.occlusion``),
times the window's length in tokens, since each token is only 1/n of the mean.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from socialguard.detectors.base import Evidence
from socialguard.detectors.encoder import shared_encoder
from socialguard.ml.deobfuscate import reading
from socialguard.ml.judgment import Heads, load_heads
from socialguard.ml.occlusion import strongest

if TYPE_CHECKING:
    from socialguard.ml.abuse import WindowTokens
    from socialguard.policy.schema import PolicyPack

KIND = "meaning"
# Heads the rules use only as a condition, never as the words a finding shows: the
# disclaimer finding points at what is missing, not at anything said. Not explained.
GATES = frozenset({"identity.disclaimer"})
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was
were be been am i me my we our you your he him his she her it its they them their this that
these those so just very really too not no do does did have has had will would can could
should""".split())
_WORD = re.compile(r"[^\s]+")
Span = tuple[int, int]

class MeaningDetector:
    """Base for the content and inbound detectors (each scores only its own heads)."""

    name: ClassVar[str] = "meaning"
    scope: ClassVar[str] = "all"
    lane: ClassVar[str] = "model"  # reuses the abuse detector's encoder pass
    inbound: ClassVar[bool] = False

    @property
    def produces(self) -> tuple[str, ...]:
        heads = load_heads()
        return () if heads is None else tuple(f"{KIND}.{n}" for n in self._heads(heads))

    def _heads(self, heads: Heads) -> list[str]:
        content = set(heads.meta.get("content_heads", ()))
        return [n for n in heads.names if (n in content) != self.inbound]

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        heads = load_heads()
        if heads is None or not texts:
            return [[] for _ in texts]
        names = self._heads(heads)
        thresholds = {n: pack.judgment.thresholds.get(n, heads.thresholds[n]) for n in names}
        columns = [heads.index(n) for n in names]
        encoded = shared_encoder().run(texts)
        scored = heads.probabilities(encoded.windows, self.inbound)
        out: list[list[Evidence]] = []
        for i, (text, (probs, best)) in enumerate(zip(texts, scored, strict=True)):
            fired = {n: float(probs[c]) for n, c in zip(names, columns, strict=True)
                     if text.strip() and probs[c] >= thresholds[n]}
            if not fired:
                out.append([])
                continue
            reasons = explain(text, [heads.index(n) for n in fired if n not in GATES], heads,
                              best, encoded.tokens[i] if encoded.tokens else [])
            confident = heads.meta.get("confident", {})
            out.append([
                _evidence(text, name, p, thresholds[name], reasons.get(heads.index(name), []),
                          float(confident.get(name, thresholds[name])))
                for name, p in fired.items()
            ])
        return out


class ContentMeaningDetector(MeaningDetector):
    name: ClassVar[str] = "meaning_content"
    scope: ClassVar[str] = "content"


class InboundMeaningDetector(MeaningDetector):
    name: ClassVar[str] = "meaning_inbound"
    scope: ClassVar[str] = "inbound"
    inbound: ClassVar[bool] = True


def _word_tokens(words: list[Span], spans: Sequence[Span]) -> list[tuple[Span, list[int]]]:
    """Each word with the rows of the window's token states that read it (row 0 is
    [CLS]); words outside the window are left out."""
    starts = [a for a, _ in words]
    rows: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(spans):
        i = bisect_right(starts, s) - 1
        if e > s and i >= 0 and e <= words[i][1]:
            rows.setdefault(i, []).append(k + 1)
    return [(words[i], r) for i, r in sorted(rows.items())]


def _evidence(text: str, head: str, p: float, threshold: float,
              words: list[tuple[int, int, float]], confident: float) -> Evidence:
    start, end = (min(s for s, _, _ in words), max(e for _, e, _ in words)) if words \
        else (0, len(text))
    driven = ", ".join(repr(text[s:e]) for s, e, _ in words) or "the text as a whole"
    return Evidence(
        f"{KIND}.{head}", start, end, text[start:end], round(p, 4),
        f"the judgment model reads this as {head} ({p:.2f} ≥ {threshold:.2f}), "
        f"driven by: {driven}",
        {"threshold": threshold, "confident": confident,
         "words": [[s, e, w] for s, e, w in words]},
    )


def explain(text: str, columns: Sequence[int], heads: Heads, best: np.ndarray,
            tokens: Sequence[WindowTokens]) -> dict[int, list[tuple[int, int, float]]]:
    """For each head column, up to four (start, end, weight) spans of the words whose
    tokens, taken out of the window that scored highest (``best``, per head, as
    ``Heads.probabilities`` gives it), lower its probability most."""
    out: dict[int, list[tuple[int, int, float]]] = {c: [] for c in columns}
    if not tokens or not columns:
        return out
    view, to_original = reading(text)
    words = [m.span() for m in _WORD.finditer(view)
             if m.group().lower().strip(".,!?;:'\"()") not in STOPWORDS]
    assert heads.stacked is not None
    for w in sorted({int(best[c]) for c in columns}):
        window = tokens[w]
        present = _word_tokens(words, window.spans)
        if not present:
            continue
        mine = [c for c in columns if int(best[c]) == w]
        total = window.states.sum(axis=0)
        base = total / max(float(np.linalg.norm(total)), 1e-12)
        without = np.stack([total - window.states[r].sum(axis=0) for _, r in present])
        without /= np.maximum(np.linalg.norm(without, axis=1, keepdims=True), 1e-12)
        # The networks' gradient at the window's embedding, times the move each word's
        # removal makes: the fall in probability to first order, read in log-odds and
        # scaled by the window's length (one token is 1/n of the mean, so the fall is
        # read as if the word had the window to itself).
        p, grad = heads.stacked.gradients(base.astype(np.float32), mine)
        falls = len(window.states) * ((base - without) @ grad) / np.maximum(p * (1.0 - p),
                                                                            1e-6)
        for j, c in enumerate(mine):
            weighed = [(*to_original(*span), round(float(fall), 4))
                       for (span, _), fall in zip(present, falls[:, j], strict=True)]
            out[c] = sorted(strongest(weighed))
    return out
