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


# The authors of each corpus round. A round is split on its own, so rows added later
# never move an earlier row across the split: a model trained on an earlier round's
# training rows is never validated on them (a reshuffle did exactly that once, and the
# leak looked like a better model). A new author goes into a new round.
ROUNDS: tuple[frozenset[str], ...] = (
    frozenset("ash bea cal dee eli fay gus hal ivy jas kit lou mo nia oz pat quinn".split()),
    frozenset({"rex", "sol"}),  # 2026-12-07, fifth session: danger, FOI and clean near-misses
    frozenset({"tam", "uma"}),  # sixth session: hate and its counter-speech; FOI, complaints
    frozenset({"xia", "yan", "zed"}),  # seventh: colleagues/grievance/whistleblowing/patient;
    # sexual/official views/work comment/commercial/references/clean; hostile/abuse/danger
    frozenset({"ava"}),  # seventh, later: new things announced in public vs still internal
    frozenset({"dora", "finn"}),  # eighth: disclaimers, work comment, references, locating
    # details, underage, whistleblowing; danger vs concern vs neither, complaint vs general
)


def _round(writer: str) -> int:
    for n, authors in enumerate(ROUNDS):
        if writer in authors:
            return n
    raise SystemExit(f"corpus author {writer!r} is in no round: add them to ROUNDS")


def split_by_group(samples: list[Sample], share: float, seed: int) -> tuple[list[Sample],
                                                                          list[Sample]]:
    """(train, validation): whole groups go to one side, so a contrast pair never
    straddles the split; each round of authors is split on its own (``ROUNDS``)."""
    held: set[str] = set()
    for n in range(len(ROUNDS)):
        groups = sorted({s.group for s in samples if _round(s.group.split(":")[0]) == n})
        random.Random(seed).shuffle(groups)
        held.update(groups[: int(len(groups) * share)])
    return ([s for s in samples if s.group not in held], [s for s in samples if s.group in held])
