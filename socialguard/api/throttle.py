"""Per-client limits on checks, so one client cannot starve everyone else.

A check costs one unit plus one per 1,000 characters and per 10 attachments: a
20,000-character draft costs 21 short ones. Anonymous clients are counted by address,
signed-in users by account, each against its own moving window
(``SOCIALGUARD_CHECK_RATE_ANONYMOUS`` / ``SOCIALGUARD_CHECK_RATE_SIGNED_IN``, in the
``limits`` notation, e.g. ``120/minute``). Over the limit is a 429 with Retry-After.
The windows live in this process's memory (``memory://``, the default: with several
workers each counts its own share, bounding a client at workers × the limit) or in a
Redis that every process and host shares (``SOCIALGUARD_RATE_LIMIT_STORE=redis://…``).
If that Redis cannot be reached the check goes ahead and the fault is logged: staff can
still check their drafts while it is down; only the fairness limit is lost.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request

from socialguard.api.batcher import CheckBatcher
from socialguard.auth.models import User
from socialguard.errors import Throttled
from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission
from socialguard.verdict import Verdict

CHARS_PER_UNIT = 1_000
ATTACHMENTS_PER_UNIT = 10
KEY_PREFIX = "socialguard"  # a shared Redis may hold other applications' limits too
STORE_TIMEOUT_S = 0.5  # a check waits at most this long for an unreachable store

log = logging.getLogger(__name__)


def cost_of(submission: Submission) -> int:
    """The work units a check of ``submission`` costs (what the engine's time grows with)."""
    text = len(submission.text or "")
    return 1 + text // CHARS_PER_UNIT + len(submission.attachments) // ATTACHMENTS_PER_UNIT


def client_key(request: Request, user: User | None) -> str:
    """An account when signed in, else the address the request came from (behind a proxy,
    run uvicorn with --proxy-headers so that this is the client's, not the proxy's)."""
    if user is not None:
        return f"user:{user.id}"
    return f"addr:{request.client.host if request.client else 'unknown'}"


async def fair_check(request: Request, submission: Submission, pack: PolicyPack,
                     user: User | None) -> Verdict:
    """Count the check against its client's limit, then queue it fairly with the rest."""
    key = client_key(request, user)
    throttle: CheckThrottle = request.app.state.check_throttle
    throttle.take(key, cost=cost_of(submission))
    batcher: CheckBatcher = request.app.state.check_batcher
    return await batcher.check(submission, pack, client=key)


def open_store(uri: str) -> Storage:
    """The ``limits`` storage named by ``uri`` (memory:// or redis://…), connecting lazily."""
    if uri.startswith("memory://"):
        return MemoryStorage()
    return RedisStorage(uri, key_prefix=KEY_PREFIX, socket_timeout=STORE_TIMEOUT_S,
                        socket_connect_timeout=STORE_TIMEOUT_S)


class CheckThrottle:
    def __init__(self, *, anonymous: str, signed_in: str, store: str = "memory://") -> None:
        self.anonymous: RateLimitItem = parse(anonymous)
        self.signed_in: RateLimitItem = parse(signed_in)
        self.store = open_store(store)
        self.shared = not isinstance(self.store, MemoryStorage)
        self._limiter = MovingWindowRateLimiter(self.store)

    def where(self) -> str:
        """Where the windows are counted, for the readiness probe."""
        if not self.shared:
            return "this process"
        try:
            return "shared" if self.store.check() else "shared store unreachable"
        except self.store.base_exceptions:
            return "shared store unreachable"

    def take(self, key: str, *, cost: int) -> None:
        """Count ``cost`` units against ``key``'s window, or raise Throttled."""
        item = self.signed_in if key.startswith("user:") else self.anonymous
        cost = min(cost, item.amount)  # the largest check still fits an empty window
        try:
            if self._limiter.hit(item, "check", key, cost=cost):
                return
            reset = self._limiter.get_window_stats(item, "check", key).reset_time
        except self.store.base_exceptions as exc:
            log.warning("rate-limit store unreachable (%s); check allowed", type(exc).__name__)
            return
        wait = max(1, math.ceil(reset - time.time()))
        raise Throttled(f"Too many checks from here just now. Try again in {wait} seconds.",
                        retry_after_s=wait)
