"""Evaluation helpers: scoring definitions, the benchmark metric and the bench corpus."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from socialguard.eval.bench import corpus, measure
from socialguard.eval.benchmarks import ANY_CONDUCT_BLOCK, _counts, macro_f1
from socialguard.eval.scoring import score
from socialguard.verdict import Finding, Severity


def test_scoring_follows_score_py_definitions() -> None:
    labelled = [
        {"id": "1", "expect": ["conduct.abusive"]},
        {"id": "2", "expect": []},
        {"id": "3", "expect": []},
        {"id": "4", "expect": ["triage.foi-request"], "expect_due": "2026-12-24"},
    ]
    verdicts = {
        "1": {"findings": [{"rule": "conduct.abusive", "severity": "block"}]},
        "2": {"findings": [{"rule": "conduct.inflammatory", "severity": "advise"}]},
        "3": {"findings": [{"rule": "identity.logo", "severity": "block"}]},
        "4": {"labels": ["triage.foi-request"],
              "routes": [{"label": "triage.foi-request", "due": "2026-12-24"}]},
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


def test_any_conduct_block_counts_only_blocking_conduct_findings() -> None:
    def finding(rule: str, severity: Severity) -> Finding:
        return Finding(rule=rule, severity=severity, section="6.2", title="t", message="m")

    assert _counts(finding("conduct.colleagues", Severity.BLOCK), ANY_CONDUCT_BLOCK)
    assert not _counts(finding("conduct.inflammatory", Severity.ADVISE), ANY_CONDUCT_BLOCK)
    assert not _counts(finding("confidential.patient", Severity.BLOCK), ANY_CONDUCT_BLOCK)
    assert _counts(finding("conduct.abusive", Severity.BLOCK), "conduct.abusive")
    assert not _counts(finding("conduct.sexual", Severity.BLOCK), "conduct.abusive")


def test_macro_f1() -> None:
    assert macro_f1([0, 1, 1, 0], [0, 1, 1, 0]) == 1.0
    assert round(macro_f1([0, 0, 1, 1], [0, 1, 1, 1]), 3) == round((2 / 3 + 0.8) / 2, 3)


def test_bench_corpus_is_reproducible_and_tweet_length() -> None:
    first, again = corpus(300), corpus(300)
    assert first == again and len(set(first)) > 200
    assert max(map(len, first)) <= 280 and 100 <= sum(map(len, first)) / 300 <= 200


def test_bench_interleaves_systems_so_both_meet_the_same_machine() -> None:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def runner(name: str) -> Callable[[Sequence[str]], None]:
        return lambda texts: calls.append((name, tuple(texts)))

    texts = corpus(100)
    results = measure([("a", runner("a")), ("b", runner("b"))], texts,
                      batch_size=10, single=20, rounds=5)
    assert [r["system"] for r in results] == ["a", "b"]
    assert all(r["posts_per_s"] > 0 and r["p50_ms"] <= r["p95_ms"] <= r["max_ms"]
               for r in results)
    batched = calls[2:2 + 20]  # after one warm-up call each: 5 slices x 2 systems x 2 batches
    for name in ("a", "b"):
        seen = [t for n, batch in batched if n == name for t in batch]
        assert seen == texts  # every post once, in order, in batches of 10
    # Slice order alternates: a then b, then b then a, ...
    firsts = [batched[i][0] for i in range(0, 20, 4)]
    assert firsts == ["a", "b", "a", "b", "a"]
    singles = calls[22:]
    assert [n for n, _ in singles[:4]] == ["a", "b", "b", "a"]
    assert all(len(batch) == 1 for _, batch in singles) and len(singles) == 40


def test_bench_times_a_batches_only_system_without_single_posts() -> None:
    calls: list[tuple[str, int]] = []

    def runner(name: str) -> Callable[[Sequence[str]], None]:
        return lambda texts: calls.append((name, len(texts)))

    results = measure([("a", runner("a")), ("pool", runner("pool"), False)], corpus(40),
                      batch_size=10, single=20, rounds=2)
    assert results[1]["posts_per_s"] > 0 and results[1]["p95_ms"] is None
    assert results[0]["p95_ms"] is not None
    assert ("pool", 1) not in calls and calls.count(("a", 1)) == 20


class _StreamingRunner:
    """A stand-in for PoolRunner: takes batches without finishing them, works elsewhere."""

    in_process = False

    def __init__(self) -> None:
        self.queued: list[int] = []
        self.done: list[int] = []

    def __call__(self, texts: Sequence[str]) -> None:
        self.queued.append(len(texts))

    def flush(self) -> None:
        self.done += self.queued
        self.queued = []


def test_bench_waits_for_a_streaming_system_and_counts_cpu_only_in_process() -> None:
    def busy(texts: Sequence[str]) -> None:
        sum(i * i for i in range(20_000 * len(texts)))  # real CPU work to be counted

    stream = _StreamingRunner()
    results = measure([("busy", busy), ("stream", stream, False)], corpus(40),
                      batch_size=10, single=5, rounds=2)
    # Every timed slice ends with the stream drained: nothing is left in flight.
    assert stream.queued == [] and sum(stream.done) == 10 + 40
    assert results[0]["cpu_ms_per_post"] > 0
    assert results[1]["cpu_ms_per_post"] is None  # its CPU is spent in other processes


def test_the_presidio_baseline_runs_from_the_product_install() -> None:
    # issue 15, item 7: `socialguard bench` skipped its baseline after the README's install
    # (the spaCy model was an extra, and Presidio then tried to download it).
    from socialguard.eval.bench import presidio_runner

    found = presidio_runner()(["Please ring Jo Bloggs on 07700 900123 about the rota."])
    assert ("PERSON", 12, 21) in {(r.entity_type, r.start, r.end) for r in found[0]}
