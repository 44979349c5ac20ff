"""What every rule shares: the context it judges and the registry it joins.

A rule is a function from a ``Context`` to zero or more ``Hit``s. The engine
turns hits into findings using the pack's wording, severity and fix, so rules
hold judgement only. Rules run by stage, then in registration order: a rule
that weighs what others found (``ctx.found``) declares a later stage, so the
order never depends on how modules happen to be imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from socialguard.detectors.base import Analysis, Evidence
from socialguard.policy.schema import PolicyPack
from socialguard.submission import Submission


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
        return sorted({e.span for e in self.evidence})


@dataclass(slots=True)
class Context:
    submission: Submission
    analysis: Analysis
    pack: PolicyPack
    today: date
    reply: Analysis | None = None
    found: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return self.submission.text

    @property
    def personal(self) -> bool:
        return self.submission.is_personal

    @property
    def official(self) -> bool:
        return self.submission.is_official

    @property
    def corporate(self) -> bool:
        return self.submission.author.is_corporate_account

    @property
    def identifiable_staff(self) -> bool:
        return self.submission.is_personal and self.submission.author.identifiable_as_staff

    def reply_has(self, *kinds: str) -> bool:
        return self.reply is not None and self.reply.has(*kinds)


RuleFn = Callable[[Context], Iterable[Hit]]
_REGISTERED: dict[str, tuple[int, int, RuleFn]] = {}


def rule(rule_id: str, *, stage: int = 1) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if rule_id in _REGISTERED:
            raise ValueError(f"rule {rule_id} registered twice")
        _REGISTERED[rule_id] = (stage, len(_REGISTERED), fn)
        return fn

    return register


def ordered_rules() -> list[tuple[str, RuleFn]]:
    """Every registered rule, earlier stages first, then in registration order."""
    ranked = sorted(_REGISTERED.items(), key=lambda item: item[1][:2])
    return [(rule_id, fn) for rule_id, (_, _, fn) in ranked]


def same_sentence(text: str, a: Evidence, b: Evidence, *, window: int = 120) -> bool:
    """Two pieces of evidence close enough to be about the same thing."""
    from socialguard.detectors.lexicon import sentence_bounds

    if abs(a.start - b.start) > window and abs(a.end - b.end) > window:
        return False
    return sentence_bounds(text, a.start) == sentence_bounds(text, b.start) or (
        abs(a.start - b.start) <= window // 2
    )


def pairs(
    first: list[Evidence], second: list[Evidence], text: str, *, window: int = 120
) -> list[tuple[Evidence, Evidence]]:
    return [(a, b) for a in first for b in second if same_sentence(text, a, b, window=window)]
