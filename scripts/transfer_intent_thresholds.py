"""Carry the pack's intent thresholds over to a retrained sentence model.

An intent fires when a text's embedding is at least ``threshold`` similar to one of the
intent's example sentences. A retrained model spreads similarities differently, so the
old numbers would fire more or less often. Few background texts come near a threshold,
so for each intent this script matches the upper quantiles (90th, 99th, 99.9th) of the
texts' similarity to the intent's examples under both models, fits a straight line from
old to new similarity through them, and maps the old threshold along it. The background is the
TweetEval VALIDATION texts (offensive, hate and the five stance tasks); test splits and
the labelled examples are not read. Used on 2026-12-03 to try a 3-layer model (see
``scripts/train_abuse.py``), which was not adopted.

Usage (from the repo root)::

    .venv/bin/python scripts/transfer_intent_thresholds.py OLD_MODEL_DIR [--write]

OLD_MODEL_DIR holds the previous ``model.onnx``/``tokenizer.json``/``meta.json``; the
new model is the committed one (``socialguard/models/abuse``). ``--write`` rewrites the
thresholds in the bundled pack in place (comments and layout kept).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from socialguard.eval.pii_benchmarks import shared_datasets  # noqa: E402
from socialguard.ml.abuse import MODEL_DIR, AbuseModel  # noqa: E402
from socialguard.policy import load_pack  # noqa: E402
from socialguard.policy.loader import bundled_pack_path  # noqa: E402

TASKS = ["offensive", "hate", "stance/abortion", "stance/atheism", "stance/climate",
         "stance/feminist", "stance/hillary"]


def background() -> list[str]:
    texts: list[str] = []
    for task in TASKS:
        path = shared_datasets() / "tweeteval" / task / "val_text.txt"
        if path.is_file():
            texts += path.read_text(encoding="utf-8").splitlines()
    return sorted({t.strip() for t in texts if t.strip()})


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("old_model_dir", type=Path)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    old, new = AbuseModel(args.old_model_dir), AbuseModel(MODEL_DIR)
    texts = background()
    emb_old, emb_new = old.embed(texts), new.embed(texts)
    pack = load_pack(bundled_pack_path())
    chosen: dict[str, float] = {}
    print(f"{len(texts)} background texts")
    print(f"{'intent':24} {'old':>5} {'passed':>7} {'new':>5}")
    for name, intent in pack.intents.items():
        protos = list(intent.prototypes)
        before = (emb_old @ old.embed(protos).T).max(axis=1)
        after = (emb_new @ new.embed(protos).T).max(axis=1)
        qs = [0.9, 0.99, 0.999]
        slope, offset = np.polyfit(np.quantile(before, qs), np.quantile(after, qs), 1)
        chosen[name] = round(float(slope * intent.threshold + offset), 2)
        passed = int((before >= intent.threshold).sum())
        print(f"{name:24} {intent.threshold:5.2f} {passed:7d} {chosen[name]:5.2f}")
    if args.write:
        path = bundled_pack_path()
        text = path.read_text(encoding="utf-8")
        for name, value in chosen.items():
            text, n = re.subn(rf"(\n  {re.escape(name)}:\n    threshold: )[0-9.]+",
                              rf"\g<1>{value}", text)
            if n != 1:
                raise SystemExit(f"could not find the threshold of intent {name!r} in {path}")
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
