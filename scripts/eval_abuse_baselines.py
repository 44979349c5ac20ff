"""Test-set figures for the committed abuse model versus alt-profanity-check, plus speed.

Prints TweetEval offensive/hate test macro-F1 (our thresholds come from meta.json, chosen
on validation), the alt-profanity-check baseline at its default 0.5 cut-off and at a cut-off
tuned on TweetEval validation, the held-out identity-term / polite-criticism check list from
``tests/test_ml_abuse.py``, and batched / single-text throughput with onnxruntime.

"ours" is the offensive score the product uses (the head blended with alt-profanity-check).

Usage::

    .venv/bin/python scripts/eval_abuse_baselines.py [--no-baseline] [--no-speed]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from socialguard.ml.abuse import AbuseModel, load_abuse_model  # noqa: E402

TWEETEVAL = Path("/work/shared/datasets/tweeteval")


def read_split(task: str, split: str) -> tuple[list[str], np.ndarray]:
    base = TWEETEVAL / task
    texts = (base / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = np.array([int(x) for x in (base / f"{split}_labels.txt").read_text().split()])
    return texts, labels


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for cls in (0, 1):
        tp = float(np.sum((pred == cls) & (y == cls)))
        fp = float(np.sum((pred == cls) & (y != cls)))
        fn = float(np.sum((pred != cls) & (y == cls)))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def tuned_threshold(y: np.ndarray, p: np.ndarray) -> float:
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    return float(grid[int(np.argmax([macro_f1(y, (p >= t).astype(int)) for t in grid]))])


def ours(model: AbuseModel) -> None:
    for task in ("offensive", "hate"):
        texts, y = read_split(task, "test")
        scores = model.score(texts)
        p = np.array([getattr(s, task) for s in scores])
        thr = model.thresholds[task]
        print(
            f"ours  {task:9s} test macro-F1 {macro_f1(y, (p >= thr).astype(int)):.4f} "
            f"(threshold {thr} from val; at 0.5: {macro_f1(y, (p >= 0.5).astype(int)):.4f})"
        )


def baseline() -> None:
    from profanity_check import predict_prob

    for task in ("offensive", "hate"):
        val_texts, val_y = read_split(task, "val")
        texts, y = read_split(task, "test")
        thr = tuned_threshold(val_y, predict_prob(val_texts))
        p = predict_prob(texts)
        print(
            f"alt-profanity-check {task:9s} test macro-F1 at 0.5 "
            f"{macro_f1(y, (p >= 0.5).astype(int)):.4f}, at val-tuned {thr} "
            f"{macro_f1(y, (p >= thr).astype(int)):.4f}"
        )


def checklist(model: AbuseModel) -> None:
    from tests.test_ml_abuse import NEUTRAL_IDENTITY, OBFUSCATED, POLITE_CRITICISM

    groups: dict[str, Sequence[str]] = {
        "neutral identity": NEUTRAL_IDENTITY,
        "polite criticism": POLITE_CRITICISM,
        "obfuscated abuse": OBFUSCATED,
    }
    for name, texts in groups.items():
        scores = model.score(texts)
        flagged = [
            (t, round(s.offensive, 3), round(s.hate, 3))
            for t, s in zip(texts, scores, strict=True)
            if model.is_offensive(s) or model.is_hate(s)
        ]
        print(
            f"{name}: {len(flagged)}/{len(texts)} flagged; "
            f"max offensive {max(s.offensive for s in scores):.3f}, "
            f"max hate {max(s.hate for s in scores):.3f}"
        )
        for row in flagged:
            print("   ", row)


def speed(model: AbuseModel) -> None:
    texts, _ = read_split("offensive", "test")
    model.score(texts[:64])  # warm-up
    t0 = time.perf_counter()
    for _ in range(2):
        model.score(texts)
    rate = 2 * len(texts) / (time.perf_counter() - t0)
    lat = []
    for text in texts[:300]:
        t1 = time.perf_counter()
        model.score([text])
        lat.append(time.perf_counter() - t1)
    p50, p95 = np.percentile(lat, [50, 95]) * 1e3
    print(
        f"speed: {rate:.0f} texts/s batched; single text p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"(intra-op threads from SOCIALGUARD_THREADS, default 2)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    model = load_abuse_model()
    ours(model)
    if not args.no_baseline:
        baseline()
    checklist(model)
    if not args.no_speed:
        speed(model)


if __name__ == "__main__":
    main()
