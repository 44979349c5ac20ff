"""Personal-data evidence (for ``confidential.patient`` / ``confidential.personal-data``).

Presidio's AnalyzerEngine runs our recognisers over one pass of the project's
person-name NER (``socialguard/models/person_ner``): the spaCy pipeline runs once
per batch with ``nlp.pipe`` and the resulting NlpArtifacts are handed to
``analyze`` so no recogniser re-parses. Everything loads lazily, once, on first
use; nothing is downloaded (no spaCy model download, no public-suffix-list fetch).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.lexicon import Lexicon, cached_lexicon

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult
    from presidio_analyzer.nlp_engine import NlpArtifacts

    from socialguard.policy.schema import PolicyPack

MIN_SCORE = 0.4

# Presidio entity -> (evidence kind, redaction placeholder, explanation)
KINDS: dict[str, tuple[str, str, str]] = {
    "PERSON": ("pii.person", "[name]", "a person's name (NER)"),
    "UK_NHS": ("pii.nhs_number", "[NHS number]", "NHS number with a valid check digit"),
    "PHONE_NUMBER": ("pii.phone", "[phone]", "phone number"),
    "EMAIL_ADDRESS": ("pii.email", "[email]", "email address"),
    "UK_POSTCODE": ("pii.postcode", "[postcode]", "full UK postcode"),
    "STREET_ADDRESS": ("pii.address", "[address]", "house number and street"),
    "UK_NINO": ("pii.ni_number", "[NI number]", "National Insurance number"),
    "DOB": ("pii.dob", "[date of birth]", "date of birth"),
    "MRN": ("pii.mrn", "[hospital number]", "hospital / medical record number"),
    "CARE_LOCATION": ("pii.location_in_care", "[ward/bed]", "ward, bay, bed or room"),
    "INITIALS": ("pii.initials", "[initials]", "initials used for a person"),
    "AGE": ("pii.age", "[age]", "age of an individual"),
}
PLACEHOLDER = {kind: label for kind, label, _ in KINDS.values()}
_WORK_MAIL = re.compile(r"(?:^|\.)nhs\.(?:net|uk)$")
_TITLES = re.compile(r"^(?:dr|mr|mrs|ms|miss|mx|prof|professor|sir|dame)\.?\s+", re.I)


# Allow-list -------------------------------------------------------------------------


def _digits_key(number: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "GB")
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", number)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w@]+", " ", text.lower()).split())


def _name_key(text: str) -> str:
    return _words(_TITLES.sub("", re.sub(r"['’]s$", "", text.strip())))


@dataclass(frozen=True, slots=True)
class Allow:
    """The organisation's published details, normalised for comparison."""

    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    addresses: tuple[str, ...] = ()
    handles: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, allow: Any) -> Allow:
        """From an ``AllowList``-like object (missing fields count as empty)."""

        def get(field: str) -> list[str]:
            return list(getattr(allow, field, None) or [])

        return cls(
            phones=frozenset(_digits_key(p) for p in get("phone_numbers")),
            emails=frozenset(e.strip().lower() for e in get("emails")),
            postcodes=frozenset(re.sub(r"\s", "", p).upper() for p in get("postcodes")),
            addresses=tuple(_words(a) for a in get("addresses")),
            handles=frozenset(h.strip().lstrip("@").lower() for h in get("handles")),
            names=frozenset(_name_key(n) for n in get("names")),
        )

    def allows(self, kind: str, value: str) -> bool:
        if kind == "pii.phone":
            return _digits_key(value) in self.phones
        if kind == "pii.email":
            return value.lower() in self.emails
        if kind == "pii.postcode":
            return re.sub(r"\s", "", value).upper() in self.postcodes
        if kind == "pii.address":
            key = _words(value)
            return any(key in a for a in self.addresses)
        if kind == "pii.person":
            if value.startswith("@"):
                return value[1:].lower() in self.handles
            return _name_key(value) in self.names
        return False


# Engine -----------------------------------------------------------------------------


@cache
def _offline_tld() -> Any:
    import tldextract

    # The bundled public-suffix snapshot, never a fetch (no network at run time).
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def _email_recogniser() -> Any:
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return bool(_offline_tld()(pattern_text).fqdn)

    return OfflineEmailRecognizer()


def _nlp_engine() -> Any:
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

    from socialguard.detectors.pii_model import person_ner, person_spans

    class PersonNerEngine(SpacyNlpEngine):
        """Our NER-only pipeline; lemmas are lower-cased words (no lemmatiser)."""

        def load(self) -> None:
            self.nlp = {"en": person_ner()}  # type: ignore[assignment]

        def _doc_to_nlp_artifact(self, doc: Any, language: str) -> NlpArtifacts:
            ents = person_spans(doc)
            return NlpArtifacts(
                entities=ents,
                tokens=doc,
                tokens_indices=[t.idx for t in doc],
                lemmas=[t.lower_ for t in doc],
                nlp_engine=self,
                language=language,
                scores=[0.85] * len(ents),
            )

    engine = PersonNerEngine(models=[{"lang_code": "en", "model_name": "socialguard_person_ner"}])
    engine.load()
    return engine


