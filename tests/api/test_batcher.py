"""Concurrent API checks share one engine batch, and each caller gets its own verdict."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx
import pytest
from fastapi import FastAPI

from socialguard.api.batcher import CheckBatcher
from socialguard.engine import check, check_many
from socialguard.policy import load_pack
from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission
from socialguard.verdict import Verdict

DRAFTS = [
    "Lovely walk on the Wrekin this morning with the dog.",
    "Mrs Jones on Ward 7 is finally going home after her hip op, so pleased for her!",
    "Ring my neighbour on 07700 900123 if you want a lift on Saturday.",
    "Honestly some of the patients we get are thick as mince.",
]


def test_concurrent_checks_are_batched_and_answered_in_kind() -> None:
    pack = load_pack()
    batch_sizes: list[int] = []

    def recording(submissions: Sequence[Submission], pack: PolicyPack) -> list[Verdict]:
        batch_sizes.append(len(submissions))
        return check_many(submissions, pack)

    async def scenario() -> list[Verdict]:
        batcher = CheckBatcher(recording)
        try:
            return await asyncio.gather(*(batcher.check(
                Submission(id=str(i), text=t), pack) for i, t in enumerate(DRAFTS * 5)))
        finally:
            await batcher.close()

    verdicts = asyncio.run(scenario())
    assert [v.id for v in verdicts] == [str(i) for i in range(len(DRAFTS) * 5)]
    alone = [check(Submission(id=str(i), text=t), pack) for i, t in enumerate(DRAFTS)]
    for i, verdict in enumerate(verdicts):
        assert verdict.decision == alone[i % len(DRAFTS)].decision
        expected = alone[i % len(DRAFTS)]
        assert {f.rule for f in verdict.findings} == {f.rule for f in expected.findings}
    assert sum(batch_sizes) == len(verdicts)
    assert max(batch_sizes) > 1, "requests queued together should share a batch"


def test_one_failing_submission_does_not_fail_its_batch() -> None:
    pack = load_pack()

    def fragile(submissions: Sequence[Submission], pack: PolicyPack) -> list[Verdict]:
        if any(s.text == "boom" for s in submissions):
            raise RuntimeError("detector failed")
        return check_many(submissions, pack)

    async def scenario() -> list[Verdict | BaseException]:
        batcher = CheckBatcher(fragile)
        try:
            return await asyncio.gather(
                *(batcher.check(Submission(id=t, text=t), pack)
                  for t in ("fine one", "boom", "fine two")),
                return_exceptions=True)
        finally:
            await batcher.close()

    first, failed, second = asyncio.run(scenario())
    assert isinstance(first, Verdict) and first.id == "fine one"
    assert isinstance(failed, RuntimeError)
    assert isinstance(second, Verdict) and second.id == "fine two"


@pytest.mark.timeout(60)
def test_parallel_api_requests_each_get_their_own_verdict(app: FastAPI) -> None:
    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(*(
                client.post("/api/v1/check", json={"id": f"d{i}", "text": t})
                for i, t in enumerate(DRAFTS)))

    responses = asyncio.run(scenario())  # the app fixture has run its start-up
    assert [r.status_code for r in responses] == [200] * len(DRAFTS)
    assert [r.json()["id"] for r in responses] == [f"d{i}" for i in range(len(DRAFTS))]
    assert "confidential.patient" in {f["rule"] for f in responses[1].json()["findings"]}
    assert responses[0].json()["findings"] == []

