"""Checks that arrive together run as one batch.

The engine is several times faster per post on a batch (each model runs once over
all the texts, the detector lanes are started once), so the API funnels single
``POST /check`` requests through one queue per process. A batch starts as soon
as the previous one ends, with whatever has queued meanwhile: an idle server
checks a lone request at once (no waiting for company), a busy one checks many
together. One failing submission is re-checked alone so that it cannot fail the
others in its batch.
"""

from __future__ import annotations

import asyncio
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


@dataclass
class CheckBatcher:
    check_many: CheckMany
    max_batch: int = 32
    _queue: asyncio.Queue[_Pending] | None = field(default=None, init=False, repr=False)
    _worker: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)

    async def check(self, submission: Submission, pack: PolicyPack) -> Verdict:
        loop = asyncio.get_running_loop()
        if (self._queue is None or self._worker is None or self._worker.done()
                or self._loop is not loop):
            # Bound to the running loop on first use (tests run an app on several loops).
            self._loop, self._queue = loop, asyncio.Queue()
            self._worker = loop.create_task(self._run(self._queue))
        future: asyncio.Future[Verdict] = loop.create_future()
        await self._queue.put(_Pending(submission, pack, future))
        return await future

    async def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None and self._loop is asyncio.get_running_loop():
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        # A worker left on another, finished loop went with that loop.

    async def _run(self, queue: asyncio.Queue[_Pending]) -> None:
        while True:
            batch = [await queue.get()]
            while len(batch) < self.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
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
