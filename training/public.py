"""Public labelled data, read from ../shared/datasets at training time (never copied here).

Each reader turns one public set into training rows for the judgment heads, saying
for which heads a row is a positive, for which a negative, and leaving every other
head unlabelled (a Reddit comment says nothing about whether a post leaks a board
paper). Only training and validation splits are read; the sets' test splits are
left for reporting (``socialguard eval --benchmarks``) and never used for choices.

Why each mapping holds, and what it cannot teach, is in training/README.md.
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@dataclass
class Sample:
    text: str
    domain: str  # "content" (drafts) or "inbound" (messages to official accounts)
    labels: dict[str, int]
    source: str
    group: str
    weight: float = 1.0
    meta: dict[str, object] = field(default_factory=dict)


# Heads a short everyday text from outside the NHS is plainly not evidence for.
CONTENT_NEGATIVES = (
    "confidential.internal", "identity.official-views", "official.collects-personal-data",
    "official.internal-promotion", "reference.professional",
    "safeguarding.locating-details", "safeguarding.underage", "media.contact",
    "conduct.whistleblowing", "conduct.grievance", "confidential.patient",
    # Nor is it about ICB or NHS matters, or staff commenting on their work.
    "identity.disclaimer", "identity.work-comment",
)
# What a tweet or comment from the public sets is not: about the ICB or the NHS (the
# gate of identity.disclaimer) or a member of staff commenting on their work. Without
# these rows the gate learnt "an opinionated post" rather than "NHS matters".
NOT_NHS = {"identity.disclaimer": 0, "identity.work-comment": 0}
INBOUND_NEGATIVES = (
    "triage.records-request", "triage.safeguarding-danger", "triage.safeguarding-concern",
    "triage.media-enquiry", "triage.misinformation", "triage.tos-breach",
)


def _neg(heads: tuple[str, ...], **also: int) -> dict[str, int]:
    out = dict.fromkeys(heads, 0)
    out.update({k.replace("__", ".").replace("_", "-"): v for k, v in also.items()})
    return out


def _clean(text: str) -> str:
    text = html.unescape(text).replace("\ufeff", "")
    text = re.sub(r"<br\s*/?>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def tweeteval(split: str) -> Iterator[Sample]:
    """OLID offensive -> conduct.abusive; HatEval hate -> conduct.discriminatory;
    SemEval stance (a side taken on abortion, atheism, climate, feminism, Hillary
    Clinton) -> conduct.inflammatory.

    An OLID tweet that is not offensive (no insult, no profanity, no targeted offence) is
    not discriminatory either: its thousands of heated political tweets teach the
    discriminatory head that derogating liberals, conservatives or Antifa is not derogating
    a protected group (on TweetEval offensive validation, 134 of 865 such tweets raised it)."""
    root = DATASETS / "tweeteval"
    for task, head in (("offensive", "conduct.abusive"), ("hate", "conduct.discriminatory")):
        texts = _lines(root / task / f"{split}_text.txt")
        labels = _lines(root / task / f"{split}_labels.txt")
        for n, (text, label) in enumerate(zip(texts, labels, strict=True)):
            flagged = int(label.strip() == "1")
            heads = {head: flagged}
            if task == "offensive" and not flagged:
                heads["conduct.discriminatory"] = 0
            yield Sample(text, "content", {**heads, **NOT_NHS}, f"tweeteval-{task}",
                         f"te-{task}-{split}-{n}")
    for topic in ("abortion", "atheism", "climate", "feminist", "hillary"):
        texts = _lines(root / "stance" / topic / f"{split}_text.txt")
        labels = _lines(root / "stance" / topic / f"{split}_labels.txt")
        for n, (text, label) in enumerate(zip(texts, labels, strict=True)):
            if label.strip() in ("1", "2"):
                yield Sample(text, "content", {"conduct.inflammatory": 1, **NOT_NHS},
                             "tweeteval-stance", f"te-stance-{topic}-{split}-{n}")


def davidson(rng: random.Random) -> Iterator[Sample]:
    """Hate -> discriminatory and abusive; offensive -> abusive; neither -> both 0.
    A seeded 80% (the other 20% is the previous abuse model's held-out part)."""
    path = DATASETS / "davidson" / "labeled_data.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    order = list(range(len(rows)))
    random.Random(13).shuffle(order)
    keep = set(order[: int(len(order) * 0.8)])
    for n, row in enumerate(rows):
        if n not in keep:
            continue
        cls = row["class"]
        labels = {"0": {"conduct.discriminatory": 1, "conduct.abusive": 1},
                  "1": {"conduct.abusive": 1, "conduct.discriminatory": 0},
                  "2": {"conduct.abusive": 0, "conduct.discriminatory": 0}}[cls]
        if cls == "1" and rng.random() > 0.15:  # 19k offensive tweets would swamp the rest
            continue
        yield Sample(_clean(row["tweet"]), "content", {**labels, **NOT_NHS}, "davidson",
                     f"dav-{n}")


def goemotions(split: str, rng: random.Random, limit: int) -> Iterator[Sample]:
    """Everyday Reddit comments, including fear, sadness, grief and anger: ordinary
    distress and venting, so negatives for danger and the request-like heads."""
    path = DATASETS / "goemotions" / f"{split}.tsv"
    emotions = _lines(DATASETS / "goemotions" / "emotions.txt")
    rows = [line.split("\t") for line in _lines(path)]
    rng.shuffle(rows)
    distress = {"fear", "sadness", "grief", "nervousness", "remorse", "disappointment"}
    taken = {True: 0, False: 0}  # up to ``limit`` distressed and ``limit`` other comments
    for text, ids, cid in rows:
        names = {emotions[int(i)] for i in ids.split(",")}
        distressed = bool(names & distress)
        if taken[distressed] >= limit:
            continue
        taken[distressed] += 1
        text = text.replace("[NAME]", "Sam").replace("[RELIGION]", "church")
        yield Sample(text, "inbound", _neg(INBOUND_NEGATIVES), "goemotions", f"ge-{cid}",
                     meta={"emotions": sorted(names)})
        if sum(taken.values()) % 3 == 0:
            yield Sample(text, "content", _neg(CONTENT_NEGATIVES), "goemotions", f"ge-{cid}")


def patient_feedback() -> Iterator[Sample]:
    """Friends-and-Family-Test comments: criticality -2 or worse is a specific
    experience the patient is unhappy with (a complaint); +2 or better is praise."""
    path = DATASETS / "nhs-patient-feedback" / "phase1_text_data.csv"
    seen: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            text = _clean(row["feedback"])
            key = text.lower()
            try:
                crit = int(row["criticality"])
            except ValueError:
                continue
            if len(text) < 20 or key in seen or row["label"] == "Couldn't be improved":
                continue
            seen.add(key)
            if crit <= -2:
                complaint = 1
            elif crit >= 2:
                complaint = 0
            else:
                continue
            labels = _neg(INBOUND_NEGATIVES, triage__complaint=complaint, triage__staff_abuse=0)
            yield Sample(text, "inbound", labels, "nhs-patient-feedback", f"fft-{row['row_index']}")


def banking77() -> Iterator[Sample]:
    """Customer-service questions about using a service: not requests for recorded
    information, not media enquiries, not danger."""
    with (DATASETS / "banking77" / "train.csv").open(encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if n % 3:
                continue
            yield Sample(row["text"], "inbound", _neg(INBOUND_NEGATIVES), "banking77",
                         f"b77-{n}")


def foi_titles() -> Iterator[Sample]:
    """Titles of real FOI requests (WhatDoTheyKnow): requests for recorded information.
    Only the training half of the benchmark's split: the other half is how
    ``socialguard eval --benchmarks`` measures FOI recall."""
    from socialguard.eval.benchmarks import FOI_SPLIT_SEED, foi_split, foi_title_key
    from socialguard.eval.benchmarks import foi_titles as every

    titles = every()
    train, _ = foi_split(titles, FOI_SPLIT_SEED)
    seen: set[str] = set()
    for i in train:
        title = _clean(titles[i])
        key = foi_title_key(title)
        if len(title) < 12 or key in seen:
            continue
        seen.add(key)
        labels = {"triage.records-request": 1, "triage.safeguarding-danger": 0,
                  "triage.complaint": 0, "triage.staff-abuse": 0, "triage.hostile": 0}
        yield Sample(title, "inbound", labels, "foi-wdtk-titles", f"foi-{key[:60]}")


def spam() -> Iterator[Sample]:
    """Adverts and self-promotion (SMS and YouTube spam) -> interest.commercial; the
    ordinary messages beside them are negatives."""
    seen: set[str] = set()
    for n, line in enumerate(_lines(DATASETS / "sms-spam" / "SMSSpamCollection.tsv")):
        label, _, text = line.partition("\t")
        text = _clean(text)
        if text.lower() in seen or len(text) < 15:
            continue
        seen.add(text.lower())
        if label == "spam":
            yield Sample(text, "content", {"interest.commercial": 1}, "sms-spam", f"sms-{n}")
        elif n % 4 == 0:
            yield Sample(text, "content", _neg(CONTENT_NEGATIVES, interest__commercial=0),
                         "sms-spam", f"sms-{n}")
    for path in sorted((DATASETS / "youtube-spam").glob("Youtube0*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = _clean(row["CONTENT"])
                if text.lower() in seen or len(text) < 15:
                    continue
                seen.add(text.lower())
                labels = ({"interest.commercial": 1} if row["CLASS"] == "1"
                          else _neg(CONTENT_NEGATIVES, interest__commercial=0))
                yield Sample(text, "content", labels, "youtube-spam",
                             f"yt-{path.stem}-{row['COMMENT_ID']}")


def counsel_chat() -> Iterator[Sample]:
    """Help-seeking questions to therapists: distress told at leisure, not danger now
    (questions tagged self-harm, domestic violence or trauma are left unlabelled)."""
    path = DATASETS / "counsel-chat" / "counsel_chat_questions.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            topics = set(row["topics"].split(";"))
            text = _clean(f"{row['questionTitle']}. {row['questionText']}")
            labels = _neg(("triage.records-request", "triage.media-enquiry",
                           "triage.misinformation", "triage.complaint"))
            if not topics & {"self-harm", "domestic-violence", "trauma", "substance-abuse"}:
                labels["triage.safeguarding-danger"] = 0
            yield Sample(text, "inbound", labels, "counsel-chat", f"cc-{row['questionID']}")


def public_samples(seed: int = 20261207) -> list[Sample]:
    rng = random.Random(seed)
    out: list[Sample] = []
    out += tweeteval("train")
    out += davidson(rng)
    out += goemotions("train", rng, limit=3000)
    out += patient_feedback()
    out += banking77()
    out += foi_titles()
    out += spam()
    out += counsel_chat()
    return out


def public_validation(seed: int = 20261207) -> list[Sample]:
    """The public sets' validation splits (TweetEval val, GoEmotions dev)."""
    rng = random.Random(seed)
    return [*tweeteval("val"), *goemotions("dev", rng, limit=1500)]


if __name__ == "__main__":
    from collections import Counter

    samples = public_samples()
    print(len(samples), "public training samples")
    per: Counter[tuple[str, str, int]] = Counter()
    for s in samples:
        for head, y in s.labels.items():
            per[(s.source, head, y)] += 1
    for (source, head, y), n in sorted(per.items()):
        print(f"{source:22} {head:34} {y} {n}")
    print(json.dumps(Counter(s.source for s in samples)))
