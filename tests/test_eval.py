"""Evaluation helpers: scoring definitions, the benchmark metric and the bench corpus."""

from __future__ import annotations

from socialguard.eval.bench import corpus
from socialguard.eval.benchmarks import macro_f1
from socialguard.eval.scoring import score


def test_scoring_follows_score_py_definitions() -> None:
    labelled = [
        {"id": "1", "expect": ["conduct.abusive"]},
        {"id": "2", "expect": []},
        {"id": "3", "expect": []},
        {"id": "4", "expect": ["triage.foi-request"], "expect_due": "2026-12-23"},
    ]
    verdicts = {
        "1": {"findings": [{"rule": "conduct.abusive", "severity": "block"}]},
        "2": {"findings": [{"rule": "conduct.inflammatory", "severity": "advise"}]},
        "3": {"findings": [{"rule": "identity.logo", "severity": "block"}]},
        "4": {"labels": ["triage.foi-request"],
              "routes": [{"label": "triage.foi-request", "due": "2026-12-23"}]},
    }
    report = score(labelled, verdicts).as_dict()
    # An unexpected advise is not a false positive; a block on a clean item is a false alarm.
    assert report["clean_false_alarm_rate"] == 0.5
    assert report["foi_due_accuracy"] == 1.0
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["identity.logo"]["fp"] == 1 and "conduct.inflammatory" not in rules
    assert report["macro_f1"] == 1.0  # only rules some item expects are averaged


def test_missing_verdicts_count_as_misses() -> None:
    report = score([{"id": "x", "expect": ["conduct.sexual"]}], {}).as_dict()
    assert report["missing"] == 1 and report["rules"][0]["fn"] == 1


def test_macro_f1() -> None:
    assert macro_f1([0, 1, 1, 0], [0, 1, 1, 0]) == 1.0
    assert round(macro_f1([0, 0, 1, 1], [0, 1, 1, 1]), 3) == round((2 / 3 + 0.8) / 2, 3)


def test_bench_corpus_is_reproducible_and_tweet_length() -> None:
    first, again = corpus(300), corpus(300)
    assert first == again and len(set(first)) > 200
    assert max(map(len, first)) <= 280 and 100 <= sum(map(len, first)) / 300 <= 200
