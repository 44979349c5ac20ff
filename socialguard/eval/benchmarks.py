"""``socialguard eval --benchmarks``: SocialGuard beside public baselines, same data, one run.

* TweetEval offensive and hate **test** splits, macro-F1, two ways: the abuse
  detector itself (the trained model at the thresholds chosen on validation —
  comparable with the data set's own label definition), and the policy rule
  built on it: whether the full engine raises ``conduct.abusive`` (offensive)
  or ``conduct.discriminatory`` (hate) on the tweet posted in a personal
  capacity. The rule departs from the data set's definition on purpose (mild
  swearing, indecency and put-downs of colleagues are judged by other rules,
  spec §5). The baseline is alt-profanity-check alone at its default threshold
  (it is also 0.4 of the detector's offensive score, ``socialguard.ml.profanity``).
* presidio-synth and broad-twitter-corpus test: ``pii_benchmarks`` (our
  personal-data detector against Presidio's defaults on spaCy small).
* WhatDoTheyKnow FOI request titles: recall of ``triage.foi-request`` when a
  title arrives as a message from a named requester, on the held-out half of
  the titles only (the other half trained the records-request model).
* The labelled examples: the per-rule table of ``socialguard eval``.

Nothing here is tuned on a test split: thresholds come from validation data
in the training scripts.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from socialguard.eval.pii_benchmarks import shared_datasets
from socialguard.verdict import Finding, Severity


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    scores = []
    for label in (0, 1):
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores)


def tweeteval(task: str, split: str = "test") -> tuple[list[str], list[int]]:
    folder = shared_datasets() / "tweeteval" / task
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [int(x) for x in (folder / f"{split}_labels.txt").read_text().split()]
    return texts, labels


def socialguard_flags(texts: Sequence[str], rule: str) -> list[int]:
    from socialguard.engine import check_many
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    pack = load_pack()
    subs = [
        Submission.model_validate({"text": t, "author": {"identifiable_as_staff": False}})
        for t in texts
    ]
    out = []
    for i in range(0, len(subs), 128):
        for v in check_many(subs[i : i + 128], pack):
            out.append(int(any(_counts(f, rule) for f in v.findings)))
    return out


ANY_CONDUCT_BLOCK = "any conduct.* block"


def _counts(finding: Finding, rule: str) -> bool:
    """``rule`` is a rule id, or ANY_CONDUCT_BLOCK: a finding of any conduct rule whose
    severity is block (the policy's own reading of "offensive")."""
    if rule == ANY_CONDUCT_BLOCK:
        return finding.rule.startswith("conduct.") and finding.severity == Severity.BLOCK
    return finding.rule == rule


def detector_flags(texts: Sequence[str], head: str) -> list[int]:
    from socialguard.ml.abuse import load_abuse_model

    model = load_abuse_model()
    threshold = model.thresholds[head]
    return [int(getattr(s, head) >= threshold) for s in model.score(texts)]


def profanity_check_flags(texts: Sequence[str]) -> list[int]:
    from profanity_check import predict  # a runtime dependency: part of the blend

    return [int(x) for x in predict(list(texts))]


def classification_table(split: str = "test") -> list[dict[str, Any]]:
    """``split="val"`` gives the development figures that choices are made on."""
    rows: list[dict[str, Any]] = []
    for task, rule in (("offensive", "conduct.abusive"), ("hate", "conduct.discriminatory")):
        texts, gold = tweeteval(task, split)
        base = round(macro_f1(gold, profanity_check_flags(texts)), 3)
        head = "offensive" if task == "offensive" else "hate"
        systems = [("abuse detector", detector_flags(texts, head)),
                   (f"{rule} rule", socialguard_flags(texts, rule))]
        if task == "offensive":
            systems.append((ANY_CONDUCT_BLOCK, socialguard_flags(texts, ANY_CONDUCT_BLOCK)))
        for system, flags in systems:
            rows.append({"benchmark": f"TweetEval {task} {split} ({len(texts)}): {system}",
                         "metric": "macro-F1",
                         # validation figures compare close choices, so one digit more
                         "socialguard": round(macro_f1(gold, flags), 3 if split == "test" else 4),
                         "alt-profanity-check": base})
    return rows


def foi_titles() -> list[str]:
    path = shared_datasets() / "foi-wdtk-titles" / "foi_csc_requests_summary.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            row["Request Title"].strip()
            for row in csv.DictReader(fh)
            if row.get("Request Title", "").strip()
        ]


# The FOI titles' split: the judgment model trains on one half (training/public.py) and
# the benchmark reports recall on the other.
FOI_SPLIT_SEED = 20251125


def foi_title_key(title: str) -> str:
    """A title's words only (lower case, no digits or punctuation): "Foster care allowances
    2023/24" and "foster care allowances 2024-25" share a key and so a side of the split."""
    return " ".join(re.sub(r"[^a-z]+", " ", title.lower()).split())


