"""The inbox and cases in a real browser: a safeguarding user imports a JSON Lines batch,
sees the 999 alert, opens the case, comments and resolves it; an FOI user sees the FOI
countdown; axe-core finds no serious or critical problems on these pages."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import NamedUser, ServerThread, make_settings
from tests.web.browser import needs_chromium, open_tab, serious_violations, sign_in

# Fixtures shared with the other web tests (pytest finds them as module attributes).
app, data_dir, database_url, users = web.app, web.data_dir, web.database_url, web.users

pytestmark = [needs_chromium]
Users = dict[Role, NamedUser]


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str, users: Users) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with open_tab(browser, 20_000) as tab:
        yield tab



def batch_file(tmp_path: Path) -> Path:
    prefix = uuid.uuid4().hex[:8]
    rows = [
        {"id": f"{prefix}-1", "text": "I've taken an overdose and I'm scared", "platform": "x",
         "author": {"name": "@anon"}},
        {"id": f"{prefix}-2", "text": "Please could you send me the total spent on agency "
         "nurses in 2025?", "platform": "x", "author": {"name": "Amira Khan"}},
        {"id": f"{prefix}-3", "text": "Thanks for the lovely service", "platform": "facebook",
         "author": {"name": "@fan"}},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_safeguarding_imports_sees_999_and_resolves_the_case(
        page: Any, live: str, users: Users, tmp_path: Path) -> None:
    sign_in(page, live, users[Role.SAFEGUARDING])
    page.get_by_role("link", name="Inbox").click()
    page.get_by_label("Messages file (JSON Lines or CSV)").set_input_files(batch_file(tmp_path))
    page.get_by_role("button", name="Import messages").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "999" in alert.inner_text()
    assert "Imported 3 messages" in page.content()
    assert serious_violations(page) == []
    page.get_by_role("link", name="(someone may be in immediate danger)").first.click()
    assert "999" in page.get_by_role("alert").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Case #").first.click()
    page.wait_for_url("**/cases/*")
    assert "immediate" in page.content()
    page.get_by_label("Add a comment").fill("Police called; ambulance on its way.")
    page.get_by_role("button", name="Add comment").click()
    page.wait_for_selector("text=Police called; ambulance on its way.")
    page.get_by_label("New status").select_option("resolved")
    page.get_by_label("Reason (optional)").fill("Handed to the police")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_selector("#case-state:has-text('resolved')")
    assert "Handed to the police" in page.content()
    assert serious_violations(page) == []


def test_foi_user_sees_the_countdown(page: Any, live: str, users: Users,
                                    tmp_path: Path) -> None:
    sign_in(page, live, users[Role.FOI])
    page.goto(f"{live}/inbox")
    page.get_by_label("Messages file (JSON Lines or CSV)").set_input_files(batch_file(tmp_path))
    page.get_by_role("button", name="Import messages").click()
    page.wait_for_selector("text=Imported 3 messages")
    page.goto(f"{live}/cases?kind=foi")
    assert page.locator(".countdown").first.inner_text().endswith("working days left")
    assert serious_violations(page) == []
    page.locator("table a[href^='/cases/']").first.click()
    assert "working days left" in page.locator("#countdown").inner_text()
    assert serious_violations(page) == []


def test_report_form_is_accessible(page: Any, live: str, users: Users) -> None:
    sign_in(page, live, users[Role.STAFF])
    page.goto(f"{live}/cases/new")
    assert serious_violations(page) == []
    page.get_by_label("Media contact").check()
    page.get_by_label("Short title").fill("The press called me about my post")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_selector("text=Case reported")
    assert serious_violations(page) == []
