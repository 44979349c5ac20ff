"""Analysis: the rules' questions about one text's evidence, by kind and kind prefix."""

from __future__ import annotations

from socialguard.detectors.base import Analysis, Evidence


def _ev(kind: str, score: float = 1.0) -> Evidence:
    return Evidence(kind, 0, 1, "x", score)


ANALYSIS = Analysis((_ev("intent.grievance", 0.7), _ev("pii.person"),
                    _ev("intent.danger", 0.9), _ev("intentional")))


def test_a_kind_prefix_finds_its_sub_kinds_in_order() -> None:
    assert [e.kind for e in ANALYSIS.of("intent")] == ["intent.grievance", "intent.danger"]


def test_a_prefix_must_end_at_a_dot() -> None:
    assert [e.kind for e in ANALYSIS.of("intentional")] == ["intentional"]
    assert ANALYSIS.of("intent.gri") == []
    assert not ANALYSIS.has("pii.per")


def test_several_kinds_keep_the_evidence_order() -> None:
    kinds = [e.kind for e in ANALYSIS.of("intent.danger", "pii")]
    assert kinds == ["pii.person", "intent.danger"]


def test_best_and_score() -> None:
    best = ANALYSIS.best("intent")
    assert best is not None and best.kind == "intent.danger"
    assert ANALYSIS.score("intent.grievance") == 0.7
    assert ANALYSIS.score("model") == 0.0 and not ANALYSIS.has("model")
