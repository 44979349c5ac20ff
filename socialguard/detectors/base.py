"""What every detector shares: the evidence it returns and the interface it offers.

A detector looks at text and reports *evidence* (spans, scores, an explanation);
it never decides whether a rule is broken. The rules in ``socialguard.rules``
weigh evidence against the submission's context and the policy pack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing a detector noticed in a text.

    ``kind`` is a dotted name such as ``pii.nhs_number``, ``care.condition`` or
    ``topic.grievance``; ``start``/``end`` are character offsets into the text
    that was analysed (end exclusive). ``attrs`` carries detector-specific
    detail (the normalised value, the model's label, the words that drove a
    score) and must stay JSON-serialisable.
    """

    kind: str
    start: int
    end: int
    text: str
    score: float = 1.0
    explanation: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class Analysis:
    """All the evidence found in one text, with helpers the rules use. It holds no text:
    rules judge evidence, never the draft itself."""

    evidence: tuple[Evidence, ...] = ()
    # Evidence by each dotted prefix of its kind ("intent", "intent.grievance"): the rules
    # ask hundreds of questions of one analysis, so each is a lookup, not a scan.
    _by_kind: dict[str, tuple[Evidence, ...]] = field(
        init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Evidence]] = {}
        for e in self.evidence:
            parts = e.kind.split(".")
            for n in range(1, len(parts) + 1):
                index.setdefault(".".join(parts[:n]), []).append(e)
        object.__setattr__(self, "_by_kind", {k: tuple(v) for k, v in index.items()})

    def of(self, *kinds: str) -> list[Evidence]:
        """Evidence whose kind equals one of ``kinds`` or starts with ``kind + '.'``."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        wanted = {id(e) for k in kinds for e in self._by_kind.get(k, ())}
        return [e for e in self.evidence if id(e) in wanted]  # in the evidence's order

    def has(self, *kinds: str) -> bool:
        return any(k in self._by_kind for k in kinds)

    def best(self, *kinds: str) -> Evidence | None:
        found = self.of(*kinds)
        return max(found, key=lambda e: e.score) if found else None

    def score(self, *kinds: str) -> float:
        found = self.best(*kinds)
        return found.score if found else 0.0


@runtime_checkable
class Detector(Protocol):
    """A detector: one concern, many texts at once (models batch; patterns loop)."""

    name: ClassVar[str]
    scope: ClassVar[str]  # "all", "content" (drafts) or "inbound" (messages to accounts)

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        """Return, for each text, the evidence found in it (same order)."""
        ...


class TextDetector:
    """Base for detectors that look at one text at a time (patterns, lexicons)."""

    name: ClassVar[str] = "text"
    scope: ClassVar[str] = "all"

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        raise NotImplementedError

    def detect_many(self, texts: Sequence[str], pack: PolicyPack) -> list[list[Evidence]]:
        return [self.detect(text, pack) for text in texts]


class LexiconDetector(TextDetector):
    """Evidence of one kind wherever one of the pack's lexicons matches: a subclass names
    the lexicon, the evidence kind, its score and what the match is."""

    lexicon: ClassVar[str]
    kind: ClassVar[str]
    score: ClassVar[float]
    note: ClassVar[str]

    @property
    def produces(self) -> tuple[str, ...]:
        return (self.kind,)

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        return [Evidence(self.kind, h.start, h.end, h.text, self.score, self.note)
                for h in pack.lexicon(self.lexicon).finditer(text)]
