"""Offensive and hateful language scored by the project's trained model.

The vocabularies in ``conduct.py`` catch the obvious; the model catches new
wording. Only texts past a threshold are explained (occlusion costs one batch
per text), and the explanation's words become the finding's spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.conduct import ConductDetector
from socialguard.detectors.encoder import shared_encoder
from socialguard.detectors.lexicon import Lexicon

if TYPE_CHECKING:
    from socialguard.ml.abuse import AbuseModel, AbuseScore
    from socialguard.policy.schema import PolicyPack


# Mild words (spec §5: "bloody", "damn") are not abusive by themselves, so a text
# that contains one is also scored without it; the rule sees both scores.
MILD = re.compile(r"\b(?:bloody|damn(?:ed|it)?|dammit|hell|heck|crap(?:py)?|sod|bugger|blimey|"
                  r"flipping|frigging|omg|wtf|pissed|arse|blow (?:it|that))\b", re.IGNORECASE)


# The conduct detector's own compiled vocabularies, so both read the same words.
OBSCENITIES: Lexicon = ConductDetector.cues["abuse.obscene"][0]
PUT_DOWNS: Lexicon = ConductDetector.cues["abuse.insult"][0]
EXPLAIN_WORDS = 10  # occlusion costs one model input per word, so only content words count
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were
be been am i me my we our you your he him his she her it its they them their this that these
those so just very really too not no do does did have has had will would can could should
""".split())
_WORD = re.compile(r"\S+")


def explain_many(model: AbuseModel, texts: Sequence[str],
                 scores: Sequence[AbuseScore]) -> list[list[tuple[int, int, float]]]:
    """For each text, the words whose removal lowers its score most (one batched model run).

    Leave-one-word-out occlusion over the text's content words, on whichever head is
    further past its threshold; spans point into the original text.
    """
    from socialguard.ml.deobfuscate import normalise

    variants: list[str] = []
    plans = []
    for text in texts:
        norm = normalise(text)
        words = [w for w in _WORD.finditer(norm.text)
                 if w.group().lower().strip(".,!?;:'\"()") not in STOPWORDS][:EXPLAIN_WORDS]
        plans.append((norm, words, len(variants)))
        variants.extend(norm.text[:w.start()] + norm.text[w.end():] for w in words)
    occluded = model.score(variants) if variants else []
    out = []
    for (norm, words, first), score in zip(plans, scores, strict=True):
        head = ("offensive" if score.offensive - model.thresholds["offensive"]
                >= score.hate - model.thresholds["hate"] else "hate")
        base = getattr(score, head)
        spans = []
        for k, w in enumerate(words):
            weight = base - getattr(occluded[first + k], head)
            if weight >= 0.05:
                start, end = norm.to_original(w.start(), w.end())
                spans.append((start, end, round(float(weight), 4)))
        out.append(sorted(spans, key=lambda s: -s[2])[:4])
    return out


class AbuseModelDetector:
    name: ClassVar[str] = "abuse_model"
    scope: ClassVar[str] = "all"
    lane: ClassVar[str] = "model"

    def __init__(self, model: AbuseModel | None = None) -> None:
        self._model = model

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        if not texts:
            return []
        if self._model is None:
            encoder = shared_encoder()  # the same pass also feeds the intent detector
            model, scores = encoder.model, encoder.run(texts)[0]
        else:
            model, scores = self._model, self._model.score(texts)
        flagged = [i for i, sc in enumerate(scores) if model.is_offensive(sc) or model.is_hate(sc)]
        mild = [i for i in flagged if MILD.search(texts[i])]
        without = dict(zip(mild, model.score([MILD.sub("", texts[i]) for i in mild]),
                           strict=True)) if mild else {}
        # Obscenities and put-downs the vocabularies already find are the explanation;
        # only texts without one pay for occlusion (one model input per content word).
        reasons: dict[int, list[tuple[int, int, float]]] = {}
        for i in flagged:
            hits = OBSCENITIES.find(texts[i]) or PUT_DOWNS.find(texts[i])
            if hits:
                reasons[i] = [(h.start, h.end, 1.0) for h in hits[:4]]
        unexplained = [i for i in flagged if i not in reasons]
        if unexplained:
            reasons.update(zip(unexplained, explain_many(
                model, [texts[i] for i in unexplained], [scores[i] for i in unexplained]),
                strict=True))
        out: list[list[Evidence]] = []
        for i, (text, score) in enumerate(zip(texts, scores, strict=True)):
            found: list[Evidence] = []
            for kind, value, threshold, head in (
                ("model.offensive", score.offensive, model.thresholds["offensive"], "offensive"),
                ("model.hate", score.hate, model.thresholds["hate"], "hate"),
            ):
                if value < threshold:
                    continue
                words = reasons[i]
                start, end = (words[0][0], words[0][1]) if words else (0, len(text))
                attrs: dict[str, object] = {"threshold": threshold,
                                            "words": [[s, e, w] for s, e, w in words]}
                if i in without:
                    attrs["without_mild"] = round(getattr(without[i], head), 4)
                parts = ""
                if (head == "offensive" and score.offensive_model is not None
                        and score.profanity_check is not None):
                    attrs["parts"] = {"model": round(score.offensive_model, 4),
                                      "alt-profanity-check": round(score.profanity_check, 4)}
                    parts = (f"; model {score.offensive_model:.2f}, "
                             f"alt-profanity-check {score.profanity_check:.2f}")
                found.append(Evidence(
                    kind, start, end, text[start:end], value,
                    f"the abuse model scores this {value:.2f} {head} "
                    f"(threshold {threshold:.2f}{parts}), driven by: "
                    + ", ".join(repr(text[s:e]) for s, e, _ in words),
                    attrs,
                ))
            out.append(found)
        return out
