"""TweetEval validation macro-F1 of the abuse detector and the two conduct rules.

The development figures: thresholds, blends and rule changes are chosen on these, never
on the test splits that ``socialguard eval --benchmarks`` reports::

    .venv/bin/python scripts/tweeteval_validation.py

Reads ``../shared/datasets/tweeteval``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from socialguard.eval.benchmarks import classification_table  # noqa: E402


def main() -> None:
    for row in classification_table("val"):
        print(f"{row['benchmark']:55} {row['metric']:9} {row['socialguard']:.4f}"
              f"   alt-profanity-check {row['alt-profanity-check']:.3f}")


if __name__ == "__main__":
    main()
