"""Staff read what they acknowledge (issue 15, item 3): /policy shows every section of the
version in force in full, under the database's version number and the one review date of
/policy/control; a reader who acknowledged an older version sees what changed since (sections
word by word, rules by their titles) and acknowledges at the end of the page.

The comparisons in socialguard/policydoc/reading.py are tested first, as pure functions.
The page tests run on a database of their own (SQLite, or a fresh PostgreSQL database with
SOCIALGUARD_TEST_DATABASE_URL): they publish versions, which would change what the other
modules sharing the session's database expect to be in force.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from socialguard.auth import service as auth
from socialguard.auth.roles import Role
from socialguard.policy import PackError, PolicyPack, load_pack, parse_pack
from socialguard.policy.schema import Section
from socialguard.policydoc import reading, service
from socialguard.policydoc.tables import PolicyVersion
from socialguard.web.templating import uk_date
from tests.conftest_web import (
    BASE_URL,
    NamedUser,
    bearer,
    csrf_from,
    log_in,
    own_app,
)
from tests.governance.test_policydoc_api import BUNDLED

REPO = Path(__file__).resolve().parents[2]
Users = dict[Role, NamedUser]

# -- the comparisons, as pure functions ----------------------------------------------------

OLD_71 = "      - Consider using models, stock photography or illustrations where appropriate\n"
NEW_71 = "      - Use models, stock photography or illustrations wherever you can\n"
PERSONAL_DATA = "confidential.personal-data"


def edited(text: str = BUNDLED, *, pack_version: str = "2.9.0") -> str:
    """The bundled pack with one bullet of section 7.1 reworded and the personal-data rule
    softened from block to warn."""
    assert OLD_71 in text
    changed = text.replace('pack_version: "2.0.0"', f'pack_version: "{pack_version}"', 1)
    changed = changed.replace(OLD_71, NEW_71, 1)
    rule = changed.index(f"  {PERSONAL_DATA}:")
    return changed[:rule] + changed[rule:].replace("severity: block", "severity: warn", 1)


@pytest.fixture(scope="module")
def bundled() -> PolicyPack:
    return load_pack()


def with_sections(pack: PolicyPack, sections: list[Section]) -> PolicyPack:
    return pack.model_copy(update={"sections": sections})


def test_blocks_are_paragraphs_and_bullet_lists() -> None:
    text = ("First paragraph,\nwrapped.\n\nThe aims are to:\n\n- one\n- two,\n  wrapped\n\n- three"
            "\n\nLast <word> *as typed*.")
    assert reading.blocks(text) == [
        reading.Block("paragraph", ("First paragraph, wrapped.",)),
        reading.Block("paragraph", ("The aims are to:",)),
        reading.Block("list", ("one", "two, wrapped", "three")),
        reading.Block("paragraph", ("Last <word> *as typed*.",)),
    ]
    assert reading.blocks("") == []


def test_section_text_refuses_html() -> None:
    with pytest.raises(ValidationError, match="HTML is not used"):
        Section(number="1", title="Introduction", text="Read <b>this</b> first")
    with pytest.raises(ValidationError, match="HTML is not used"):
        Section(number="1", title="Introduction", text="<!-- hidden -->")
    assert Section(number="1", title="I", text="  under 13 < over 13  ").text == "under 13 < over 13"


def test_a_pack_compared_with_itself_has_no_changes(bundled: PolicyPack) -> None:
    assert reading.compare(bundled, bundled).empty


def test_sections_added_removed_and_reworded(bundled: PolicyPack) -> None:
    old = with_sections(bundled, [
        Section(number="1", title="Introduction", text="Keep this.\n\nSay hello to all."),
        Section(number="2", title="Purpose", text="Gone soon."),
        Section(number="3", title="Scope", text="- a\n- b"),
    ])
    new = with_sections(bundled, [
        Section(number="1", title="Introduction", text="Keep this.\n\nSay goodbye to all."),
        Section(number="3", title="Range", text="- a\n- b"),
        Section(number="4", title="Responsibilities", text="- new duty"),
    ])
    changes = reading.compare_sections(old, new)
    assert [(c.number, c.change) for c in changes] == [
        ("1", "changed"), ("2", "removed"), ("3", "changed"), ("4", "added")]
    reworded, removed, renamed, added = changes
    # The unchanged paragraph is not repeated; the changed one is word by word.
    assert [g.kind for g in reworded.text] == ["skipped", "paragraph"]
    assert reworded.text[0].skipped == 1
    assert reworded.text[1].entries[0].pieces == (
        reading.Piece("same", "Say"), reading.Piece("removed", "hello"),
        reading.Piece("added", "goodbye"), reading.Piece("same", "to all."))
    assert removed.title == "Purpose"
    assert removed.text[0].entries[0] == reading.Entry(
        "removed", (reading.Piece("removed", "Gone soon."),))
    assert renamed.old_title == "Scope" and renamed.title == "Range" and renamed.text == ()
    assert added.text[0].kind == "list"
    assert added.text[0].entries[0].pieces == (reading.Piece("added", "new duty"),)


def test_an_unrelated_rewrite_is_removed_and_added_not_a_word_salad() -> None:
    groups = reading.text_diff("The cat sat on the mat today.", "Report concerns to the lead.")
    assert [e.change for g in groups for e in g.entries] == ["removed", "added"]


def test_rule_changes_are_named_by_title_in_plain_words(bundled: PolicyPack) -> None:
    new = parse_pack(edited())
    changes = reading.compare(bundled, new)
    assert [c.number for c in changes.sections] == ["7.1"]
    [rule] = changes.rules
    title = bundled.rules[PERSONAL_DATA].title
    assert (rule.key, rule.title, rule.change, rule.inbound) == (PERSONAL_DATA, title,
                                                                 "changed", False)
    assert rule.what == ("Severity: now warn (change something or take an action before "
                         "publishing); it was block (do not publish as written).",)
    off = bundled.rules["conduct.sexual"].model_copy(update={"enabled": False})
    rules = {**bundled.rules, "conduct.sexual": off}
    del rules["identity.logo"]
    changed = reading.compare_rules(bundled, bundled.model_copy(update={"rules": rules}))
    assert [(c.title, c.change, c.what) for c in changed] == [
        (off.title, "changed", ("Switched off: drafts are no longer checked for this.",)),
        (bundled.rules["identity.logo"].title, "removed",
         ("Drafts are no longer checked for this.",))]


def test_reworded_rules_and_inbound_labels_show_their_words(bundled: PolicyPack) -> None:
    rule = bundled.rules[PERSONAL_DATA]
    label = bundled.triage["triage.foi-request"]
    new = bundled.model_copy(update={
        "rules": {**bundled.rules, PERSONAL_DATA: rule.model_copy(
            update={"message": rule.message + " Ask first."})},
        "triage": {**bundled.triage, "triage.foi-request": label.model_copy(
            update={"team": "ig", "urgency": "low"})}})
    reworded, inbound = reading.compare_rules(bundled, new)
    assert reworded.what == () and reworded.wording[0].label == "What it says"
    assert reworded.wording[0].pieces[-1] == reading.Piece("added", "Ask first.")
    assert inbound.inbound and inbound.title == label.title
    assert inbound.what == (f"Now goes to {bundled.teams['ig'].name} (it went to "
                            f"{bundled.teams[label.team].name}).",
                            f"Urgency: now low (it was {label.urgency}).")


@pytest.mark.skipif(not (REPO.parent / "shared" / "seed").is_dir(),
                    reason="the seed policy document is not on this machine")
def test_the_bundled_section_texts_are_the_seed_documents() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import seed_sections
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert seed_sections.main(["--check"]) == 0


def test_the_bundled_pack_has_the_policy_text(bundled: PolicyPack) -> None:
    sections = {s.number: s for s in bundled.sections}
    assert "If an image is used, do not name the child" in sections["7.1"].text
    # The seed's placeholder is filled with the organisation's name by the loader.
    assert "opinions of NHS Shropshire, Telford and Wrekin ICB" in sections["6.2"].text
    assert all("Insert name" not in s.text for s in bundled.sections)
    assert sum(1 for s in bundled.sections if s.text) >= 29


# -- the pages, on a database of their own -------------------------------------------------


# policy_refresh_seconds=0: checks follow a publication at once, so no test sleeps.
data_dir, database_url, app, users = own_app("reading", "reading.nhs.uk",
                                             warm_detectors=False, policy_refresh_seconds=0.0)


def signed_in(app: FastAPI, user: NamedUser) -> TestClient:
    browser = TestClient(app, base_url=BASE_URL)
    log_in(browser, user.email, user.password)
    return browser


def shown_version(page: str) -> int:
    found = re.search(r"<strong>Version (\d+)</strong>, in force", page)
    assert found, "no version number on /policy"
    return int(found.group(1))


def control_version(page: str) -> int:
    found = re.search(r"In force: version (\d+)", page)
    assert found, "no version number on /policy/control"
    return int(found.group(1))


def next_review(page: str, *, control: bool) -> str:
    # Both pages mark the date up the same way; ``control`` only says which page it is.
    found = re.search(r'<dt>Next review</dt><dd><time datetime="(\d{4}-\d\d-\d\d)">', page)
    assert found, "no next review date"
    return found.group(1)


def record_and_publish(app: FastAPI, hr: NamedUser, text: str) -> tuple[int, int]:
    """(id, number) of a new version recorded and put in force by ``hr`` through the API."""
    api = TestClient(app, base_url=BASE_URL)
    recorded = api.post("/api/v1/policy/versions", headers=bearer(hr),
                        json={"yaml": text, "note": "7.1 reworded; personal data warns"})
    assert recorded.status_code == 201, recorded.text
    made = recorded.json()
    published = api.post(f"/api/v1/policy/versions/{made['id']}/publish", headers=bearer(hr),
                         json={"reason": "Annual review"})
    assert published.status_code == 201, published.text
    return made["id"], made["number"]


def test_policy_shows_each_section_in_full_under_one_version(app: FastAPI,
                                                             users: Users) -> None:
    staff = signed_in(app, users[Role.STAFF])
    page = staff.get("/policy")
    assert page.status_code == 200
    text = html.unescape(page.text)
    section = text.split('id="section-7-1"')[1].split("</section>")[0]
    for words in ("Steps you can take to promote safety online include:",
                  "If an image is used, do not name the child, young person or adult at risk",
                  "Do not accept 'friend' requests from anyone you suspect to be underage."):
        assert words in section
    assert section.count("<li>") >= 18  # both bullet lists, item by item
    assert 'id="rule-safeguarding-named-with-image"' in section  # the rules citing it stay
    assert "opinions of NHS Shropshire, Telford and Wrekin ICB" in text
    assert "Insert name" not in text

    control = staff.get("/policy/control").text
    assert shown_version(page.text) == control_version(control)
    with app.state.db.session() as session:
        current = service.current(session)
        assert current is not None
        due = service.review_due(session, current)
    assert next_review(page.text, control=False) == next_review(control, control=True) \
        == due.next_review.isoformat()
    assert f"{uk_date(due.next_review)}</time>" in page.text
    # The document's own version is secondary: the pack's label says the database's.
    assert app.state.policy.pack.label.endswith(f"policy version {shown_version(page.text)}")
    ids = re.findall(r'\sid="([^"]+)"', page.text)
    assert len(ids) == len(set(ids)), "duplicate ids on the policy page"


def test_anonymous_readers_are_asked_to_sign_in_to_acknowledge(app: FastAPI) -> None:
    page = TestClient(app, base_url=BASE_URL).get("/policy").text
    assert 'href="/login?next=/policy">Sign in</a> to record' in page
    assert 'action="/policy/acknowledge"' not in page and "What changed since" not in page


def test_acknowledging_signed_out_or_without_the_token_records_nothing(app: FastAPI,
                                                                      users: Users) -> None:
    anonymous = TestClient(app, base_url=BASE_URL)
    response = anonymous.post("/policy/acknowledge", data={"version": "1"},
                              follow_redirects=False)
    assert response.status_code in (303, 403)
    ig = signed_in(app, users[Role.IG])
    assert ig.post("/policy/acknowledge", data={"version": "1"},
                   follow_redirects=False).status_code == 403
    assert "You have not acknowledged any version yet" in ig.get("/policy").text


def test_a_reader_sees_what_changed_and_acknowledges_from_the_policy(app: FastAPI,
                                                                    users: Users) -> None:
    staff_user, hr_user = users[Role.STAFF], users[Role.HR]
    staff = signed_in(app, staff_user)
    first = staff.get("/policy").text
    old = shown_version(first)
    assert "You have not acknowledged any version yet: please read it all" in first
    control = staff.get("/policy/control").text
    assert 'action="/policy/control/acknowledge"' not in control  # no button there any more
    assert f'<a href="/policy">Read version {old} of the policy</a>' in control

    done = staff.post("/policy/acknowledge", follow_redirects=False,
                      data={"csrf_token": csrf_from(first), "version": str(old)})
    assert done.status_code == 303
    assert done.headers["location"] == "/policy?done=acknowledged#acknowledge"
    after = staff.get(done.headers["location"]).text
    assert f"Thank you: your acknowledgement of version {old} is recorded." in after
    assert f"You acknowledged version {old} on" in after
    assert f"I have read and understood version {old}" not in after
    assert "What changed since" not in after

    _, new = record_and_publish(app, hr_user, edited())
    assert new > old
    page = staff.get("/policy").text
    assert shown_version(page) == new
    with app.state.db.session() as session:
        reader = auth.find_user(session, email=staff_user.email)
        assert reader is not None
        last = reading.last_acknowledged(session, reader)
    assert last is not None and last.version.number == old  # the highest acknowledged
    at = last.at
    assert (f"What changed since version {old}, which you acknowledged on {uk_date(at)}"
            in page)
    changes = page.split('id="changes-heading"')[1].split("</section>")[0]
    assert "7.1 Mitigating the Risk: changed" in changes
    assert re.search(r'diff-removed">removed</span> <del>Consider using</del>', changes)
    assert re.search(r'diff-added">added</span> <ins>Use</ins>', changes)
    assert "wherever you can" in changes
    title = load_pack().rules[PERSONAL_DATA].title
    assert f"<strong>{title}</strong>: changed." in html.unescape(changes)
    assert "Severity: now warn" in changes
    assert PERSONAL_DATA not in changes  # named by its title, never by its id
    assert f"I have read and understood version {new}</button>" in page

    # A reader who had the older version open acknowledges nothing they did not read.
    stale = staff.post("/policy/acknowledge", follow_redirects=False,
                       data={"csrf_token": csrf_from(page), "version": str(old)})
    assert stale.headers["location"] == "/policy?done=superseded#acknowledge"
    assert "was put in force while you were reading" in staff.get(stale.headers["location"]).text

    done = staff.post("/policy/acknowledge", follow_redirects=False,
                      data={"csrf_token": csrf_from(page), "version": str(new)})
    assert done.headers["location"] == "/policy?done=acknowledged#acknowledge"
    after = staff.get(done.headers["location"]).text
    assert f"Thank you: your acknowledgement of version {new} is recorded." in after
    assert "What changed since" not in after
    assert f"You acknowledged version {new} on" in staff.get("/policy/control").text

    hr = signed_in(app, hr_user)
    report = hr.get("/policy/control/acknowledgements").text
    assert f"Acknowledgements of policy version {new}" in report
    acknowledged = report.split('id="acknowledged"')[1].split("</table>")[0]
    outstanding = report.split('id="outstanding"')[1].split("</table>")[0]
    assert staff_user.email in acknowledged and staff_user.email not in outstanding
    csv_text = hr.get("/policy/control/acknowledgements.csv").text
    assert f"{staff_user.email},Staff Tester,staff,acknowledged,{new}," in csv_text
    # Someone who never acknowledged is told to read it all, not shown a comparison.
    never = signed_in(app, users[Role.FOI]).get("/policy").text
    assert "You have not acknowledged any version yet: please read it all" in never


def test_a_version_that_no_longer_loads_is_not_compared(app: FastAPI, users: Users,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    staff = signed_in(app, users[Role.MANAGER])
    page = staff.get("/policy").text
    staff.post("/policy/acknowledge", data={"csrf_token": csrf_from(page),
                                            "version": str(shown_version(page))})
    record_and_publish(app, users[Role.HR], edited(pack_version="2.9.1")
                       .replace("Use models,", "Choose models,", 1))
    in_force = service.pack_of
    with app.state.db.session() as session:
        current = service.current(session)
        assert current is not None
        current_id = current.id

    def refuse(version: PolicyVersion) -> PolicyPack:
        """The version the reader acknowledged no longer loads; the one in force does."""
        if version.id != current_id:
            raise PackError("version", ["no longer loads"])
        return in_force(version)

    monkeypatch.setattr(service, "pack_of", refuse)
    page = staff.get("/policy").text
    assert "can no longer be compared: please read it all" in page
