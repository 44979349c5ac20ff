"""Fixes that stay postable: no placeholder left for the author, no fix text over the
platform's character limit, and the redaction words come from the pack."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from socialguard.engine import check_many
from socialguard.fixes import build_fix, redact
from socialguard.policy import PolicyPack
from socialguard.policy.schema import RedactionWords
from socialguard.rules.base import Hit, Redaction
from socialguard.rules.confidentiality import REDACTION_LABELS
from socialguard.submission import Submission
from socialguard.verdict import FixKind

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples" / "posts.jsonl"
PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def examples() -> list[dict[str, Any]]:
    if not EXAMPLES.exists():
        pytest.skip(f"{EXAMPLES} is not available")
    return [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_every_fix_text_over_the_examples_is_postable(pack: PolicyPack) -> None:
    rows = examples()
    submissions = [Submission.model_validate({k: v for k, v in row.items()
                                              if k not in ("expect", "why")}) for row in rows]
    verdicts = check_many(submissions, pack)
    fix_texts = 0
    for submission, verdict in zip(submissions, verdicts, strict=True):
        limit = pack.character_limit(submission.platform)
        for finding in verdict.findings:
            assert finding.fix is not None
            text = finding.fix.text
            if text is None:
                continue
            fix_texts += 1
            where = f"{submission.id} {finding.rule}: {text!r}"
            assert not PLACEHOLDER.search(text), where
            assert text.strip(), where
            if limit is not None:
                assert len(text) <= limit, f"{where} is {len(text)} > {limit}"
    assert fix_texts > 30  # the property is tested over many fixes, not vacuously


def marks(text: str, *found: tuple[str, str]) -> list[Redaction]:
    """Redactions for each (words, evidence kind): the words' first place in ``text``."""
    out = []
    for words, kind in found:
        start = text.index(words)
        out.append(Redaction(start, start + len(words), kind))
    return out


PATIENT = "confidential.patient"
PERSONAL = "confidential.personal-data"


@pytest.mark.parametrize(
    ("rule", "text", "found", "expected"),
    [
        # a name in a patient post becomes "a patient"; the title goes with it
        (PATIENT, "Lovely chat with Mrs Jones after her hip op today",
         [("Jones", "pii.person")], "Lovely chat with a patient after her hip op today"),
        # capitalised at the start of a sentence
        (PATIENT, "Mrs Jones went home today after her hip op. Lovely lady",
         [("Jones", "pii.person")], "A patient went home today after her hip op. Lovely lady"),
        (PATIENT, "Discharged today. Mr Lowe was so grateful",
         [("Lowe", "pii.person")], "Discharged today. A patient was so grateful"),
        # a ward or bed becomes "the ward", neighbouring places one "the ward"
        (PATIENT, "When the lad in bay 2 on Ward 10 won't stop singing",
         [("bay 2", "pii.location_in_care"), ("Ward 10", "pii.location_in_care")],
         "When the lad in the ward won't stop singing"),
        (PATIENT, "Brought onto the Ward 35 at RSH after the crash",
         [("Ward 35", "pii.location_in_care")], "Brought onto the ward at RSH after the crash"),
        # an age is left out with its brackets; "little" goes with the name
        (PATIENT, "Reunited little Theo (3) with his mum after his op",
         [("Theo", "pii.person"), ("3", "pii.age")], "Reunited a patient with his mum after his op"),
        # a name after a greeting or a noun that already says who is left out
        (PATIENT, "Hi Mrs Talbot, your referral was received",
         [("Talbot", "pii.person")], "Hi, your referral was received"),
        (PATIENT, "This lad Daniel has been knocking on doors",
         [("Daniel", "pii.person")], "This lad has been knocking on doors"),
        # an NHS number has no natural word: its bracketed clause goes, with its lead-in
        (PATIENT, "Your referral (NHS no. 9617808501) was received on 3 March.",
         [("9617808501", "pii.nhs_number")], "Your referral was received on 3 March."),
        # a phone number after a preposition goes with it
        (PERSONAL, "Please call Sue Brown on 07700 900123 about the raffle",
         [("07700 900123", "pii.phone")], "Please call Sue Brown about the raffle"),
        # the clause holding it goes; the next word starts the sentence
        (PERSONAL, "My brother's mobile is 07700 900123, text him if you find the dog",
         [("07700 900123", "pii.phone")], "Text him if you find the dog"),
        # an address and its postcode are one identifier
        (PERSONAL, "My new neighbours at 12 Elm Road, SY1 4JF have had a party every night.",
         [("12 Elm Road", "pii.address"), ("SY1 4JF", "pii.postcode")],
         "My new neighbours have had a party every night."),
        # a date of birth with its lead-in and brackets
        (PERSONAL, "This lad Daniel (DOB 05/11/1998) has been knocking on doors.",
         [("05/11/1998", "pii.dob")], "This lad Daniel has been knocking on doors."),
        # the sentence goes when the clause is the whole sentence
        (PERSONAL, "Letters come with his NHS number 998 342 3421 on the front. How do I stop it?",
         [("998 342 3421", "pii.nhs_number")], "How do I stop it?"),
        # an e-mail address's dots do not end the sentence
        ("identity.nhsmail", "Organising a team, drop me a line on k.ash@nhs.net ⚽",
         [("k.ash@nhs.net", "pii.email")], "Organising a team, drop me a line ⚽"),
        # an NI number in its own clause, mid-sentence
        (PERSONAL, "Found a wallet, NI number AB123456C, near the station today.",
         [("AB123456C", "pii.ni_number")], "Found a wallet, near the station today."),
    ],
)
def test_natural_redaction(pack: PolicyPack, rule: str, text: str,
                           found: list[tuple[str, str]], expected: str) -> None:
    assert redact(text, marks(text, *found), rule, pack.redaction) == expected


