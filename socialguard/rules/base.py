"""What every rule shares: the context it judges and the registry it joins.

A rule is a function from a ``Context`` to zero or more ``Hit``s. The context holds
evidence and declared facts only — never the text: detectors read text, rules judge
what the detectors found (``Context`` has no text attribute, so mypy refuses a rule
that tries). Each rule declares the evidence kinds it asks for (``needs``); the pack
loader checks that some detector produces each of them. The engine turns hits into
findings with the pack's wording, severity and fix. Rules run by stage, then in
registration order: a rule that weighs what others found (``ctx.found``) declares a
later stage, so the order never depends on how modules happen to be imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from socialguard.detectors.base import Analysis, Evidence
from socialguard.policy.schema import PolicyPack
from socialguard.submission import (
    PUBLISHED_MEDIA,
    Attachment,
    Capacity,
    Kind,
    PersonShown,
    ReplySource,
    Submission,
)
from socialguard.triage.names import is_real_name


@dataclass(frozen=True, slots=True)
class Facts:
    """What the author declared about a submission: everything but its text."""

    kind: Kind
    capacity: Capacity
    platform: str
    identifiable_as_staff: bool
    corporate: bool
    named_with_role: bool  # the account shows the person's name and role
    sender_real_name: bool  # the display name is a real name (spec §5)
    reply_source: ReplySource | None
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def of(cls, submission: Submission, joke_names: frozenset[str] = frozenset()) -> Facts:
        author = submission.author
        name = author.name or ""
        return cls(
            kind=submission.kind,
            capacity=submission.capacity,
            platform=submission.platform,
            identifiable_as_staff=author.identifiable_as_staff,
            corporate=author.is_corporate_account,
            named_with_role=bool(author.name and author.role),
            sender_real_name=is_real_name(name, joke_names),
            reply_source=submission.in_reply_to.source if submission.in_reply_to else None,
            attachments=tuple(submission.attachments),
        )

    @property
    def personal(self) -> bool:
        return self.capacity is Capacity.PERSONAL

    @property
    def official(self) -> bool:
        return self.capacity is Capacity.OFFICIAL

    @property
    def inbound(self) -> bool:
        return self.kind is Kind.MESSAGE

    @property
    def identifiable_staff(self) -> bool:
        return self.personal and self.identifiable_as_staff

    @property
    def replies_to_published_media(self) -> bool:
        return self.reply_source in PUBLISHED_MEDIA

    @property
    def videos(self) -> list[Attachment]:
        return [a for a in self.attachments if a.is_video]

    @property
    def people_shown(self) -> list[PersonShown]:
        return [p for a in self.attachments for p in a.people]


@dataclass(frozen=True, slots=True)
class Redaction:
    start: int
    end: int
    label: str


@dataclass(slots=True)
class Hit:
    rule: str
    evidence: list[Evidence] = field(default_factory=list)
    explanation: str = ""
    redactions: list[Redaction] = field(default_factory=list)
    spans: list[tuple[int, int]] | None = None

    def all_spans(self) -> list[tuple[int, int]]:
        if self.spans is not None:
            return self.spans
        return sorted({s for e in self.evidence for s in driving_spans(e)})


def driving_spans(e: Evidence) -> list[tuple[int, int]]:
    """The words that carried a model's judgment (within a third of the strongest word's
    weight), or the evidence's own span."""
    words = e.attrs.get("words") or []
    top = max((float(w) for _, _, w in words), default=0.0)
    spans = [(int(s), int(t)) for s, t, w in words if float(w) >= top / 3]
    return spans or [e.span]


@dataclass(slots=True)
class Context:
    facts: Facts
    analysis: Analysis
    pack: PolicyPack
    today: date
    reply: Analysis | None = None
    found: set[str] = field(default_factory=set)

    @property
    def personal(self) -> bool:
        return self.facts.personal

    @property
    def official(self) -> bool:
        return self.facts.official

    @property
    def corporate(self) -> bool:
        return self.facts.corporate

    @property
    def identifiable_staff(self) -> bool:
        return self.facts.identifiable_staff

    def meaning(self, head: str) -> Evidence | None:
        """The judgment model's evidence that the text means ``head``, if it does."""
        return self.analysis.best(f"meaning.{head}")

    def reply_has(self, *kinds: str) -> bool:
        return self.reply is not None and self.reply.has(*kinds)


RuleFn = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class RuleEntry:
    stage: int
    order: int
    fn: RuleFn
    needs: tuple[str, ...]


_REGISTERED: dict[str, RuleEntry] = {}


def rule(rule_id: str, *, stage: int = 1, needs: tuple[str, ...] = ()) -> Callable[
        [RuleFn], RuleFn]:
    """Register a rule; ``needs`` names the evidence kinds (or kind families) it asks for."""

    def register(fn: RuleFn) -> RuleFn:
        if rule_id in _REGISTERED:
            raise ValueError(f"rule {rule_id} registered twice")
        _REGISTERED[rule_id] = RuleEntry(stage, len(_REGISTERED), fn, needs)
        return fn

    return register


def ordered_rules() -> list[tuple[str, RuleFn]]:
    """Every registered rule, earlier stages first, then in registration order."""
    ranked = sorted(_REGISTERED.items(), key=lambda item: (item[1].stage, item[1].order))
    return [(rule_id, entry.fn) for rule_id, entry in ranked]


def rule_needs() -> dict[str, tuple[str, ...]]:
    return {rule_id: entry.needs for rule_id, entry in _REGISTERED.items()}


def near(a: Evidence, b: Evidence, window: int = 120) -> bool:
    """Two pieces of evidence within ``window`` characters of each other."""
    return a.start - window <= b.end and b.start - window <= a.end


def within(inner: Evidence, outer: Evidence) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
