"""The policy pack: an organisation's social media policy as validated data.

A pack is one YAML file. The bundled one (``packs/stw-icb.yaml``) encodes NHS
Shropshire, Telford and Wrekin ICB's HR020 policy; another organisation copies
it and edits names, teams, partners, thresholds and wording without touching
code. Everything here is validated at load so a typo names the field at fault.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from socialguard.detectors.lexicon import Lexicon, cached_lexicon
from socialguard.policy.lexicons import bundled_lexicons
from socialguard.verdict import FixKind, Severity, Urgency

_STRICT = ConfigDict(extra="forbid", frozen=True)
RULE_ID = re.compile(r"^[a-z]+\.[a-z][a-z0-9-]*$")
TEAM_KEYS = ("comms", "hr", "safeguarding", "foi", "ig", "line_manager")


class Amendment(BaseModel):
    model_config = _STRICT

    version: str
    date: str = Field(description="As the document gives it, e.g. 'Aug 2022' or '2022-08-01'")
    description: str


class DocumentControl(BaseModel):
    model_config = _STRICT

    title: str
    reference: str
    version: str
    electronic_file_name: str | None = None
    author: str | None = None
    owner: str = Field(description="Who is responsible for the policy (section 4.1)")
    placement: str | None = None
    approval_level: str | None = None
    approval_date: date
    review_date: date
    dissemination_date: date | None = None
    implementation_date: date | None = None
    method_of_dissemination: str | None = None
    review_interval_months: Annotated[int, Field(ge=1, le=60)] = 12
    review_triggers: list[str] = Field(default_factory=list)
    amendments: list[Amendment] = Field(default_factory=list)
    official_copy_url: str | None = None

    @model_validator(mode="after")
    def _review_after_approval(self) -> DocumentControl:
        if self.review_date <= self.approval_date:
            raise ValueError("review_date must be after approval_date")
        return self

    def review_overdue(self, today: date) -> bool:
        return today > self.review_date


class Organisation(BaseModel):
    model_config = _STRICT

    name: str = Field(description="Full name, e.g. 'NHS Shropshire, Telford and Wrekin ICB'")
    short_names: list[str] = Field(
        default_factory=list,
        description="Other ways staff and the public name it (STW ICB, NHS STW)",
    )
    generic_names: list[str] = Field(
        default_factory=lambda: ["ICB", "NHS"],
        description="Words that tie a post to the organisation or the wider NHS",
    )
    website: str | None = None
    email_domains: list[str] = Field(
        default_factory=lambda: ["nhs.net"],
        description="Work e-mail domains (NHSmail); seen in personal posts they identify staff",
    )
    corporate_channels: dict[str, str] = Field(
        default_factory=dict, description="platform -> the corporate account or channel"
    )
    places: list[str] = Field(
        default_factory=list,
        description="Sites named as places (RSH, PRH): naming one is not a partner citation",
    )


class Section(BaseModel):
    """A section of the policy document; ``text`` is its own wording in full (not its
    subsections'), shown on /policy and compared between versions.

    ``text`` is plain text with two kinds of block, separated by blank lines:

    * a paragraph: lines of text (one line break inside a paragraph is a space);
    * a bullet list: lines starting ``- ``, one per item (a line that does not start
      with ``- `` right after an item continues it).

    Nothing else is markup: ``*`` or ``#`` show as typed, and the page escapes every
    character. HTML tags are refused here, so nobody writes one expecting it to work.
    """

    model_config = _STRICT

    number: str
    title: str
    summary: str = ""
    text: str = Field(default="", description="The section's own wording: paragraphs "
                      "separated by blank lines, bullet items starting '- '")

    @field_validator("number")
    @classmethod
    def _number_form(cls, value: str) -> str:
        if not re.fullmatch(r"\d+(\.\d+)*", value):
            raise ValueError(f"section number {value!r} is not of the form 6 or 6.2")
        return value

    @field_validator("text")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        # re caches the compiled pattern; an HTML tag or comment as authors would type one.
        tag = re.search(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--", value)
        if tag:
            raise ValueError(f"{tag.group(0)!r}: section text is plain paragraphs and '- ' "
                             "bullet lists; HTML is not used")
        return value.strip()


class RuleFix(BaseModel):
    model_config = _STRICT

    kind: FixKind
    advice: str
    contacts: list[str] = Field(default_factory=list, description="team keys to contact")
    disclaimer: str | None = Field(default=None, description="a key of `disclaimers` to append")


class RuleExamples(BaseModel):
    model_config = _STRICT

    breach: list[str] = Field(default_factory=list)
    fine: list[str] = Field(default_factory=list)


class Rule(BaseModel):
    model_config = _STRICT

    section: str
    severity: Severity
    title: str
    message: str
    fix: RuleFix
    enabled: bool = True
    examples: RuleExamples = Field(default_factory=RuleExamples)


class TriageLabel(BaseModel):
    model_config = _STRICT

    section: str
    title: str
    team: str
    urgency: Urgency = Urgency.NORMAL
    instruction: str
    uncertain_instruction: str | None = Field(
        default=None,
        description="Said instead of `instruction` when the model is less than confident "
                    "(triage.safeguarding-danger: 'possible danger - check now')")
    enabled: bool = True


class Team(BaseModel):
    model_config = _STRICT

    name: str
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    note: str | None = None

    def how_to_reach(self) -> str | None:
        parts = [p for p in (self.email, self.phone, self.url) if p]
        return " · ".join(parts) or self.note


class Consent(BaseModel):
    model_config = _STRICT

    given_on: date
    scope: str = ""
    expires_on: date | None = None


class Partner(BaseModel):
    model_config = _STRICT

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: str = "partner"
    consent: Consent | None = None

    def consented(self, today: date) -> bool:
        if self.consent is None:
            return False
        return self.consent.expires_on is None or today <= self.consent.expires_on


class ClosureCriteria(BaseModel):
    """Section 10.1: when an official account may be closed."""

    model_config = _STRICT

    inactivity_months: Annotated[int, Field(ge=1)] = 1
    frequency_window_months: Annotated[int, Field(ge=1)] = 2
    frequency_min_posts_per_week: Annotated[float, Field(gt=0)] = 1.0
    interest_min_age_months: Annotated[int, Field(ge=1)] = 6
    interest_min_followers: Annotated[int, Field(ge=0)] = 100


class Foi(BaseModel):
    model_config = _STRICT

    """FOI settings. Working days always skip the bank holidays of every part of the UK
    (FOI Act s.10(6)), whatever the organisation's nation, so there is nothing to set."""

    working_days: Annotated[int, Field(ge=1, le=60)] = 20


class AllowList(BaseModel):
    """The organisation's own published details: never personal data in its posts."""

    model_config = _STRICT

    phone_numbers: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    postcodes: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list, description="staff who post officially")


