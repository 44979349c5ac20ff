"""Offensive and hateful language as the encoder's TweetEval-trained heads score it:
evidence ``model.offensive`` (blended with alt-profanity-check) and ``model.hate``.

These are the scores the public benchmarks measure (``socialguard eval --benchmarks``);
the policy's own judgment of abuse, with the words that drove it, is the judgment
model's (``meaning.conduct.*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.encoder import shared_encoder

if TYPE_CHECKING:
    from socialguard.ml.abuse import AbuseModel
    from socialguard.policy.schema import PolicyPack


class AbuseModelDetector:
    name: ClassVar[str] = "abuse_model"
    scope: ClassVar[str] = "all"
    lane: ClassVar[str] = "model"
    produces: ClassVar[tuple[str, ...]] = ("model.offensive", "model.hate")

    def __init__(self, model: AbuseModel | None = None) -> None:
        self._model = model

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        if not texts:
            return []
        if self._model is None:
            encoder = shared_encoder()  # the same pass also feeds the intent detector
            model, scores = encoder.model, encoder.run(texts).scores
        else:
            model, scores = self._model, self._model.score(texts)
        out: list[list[Evidence]] = []
        for text, score in zip(texts, scores, strict=True):
            found: list[Evidence] = []
            for kind, value, threshold, head in (
                ("model.offensive", score.offensive, model.thresholds["offensive"], "offensive"),
                ("model.hate", score.hate, model.thresholds["hate"], "hate"),
            ):
                if value < threshold:
                    continue
                start, end = 0, len(text)
                attrs: dict[str, object] = {"threshold": threshold}
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
                    f"(threshold {threshold:.2f}{parts})",
                    attrs,
                ))
            out.append(found)
        return out
