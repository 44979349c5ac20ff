"""The check page, the inbox and the accounts register on a phone, in a real browser:
the draft box and the Check button on the first screen, the verdict headline scrolled to
and focused after a check, tables that reflow at 320 CSS px, and axe-core at 390×844."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import expect

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests.conftest_web import NamedUser, ServerThread, make_settings
from tests.web.browser import needs_chromium, serious_violations, sign_in

pytestmark = [needs_chromium]
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
DRAFT = "Please call Sue Brown on 07700 900123 about the raffle"
CHECK = "Check my draft"


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str,
         users: dict[Role, NamedUser]) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


def open_page(browser: Any, viewport: dict[str, int], **options: Any) -> Any:
    context = browser.new_context(viewport=viewport, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    tab = open_page(browser, PHONE)  # the real CSP: socialguard.js and htmx must still work
    yield tab
    tab.context.close()


@pytest.fixture()
def phone_for_axe(browser: Any) -> Iterator[Any]:
    tab = open_page(browser, PHONE, bypass_csp=True)  # the axe scan injects its script
    yield tab
    tab.context.close()



def within_viewport(page: Any, selector: str) -> bool:
    # Playwright's expect() and evaluate() run outside the page's CSP; wait_for_function with
    # a string would need 'unsafe-eval' as soon as it polls.
    return bool(page.evaluate("""selector => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight
            && box.right <= window.innerWidth;
    }""", selector))


@pytest.mark.parametrize("role", [None, Role.STAFF, Role.ADMIN])
def test_the_draft_box_and_the_check_button_are_on_the_first_screen(
        phone: Any, live: str, users: dict[Role, NamedUser], role: Role | None) -> None:
    if role is not None:  # a signed-in header has more links, so it is taller
        sign_in(phone, live, users[role])
    phone.goto(f"{live}/")
    draft = phone.get_by_label("Your draft").bounding_box()
    button = phone.get_by_role("button", name=CHECK).bounding_box()
    assert draft["y"] >= 0 and draft["y"] + draft["height"] <= PHONE["height"]
    assert button["y"] >= 0 and button["y"] + button["height"] <= PHONE["height"], button
    assert phone.evaluate("window.scrollY") == 0
    more = phone.locator("details.more")
    assert more.get_attribute("open") is None
    assert more.locator("summary").inner_text() == "More about this post (optional)"
    # Folded away, the options still hold their defaults (and are still submitted).
    assert phone.locator("#capacity-personal").is_checked()
    assert phone.locator("#identifiable").is_checked()
    assert phone.locator("#kind").input_value() == "post"
    assert phone.locator("#platform").input_value() == "x"
    assert not phone.get_by_label("Your role (official posts", exact=False).is_visible()
    more.locator("summary").click()
    assert phone.get_by_label("Your role (official posts", exact=False).is_visible()


def test_a_plain_draft_checks_as_before_with_the_options_folded(phone: Any, live: str) -> None:
    phone.goto(f"{live}/")
    phone.get_by_label("Your draft").fill(DRAFT)
    phone.get_by_role("button", name=CHECK).click()
    phone.locator("#result").wait_for()
    assert "Do not publish" in phone.locator("#result-heading").inner_text()
    assert phone.locator("details.more").get_attribute("open") is None


def test_changed_options_stay_unfolded_after_a_check(phone: Any, live: str) -> None:
    phone.goto(f"{live}/")
    phone.get_by_label("Your draft").fill("Lovely day at the hospital fete")
    phone.locator("details.more summary").click()
    phone.get_by_label("Platform").select_option("facebook")
    phone.get_by_role("button", name=CHECK).click()
    phone.locator("#result").wait_for()
    assert phone.locator("details.more").get_attribute("open") is not None
    assert phone.get_by_label("Platform").input_value() == "facebook"


def test_the_verdict_headline_is_scrolled_to_and_focused(phone: Any, live: str) -> None:
    phone.goto(f"{live}/")
    phone.get_by_label("Your draft").fill(DRAFT)
    phone.get_by_role("button", name=CHECK).click()
    phone.locator("#result-heading").wait_for()
    expect(phone.locator("#result-heading")).to_be_focused()
    assert phone.evaluate("document.activeElement.textContent").startswith(
        "Result: Do not publish")
    assert within_viewport(phone, "#result-heading")


def test_the_verdict_headline_is_focused_after_a_full_page_load(phone: Any, live: str) -> None:
    # The same form submitted without htmx (as when its script has not loaded yet).
    phone.goto(f"{live}/")
    phone.get_by_label("Your draft").fill(DRAFT)
    with phone.expect_navigation():
        phone.evaluate("HTMLFormElement.prototype.submit.call(document.getElementById('check-form'))")
    assert phone.evaluate("location.hash") == "#result-heading"
    expect(phone.locator("#result-heading")).to_be_focused()
    assert within_viewport(phone, "#result-heading")


def test_without_javascript_the_headline_is_the_anchor_scrolled_to(browser: Any,
                                                                   live: str) -> None:
    page = open_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(f"{live}/")
        page.get_by_label("Your draft").fill(DRAFT)
        page.get_by_role("button", name=CHECK).click()
        page.locator("#result-heading").wait_for()
        assert page.url.endswith("/check#result-heading")
        assert within_viewport(page, "#result-heading")
    finally:
        page.context.close()


def seed_inbox_and_register(page: Any, live: str, admin: NamedUser) -> None:
    """A message and an account with long, unbroken words: the worst case for reflow."""
    headers = {"Authorization": f"Bearer {admin.token}"}
    tag = uuid.uuid4().hex
    message = {"id": f"phone-{tag}", "platform": "facebook",
               "author": {"name": "@a_follower_with_a_very_long_handle_indeed"},
               "text": "Please look at https://example.org/a/very/long/path/that/does/not/"
                       f"break/anywhere/{tag} about my appointment"}
    response = page.request.post(f"{live}/api/v1/inbox/messages", data=message,
                                 headers=headers)
    assert response.status == 201, response.text()
    account = {"ref": f"acc-{tag[:8]}", "platform": "x",
               "handle": "@STW_Maternity_and_Neonatal_Voices_Partnership",
               "owner": "Maternity programme team", "programme": "Winter",
               "created_at": "2025-02-01", "followers": 87, "objectives_kpis": "KPIs",
               "content_plan": "Plan", "user_need": "Need", "resourcing": "Two officers",
               "checked_several_times_daily": True, "not_internal": True}
    response = page.request.post(f"{live}/api/v1/accounts", data=account, headers=headers)
    assert response.status == 201, response.text()


@pytest.mark.parametrize("path", ["/inbox", "/accounts"])
def test_tables_reflow_at_320_css_pixels(browser: Any, live: str,
                                         users: dict[Role, NamedUser], path: str) -> None:
    page = open_page(browser, NARROWEST)
    try:
        sign_in(page, live, users[Role.ADMIN])
        seed_inbox_and_register(page, live, users[Role.ADMIN])
        page.goto(f"{live}{path}")
        cells = page.locator("table.reflow td[data-label]")
        assert cells.count() > 0, "no table to reflow"
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
        # Each cell is captioned by its column's name.
        label = cells.first.get_attribute("data-label")
        caption = page.evaluate(
            "cell => getComputedStyle(cell, '::before').content",
            cells.first.element_handle())
        assert caption == f'"{label}"'
    finally:
        page.context.close()


def test_no_serious_violations_on_the_check_page_before_and_after_checking(
        phone_for_axe: Any, live: str) -> None:
    page = phone_for_axe
    page.goto(f"{live}/")
    assert serious_violations(page) == []
    page.get_by_label("Your draft").fill(DRAFT + " Proud of the ICB.")
    page.get_by_role("button", name=CHECK).click()
    page.locator("#result").wait_for()
    expect(page.locator("#result-heading")).to_be_focused()
    assert serious_violations(page) == []
