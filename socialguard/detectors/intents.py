"""Intents recognised by meaning: a text's sentence embedding against the pack's
example sentences for each intent (grievance, whistleblowing, FOI-style
requests, danger...). Similarity at or above the intent's threshold becomes
evidence ``intent.<name>``; the rules weigh it with the vocabulary cues and
the submission's context, so a paraphrase the vocabularies miss still counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from socialguard.detectors.base import Evidence
from socialguard.detectors.encoder import shared_encoder
from socialguard.triage.request_model import load_records_model

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


class IntentDetector:
    name: ClassVar[str] = "intents"
    scope: ClassVar[str] = "all"
    lane: ClassVar[str] = "model"  # after the abuse detector, whose model pass it reuses

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        if not texts or not pack.intents:
            return [[] for _ in texts]
        encoder = shared_encoder()
        _, embeddings = encoder.run(texts)
        records = load_records_model()
        asks = records.probabilities(embeddings) if records is not None else None
        key = tuple((name, i.threshold, tuple(i.prototypes)) for name, i in pack.intents.items())
        names, thresholds, centres = _prototypes(key)
        out: list[list[Evidence]] = []
        for i, (text, vector) in enumerate(zip(texts, embeddings, strict=True)):
            found = []
            if text.strip():
                for name, threshold, protos in zip(names, thresholds, centres, strict=True):
                    similarity = float(np.max(protos @ vector))
                    if similarity >= threshold:
                        found.append(Evidence(
                            f"intent.{name}", 0, len(text), text, round(similarity, 3),
                            f"reads like the pack's '{name}' examples "
                            f"(similarity {similarity:.2f} ≥ {threshold:.2f})",
                            {"threshold": threshold}))
                # The records-request model reads the same embedding (one dot product).
                if records is not None and asks is not None:
                    ask = records.evidence(text, float(asks[i]))
                    if ask is not None:
                        found.append(ask)
            out.append(found)
        return out


IntentKey = tuple[tuple[str, float, tuple[str, ...]], ...]


@cache
def _prototypes(intents: IntentKey) -> tuple[list[str], list[float], list[Any]]:
    """Embed each intent's example sentences once per pack."""
    encoder = shared_encoder()
    names, thresholds, centres = [], [], []
    for name, threshold, prototypes in intents:
        _, vectors = encoder.model.score_and_embed(list(prototypes))
        names.append(name)
        thresholds.append(threshold)
        centres.append(np.asarray(vectors))
    return names, thresholds, centres
