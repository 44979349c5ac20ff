"""Presidio recognisers for UK / NHS personal data that Presidio lacks or gets wrong.

Each recogniser is a small class: its patterns (a named group ``v`` marks the part
reported, otherwise the whole match), context words (used by Presidio's context
enhancer), and a ``validate`` hook that can reject a match (checksums, ranges).
Entity names are Presidio-style; ``socialguard.detectors.pii`` maps them to
evidence kinds.
"""

from __future__ import annotations

import re
from typing import ClassVar

import phonenumbers
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Mstr)"


class RegexRecognizer(LocalRecognizer):
    """Base: compiled patterns, optional value group ``v``, a validate hook."""

    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[tuple[tuple[str, str, float], ...]]  # (name, regex, score)
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    FLAGS: ClassVar[int] = 0
    EXPLANATION: ClassVar[str] = ""

    def __init__(self) -> None:
        self._compiled = [
            (name, re.compile(regex, self.FLAGS), score) for name, regex, score in self.PATTERNS
        ]
        super().__init__(
            supported_entities=[self.ENTITY],
            context=list(self.CONTEXT),
            name=type(self).__name__,
        )

    def load(self) -> None:  # patterns are compiled in __init__
        pass

    def validate(self, value: str, match: re.Match[str], text: str) -> bool:
        """Return False to drop a match (checksum, range, stop-word...)."""
        return True

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for name, regex, score in self._compiled:
            for match in regex.finditer(text):
                group = "v" if "v" in regex.groupindex else 0
                start, end = match.span(group)
                if start < 0 or not self.validate(text[start:end], match, text):
                    continue
                results.append(self._result(start, end, score, name))
        return EntityRecognizer.remove_duplicates(results)

    def _result(self, start: int, end: int, score: float, pattern: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=type(self).__name__,
                original_score=score,
                pattern_name=pattern,
                textual_explanation=self.EXPLANATION,
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def nhs_checksum_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 -> 0, 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class NhsNumberRecognizer(RegexRecognizer):
    ENTITY = "UK_NHS"
    # 3-3-4 with one kind of separator throughout, or ten digits together.
    PATTERNS = (
        ("nhs 3-3-4", r"(?<![\w+\-/.])\d{3}([ -])\d{3}\1\d{4}(?![\w\-/]|\.\d)", 0.8),
        ("nhs 10 digits", r"(?<![\w+\-/.])\d{10}(?![\w\-/]|\.\d)", 0.7),
    )
    CONTEXT = ("nhs", "number", "no", "patient")
    EXPLANATION = "NHS number (valid modulus-11 check digit)"

    def validate(self, value: str, match: re.Match[str], text: str) -> bool:
        return nhs_checksum_ok(re.sub(r"[ -]", "", value))


class UkPhoneRecognizer(LocalRecognizer):
    """UK numbers via libphonenumber (region GB); other formats only beside a phone word."""

    ENTITY = "PHONE_NUMBER"
    CONTEXT = (
        "phone",
        "tel",
        "telephone",
        "mobile",
        "call",
        "ring",
        "text",
        "number",
        "whatsapp",
        "fax",
        "contact",
    )
    # A run of digits with the usual separators, 7-15 digits, optional extension.
    _LOOSE = re.compile(r"(?<![\w+.])\+?\(?\d[\d ().\-]{5,20}\d(?:\s?x\d{1,5})?(?![\w])")
    _CUE = re.compile(
        r"(?i)(?:phone|tel|telephone|mobile|mob|cell|call(?:\s+me)?|ring(?:\s+me)?|text(?:\s+me)?"
        r"|whats\s?app|fax|desk|office|number|contact|messages\s+to|reach\s+me|answering)"
        r"\b[^\n\d]{0,25}$"
    )
    _DATEISH = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$|^\d{4}-\d{2}-\d{2}")

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], context=list(self.CONTEXT), name=type(self).__name__
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        taken: list[tuple[int, int]] = []
        if any(c.isdigit() for c in text):
            for match in phonenumbers.PhoneNumberMatcher(
                text, "GB", leniency=phonenumbers.Leniency.VALID
            ):
                region = phonenumbers.region_code_for_number(match.number) or "?"
                results.append(
                    self._result(
                        match.start, match.end, 0.7, f"valid {region} phone number (libphonenumber)"
                    )
                )
                taken.append((match.start, match.end))
            for m in self._LOOSE.finditer(text):
                start, end = m.span()
                value = m.group().rstrip(" .-(")
                end = start + len(value)
                digits = sum(c.isdigit() for c in value)
                if not 7 <= digits <= 15 or self._DATEISH.search(value):
                    continue
                if any(a < end and start < b for a, b in taken):
                    continue
                if not self._CUE.search(text[max(0, start - 40) : start]) and not re.match(
                    r"\s*[-(]?\s*(?:office|fax|mobile|desk|home|work)\b", text[end : end + 12], re.I
                ):
                    continue
                results.append(self._result(start, end, 0.5, "number next to a phone word"))
        return EntityRecognizer.remove_duplicates(results)

    def _result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=type(self).__name__, original_score=score, textual_explanation=why
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


