"""The labelled corpus: the authored rows in training/corpus/ and the public sets.

Authored rows are spec §4 submissions with the spec ids that apply (``expect``),
who wrote them (``writer``), what they were written to exercise (``focus``) and,
for contrast pairs, a shared ``pair``. They are turned into head targets by
``training.heads.targets``; public rows come labelled from ``training.public``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

from training.heads import targets
from training.public import Sample

CORPUS = Path(__file__).resolve().parent / "corpus"


def authored_rows(paths: Iterable[Path] | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(paths or CORPUS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON: {exc}") from exc
            if not isinstance(row.get("text"), str) or not row["text"].strip():
                raise SystemExit(f"{path}:{n}: no text")
            row.setdefault("writer", path.stem)
            rows.append(row)
    return rows


def authored_samples(rows: Iterable[dict[str, object]]) -> list[Sample]:
    out = []
    for row in rows:
        domain = "inbound" if row.get("kind") == "message" else "content"
        writer = str(row.get("writer", "?")).lower()
        group = str(row.get("pair") or row.get("id"))
        out.append(Sample(str(row["text"]), domain, targets(row), f"authored:{writer}",
                          f"{writer}:{group}", 1.0,
                          {"id": row.get("id"), "focus": row.get("focus"),
                           "expect": row.get("expect")}))
    return out


def split_by_group(samples: list[Sample], share: float, seed: int) -> tuple[list[Sample],
                                                                          list[Sample]]:
    """(train, validation): whole groups go to one side, so a contrast pair never
    straddles the split."""
    groups = sorted({s.group for s in samples})
    random.Random(seed).shuffle(groups)
    held = set(groups[: int(len(groups) * share)])
    return ([s for s in samples if s.group not in held], [s for s in samples if s.group in held])