@cache
def analyzer() -> AnalyzerEngine:
    """The Presidio engine with only the recognisers we use (built once)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from socialguard.detectors import uk_recognisers as uk

    registry = RecognizerRegistry(supported_languages=["en"])
    for recogniser in (
        SpacyRecognizer(supported_entities=["PERSON"]),
        _email_recogniser(),
        uk.NhsNumberRecognizer(),
        uk.UkPhoneRecognizer(),
        uk.UkPostcodeRecognizer(),
        uk.UkNinoRecognizer(),
        uk.DobRecognizer(),
        uk.MrnRecognizer(),
        uk.CareLocationRecognizer(),
        uk.InitialsRecognizer(),
        uk.AgeRecognizer(),
        uk.HomeAddressRecognizer(),
        uk.TitledNameRecognizer(),
    ):
        registry.add_recognizer(recogniser)
    return AnalyzerEngine(registry=registry, nlp_engine=_nlp_engine(), supported_languages=["en"])


# Detector ---------------------------------------------------------------------------


class PersonalDataDetector:
    """Names, NHS/hospital numbers, contact details, DOB, ages, ward/bed references."""

    name: ClassVar[str] = "pii"
    scope: ClassVar[str] = "content"
    produces: ClassVar[tuple[str, ...]] = tuple(kind for kind, _, _ in KINDS.values())
    lane: ClassVar[str] = "nlp"  # runs beside the sentence model (see engine.analyse)
    batch_size: ClassVar[int] = 64

    def detect_many(self, texts: Sequence[str], pack: PolicyPack | None) -> list[list[Evidence]]:
        texts = list(texts)  # iterated twice: once by spaCy, once here
        engine = analyzer()
        nlp_engine: Any = engine.nlp_engine  # our PersonNerEngine
        allow = Allow.of(getattr(pack, "allow_list", None))
        own_names = _own_names(pack)
        nlp = nlp_engine.get_nlp("en")
        out: list[list[Evidence]] = []
        docs = nlp.pipe(map(_tokenisable, texts), batch_size=self.batch_size)
        for text, doc in zip(texts, docs, strict=True):
            if not text.strip():
                out.append([])
                continue
            artifacts = nlp_engine._doc_to_nlp_artifact(doc, "en")
            inside_own = [(h.start, h.end) for h in own_names.finditer(text)]
            out.append([_with_owner(text, e, pack)
                        for e in self._evidence(text, engine, artifacts, allow)
                        if not (e.kind == "pii.person" and any(
                            s <= e.start and e.end <= t for s, t in inside_own))])
        return out

    def detect(self, text: str, pack: PolicyPack | None = None) -> list[Evidence]:
        return self.detect_many([text], pack)[0]


    def _evidence(
        self, text: str, engine: AnalyzerEngine, artifacts: NlpArtifacts, allow: Allow
    ) -> list[Evidence]:
        results = engine.analyze(
            text=text,
            language="en",
            nlp_artifacts=artifacts,
            score_threshold=MIN_SCORE,
            return_decision_process=True,  # keeps each recogniser's explanation
        )
        results = _resolve_numbers(text, results)
        evidence = []
        for r in sorted(results, key=lambda r: (r.start, -r.end)):
            kind, _, default = KINDS[r.entity_type]
            value = text[r.start : r.end]
            if allow.allows(kind, value) or (kind == "pii.person" and not _name_like(value)):
                continue
            evidence.append(
                Evidence(
                    kind=kind,
                    start=r.start,
                    end=r.end,
                    text=value,
                    score=round(r.score, 3),
                    explanation=_explain(r, default),
                    attrs=_attrs(kind, value, r),
                )
            )
        return _drop_nested(evidence)


# Details whose owner matters (spec §5: the author's own number is not someone else's data).
OWNED = ("pii.phone", "pii.email", "pii.address", "pii.postcode", "pii.dob", "pii.ni_number",
         "pii.nhs_number")
OWNER_WINDOW = 40  # characters before a detail where "my", "her", "lives at" are looked for


def _with_owner(text: str, e: Evidence, pack: PolicyPack | None) -> Evidence:
    """Add ``owner``: "author" when the words just before the detail make it the author's
    own ("text me on", "my DOB"), "someone" when they make it another person's ("her
    number is", "my brother's mobile", "lives at"), whichever is nearer; else "unknown"."""
    if e.kind not in OWNED or pack is None:
        return e
    before = text[max(0, e.start - OWNER_WINDOW): e.start]
    mine = max((h.end for h in pack.lexicon("own_details").finditer(before)), default=-1)
    theirs = max((h.end for h in pack.lexicon("others_details").finditer(before)), default=-1)
    owner = "unknown" if mine == theirs == -1 else "author" if mine > theirs else "someone"
    return replace(e, attrs={**e.attrs, "owner": owner})


