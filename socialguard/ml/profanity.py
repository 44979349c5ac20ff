"""A second opinion on offensive language: alt-profanity-check's linear model.

Our MiniLM head learned "offensive" from 12k tweets (OLID); alt-profanity-check is a
linear SVM on word unigrams trained on other data (200k labelled comments), so its
mistakes are different ones. Averaged with the head, with the weight and threshold
chosen on TweetEval validation (``scripts/choose_abuse_blend.py``), the two beat
either alone; ``models/abuse/meta.json`` records the figures. The package ships its
model, so nothing is fetched; it loads on first use (about 0.3 s).

The package's own ``predict_prob`` runs a TF-IDF transform and five calibrated
classifiers through scikit-learn's input checks and costs about 4.5 ms a call whatever
the batch size (more than the rest of a tweet's check, and it holds the GIL the other
detectors' threads need). Read off the fitted objects once — the vectorizer's own
analyzer, vocabulary and idf weights, the five linear models and their sigmoid
calibrations — the same arithmetic costs about 0.03 ms; ``tests/test_ml_abuse.py``
holds the result equal to ``predict_prob``'s (1e-6, float32 rounding).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np


@dataclass(frozen=True)
class _Calibrated:
    analyzer: Callable[[str], list[str]]  # the fitted TfidfVectorizer's tokenizer
    vocabulary: dict[str, int]
    idf: np.ndarray  # (features,)
    coef: np.ndarray  # (features, k): one column per calibrated LinearSVC
    intercept: np.ndarray  # (k,)
    a: np.ndarray  # (k,) sigmoid calibration: p = 1 / (1 + exp(a * decision + b))
    b: np.ndarray  # (k,)


@cache
def _model() -> _Calibrated:
    from profanity_check import profanity_check as package  # loads the packaged model

    vec, members = package.vectorizer, package.model.calibrated_classifiers_
    if (vec.norm != "l2" or not vec.use_idf or vec.sublinear_tf or vec.binary
            or any(m.method != "sigmoid" or len(m.calibrators) != 1 for m in members)):
        raise RuntimeError("alt-profanity-check's model is not the l2 TF-IDF + binary "
                           "sigmoid-calibrated ensemble this module reads; keep the version "
                           "pinned in pyproject.toml")
    return _Calibrated(
        analyzer=vec.build_analyzer(),
        vocabulary={str(k): int(v) for k, v in vec.vocabulary_.items()},
        idf=np.asarray(vec.idf_, dtype=np.float64),
        coef=np.stack([m.estimator.coef_[0] for m in members], axis=1),
        intercept=np.array([m.estimator.intercept_[0] for m in members]),
        a=np.array([m.calibrators[0].a_ for m in members]),
        b=np.array([m.calibrators[0].b_ for m in members]),
    )


def profanity_probs(texts: Sequence[str]) -> np.ndarray:
    """P(offensive) per text from alt-profanity-check (texts already de-obfuscated)."""
    if not texts:
        return np.zeros(0, dtype=np.float32)
    m = _model()
    decision = np.tile(m.intercept, (len(texts), 1))
    for row, text in enumerate(texts):
        counts = Counter(m.vocabulary[t] for t in m.analyzer(text) if t in m.vocabulary)
        if counts:
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tfidf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            tfidf *= m.idf[columns]
            decision[row] += (tfidf / np.linalg.norm(tfidf)) @ m.coef[columns]
    calibrated = 1.0 / (1.0 + np.exp(m.a * decision + m.b))
    return np.asarray(calibrated.mean(axis=1), dtype=np.float32)
