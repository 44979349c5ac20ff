"""Train the judgment heads on the encoder's window embeddings; choose thresholds; export.

One small network reads each 64-token window's embedding (from the product's
committed encoder, so training sees what the product sees) and gives one
probability per head; a text scores the maximum over its windows, so one bad
sentence in a long LinkedIn post counts in full. Heads learn only from rows that
define their label (training/heads.py), with a masked multi-label loss.

Authored rows are split by contrast pair into train and validation (20%); the
public sets' training splits join training with a lower weight. Each head's
threshold is chosen on the authored validation rows: the best F1, except
``triage.safeguarding-danger``, whose threshold is the highest that keeps its
validation recall at or above ``--danger-recall`` (a miss there can cost a life;
the false alarms it costs are reported in meta.json).

Usage (from the repo root; PyTorch only in the training venv)::

    python3 -m venv .venv-train
    .venv-train/bin/pip install torch==2.13.0 onnxruntime tokenizers numpy \\
        alt-profanity-check rapidfuzz pyyaml
    PYTHONPATH=. .venv-train/bin/python training/train_heads.py

``--holdout-writer NAME`` leaves one author's rows out of training and reports the
heads on them alone (how well the heads carry to a writer they have never read);
nothing is exported then.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from torch import nn

from training.corpus import authored_rows, authored_samples, split_by_group
from training.embed import WindowCache
from training.heads import CONTENT_HEADS, HEADS
from training.public import Sample, public_samples
from training.thresholds import best_f1_threshold, figures, recall_threshold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "socialguard" / "models" / "judgment"
WORK = ROOT / ".venv-train" / "judgment-work"

# Weight of one row of each public set, against 1.0 for an authored row: the public
# sets teach vocabulary and register, the authored rows the policy's lines.
PUBLIC_WEIGHT = {
    "tweeteval-offensive": 0.5, "tweeteval-hate": 0.2, "tweeteval-stance": 0.25,
    "davidson": 0.3, "goemotions": 0.3, "nhs-patient-feedback": 0.5, "banking77": 0.3,
    "foi-wdtk-titles": 0.5, "sms-spam": 0.3, "youtube-spam": 0.3, "counsel-chat": 0.6,
}


class Heads(nn.Module):
    def __init__(self, dim: int, hidden: int, n_heads: int, dropout: float) -> None:
        super().__init__()
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, n_heads)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.drop(torch.relu(self.hidden(self.drop(x)))))


def pooled_logits(model: Heads, windows: torch.Tensor, owner: torch.Tensor, n: int,
                  ) -> torch.Tensor:
    """Each text's logits: the maximum over its windows."""
    logits = model(windows)
    out = torch.full((n, logits.shape[1]), -1e4)
    return out.scatter_reduce(0, owner[:, None].expand_as(logits), logits, reduce="amax",
                              include_self=True)


