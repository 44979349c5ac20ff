"""The policy owner edits the policy in a form, not in YAML: a save records a draft (never
publishes), the publish page lists every verdict that would change (the bundled examples and
the owner's test drafts), refusals name the field and keep what was typed, staff are kept out.

The other modules may share this database: version numbers are read, never assumed; a test
that publishes puts the version it found back in force."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.engine import check
from socialguard.policy import parse_pack
from socialguard.policydoc import editor
from socialguard.submission import Submission
from socialguard.web.app import create_app
from socialguard.workflow.audit import trail
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, NamedUser, bearer, csrf_from, log_in, make_settings
from tests.governance.test_policydoc_api import BUNDLED

# Fixtures shared with the other web tests (pytest finds them as module attributes).
data_dir, database_url, users = web.data_dir, web.database_url, web.users

Users = dict[Role, NamedUser]
RULE = "confidential.personal-data"
PHONE_DRAFT = "Ring my neighbour Jean on 07700 900123 if you want a lift to the clinic"
DISCLAIMER = "These views are mine alone and not those of {organisation}."
FOI_LABEL = "triage.triage.foi-request"
FOI_INSTRUCTION = "Log it in the FOI tracker today and pass it to Information Rights."
SHORT_FORM = "Opinions here belong to me alone."  # in no lexicon: only the pack knows it
FOI_MESSAGE = {"id": "m-editor", "text": "Under the Freedom of Information Act please send me "
               "the number of complaints you received in 2025. Regards, Jane Smith",
               "platform": "x", "author": {"name": "Jane Smith"},
               "received_at": "2026-11-25T09:30:00Z"}
# 242 characters: the 61-character short form would take it over X's 280, a 33-character one
# fits, so which short form the fix appends shows which forms the pack in force has.
LONG_POST = ("Proud of our ICB's new plan for community services across Shropshire, Telford and "
             "Wrekin: more clinics open in the evening, shorter waits for physiotherapy and a "
             "single number to ring. Come and see us at the open day in Shrewsbury next month!")


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    # Refreshed on every request: a publication reaches the API's next check at once.
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False,
                                           policy_refresh_seconds=0.0))
    with TestClient(application, base_url=BASE_URL):
        yield application


def signed_in(app: FastAPI, user: NamedUser) -> TestClient:
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, user.email, user.password)
    return browser


class FormReader(HTMLParser):
    """What a browser would send for one form: its inputs, ticked boxes, text areas and
    chosen options, as the page shows them."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, {}
        self._area: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.values[a["name"]] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self._area, self._text = a["name"], []
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a["value"]

    def handle_data(self, data: str) -> None:
        if self._area is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._area is not None:
            self.values[self._area] = "".join(self._text)
            self._area = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_of(html: str, form_id: str = "s-form") -> dict[str, str]:
    reader = FormReader(form_id)
    reader.feed(html)
    return dict(reader.values)


def in_force_blocking(app: FastAPI, hr: NamedUser) -> dict[str, object]:
    """The version in force, made one where the rule blocks (the bundled pack) if another
    module left a softer one in force."""
    api = TestClient(app, base_url=BASE_URL)
    listed = api.get("/api/v1/policy/versions", headers=bearer(hr)).json()
    current = next(v for v in listed if v["current"])
    text = api.get(f"/api/v1/policy/versions/{current['id']}", headers=bearer(hr)).json()["yaml"]
    rule = text.index(f"  {RULE}:")
    if "severity: block" in text[rule:rule + 200]:
        return current
    made = api.post("/api/v1/policy/versions", headers=bearer(hr), json={
        "yaml": BUNDLED.replace('pack_version: "2.0.0"', 'pack_version: "2.0.7"', 1),
        "note": "editor tests start from the bundled pack"})
    assert made.status_code == 201, made.text
    assert api.post(f"/api/v1/policy/versions/{made.json()['id']}/publish", headers=bearer(hr),
                    json={"reason": "editor tests"}).status_code == 201
    return dict(made.json())


