"""The check page in a real browser: sign in, check a draft, apply a fix, keyboard only,
without JavaScript, and an axe-core scan of every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests.conftest_web import NamedUser, ServerThread, make_settings
from tests.web.browser import needs_chromium, open_tab, serious_violations, sign_in

pytestmark = [needs_chromium]
DRAFT = "Please call Sue Brown on 07700 900123 about the raffle"


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str,
         users: dict[Role, NamedUser]) -> Iterator[str]:
    """The app on a real socket, sharing the test database (and its named users)."""
    application = create_app(make_settings(data_dir, database_url))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with open_tab(browser, 15_000) as tab:
        yield tab



def test_sign_in_check_a_draft_and_apply_a_fix(page: Any, live: str,
                                               users: dict[Role, NamedUser]) -> None:
    sign_in(page, live, users[Role.STAFF])
    page.get_by_label("Your draft").fill(DRAFT)
    page.get_by_role("button", name="Check my draft").click()
    result = page.locator("#result")
    result.wait_for()
    assert "Do not publish" in result.locator("h2").inner_text()
    assert "07700 900123" in result.locator("mark").first.inner_text()
    assert page.locator("#result a[href^='/policy#section-']").count() > 0
    page.get_by_role("button", name="Apply: remove the personal details").first.click()
    page.wait_for_selector("text=The fix was applied")
    value = page.get_by_label("Your draft").input_value()
    assert "07700 900123" not in value and "Sue Brown" in value


def test_the_check_page_by_keyboard_alone(page: Any, live: str) -> None:
    page.goto(f"{live}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == \
        "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background != "rgba(0, 0, 0, 0)", "no visible focus"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    tab_until(page, "document.activeElement.id === 'text'")
    page.keyboard.type(DRAFT)
    tab_until(page, "document.activeElement.textContent.trim() === 'Check my draft'")
    page.keyboard.press("Enter")
    page.locator("#result").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'result-heading'")
    tab_until(page, "document.activeElement.textContent.trim().startsWith('Apply: remove')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=The fix was applied")
    assert "07700 900123" not in page.locator("#text").input_value()


def tab_until(page: Any, condition: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    raise AssertionError(f"never reached by Tab: {condition}")


def test_the_check_page_works_without_javascript(browser: Any, live: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live}/")
        page.get_by_label("Your draft").fill(DRAFT)
        page.get_by_role("button", name="Check my draft").click()
        page.locator("#result").wait_for()
        page.get_by_role("button", name="Apply: remove the personal details").first.click()
        page.wait_for_selector("text=The fix was applied")
        assert "07700 900123" not in page.get_by_label("Your draft").input_value()
    finally:
        context.close()


PAGES = [("/", None), ("/policy", None), ("/login", None), ("/nowhere", None),
         ("/account", Role.STAFF), ("/admin/users", Role.ADMIN)]


@pytest.mark.parametrize(("path", "role"), PAGES)
def test_no_serious_accessibility_violations(page: Any, live: str,
                                             users: dict[Role, NamedUser], path: str,
                                             role: Role | None) -> None:
    if role is not None:
        sign_in(page, live, users[role])
    page.goto(f"{live}{path}")
    assert serious_violations(page) == []


def test_no_serious_violations_on_a_verdict_with_findings(page: Any, live: str) -> None:
    page.goto(f"{live}/")
    page.get_by_label("Your draft").fill(DRAFT + " Proud of the ICB.")
    page.locator("details").nth(1).locator("summary").click()  # open the image section
    page.get_by_role("button", name="Check my draft").click()
    page.locator("#result").wait_for()
    assert serious_violations(page) == []


def test_htmx_updates_in_place_under_the_content_security_policy(browser: Any,
                                                                 live: str) -> None:
    context = browser.new_context()  # the real CSP this time
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(f"{live}/")
        page.evaluate("window.notReloaded = true")
        page.get_by_label("Your draft").fill(DRAFT)
        page.get_by_role("button", name="Check my draft").click()
        page.locator("#result").wait_for()
        assert page.evaluate("window.notReloaded === true"), "htmx did not swap in place"
        # socialguard.js moves focus once htmx has settled the swap (a few ms later).
        page.wait_for_function("document.activeElement && document.activeElement.id === 'result-heading'")
        assert problems == []
    finally:
        context.close()