class LexiconEdit(BaseModel):
    """Changes a pack makes to one bundled lexicon (socialguard/policy/lexicons)."""

    model_config = _STRICT

    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)


class Judgment(BaseModel):
    """Overrides for the judgment model's thresholds, by head name (e.g.
    ``conduct.colleagues: 0.7`` to flag fewer posts about colleagues). Heads not
    named keep the threshold chosen on validation data (models/judgment/meta.json)."""

    model_config = _STRICT

    thresholds: dict[str, Annotated[float, Field(gt=0, lt=1)]] = Field(default_factory=dict)


PLACEHOLDER = re.compile(r"[\[\]{}<>]")


class RedactionWords(BaseModel):
    """How a redaction fix reads: identifiers become plain words, or the clause holding
    them goes, so the fixed draft can be posted as it stands (never '[name]')."""

    model_config = _STRICT

    words: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="rule id -> evidence kind -> the plain words that replace it "
                    "(confidential.patient: pii.person -> 'a patient')")
    default_words: dict[str, str] = Field(
        default_factory=dict, description="evidence kind -> words, for rules not in `words`")
    remove_clause: list[str] = Field(
        default_factory=list,
        description="kinds with no natural word (NHS number, phone...): the clause holding "
                    "them is removed, or the sentence when the clause is the whole of it")
    drop: list[str] = Field(
        default_factory=list, description="kinds simply left out where they stand (an age)")
    titles: list[str] = Field(
        default_factory=list,
        description="words before a name that go with it ('Mrs Jones' -> 'a patient')")
    greetings: list[str] = Field(
        default_factory=list,
        description="a name after one of these is left out, not replaced ('Hi Kelsey!' -> "
                    "'Hi!')")
    appositives: list[str] = Field(
        default_factory=list,
        description="a name after one of these nouns is left out ('this lad Daniel' -> "
                    "'this lad')")
    lead_ins: list[str] = Field(
        default_factory=list,
        description="words naming an identifier that go with it ('DOB', 'NHS no.')")
    prepositions: list[str] = Field(
        default_factory=list,
        description="'call Sue on 07700 900123': 'on' goes with the number, not the clause")

    @model_validator(mode="after")
    def _plain_words(self) -> RedactionWords:
        problems: list[str] = []
        pairs = [(f"words.{r}.{k}", w) for r, by_kind in self.words.items()
                 for k, w in by_kind.items()]
        pairs += [(f"default_words.{k}", w) for k, w in self.default_words.items()]
        for where, word in pairs:
            if not word.strip():
                problems.append(f"redaction.{where}: empty (list the kind under `drop`)")
            elif PLACEHOLDER.search(word):
                problems.append(f"redaction.{where}: {word!r} is a placeholder, not plain "
                                "words the post can keep")
        kinds = [k for by_kind in self.words.values() for k in by_kind]
        kinds += [*self.default_words, *self.remove_clause, *self.drop]
        problems += [f"redaction: {k!r} is not an evidence kind (pii.*)"
                     for k in kinds if not k.startswith("pii.")]
        both = set(self.remove_clause) & set(self.drop)
        if both:
            problems.append(f"redaction: {sorted(both)} both removed and dropped")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def word_for(self, rule_id: str, kind: str) -> str | None:
        return self.words.get(rule_id, {}).get(kind) or self.default_words.get(kind)

    def handles(self, rule_id: str, kind: str) -> bool:
        return (self.word_for(rule_id, kind) is not None or kind in self.remove_clause
                or kind in self.drop)