def tensors(samples: list[Sample], vectors: list[np.ndarray]) -> tuple[
        torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    owner = np.concatenate([np.full(len(v), i) for i, v in enumerate(vectors)])
    windows = np.concatenate(vectors)
    y = np.zeros((len(samples), len(HEADS)), dtype=np.float32)
    mask = np.zeros_like(y)
    for i, s in enumerate(samples):
        for head, value in s.labels.items():
            j = HEADS.index(head)
            y[i, j], mask[i, j] = value, 1.0
    w = np.array([s.weight for s in samples], dtype=np.float32)
    return (torch.from_numpy(windows), torch.from_numpy(owner), torch.from_numpy(y),
            torch.from_numpy(mask), torch.from_numpy(w))


def predict(model: Heads, samples: list[Sample], vectors: list[np.ndarray]) -> np.ndarray:
    windows, owner, _, _, _ = tensors(samples, vectors)
    model.eval()
    with torch.no_grad():
        return torch.sigmoid(pooled_logits(model, windows, owner, len(samples))).numpy()


def train(train_s: list[Sample], train_v: list[np.ndarray], val_s: list[Sample],
          val_v: list[np.ndarray], args: argparse.Namespace) -> Heads:
    # The initial weights and the order of rows; the split keeps --seed, so members
    # trained with different --init-seed values share one validation set.
    torch.manual_seed(args.init_seed or args.seed)
    model = Heads(384, args.hidden, len(HEADS), args.dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    _, _, y_all, m_all, w_all = tensors(train_s, train_v)
    pos = (y_all * m_all * w_all[:, None]).sum(0)
    neg = ((1 - y_all) * m_all * w_all[:, None]).sum(0)
    pos_weight = torch.clamp(neg / torch.clamp(pos, min=1.0), 1.0, args.max_pos_weight)
    loss_fn = nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)
    order = list(range(len(train_s)))
    rng = random.Random(args.init_seed or args.seed)
    best_state, best_score, since = None, -1.0, 0
    for epoch in range(args.epochs):
        model.train()
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), args.batch):
            idx = order[start: start + args.batch]
            batch = [train_s[i] for i in idx]
            windows, owner, y, mask, w = tensors(batch, [train_v[i] for i in idx])
            logits = pooled_logits(model, windows, owner, len(batch))
            loss = (loss_fn(logits, y) * mask * w[:, None]).sum() / torch.clamp(
                (mask * w[:, None]).sum(), min=1.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(batch)
        probs = predict(model, val_s, val_v)
        score = macro_f1(val_s, probs)
        print(f"epoch {epoch + 1}: loss {total / len(order):.4f}  val macro-F1 {score:.4f}",
              flush=True)
        if score > best_score + 1e-4:
            best_score, since = score, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            since += 1
            if since >= args.patience:
                break
    assert best_state is not None
    model.load_state_dict(best_state)
    return model


def labelled(samples: list[Sample], probs: np.ndarray, head: str) -> tuple[np.ndarray,
                                                                           np.ndarray]:
    rows = [(probs[i, HEADS.index(head)], s.labels[head]) for i, s in enumerate(samples)
            if head in s.labels]
    if not rows:
        return np.zeros(0), np.zeros(0)
    p, y = zip(*rows, strict=True)
    return np.array(p), np.array(y)


def macro_f1(samples: list[Sample], probs: np.ndarray) -> float:
    scores = []
    for head in HEADS:
        p, y = labelled(samples, probs, head)
        if (y == 1).sum() >= 3:
            scores.append(best_f1_threshold(p, y)[1])
    return float(np.mean(scores)) if scores else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--patience", type=int, default=8)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--max-pos-weight", type=float, default=8.0)
    ap.add_argument("--val-share", type=float, default=0.2)
    ap.add_argument("--danger-recall", type=float, default=0.97)
    ap.add_argument("--no-public", action="store_true", help="authored rows only")
    ap.add_argument("--holdout-writer", default=None)
    ap.add_argument("--seed", type=int, default=20261207, help="the train/validation split")
    ap.add_argument("--init-seed", type=int, default=None,
                    help="the networks' initial weights and row order (default: --seed)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--encoder-dir", type=Path, default=ROOT / "socialguard" / "models" / "abuse")
    args = ap.parse_args()
    started = time.time()

    rows = authored_rows()
    authored = authored_samples(rows)
    if args.holdout_writer:
        name = f"authored:{args.holdout_writer.lower()}"
        unseen = [s for s in authored if s.source == name]
        authored = [s for s in authored if s.source != name]
    train_a, val_a = split_by_group(authored, args.val_share, args.seed)
    public = [] if args.no_public else public_samples(args.seed)
    for s in public:
        s.weight = PUBLIC_WEIGHT[s.source]
    train_s = train_a + public
    print(f"authored {len(authored)} (train {len(train_a)}, val {len(val_a)}), "
          f"public {len(public)}", flush=True)

    cache = WindowCache(WORK, args.encoder_dir)
    vectors = cache.windows([s.text for s in train_s + val_a])
    train_v, val_v = vectors[: len(train_s)], vectors[len(train_s):]
    model = train(train_s, train_v, val_a, val_v, args)
    probs = predict(model, val_a, val_v)

    thresholds: dict[str, float] = {}
    report: dict[str, dict[str, float]] = {}
    for head in HEADS:
        p, y = labelled(val_a, probs, head)
        if (y == 1).sum() == 0:
            thresholds[head] = 0.5
            continue
        if head == "triage.safeguarding-danger":
            thresholds[head] = recall_threshold(p, y, args.danger_recall)
        else:
            thresholds[head] = best_f1_threshold(p, y)[0]
        report[head] = figures(p, y, thresholds[head])
    for head, fig in report.items():
        print(f"{head:34} t={thresholds[head]:.2f} " + " ".join(
            f"{k}={v}" for k, v in fig.items()))

    if args.holdout_writer:
        unseen_v = cache.windows([s.text for s in unseen])
        up = predict(model, unseen, unseen_v)
        print(f"\nunseen writer {args.holdout_writer}: {len(unseen)} rows")
        f1s = []
        for head in HEADS:
            p, y = labelled(unseen, up, head)
            if (y == 1).sum() >= 3:
                fig = figures(p, y, thresholds[head])
                f1s.append(fig["f1"])
                print(f"{head:34} " + " ".join(f"{k}={v}" for k, v in fig.items()))
        print(f"unseen writer macro-F1 over {len(f1s)} heads: {np.mean(f1s):.3f}")
        return

    export(model, thresholds, report, args, rows, train_a, val_a, public, started)


def export(model: Heads, thresholds: dict[str, float], report: dict[str, dict[str, float]],
           args: argparse.Namespace, rows: list[dict[str, object]], train_a: list[Sample],
           val_a: list[Sample], public: list[Sample], started: float) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    state = model.state_dict()
    np.savez_compressed(
        args.out / "heads.npz",
        w1=state["hidden.weight"].numpy().T.astype(np.float32),
        b1=state["hidden.bias"].numpy().astype(np.float32),
        w2=state["out.weight"].numpy().T.astype(np.float32),
        b2=state["out.bias"].numpy().astype(np.float32),
    )
    writers: dict[str, int] = defaultdict(int)
    for row in rows:
        writers[str(row.get("writer"))] += 1
    sources: dict[str, int] = defaultdict(int)
    for s in public:
        sources[s.source] += 1
    meta = {
        "name": "socialguard-judgment-heads",
        "input": "socialguard/models/abuse window embeddings (384-d, L2-normalised, one per "
                 "64-token window of the de-obfuscated text)",
        "architecture": f"384 -> {args.hidden} ReLU -> {len(HEADS)} sigmoid; a text scores "
                        "the maximum over its windows",
        "heads": HEADS,
        "content_heads": list(CONTENT_HEADS),
        "thresholds": thresholds,
        "threshold_rule": "best F1 on the authored validation rows; "
                          f"triage.safeguarding-danger: highest with recall >= "
                          f"{args.danger_recall}",
        "validation": report,
        "data": {"authored_rows": len(rows), "authored_by_writer": dict(writers),
                 "authored_train": len(train_a), "authored_validation": len(val_a),
                 "public_rows": dict(sources), "public_weights": PUBLIC_WEIGHT},
        "hyperparameters": {k: getattr(args, k) for k in (
            "epochs", "patience", "batch", "hidden", "dropout", "lr", "weight_decay",
            "max_pos_weight", "val_share", "seed")},
        "command": "PYTHONPATH=. .venv-train/bin/python training/train_heads.py",
        "trained_in_s": round(time.time() - started),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
