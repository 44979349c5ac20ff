"""Publishing governs: the version in force is what every check uses — the API, a second
app (another worker) and the command line in its own process — within the refresh
interval, with no restart; rolling back is one action and needs a reason; a draft changes
nothing. Runs on SQLite and, with SOCIALGUARD_TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.db.session import Database
from socialguard.policydoc.in_force import PolicyInForce, load
from socialguard.web.app import create_app
from tests.conftest_web import BASE_URL, NamedUser, bearer, make_settings, own_app
from tests.governance.test_policydoc_api import BUNDLED

Users = dict[Role, NamedUser]
# A neighbour's mobile number: confidential.personal-data, whose severity the versions vary.
DRAFT = {"text": "Ring my neighbour Jean on 07700 900123 if you want a lift to the clinic",
         "capacity": "personal", "kind": "post"}
REPO = Path(__file__).resolve().parents[2]


# A database of its own: publishing here would change the version other modules see.
# Refresh at every check, so the test needs no sleep; the default is two seconds.
data_dir, database_url, app, users = own_app("in-force", "in-force.nhs.uk",
                                             warm_detectors=False, policy_refresh_seconds=0.0)


@pytest.fixture(scope="module")
def other_worker(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    """A second app on the same database: what another worker process holds."""
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False,
                                           policy_refresh_seconds=0.0))
    with TestClient(application, base_url=BASE_URL):
        yield application


def personal_data(app: FastAPI) -> tuple[str, str]:
    """(severity of confidential.personal-data, the verdict's policy) for DRAFT."""
    verdict = TestClient(app, base_url=BASE_URL).post("/api/v1/check", json=DRAFT).json()
    found = [f["severity"] for f in verdict["findings"] if f["rule"] == "confidential.personal-data"]
    assert len(found) == 1, verdict
    return found[0], verdict["policy"]


def cli_severity(database_url: str) -> tuple[str, str]:
    """The same check by the command line, in its own process, against the same database."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SOCIALGUARD_PACK", None)
    done = subprocess.run(
        [sys.executable, "-m", "socialguard.cli", "check", DRAFT["text"], "--format", "json",
         "--database", database_url], capture_output=True, text=True, env=env, timeout=300,
        check=True)
    verdict = json.loads(done.stdout)
    found = [f["severity"] for f in verdict["findings"] if f["rule"] == "confidential.personal-data"]
    return found[0], verdict["policy"]


def variant(severity: str, pack_version: str) -> str:
    """The bundled pack with confidential.personal-data at ``severity``; the other test
    modules share this database, so the numbers and the starting version are not assumed."""
    text = BUNDLED.replace('pack_version: "2.0.0"', f'pack_version: "{pack_version}"', 1)
    rule = text.index("  confidential.personal-data:")
    return text[:rule] + text[rule:].replace("severity: block", f"severity: {severity}", 1)


def test_publishing_and_rolling_back_govern_every_check(app: FastAPI, other_worker: FastAPI,
                                                        users: Users, database_url: str) -> None:
    api = TestClient(app, base_url=BASE_URL)
    hr = bearer(users[Role.HR])
    before = personal_data(app)
    assert before == personal_data(other_worker) and before[0] != "advise"

    # A draft changes nothing anywhere.
    recorded = api.post("/api/v1/policy/versions", headers=hr,
                        json={"yaml": variant("advise", "9.1.0"), "note": "Advise only"})
    assert recorded.status_code == 201, recorded.text
    soft, soft_n = recorded.json()["id"], recorded.json()["number"]
    assert personal_data(app) == before and personal_data(other_worker) == before

    # Publishing reaches this worker, the other one and the command line, with no restart.
    assert api.post(f"/api/v1/policy/versions/{soft}/publish", headers=hr,
                    json={"reason": "Annual review"}).status_code == 201
    now = ("advise", f"HR020 policy version {soft_n}")
    assert personal_data(app) == now and personal_data(other_worker) == now
    assert cli_severity(database_url) == now
    again = api.post(f"/api/v1/policy/versions/{soft}/publish", headers=hr, json={})
    assert again.status_code == 409  # already in force

    hard = api.post("/api/v1/policy/versions", headers=hr,
                    json={"yaml": variant("block", "9.2.0"), "note": "Block again"}).json()
    assert api.post(f"/api/v1/policy/versions/{hard['id']}/publish", headers=hr,
                    json={}).status_code == 201
    assert personal_data(other_worker) == ("block", f"HR020 policy version {hard['number']}")

    # Rolling back says why, and restores the old verdicts everywhere.
    refused = api.post(f"/api/v1/policy/versions/{soft}/publish", headers=hr, json={})
    assert refused.status_code == 422 and "say why" in refused.json()["error"]["message"]
    assert personal_data(app)[0] == "block"  # the refusal changed nothing
    rolled = api.post(f"/api/v1/policy/versions/{soft}/publish", headers=hr,
                      json={"reason": "Legal advice: advise, do not block"})
    assert rolled.status_code == 201 and rolled.json()["action"] == "rollback"
    assert personal_data(app) == now and personal_data(other_worker) == now
    assert cli_severity(database_url) == now

    shown = subprocess.run(
        [sys.executable, "-m", "socialguard.cli", "policy", "show", "--database", database_url],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300, check=True)
    assert f"In force: HR020 policy version {soft_n}." in shown.stdout

    history = api.get("/api/v1/policy/publications", headers=bearer(users[Role.STAFF])).json()
    assert [(p["version"], p["action"]) for p in history[:3]] == [
        (soft_n, "rollback"), (hard["number"], "publish"), (soft_n, "publish")]
    assert history[0]["reason"] == "Legal advice: advise, do not block"
    assert history[0]["actor"] == users[Role.HR].email


def test_only_policy_managers_publish(app: FastAPI, users: Users) -> None:
    api = TestClient(app, base_url=BASE_URL)
    for role in (Role.STAFF, Role.MANAGER, Role.FOI):
        assert api.post("/api/v1/policy/versions/1/publish", headers=bearer(users[role]),
                        json={}).status_code == 403
    assert api.post("/api/v1/policy/versions/999999/publish", headers=bearer(users[Role.HR]),
                    json={}).status_code == 404


def test_a_worker_keeps_its_policy_when_the_database_is_unreachable(
        tmp_path: Path, database_url: str, app: FastAPI) -> None:
    first = load(Database(database_url))
    assert first is not None
    gone = Database(f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}")
    policy = PolicyInForce(gone, first, refresh_s=0.0)
    assert policy.fresh() is first.pack  # logged, not raised: checks go on under the last one
