"""Checks that arrive together run as one batch, taken fairly across clients.

The engine is several times faster per post on a batch (each model runs once over
all the texts, the detector lanes are started once), so single checks (``POST /check``
and the check page) are funnelled through one batcher per process. A batch starts as
soon as the previous one ends, with whatever has queued meanwhile: an idle server checks
a lone request at once, a busy one checks many together.

Fairness: each client (an account, or an anonymous address) has its own queue, and a
batch takes one check from each client in turn, up to ``max_batch`` checks and
``max_chars`` characters. A client with fifty long drafts queued therefore delays
someone else's short check by at most one batch, not fifty. One failing submission is
re-checked alone so that it cannot fail the others in its batch.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission
from socialguard.verdict import Verdict

CheckMany = Callable[[Sequence[Submission], PolicyPack], list[Verdict]]


@dataclass
class _Pending:
    submission: Submission
    pack: PolicyPack
    future: asyncio.Future[Verdict]

    @property
    def chars(self) -> int:
        return len(self.submission.text or "")


@dataclass
class CheckBatcher:
    check_many: CheckMany
    max_batch: int = 32
    max_chars: int = 40_000
    _queues: OrderedDict[str, deque[_Pending]] = field(default_factory=OrderedDict,
                                                       init=False, repr=False)
    _ready: asyncio.Event | None = field(default=None, init=False, repr=False)
    _worker: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)

    async def check(self, submission: Submission, pack: PolicyPack, *,
                    client: str = "-") -> Verdict:
        loop = asyncio.get_running_loop()
        if (self._ready is None or self._worker is None or self._worker.done()
                or self._loop is not loop):
            # Bound to the running loop on first use (tests run an app on several loops).
            self._loop, self._ready, self._queues = loop, asyncio.Event(), OrderedDict()
            self._worker = loop.create_task(self._run(self._ready))
        future: asyncio.Future[Verdict] = loop.create_future()
        self._queues.setdefault(client, deque()).append(_Pending(submission, pack, future))
        self._ready.set()
        return await future

    def queued(self) -> dict[str, int]:
        """Checks waiting per client (for tests and the health page)."""
        return {client: len(q) for client, q in self._queues.items()}

    def next_batch(self) -> list[_Pending]:
        """Round-robin over the clients, starting after the one served first last time."""
        batch: list[_Pending] = []
        chars = 0
        while self._queues and len(batch) < self.max_batch:
            took = False
            for client in list(self._queues):
                queue = self._queues[client]
                pending = queue[0]
                if batch and chars + pending.chars > self.max_chars:
                    continue
                batch.append(queue.popleft())
                chars += pending.chars
                took = True
                if queue:
                    self._queues.move_to_end(client)  # its next one waits its turn
                else:
                    del self._queues[client]
                if len(batch) >= self.max_batch:
                    break
            if not took:
                break
        return batch

    async def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None and self._loop is asyncio.get_running_loop():
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        # A worker left on another, finished loop went with that loop.

    async def _run(self, ready: asyncio.Event) -> None:
        while True:
            await ready.wait()
            batch = self.next_batch()
            if not self._queues:
                ready.clear()
            live = [p for p in batch if not p.future.done()]  # a client may have gone
            for pack in {id(p.pack): p.pack for p in live}.values():
                group = [p for p in live if p.pack is pack]
                await self._check_group(group, pack)

    async def _check_group(self, group: list[_Pending], pack: PolicyPack) -> None:
        try:
            verdicts = await run_in_threadpool(
                self.check_many, [p.submission for p in group], pack)
        except Exception as exc:
            if len(group) == 1:
                _settle(group[0], exc=exc)
                return
            for pending in group:
                await self._check_group([pending], pack)
            return
        for pending, verdict in zip(group, verdicts, strict=True):
            _settle(pending, verdict=verdict)


def _settle(pending: _Pending, *, verdict: Verdict | None = None,
            exc: BaseException | None = None) -> None:
    if pending.future.done():
        return
    if exc is not None:
        pending.future.set_exception(exc)
    elif verdict is not None:
        pending.future.set_result(verdict)
