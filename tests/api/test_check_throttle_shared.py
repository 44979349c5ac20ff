"""Check rate limits shared by every process and host (SOCIALGUARD_RATE_LIMIT_STORE=redis://…).

Two apps stand for two worker processes: each has its own memory, so with the default
store a client gets each process's full share; with a shared Redis the share is one.
The tests use the real Redis this machine runs (SOCIALGUARD_TEST_REDIS_URL, default
redis://127.0.0.1:6379/15); scripts/test.sh sets it when a server answers, and then a
Redis that does not answer is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from socialguard.api.throttle import open_store
from socialguard.web.app import create_app
from tests.conftest_web import BASE_URL, make_settings

DRAFT = "Lovely walk on the Wrekin this morning."  # one unit
REDIS_ENV = "SOCIALGUARD_TEST_REDIS_URL"
REDIS = os.environ.get(REDIS_ENV, "redis://127.0.0.1:6379/15")
NOBODY_LISTENS = "redis://127.0.0.1:1/0"


def _redis_answers() -> bool:
    try:
        return bool(open_store(REDIS).check())
    except Exception:  # noqa: BLE001 - any failure to connect means "not here"
        return False


needs_redis = pytest.mark.skipif(
    REDIS_ENV not in os.environ and not _redis_answers(),
    reason=f"no Redis answers at {REDIS} (set {REDIS_ENV} to require one)")


def two_processes(data_dir: Path, database_url: str, store: str) -> Iterator[list[FastAPI]]:
    apps = [create_app(make_settings(data_dir, database_url, warm_detectors=False,
                                     check_rate_anonymous="3/minute", rate_limit_store=store))
            for _ in range(2)]
    with TestClient(apps[0], base_url=BASE_URL), TestClient(apps[1], base_url=BASE_URL):
        yield apps


def checks(apps: list[FastAPI], address: str) -> list[int]:
    """Two drafts to each process, from one address, in turn."""
    clients = [TestClient(a, base_url=BASE_URL, client=(address, 50000)) for a in apps]
    return [clients[n % 2].post("/api/v1/check", json={"id": str(n), "text": DRAFT}).status_code
            for n in range(4)]


@pytest.fixture()
def in_memory(app: FastAPI, data_dir: Path, database_url: str) -> Iterator[list[FastAPI]]:
    yield from two_processes(data_dir, database_url, "memory://")


@pytest.fixture()
def shared(app: FastAPI, data_dir: Path, database_url: str) -> Iterator[list[FastAPI]]:
    yield from two_processes(data_dir, database_url, REDIS)


@pytest.fixture()
def store_down(app: FastAPI, data_dir: Path, database_url: str) -> Iterator[list[FastAPI]]:
    yield from two_processes(data_dir, database_url, NOBODY_LISTENS)


def a_new_address() -> str:
    # A fresh client each run: the shared windows outlive a test run by up to a minute.
    return f"client-{uuid.uuid4().hex[:12]}"


def test_each_process_counts_its_own_share_by_default(in_memory: list[FastAPI]) -> None:
    assert checks(in_memory, a_new_address()) == [200, 200, 200, 200]
    ready = TestClient(in_memory[0], base_url=BASE_URL).get("/api/v1/ready").json()
    assert ready["rate_limits"] == "this process"


@needs_redis
def test_a_shared_store_holds_a_client_to_one_share_across_processes(
        shared: list[FastAPI]) -> None:
    # Three checks a minute wherever they land: the fourth is refused.
    assert checks(shared, a_new_address()) == [200, 200, 200, 429]
    assert checks(shared, a_new_address())[:2] == [200, 200]  # another client's share
    ready = TestClient(shared[1], base_url=BASE_URL).get("/api/v1/ready").json()
    assert ready["rate_limits"] == "shared"


def test_checks_go_ahead_while_the_shared_store_is_down(store_down: list[FastAPI],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    address = a_new_address()
    assert checks(store_down, address) == [200, 200, 200, 200]
    ready = TestClient(store_down[0], base_url=BASE_URL).get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json()["rate_limits"] == "shared store unreachable"
    warned = [r.getMessage() for r in caplog.records if "rate-limit store" in r.getMessage()]
    assert warned and not any(address in m or "Wrekin" in m for m in warned)  # no ids, no text


@pytest.mark.parametrize("store", ["mongodb://db:27017", "127.0.0.1:6379", "memcached://x:1"])
def test_an_unknown_store_is_refused_with_the_choices(store: str, data_dir: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        make_settings(data_dir, "sqlite://", rate_limit_store=store)
    assert "memory://" in str(refused.value) and "redis://" in str(refused.value)
