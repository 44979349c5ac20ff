"""The policy owner in a real browser: saves a test draft, changes a disclaimer, a rule's
severity and a triage label's instruction in the form, sees on the publish page which verdicts
(and labels) change, publishes, and the
command line in another process follows the new version without a restart; rolling back
from the control page brings the old verdict back. axe-core scans each page.

Runs on SQLite and, with SOCIALGUARD_TEST_DATABASE_URL, on PostgreSQL (conftest_web)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from socialguard.auth.roles import Role
from socialguard.web.app import create_app
from tests.conftest_web import NamedUser, ServerThread, make_settings
from tests.web.browser import REPO, needs_chromium, open_tab, serious_violations, sign_in

pytestmark = [needs_chromium]
RULE = "confidential.personal-data"
DRAFT = "Ring my neighbour Jean on 07700 900123 if you want a lift to the clinic"
GENERAL = "Answer in the usual way, within two working days."


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str,
         users: dict[Role, NamedUser]) -> Iterator[str]:
    """The app on a real socket, sharing the test database (and its named users)."""
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False,
                                           policy_refresh_seconds=0.0))
    with ServerThread(application) as server:
        yield server.url


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # Saving goes on to the publish page, which checks every example under two versions.
    with open_tab(browser, 90_000) as tab:
        yield tab


def cli_check(database_url: str) -> tuple[str, str]:
    """(severity of the rule for DRAFT, the verdict's policy) from the command line in a
    process of its own, against the same database."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SOCIALGUARD_PACK", None)
    done = subprocess.run(
        [sys.executable, "-m", "socialguard.cli", "check", DRAFT, "--format", "json",
         "--database", database_url], capture_output=True, text=True, env=env, timeout=600,
        check=True)
    verdict = json.loads(done.stdout)
    found = [f["severity"] for f in verdict["findings"] if f["rule"] == RULE]
    assert len(found) == 1, verdict
    return found[0], verdict["policy"]


def test_owner_edits_publishes_and_rolls_back(page: Any, live: str, database_url: str,
                                              users: dict[Role, NamedUser]) -> None:
    before, policy_before = cli_check(database_url)
    target = "warn" if before != "warn" else "advise"
    sign_in(page, live, users[Role.HR])

    # A test draft of the owner's own, checked under every new version.
    page.goto(f"{live}/policy/control/test-drafts")
    page.get_by_label("Text of the draft").fill(DRAFT)
    page.get_by_label("Platform").select_option("facebook")
    page.get_by_role("button", name="Save the test draft").click()
    page.wait_for_selector("text=The test draft is saved.")
    assert serious_violations(page) == []

    page.goto(f"{live}/policy/control")
    old = int(re.search(r"In force: version (\d+)", page.content()).group(1))
    assert policy_before == f"HR020 policy version {old}"
    page.get_by_role("link", name="Edit the policy in a form").click()
    page.wait_for_url(f"{live}/policy/control/edit")
    assert serious_violations(page) == []
    page.get_by_label("Disclaimer: personal views").fill(
        "These views are mine alone and not those of {organisation}.")
    page.get_by_label(f"Severity of rule {RULE}", exact=True).select_option(target)
    page.get_by_label("Instruction for triage label triage.general", exact=True).fill(GENERAL)
    page.get_by_label("What changed and why").fill(f"{RULE}: {target}; a shorter disclaimer")
    page.get_by_role("button", name="Save as a draft and see what changes").click()
    page.wait_for_url(re.compile(r".*/policy/control/versions/\d+/publish$"))

    # Nothing is in force yet: the command line still judges under the old version.
    assert cli_check(database_url) == (before, policy_before)
    heading = page.get_by_role("heading", level=1).inner_text()
    new = int(re.fullmatch(r"Put version (\d+) in force", heading).group(1))
    changes = page.locator("#verdict-changes-table")
    row = changes.locator("tr", has_text=DRAFT)
    assert row.count() == 1
    assert f"{RULE}: {before} becomes {target}" in row.inner_text()
    assert "Your test draft: post, personal, facebook" in row.inner_text()
    assert "Also changed: disclaimers" in page.content()  # the summary of what changed
    assert "Triage labels changed: triage.general" in page.content()
    assert serious_violations(page) == []

    page.get_by_role("button", name=f"Publish version {new}").click()
    page.wait_for_selector(f"text=Version {new} is in force")
    # Another process, no restart: the command line follows the publication.
    assert cli_check(database_url) == (target, f"HR020 policy version {new}")

    page.get_by_role("link", name=f"Roll back to version {old}", exact=True).click()
    page.get_by_label("Why roll back (required)").fill("Legal advice: keep blocking it")
    page.get_by_role("button", name=f"Roll back to version {old}").click()
    page.wait_for_selector(f"text=Rolled back: version {old} is in force again.")
    assert cli_check(database_url) == (before, f"HR020 policy version {old}")

    page.goto(f"{live}/policy/control/test-drafts")
    page.get_by_role("button", name=re.compile(r"Delete test draft \d+")).last.click()
    page.wait_for_selector("text=The test draft is deleted.")
