"""Choosing a head's threshold on validation rows, and the figures reported for it."""

from __future__ import annotations

import numpy as np


def best_f1_threshold(p: np.ndarray, y: np.ndarray, beta: float = 1.0) -> tuple[float, float]:
    """The threshold with the best F-beta (F1 by default; beta 2 weighs recall four times
    as much as precision) and that score."""
    best = (0.5, -1.0)
    b2 = beta * beta
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum())
        fn = float((~pred & (y == 1)).sum())
        score = (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp) if tp else 0.0
        if score > best[1] + 1e-9:
            best = (round(float(t), 2), score)
    return best


def recall_threshold(p: np.ndarray, y: np.ndarray, recall: float) -> float:
    """The highest threshold whose recall on ``y`` is at least ``recall``."""
    for t in np.arange(0.95, 0.019, -0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        if tp / max(1.0, float((y == 1).sum())) >= recall:
            return round(float(t), 2)
    return 0.02


def figures(p: np.ndarray, y: np.ndarray, t: float) -> dict[str, float]:
    pred = p >= t
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"positives": int((y == 1).sum()), "negatives": int((y == 0).sum()),
            "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
            "false_alarm_rate": round(fp / max(1, int((y == 0).sum())), 3)}
