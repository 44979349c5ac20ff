"""Print personal-data benchmark figures: ours vs Presidio defaults on spaCy small.

.venv/bin/python scripts/eval_pii_benchmarks.py [--btc test|dev] [--no-baseline] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from socialguard.eval.pii_benchmarks import run_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--btc", default="test", choices=["train", "dev", "test"])
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run_all(include_baseline=not args.no_baseline, btc=args.btc)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    systems = [k for k in ("ours", "presidio_sm") if k in report]
    print(f"BTC {report['btc_split']} person (exact span)      P      R     F1")
    for name in systems:
        r = report[name]["btc_person"]
        print(f"  {name:<32} {r['precision']:.3f}  {r['recall']:.3f}  {r['f1']:.3f}")
    print("\npresidio-synth v2 (overlap match)           P      R     F2")
    for label in report[systems[0]]["synth"]:
        for name in systems:
            r = report[name]["synth"][label]
            scores = f"{r['precision']:.3f}  {r['recall']:.3f}  {r['f2']:.3f}"
            print(f"  {label:<24} {name:<12} {scores}")
    s = report["speed"]
    print(
        f"\nspeed (ours, PII detector alone): {s['texts_per_s']:.0f} texts/s batched; "
        f"single text p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
