"""The pages without a browser: the check form, fixes, captions, the policy page, privacy."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from socialguard.auth.models import ApiToken, LoginAttempt, User
from socialguard.auth.roles import Role
from socialguard.policydoc import service
from socialguard.web.templating import uk_date
from tests.conftest_web import BASE_URL, NamedUser, csrf_from, log_in

DRAFT = "Please call Sue Brown on 07700 900123 about the raffle"


def post_check(client: TestClient, **fields: str | list[str]) -> str:
    token = csrf_from(client.get("/").text)
    data: dict[str, str | list[str]] = {"csrf_token": token, "capacity": "personal",
                                        "kind": "post", "platform": "x", "identifiable": "on"}
    data.update(fields)
    response = client.post("/check", data=data)
    assert response.status_code in (200, 422), response.text
    return response.text


def textarea(html: str) -> str:
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert found
    return found.group(1)


def test_home_page_is_the_check_form(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<label for="text">Your draft</label>' in page.text
    assert 'href="#main"' in page.text and "Skip to main content" in page.text
    assert '<script src="/static/htmx.min.js"' in page.text


def test_check_shows_decision_marks_sections_and_fixes(client: TestClient) -> None:
    html = post_check(client, text=DRAFT)
    assert "Result: Do not publish this as written" in html
    assert "<mark>07700 900123" in html
    assert re.search(r'href="/policy#section-6-2"', html)
    assert "Apply: remove the personal details" in html


def test_apply_fix_puts_the_fixed_text_in_the_draft(client: TestClient) -> None:
    html = post_check(client, text=DRAFT)
    fixed = re.search(r'name="fixed_text" value="(Please call Sue Brown about the raffle)"', html)
    assert fixed, "no natural redaction fix offered"
    after = post_check(client, text=DRAFT, fixed_text=fixed.group(1).replace("&#39;", "'"))
    assert "07700 900123" not in textarea(after)
    assert "The fix was applied" in after


def test_disclaimer_fix_appends_the_policy_wording(client: TestClient) -> None:
    html = post_check(client, text="Proud of the ICB team's work on the new clinic.")
    fixed = re.search(r'name="fixed_text" value="([^"]*personal views[^"]*)"', html)
    assert fixed
    after = post_check(client, text="x", fixed_text=fixed.group(1).replace("&#39;", "'"))
    assert "reflect my personal views" in textarea(after)
    assert "Personal-views disclaimer missing" not in after


def test_a_blank_draft_is_a_form_problem(client: TestClient) -> None:
    html = post_check(client, text="   ")
    assert "There is a problem" in html and 'href="#text"' in html
    assert 'aria-invalid="true"' in html


def test_form_needs_the_csrf_token(client: TestClient) -> None:
    client.get("/")
    assert client.post("/check", data={"text": DRAFT}).status_code == 403


def test_official_video_declarations_reach_the_engine(client: TestClient) -> None:
    html = post_check(client, text="Watch our new video about winter vaccines.",
                      capacity="official", author_role="corporate account",
                      author_name="NHS STW", video="on", video_duration="95",
                      video_channel="personal-youtube", video_credit="Acme Films")
    assert "media.video-captions" in html  # declared video, no captions file
    assert "media.video-channel" in html
    assert "media.video-credit" in html


def test_captions_upload_computes_coverage(client: TestClient) -> None:
    vtt = b"WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nHello\n"
    token = csrf_from(client.get("/").text)
    base = {"csrf_token": token, "capacity": "official", "kind": "video", "platform": "youtube",
            "author_role": "corporate account", "text": "Our winter vaccines video.",
            "video_duration": "95", "video_channel": "corporate-youtube"}
    short = client.post("/check", data=base, files={"captions_file": ("c.vtt", vtt, "text/vtt")})
    assert "captions end at 30s of a 95s video" in short.text
    assert "Current file: c.vtt" in short.text
    full = b"WEBVTT\n\n00:00:00.000 --> 00:01:35.000\nHello\n"
    covered = client.post("/check", data=base,
                          files={"captions_file": ("c.vtt", full, "text/vtt")})
    assert "media.video-captions" not in covered.text


def test_image_people_declarations(client: TestClient) -> None:
    html = post_check(client, text="Lily, 6, loved meeting the team today!",
                      image_people_0_age="child", image_people_0_named="on",
                      image_people_0_consent="none")
    assert "safeguarding." in html


def test_policy_page_shows_sections_rules_examples_and_review(client: TestClient,
                                                             app: FastAPI) -> None:
    page = client.get("/policy")
    assert page.status_code == 200
    assert 'id="section-6-2"' in page.text and 'id="rule-confidential-patient"' in page.text
    assert "Breaks the rule" in page.text
    # The review date comes from one place, as on /policy/control: approval (or the latest
    # review) plus the review interval.
    with app.state.db.session() as session:
        current = service.current(session)
        assert current is not None
        due = service.review_due(session, current)
    shown = uk_date(due.next_review)
    assert (f'<dt>Next review</dt><dd><time datetime="{due.next_review.isoformat()}">'
            f"{shown}</time>") in page.text  # said either way
    overdue_line = f"was due for review on\n    {shown}, {-due.days} days ago"
    if due.overdue:
        assert "Review overdue:" in page.text and overdue_line in page.text
    else:
        assert "Review overdue:" not in page.text
    ids = re.findall(r'\sid="([^"]+)"', page.text)
    assert len(ids) == len(set(ids)), "duplicate ids on the policy page"


def test_pages_need_sign_in_when_anonymous_checks_are_off(closed_app: FastAPI,
                                                          users: dict[Role, NamedUser]) -> None:
    client = TestClient(closed_app, base_url=BASE_URL)
    for path in ("/", "/policy"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    log_in(client, users[Role.STAFF].email, users[Role.STAFF].password)
    assert client.get("/").status_code == 200


def _row_counts(app: FastAPI) -> tuple[int, ...]:
    with app.state.db.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                     for model in (User, ApiToken, LoginAttempt))


def test_checking_stores_nothing_and_logs_no_text(client: TestClient, app: FastAPI,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    before = _row_counts(app)
    secret = "Zebedee Quux-Marmalade"
    with caplog.at_level(logging.DEBUG):
        post_check(client, text=f"{secret} is on ward 9 with pneumonia")
        client.post("/api/v1/check", json={"text": f"{secret} had surgery"})
    assert _row_counts(app) == before
    assert secret not in caplog.text
    assert "POST /check 200" in caplog.text  # the access log is there, without the text
    assert all(getattr(r, "request_id", "-") != "-" for r in caplog.records
               if r.name == "socialguard.access")


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    page = client.get("/nowhere")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Reference:" in page.text


def test_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
