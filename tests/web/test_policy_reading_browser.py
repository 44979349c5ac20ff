"""Reading the policy before acknowledging it, in a real browser (Debian's chromium): a member
of staff acknowledges the version in force at the end of /policy; after HR publishes a new
one they see, at the top, what changed since (the reworded section, the changed rule's
title), acknowledge it, and the page says so. axe-core finds no serious violation on the way.

On SQLite, or on a fresh PostgreSQL database when SOCIALGUARD_TEST_DATABASE_URL is set, like
the other browser tests; the database is this module's own, because publishing changes the
version every other module expects to be in force.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.policy import load_pack
from socialguard.web.app import create_app
from tests.conftest_web import (
    NamedUser,
    ServerThread,
    make_settings,
    own_app,
)
from tests.governance.test_policy_reading import PERSONAL_DATA, edited
from tests.governance.test_policy_reading import record_and_publish as publish
from tests.web.browser import needs_chromium, open_tab, serious_violations, sign_in

pytestmark = [needs_chromium]
Users = dict[Role, NamedUser]


# The app the test calls the API through (HR publishing), on the module's own database.
data_dir, database_url, app, users = own_app("reading-browser", "reading-browser.nhs.uk",
                                             warm_detectors=False)


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Path, database_url: str, users: Users) -> Iterator[str]:
    """The app on a real socket, sharing the module's database (and its named users)."""
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with open_tab(browser, 15_000) as tab:
        yield tab


def version_in_force(page: Any) -> int:
    lead = page.locator("p.lead strong").inner_text()  # "Version 3"
    return int(lead.removeprefix("Version "))


def test_staff_read_what_changed_and_acknowledge_it(page: Any, live: str, app: FastAPI,
                                                    users: Users) -> None:
    sign_in(page, live, users[Role.STAFF])
    page.goto(f"{live}/policy")
    assert page.get_by_role(
        "heading", name="You have not acknowledged any version yet: please read it all"
    ).is_visible()
    assert serious_violations(page) == []
    old = version_in_force(page)
    page.get_by_role("button", name=f"I have read and understood version {old}").click()
    page.wait_for_url(f"{live}/policy?done=acknowledged#acknowledge")
    status = page.get_by_role("status")
    assert status.inner_text() == f"Thank you: your acknowledgement of version {old} is recorded."

    publish(app, users[Role.HR], edited())
    page.goto(f"{live}/policy")
    new = version_in_force(page)
    assert new > old
    changes = page.locator("section.changes")
    heading = changes.get_by_role("heading", level=2).inner_text()
    assert heading.startswith(f"What changed since version {old}, which you acknowledged on ")
    section = changes.locator(".section-change", has_text="7.1 Mitigating the Risk: changed")
    assert section.locator("del", has_text="Consider using").count() == 1
    assert section.locator("ins", has_text="wherever you can").count() == 1
    assert section.get_by_text("removed", exact=True).first.is_visible()
    assert section.get_by_text("added", exact=True).first.is_visible()
    title = load_pack().rules[PERSONAL_DATA].title
    rule = changes.locator(".rule-changes > li", has_text=title)
    assert "Severity: now warn" in rule.inner_text()
    rule.get_by_role("link", name=f"See the rule “{title}”").click()
    assert page.evaluate("location.hash") == "#rule-confidential-personal-data"
    assert serious_violations(page) == []

    page.get_by_role("button", name=f"I have read and understood version {new}").click()
    page.wait_for_url(f"{live}/policy?done=acknowledged#acknowledge")
    assert page.get_by_role("status").inner_text() == (
        f"Thank you: your acknowledgement of version {new} is recorded.")
    assert page.locator("#acknowledge").get_by_text(
        f"You acknowledged version {new} on").is_visible()
    assert page.locator("section.changes").count() == 0
    assert page.get_by_role("button", name="I have read and understood").count() == 0
    assert serious_violations(page) == []

    page.goto(f"{live}/policy/control")
    assert page.locator("#acknowledge").get_by_text(
        f"You acknowledged version {new} on").is_visible()
