"""The accounts register over HTTP: the API per role, importers, audit, CSV, and the pages."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import (  # noqa: F401
    NamedUser,
    app,
    bearer,
    client,
    csrf_from,
    data_dir,
    database_url,
    log_in,
    users,
)

SAMPLES = Path(__file__).resolve().parents[1] / "accounts" / "samples"
MANAGERS = [Role.COMMS, Role.ADMIN]
OTHERS = [Role.STAFF, Role.MANAGER, Role.HR, Role.SAFEGUARDING, Role.FOI, Role.IG]


def case(**overrides: Any) -> dict[str, Any]:
    data = {"ref": f"acc-{uuid.uuid4().hex[:8]}", "platform": "x", "handle": "@STW_Test",
            "owner": "Comms team", "programme": "Winter", "created_at": "2025-02-01",
            "followers": 87, "objectives_kpis": "KPIs", "content_plan": "Plan",
            "user_need": "Need", "resourcing": "Two officers",
            "checked_several_times_daily": True, "not_internal": True}
    data.update(overrides)
    return data


def create(client: TestClient, user: NamedUser, **overrides: Any) -> dict[str, Any]:  # noqa: F811
    response = client.post("/api/v1/accounts", json=case(**overrides), headers=bearer(user))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def move(client: TestClient, user: NamedUser, account_id: int, to: str,  # noqa: F811
         reason: str | None = None) -> Any:
    return client.post(f"/api/v1/accounts/{account_id}/transition", headers=bearer(user),
                       json={"to": to, "reason": reason})


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_list_create_and_get(client: TestClient, users: dict[Role, NamedUser],  # noqa: F811
                                      role: Role) -> None:
    made = create(client, users[role])
    assert made["state"] == "draft" and made["business_case"] == "none"
    listed = client.get("/api/v1/accounts", headers=bearer(users[role]))
    assert made["id"] in [a["id"] for a in listed.json()]
    got = client.get(f"/api/v1/accounts/{made['id']}", headers=bearer(users[role]))
    assert got.json()["ref"] == made["ref"]


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/v1/accounts"), ("post", "/api/v1/accounts"),
    ("get", "/api/v1/accounts/1"), ("post", "/api/v1/accounts/1/transition"),
    ("post", "/api/v1/accounts/1/import?format=x"), ("post", "/api/v1/accounts/audit"),
    ("get", "/api/v1/accounts/export.csv"),
])
def test_other_roles_are_forbidden(client: TestClient, users: dict[Role, NamedUser],  # noqa: F811
                                   role: Role, method: str, path: str) -> None:
    response = client.request(method, path, headers=bearer(users[role]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("path", ["/api/v1/accounts", "/api/v1/accounts/1",
                                  "/api/v1/accounts/export.csv"])
def test_unauthenticated_is_401(client: TestClient, path: str) -> None:  # noqa: F811
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_unknown_account_is_404(client: TestClient, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    response = client.get("/api/v1/accounts/999999", headers=bearer(users[Role.COMMS]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_invalid_input_is_422_in_the_one_error_shape(client: TestClient,  # noqa: F811
                                                     users: dict[Role, NamedUser]) -> None:  # noqa: F811
    response = client.post("/api/v1/accounts", json=case(platform="myspace", followers=-1),
                           headers=bearer(users[Role.COMMS]))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_approval_through_the_api(client: TestClient, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms, admin = users[Role.COMMS], users[Role.ADMIN]
    made = create(client, comms)
    assert move(client, comms, made["id"], "comms_approved").status_code == 409
    assert move(client, comms, made["id"], "submitted").json()["state"] == "submitted"
    assert move(client, comms, made["id"], "comms_approved").status_code == 200
    assert move(client, comms, made["id"], "director_approved").status_code == 403
    done = move(client, admin, made["id"], "director_approved")
    assert done.status_code == 200 and done.json()["business_case"] == "approved"


def test_return_to_draft_needs_a_reason(client: TestClient, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = users[Role.COMMS]
    made = create(client, comms)
    move(client, comms, made["id"], "submitted")
    assert move(client, comms, made["id"], "draft").status_code == 422
    assert move(client, comms, made["id"], "draft", "Needs KPIs").json()["state"] == "draft"


IMPORTS = [
    ("x", ["tweets.js", "follower.js"], None),
    ("facebook", ["facebook_page_data.csv"], None),
    ("facebook", ["facebook_post_data.csv"], 300),
    ("youtube", ["youtube_table_data_by_date.csv", "youtube_table_data_by_content.csv"], 120),
    ("jsonl", ["accounts.jsonl"], None),
]


@pytest.mark.parametrize(("fmt", "names", "followers"), IMPORTS)
def test_importers_through_the_api(client: TestClient, users: dict[Role, NamedUser],  # noqa: F811
                                   fmt: str, names: list[str], followers: int | None) -> None:
    comms = users[Role.COMMS]
    made = create(client, comms, ref="acc-07" if fmt == "jsonl" else None, followers=0) \
        if fmt != "jsonl" else _jsonl_account(client, comms)
    files = [("files", (n, (SAMPLES / n).read_bytes(), "application/octet-stream"))
             for n in names]
    data = {"followers": str(followers)} if followers is not None else {}
    response = client.post(f"/api/v1/accounts/{made['id']}/import?format={fmt}",
                           files=files, data=data, headers=bearer(comms))
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["posts_added"] + result["follower_snapshots"] > 0
    again = client.post(f"/api/v1/accounts/{made['id']}/import?format={fmt}",
                        files=files, data=data, headers=bearer(comms)).json()
    assert again["posts_added"] == 0
    if followers is not None:
        assert result["followers"] == followers


def _jsonl_account(client: TestClient, comms: NamedUser) -> dict[str, Any]:  # noqa: F811
    listed = client.get("/api/v1/accounts", headers=bearer(comms)).json()
    existing = [a for a in listed if a["ref"] == "acc-07"]
    return existing[0] if existing else create(client, comms, ref="acc-07")


def test_a_bad_export_is_422_naming_the_file(client: TestClient,  # noqa: F811
                                             users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = users[Role.COMMS]
    made = create(client, comms)
    response = client.post(f"/api/v1/accounts/{made['id']}/import?format=x",
                           files=[("files", ("tweets.js", b"window.YTD.tweets.part0 = [ {",
                                             "text/javascript"))], headers=bearer(comms))
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("tweets.js")


def test_audit_one_and_all(client: TestClient, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = users[Role.COMMS]
    made = create(client, comms, created_at="2024-01-01", followers=5)
    run = client.post(f"/api/v1/accounts/{made['id']}/audit", json={"as_of": "2026-11-25"},
                      headers=bearer(comms))
    assert run.status_code == 200, run.text
    assert run.json()["recommendation"] == "close"
    assert "account.governance" in [f["rule"] for f in run.json()["findings"]]
    summary = client.post("/api/v1/accounts/audit", json={"as_of": "2026-11-25"},
                          headers=bearer(comms)).json()
    assert summary["audited"] >= 1 and summary["close"] >= 1
    runs = client.get(f"/api/v1/accounts/{made['id']}/audits", headers=bearer(comms)).json()
    assert len(runs) == 2
    listed = client.get("/api/v1/accounts", headers=bearer(comms)).json()
    assert listed[0]["last_recommendation"] == "close"  # due accounts first


def test_csv_export_api_and_page(client: TestClient, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = users[Role.COMMS]
    made = create(client, comms, handle="@STW_Export")
    response = client.get("/api/v1/accounts/export.csv", headers=bearer(comms))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert any(r["id"] == made["ref"] and r["handle"] == "@STW_Export" for r in rows)
    log_in(client, comms.email, comms.password)
    page = client.get("/accounts/export.csv")
    assert page.status_code == 200 and made["ref"] in page.text


@pytest.mark.parametrize("path", ["/accounts", "/accounts/new", "/accounts/export.csv"])
def test_pages_forbid_other_roles_and_ask_strangers_to_sign_in(
        client: TestClient, users: dict[Role, NamedUser], path: str) -> None:  # noqa: F811
    assert client.get(path, follow_redirects=False).headers["location"].startswith("/login")
    staff = users[Role.STAFF]
    log_in(client, staff.email, staff.password)
    assert client.get(path).status_code == 403


def test_pages_create_approve_import_audit(client: TestClient,  # noqa: F811
                                           users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = users[Role.COMMS]
    log_in(client, comms.email, comms.password)
    form = client.get("/accounts/new")
    token = csrf_from(form.text)
    bad = client.post("/accounts/new", data={"csrf_token": token, "platform": "x"})
    assert bad.status_code == 422 and "There is a problem" in bad.text
    fields = {k: ("yes" if v is True else str(v)) for k, v in case(ref="").items()}
    made = client.post("/accounts/new", data={"csrf_token": token, **fields},
                       follow_redirects=False)
    assert made.status_code == 303
    url = made.headers["location"]
    page = client.get(url)
    assert "Submit for approval" in page.text
    moved = client.post(f"{url}/transition", data={"csrf_token": token, "to": "submitted"})
    assert "Approve for Communications and Engagement" in moved.text
    skipped = client.post(f"{url}/transition",
                          data={"csrf_token": token, "to": "director_approved"})
    assert skipped.status_code == 409 and "There is a problem" in skipped.text
    imported = client.post(f"{url}/import", data={"csrf_token": token, "format": "x"},
                           files=[("files", ("tweets.js", (SAMPLES / "tweets.js").read_bytes(),
                                             "text/javascript"))])
    assert imported.status_code == 200 and "The export was imported" in imported.text
    assert "Posts per week" in imported.text and "data:image/svg+xml;base64," in imported.text
    audited = client.post(f"{url}/audit", data={"csrf_token": token})
    assert "The audit ran" in audited.text
    board = client.post("/accounts/audit", data={"csrf_token": token})
    assert "Due for review or closure" in board.text
    no_csrf = client.post(f"{url}/audit", data={})
    assert no_csrf.status_code == 403
