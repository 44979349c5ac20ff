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
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from socialguard.eval.bench import corpus

POSTS = corpus(2000)  # the seeded tweet-length posts `socialguard bench` uses
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


async def _post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
                body: bytes) -> int:
    """One keep-alive HTTP/1.1 POST; returns the status. Hand-rolled so that the client
    costs little CPU on the machine it shares with the server."""
    writer.write(b"POST /api/v1/check HTTP/1.1\r\nHost: " + host.encode()
                 + b"\r\nContent-Type: application/json\r\nContent-Length: "
                 + str(len(body)).encode() + b"\r\n\r\n" + body)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def run(url: str, duration_s: float, concurrency: int) -> tuple[list[float], int, float]:
    parsed = httpx.URL(url)
    host, port = parsed.host, parsed.port or 80
    latencies: list[float] = []
    errors = 0
    bodies = [json.dumps({"id": str(i), "text": p, "capacity": "personal"}).encode()
              for i, p in enumerate(POSTS)]
    connections = [await asyncio.open_connection(host, port) for _ in range(concurrency)]
    # Warm the connections and the server's code paths before measuring.
    for k, (reader, writer) in enumerate(connections):
        await _post(reader, writer, host, bodies[k])
    stop_at = time.perf_counter() + duration_s

    async def worker(offset: int) -> None:
        nonlocal errors
        reader, writer = connections[offset]
        i = offset
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status = await _post(reader, writer, host, bodies[i % len(bodies)])
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
            i += concurrency

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    for _, writer in connections:
        writer.close()
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
