"""Batches checked on worker processes: the same verdicts, in input order, errors kept."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from socialguard.batch import verdict_lines
from socialguard.engine import check_many
from socialguard.parallel import CheckPool
from socialguard.policy import load_pack
from socialguard.submission import Submission

POSTS = [
    "Lovely walk with the team today 💙",
    "Mrs Hughes in bay 3 is going home after her hip replacement",
    "Call me on 07700 900123 about the rota",
    "You useless idiots, sort it out",
    "Our Muslim chaplaincy team is here for everyone this Ramadan",
    "Anyone else fed up with senior leadership ignoring us?",
    "Free blood pressure checks at the library on Saturday. Views my own.",
]


@pytest.fixture(scope="module")
def pool() -> Iterator[CheckPool]:
    with CheckPool(load_pack(), 2) as running:
        yield running


def test_the_pool_gives_the_in_process_verdicts_in_order(pool: CheckPool) -> None:
    submissions = [Submission(id=str(i), text=t) for i, t in enumerate(POSTS)]
    expected = [v.model_dump(mode="json", exclude_none=True)
                for v in check_many(submissions, load_pack())]
    batches = [submissions[i : i + 2] for i in range(0, len(submissions), 2)]
    got = [v for batch in pool.map(batches) for v in batch]
    assert got == expected
    assert {v["decision"] for v in got} >= {"ok", "block"}


def test_a_batch_of_nothing_needs_no_worker(pool: CheckPool) -> None:
    assert pool.submit([]).result() == []


def test_a_pool_of_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        CheckPool(load_pack(), 1)


def test_verdict_lines_on_workers_keep_order_and_bad_lines() -> None:
    lines = [json.dumps({"id": f"p{i}", "text": t}).encode() for i, t in enumerate(POSTS)]
    lines[2:2] = [b"{broken", b"", "\u00ff".encode("latin-1")]
    lines += [b"[1, 2]", b"{also broken"]  # the last batch holds only unusable lines
    alone = list(verdict_lines(lines, load_pack(), batch_size=2))
    shared = list(verdict_lines(lines, load_pack(), batch_size=2, workers=2))
    assert shared == alone
    assert [v.get("id") for v in shared] == [
        "p0", "p1", None, None, "p2", "p3", "p4", "p5", "p6", None, None]
    assert "not JSON" in shared[2]["error"] and "not UTF-8" in shared[3]["error"]


def test_detectors_one_after_another_give_the_verdicts_of_lanes_side_by_side() -> None:
    # Worker processes check with lanes=False; a draft's verdict must not depend on it.
    submissions = [Submission(id=str(i), text=t) for i, t in enumerate(POSTS)]
    side_by_side = check_many(submissions, load_pack())
    one_by_one = check_many(submissions, load_pack(), lanes=False)
    assert [v.model_dump() for v in one_by_one] == [v.model_dump() for v in side_by_side]


def test_warm_up_starts_every_worker_before_the_first_batch() -> None:
    # Otherwise the second process would start (and load its models) inside the first
    # timed batches of `socialguard bench --workers`.
    with CheckPool(load_pack(), 2) as fresh:
        assert len(fresh._executor._processes) == 0
        fresh.warm_up()
        assert len(fresh._executor._processes) == 2