class UkPostcodeRecognizer(RegexRecognizer):
    ENTITY = "UK_POSTCODE"
    # Full postcodes only (outward + inward code); an outward code alone ("SY3")
    # names an area, not an address.
    PATTERNS = (
        (
            "uk postcode",
            r"\b(?:GIR\s?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
            r"\s?[0-9][ABD-HJLNP-UW-Z]{2})\b",
            0.6,
        ),
    )
    CONTEXT = ("postcode", "post code", "address", "live", "lives")
    FLAGS = re.IGNORECASE
    EXPLANATION = "full UK postcode"

    def validate(self, value: str, match: re.Match[str], text: str) -> bool:
        # Lower-case look-alikes inside words ("b12ab") are rare but "m1 1ae"-style
        # postcodes do appear in tweets; require a letter-digit mix either way.
        return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


class UkNinoRecognizer(RegexRecognizer):
    ENTITY = "UK_NINO"
    PATTERNS = (
        (
            "ni number",
            r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
            r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
            0.6,
        ),
    )
    CONTEXT = ("national insurance", "ni", "nino", "insurance")
    FLAGS = re.IGNORECASE
    EXPLANATION = "UK National Insurance number"


class DobRecognizer(RegexRecognizer):
    ENTITY = "DOB"
    PATTERNS = (
        (
            "date after a birth cue",
            r"(?i:\b(?:d\.\s?o\.\s?b\.?|dob|date\s+of\s+birth|born(?:\s+on)?|birth\s?day\s+is)"
            rf"\s*(?:is\s+|was\s+)?[:\-]?\s*)(?P<v>{_DATE})",
            0.85,
        ),
    )
    FLAGS = re.IGNORECASE
    EXPLANATION = "date of birth (a date after 'DOB', 'born on', 'date of birth')"


class MrnRecognizer(RegexRecognizer):
    ENTITY = "MRN"
    PATTERNS = (
        (
            "id after a hospital-number cue",
            r"(?i:\b(?:mrn|hospital\s+(?:number|no\.?|num|id)|hosp\.?\s+no\.?|unit\s+(?:number|no\.?)"
            r"|patient\s+(?:id|number|no\.?)|case\s+(?:number|no\.?)|record\s+(?:number|no\.?))"
            r"\s*(?:is\s+)?[:#]?\s*)(?P<v>[A-Z]{0,3}\d{5,10}[A-Z]?)\b",
            0.8,
        ),
    )
    FLAGS = re.IGNORECASE
    EXPLANATION = "hospital / medical record number"


class CareLocationRecognizer(RegexRecognizer):
    ENTITY = "CARE_LOCATION"
    PATTERNS = (
        (
            "ward/bay/bed + number",
            r"\b(?i:ward|bay|bed|cubicle|side\s*room|resus\s+bay)\s+(?:\d{1,3}[A-Za-z]?|[A-Z]\d{1,2}[A-Za-z]?)\b"
            r"(?!\s*(?i:hours?|hrs?|mins?|minutes|days?|weeks?|nights?|am|pm|%|x\b))",
            0.7,
        ),
        (
            "room + number",
            r"\b(?i:room)\s+(?:\d{1,3}[A-Za-z]?|[A-Z]\d{1,2}[A-Za-z]?)\b"
            r"(?!\s*(?i:hours?|mins?|days?|weeks?|%))",
            0.5,
        ),
        ("named ward", r"\b(?i:on|the)\s+(?P<v>[A-Z][a-z]+\s+(?i:ward))\b", 0.6),
    )
    CONTEXT = ("patient", "admitted", "ward", "bed")
    EXPLANATION = "ward, bay, bed or room reference"


# Capitalised words that are not initials of a person ("patient UK", "Mr T-shirt").
_NOT_INITIALS = frozenset(
    "A AE AND ED ER GP ICU ITU HDU NHS UK US OK ID CT MRI ECG AMU CCU MAU PM AM TV I".split()
)


