"""The rules as pure functions of evidence and declared facts.

Each test builds the evidence a detector would have produced (no model, no text) and
checks what the rule makes of it in context: capacity, kind, what a post replies to,
what other rules found. How well the model supplies that evidence is measured by the
evaluation commands, not here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from socialguard.detectors.base import Analysis, Evidence
from socialguard.detectors.sender import joke_names
from socialguard.policy import PolicyPack
from socialguard.rules import conduct, confidentiality, identity, media, official, references
from socialguard.rules.base import Context, Facts, Hit
from socialguard.rules.coverage import missing_evidence
from socialguard.submission import Submission
from socialguard.triage import rules as triage_rules
from socialguard.triage.routing import routes


def ev(kind: str, start: int = 0, end: int = 10, score: float = 0.9, **attrs: Any) -> Evidence:
    return Evidence(kind, start, end, "x" * (end - start), score, f"{kind} here", attrs)


def meaning(head: str, start: int = 0, end: int = 10, score: float = 0.9,
            confident: float = 0.5) -> Evidence:
    return ev(f"meaning.{head}", start, end, score, threshold=0.5, confident=confident,
              words=[[start, end, 2.0]])


def context(pack: PolicyPack, *evidence: Evidence, found: set[str] | None = None,
            reply: tuple[Evidence, ...] | None = None, **submission: Any) -> Context:
    data: dict[str, Any] = {"text": "(the rules never read it)", "kind": "post",
                            "capacity": "personal", "platform": "x"}
    data.update(submission)
    facts = Facts.of(Submission.model_validate(data), joke_names(pack))
    return Context(facts=facts, analysis=Analysis(evidence), pack=pack, today=date(2026, 12, 7),
                   reply=Analysis(reply) if reply is not None else None, found=found or set())


def rules_of(hits: Any) -> list[str]:
    return [h.rule for h in hits]


CORPORATE = {"identifiable_as_staff": True, "name": "NHS STW", "role": "corporate account"}


def test_a_patient_finding_redacts_who_is_near_the_words_that_drove_it(pack: PolicyPack) -> None:
    ctx = context(pack, meaning("confidential.patient", 20, 40), ev("pii.person", 0, 8),
                  ev("pii.person", 300, 308))
    [hit] = confidentiality.patient(ctx)
    assert [(r.start, r.label) for r in hit.redactions] == [(0, "pii.person")]


def test_an_nhs_number_on_an_official_post_is_patient_information_by_itself(
        pack: PolicyPack) -> None:
    ctx = context(pack, ev("pii.nhs_number", 5, 17), capacity="official", author=CORPORATE)
    assert rules_of(confidentiality.patient(ctx)) == ["confidential.patient"]
    assert rules_of(confidentiality.patient(context(pack, ev("pii.nhs_number", 5, 17)))) == []


@pytest.mark.parametrize(
    ("owner", "person_near", "flagged"),
    [("author", False, False), ("someone", False, True), ("unknown", True, True),
     ("unknown", False, False)],
)
def test_a_phone_number_is_someone_elses_data_only_when_the_post_says_so(
        pack: PolicyPack, owner: str, person_near: bool, flagged: bool) -> None:
    evidence = [ev("pii.phone", 30, 43, owner=owner, service=False)]
    if person_near:
        evidence.append(ev("pii.person", 10, 20))
    hits = list(confidentiality.personal_data(context(pack, *evidence)))
    assert bool(hits) is flagged


def test_a_date_of_birth_is_personal_data_unless_the_author_says_it_is_theirs(
        pack: PolicyPack) -> None:
    theirs = context(pack, ev("pii.dob", owner="unknown"))
    mine = context(pack, ev("pii.dob", owner="author"))
    assert rules_of(confidentiality.personal_data(theirs)) == ["confidential.personal-data"]
    assert rules_of(confidentiality.personal_data(mine)) == []


def test_a_service_number_is_nobodys_personal_data(pack: PolicyPack) -> None:
    ctx = context(pack, ev("pii.phone", owner="someone", service=True))
    assert rules_of(confidentiality.personal_data(ctx)) == []


def test_a_protective_marking_is_confidential_without_the_model(pack: PolicyPack) -> None:
    assert rules_of(confidentiality.internal(context(pack, ev("internal.marking")))) == [
        "confidential.internal"]


def test_colleagues_are_not_the_corporate_accounts_finding(pack: PolicyPack) -> None:
    said = meaning("conduct.colleagues")
    assert rules_of(conduct.colleagues(context(pack, said))) == ["conduct.colleagues"]
    corporate = context(pack, said, capacity="official", author=CORPORATE)
    assert rules_of(conduct.colleagues(corporate)) == []


@pytest.mark.parametrize(
    ("submission", "fires"),
    [({"author": {"identifiable_as_staff": True}}, True),
     ({"author": {"identifiable_as_staff": False}}, False),
     ({"capacity": "official", "author": CORPORATE}, True)],
)
def test_politics_is_inflammatory_only_in_a_post_linked_to_the_organisation(
        pack: PolicyPack, submission: dict[str, Any], fires: bool) -> None:
    ctx = context(pack, meaning("conduct.inflammatory"), **submission)
    assert bool(list(conduct.inflammatory(ctx))) is fires


def test_abuse_shows_the_listed_words_near_what_drove_it(pack: PolicyPack) -> None:
    ctx = context(pack, meaning("conduct.abusive", 10, 20), ev("abuse.obscene", 12, 16),
                  ev("abuse.obscene", 400, 404))
    [hit] = conduct.abusive(ctx)
    assert [e.start for e in hit.evidence] == [10, 12]


def test_an_obscenity_alone_is_evidence_not_a_finding(pack: PolicyPack) -> None:
    # "Please don't use the word X": the word is there, the model says it is not abuse.
    assert rules_of(conduct.abusive(context(pack, ev("discrimination.slur")))) == []


def test_patient_information_on_a_personal_account_is_a_work_comment(pack: PolicyPack) -> None:
    ctx = context(pack, found={"confidential.patient"})
    assert rules_of(identity.work_comment(ctx)) == ["identity.work-comment"]
    reference = context(pack, found={"confidential.patient"}, kind="reference")
    assert rules_of(identity.work_comment(reference)) == []


@pytest.mark.parametrize(
    ("evidence", "found", "fires"),
    [((meaning("identity.disclaimer"),), set(), True),
     ((), {"conduct.grievance"}, True),
     ((meaning("identity.disclaimer"), ev("disclaimer.personal_views")), set(), False),
     ((), set(), False)],
)
def test_the_disclaimer_is_due_when_staff_touch_the_organisations_business(
        pack: PolicyPack, evidence: tuple[Evidence, ...], found: set[str], fires: bool) -> None:
    ctx = context(pack, *evidence, found=found)
    assert bool(list(identity.disclaimer(ctx))) is fires


def test_no_disclaimer_is_asked_of_someone_not_identifiable_as_staff(pack: PolicyPack) -> None:
    ctx = context(pack, meaning("identity.disclaimer"),
                  author={"identifiable_as_staff": False})
    assert rules_of(identity.disclaimer(ctx)) == []


@pytest.mark.parametrize(
    ("source", "reply", "fires"),
    [("news", (ev("org.name"),), True), ("news", (), False), ("public", (ev("org.name"),), False),
     ("blog", (meaning("identity.disclaimer"),), True)],
)
def test_a_personal_reply_to_published_nhs_media_is_a_media_response(
        pack: PolicyPack, source: str, reply: tuple[Evidence, ...], fires: bool) -> None:
    ctx = context(pack, reply=reply, kind="reply", in_reply_to={"source": source, "text": "x"})
    assert bool(list(media.response(ctx))) is fires


def test_official_replies_to_the_press_are_third_party_replies(pack: PolicyPack) -> None:
    reply = {"kind": "reply", "in_reply_to": {"source": "newsfeed", "text": "x"}}
    official_ctx = context(pack, capacity="official", author=CORPORATE, **reply)
    personal_ctx = context(pack, **reply)
    assert rules_of(official.third_party_reply(official_ctx)) == ["official.third-party-reply"]
    assert rules_of(official.third_party_reply(personal_ctx)) == []


def test_asking_for_personal_details_matters_on_official_accounts_only(pack: PolicyPack) -> None:
    said = meaning("official.collects-personal-data")
    official_ctx = context(pack, said, capacity="official", author=CORPORATE)
    assert rules_of(official.collects_personal_data(official_ctx)) == [
        "official.collects-personal-data"]
    assert rules_of(official.collects_personal_data(context(pack, said))) == []


def test_a_professional_reference_needs_kind_reference(pack: PolicyPack) -> None:
    said = meaning("reference.professional")
    assert rules_of(references.professional(context(pack, said, kind="reference"))) == [
        "reference.professional"]
    assert rules_of(references.professional(context(pack, said))) == []


def inbound(pack: PolicyPack, *evidence: Evidence, name: str = "@someone") -> Context:
    return context(pack, *evidence, kind="message", capacity="official",
                   author={"identifiable_as_staff": False, "name": name})


@pytest.mark.parametrize(
    ("name", "signed", "label"),
    [("Amira Khan", False, "triage.foi-request"), ("@taxwatch", False,
                                                    "triage.information-request"),
     ("@taxwatch", True, "triage.foi-request"), ("Mickey Mouse", False,
                                                 "triage.information-request")],
)
def test_a_request_for_records_is_an_foi_request_when_a_real_name_is_discernible(
        pack: PolicyPack, name: str, signed: bool, label: str) -> None:
    evidence = [meaning("triage.records-request")] + ([ev("sender.name")] if signed else [])
    assert triage_rules.labels(inbound(pack, *evidence, name=name)) == [label]


def test_a_message_with_no_reading_is_general(pack: PolicyPack) -> None:
    assert triage_rules.labels(inbound(pack)) == ["triage.general"]


def test_possible_danger_goes_to_safeguarding_as_urgent_and_says_how_sure(
        pack: PolicyPack) -> None:
    unsure = Analysis((meaning("triage.safeguarding-danger", score=0.3, confident=0.6),))
    sure = Analysis((meaning("triage.safeguarding-danger", score=0.9, confident=0.6),))
    [possible] = routes(["triage.safeguarding-danger"], unsure, pack, date(2026, 12, 7))
    [certain] = routes(["triage.safeguarding-danger"], sure, pack, date(2026, 12, 7))
    for route in (possible, certain):
        assert route.team == "safeguarding" and route.urgency.value == "immediate"
        assert "999" in route.instruction
    assert possible.instruction.startswith("Possible danger - check now")
    assert not certain.instruction.startswith("Possible danger")


def test_a_request_to_make_a_formal_complaint_carries_the_acknowledgement_date(
        pack: PolicyPack) -> None:
    asked = Analysis((meaning("triage.complaint"), ev("complaint.formal")))
    told = Analysis((meaning("triage.complaint"),))
    [formal] = routes(["triage.complaint"], asked, pack, date(2026, 11, 27))
    [informal] = routes(["triage.complaint"], told, pack, date(2026, 11, 27))
    assert formal.team == "patient_experience" and formal.due == date(2026, 12, 2)
    assert informal.due is None


def test_a_rule_whose_evidence_no_detector_produces_is_refused(pack: PolicyPack) -> None:
    from socialguard.rules.base import _REGISTERED, RuleEntry

    def needs_the_impossible(ctx: Context) -> list[Hit]:
        return []

    _REGISTERED["conduct.abusive"], saved = RuleEntry(
        1, 0, needs_the_impossible, ("meaning.conduct.telepathy",)), _REGISTERED[
        "conduct.abusive"]
    try:
        assert missing_evidence(pack) == [
            "rules.conduct.abusive: needs evidence 'meaning.conduct.telepathy' that no "
            "detector produces"]
    finally:
        _REGISTERED["conduct.abusive"] = saved
    assert missing_evidence(pack) == []
