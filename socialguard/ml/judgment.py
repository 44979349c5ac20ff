"""The judgment heads: one probability per policy question, from the encoder's windows.

Small networks (``models/judgment/heads.npz``: 384 -> hidden ReLU -> one sigmoid per
head; the file may hold several, averaged) read each 64-token window's embedding,
which the shared encoder pass already computed, and a text scores the maximum over
its windows. A second opinion comes from the labelled corpus itself
(``neighbours.npz``: its training rows' embeddings and labels, no text): the nearest
rows vote, and the two are averaged — the vote holds on to wordings the networks
smooth over, such as a goodbye that never says what it means. The heads and
their thresholds were trained and chosen by ``training/train_heads.py`` on the
labelled corpus in ``training/`` (``models/judgment/meta.json`` records the data,
the thresholds and the validation figures). Numpy only: a few thousand
multiply-adds per window.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "judgment"

Matrix = npt.NDArray[np.float32]
Indices = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Member:
    """One small network: 384 -> hidden ReLU -> one logit per head."""

    w1: Matrix
    b1: Matrix
    w2: Matrix
    b2: Matrix

    def probabilities(self, windows: Matrix) -> Matrix:
        hidden = np.maximum(windows @ self.w1 + self.b1, 0.0)
        return np.asarray(1.0 / (1.0 + np.exp(-(hidden @ self.w2 + self.b2))), dtype=np.float32)


@dataclass(frozen=True)
class Stacked:
    """Several members as one wider network (their hidden layers side by side, each
    member's output layer reading only its own part): one pair of matrix products gives
    every member's probabilities, which are averaged."""

    w1: Matrix
    b1: Matrix
    w2: Matrix
    b2: Matrix
    members: int

    @classmethod
    def of(cls, members: Sequence[Member]) -> Stacked:
        hidden = [m.w1.shape[1] for m in members]
        heads = members[0].w2.shape[1]
        w2 = np.zeros((sum(hidden), heads * len(members)), dtype=np.float32)
        row = 0
        for i, (m, size) in enumerate(zip(members, hidden, strict=True)):
            w2[row: row + size, i * heads: (i + 1) * heads] = m.w2
            row += size
        return cls(np.hstack([m.w1 for m in members]), np.concatenate([m.b1 for m in members]),
                   w2, np.concatenate([m.b2 for m in members]), len(members))

    def probabilities(self, windows: Matrix) -> Matrix:
        hidden = np.maximum(windows @ self.w1 + self.b1, 0.0)
        probs = 1.0 / (1.0 + np.exp(-(hidden @ self.w2 + self.b2)))
        return np.asarray(probs.reshape(len(windows), self.members, -1).mean(axis=1),
                          dtype=np.float32)

    def gradients(self, window: Matrix, columns: Sequence[int]) -> tuple[Matrix, Matrix]:
        """For one window embedding: the members' mean probability of each head in
        ``columns`` and its gradient with respect to the embedding, (384 x columns)."""
        pre = window @ self.w1 + self.b1
        hidden = np.maximum(pre, 0.0)
        probs = 1.0 / (1.0 + np.exp(-(hidden @ self.w2 + self.b2)))
        heads = len(probs) // self.members
        cols = [k * heads + c for c in columns for k in range(self.members)]
        slope = (probs[cols] * (1.0 - probs[cols])).reshape(len(columns), self.members)
        # d p_c / d hidden: the members' output weights for head c, each times its slope.
        w2 = self.w2[:, cols].reshape(-1, len(columns), self.members)
        d_hidden = (w2 * slope[None]).mean(axis=2) * (pre > 0)[:, None]
        mean = probs.reshape(self.members, heads).mean(axis=0)[list(columns)]
        return np.asarray(mean, dtype=np.float32), np.asarray(self.w1 @ d_hidden,
                                                              dtype=np.float32)


@dataclass(frozen=True)
class Neighbours:
    """The labelled corpus's training rows as embeddings (never their text): a text's
    nearest rows of its own kind (drafts or inbound messages) vote on each head, weighted
    by similarity. ``labels`` is 1, 0, or -1 where a row says nothing about a head."""

    vectors: Matrix  # (rows x 384), L2-normalised
    labels: npt.NDArray[np.int8]  # (rows x heads)
    inbound: npt.NDArray[np.bool_]  # (rows,): the row is an inbound message
    k: int = 15
    sharpness: float = 10.0  # weight exp(sharpness * cosine): the nearest count most

    def probabilities(self, embedding: Matrix, inbound: bool) -> Matrix:
        """Per head, the weighted share of positive votes among the ``k`` nearest rows
        that label it; NaN where none of them does."""
        vectors, labels = _domain(self, inbound)
        if len(vectors) == 0:
            return np.full(self.labels.shape[1], np.nan, dtype=np.float32)
        sims = vectors @ embedding
        k = min(self.k, len(vectors))
        nearest = np.argpartition(-sims, k - 1)[:k]
        weight = np.exp(self.sharpness * sims[nearest])[:, None]
        labels = labels[nearest]
        known = (weight * (labels >= 0)).sum(axis=0)
        positive = (weight * (labels == 1)).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.where(known > 0, positive / known, np.nan), dtype=np.float32)