def foi_split(titles: Sequence[str], seed: int | None = None) -> tuple[list[int], list[int]]:
    """Row indices ``(train, held_out)`` of the FOI titles, about half the rows each.

    Rows are grouped by :func:`foi_title_key` (the 5,462 rows hold only about 1,060
    distinct titles, one of them 470 times), the groups are shuffled with ``seed``
    and each goes to the training half while it still fits there, else to the
    held-out half; so no title, nor a copy of it with another year, is on both
    sides. ``seed`` defaults to ``FOI_SPLIT_SEED``, so the held-out half is the half
    the judgment model never saw.
    """
    if seed is None:
        seed = FOI_SPLIT_SEED
    groups: dict[str, list[int]] = {}
    for i, title in enumerate(titles):
        groups.setdefault(foi_title_key(title), []).append(i)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    half = len(titles) / 2
    train: list[int] = []
    held_out: list[int] = []
    for key in keys:
        (train if len(train) + len(groups[key]) <= half else held_out).extend(groups[key])
    return sorted(train), sorted(held_out)


def foi_recall(titles: Sequence[str] | None = None) -> dict[str, Any]:
    """Recall of ``triage.foi-request`` on FOI request titles sent as messages from a
    named requester ("Alex Morgan", official account).

    By default only the HELD-OUT half of the WhatDoTheyKnow titles is scored
    (:func:`foi_split`): the other half trained the judgment model's records-request
    head (training/public.py), so scoring it would flatter the figure. ``recall`` counts
    rows (a title asked of many authorities counts each time, as in the data set);
    ``unique_recall`` counts distinct titles.
    Passing ``titles`` scores exactly those.
    """
    from socialguard.engine import check_many
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    split = "given titles"
    if titles is None:
        every = foi_titles()
        _, held_out = foi_split(every)
        titles = [every[i] for i in held_out]
        split = f"held-out half of {len(every)} rows (grouped by title, seed {FOI_SPLIT_SEED})"
    titles = list(titles)
    pack = load_pack()
    unique = list(dict.fromkeys(titles))
    hits: dict[str, bool] = {}
    for i in range(0, len(unique), 256):
        subs = [
            Submission.model_validate(
                {
                    "text": t,
                    "kind": "message",
                    "capacity": "official",
                    "author": {"identifiable_as_staff": False, "name": "Alex Morgan"},
                    "received_at": "2026-11-25T10:00:00Z",
                }
            )
            for t in unique[i : i + 256]
        ]
        for t, v in zip(unique[i : i + 256], check_many(subs, pack), strict=True):
            hits[t] = "triage.foi-request" in v.labels
    found = sum(hits[t] for t in titles)
    return {
        "titles": len(titles),
        "recall": round(found / len(titles), 3) if titles else None,
        "unique_titles": len(unique),
        "unique_recall": round(sum(hits.values()) / len(unique), 3) if unique else None,
        "split": split,
    }


def examples_tables(paths: Sequence[Path]) -> dict[str, dict[str, Any]]:
    import json

    from socialguard.batch import verdict_lines
    from socialguard.eval.scoring import score
    from socialguard.policy import load_pack

    pack = load_pack()
    out = {}
    for path in paths:
        items = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        with path.open("rb") as fh:
            verdicts = {str(v.get("id")): v for v in verdict_lines(fh, pack, base_dir=path.parent)}
        out[str(path)] = score(items, verdicts).as_dict()
    return out


def run_benchmarks(
    examples: Sequence[Path],
    *,
    baseline: bool = True,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    from socialguard.eval.pii_benchmarks import run_all

    progress("TweetEval offensive and hate")
    report: dict[str, Any] = {"classification": classification_table()}
    progress("presidio-synth and broad-twitter-corpus")
    report["pii"] = run_all(include_baseline=baseline)
    progress("FOI request titles")
    report["foi_titles"] = foi_recall()
    progress("labelled examples")
    report["examples"] = examples_tables(examples)
    return report


def format_benchmarks(report: dict[str, Any]) -> str:
    lines = [f"{'benchmark':60} {'metric':10} {'SocialGuard':>12} {'baseline':>22}"]
    for row in report["classification"]:
        lines.append(
            f"{row['benchmark']:60} {row['metric']:10} {row['socialguard']:12.3f} "
            f"{row['alt-profanity-check']:12.3f} (alt-profanity-check)"
        )
    pii = report["pii"]
    ours, base = pii["ours"], pii.get("presidio_sm")
    btc = ours["btc_person"]
    lines.append(
        f"{'broad-twitter-corpus test, person':60} {'P/R/F1':10} "
        f"{btc['precision']:.3f}/{btc['recall']:.3f}/{btc['f1']:.3f}"
        + (f"   {base['btc_person']['f1']:.3f} F1 (Presidio sm)" if base else "")
    )
    for label, scores in ours["synth"].items():
        b = base["synth"].get(label) if base else None
        lines.append(
            f"{'presidio-synth ' + label:60} {'P/R/F2':10} "
            f"{scores['precision']:.3f}/{scores['recall']:.3f}/{scores['f2']:.3f}"
            + (
                f"   {b['precision']:.3f}/{b['recall']:.3f}/{b['f2']:.3f} (Presidio sm)"
                if b
                else ""
            )
        )
    foi = report["foi_titles"]
    lines.append(
        f"{'FOI request titles, held out (' + str(foi['titles']) + ')':60} {'recall':10} "
        f"{foi['recall']:12.3f}   {foi['unique_recall']:.3f} of {foi['unique_titles']} distinct"
    )
    for path, summary in report["examples"].items():
        lines.append(
            f"{path:60} {'macro-F1':10} {summary['macro_f1']:12.3f}   clean false "
            f"alarms {summary['clean_false_alarm_rate']}, FOI due "
            f"{summary['foi_due_accuracy']}"
        )
    return "\n".join(lines)
