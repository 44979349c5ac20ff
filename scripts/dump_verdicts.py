"""Write the verdicts of a fixed set of submissions, to compare code changes verdict by verdict.

A change meant only to make checking faster must leave every verdict as it was. This
script checks the same submissions every time — the labelled examples, the probe sets in
``tests/data`` (1,940 in all with probe set 6), 600 bench posts and 600 TweetEval
validation tweets — on a fixed
date and writes one sorted-key JSON line per verdict, so two runs compare with ``cmp``::

    git stash && .venv/bin/python scripts/dump_verdicts.py /tmp/before.jsonl && git stash pop
    .venv/bin/python scripts/dump_verdicts.py /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl && echo identical

``--no-lanes`` checks with the detectors one after another, as worker processes do.
``--compare BEFORE`` prints what changed between two dumps, rule by rule, instead of
checking. Reads ``../shared/examples`` and ``../shared/datasets`` when they are there;
the current round's held-out sets (``tests/data/held_out.txt``) are never included.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialguard.engine import check_many  # noqa: E402
from socialguard.eval.bench import corpus  # noqa: E402
from socialguard.policy import load_pack  # noqa: E402
from socialguard.submission import Submission  # noqa: E402

SHARED = ROOT.parent / "shared"
AS_OF = date(2026, 12, 1)


def labelled(path: Path) -> Iterator[Submission]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            yield Submission.model_validate(
                {k: v for k, v in record.items() if not k.startswith("expect") and k != "why"})


def held_out() -> set[str]:
    """The held-out sets of the current round (tests/data/held_out.txt): scored once for
    the record, never looked at while developing, so never dumped here."""
    listed = ROOT / "tests" / "data" / "held_out.txt"
    if not listed.exists():
        return set()
    return {line.split("#")[0].strip() for line in listed.read_text().splitlines()} - {""}


def submissions() -> list[Submission]:
    skip = held_out()
    files = [SHARED / "examples" / "posts.jsonl", SHARED / "examples" / "inbound.jsonl",
             *[f for f in sorted((ROOT / "tests" / "data").glob("*posts.jsonl"))
               if f.name not in skip],
             *[f for f in sorted((ROOT / "tests" / "data").glob("*inbound.jsonl"))
               if f.name not in skip]]
    out = [s for f in files if f.exists() for s in labelled(f)]
    out += [Submission(text=t) for t in corpus(600)]
    tweets = SHARED / "datasets" / "tweeteval" / "offensive" / "val_text.txt"
    if tweets.exists():
        out += [Submission(text=t) for t in tweets.read_text(encoding="utf-8").splitlines()[:600]]
    return out


def compare(before: Path, after: Path) -> None:
    """What changed between two dumps of the same submissions, rule by rule: findings and
    labels gained and lost, and how many verdicts changed decision."""
    gained: dict[str, int] = {}
    lost: dict[str, int] = {}
    decisions = total = 0
    with before.open(encoding="utf-8") as b, after.open(encoding="utf-8") as a:
        for old_line, new_line in zip(b, a, strict=True):
            old, new = json.loads(old_line), json.loads(new_line)
            total += 1
            decisions += old.get("decision") != new.get("decision")
            was = {f["rule"] for f in old.get("findings", [])} | set(old.get("labels", []))
            now = {f["rule"] for f in new.get("findings", [])} | set(new.get("labels", []))
            for rule in now - was:
                gained[rule] = gained.get(rule, 0) + 1
            for rule in was - now:
                lost[rule] = lost.get(rule, 0) + 1
    print(f"{total} verdicts, {decisions} with another decision")
    print(f"{'rule':36} {'gained':>7} {'lost':>7}")
    for rule in sorted(set(gained) | set(lost)):
        print(f"{rule:36} {gained.get(rule, 0):7} {lost.get(rule, 0):7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-lanes", action="store_true")
    parser.add_argument("--compare", type=Path, metavar="BEFORE",
                        help="instead of checking, compare the dump BEFORE with OUT")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.out)
        return
    pack, subs = load_pack(), submissions()
    with args.out.open("w", encoding="utf-8") as fh:
        for i in range(0, len(subs), 64):
            for verdict in check_many(subs[i : i + 64], pack, today=AS_OF,
                                      lanes=not args.no_lanes):
                fh.write(json.dumps(verdict.model_dump(mode="json", exclude_none=True),
                                    sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(subs)} verdicts -> {args.out}")


if __name__ == "__main__":
    main()
