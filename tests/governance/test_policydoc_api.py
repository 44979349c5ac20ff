"""Policy document control through the API: versions (upload validated field by field),
the diff, reviews against the §14 triggers, acknowledgements and their CSV report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.policy import bundled_pack_path
from socialguard.policydoc.service import add_months
from socialguard.web.app import create_app
from socialguard.workflow.audit import trail
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, bearer, make_settings

# Fixtures shared with the other web tests (pytest finds them as module attributes).
client, data_dir, database_url, users = web.client, web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
BUNDLED = bundled_pack_path().read_text(encoding="utf-8")


def amended(text: str = BUNDLED) -> str:
    """The bundled pack with a new pack version, approval date and one severity softened."""
    changed = text.replace('pack_version: "2.0.0"', 'pack_version: "2.1.0"', 1)
    changed = changed.replace("approval_date: 2022-08-01", "approval_date: 2026-09-01", 1)
    changed = changed.replace("review_date: 2025-08-01", "review_date: 2027-09-01", 1)
    rule = changed.index("  confidential.personal-data:")
    head, tail = changed[:rule], changed[rule:]
    tail = tail.replace("severity: block", "severity: warn", 1)
    assert tail != changed[rule:] and changed != text
    return head + tail


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


@pytest.fixture(scope="module")
def versions(app: FastAPI, users: Users) -> dict[str, int]:
    """Version 1 (the bundled pack, recorded on first look) and version 2 (amended)."""
    client = TestClient(app, base_url=BASE_URL)
    listed = client.get("/api/v1/policy/versions", headers=bearer(users[Role.STAFF])).json()
    first = listed[-1]
    assert first["number"] == 1 and first["source"] == "bundled"
    response = client.post("/api/v1/policy/versions", headers=bearer(users[Role.HR]),
                           json={"yaml": amended(), "note": "Personal data: warn, not block"})
    assert response.status_code == 201, response.text
    recorded = response.json()
    assert recorded["number"] == 2 and recorded["status"] == "draft"
    assert recorded["current"] is False  # recording is not publishing
    published = client.post(f"/api/v1/policy/versions/{recorded['id']}/publish",
                            headers=bearer(users[Role.HR]), json={"reason": "Annual review"})
    assert published.status_code == 201, published.text
    assert published.json()["version"] == 2 and published.json()["action"] == "publish"
    return {"v1": first["id"], "v2": recorded["id"]}


@pytest.mark.parametrize("path", ["/api/v1/policy/versions", "/api/v1/policy/acknowledgements",
                                  "/api/v1/policy/acknowledgements.csv"])
def test_unauthenticated_callers_get_401(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER, Role.SAFEGUARDING, Role.IG])
def test_only_admin_hr_and_comms_manage_versions(client: TestClient, users: Users,
                                                 role: Role) -> None:
    headers = bearer(users[role])
    assert client.post("/api/v1/policy/versions", headers=headers,
                       json={"yaml": amended()}).status_code == 403
    assert client.get("/api/v1/policy/acknowledgements", headers=headers).status_code == 403
    assert client.get("/api/v1/policy/acknowledgements.csv", headers=headers).status_code == 403
    assert client.post("/api/v1/policy/versions/1/reviews", headers=headers, json={
        "triggers": ["Case law"], "outcome": "no_change"}).status_code == 403


def test_an_invalid_pack_is_refused_field_by_field(client: TestClient, users: Users,
                                                   versions: dict[str, int]) -> None:
    bad = BUNDLED.replace("severity: block", "severity: catastrophic", 1).replace(
        "review_interval_months: 12", "review_interval_months: 0", 1)
    response = client.post("/api/v1/policy/versions", headers=bearer(users[Role.COMMS]),
                           json={"yaml": bad})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "rules.confidential.patient.severity" in message
    assert "document.review_interval_months" in message
    broken = client.post("/api/v1/policy/versions", headers=bearer(users[Role.COMMS]),
                         json={"yaml": "rules: [unclosed"})
    assert broken.status_code == 422 and "not valid YAML" in broken.json()["error"]["message"]
    same = client.post("/api/v1/policy/versions", headers=bearer(users[Role.ADMIN]),
                       json={"yaml": amended()})
    assert same.status_code == 409  # identical to version 2


def test_versions_and_amendment_history(client: TestClient, users: Users,
                                        versions: dict[str, int], app: FastAPI) -> None:
    listed = client.get("/api/v1/policy/versions", headers=bearer(users[Role.STAFF])).json()
    assert [v["number"] for v in listed] == [2, 1]
    assert listed[0]["note"] == "Personal data: warn, not block"
    detail = client.get(f"/api/v1/policy/versions/{versions['v2']}",
                        headers=bearer(users[Role.STAFF])).json()
    assert detail["pack_version"] == "2.1.0"
    assert {"version": "2.0", "date": "Aug 2022",
            "description": "Rebranded to the ICB."} in detail["amendments"]
    assert detail["next_review"] == add_months(date(2026, 9, 1), 12).isoformat()
    with app.state.db.session() as session:
        rows = trail(session, entity_type="policy_version", entity_id=versions["v2"])
    assert rows[0].action == "record" and rows[0].actor == users[Role.HR].email


def test_the_diff_names_the_changed_severity(client: TestClient, users: Users,
                                             versions: dict[str, int]) -> None:
    response = client.get("/api/v1/policy/versions/diff",
                          params={"a": versions["v1"], "b": versions["v2"]},
                          headers=bearer(users[Role.STAFF]))
    assert response.status_code == 200
    body = response.json()
    assert body["severities"] == [{"rule": "confidential.personal-data", "old": "block",
                                   "new": "warn"}]
    assert body["document"]["pack_version"] == ["2.0.0", "2.1.0"]
    assert body["document"]["approval_date"] == ["2022-08-01", "2026-09-01"]
    assert body["rules_added"] == [] and body["rules_removed"] == []
    assert "-    severity: block\n+    severity: warn\n" in body["unified"]
    missing = client.get("/api/v1/policy/versions/diff", params={"a": 999, "b": 1},
                         headers=bearer(users[Role.STAFF]))
    assert missing.status_code == 404


def test_reviews_record_the_section_14_triggers(client: TestClient, users: Users,
                                                versions: dict[str, int]) -> None:
    url = f"/api/v1/policy/versions/{versions['v2']}/reviews"
    response = client.post(url, headers=bearer(users[Role.HR]), json={
        "reviewed_on": "2026-10-01", "triggers": ["Case law", "New vulnerabilities"],
        "notes": "Tribunal ruling on personal accounts", "outcome": "amend"})
    assert response.status_code == 201, response.text
    assert response.json()["version"] == 2
    bad = client.post(url, headers=bearer(users[Role.HR]), json={
        "triggers": ["Because"], "outcome": "shrug"})
    assert bad.status_code == 422
    assert "'Because' is not a trigger" in bad.json()["error"]["message"]
    listed = client.get(url, headers=bearer(users[Role.STAFF])).json()
    assert listed[0]["triggers"] == ["Case law", "New vulnerabilities"]
    detail = client.get(f"/api/v1/policy/versions/{versions['v2']}",
                        headers=bearer(users[Role.STAFF])).json()
    assert detail["next_review"] == "2027-10-01"  # a year after the latest review


def test_acknowledgements_report_and_csv(client: TestClient, users: Users,
                                         versions: dict[str, int]) -> None:
    staff = users[Role.STAFF]
    first = client.post("/api/v1/policy/acknowledgements", headers=bearer(staff))
    assert first.status_code == 201 and first.json()["version"] == 2
    again = client.post("/api/v1/policy/acknowledgements", headers=bearer(staff))
    assert again.json()["at"] == first.json()["at"]  # once per version
    report = client.get("/api/v1/policy/acknowledgements", headers=bearer(users[Role.HR]))
    assert report.status_code == 200
    body = report.json()
    assert [r["email"] for r in body["acknowledged"]] == [staff.email]
    outstanding = {r["email"] for r in body["outstanding"]}
    assert users[Role.HR].email in outstanding and staff.email not in outstanding
    download = client.get("/api/v1/policy/acknowledgements.csv", headers=bearer(users[Role.HR]))
    assert download.headers["content-type"].startswith("text/csv")
    assert "policy-v2-acknowledgements.csv" in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    by_email = {r["email"]: r for r in rows}
    assert by_email[staff.email]["status"] == "acknowledged"
    assert by_email[staff.email]["acknowledged_at"].startswith(str(date.today().year))
    assert by_email[users[Role.FOI].email]["status"] == "not acknowledged"
    assert all(r["version"] == "2" for r in rows)


def test_a_new_version_needs_acknowledging_again(client: TestClient, users: Users,
                                                 versions: dict[str, int]) -> None:
    staff = users[Role.STAFF]
    client.post("/api/v1/policy/acknowledgements", headers=bearer(staff))
    v3 = amended().replace('pack_version: "2.1.0"', 'pack_version: "2.2.0"', 1)
    made = client.post("/api/v1/policy/versions", headers=bearer(users[Role.ADMIN]),
                       json={"yaml": v3, "note": "Minor wording"})
    assert made.status_code == 201 and made.json()["number"] == 3
    draft = client.get("/api/v1/policy/acknowledgements", headers=bearer(users[Role.COMMS]))
    assert draft.json()["version"] == 2  # a draft asks nobody to acknowledge anything
    published = client.post(f"/api/v1/policy/versions/{made.json()['id']}/publish",
                            headers=bearer(users[Role.ADMIN]), json={})
    assert published.status_code == 201, published.text
    report = client.get("/api/v1/policy/acknowledgements", headers=bearer(users[Role.COMMS]))
    assert report.json()["version"] == 3
    assert staff.email in {r["email"] for r in report.json()["outstanding"]}