def test_a_redaction_that_leaves_nothing_offers_no_text(pack: PolicyPack) -> None:
    text = "07700 900123"
    assert redact(text, marks(text, (text, "pii.phone")), PERSONAL, pack.redaction) is None


def test_a_patient_finding_with_no_identifier_offers_no_mechanical_text(
        pack: PolicyPack) -> None:
    fix = build_fix(pack.rules[PATIENT], Hit(PATIENT, [], "care", spans=[(4, 7)]),
                    "The lad who comes in every Monday", pack, "facebook")
    assert fix.text is None and fix.advice == pack.rules[PATIENT].fix.advice


@pytest.mark.parametrize("rule", ["confidential.patient", "confidential.personal-data",
                                  "identity.nhsmail"])
def test_the_pack_words_every_identifier_a_redacting_rule_marks(pack: PolicyPack,
                                                                 rule: str) -> None:
    assert pack.rules[rule].fix.kind is FixKind.REDACT
    missing = [k for k in REDACTION_LABELS if not pack.redaction.handles(rule, k)]
    assert missing == []


def test_the_redaction_words_are_pack_data(pack: PolicyPack) -> None:
    data = pack.model_dump()
    data["redaction"]["words"][PATIENT]["pii.person"] = "a service user"
    other = PolicyPack.model_validate(data)
    text = "Lovely chat with Mrs Jones today"
    assert redact(text, marks(text, ("Jones", "pii.person")), PATIENT,
                  other.redaction) == "Lovely chat with a service user today"


@pytest.mark.parametrize("word", ["[name]", "<patient>", "{who}", "  "])
def test_the_schema_refuses_placeholders_as_redaction_words(word: str) -> None:
    with pytest.raises(ValidationError, match="redaction"):
        RedactionWords(default_words={"pii.person": word})


def test_the_schema_checks_short_forms_and_limits(pack: PolicyPack) -> None:
    data = pack.model_dump()
    data["disclaimer_short_forms"] = {"nosuch": ["Views my own."]}
    with pytest.raises(ValidationError, match="unknown disclaimer"):
        PolicyPack.model_validate(data)
    data["disclaimer_short_forms"] = {"personal_views": ["Views my own.", "My own views, not "
                                                         "my employer's."]}
    with pytest.raises(ValidationError, match="longest first"):
        PolicyPack.model_validate(data)
    data = pack.model_dump()
    data["platform_limits"]["x"] = 0
    with pytest.raises(ValidationError):
        PolicyPack.model_validate(data)


def test_the_pack_lists_the_published_platform_limits(pack: PolicyPack) -> None:
    assert pack.platform_limits == {"x": 280, "linkedin": 3000, "facebook": 63206,
                                    "instagram": 2200, "tiktok": 2200, "youtube": 5000}


DISCLAIMER = "identity.disclaimer"


def disclaimer_fix(pack: PolicyPack, text: str, platform: str) -> Any:
    return build_fix(pack.rules[DISCLAIMER], Hit(DISCLAIMER, [], "", spans=[]), text, pack,
                     platform)


def test_the_full_disclaimer_when_it_fits(pack: PolicyPack) -> None:
    fix = disclaimer_fix(pack, "Proud of the ICB team today.", "x")
    assert fix.text == "Proud of the ICB team today. " + pack.disclaimers["personal_views"]
    assert len(fix.text) <= 280


def test_a_shorter_form_when_the_full_disclaimer_would_pass_the_limit(
        pack: PolicyPack) -> None:
    text = "Proud of the ICB team. " + "x" * 150
    fix = disclaimer_fix(pack, text, "x")
    short = pack.disclaimer_short_forms["personal_views"][0]
    assert fix.text == f"{text} {short}" and len(fix.text) <= 280
    assert fix.snippet == short
    assert "280-character limit" in fix.advice and "shorter form" in fix.advice
    # the same draft on LinkedIn has room for the full wording
    assert disclaimer_fix(pack, text, "linkedin").snippet == pack.disclaimers["personal_views"]


def test_the_shortest_form_when_only_it_fits(pack: PolicyPack) -> None:
    text = "Proud of the ICB team. " + "x" * 240
    fix = disclaimer_fix(pack, text, "x")
    assert fix.text == f"{text} Views my own." and len(fix.text) <= 280


def test_the_profile_bio_when_nothing_fits(pack: PolicyPack) -> None:
    text = "Proud of the ICB team. " + "x" * 250
    fix = disclaimer_fix(pack, text, "x")
    assert fix.text is None
    assert "profile bio" in fix.advice


def test_no_fix_text_over_the_limit_even_from_a_redaction(pack: PolicyPack) -> None:
    text = "Mr D " + "y" * 274  # 279: "a patient" would take it to 283
    hit = Hit(PATIENT, [], "", marks(text, ("D", "pii.person")), spans=[(3, 4)])
    fix = build_fix(pack.rules[PATIENT], hit, text, pack, "x")
    assert fix.text is None and "280-character limit" in fix.advice
    assert build_fix(pack.rules[PATIENT], hit, text, pack, "facebook").text is not None