def test_staff_cannot_edit_the_policy_or_its_test_drafts(app: FastAPI, users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    token = csrf_from(staff.get("/account").text)
    for path in ("/policy/control/edit", "/policy/control/test-drafts"):
        assert staff.get(path).status_code == 403, path
        assert staff.post(path, data={"csrf_token": token, "text": "x"}).status_code == 403, path
    assert "/policy/control/edit" not in staff.get("/policy/control").text
    api = TestClient(app, base_url=BASE_URL)
    for role in (Role.STAFF, Role.MANAGER):
        response = api.get("/api/v1/policy/versions/1/preview", headers=bearer(users[role]))
        assert response.status_code == 403
    signed_out = TestClient(app, base_url=BASE_URL).get("/policy/control/edit",
                                                        follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/login")


def test_hr_keep_test_drafts(app: FastAPI, users: Users) -> None:
    hr = signed_in(app, users[Role.HR])
    page = hr.get("/policy/control/test-drafts")
    assert page.status_code == 200 and "Add a test draft" in page.text
    refused = hr.post("/policy/control/test-drafts", data={
        "csrf_token": csrf_from(page.text), "text": "   ", "kind": "reply",
        "capacity": "official", "platform": "facebook"})
    assert refused.status_code == 422
    assert '<a href="#draft-text">Enter the text of the test draft</a>' in refused.text
    assert '<option value="reply" selected>' in refused.text  # what was chosen is kept
    assert '<option value="facebook" selected>' in refused.text

    saved = hr.post("/policy/control/test-drafts", follow_redirects=False, data={
        "csrf_token": csrf_from(page.text), "text": "Our new clinic opens on Monday in Telford",
        "kind": "post", "capacity": "official", "platform": "x"})
    assert saved.status_code == 303
    listed = hr.get(saved.headers["location"]).text
    assert "The test draft is saved." in listed
    assert "Our new clinic opens on Monday in Telford" in listed
    assert "not identifiable as staff" in listed  # the box was not ticked
    delete = re.findall(r'action="(/policy/control/test-drafts/(\d+)/delete)"', listed)
    path, draft_id = delete[-1]
    gone = hr.post(path, follow_redirects=False, data={"csrf_token": csrf_from(listed)})
    assert gone.status_code == 303
    assert "Our new clinic opens on Monday" not in hr.get(gone.headers["location"]).text
    assert hr.post(path, data={"csrf_token": csrf_from(listed)}).status_code == 404

    with app.state.db.session() as session:
        events = trail(session, entity_type="policy_test_draft", entity_id=draft_id)
        assert [e.action for e in events] == ["create", "delete"]
        assert all(e.actor == users[Role.HR].email for e in events)
        # The trail says what kind of draft it was, never its words.
        assert "clinic" not in repr([e.detail for e in events])


def test_hr_edit_in_the_form_and_see_the_verdicts_that_change(app: FastAPI,
                                                              users: Users) -> None:
    hr_user = users[Role.HR]
    current = in_force_blocking(app, hr_user)
    hr = signed_in(app, hr_user)
    assert 'href="/policy/control/edit"' in hr.get("/policy/control").text
    drafts = hr.get("/policy/control/test-drafts").text
    assert hr.post("/policy/control/test-drafts", follow_redirects=False, data={
        "csrf_token": csrf_from(drafts), "text": PHONE_DRAFT, "kind": "post",
        "capacity": "personal", "platform": "facebook", "identifiable_as_staff": "on",
    }).status_code == 303

    page = hr.get("/policy/control/edit")
    assert page.status_code == 200
    assert f"editing a copy of <strong>version {current['number']}</strong>" in page.text
    for label in ("Disclaimer: personal views", "Full name of the organisation",
                  "No posts for this many months", "Add a partner", "Media outlets (",
                  f"<legend>{RULE}: Someone else"):
        assert label in unescape(page.text), label
    form = form_of(page.text)
    assert form[f"rules.{RULE}.severity"] == "block" and form[f"rules.{RULE}.enabled"] == "on"
    assert "{organisation}" in form["disclaimers.personal_views"]  # the pack's words, unfilled

    form["disclaimers.personal_views"] = DISCLAIMER
    form[f"rules.{RULE}.severity"] = "warn"
    form["note"] = "Personal data: warn, not block; a shorter disclaimer"
    saved = hr.post("/policy/control/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    location = saved.headers["location"]
    draft_id = int(re.fullmatch(r"/policy/control/versions/(\d+)/publish", location).group(1))

    # A draft, not in force; only the two lines that changed differ from the version it
    # started from (the comments, order and quoting of the rest are kept).
    api = TestClient(app, base_url=BASE_URL)
    draft = api.get(f"/api/v1/policy/versions/{draft_id}", headers=bearer(hr_user)).json()
    assert draft["status"] == "draft" and not draft["current"] and draft["source"] == "editor"
    assert draft["note"] == "Personal data: warn, not block; a shorter disclaimer"
    old = api.get(f"/api/v1/policy/versions/{current['id']}", headers=bearer(hr_user)).json()
    changed = [line for line in difflib.unified_diff(old["yaml"].splitlines(),
                                                     draft["yaml"].splitlines(), lineterm="")
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        f'-  personal_views: "{_line(old["yaml"], "  personal_views: ")}"',
        f'+  personal_views: "{DISCLAIMER}"',
        "-    severity: block", "+    severity: warn"], changed
    still = api.get("/api/v1/policy/versions", headers=bearer(hr_user)).json()
    assert next(v for v in still if v["current"])["id"] == current["id"]

    confirm = hr.get(location)
    assert confirm.status_code == 200
    text = unescape(confirm.text)
    assert "Verdicts that change" in text
    row = next(r for r in re.findall(r"<tr>.*?</tr>", text, re.S) if PHONE_DRAFT in r)
    assert "Your test draft: post, personal, facebook" in row
    assert "Decision: block becomes warn" in row
    assert f"{RULE}: block becomes warn" in row
    assert "Also changed: disclaimers" in text  # the summary of what changed

    preview = api.get(f"/api/v1/policy/versions/{draft_id}/preview", headers=bearer(hr_user))
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["against"] == current["number"] and body["version"] == draft["number"]
    assert body["examples"] > 100 and body["test_drafts"] >= 1
    mine = [c for c in body["changes"] if c["text"] == PHONE_DRAFT]
    assert len(mine) == 1 and mine[0]["source"] == "test draft"
    assert mine[0]["before"]["decision"] == "block" and mine[0]["after"]["decision"] == "warn"
    assert mine[0]["severities"] == [{"rule": RULE, "old": "block", "new": "warn"}]
    assert mine[0]["findings_added"] == [] and mine[0]["findings_removed"] == []
    same = api.get(f"/api/v1/policy/versions/{draft_id}/preview?against={draft_id}",
                   headers=bearer(hr_user)).json()
    assert same["changes"] == []
    assert api.get("/api/v1/policy/versions/999999/preview",
                   headers=bearer(hr_user)).status_code == 404

    # Saving the same again is refused: that pack is already recorded.
    again = hr.post("/policy/control/edit", data={**form, "csrf_token": csrf_from(page.text)})
    assert again.status_code == 409
    assert f"identical to version {draft['number']}" in again.text

    # Start from the draft; record a partner's consent, a team's address, a threshold and a
    # local paper; the next draft holds them, as the checks read it.
    from_draft = hr.get(f"/policy/control/edit?from={draft_id}")
    assert f"version {draft['number']}</strong> (a draft, not published)" in from_draft.text
    more = form_of(from_draft.text)
    assert more[f"rules.{RULE}.severity"] == "warn"
    more |= {"partners.0.consent.given_on": "2026-11-02", "partners.0.consent.scope": "Joint posts",
             "teams.comms.email": "comms@example.nhs.uk",
             "closure_criteria.interest_min_followers": "250",
             "lexicons.media_outlets.add": "Telford Times\nWrekin Weekly",
             "note": "Consent from SaTH; a new local paper"}
    del more["rules.conduct.colleagues.enabled"]  # switched off
    saved = hr.post("/policy/control/edit", data=more, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    newer = int(saved.headers["location"].split("/")[-2])
    pack = parse_pack(api.get(f"/api/v1/policy/versions/{newer}", headers=bearer(hr_user))
                      .json()["yaml"])
    assert pack.partners[0].consent is not None
    assert (pack.partners[0].consent.given_on.isoformat(), pack.partners[0].consent.scope) == (
        "2026-11-02", "Joint posts")
    assert pack.teams["comms"].email == "comms@example.nhs.uk"
    assert pack.closure_criteria.interest_min_followers == 250
    assert pack.lexicons["media_outlets"].add == ["Telford Times", "Wrekin Weekly"]
    assert not pack.rules["conduct.colleagues"].enabled
    assert pack.rules[RULE].severity == "warn"  # kept from the draft it started from


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(),
                                                  lineterm="")
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def yaml_of(api: TestClient, user: NamedUser, version_id: object) -> str:
    return str(api.get(f"/api/v1/policy/versions/{version_id}", headers=bearer(user))
               .json()["yaml"])


def saved_draft(hr: TestClient, form: dict[str, str]) -> int:
    saved = hr.post("/policy/control/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    return int(saved.headers["location"].split("/")[-2])


def foi_route(api: TestClient, user: NamedUser) -> dict[str, object]:
    body = api.post("/api/v1/triage", json=FOI_MESSAGE, headers=bearer(user)).json()
    return dict(next(r for r in body["routes"] if r["label"] == "triage.foi-request"))


def disclaimer_snippet(api: TestClient, user: NamedUser) -> str:
    verdict = api.post("/api/v1/check", json={"text": LONG_POST, "platform": "x"},
                       headers=bearer(user)).json()
    found = next(f for f in verdict["findings"] if f["rule"] == "identity.disclaimer")
    return str(found["fix"]["snippet"])


def test_triage_wording_short_forms_and_a_new_team_reach_the_checks(app: FastAPI,
                                                                     users: Users) -> None:
    hr_user, comms = users[Role.HR], users[Role.COMMS]
    current = in_force_blocking(app, hr_user)
    hr = signed_in(app, hr_user)
    api = TestClient(app, base_url=BASE_URL)
    before = foi_route(api, comms)
    assert before["team"] == "foi" and before["instruction"] != FOI_INSTRUCTION
    assert disclaimer_snippet(api, comms) == "Views my own."

    page = hr.get("/policy/control/edit").text
    form = form_of(page)
    assert (form[f"{FOI_LABEL}.team"], form[f"{FOI_LABEL}.urgency"]) == ("foi", "high")
    assert "triage.triage.safeguarding-danger.uncertain_instruction" in form
    assert f"{FOI_LABEL}.uncertain_instruction" not in form  # only where the pack has one
    assert 'Instruction<span class="visually-hidden"> for triage label triage.foi-request' \
        in page
    form |= {"new_teams.0.key": "information_rights", "new_teams.0.name": "Information Rights",
             "new_teams.0.email": "ir@example.nhs.uk",
             f"{FOI_LABEL}.instruction": FOI_INSTRUCTION,
             # Typed shortest first, with a blank line: written longest first, no blank.
             "disclaimer_short_forms.personal_views": "Views my own.\n\n" + SHORT_FORM + "\n"
             + "These views are entirely my own and not those of my employer.",
             "note": "FOI requests go to Information Rights; a new short disclaimer"}
    first = saved_draft(hr, form)
    old_yaml, first_yaml = yaml_of(api, hr_user, current["id"]), yaml_of(api, hr_user, first)
    old_instruction = _line(old_yaml, "    instruction: \"Pass to the FOI Team")
    assert changed_lines(old_yaml, first_yaml) == [
        '-  personal_views: ["These views are entirely my own and not those of my employer.", '
        '"Views my own."]',
        '+  personal_views: ["These views are entirely my own and not those of my employer.", '
        f'"{SHORT_FORM}", "Views my own."]',
        "+  information_rights:", "+    name: Information Rights",
        "+    email: ir@example.nhs.uk",
        f'-    instruction: "Pass to the FOI Team{old_instruction}"',
        f'+    instruction: "{FOI_INSTRUCTION}"']

    # From that draft the new team is one of the teams a label can go to.
    page = hr.get(f"/policy/control/edit?from={first}").text
    assert '<option value="information_rights" >Information Rights (information_rights)' in page
    more = form_of(page)
    assert more["teams.information_rights.email"] == "ir@example.nhs.uk"
    more |= {f"{FOI_LABEL}.team": "information_rights", "note": "FOI to Information Rights"}
    second = saved_draft(hr, more)
    assert changed_lines(first_yaml, yaml_of(api, hr_user, second)) == [
        "-    team: foi", "+    team: information_rights"]

    published = api.post(f"/api/v1/policy/versions/{second}/publish", headers=bearer(hr_user),
                         json={"reason": "editor tests: triage wording"})
    assert published.status_code == 201, published.text
    try:
        route = foi_route(api, comms)
        assert (route["team"], route["team_name"], route["instruction"], route["contact"]) == (
            "information_rights", "Information Rights", FOI_INSTRUCTION, "ir@example.nhs.uk")
        assert route["due"] == before["due"]  # still an FOI request on the statutory clock
        assert disclaimer_snippet(api, comms) == SHORT_FORM  # the longest form that fits
    finally:
        back = api.post(f"/api/v1/policy/versions/{current['id']}/publish",
                        headers=bearer(hr_user), json={"reason": "editor tests: put back"})
        assert back.status_code == 201, back.text
    assert foi_route(api, comms)["instruction"] == before["instruction"]


def test_triage_short_form_and_new_team_refusals_name_the_field(app: FastAPI,
                                                                users: Users) -> None:
    hr = signed_in(app, users[Role.HR])
    form = form_of(hr.get("/policy/control/edit").text)
    note = {"note": "Trying the new fields"}

    refused = hr.post("/policy/control/edit", data={
        **form, **note, "new_teams.count": "3", "new_teams.0.key": "Press Office",
        "new_teams.0.name": "Press office", "new_teams.1.key": "comms",
        "new_teams.1.name": "Comms again", "new_teams.2.key": "on", "new_teams.2.name": "On",
        f"{FOI_LABEL}.instruction": "  "})
    assert refused.status_code == 422
    text = unescape(refused.text)
    for anchor, message in (
            ("f-new_teams__0__key", "new_teams.0.key: 'Press Office' is not a team key"),
            ("f-new_teams__1__key", "new_teams.1.key: there is already a team 'comms'"),
            ("f-new_teams__2__key", "new_teams.2.key: 'on' reads as a yes, no or nothing"),
            ("f-triage__triage__foi-request__instruction",
             f"{FOI_LABEL}.instruction: say what to do")):
        assert f'<a href="#{anchor}">{message}' in text, message
    assert re.search(r'id="f-new_teams__0__key" name="new_teams.0.key" type="text" '
                     r'value="Press Office"[^>]*aria-invalid="true"', text)
    assert 'value="Comms again"' in text and "Trying the new fields" in text

    # The pack's own checks: an urgency it does not know, then a team it does not have and
    # a short form that is not plain text; each named, what was chosen still chosen.
    refused = hr.post("/policy/control/edit", data={
        **form, **note, f"{FOI_LABEL}.urgency": "whenever"})
    assert refused.status_code == 422
    text = unescape(refused.text)
    assert (f'<a href="#f-triage__triage__foi-request__urgency">{FOI_LABEL}.urgency: Input '
            "should be 'immediate', 'high', 'normal' or 'low'</a>") in text
    assert '<option value="whenever" selected>whenever</option>' in text
    refused = hr.post("/policy/control/edit", data={
        **form, **note, "triage.triage.general.team": "nobody",
        "disclaimer_short_forms.media": "Views mine [not theirs]"})
    assert refused.status_code == 422
    text = unescape(refused.text)
    assert ('<a href="#f-triage__triage__general__team">triage.triage.general.team: unknown '
            "team 'nobody'</a>") in text
    assert ('<a href="#f-disclaimer_short_forms__media">disclaimer_short_forms.media: '
            "'Views mine [not theirs]' is not plain text</a>") in text
    assert '<option value="nobody" selected>nobody</option>' in text

    # A team added in this form, refused with the rest, can already be chosen for a label.
    refused = hr.post("/policy/control/edit", data={
        **form, "note": "", "new_teams.count": "1", "new_teams.0.key": "press_office",
        "new_teams.0.name": "Press Office", f"{FOI_LABEL}.team": "press_office"})
    assert refused.status_code == 422 and '<a href="#f-note">note:' in refused.text
    assert '<option value="press_office" selected>Press Office (press_office)' in refused.text
    assert 'name="new_teams.count" value="2"' in refused.text  # a row for one more


def test_a_new_teams_problem_from_the_pack_names_its_row() -> None:
    fields = ["new_teams.0.key", "new_teams.0.email", "teams.comms.email"]
    found = editor.locate(["teams.press_office.email: not an address; teams.comms.email: x"],
                          fields, [], {"press_office": 0})
    assert [(p.field, p.message) for p in found] == [
        ("new_teams.0.email", "new_teams.0.email: not an address"),
        ("teams.comms.email", "teams.comms.email: x")]


def test_short_forms_are_written_like_the_others_and_can_all_go() -> None:
    values = editor.values_of(BUNDLED)
    added = editor.apply(BUNDLED, {**values, "disclaimer_short_forms.reference":
                                   "Personal reference, not the ICB's.\n\n"})
    # In the disclaimers' order, flow style and quoted like its neighbours; the comma kept.
    assert changed_lines(BUNDLED, added.text) == [
        "+  reference: [\"Personal reference, not the ICB's.\"]"]
    assert added.text.index("  reference: [") < added.text.index("  media: [")
    assert parse_pack(added.text).disclaimer_short_forms["reference"] == [
        "Personal reference, not the ICB's."]
    none = editor.apply(BUNDLED, {**values, "disclaimer_short_forms.personal_views": "",
                                  "disclaimer_short_forms.media": " \n"})
    # The comments around the section stay; the pack then has no short forms.
    assert changed_lines(BUNDLED, none.text) == [
        "-disclaimer_short_forms:",
        '-  personal_views: ["These views are entirely my own and not those of my employer.", '
        '"Views my own."]', '-  media: ["Views my own."]', "+disclaimer_short_forms: {}"]
    assert parse_pack(none.text).disclaimer_short_forms == {}


def test_a_short_form_satisfies_the_disclaimer_rule() -> None:
    values = editor.values_of(BUNDLED)
    text = editor.apply(BUNDLED, {**values, "disclaimer_short_forms.personal_views":
                                  values["disclaimer_short_forms.personal_views"] + "\n"
                                  + SHORT_FORM}).text
    post = Submission(text="Proud of our ICB's new plan. " + SHORT_FORM, platform="x")
    assert "identity.disclaimer" in {f.rule for f in check(post, parse_pack(BUNDLED)).findings}
    assert "identity.disclaimer" not in {f.rule for f in check(post, parse_pack(text)).findings}


def _line(text: str, prefix: str) -> str:
    found = next(line for line in text.splitlines() if line.startswith(prefix))
    return found.removeprefix(prefix).strip('"')


def test_refusals_name_the_field_and_keep_what_was_typed(app: FastAPI, users: Users) -> None:
    hr = signed_in(app, users[Role.HR])
    page = hr.get("/policy/control/edit")
    form = form_of(page.text)
    typed = "Views here are my own, {organisation} has its own."

    empty_title = {**form, "disclaimers.personal_views": typed, "note": "",
                   "rules.conduct.abusive.title": ""}
    refused = hr.post("/policy/control/edit", data=empty_title)
    assert refused.status_code == 422
    assert ('<a href="#f-rules__conduct__abusive__title">rules.conduct.abusive.title: give the '
            "rule a title</a>") in refused.text
    assert '<a href="#f-note">note: say what changed' in refused.text
    assert typed in unescape(refused.text)  # nothing the owner typed is lost
    assert re.search(r'id="f-rules__conduct__abusive__title"[^>]*aria-describedby='
                     r'"f-rules__conduct__abusive__title-error" aria-invalid="true"', refused.text)

    bad_numbers = {**form, "disclaimers.personal_views": typed, "note": "Tighter closure",
                   "closure_criteria.inactivity_months": "0",
                   "partners.0.consent.given_on": "2026-02-30"}
    refused = hr.post("/policy/control/edit", data=bad_numbers)
    assert refused.status_code == 422
    text = unescape(refused.text)
    assert ('<a href="#f-closure_criteria__inactivity_months">closure_criteria.inactivity_months:'
            " Input should be greater than or equal to 1</a>") in text
    assert '<a href="#f-partners__0__consent__given_on">partners.0.consent.given_on:' in text
    assert typed in text and "Tighter closure" in text
    assert re.search(r'name="closure_criteria.inactivity_months" type="number" value="0"', text)

    unchanged = hr.post("/policy/control/edit", data={**form, "note": "Nothing really"})
    assert unchanged.status_code == 422 and "Nothing differs from version" in unchanged.text


def test_the_form_writes_back_what_it_read() -> None:
    """The form's values of the bundled pack, saved unchanged, give the same YAML byte for
    byte; values YAML 1.1 would misread are written quoted."""
    values = editor.values_of(BUNDLED)
    assert editor.apply(BUNDLED, values).text == BUNDLED
    edited = editor.apply(BUNDLED, {**values, "organisation.short_names": "STW ICB\nno\non",
                                    "lexicons.media_outlets.add": "Telford Times"})
    assert not edited.problems
    assert 'short_names: [STW ICB, "no", "on"]' in edited.text
    assert edited.text.endswith("\n\nlexicons:\n  media_outlets:\n    add:\n      - Telford Times\n")
