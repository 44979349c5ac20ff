"""The Presidio-based personal-data detector end to end (loads the bundled NER once)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from socialguard.detectors.base import Evidence
from socialguard.detectors.pii import PersonalDataDetector, redact
from socialguard.policy import load_pack


@pytest.fixture(scope="session")
def detector() -> PersonalDataDetector:
    det = PersonalDataDetector()
    det.detect("warm up")  # loads the model and the engine once for the session
    return det


def kinds(evidence: list[Evidence]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in evidence:
        out.setdefault(e.kind, []).append(e.text)
    return out


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Lovely chat with Mrs Jones on Ward 7 today", "pii.person", "Mrs Jones"),
        ("Lovely chat with Mrs Jones on Ward 7 today", "pii.location_in_care", "Ward 7"),
        ("Her NHS number is 943 476 5919", "pii.nhs_number", "943 476 5919"),
        ("text me on 07911 123456", "pii.phone", "07911 123456"),
        ("email jo.bloggs@gmail.com", "pii.email", "jo.bloggs@gmail.com"),
        ("12 Oak Road, Shrewsbury SY3 8XQ", "pii.address", "12 Oak Road"),
        ("12 Oak Road, Shrewsbury SY3 8XQ", "pii.postcode", "SY3 8XQ"),
        ("my NI number is AB123456C", "pii.ni_number", "AB123456C"),
        ("DOB 12/03/1935", "pii.dob", "12/03/1935"),
        ("MRN: RJ1234567", "pii.mrn", "RJ1234567"),
        ("patient JB in bay 2", "pii.initials", "JB"),
        ("an 89 year old gentleman", "pii.age", "89 year old"),
    ],
)
def test_finds(detector: PersonalDataDetector, text: str, kind: str, value: str) -> None:
    assert value in kinds(detector.detect(text)).get(kind, [])


@pytest.mark.parametrize(
    "text",
    [
        "Great turnout at the flu clinic today, thank you all!",
        "Our 10 year plan is out: room for improvement, but proud of the team.",
        "Clinic on 12/03/2025 at 10:30",
        "Reference 1234567890 for the order",
    ],
)
def test_clean_texts(detector: PersonalDataDetector, text: str) -> None:
    assert detector.detect(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Our new film on healthy eating, produced by Blue Kite Productions 🎬",
        "Eid Mubarak to everyone celebrating today 🌙",
        "Wishing all our colleagues a peaceful Ramadan Mubarak",
        "Proud that NHS Shropshire, Telford and Wrekin ICB cut discharge delays",
    ],
)
def test_businesses_greetings_and_our_own_name_are_not_people(
        detector: PersonalDataDetector, text: str) -> None:
    assert "pii.person" not in kinds(detector.detect(text, load_pack()))


def test_evidence_fields(detector: PersonalDataDetector) -> None:
    text = "Contact me: sam.smith@nhs.net or sam@example.org"
    emails = [e for e in detector.detect(text) if e.kind == "pii.email"]
    assert [e.attrs["nhsmail"] for e in emails] == [True, False]
    assert emails[0].attrs["domain"] == "nhs.net"
    for e in emails:
        assert text[e.start : e.end] == e.text
        assert 0.0 < e.score <= 1.0 and e.explanation


def test_nhs_number_is_not_also_a_phone(detector: PersonalDataDetector) -> None:
    found = kinds(detector.detect("NHS no 401 023 2137"))
    assert found.get("pii.nhs_number") == ["401 023 2137"]
    assert "pii.phone" not in found


def test_allow_list(detector: PersonalDataDetector) -> None:
    text = "Call our helpline 01952 580300 or write to 12 Oak Road, SY3 8XQ. Dr Amir Khan"
    pack = SimpleNamespace(
        allow_list=SimpleNamespace(
            phone_numbers=["+44 1952 580300"],
            emails=[],
            postcodes=["sy38xq"],
            addresses=["12 Oak Road, Shrewsbury"],
            handles=[],
            names=["Dr Amir Khan"],
        )
    )
    assert detector.detect_many([text], cast(Any, pack))[0] == []
    assert {"pii.phone", "pii.postcode", "pii.address"} <= set(kinds(detector.detect(text)))


def test_batch_keeps_order_and_empties(detector: PersonalDataDetector) -> None:
    texts = ["", "DOB 01/02/1990", "nothing here", "bed 14"]
    out = detector.detect_many(texts, None)
    assert [sorted(kinds(e)) for e in out] == [[], ["pii.dob"], [], ["pii.location_in_care"]]


def test_redact_merges_overlaps() -> None:
    text = "Mr D on Ward 7, NHS 943 476 5919"
    ev = [
        Evidence("pii.initials", 0, 4, "Mr D"),
        Evidence("pii.person", 3, 4, "D"),
        Evidence("pii.location_in_care", 8, 14, "Ward 7"),
        Evidence("pii.nhs_number", 20, 32, "943 476 5919"),
    ]
    assert redact(text, ev) == "[initials] on [ward/bed], NHS [NHS number]"
    assert redact(text, []) == text


def test_redact_end_to_end(detector: PersonalDataDetector) -> None:
    text = "Mrs Jones, 89, DOB 12/03/1935, is on Ward 7"
    assert redact(text, detector.detect(text)) == (
        "[name], [age], DOB [date of birth], is on [ward/bed]"
    )


def test_email_validation_never_fetches_the_suffix_list() -> None:
    from socialguard.detectors.pii import _offline_tld

    extractor = _offline_tld()
    assert tuple(extractor.suffix_list_urls) == ()
    assert extractor("jo@example.co.uk").fqdn == "example.co.uk"


def test_long_punctuation_runs_reach_the_tokenizer_as_spaces() -> None:
    # spaCy took a minute on "*" * 20000 (issue 16's fuzzing found it): the tokenizer now
    # sees spaces there, with every offset unchanged, and names elsewhere are still found.
    from socialguard.detectors.pii import PersonalDataDetector, _tokenisable

    junk = "*" * 19_000
    assert _tokenisable(junk) == " " * 19_000
    short = "Well done team!!! ***** https://nhs.uk/a-b"
    assert _tokenisable(short) == short
    text = "Please ring John Smith about the rota. " + junk
    found = PersonalDataDetector().detect(text)
    assert any(e.kind == "pii.person" and e.text == "John Smith" for e in found)
