"""Check batches on several worker processes, in order, with a bounded queue.

The detectors and rules are Python, so one process does at most about one core's
worth of them however many threads it runs (the GIL); for a large file each worker
process holds its own pack and models and checks whole batches. Only the batches'
submissions and their verdicts cross between processes, in memory; nothing is
written anywhere. Workers start with ``spawn`` (a fork would copy the parent's model
thread pools mid-use) and run one model thread each, since the processes themselves
now use the cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission

_pack: PolicyPack | None = None


def _start(pack: PolicyPack) -> None:
    global _pack
    os.environ["SOCIALGUARD_THREADS"] = "1"
    _pack = pack
    from socialguard.engine import check

    check(Submission(text="Warm-up: load the models before the first batch."), pack)


def _check(batch: Sequence[Submission]) -> list[dict[str, Any]]:
    from socialguard.engine import check_many

    assert _pack is not None, "worker started without a pack"
    # The processes keep the cores busy, so each checks its batch on one thread.
    return [v.model_dump(mode="json", exclude_none=True)
            for v in check_many(batch, _pack, lanes=False)]


class CheckPool:
    """``workers`` processes checking batches for one pack; use as a context manager."""

    def __init__(self, pack: PolicyPack, workers: int) -> None:
        if workers < 2:
            raise ValueError("a pool needs at least 2 workers; check in-process instead")
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start, initargs=(pack,))

    def warm_up(self) -> None:
        """Start every worker now, models loaded, rather than on the first batches: one
        small batch per worker, all in flight at once, so each lands on its own process."""
        batch = [Submission(text="Warm-up.")]
        for future in [self._executor.submit(_check, batch) for _ in range(self.workers)]:
            future.result()

    def __enter__(self) -> CheckPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)

    def submit(self, batch: Sequence[Submission]) -> Future[list[dict[str, Any]]]:
        if not batch:  # a batch of nothing but unreadable lines
            done: Future[list[dict[str, Any]]] = Future()
            done.set_result([])
            return done
        return self._executor.submit(_check, list(batch))

    def map(self, batches: Iterable[Sequence[Submission]]) -> Iterator[list[dict[str, Any]]]:
        """Verdicts (JSON-ready dicts) batch by batch, in input order. At most two batches
        per worker are in flight, so a long input is read as it is checked."""
        pending: deque[Future[list[dict[str, Any]]]] = deque()
        for batch in batches:
            pending.append(self.submit(batch))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def default_workers() -> int:
    """``SOCIALGUARD_WORKERS`` if set, else one per CPU core."""
    configured = os.environ.get("SOCIALGUARD_WORKERS")
    return max(1, int(configured) if configured else (os.cpu_count() or 1))