_DOMAINS: dict[int, dict[bool, tuple[Matrix, npt.NDArray[np.int8]]]] = {}


def _domain(n: Neighbours, inbound: bool) -> tuple[Matrix, npt.NDArray[np.int8]]:
    """The rows of one kind, split once per loaded index (contiguous, for the product)."""
    split = _DOMAINS.get(id(n))
    if split is None:
        split = {flag: (np.ascontiguousarray(n.vectors[n.inbound == flag]),
                        n.labels[n.inbound == flag]) for flag in (False, True)}
        _DOMAINS[id(n)] = split
    return split[inbound]


@dataclass(frozen=True)
class Heads:
    names: tuple[str, ...]
    thresholds: dict[str, float]
    members: tuple[Member, ...]
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    neighbours: Neighbours | None = None
    stacked: Stacked | None = field(default=None, repr=False)

    def window_probabilities(self, windows: Matrix) -> Matrix:
        """(windows x heads) probabilities for a (windows x 384) matrix: the members'
        mean."""
        if self.stacked is not None:
            return self.stacked.probabilities(windows)
        total = sum(m.probabilities(windows) for m in self.members)
        return np.asarray(total / len(self.members), dtype=np.float32)

    def probabilities(self, per_text: Sequence[Matrix],
                      inbound: bool = False) -> list[tuple[Matrix, Indices]]:
        """For each text: its heads' probabilities and, per head, the window that gave
        the networks' part. The networks' part is the maximum over the text's windows;
        with neighbours, the probability is the mean of that and the nearest labelled
        rows' vote on the whole text's embedding."""
        out: list[tuple[Matrix, Indices]] = []
        for windows in per_text:
            if len(windows) == 0:
                out.append((np.zeros(len(self.names), dtype=np.float32),
                            np.zeros(len(self.names), dtype=np.int64)))
                continue
            matrix = np.asarray(windows, dtype=np.float32)
            probs = self.window_probabilities(matrix)
            best = probs.max(axis=0)
            if self.neighbours is not None:
                total = matrix.sum(axis=0)
                vote = self.neighbours.probabilities(
                    total / max(float(np.linalg.norm(total)), 1e-12), inbound)
                best = np.where(np.isnan(vote), best, (best + vote) / 2).astype(np.float32)
            out.append((best, probs.argmax(axis=0).astype(np.int64)))
        return out

    def index(self, name: str) -> int:
        return self.names.index(name)


def load(model_dir: Path = MODEL_DIR) -> Heads:
    meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    names = tuple(str(n) for n in meta["heads"])
    members = read_members(model_dir / "heads.npz")
    for m in members:
        if m.w2.shape[1] != len(names) or m.w1.shape[0] != 384:
            raise ValueError(f"{model_dir / 'heads.npz'} does not match its meta.json")
    thresholds = {str(k): float(v) for k, v in meta["thresholds"].items()}
    missing = set(names) - set(thresholds)
    if missing:
        raise ValueError(f"{model_dir / 'meta.json'}: no threshold for {sorted(missing)}")
    neighbours = None
    if (model_dir / "neighbours.npz").exists():
        neighbours = read_neighbours(model_dir / "neighbours.npz")
        if neighbours.labels.shape[1] != len(names):
            raise ValueError(f"{model_dir / 'neighbours.npz'} does not match its meta.json")
    return Heads(names, thresholds, members, meta=meta, neighbours=neighbours,
                 stacked=Stacked.of(members))


def read_neighbours(path: Path) -> Neighbours:
    with np.load(path) as data:
        return Neighbours(np.asarray(data["vectors"], dtype=np.float32),
                          np.asarray(data["labels"], dtype=np.int8),
                          np.asarray(data["inbound"], dtype=np.bool_))


def write_neighbours(path: Path, vectors: Matrix, labels: npt.NDArray[np.int8],
                     inbound: npt.NDArray[np.bool_]) -> None:
    np.savez_compressed(path, vectors=vectors.astype(np.float16), labels=labels,
                        inbound=inbound)


PARTS = ("w1", "b1", "w2", "b2")


def read_members(path: Path) -> tuple[Member, ...]:
    """The networks in a heads file: ``w1``..``b2`` for one, ``w1_0``..``b2_0``, ``w1_1``...
    for several."""
    with np.load(path) as data:
        arrays = {k: np.asarray(data[k], dtype=np.float32) for k in data.files}
    if "w1" in arrays:
        return (Member(*(arrays[p] for p in PARTS)),)
    count = len([k for k in arrays if k.startswith("w1_")])
    return tuple(Member(*(arrays[f"{p}_{i}"] for p in PARTS)) for i in range(count))


def write_members(path: Path, members: Sequence[Member]) -> None:
    np.savez_compressed(path, **{f"{p}_{i}": getattr(m, p) for i, m in enumerate(members)
                                 for p in PARTS})


@cache
def load_heads() -> Heads | None:
    """The shipped heads, or None when their files are missing."""
    if not (MODEL_DIR / "heads.npz").exists():
        return None
    return load()
