"""Which verdicts a new version would change, before anyone publishes it.

The bundled examples (``examples.jsonl``: the submissions of our own rule and triage test
cases, without their expected answers) and the policy managers' saved test drafts are
checked under the version in force and under the draft, each set in one ``check_many``
batch per pack, and every submission whose verdict differs is listed: the decision, the
findings (rule and severity) and the triage labels on each side. Nothing checked here is
stored; the verdicts of the bundled examples under a version are cached by the version's
text, since neither ever changes.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

from sqlalchemy.orm import Session

from socialguard.engine import check_many
from socialguard.policy import PackError, PolicyPack
from socialguard.policydoc import service, test_drafts
from socialguard.policydoc.tables import PolicyVersion
from socialguard.submission import Submission
from socialguard.verdict import Verdict

EXAMPLES = "examples.jsonl"
CACHED_VERSIONS = 8


@dataclass(frozen=True)
class Outcome:
    """What a verdict says, without the words that caused it."""

    decision: str
    findings: tuple[tuple[str, str], ...]  # (rule, severity), sorted: order is no change
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    id: str
    source: str  # "example" | "test draft"
    submission: Submission
    before: Outcome
    after: Outcome

    @property
    def decision_changed(self) -> bool:
        return self.before.decision != self.after.decision

    @property
    def added(self) -> list[tuple[str, str]]:
        old = dict(self.before.findings)
        return [(r, s) for r, s in self.after.findings if r not in old]

    @property
    def removed(self) -> list[tuple[str, str]]:
        new = dict(self.after.findings)
        return [(r, s) for r, s in self.before.findings if r not in new]

    @property
    def severities(self) -> list[tuple[str, str, str]]:
        """(rule, severity before, severity after) for rules found on both sides."""
        new = dict(self.after.findings)
        return [(r, s, new[r]) for r, s in self.before.findings if r in new and new[r] != s]

    @property
    def labels_added(self) -> list[str]:
        return [x for x in self.after.labels if x not in self.before.labels]

    @property
    def labels_removed(self) -> list[str]:
        return [x for x in self.before.labels if x not in self.after.labels]


@dataclass
class Preview:
    old: PolicyVersion
    new: PolicyVersion
    examples: int = 0
    drafts: int = 0
    changes: list[Change] = field(default_factory=list)
    seconds: float = 0.0
    problem: str | None = None

    @property
    def checked(self) -> int:
        return self.examples + self.drafts


def outcome(verdict: Verdict) -> Outcome:
    return Outcome(decision=verdict.decision.value,
                   findings=tuple(sorted({(f.rule, f.severity.value) for f in verdict.findings})),
                   labels=tuple(sorted(set(verdict.labels))))


@cache
def examples() -> tuple[Submission, ...]:
    """The bundled example submissions, read once."""
    raw = (resources.files("socialguard.policydoc") / EXAMPLES).read_text(encoding="utf-8")
    return tuple(Submission.model_validate(json.loads(line))
                 for line in raw.splitlines() if line.strip())


_lock = threading.Lock()
_cached: dict[tuple[str, date], tuple[Outcome, ...]] = {}


def _example_outcomes(version: PolicyVersion, pack: PolicyPack, today: date) -> tuple[Outcome, ...]:
    key = (version.sha256, today)
    with _lock:
        found = _cached.get(key)
    if found is not None:
        return found
    result = tuple(outcome(v) for v in check_many(examples(), pack, today=today))
    with _lock:
        if len(_cached) >= CACHED_VERSIONS:
            _cached.pop(next(iter(_cached)))  # the oldest entry
        _cached[key] = result
    return result


def _outcomes(version: PolicyVersion, pack: PolicyPack, drafts: Sequence[Submission],
              today: date) -> list[Outcome]:
    mine = [outcome(v) for v in check_many(drafts, pack, today=today)] if drafts else []
    return [*_example_outcomes(version, pack, today), *mine]


def preview(session: Session, *, old: PolicyVersion, new: PolicyVersion,
            today: date | None = None) -> Preview:
    """Every example and test draft whose verdict under ``new`` differs from ``old``."""
    started = time.perf_counter()
    today = today or date.today()
    drafts = [test_drafts.as_submission(d) for d in test_drafts.drafts(session)]
    result = Preview(old=old, new=new, examples=len(examples()), drafts=len(drafts))
    if old.id == new.id:
        return result
    try:
        old_pack, new_pack = service.pack_of(old), service.pack_of(new)
    except PackError as exc:
        result.problem = f"A version no longer loads, so nothing could be compared: {exc}"
        return result
    submissions = [*examples(), *drafts]
    sources = ["example"] * len(examples()) + ["test draft"] * len(drafts)
    before = _outcomes(old, old_pack, drafts, today)
    after = _outcomes(new, new_pack, drafts, today)
    for submission, source, a, b in zip(submissions, sources, before, after, strict=True):
        if a != b:
            result.changes.append(Change(id=submission.id or "", source=source,
                                         submission=submission, before=a, after=b))
    result.seconds = time.perf_counter() - started
    return result
