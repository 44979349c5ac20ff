"""Load test for POST /api/v1/check with tweet-length posts.

Starts the server (unless --url is given), waits until /api/v1/ready, then keeps
--concurrency requests in flight for --duration seconds and prints requests/s and
latency percentiles. The issue's target on the project machine: >= 100 req/s with
p99 < 100 ms.

    python scripts/load_check.py                     # 1 worker, 20 s, 4 in flight
    python scripts/load_check.py --workers 2 --duration 30
    python scripts/load_check.py --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

POSTS = [
    "Proud of our district nurses today - the new clinic in Telford is open! Views my own.",
    "Great to see the team at the Princess Royal smashing the flu jab target this week.",
    "Another 12-hour shift done. Tired but happy. #NHS",
    "Mrs Jones on Ward 7 is finally going home after her hip op, so pleased for her!",
    "Can't believe management have cut our breaks again. This place is a joke.",
    "Ring my neighbour on 07700 900123 if you want a lift to the fun run on Saturday.",
    "The ICB's position is that the walk-in centre will close in March.",
    "Lovely walk on the Wrekin this morning with the dog.",
    "Anyone know a good plumber in Shrewsbury? Asking for a friend.",
    "Our board papers for next month (internal only) say the tender went to Acme Ltd.",
    "Fab day with SaTH colleagues at the joint training event. #teamwork",
    "Selling my handmade wellness candles - DM me, NHS staff get 10% off!",
    "Reply to the Shropshire Star article: the waiting list figures are wrong, it's 4 weeks.",
    "Happy birthday to my wonderful mum, 70 today!",
    "Free vaccine clinics at the Shrewsbury health hub all week, no appointment needed.",
    "Honestly some of the patients we get are thick as mince.",
]
READY_TIMEOUT_S = 120


@contextmanager
def server(port: int, workers: int) -> Iterator[str]:
    data_dir = tempfile.mkdtemp(prefix="socialguard-load-")
    env = {**os.environ, "SOCIALGUARD_DATA_DIR": data_dir, "SOCIALGUARD_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "uvicorn", "--factory", "socialguard.web.app:app_from_env",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{url}/api/v1/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not become ready")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


async def run(url: str, duration_s: float, concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        # Warm the connections and the server's code paths before measuring.
        await asyncio.gather(*(client.post("/api/v1/check", json={"text": p}) for p in POSTS))
        stop_at = time.perf_counter() + duration_s

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop_at:
                body = {"id": str(i), "text": POSTS[i % len(POSTS)], "capacity": "personal"}
                started = time.perf_counter()
                response = await client.post("/api/v1/check", json=body)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1
                i += concurrency

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an already running server (default: start one)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds to measure")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    args = parser.parse_args()

    def measure(url: str) -> None:
        latencies, errors, elapsed = asyncio.run(run(url, args.duration, args.concurrency))
        ordered = sorted(latencies)
        ms = [percentile(ordered, q) * 1000 for q in (50, 95, 99)]
        rate = len(latencies) / elapsed
        print(f"POST /api/v1/check  posts<=280 chars  workers={args.workers} "
              f"concurrency={args.concurrency} duration={elapsed:.1f}s")
        print(f"requests: {len(latencies)}  errors: {errors}  throughput: {rate:.1f} req/s")
        print(f"latency ms: p50 {ms[0]:.1f}  p95 {ms[1]:.1f}  p99 {ms[2]:.1f}  "
              f"max {ordered[-1] * 1000:.1f}  mean {statistics.fmean(ordered) * 1000:.1f}")
        verdict = "PASS" if rate >= 100 and ms[2] < 100 and errors == 0 else "FAIL"
        print(f"target >= 100 req/s and p99 < 100 ms: {verdict}")

    if args.url:
        measure(args.url)
    else:
        with server(args.port, args.workers) as url:
            measure(url)


if __name__ == "__main__":
    main()
