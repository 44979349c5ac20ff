"""Train the records-request model: a logistic regression on the shared sentence embedding.

The model tells a message that asks for, or names, organisational recorded
information (an FOI-style topic such as "Adoption services" or "Number of
children in care 2019") from the other messages an NHS account receives. Its
input is the 384-d embedding the product already computes for every text (the
abuse model's mean-pooled output, ``socialguard.ml.abuse``), so at run time it
costs one dot product (``socialguard.triage.request_model``).

Data (read from ``../shared/datasets``, never copied into the repository):

* positives: the TRAINING half of the WhatDoTheyKnow FOI request titles
  (``socialguard.eval.benchmarks.foi_split``: rows grouped by title words,
  groups shuffled with ``--seed``, about half of the rows each side; the
  held-out half is what ``socialguard eval --benchmarks`` scores), one example
  per distinct title, unchanged (no wrapping into sentences); plus
  ``OWN_TITLES``, a few dozen request titles on NHS topics written for this
  script, so that the model does not learn "children's social care" as the
  only topic of a request;
* negatives: TweetEval train texts (offensive, hate, the five stance tasks),
  a seeded 80% of Davidson et al. 2017, and ``OWN_MESSAGES``: everyday messages
  to an NHS account written for this script (thanks, greetings, complaints,
  service questions, media enquiries, rumours, comments, personal stories,
  messages from foster carers and parents on the same topics as the FOI
  titles). A few tweets are questions; that is accepted noise.

Validation (all choices): 20% of the training title groups, TweetEval VAL
texts, the other 20% of Davidson and 20% of the own texts. The regularisation
``C`` is the one with the best validation recall at 1% false positives; the
threshold is the lowest at which the validation false-positive rate is at most
``--max-fpr`` on the tweets and at most ``--max-own-fpr`` on the own messages.
The model shipped is the one fitted without the validation part, at that
threshold. TweetEval TEST texts and the held-out FOI half are only scored for
the figures in ``meta.json``, never used for a choice.

Usage (from the repo root; needs scikit-learn, which the ``train`` extra brings)::

    nice -n 10 .venv/bin/python scripts/train_records_request.py

Options: ``--seed`` (FOI split seed), ``--out`` (socialguard/models/records_request),
``--cache`` (an .npz of embeddings keyed by text, default /tmp/records_request_emb.npz),
``--max-fpr`` (0.002), ``--max-own-fpr`` (0.02). About 3 minutes on 2 shared cores,
most of it embedding 50,000 tweets once (cached for reruns).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialguard.eval.benchmarks import foi_split, foi_title_key, foi_titles  # noqa: E402
from socialguard.eval.pii_benchmarks import shared_datasets  # noqa: E402
from socialguard.triage.request_model import DEFAULT_SPLIT_SEED  # noqa: E402

# Request titles on NHS commissioning topics, written for this script.
OWN_TITLES = (
    "Agency and locum staffing spend 2023/24",
    "Management consultancy contracts",
    "Board members' expenses",
    "Mental health out of area placements",
    "Adult ADHD assessment waiting list",
    "Autism diagnostic assessments for adults",
    "Continuing healthcare assessments and appeals",
    "Interpreting and translation services contract",
    "Ambulance handover delays",
    "Prescribing of gluten free foods",
    "IVF and fertility treatment commissioning policy",
    "Individual funding requests 2024",
    "Wheelchair service waiting times",
    "Staff sickness absence rates",
    "Social prescribing link workers",
    "NHS dental contracts and units of dental activity",
    "Spend on social media advertising",
    "Cyber security incidents and data breaches",
    "Hospital car parking income",
    "Patient transport services contract",
    "Number of GP practices per 10,000 patients",
    "Continuing healthcare fast track funding",
    "Eating disorder services for children and young people",
    "CAMHS referral to treatment times",
    "Use of private providers for elective surgery",
    "Clinical negligence claims",
    "Complaints received about GP practices 2022-2024",
    "Staff pay bands and headcount by directorate",
    "Organisational structure chart",
    "Equality impact assessments for service changes",
    "Winter pressures funding allocation",
    "Gender identity services referrals",
    "Hospice funding",
    "Personal health budgets",
    "Learning disability annual health checks",
    "Maternity serious incidents",
    "Cancer waiting times two week wait",
    "Spend on taxis for patients",
    "Software systems used by the ICB",
    "Electronic patient record procurement",
    "Minutes of the primary care commissioning committee",
    "Conflicts of interest register",
    "Gifts and hospitality register",
    "Policy on procedures of limited clinical value",
    "Weight management services commissioning",
    "Funding for hearing aids",
    "Community nursing vacancies",
    "Delayed discharges from acute hospitals",
    "Section 117 aftercare funding",
    "Safeguarding training compliance",
    "Estates strategy and property costs",
    "Pharmacy closures and opening hours changes",
    "Covid vaccination uptake by age group",
    "Long covid clinics",
    "Sexual health services contract values",
    "Private ambulance usage",
    "Deaths of people with a learning disability (LeDeR reviews)",
    "Virtual wards capacity and occupancy",
    "Health visitor caseloads",
    "Speech and language therapy for children",
)

# Everyday messages to an NHS account that are NOT requests for recorded information.
OWN_MESSAGES = (
    # thanks and praise
    "Just wanted to say a massive thank you to the nurses on ward 7, you were brilliant with dad",
    "Thank you so much for fitting me in today, the receptionist was so kind",
    "Huge thanks to the team at the minor injuries unit, seen within the hour",
    "Thanks for the quick reply, all sorted now",
    "Really grateful for the care my wife received last week. Thank you all.",
    "The physio has been fantastic, I can finally walk without a stick",
    "Well done everyone involved in the vaccine clinics, what a job",
    "Shout out to the paramedics who came out last night, absolute heroes",
    "Cheers for the info, very helpful",
    "My health visitor has been a lifesaver these last few months, thank you",
    "Thank you to the midwives who delivered our little girl on Sunday",
    "Your staff do an amazing job under so much pressure",
    "The pharmacist went above and beyond for me today, what a star",
    "Thanks for sharing this, really useful",
    "Such a caring GP, I felt listened to for the first time in years",
    "Thank you!",
    "Thanks everyone",
    "You have all been incredible during the heatwave",
    "Brilliant support from the district nurses for my gran, thank you",
    "Really appreciate the follow up call from the practice nurse",
    # greetings and seasonal
    "Good morning!",
    "Hello, hope you're all well",
    "Hi there",
    "Thinking of everyone on shift over the festive period",
    "Happy new year everyone",
    "Happy Easter to all the team",
    "Hello from a very sunny Bridgnorth",
    "Morning all, lovely to see the new posts",
    "Hi, is anyone there?",
    "Good evening",
    "Happy Nurses Day to every nurse out there!",
    "Wishing you all a restful weekend",
    # complaints
    "The parking at the hospital is a joke, £4 for an hour and no spaces",
    "Parking charges at the hospital are daylight robbery",
    "Drove round the car park for forty minutes and missed my appointment",
    "Waited five hours in A&E last night with my son, not good enough",
    "I've been on hold for an hour trying to get through to my surgery",
    "The receptionist was incredibly rude to me this morning",
    "Still waiting for my referral letter after three months",
    "Nobody ever answers the phone at this practice",
    "The toilets on the ward were filthy",
    "My mum's hearing aids were lost on the ward and nobody cares",
    "Disgusted with how my complaint has been handled",
    "Cancelled my operation again the night before. Third time now.",
    "Why is it impossible to get a GP appointment in this town?",
    "The food on the ward was cold and inedible",
    "Your website is impossible to use on a phone",
    "I was sent home with the wrong medication",
    "The new booking system is a nightmare",
    "Absolutely fed up with the 8am scramble for appointments",
    "The walk-in centre closing early is ridiculous",
    "My prescription has been delayed again",
    "Very unhappy with the way my father was discharged at midnight",
    "The ambulance took three hours to arrive for my nan",
    "The hospital lost my scan results",
    "Terrible communication from the hospital about my appointment",
    # service questions
    "How do I get referred to a physio?",
    "How can I register with a new GP?",
    "Where can I get a covid booster this week?",
    "Can I get the flu jab at a pharmacy?",
    "Does the walk-in centre take children under two?",
    "What time does the pharmacy close on Saturday?",
    "Do I need a referral for the sexual health clinic?",
    "How do I order a repeat prescription online?",
    "Where do I go for a blood test?",
    "Can my son see a dentist without being registered?",
    "Is there a drop-in clinic for the shingles vaccine?",
    "When does the new health centre open?",
    "How long is the wait for hip replacement at the moment?",
    "How do I make a complaint about my GP?",
    "Who do I speak to about getting a carer's assessment?",
    "Can I change my hospital appointment online?",
    "Are there electric car chargers at the health centre?",
    "What's the number for the out of hours service?",
    "How do I get my medical records sent to my new practice?",
    "Is there a minor injuries unit near Market Drayton?",
    "I'd love to help out at the hospital radio, who runs it?",
    "Are there any jobs going in the communications team?",
    "How do I apply for the apprenticeship scheme?",
    "Is the hearing clinic still running on Thursdays?",
    "Which pharmacies are open on Christmas Day?",
    "Can I bring my dog to visit my dad in hospital?",
    "What are the visiting hours on the children's ward?",
    "Where can I find support for postnatal depression?",
    "Who runs the counselling sessions at the youth centre?",
    "Should I still take my statins before the operation?",
    "Should I go to A&E for a sprained ankle?",
    "My toddler has a rash and a temperature, what should I do?",
    "My husband needs a hoist at home now, who arranges that?",
    "Can I self refer for talking therapies?",
    # media enquiries asking for comment
    "Journalist here, working on a piece about A&E waits; does the ICB want to respond?",
    "We're running a story on GP shortages tomorrow, would the ICB like to comment?",
    "Could someone from your press office call me back about the clinic closure?",
    "BBC local radio here, could a spokesperson come on tomorrow morning's show?",
    "Newsroom here: is there a spokesperson free to discuss ambulance delays on camera?",
    "Our documentary team would like to follow a district nurse for a day",
    "Podcast producer here, would anyone be up for a chat about mental health services?",
    "Can the ICB respond to claims made by campaigners in our article tonight?",
    "Deadline 4pm: does the ICB have a response to the union's letter?",
    "I'm writing a feature on maternity care, could I speak to a midwife?",
    # rumours and claims
    "Heard a rumour the children's ward is going, anyone know more?",
    "A friend swears the eye clinic has been sold off, that can't be so",
    "I heard the minor injuries unit is shutting for good, please tell me that's wrong",
    "My neighbour says the vaccine has a microchip in it lol",
    "Apparently the GP surgery is being sold off to a private company?",
    "Saw a meme saying GPs get paid per antibiotic, ha",
    # opinions and comments on posts
    "Great campaign, more of this please",
    "This is such an important message",
    "About time!",
    "Shocking. The government should be ashamed.",
    "Love this initiative",
    "What a load of rubbish",
    "More money should go to mental health, simple as that",
    "The NHS is the best thing about this country",
    "Fantastic news for the community",
    "Couldn't agree more",
    "This is why we need more nurses, not more managers",
    "Brilliant to see the new scanner finally arrive",
    "Sad to see the old hospital go but the new one looks great",
    "Keep up the good work",
    "So proud of our local NHS",
    "Not impressed with this at all",
    "Another waste of taxpayers' money",
    "Such a shame the clinic is moving further away",
    "Nice photo of the team!",
    "Good luck to everyone running the half marathon for the hospital charity",
    "Well said",
    "Interesting read, thanks",
    "Managers should spend a day on the wards and see what it's really like",
    "The staff deserve a proper pay rise",
    "I don't trust anything the ICB says any more",
    "Everyone should get their flu jab, it's not hard",
    "Please bring back the old appointment system",
    "Shared with my mum's group, they'll find it useful",
    "Can't believe it's been a year since the new unit opened!",
    "Lovely to meet you at the community event yesterday",
    # personal stories and health chat
    "I had my knee replaced last month and I'm walking the dog again",
    "My daughter has been waiting two years for an autism assessment and we're exhausted",
    "Recovering from covid again, feeling rough",
    "Just had my booster, arm is a bit sore",
    "My husband has dementia and I'm struggling to cope on my own",
    "Been living with chronic pain for ten years and nobody takes it seriously",
    "I gave birth at the hospital in 1985 and the care was wonderful then",
    "My dad spent his last days in the hospice and they were angels",
    "Trying to lose weight before my operation, wish me luck",
    "My son has asthma and the new inhaler is working well",
    "I've been a carer for my mum for six years",
    "Broke my wrist on the ice this morning, typical",
    # foster, adoption, SEND, care leavers: same topics as the titles, not requests
    "We adopted our son five years ago and the support from the adoption team was wonderful",
    "Being a foster carer is the best thing I've ever done",
    "Our social worker has been amazing through the whole adoption process",
    "I grew up in care and I'm now a nurse, never give up",
    "Thinking of becoming a foster carer, who can I talk to?",
    "How do I apply to become a foster parent?",
    "Our foster daughter graduated today, so proud of her!",
    "Care leavers deserve so much better than this",
    "My son's EHCP review has been delayed again and school won't help",
    "Fighting for an EHCP for my daughter is exhausting",
    "Thank you to the family support worker who helped us through a terrible year",
    "My granddaughter is in foster care and I just want to see her",
    "The social worker never turns up to meetings, it's a disgrace",
    "So grateful to the short breaks service, it gives us a night off",
    "Special guardianship has changed our family for the better",
    "I'm a care leaver and I can't afford my council tax",
    "Home educating my two has been the best decision we made",
    "Adoption week! Proud adoptive mum of two here",
    "Our kinship care journey has been hard but worth it",
    "The children's centre closing will hit families hard",
    "Looked after children need stability, not another move",
    "My nephew has been moved between five foster homes in a year",
    "Shout out to all the social workers, you don't get enough credit",
    "Our SEN school is brilliant, the teachers really get my son",
    "Is there a support group for adoptive parents nearby?",
    "Where can I get help with my child's speech delay?",
    # hostile and abusive
    "You lot are useless, absolutely useless",
    "I'll be going to the papers about this",
    "Shame on you all",
    "Incompetent from top to bottom",
    "Typical NHS, nobody gives a damn",
    # concerns
    "I'm worried about the kids next door, they're always left on their own",
    "My elderly neighbour hasn't been seen for days and her post is piling up",
    "I think my friend is being controlled by her partner, what can I do?",
)


def read_lines(path: Path) -> list[str]:
    return [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]


def tweeteval_texts(split: str) -> list[str]:
    base = shared_datasets() / "tweeteval"
    paths = [base / "offensive" / f"{split}_text.txt", base / "hate" / f"{split}_text.txt"]
    paths += sorted((base / "stance").glob(f"*/{split}_text.txt"))
    out: list[str] = []
    for path in paths:
        out.extend(read_lines(path))
    return out


def davidson_texts() -> list[str]:
    path = shared_datasets() / "davidson" / "labeled_data.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["tweet"] for row in csv.DictReader(fh) if row["tweet"].strip()]


def dedupe(texts: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed_all(texts: Sequence[str], cache: Path) -> dict[str, np.ndarray]:
    """Embeddings exactly as at run time (``normalise`` then the shipped ONNX model)."""
    from socialguard.ml.abuse import load_abuse_model

    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as data:
            known = dict(zip(data["ids"].tolist(), data["emb"], strict=True))
    wanted = {text_id(t): t for t in texts}
    missing = [t for k, t in wanted.items() if k not in known]
    if missing:
        model = load_abuse_model()
        start = time.time()
        for i in range(0, len(missing), 512):
            chunk = missing[i : i + 512]
            for t, e in zip(chunk, model.embed(chunk), strict=True):
                known[text_id(t)] = np.asarray(e, dtype=np.float32)
            print(f"  embedded {i + len(chunk)}/{len(missing)} ({time.time() - start:.0f}s)",
                  flush=True)
        ids = np.array(list(known))
        np.savez(cache, ids=ids, emb=np.stack([known[k] for k in ids.tolist()]))
    return {t: known[text_id(t)] for t in texts}


def matrix(texts: Sequence[str], emb: dict[str, np.ndarray]) -> np.ndarray:
    return np.stack([emb[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, y, sample_weight=w)
    return clf.coef_.reshape(-1).astype(np.float32), float(clf.intercept_[0])


def weights_for(n_pos: int, n_tweets: int, n_own: int, own_share: float) -> np.ndarray:
    """Positives carry half the total weight; of the negatives' half, the own messages
    carry ``own_share`` (they are few but are the messages the model must not flag)."""
    pos = np.full(n_pos, 0.5 / max(n_pos, 1))
    tweets = np.full(n_tweets, 0.5 * (1 - own_share) / max(n_tweets, 1))
    own = np.full(n_own, 0.5 * own_share / max(n_own, 1))
    w = np.concatenate([pos, tweets, own])
    return w * len(w)  # mean weight 1, so C keeps its usual scale


def recall_at(p_pos: np.ndarray, p_neg: np.ndarray, fpr: float) -> float:
    t = float(np.quantile(p_neg, 1 - fpr)) if len(p_neg) else 0.5
    return float(np.mean(p_pos > t))


def choose_threshold(p_pos: np.ndarray, p_tweets: np.ndarray, p_own: np.ndarray,
                     max_fpr: float, max_own_fpr: float) -> float:
    for t in np.arange(0.05, 0.99, 0.01):
        if np.mean(p_tweets >= t) <= max_fpr and np.mean(p_own >= t) <= max_own_fpr:
            return round(float(t), 2)
    return 0.99


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SPLIT_SEED)
    ap.add_argument("--out", type=Path, default=ROOT / "socialguard" / "models" / "records_request")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/records_request_emb.npz"))
    ap.add_argument("--max-fpr", type=float, default=0.002)
    ap.add_argument("--max-own-fpr", type=float, default=0.02)
    ap.add_argument("--own-share", type=float, default=0.3)
    ap.add_argument("--no-own-titles", action="store_true")
    ap.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    # FOI titles: the training half, one example per distinct title, grouped for validation.
    rows = foi_titles()
    train_rows, held_rows = foi_split(rows, args.seed)
    train_titles = dedupe([rows[i] for i in train_rows])
    held_titles = dedupe([rows[i] for i in held_rows])
    keys = sorted({foi_title_key(t) for t in train_titles})
    rng.shuffle(keys)
    val_keys = set(keys[: len(keys) // 5])
    pos_fit = [t for t in train_titles if foi_title_key(t) not in val_keys]
    pos_val = [t for t in train_titles if foi_title_key(t) in val_keys]
    own_titles = [] if args.no_own_titles else list(OWN_TITLES)
    own_titles_shuffled = own_titles[:]
    rng.shuffle(own_titles_shuffled)
    cut = len(own_titles_shuffled) // 5
    pos_fit += own_titles_shuffled[cut:]
    own_titles_val = own_titles_shuffled[:cut]

    davidson = dedupe(davidson_texts())
    rng.shuffle(davidson)
    dcut = len(davidson) * 4 // 5
    tweets_fit = dedupe(tweeteval_texts("train") + davidson[:dcut])
    tweets_val = dedupe(tweeteval_texts("val") + davidson[dcut:])
    own = list(dict.fromkeys(OWN_MESSAGES))
    rng.shuffle(own)
    ocut = len(own) // 5
    own_fit, own_val = own[ocut:], own[:ocut]
    tweets_test = dedupe(read_lines(shared_datasets() / "tweeteval" / "offensive" /
                                    "test_text.txt"))

    print(f"positives: {len(pos_fit)} fit, {len(pos_val)} + {len(own_titles_val)} val; "
          f"held out {len(held_titles)} distinct titles ({len(held_rows)} rows)")
    print(f"negatives: {len(tweets_fit)} tweets + {len(own_fit)} own fit; "
          f"{len(tweets_val)} tweets + {len(own_val)} own val")
    everything = dedupe(pos_fit + pos_val + own_titles_val + held_titles + tweets_fit +
                        tweets_val + own + tweets_test)
    emb = embed_all(everything, args.cache)

    x = np.concatenate([matrix(pos_fit, emb), matrix(tweets_fit, emb), matrix(own_fit, emb)])
    y = np.concatenate([np.ones(len(pos_fit)), np.zeros(len(tweets_fit) + len(own_fit))])
    w = weights_for(len(pos_fit), len(tweets_fit), len(own_fit), args.own_share)

    def probs(coef: np.ndarray, bias: float, texts: Sequence[str]) -> np.ndarray:
        return sigmoid(matrix(texts, emb).astype(np.float64) @ coef + bias)

    best: tuple[float, float] | None = None
    for c in (0.3, 1.0, 3.0, 10.0, 30.0):
        coef, bias = fit(x, y, w, c)
        p_neg = np.concatenate([probs(coef, bias, tweets_val), probs(coef, bias, own_val)])
        score = recall_at(probs(coef, bias, pos_val), p_neg, 0.01)
        print(f"C={c}: validation recall at 1% FPR {score:.3f}")
        if best is None or score > best[1]:
            best = (c, score)
    assert best is not None
    c = best[0]
    coef, bias = fit(x, y, w, c)
    p_pos, p_tw, p_own = (probs(coef, bias, pos_val), probs(coef, bias, tweets_val),
                          probs(coef, bias, own_val))
    threshold = choose_threshold(p_pos, p_tw, p_own, args.max_fpr, args.max_own_fpr)

    def at(p: np.ndarray) -> float:
        return round(float(np.mean(p >= threshold)), 4) if len(p) else 0.0

    held_p = probs(coef, bias, held_titles)
    held_by_title = dict(zip(held_titles, held_p >= threshold, strict=True))
    figures: dict[str, Any] = {
        "validation": {
            "foi_titles_recall": at(p_pos),
            "own_titles_recall": at(probs(coef, bias, own_titles_val)),
            "tweets_fpr": at(p_tw),
            "own_messages_fpr": at(p_own),
            "own_messages_flagged": [t for t, p in zip(own_val, p_own, strict=True)
                                     if p >= threshold],
        },
        "not_used_for_choices": {
            "heldout_foi_distinct_recall_model_alone": at(held_p),
            "heldout_foi_row_recall_model_alone": round(
                float(np.mean([held_by_title[rows[i]] for i in held_rows])), 4),
            "tweeteval_offensive_test_fpr_model_alone": at(probs(coef, bias, tweets_test)),
        },
    }
    print(json.dumps({"C": c, "threshold": threshold, **figures}, indent=1))
    if args.dry_run:
        return

    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "weights.npz", weights=coef.astype(np.float32),
                        bias=np.array([bias], dtype=np.float32))
    meta = {
        "name": "socialguard-records-request-logreg",
        "input": "socialguard.ml.abuse embedding (mean-pooled, L2-normalised, 384-d)",
        "dim": 384,
        "output": "P(asks for or names organisational recorded information)",
        "threshold": threshold,
        "threshold_rule": (f"lowest on a 0.01 grid with validation FPR <= {args.max_fpr} on "
                           f"tweets and <= {args.max_own_fpr} on the own messages"),
        "C": c,
        "split": {
            "seed": args.seed,
            "function": "socialguard.eval.benchmarks.foi_split (grouped by foi_title_key)",
            "train_rows": len(train_rows),
            "heldout_rows": len(held_rows),
            "train_distinct_titles": len(train_titles),
            "heldout_distinct_titles": len(held_titles),
        },
        "data": {
            "positives_fit": f"{len(pos_fit)}: distinct FOI titles of the training half "
                             "(less validation groups) + own NHS request titles",
            "positives_validation": f"{len(pos_val)} FOI titles (20% of training-half groups) "
                                    f"+ {len(own_titles_val)} own titles",
            "negatives_fit": f"{len(tweets_fit)} tweets (TweetEval train: offensive, hate, "
                             f"stance; Davidson 80%) + {len(own_fit)} own NHS-account messages",
            "negatives_validation": f"{len(tweets_val)} tweets (TweetEval val; Davidson 20%) "
                                    f"+ {len(own_val)} own messages",
            "weighting": f"positives half the weight; own messages {args.own_share} of the "
                         "negatives' half",
            "own_texts": "scripts/train_records_request.py OWN_TITLES, OWN_MESSAGES",
        },
        "figures": figures,
        "trained_by": "scripts/train_records_request.py",
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
