"""Choose how the abuse model's offensive head and alt-profanity-check are averaged.

The weight of the MiniLM head (0, 0.1, ..., 1; the rest goes to alt-profanity-check), the
head's floor below which alt-profanity-check is not counted (0, 0.05, ..., 0.35) and the
offensive threshold (0.05 ... 0.95 by 0.01) are the triple with the highest macro-F1 on
the TweetEval offensive VALIDATION split, scored exactly as at run time (texts
de-obfuscated, each text alone, ``socialguard.ml.abuse.blend``). The choice is written to
``models/abuse/meta.json`` (``blend``, ``thresholds.offensive``); the test split is
scored only afterwards, for the record, unless ``--skip-test``. The hate head is not
blended: on validation the weight search chose the head alone (1.0).

Run by ``training/choose_thresholds.py`` after every training run, or alone::

    .venv/bin/python scripts/choose_abuse_blend.py [--skip-test] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from socialguard.eval.benchmarks import macro_f1, tweeteval  # noqa: E402
from socialguard.ml.abuse import MODEL_DIR, AbuseModel, blend  # noqa: E402
from socialguard.ml.deobfuscate import normalise  # noqa: E402
from socialguard.ml.profanity import profanity_probs  # noqa: E402

WEIGHTS = [round(w, 1) for w in np.arange(0.0, 1.01, 0.1)]
FLOORS = [round(f, 2) for f in np.arange(0.0, 0.351, 0.05)]
THRESHOLDS = [round(t, 2) for t in np.arange(0.05, 0.951, 0.01)]


def parts(model: AbuseModel, split: str) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The head's and alt-profanity-check's P(offensive) on a split, and its labels."""
    texts, gold = tweeteval("offensive", split)
    normalised = [normalise(t).text for t in texts]
    head = model._run_model(normalised)[0]  # noqa: SLF001 - the unblended head is the point
    return head, profanity_probs(normalised), gold


def best(head: np.ndarray, second: np.ndarray,
         gold: list[int]) -> tuple[float, float, float, float]:
    """(validation macro-F1, weight, floor, threshold); ties go to the larger head weight,
    then the higher floor."""
    scored = []
    for w in WEIGHTS:
        for floor in FLOORS:
            blended = blend(head, second, w, floor)
            for t in THRESHOLDS:
                f1 = round(macro_f1(gold, list((blended >= t).astype(int))), 4)
                scored.append((f1, w, floor, t))
    return max(scored)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-test", action="store_true", help="do not score the test split")
    ap.add_argument("--dry-run", action="store_true", help="print, do not write meta.json")
    args = ap.parse_args()
    model = AbuseModel()
    head, second, gold = parts(model, "val")
    f1, weight, floor, threshold = best(head, second, gold)
    head_alone = max((round(macro_f1(gold, list((head >= t).astype(int))), 4), t)
                     for t in THRESHOLDS)
    print(f"validation: head alone {head_alone[0]} at {head_alone[1]}; "
          f"blend {f1} at model weight {weight}, floor {floor}, threshold {threshold}")
    meta_path = MODEL_DIR / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["thresholds"]["offensive"] = threshold
    meta["blend"] = {
        "model_weight": weight,
        "model_floor": floor,
        "second_opinion": f"alt-profanity-check {version('alt-profanity-check')} predict_prob "
                          "on the de-obfuscated text",
        "chosen_on": "TweetEval offensive validation, max macro-F1 over weights 0..1 by 0.1, "
                     "floors 0..0.35 by 0.05 and thresholds 0.05..0.95 by 0.01 "
                     "(scripts/choose_abuse_blend.py)",
        "validation_macro_f1": f1,
        "validation_macro_f1_head_alone": head_alone[0],
    }
    if not args.skip_test:
        head, second, gold = parts(model, "test")
        blended = blend(head, second, weight, floor)
        test_f1 = round(macro_f1(gold, list((blended >= threshold).astype(int))), 4)
        meta["blend"]["test_macro_f1"] = test_f1
        print(f"test (scored after the choice): {test_f1}")
    if args.dry_run:
        print(json.dumps(meta["blend"], indent=2))
        return
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {meta_path}")


if __name__ == "__main__":
    main()
