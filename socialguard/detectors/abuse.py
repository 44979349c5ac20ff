"""Offensive and hateful language scored by the project's trained model.

The vocabularies in ``conduct.py`` catch the obvious; the model catches new
wording. Only texts past a threshold are explained (occlusion costs one batch
per text), and the explanation's words become the finding's spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from socialguard.detectors.base import Evidence
from socialguard.detectors.encoder import shared_encoder

if TYPE_CHECKING:
    from socialguard.ml.abuse import AbuseModel
    from socialguard.policy.schema import PolicyPack


# Mild words (spec §5: "bloody", "damn") are not abusive by themselves, so a text
# that contains one is also scored without it; the rule sees both scores.
MILD = re.compile(r"\b(?:bloody|damn(?:ed|it)?|dammit|hell|heck|crap(?:py)?|sod|bugger|blimey|"
                  r"flipping|frigging|omg|wtf|pissed|arse)\b", re.IGNORECASE)


class AbuseModelDetector:
    name: ClassVar[str] = "abuse_model"
    scope: ClassVar[str] = "all"

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
        out: list[list[Evidence]] = []
        for i, (text, score) in enumerate(zip(texts, scores, strict=True)):
            found: list[Evidence] = []
            for kind, value, threshold in (
                ("model.offensive", score.offensive, model.thresholds["offensive"]),
                ("model.hate", score.hate, model.thresholds["hate"]),
            ):
                if value < threshold:
                    continue
                target: Literal["offensive", "hate"] = (
                    "offensive" if kind == "model.offensive" else "hate"
                )
                words = model.explain(text, target=target)[:4]
                start, end = (words[0][0], words[0][1]) if words else (0, len(text))
                attrs: dict[str, object] = {"threshold": threshold,
                                            "words": [[s, e, w] for s, e, w in words]}
                if i in without:
                    attrs["without_mild"] = round(getattr(without[i], target), 4)
                found.append(Evidence(
                    kind, start, end, text[start:end], value,
                    f"the abuse model scores this {value:.2f} {target} "
                    f"(threshold {threshold:.2f}), driven by: "
                    + ", ".join(repr(text[s:e]) for s, e, _ in words),
                    attrs,
                ))
            out.append(found)
        return out