class PolicyPack(BaseModel):
    model_config = _STRICT

    schema_version: int = 1
    pack_version: str = Field(description="The pack's own version; bump on every edit")
    organisation: Organisation
    document: DocumentControl
    sections: list[Section]
    rules: dict[str, Rule]
    triage: dict[str, TriageLabel]
    disclaimers: dict[str, str]
    teams: dict[str, Team]
    closure_criteria: ClosureCriteria = Field(default_factory=ClosureCriteria)
    foi: Foi = Field(default_factory=Foi)
    platform_minimum_ages: dict[str, Annotated[int, Field(ge=0, le=21)]] = Field(
        default_factory=dict
    )
    default_minimum_age: Annotated[int, Field(ge=0, le=21)] = 13
    partners: list[Partner] = Field(default_factory=list)
    allow_list: AllowList = Field(default_factory=AllowList)
    judgment: Judgment = Field(default_factory=Judgment)
    lexicons: dict[str, LexiconEdit] = Field(default_factory=dict)
    platform_limits: dict[str, Annotated[int, Field(ge=1)]] = Field(
        default_factory=dict,
        description="platform -> the most characters a post (caption, description) may have")
    disclaimer_short_forms: dict[str, list[str]] = Field(
        default_factory=dict,
        description="disclaimer key -> shorter wordings, longest first, for posts the full "
                    "disclaimer would take over the platform's limit")
    redaction: RedactionWords = Field(default_factory=RedactionWords)
    # Set when the pack comes from a published version ("HR020 policy version 3"); not YAML.
    _label: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_references(self) -> PolicyPack:
        numbers = {s.number for s in self.sections}
        problems: list[str] = []
        for rule_id, rule in self.rules.items():
            where = f"rules.{rule_id}"
            if not RULE_ID.fullmatch(rule_id):
                problems.append(f"{where}: id must look like 'area.name'")
            for part in _section_parts(rule.section):
                if part not in numbers:
                    problems.append(f"{where}.section: {part!r} is not a section of the policy")
            for team in rule.fix.contacts:
                if team not in self.teams:
                    problems.append(f"{where}.fix.contacts: unknown team {team!r}")
            if rule.fix.disclaimer and rule.fix.disclaimer not in self.disclaimers:
                problems.append(
                    f"{where}.fix.disclaimer: unknown disclaimer {rule.fix.disclaimer!r}"
                )
        known = bundled_lexicons()
        for name in self.lexicons:
            if name not in known:
                problems.append(f"lexicons.{name}: no such lexicon (known: "
                                f"{', '.join(sorted(known))})")
        for label_id, label in self.triage.items():
            where = f"triage.{label_id}"
            if not label_id.startswith("triage."):
                problems.append(f"{where}: triage ids start with 'triage.'")
            if label.team not in self.teams:
                problems.append(f"{where}.team: unknown team {label.team!r}")
        for key in TEAM_KEYS:
            if key not in self.teams:
                problems.append(f"teams: the {key!r} team is missing")
        for key, text in self.disclaimers.items():
            if "{" in text or "}" in text:
                problems.append(f"disclaimers.{key}: unfilled placeholder in {text!r}")
        for key, forms in self.disclaimer_short_forms.items():
            if key not in self.disclaimers:
                problems.append(f"disclaimer_short_forms.{key}: unknown disclaimer {key!r}")
            for form in forms:
                if not form.strip() or PLACEHOLDER.search(form):
                    problems.append(f"disclaimer_short_forms.{key}: {form!r} is not plain text")
            if [len(f) for f in forms] != sorted((len(f) for f in forms), reverse=True):
                problems.append(f"disclaimer_short_forms.{key}: list the forms longest first")
        for rule_id in self.redaction.words:
            if rule_id not in self.rules:
                problems.append(f"redaction.words.{rule_id}: no such rule")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- lookups the engine uses -------------------------------------------------

    @property
    def label(self) -> str:
        """The policy a verdict was judged under: the published version's number when the
        pack came from the database, else the document's and the pack's own versions."""
        doc = self.document
        return self._label or f"{doc.reference} v{doc.version} (pack {self.pack_version})"

    def set_label(self, label: str) -> None:
        self._label = label

    def section_title(self, number: str) -> str:
        for part in _section_parts(number):
            for section in self.sections:
                if section.number == part:
                    return section.title
        return ""

    def lexicon(self, name: str) -> Lexicon:
        """A bundled lexicon with this pack's additions and removals, compiled once."""
        data = bundled_lexicons()[name]
        edit = self.lexicons.get(name)
        phrases = set(data.phrases)
        if edit is not None:
            phrases = (phrases | set(edit.add)) - set(edit.remove)
        return cached_lexicon(tuple(sorted(phrases)), data.obfuscated)

    def character_limit(self, platform: str) -> int | None:
        return self.platform_limits.get(platform)

    def minimum_age(self, platform: str) -> int:
        return self.platform_minimum_ages.get(platform, self.default_minimum_age)

    def team(self, key: str) -> Team:
        return self.teams[key]


def _section_parts(section: str) -> list[str]:
    """'6.2, 7.1' -> ['6.2', '7.1']; '-' (no section) -> []."""
    return [p.strip() for p in section.split(",") if p.strip() and p.strip() != "-"]
