"""The judgment heads and their explanations, on hand-made weights and token states.

A head that reads one direction of the embedding, and a window whose tokens point that
way only for one word: the explanation must name that word, and taking the word away
must be what lowers the score. The trained model's accuracy is an evaluation, not here.
"""

from __future__ import annotations

import numpy as np
import pytest

from socialguard.detectors.meaning import explain
from socialguard.ml.abuse import WindowTokens
from socialguard.ml.judgment import Heads, Member, Neighbours, Stacked

DIM = 384


def one_hot(i: int, size: int = DIM) -> np.ndarray:
    v = np.zeros(size, dtype=np.float32)
    v[i] = 1.0
    return v


def heads_reading(direction: int, *, members: int = 2) -> Heads:
    """Two heads: "alarm" fires on ``direction``, "calm" on nothing in particular."""
    parts = []
    for k in range(members):
        w1 = np.zeros((DIM, 4), dtype=np.float32)
        w1[direction, 0] = 8.0 + k  # each member a little different
        w2 = np.zeros((4, 2), dtype=np.float32)
        w2[0, 0] = 1.0
        parts.append(Member(w1, np.zeros(4, np.float32), w2, np.array([-2.0, -3.0], np.float32)))
    return Heads(("alarm", "calm"), {"alarm": 0.5, "calm": 0.5}, tuple(parts),
                 stacked=Stacked.of(parts))


def window_for(text: str, loud: str, direction: int) -> tuple[np.ndarray, WindowTokens]:
    """One token per word; the ``loud`` word's state points along ``direction``."""
    spans, states = [], [one_hot(0)]  # [CLS]
    for m in __import__("re").finditer(r"\S+", text):
        spans.append(m.span())
        states.append(one_hot(direction) * 3 if m.group() == loud else one_hot(1 + len(spans)))
    states.append(one_hot(0))  # [SEP]
    matrix = np.stack(states)
    total = matrix.sum(axis=0)
    return (total / np.linalg.norm(total))[None, :], WindowTokens(matrix, tuple(spans))


def test_stacked_members_give_the_mean_of_the_members() -> None:
    heads = heads_reading(7)
    x = np.stack([one_hot(7), one_hot(3)])
    alone = np.mean([m.probabilities(x) for m in heads.members], axis=0)
    assert np.allclose(heads.window_probabilities(x), alone, atol=1e-6)
    unstacked = Heads(heads.names, heads.thresholds, heads.members)
    assert np.allclose(unstacked.window_probabilities(x), alone, atol=1e-6)


def test_the_gradient_matches_a_finite_difference() -> None:
    heads = heads_reading(7)
    assert heads.stacked is not None
    x = (one_hot(7) + one_hot(3)) / np.sqrt(2)
    _, grad = heads.stacked.gradients(x.astype(np.float32), [0])
    step = one_hot(7) * 1e-3
    numeric = (heads.window_probabilities((x + step)[None])[0, 0]
               - heads.window_probabilities((x - step)[None])[0, 0]) / 2e-3
    assert grad[7, 0] == pytest.approx(numeric, rel=1e-2)


def test_the_explanation_names_the_word_the_head_rests_on() -> None:
    text = "the rota says nothing about it but wolf is here"
    heads = heads_reading(9)
    windows, tokens = window_for(text, "wolf", 9)
    assert heads.window_probabilities(windows)[0, 0] > 0.5
    best = heads.probabilities([windows])[0][1]
    spans = explain(text, [0], heads, best, [tokens])[0]
    assert [text[s:e] for s, e, _ in spans] == ["wolf"]


def test_nothing_is_explained_without_token_states_or_heads_to_explain() -> None:
    heads = heads_reading(9)
    windows, tokens = window_for("wolf here", "wolf", 9)
    best = heads.probabilities([windows])[0][1]
    assert explain("wolf here", [0], heads, best, []) == {0: []}
    assert explain("wolf here", [], heads, best, [tokens]) == {}


def test_neighbours_vote_with_their_own_kind_only() -> None:
    vectors = np.stack([one_hot(1), one_hot(1), one_hot(2), one_hot(2)])
    labels = np.array([[1, -1], [1, -1], [0, 0], [0, 1]], dtype=np.int8)
    inbound = np.array([False, False, True, True])
    index = Neighbours(vectors, labels, inbound, k=2)
    assert index.probabilities(one_hot(1), inbound=False)[0] == pytest.approx(1.0)
    assert np.isnan(index.probabilities(one_hot(1), inbound=False)[1])  # nobody says
    draft_vote = index.probabilities(one_hot(1), inbound=True)
    assert draft_vote[0] == pytest.approx(0.0) and draft_vote[1] == pytest.approx(0.5)
