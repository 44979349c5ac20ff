"""Approvals in a real browser: a member of staff raises a video request with a captions
file, a Communications and Engagement reviewer approves it; axe-core scans each page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, ServerThread, make_settings
from tests.governance.test_approvals_api import SRT_10S, VTT_30S
from tests.web.browser import CHROMIUM, LAUNCH_ARGS, needs_chromium, serious_violations, sign_in

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
def live(app: FastAPI, data_dir: Path, database_url: str,
         users: Users) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


class BrowserThread:
    """Chromium driven from a thread of its own: Playwright's sync API allows one instance
    per thread, and other test modules may hold one in the main thread."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="playwright")
        self._playwright: Any = None
        self._browser: Any = None

    def run(self, scenario: Callable[[Any], None]) -> None:
        """Run ``scenario(page)`` on a fresh page (its own cookies) in the browser's thread."""
        self._pool.submit(self._in_page, scenario).result(timeout=300)

    def _in_page(self, scenario: Callable[[Any], None]) -> None:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        # bypass_csp: the axe scan injects its script inline, which the app's CSP forbids.
        context = self._browser.new_context(bypass_csp=True)
        try:
            page = context.new_page()
            page.set_default_timeout(15_000)
            scenario(page)
        finally:
            context.close()

    def close(self) -> None:
        def stop() -> None:
            if self._browser is not None:
                self._browser.close()
                self._playwright.stop()

        self._pool.submit(stop).result(timeout=60)
        self._pool.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread]:
    thread = BrowserThread()
    yield thread
    thread.close()



def raise_video(page: Any, live: str, captions: tuple[str, str], duration: str) -> str:
    page.goto(f"{live}/approvals")
    page.get_by_role("link", name="Video", exact=True).click()
    page.get_by_label("Title").fill("New clinic opening video")
    page.get_by_label("Length of the video in seconds").fill(duration)
    page.get_by_label("Where it will be published").select_option("corporate-youtube")
    page.get_by_label("Branded with the organisation's identity").check()
    page.get_by_label("Labelled", exact=True).check()
    page.get_by_label("Tagged", exact=True).check()
    page.get_by_label("Closed captions file (WebVTT .vtt or SubRip .srt)").set_input_files(
        {"name": captions[0], "mimeType": "text/vtt", "buffer": captions[1].encode()})
    page.get_by_label("Person 1: who").fill("Clinic nurse")
    page.get_by_label("Person 1: age group").select_option("adult")
    page.get_by_label("Person 1: consent").select_option("written")
    page.get_by_label("Person 1: where the consent record is kept").fill("CF-2026-014")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(re.compile(r".*/approvals/\d+$"))
    return str(page.url)


def test_staff_raise_a_video_and_comms_approve_it(chromium: BrowserThread, live: str,
                                                  users: Users) -> None:
    chromium.run(lambda page: raise_and_approve(page, live, users))


def raise_and_approve(page: Any, live: str, users: Users) -> None:
    sign_in(page, live, users[Role.STAFF])
    url = raise_video(page, live, ("clinic.vtt", VTT_30S), "30")
    checks = page.locator("#checks")
    assert "Pass" in checks.locator("tr", has_text="Closed captions").text_content()
    assert page.get_by_text("All 5 checks pass.").is_visible()
    assert serious_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, live, users[Role.COMMS])
    page.goto(url)
    page.get_by_role("button", name="Start review").click()
    page.wait_for_selector("text=under review")
    page.get_by_label("Reason or note").fill("Captions and consent checked")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("p.lead >> text=approved")
    history = page.locator("table", has_text="When (UK time)").inner_text()
    assert "under review → approved" in history and users[Role.COMMS].email in history


def test_failing_checks_are_shown_in_words(chromium: BrowserThread, live: str,
                                           users: Users) -> None:
    chromium.run(lambda page: failing_checks(page, live, users))


def failing_checks(page: Any, live: str, users: Users) -> None:
    sign_in(page, live, users[Role.STAFF])
    raise_video(page, live, ("short.srt", SRT_10S), "60")
    row = page.locator("#checks tr", has_text="Closed captions")
    assert "Fail" in row.text_content() and "end at 10.0s of a 60.0s video" in row.inner_text()
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", ["/approvals", "/approvals/new/video", "/approvals/new/blog",
                                  "/approvals/new/survey", "/approvals/new/collaboration"])
def test_no_serious_accessibility_violations(chromium: BrowserThread, live: str,
                                             users: Users, path: str) -> None:
    def scan(page: Any) -> None:
        sign_in(page, live, users[Role.STAFF])
        page.goto(f"{live}{path}")
        assert serious_violations(page) == []

    chromium.run(scan)


def test_no_serious_violations_on_a_form_with_errors(chromium: BrowserThread, live: str,
                                                     users: Users) -> None:
    chromium.run(lambda page: form_with_errors(page, live, users))


def form_with_errors(page: Any, live: str, users: Users) -> None:
    sign_in(page, live, users[Role.STAFF])
    page.goto(f"{live}/approvals/new/video")
    page.get_by_label("Title").fill("x")
    page.get_by_label("Length of the video in seconds").fill("-1")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_selector(".error-summary")
    assert serious_violations(page) == []
