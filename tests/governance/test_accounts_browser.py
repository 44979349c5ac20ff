"""The official accounts register in a real browser: a comms user registers an account,
takes it through both approvals (the Director's by an administrator), imports an X archive,
runs the audit and sees the charts and the due list; and an axe-core scan of each page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests.conftest_web import (  # noqa: F401
    NamedUser,
    ServerThread,
    app,
    data_dir,
    database_url,
    make_settings,
    users,
)
from tests.web.browser import needs_chromium, open_tab, serious_violations, sign_in

pytestmark = [needs_chromium]
SAMPLES = Path(__file__).resolve().parents[1] / "accounts" / "samples"


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str,  # noqa: F811
         users: dict[Role, NamedUser]) -> Iterator[str]:  # noqa: F811
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    with open_tab(browser, 15_000) as tab:
        yield tab



def sign_out(page: Any) -> None:
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_load_state()


def click_and_wait(page: Any, button: str, state: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_selector(f"h2#approval-heading:has-text('{state}')")


def register(page: Any, live: str, handle: str) -> str:
    page.goto(f"{live}/accounts")
    page.get_by_role("link", name="Register an account").click()
    page.get_by_label("Platform").select_option("x")
    page.get_by_label("Handle or page name").fill(handle)
    page.get_by_label("Date the account was opened").fill("2025-02-01")
    page.get_by_label("Named owner (optional)").fill("Maternity programme team")
    page.get_by_label("Objectives and KPIs").fill("Antenatal class uptake up 10%")
    page.get_by_label("Content plan").fill("Three posts a week")
    page.get_by_label("Evidence of user need").fill("Survey of 300 parents")
    page.get_by_label("Resourcing").fill("Two officers")
    page.get_by_label("The account will be checked several times a day").check()
    page.get_by_label("The account is not for internal initiatives").check()
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(re.compile(r"/accounts/\d+$"))
    return str(page.url)


def test_register_approve_import_audit(page: Any, live: str,
                                       users: dict[Role, NamedUser]) -> None:  # noqa: F811
    sign_in(page, live, users[Role.COMMS])
    url = register(page, live, "@STW_Browser")
    click_and_wait(page, "Submit for approval", "Awaiting Communications")
    click_and_wait(page, "Approve for Communications and Engagement",
                   "Awaiting the Director")
    assert "Awaiting the Director" in page.locator("h2#approval-heading").inner_text()
    assert page.get_by_role("button", name="Approve as Director").count() == 0
    page.get_by_label("Export format").select_option("x")
    page.get_by_label("Export files").set_input_files(str(SAMPLES / "tweets.js"))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_selector("text=The export was imported.")
    chart = page.get_by_role("img", name=re.compile("^Bar chart: "))
    assert chart.count() == 1
    page.get_by_text("Posts per week as a table").click()
    assert page.locator("figure table tbody tr").count() > 0
    sign_out(page)

    sign_in(page, live, users[Role.ADMIN])
    page.goto(url)
    click_and_wait(page, "Approve as Director", "Approved")
    assert "Approval: Approved" in page.locator("h2#approval-heading").inner_text()
    sign_out(page)

    sign_in(page, live, users[Role.COMMS])
    page.goto(f"{live}/accounts")
    page.get_by_role("button", name="Run the audit now").click()
    page.wait_for_selector("text=The audit ran as of")
    due = page.locator("#due")
    assert "@STW_Browser" in due.inner_text()  # its sample posts are old: due for review
    assert "account.inactivity" in due.inner_text()
    assert page.get_by_role("img", name=re.compile("^Bar chart: ")).count() == 1


@pytest.mark.parametrize("path", ["/accounts", "/accounts/new", "detail"])
def test_no_serious_accessibility_violations(page: Any, live: str,
                                             users: dict[Role, NamedUser], path: str) -> None:  # noqa: F811
    sign_in(page, live, users[Role.COMMS])
    if path == "detail":
        register(page, live, "@STW_Axe")
        page.get_by_text("Posts per week as a table").click()
    else:
        page.goto(f"{live}{path}")
    assert serious_violations(page) == []
