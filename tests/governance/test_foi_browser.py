"""An FOI officer's day in a real browser: the validity checklist and its ready reply, then
the clock through clarification (the count restarts), a public interest extension past the
ICO's limit (warned of), a refusal citing exemptions, and reopening it with a reason; each
step shown on a confirmation page first, where Cancel changes nothing. Then the compliance
figures. axe-core finds no serious or critical problem on any of these pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.cases.kinds import CaseKind
from socialguard.cases.service import open_case
from socialguard.triage.clock import foi_due_date
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import NamedUser, ServerThread, make_settings
from tests.web.browser import needs_chromium, open_tab, serious_violations, sign_in

# Fixtures shared with the other web tests (pytest finds them as module attributes).
app, data_dir, database_url, users = web.app, web.data_dir, web.database_url, web.users

pytestmark = [needs_chromium]
Users = dict[Role, NamedUser]
ASK_ADDRESS = "Please send us an e-mail or postal address so we can reply to your request."


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str, users: Users) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with open_tab(browser, 20_000) as tab:
        yield tab



def request_from_x(app: FastAPI) -> int:
    """An FOI request as triage opens it from a post on X: a real name, no address."""
    with app.state.db.session() as session:
        case, _ = open_case(session, kind=CaseKind.FOI, title="Agency nurse spend (x)",
                            description="How much did the trust spend on agency nurses in "
                                        "2024? Amira Khan", reporter=None, pack=app.state.policy.pack,
                            platform="x", requester="Amira Khan",
                            received_at=datetime(2025, 3, 3, 10, 0, tzinfo=UTC))
        return case.id


def take(page: Any, name: str, fields: dict[str, str], *, confirm: bool = True,
         choose: str | None = None) -> None:
    """Open a step's form, fill it in, continue to the confirmation page (and confirm)."""
    step = page.locator(f"#step-{name}")
    step.locator("summary").click()
    for label, value in fields.items():
        step.get_by_label(label, exact=True).fill(value)
    if choose:
        step.get_by_label(choose, exact=True).check()
    step.get_by_role("button", name="Continue").click()
    page.wait_for_selector("h1:has-text('Confirm:')")
    assert serious_violations(page) == []
    if confirm:
        page.get_by_role("button", name="Confirm:").click()
        page.wait_for_selector("#foi-clock-heading")


def test_an_foi_request_through_the_clock(page: Any, live: str, users: Users,
                                          app: FastAPI) -> None:
    case_id = request_from_x(app)
    sign_in(page, live, users[Role.FOI])
    page.goto(f"{live}/cases/{case_id}")
    assert page.get_by_label("The requester's real name").is_checked()
    assert not page.get_by_label("An address for correspondence (e-mail or postal)").is_checked()
    reply = page.get_by_label("Ready reply asking for what is missing").input_value()
    assert ASK_ADDRESS in reply and "03 March 2025" in reply
    assert serious_violations(page) == []

    # A step waits on its confirmation page; Cancel leaves the request as it was.
    take(page, "clarification-sought", {"Day it happened": "2025-03-05",
                                        "Reason": "Which wards do you mean?"}, confirm=False)
    assert "Tue 01 Apr 2025 → none (clock stopped)" in page.locator("#due-change").inner_text()
    page.get_by_role("link", name="Cancel").click()
    assert page.locator("#case-state").inner_text() == "open"

    take(page, "clarification-sought", {"Day it happened": "2025-03-05",
                                        "Reason": "Which wards do you mean?"})
    assert page.locator("#case-state").inner_text() == "clarification sought"
    assert "the clock is stopped for clarification" in page.locator("#foi-due").inner_text()

    # The clarification arrives on 10 March: 20 working days from then (St Patrick's Day off).
    take(page, "clarification-received", {"Day it happened": "2025-03-10"})
    restarted = foi_due_date(date(2025, 3, 10))
    assert page.locator("#foi-due").inner_text() == f"{restarted:%a %d %b %Y}"
    assert "Saint Patrick's Day" in page.locator("#foi-why").inner_text()

    # A public interest extension past the ICO's 20 extra working days is warned of.
    take(page, "extension", {"Day it happened": "2025-03-20", "New date for the response":
                             "2025-05-30", "Reason": "Weighing the public interest in s.43"},
         confirm=False)
    assert "more than 20 working days" in page.locator("#warnings").inner_text()
    page.get_by_role("button", name="Confirm:").click()
    page.wait_for_selector("#foi-clock-heading")
    assert page.locator("#foi-due").inner_text().startswith("Fri 30 May 2025 (extended")

    take(page, "response", {"Day it happened": "2025-05-20", "Exemptions relied on (when "
                            "refusing all or part)": "s.40(2), section 43"}, choose="Refused")
    assert "refused, relying on s.40(2), s.43" in page.locator("#foi-response").inner_text()
    assert page.locator("#case-state").inner_text() == "responded"

    take(page, "reopen", {"Reason": "Recorded against the wrong request"})
    assert page.locator("#case-state").inner_text() == "in progress"
    assert "Recorded against the wrong request" in page.locator("table").last.inner_text()
    assert serious_violations(page) == []


def test_the_figures_page_is_accessible(page: Any, live: str, users: Users) -> None:
    sign_in(page, live, users[Role.ADMIN])
    page.goto(f"{live}/cases/foi/figures")
    assert page.get_by_role("heading", name="FOI compliance figures").is_visible()
    assert page.get_by_role("img").first.get_attribute("alt").startswith("Line chart")
    assert serious_violations(page) == []
    page.get_by_label("First day received").fill("2025-03-01")
    page.get_by_label("Last day received").fill("2025-03-31")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**start=2025-03-01**")
    assert "Mar 2025" in page.locator("#months").inner_text()
