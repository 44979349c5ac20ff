"""The records-request model: committed weights load, and only requests for records pass."""

from __future__ import annotations

from socialguard.ml.abuse import load_abuse_model
from socialguard.triage.request_model import KIND, load_records_model


def test_committed_model_loads_with_its_threshold() -> None:
    model = load_records_model()
    assert model is not None
    assert model.weights.shape == (384,)
    assert 0.5 <= model.threshold < 1.0


def test_titles_score_above_chat_and_give_evidence() -> None:
    model = load_records_model()
    assert model is not None
    texts = ["Agency and locum staffing spend 2023/24", "Lovely walk with the dog today 🐕"]
    probs = model.probabilities(load_abuse_model().embed(texts))
    assert probs[0] > model.threshold > probs[1]
    evidence = model.evidence(texts[0], float(probs[0]))
    assert evidence is not None and evidence.kind == KIND and evidence.end == len(texts[0])
    assert model.evidence(texts[1], float(probs[1])) is None
    assert model.evidence("   ", 0.99) is None