def _own_names(pack: PolicyPack | None) -> Lexicon:
    """The organisation's names and sites: "Wrekin" in "...Telford and Wrekin ICB" is no one."""
    org = getattr(pack, "organisation", None)
    names = [] if org is None else [org.name, *org.short_names, *org.places]
    return cached_lexicon(tuple(names))


def _drop_nested(evidence: list[Evidence]) -> list[Evidence]:
    """A name inside a longer name ("Jones" in "Mrs Jones") is one finding, not two."""
    return [
        e
        for e in evidence
        if not any(
            o is not e
            and o.kind == e.kind
            and o.start <= e.start
            and e.end <= o.end
            and (o.end - o.start) > (e.end - e.start)
            for o in evidence
        )
    ]


def _resolve_numbers(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """A checksum-valid NHS number is not also a phone number, unless dialled like one."""
    nhs = [r for r in results if r.entity_type == "UK_NHS"]
    if not nhs:
        return results

    def shadowed(r: RecognizerResult) -> bool:
        if r.entity_type != "PHONE_NUMBER" or text[r.start : r.end].startswith(("0", "+")):
            return False
        return any(n.start < r.end and r.start < n.end for n in nhs)

    return [r for r in results if not shadowed(r)]


# A "name" ending in one of these is a business or a service ("Bright Spark Films"),
# and one holding a greeting is a festival ("Ramadan Mubarak"): the NER mistakes both.
_ORGANISATION_ENDINGS = frozenset("""films productions studios media ltd limited plc llp group
trust council services centre center clinic pharmacy surgery practice hospital foundation
charity partnership academy school college university solutions consulting associates""".split())
_GREETING_WORDS = frozenset("""mubarak eid ramadan diwali christmas xmas easter hanukkah
vaisakhi navratri""".split())


def _name_like(value: str) -> bool:
    if value.startswith("@"):
        return True
    # The tweet-trained NER sometimes takes codes ("RJ1234567") for user names.
    if any(c.isdigit() for c in value):
        return False
    words = value.lower().split()
    return bool(words) and words[-1] not in _ORGANISATION_ENDINGS and not (
        _GREETING_WORDS & set(words))


def _explain(result: RecognizerResult, default: str) -> str:
    expl = result.analysis_explanation
    detail = getattr(expl, "textual_explanation", None) if expl is not None else None
    return detail if detail and "Spacy" not in detail else default


def _attrs(kind: str, value: str, result: RecognizerResult) -> dict[str, Any]:
    attrs: dict[str, Any] = {"entity": result.entity_type}
    if kind == "pii.email":
        domain = value.rsplit("@", 1)[-1].lower()
        attrs.update(domain=domain, nhsmail=bool(_WORK_MAIL.search(domain)))
    elif kind == "pii.person":
        attrs["handle"] = value.startswith("@")
    elif kind == "pii.nhs_number":
        attrs["digits"] = re.sub(r"\D", "", value)
    elif kind == "pii.phone":
        attrs["service"] = bool(SERVICE_NUMBER.match(re.sub(r"[\s()-]", "", value)))
    return attrs


# Non-geographic numbers (03xx, 08xx, 111, 116xxx, 999) belong to services, never a person.
SERVICE_NUMBER = re.compile(r"^(?:\+44\s?|0)(?:3|80|84|87)|^(?:111|116\d{3}|999|112)$")


# Redaction --------------------------------------------------------------------------


def redact(text: str, evidence: Sequence[Evidence]) -> str:
    """Replace evidence spans with placeholders; overlapping spans become one."""
    spans = sorted((e.start, e.end, e.kind, e.score) for e in evidence if e.end > e.start)
    merged: list[list[Any]] = []  # [start, end, kind, length of the span that named it]
    for start, end, kind, _ in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            # The longest contributing span names the merged one ("Mr D" over "D").
            if end - start > last[3]:
                last[2], last[3] = kind, end - start
            last[1] = max(last[1], end)
        else:
            merged.append([start, end, kind, end - start])
    parts, cursor = [], 0
    for start, end, kind, _ in merged:
        parts.append(text[cursor:start])
        parts.append(PLACEHOLDER.get(kind, "[redacted]"))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


# spaCy's tokenizer splits prefixes and suffixes off a token one at a time, so a long run
# with no space but punctuation ("*" * 20000) takes quadratic time: a minute per check.
# No name lives in such a run, so its punctuation becomes spaces for the tokenizer only;
# the length stays, so every offset still points into the draft.
LONG_RUN = re.compile(r"\S{200,}")
_PUNCTUATION = re.compile(r"[^\w]")


def _tokenisable(text: str) -> str:
    return LONG_RUN.sub(lambda m: _PUNCTUATION.sub(" ", m.group()), text)
