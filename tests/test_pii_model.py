"""The bundled person-name model: loads offline, round-trips, tidies spans; BTC scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialguard.detectors.pii_model import (
    MODEL_DIR,
    load_pipeline,
    person_ner,
    person_spans,
    save_pipeline,
)
from socialguard.eval.pii_benchmarks import prf, read_conll, score_spans

TEXTS = [
    "RT @JessicaLakey Jess you were amazing tonight",
    "Great to see Boris Johnson and Alan Sugar at the match",
    "@BBCNews reporting from Telford",
]


def test_model_is_small_and_ner_only() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 6 * 1024 * 1024
    assert person_ner().component_names == ["ner"]


def test_finds_people_in_tweets() -> None:
    doc = person_ner()(TEXTS[1])
    assert {s.text for s in person_spans(doc)} == {"Boris Johnson", "Alan Sugar"}


def test_round_trip(tmp_path: Path) -> None:
    nlp = person_ner()
    save_pipeline(nlp, tmp_path / "m")
    again = load_pipeline(tmp_path / "m")
    for text in TEXTS:
        assert [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] == [
            (e.start_char, e.end_char, e.label_) for e in again(text).ents
        ]


def test_person_spans_split_mentions_and_trim_symbols() -> None:
    nlp = person_ner()
    doc = nlp.make_doc("✧ @kass_ Jess hi")
    doc.ents = [doc.char_span(0, 13, label="PERSON")]  # "✧ @kass_ Jess"
    assert [s.text for s in person_spans(doc)] == ["@kass_", "Jess"]


def test_read_conll_merges_at_signs(tmp_path: Path) -> None:
    path = tmp_path / "x.conll"
    path.write_text(
        "RT\tO\n@\tB-PER\nann\tB-PER\n@\tI-PER\nbob\tI-PER\n:\tO\nMary\tB-PER\nLou\tI-PER\n\n"
        "hi\tO\n\n",
        encoding="utf-8",
    )
    first, second = read_conll(path)
    assert first.text == "RT @ann @bob : Mary Lou"
    assert [first.text[a:b] for a, b, _ in first.spans] == ["@ann", "@bob", "Mary Lou"]
    assert second.spans == ()


def test_scoring() -> None:
    assert score_spans([[(0, 3), (5, 8)]], [[(0, 3), (4, 8)]])["f1"] == pytest.approx(0.5)
    assert prf(0, 0, 0)["f1"] == 0.0
    assert prf(1, 0, 1, beta=2.0)["f2"] == pytest.approx(5 * 0.5 / (4 + 0.5))
