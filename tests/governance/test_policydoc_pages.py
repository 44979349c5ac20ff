"""The policy control pages: acknowledge from the policy, the overdue review, uploading a pack
(errors field by field), the readable diff, reviews and the not-acknowledged report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, csrf_from, log_in, make_settings
from tests.governance.test_policydoc_api import BUNDLED, amended

# Fixtures shared with the other web tests (pytest finds them as module attributes).
data_dir, database_url, users = web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def signed_in(app: FastAPI, user: NamedUser) -> TestClient:
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, user.email, user.password)
    return browser


def upload(browser: TestClient, text: str, note: str = "") -> tuple[int, str, str]:
    token = csrf_from(browser.get("/policy/control").text)
    response = browser.post("/policy/control/versions", follow_redirects=False,
                            data={"csrf_token": token, "note": note},
                            files={"pack": ("pack.yaml", text.encode(), "application/yaml")})
    return response.status_code, response.headers.get("location", ""), response.text


def test_signed_out_visitors_are_sent_to_sign_in(app: FastAPI) -> None:
    browser = TestClient(app, base_url=BASE_URL)
    for path in ("/policy/control", "/policy/control/acknowledgements.csv"):
        response = browser.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_staff_acknowledge_where_they_read_the_policy(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    page = staff.get("/policy/control")
    assert page.status_code == 200
    # Acknowledging is done at the end of /policy, where the policy is read.
    assert '<a href="/policy">Read version 1 of the policy</a>' in page.text
    assert "I have read and understood" not in page.text
    assert "Record a new version" not in page.text  # managing versions is not for staff
    assert "The policy review is overdue" in page.text  # approved 2022, reviewed yearly
    policy = staff.get("/policy").text
    assert "I have read and understood version 1</button>" in policy
    response = staff.post("/policy/acknowledge", follow_redirects=False,
                          data={"csrf_token": csrf_from(policy), "version": "1"})
    assert response.status_code == 303
    after = staff.get(response.headers["location"]).text
    assert "your acknowledgement of version 1 is recorded" in after
    assert "You acknowledged version 1 on" in after
    assert "You acknowledged version 1 on" in staff.get("/policy/control").text
    for path in ("/policy/control/acknowledgements", "/policy/control/acknowledgements.csv"):
        assert staff.get(path).status_code == 403


def test_hr_upload_diff_review_and_report(app: FastAPI, users: Users) -> None:
    hr = signed_in(app, users[Role.HR])
    assert "Record a new version" in hr.get("/policy/control").text
    status, _, text = upload(hr, BUNDLED.replace("  owner: Director of Corporate Affairs\n", "")
                             .replace("severity: block", "severity: severe", 1))
    assert status == 422
    assert "document.owner: Field required" in text
    assert "rules.confidential.patient.severity: Input should be" in text
    status, location, _ = upload(hr, amended(), note="Softer on personal data")
    assert status == 303
    version_page = hr.get(location).text
    assert "Policy version 2" in version_page and "Softer on personal data" in version_page
    diff_link = re.search(r'href="(/policy/control/diff\?a=\d+&amp;b=\d+)"', version_page)
    assert diff_link
    diff = hr.get(diff_link.group(1).replace("&amp;", "&")).text
    assert "<del>    severity: block</del>" in diff and "<ins>    severity: warn</ins>" in diff
    assert "confidential.personal-data" in diff and "Changed severities" in diff
    assert "Draft, not published" in hr.get("/policy/control").text
    assert "The policy review is overdue" in hr.get("/policy/control").text  # v1 still rules

    confirm = hr.get(location + "/publish")
    assert confirm.status_code == 200
    assert "What changes from version 1" in confirm.text and "Changed severities" in confirm.text
    published = hr.post(location + "/publish", follow_redirects=False,
                        data={"csrf_token": csrf_from(confirm.text), "reason": ""})
    assert published.status_code == 303
    page = hr.get(published.headers["location"]).text
    assert "Version 2 is in force" in page and "In force: version 2" in page
    assert "The policy review is overdue" not in page

    page = hr.get("/policy/control").text
    response = hr.post("/policy/control/reviews", follow_redirects=False, data={
        "csrf_token": csrf_from(page), "reviewed_on": "2026-10-02",
        "triggers": ["Legislative changes", "Significant incidents reported"],
        "outcome": "no_change", "notes": "Online Safety Act duties"})
    assert response.status_code == 303
    page = hr.get("/policy/control").text
    assert "Legislative changes; Significant incidents reported" in page
    assert "02 Oct 2027" in page
    bad = hr.post("/policy/control/reviews", data={"csrf_token": csrf_from(page),
                                                   "reviewed_on": "2026-10-02",
                                                   "outcome": "no_change"})
    assert bad.status_code == 422 and "choose at least one reason" in bad.text

    report = hr.get("/policy/control/acknowledgements").text
    outstanding = report.split('id="outstanding"')[1].split("</table>")[0]
    assert users[Role.STAFF].email in outstanding  # acknowledged version 1, not version 2
    csv_text = hr.get("/policy/control/acknowledgements.csv").text
    assert csv_text.startswith("email,name,roles,status,version,acknowledged_at")
