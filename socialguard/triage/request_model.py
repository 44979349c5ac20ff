"""Whether a message asks for, or names, organisational recorded information.

A logistic regression on the sentence embedding the shared encoder already
computed for the abuse and intent detectors (one dot product per message, no
second model pass). It was trained by ``scripts/train_records_request.py`` on
half of the WhatDoTheyKnow FOI request titles (positives: "Adoption services",
"Number of children in care 2019") against tweets and everyday messages to an
NHS account (negatives); ``models/records_request/meta.json`` records the data,
the split seed, the threshold chosen on validation and the measured figures.

It yields evidence ``intent.records_model`` (score = probability); the triage
labels weigh it with the vocabulary cues, so a bare topic title can count as a
request for information while a service question or a comment does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from socialguard.detectors.base import Evidence

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "records_request"
KIND = "intent.records_model"
DEFAULT_SPLIT_SEED = 20251125


@dataclass(frozen=True)
class RecordsRequestModel:
    weights: npt.NDArray[np.float32]  # (384,)
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict, repr=False)

    def probabilities(self, embeddings: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """P(records request) for each row of an (n x 384) embedding matrix."""
        logits = np.asarray(embeddings, dtype=np.float32) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-logits.astype(np.float64))))

    def evidence(self, text: str, probability: float) -> Evidence | None:
        if probability < self.threshold or not text.strip():
            return None
        return Evidence(
            KIND,
            0,
            len(text),
            text,
            round(probability, 3),
            "reads like a request for recorded information (records model "
            f"P={probability:.2f} ≥ {self.threshold:.2f})",
            {"threshold": self.threshold},
        )


def load(model_dir: Path = MODEL_DIR) -> RecordsRequestModel:
    meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    with np.load(model_dir / "weights.npz") as data:
        weights = np.asarray(data["weights"], dtype=np.float32).reshape(-1)
        bias = float(np.asarray(data["bias"]).reshape(-1)[0])
    if weights.shape != (int(meta.get("dim", 384)),):
        raise ValueError(f"{model_dir / 'weights.npz'}: weights of shape {weights.shape}")
    return RecordsRequestModel(weights, bias, float(meta["threshold"]), meta)


@cache
def load_records_model() -> RecordsRequestModel | None:
    """The shipped model, or None when its files are missing."""
    if not (MODEL_DIR / "weights.npz").exists():
        return None
    return load()


def split_seed() -> int:
    """The seed of the FOI-title split the shipped model was trained on."""
    path = MODEL_DIR / "meta.json"
    if path.exists():
        meta = json.loads(path.read_text(encoding="utf-8"))
        return int(meta.get("split", {}).get("seed", DEFAULT_SPLIT_SEED))
    return DEFAULT_SPLIT_SEED
