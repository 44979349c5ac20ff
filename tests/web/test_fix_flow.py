"""Applying a fix on the check page: the re-check keeps every finding the fix did not
address, carries rule ids only, and the fixed text has a copy button."""

from __future__ import annotations

import html as markup
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.web.app import create_app
from socialguard.web.check_form import STILL_APPLIES
from tests.conftest_web import ServerThread, csrf_from, make_settings
from tests.web.browser import needs_chromium, serious_violations

PATIENT_POST = "Reunited little Theo (3) with his mum after his tonsillectomy today 🥹 best bit of the job"


def post(client: TestClient, data: dict[str, str | list[str]]) -> str:
    response = client.post("/check", data=data)
    assert response.status_code == 200, response.text
    return response.text


def first_check(client: TestClient, text: str, platform: str = "instagram") -> str:
    token = csrf_from(client.get("/").text)
    return post(client, {"csrf_token": token, "text": text, "capacity": "personal",
                         "kind": "post", "platform": platform, "identifiable": "on"})


def fix_form(html: str, rule: str) -> dict[str, str | list[str]]:
    """The hidden fields of the fix form for ``rule``, as the browser would post them."""
    for form in re.findall(r'<form[^>]*class="fix-form".*?</form>', html, re.S):
        fields: dict[str, str | list[str]] = {}
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                      form):
            value = markup.unescape(value)
            if name == "previous_rule":
                previous = fields.setdefault(name, [])
                assert isinstance(previous, list)
                previous.append(value)
            else:
                fields[name] = value
        if fields.get("fixed_rule") == rule:
            return fields
    raise AssertionError(f"no fix form for {rule}")


def rules_shown(html: str) -> list[str]:
    return re.findall(r'rule <a href="/policy#[^"]*"><code>([^<]+)</code>', html)


def test_the_recheck_after_the_patient_fix_still_shows_the_work_comment(
        client: TestClient) -> None:
    before = first_check(client, PATIENT_POST)
    assert {"confidential.patient", "identity.work-comment"} <= set(rules_shown(before))
    fields = fix_form(before, "confidential.patient")
    assert fields["fixed_text"] == ("Reunited a patient with his mum after his tonsillectomy "
                                    "today 🥹 best bit of the job")
    after = post(client, fields)
    assert "The fix was applied" in after
    assert "Theo" not in after
    assert "identity.work-comment" in rules_shown(after)
    assert "Result: No problems found" not in after


def test_a_finding_the_new_verdict_drops_is_carried_over_as_still_applying(
        client: TestClient) -> None:
    """The fix changed the words that triggered the work-comment finding, not what the post
    is: the re-check shows it, marked, and counts it in the decision."""
    token = csrf_from(client.get("/").text)
    after = post(client, {"csrf_token": token, "text": "x", "capacity": "personal",
                          "kind": "post", "platform": "x", "identifiable": "on",
                          "fixed_text": "Lovely sunny day for a walk by the river.",
                          "fixed_rule": "confidential.patient",
                          "previous_rule": ["confidential.patient", "identity.work-comment"]})
    assert rules_shown(after) == ["identity.work-comment"]
    assert STILL_APPLIES in after
    assert "Result: No problems found" not in after


def test_the_fix_form_carries_rule_ids_only(client: TestClient) -> None:
    before = first_check(client, PATIENT_POST)
    fields = fix_form(before, "confidential.patient")
    carried = {k: v for k, v in fields.items() if k in ("previous_rule", "fixed_rule")}
    assert carried["fixed_rule"] == "confidential.patient"
    assert set(carried["previous_rule"]) == set(rules_shown(before))
    assert "Theo" not in str(carried)


def test_forged_rule_ids_are_ignored(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    after = post(client, {"csrf_token": token, "text": "x", "capacity": "personal",
                          "kind": "post", "platform": "x", "identifiable": "on",
                          "fixed_text": "Lovely sunny day for a walk by the river.",
                          "fixed_rule": "conduct.abusive",
                          "previous_rule": ["<script>alert(1)</script>", "nosuch.rule",
                                            "conduct.abusive"]})
    assert "<script>alert(1)</script>" not in after
    assert "nosuch.rule" not in after
    assert STILL_APPLIES not in after  # the only real id is the rule that was fixed


def test_a_fresh_check_carries_nothing(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    after = post(client, {"csrf_token": token, "text": "Lovely sunny day for a walk.",
                          "capacity": "personal", "kind": "post", "platform": "x",
                          "identifiable": "on", "previous_rule": ["identity.work-comment"]})
    assert STILL_APPLIES not in after


def test_the_fixed_text_is_shown_with_a_copy_button(client: TestClient) -> None:
    html = first_check(client, PATIENT_POST)
    assert re.search(r'<p class="fix-text[^"]*" id="fix-text-\d+"[^>]*>Reunited a patient', html)
    button = re.search(r'<button type="button" class="button secondary copy-fix"[^>]*>'
                       r'Copy the fixed text<span class="visually-hidden"> for finding \d+',
                       html)
    assert button and " hidden>" in button.group(0)  # shown by socialguard.js only


@pytest.fixture(scope="module")
def live(app: FastAPI, data_dir: Any, database_url: str) -> Iterator[str]:
    application = create_app(make_settings(data_dir, database_url))
    with ServerThread(application) as server:
        yield server.url


@needs_chromium
def test_the_copy_button_copies_and_says_so(browser: Any, live: str) -> None:
    context = browser.new_context(bypass_csp=True)  # the axe scan injects an inline script
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live}/")
        if page.url.rstrip("/").endswith("/login"):
            pytest.skip("anonymous checks are off in this configuration")
        page.get_by_label("Your draft").fill(PATIENT_POST)
        page.get_by_role("button", name="Check my draft").click()
        page.locator("#result").wait_for()
        button = page.get_by_role("button", name=re.compile(r"^Copy the fixed text")).first
        button.wait_for()
        assert button.is_visible()
        button.click()
        status = page.locator(".copy-status").first
        page.wait_for_function(
            "() => document.querySelector('.copy-status').textContent.trim() !== ''")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() in (
            "Copied the fixed text.",
            "The fixed text is selected: press Ctrl+C (or Cmd+C) to copy it.")
        assert serious_violations(page) == []
    finally:
        context.close()
