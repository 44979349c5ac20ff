"""Policy control in a real browser: a member of staff acknowledges the policy and an HR user
sees who has not; axe-core scans each page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, ServerThread, bearer, make_settings
from tests.governance.test_approvals_browser import BrowserThread, sign_in
from tests.governance.test_policydoc_api import amended
from tests.web.browser import needs_chromium, serious_violations

# Fixtures shared with the other web tests (pytest finds them as module attributes).
data_dir, database_url, users = web.data_dir, web.database_url, web.users

pytestmark = [needs_chromium]
Users = dict[Role, NamedUser]


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Path, database_url: str, users: Users) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread]:
    thread = BrowserThread()
    yield thread
    thread.close()


def test_staff_acknowledge_and_hr_see_who_has_not(chromium: BrowserThread, live: str,
                                                  users: Users) -> None:
    staff, hr = users[Role.STAFF], users[Role.HR]

    def scenario(page: Any) -> None:
        sign_in(page, live, staff)
        page.goto(f"{live}/policy/control")
        page.get_by_role("link", name="Read version 1 of the policy").click()
        page.get_by_role("button", name="I have read and understood version 1").click()
        page.wait_for_selector("text=your acknowledgement of version 1 is recorded")
        assert page.get_by_text("You acknowledged version 1 on").first.is_visible()
        assert serious_violations(page) == []
        page.goto(f"{live}/policy/control")
        assert page.get_by_text("You acknowledged version 1 on").is_visible()

        page.context.clear_cookies()
        sign_in(page, live, hr)
        page.goto(f"{live}/policy/control")
        page.get_by_role("link", name="See who has not acknowledged").click()
        outstanding = page.locator("#outstanding").inner_text()
        acknowledged = page.locator("#acknowledged").inner_text()
        assert hr.email in outstanding and users[Role.FOI].email in outstanding
        assert staff.email in acknowledged and staff.email not in outstanding
        assert serious_violations(page) == []
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as CSV").click()
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert f"{staff.email},Staff Tester,staff,acknowledged,1," in content

    chromium.run(scenario)


def test_manager_pages_pass_axe(chromium: BrowserThread, live: str, users: Users,
                                app: FastAPI) -> None:
    client = TestClient(app, base_url=BASE_URL)
    listed = client.get("/api/v1/policy/versions", headers=bearer(users[Role.COMMS])).json()
    made = client.post("/api/v1/policy/versions", headers=bearer(users[Role.COMMS]),
                       json={"yaml": amended(), "note": "axe"})
    newest = made.json()["id"] if made.status_code == 201 else listed[0]["id"]
    oldest = listed[-1]["id"]

    def scan(page: Any) -> None:
        sign_in(page, live, users[Role.HR])
        for path in ("/policy/control", f"/policy/control/versions/{newest}",
                     f"/policy/control/diff?a={oldest}&b={newest}",
                     "/policy/control/acknowledgements"):
            page.goto(f"{live}{path}")
            assert serious_violations(page) == [], path
            if "diff" in path:
                assert page.locator("ins", has_text="severity: warn").count() == 1

    chromium.run(scan)
