"""Choosing a head's threshold on validation rows, and the figures reported for it."""

from __future__ import annotations

import numpy as np

GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def _fbeta_curves(p: np.ndarray, y: np.ndarray, weights: np.ndarray,
                  beta: float) -> np.ndarray:
    """F-beta at every GRID threshold, one curve per row of ``weights`` (how often each
    validation row counts: ones for the rows as they are, multinomial for a resample)."""
    pred = (p[None, :] >= GRID[:, None]).astype(np.float64)  # grid x rows
    pos = (y == 1).astype(np.float64)
    tp = (weights * pos) @ pred.T  # curves x grid
    fp = (weights * (1.0 - pos)) @ pred.T
    fn = (weights * pos).sum(axis=1, keepdims=True) - tp
    b2 = beta * beta
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tp > 0, (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp), 0.0)


def best_f1_threshold(p: np.ndarray, y: np.ndarray, beta: float = 1.0) -> tuple[float, float]:
    """The threshold with the best F-beta (F1 by default; beta 2 weighs recall four times
    as much as precision) and that score; the lowest such threshold on a tie."""
    curve = _fbeta_curves(p, y, np.ones((1, len(y))), beta)[0]
    best = int(curve.argmax())
    return float(GRID[best]), float(curve[best])


def stable_threshold(p: np.ndarray, y: np.ndarray, beta: float = 1.0, rounds: int = 200,
                     seed: int = 20261208) -> float:
    """The median, over ``rounds`` bootstrap resamples of the validation rows, of each
    resample's best-F-beta threshold.

    A head's F1 curve is often flat over a wide range, and its single best point then
    moves with a handful of rows: the round-4 refit moved confidential.patient's from
    0.56 to 0.26 and conduct.abusive's from 0.37 to 0.66 with little change in the best
    F1 itself. The median of the resamples' choices sits in the middle of the plateau
    and moves only when the curve does."""
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(y), np.full(len(y), 1.0 / len(y)), size=rounds)
    curves = _fbeta_curves(p, y, weights.astype(np.float64), beta)
    return round(float(np.median(GRID[curves.argmax(axis=1)])), 2)


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