class InitialsRecognizer(RegexRecognizer):
    ENTITY = "INITIALS"
    PATTERNS = (
        ("title + initial(s)", rf"\b{_TITLE}\.?\s+[A-Z]\.?(?:\s?[A-Z]\.?)?(?![A-Za-z'\-])", 0.75),
        (
            "patient + initials",
            r"(?i:\b(?:patient|pt|client|service\s+user|resident|baby|child|lady|gent(?:leman)?|man|"
            r"woman|boy|girl)\s+)(?P<v>[A-Z]\.?\s?[A-Z]\.?(?:\s?[A-Z]\.?)?|[A-Z]\.)(?![A-Za-z&'\-])",
            0.7,
        ),
    )
    CONTEXT = ("patient", "mr", "mrs", "ward")
    EXPLANATION = "initials used for a person"

    def validate(self, value: str, match: re.Match[str], text: str) -> bool:
        letters = re.sub(r"[^A-Z]", "", value.split()[-1] if " " in value else value)
        core = re.sub(rf"^{_TITLE}\.?\s+", "", value)
        return re.sub(r"[^A-Z]", "", core) not in _NOT_INITIALS and bool(letters)


_NOT_NAMES = frozenset(
    "Section Step Part Chapter Page Figure Table Question Option Level Stage Phase Ward Bed "
    "Bay Room Grade Band Year Round Item Note Point Rule Day Week Month Version Appendix "
    "Image Photo Video Episode Series Season Article Clause Box Line Slide Number Exhibit "
    "Group Team Floor Gate Platform Zone Area Unit Block Form Type Class Test Game".split()
)


class AgeRecognizer(RegexRecognizer):
    ENTITY = "AGE"
    PATTERNS = (
        (
            "N year old",
            r"\b\d{1,3}\s?-?\s?(?:years?|yrs?|yr)\s?-?\s?old\b|\b\d{1,3}\s?(?:yo|y/o|y\.o\.)(?!\w)",
            0.75,
        ),
        ("aged N", r"(?i:\baged?)\s+\d{1,3}\b(?![\d+\-–]|s\b|\s*(?:-|–|to)\s*\d)", 0.7),
        ("Name (N)", r"\b(?P<name>[A-Z][a-z]+)\s?\((?P<v>\d{1,3})\)", 0.6),
        (
            "Title Surname, N",
            rf"\b{_TITLE}\.?\s+[A-Z][A-Za-z'\-]+,\s*(?P<v>\d{{1,3}})\b"
            r"(?!\s*(?:%|am|pm|:|/|\.\d|years?\s+ago))",
            0.7,
        ),
    )
    FLAGS = 0
    CONTEXT = ("age", "aged", "old")
    EXPLANATION = "age of an individual"

    def validate(self, value: str, match: re.Match[str], text: str) -> bool:
        number = re.search(r"\d+", value)
        if number is None or int(number.group()) > 120:
            return False
        name = match.groupdict().get("name")
        return name is None or name not in _NOT_NAMES

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        # "Jean Lowe, 67, of Telford": an age right after a recognised name.
        for ent in getattr(nlp_artifacts, "entities", None) or []:
            if ent.label_ != "PERSON":
                continue
            m = re.match(
                r",\s*(\d{1,3})\b(?!\s*(?:%|am|pm|:|/|\.\d|years?\s+ago))", text[ent.end_char :]
            )
            if m and int(m.group(1)) <= 120:
                start = ent.end_char + m.start(1)
                results.append(self._result(start, start + len(m.group(1)), 0.7, "name, age"))
        return EntityRecognizer.remove_duplicates(results)


_STREET = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct"
    r"|Place|Pl|Grove|Gardens|Gdns|Terrace|Walk|Hill|Mews|Row|Square|Sq|Park|View|Rise"
    r"|Green|Croft|Fields|Parade|Boulevard|Blvd|Gate|Vale|Wharf|Meadows?)"
)


class HomeAddressRecognizer(RegexRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS = (
        (
            "house number + street",
            rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'\-]+\s+){{1,3}}{_STREET}\b\.?",
            0.7,
        ),
    )
    CONTEXT = ("address", "live", "lives", "living", "house", "home")
    EXPLANATION = "house number and street"


class TitledNameRecognizer(RegexRecognizer):
    """A title makes a capitalised word a person's name ("Mrs Jones", "Dr Amir Khan").

    Complements the tweet-trained NER, which often misses a lone surname in
    formal sentences ("Mrs Jones was discharged").
    """

    ENTITY = "PERSON"
    PATTERNS = (
        (
            "title + name",
            r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Nurse|Sister|Matron)\.?\s+"
            r"[A-Z][a-z][A-Za-z'\-]*(?:\s+[A-Z][a-z][A-Za-z'\-]*)?\b",
            0.7,
        ),
    )
    EXPLANATION = "a title followed by a name"
