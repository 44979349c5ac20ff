"""One table per UK recogniser: positives, negatives and near misses (no model needed)."""

from __future__ import annotations

import pytest

from socialguard.detectors import uk_recognisers as uk


def found(recogniser: uk.RegexRecognizer | uk.UkPhoneRecognizer, text: str) -> list[str]:
    return [text[r.start : r.end] for r in recogniser.analyze(text, [recogniser.ENTITY])]


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("0000000000", False),
        ("1234567890", False),
        ("943476591", False),
    ],
)
def test_nhs_checksum(digits: str, valid: bool) -> None:
    assert uk.nhs_checksum_ok(digits) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS number 943 476 5919 please", ["943 476 5919"]),
        ("ref 943-476-5919", ["943-476-5919"]),
        ("9434765919", ["9434765919"]),
        ("NHS no 943 476 5918", []),  # bad check digit
        ("943 476-5919", []),  # mixed separators
        ("9434 765919", []),  # not 3-3-4
        ("order 1234567890 shipped", []),  # ten digits, invalid checksum
        ("+449434765919", []),  # part of a longer number
    ],
)
def test_nhs_number(text: str, expected: list[str]) -> None:
    assert found(uk.NhsNumberRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 01743 277500 after 5", ["01743 277500"]),
        ("mob +44 7911 123456", ["+44 7911 123456"]),
        ("call 0121 496 0000", ["0121 496 0000"]),
        ("Phone: 905-674-3793", ["905-674-3793"]),  # foreign format next to a phone word
        ("we raised 905-674-3793 pounds", []),  # no phone word, not a valid GB number
        ("born 12/03/1985, call later", []),  # a date is not a phone number
        ("see page 12", []),
    ],
)
def test_phone(text: str, expected: list[str]) -> None:
    assert found(uk.UkPhoneRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lives at SY3 8XQ now", ["SY3 8XQ"]),
        ("TF1 6TE", ["TF1 6TE"]),
        ("postcode sw1a1aa", ["sw1a1aa"]),
        ("the SY3 area", []),  # outward code only
        ("flight BA123 today", []),
    ],
)
def test_postcode(text: str, expected: list[str]) -> None:
    assert found(uk.UkPostcodeRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NI number AB123456C", ["AB123456C"]),
        ("ni: JG 10 37 58 A", ["JG 10 37 58 A"]),
        ("QQ123456C", []),  # Q is never a first letter
        ("GB123456A", []),  # reserved prefix
        ("AB123456E", []),  # suffix must be A-D
    ],
)
def test_ni_number(text: str, expected: list[str]) -> None:
    assert found(uk.UkNinoRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 12/03/1935", ["12/03/1935"]),
        ("d.o.b. 3rd March 1950", ["3rd March 1950"]),
        ("date of birth: 1950-03-03", ["1950-03-03"]),
        ("born on 4 July 1988 in Telford", ["4 July 1988"]),
        ("clinic on 12/03/2025", []),  # a bare date is not a date of birth
        ("born in 1950", []),  # a year alone is not a date
    ],
)
def test_dob(text: str, expected: list[str]) -> None:
    assert found(uk.DobRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN: RJ1234567", ["RJ1234567"]),
        ("hospital number 1234567", ["1234567"]),
        ("hosp no. K123456", ["K123456"]),
        ("room number 12", []),  # no hospital-number cue, too short
        ("MRN scanner booked", []),
    ],
)
def test_mrn(text: str, expected: list[str]) -> None:
    assert found(uk.MrnRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Ward 7 today", ["Ward 7"]),
        ("moved to bay 2, bed 14", ["bay 2", "bed 14"]),
        ("in room B4", ["room B4"]),
        ("back on Apley Ward", ["Apley Ward"]),
        ("room for improvement", []),
        ("ward off the flu", []),
        ("in bed 8 hours a night", []),
    ],
)
def test_care_location(text: str, expected: list[str]) -> None:
    assert found(uk.CareLocationRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr D was discharged", ["Mr D"]),
        ("Mrs T. is comfortable", ["Mrs T."]),
        ("patient JB in bay 2", ["JB"]),
        ("Mr Davies was discharged", []),  # a surname is the NER's job
        ("patient ICU stay", []),  # an acronym, not initials
        ("Mr T-shirt", []),
    ],
)
def test_initials(text: str, expected: list[str]) -> None:
    assert found(uk.InitialsRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("an 89 year old lady", ["89 year old"]),
        ("the 67-year-old man", ["67-year-old"]),
        ("aged 67 from Ludlow", ["aged 67"]),
        ("Theo (3) was brave", ["3"]),
        ("Mr Lowe, 67, was", ["67"]),
        ("a 10 year plan", []),
        ("aged 18-25 welcome", []),  # a range, not someone's age
        ("see Section (3)", []),
        ("Mr Lowe, 10:30 clinic", []),
    ],
)
def test_age(text: str, expected: list[str]) -> None:
    assert found(uk.AgeRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she lives at 12 Oak Road, Shrewsbury", ["12 Oak Road"]),
        ("14a Castle Street", ["14a Castle Street"]),
        ("at 3 St John's Close", ["3 St John's Close"]),
        ("5 more road trips", []),
        ("3 Street Food stalls", []),
    ],
)
def test_home_address(text: str, expected: list[str]) -> None:
    assert found(uk.HomeAddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saw Mrs Jones today", ["Mrs Jones"]),
        ("Dr Amir Khan said", ["Dr Amir Khan"]),
        ("Mr D was", []),  # initials, not a name
        ("Dr. who?", []),
    ],
)
def test_titled_name(text: str, expected: list[str]) -> None:
    assert found(uk.TitledNameRecognizer(), text) == expected
