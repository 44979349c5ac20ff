"""A readable difference between two versions of the pack: changed lines (difflib on the
YAML) and a summary of what changed in the rules, triage labels and document control."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import yaml

from socialguard.policy import safe_yaml


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", "gap"
    old: int | None
    new: int | None
    text: str


@dataclass
class Summary:
    rules_added: list[str] = field(default_factory=list)
    rules_removed: list[str] = field(default_factory=list)
    severities: list[tuple[str, str, str]] = field(default_factory=list)  # rule, from, to
    rules_changed: list[tuple[str, list[str]]] = field(default_factory=list)  # rule, fields
    triage_changed: list[str] = field(default_factory=list)
    document: list[tuple[str, str, str]] = field(default_factory=list)  # field, from, to
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.rules_added, self.rules_removed, self.severities,
                        self.rules_changed, self.triage_changed, self.document, self.other))


def lines(old: str, new: str, context: int = 3) -> list[Line]:
    a, b = old.splitlines(), new.splitlines()
    out: list[Line] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for n, group in enumerate(matcher.get_grouped_opcodes(context)):
        if n:
            out.append(Line("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [Line("same", i + 1, j + 1, a[i]) for i, j in zip(range(i1, i2),
                                                                       range(j1, j2),
                                                                       strict=True)]
                continue
            out += [Line("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            out += [Line("added", None, j + 1, b[j]) for j in range(j1, j2)]
    return out


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), old_name, new_name))


def _mapping(text: str) -> dict[str, Any]:
    data = safe_yaml.load(text)
    return data if isinstance(data, dict) else {}


def summarise(old: str, new: str) -> Summary:
    summary = Summary()
    try:
        a, b = _mapping(old), _mapping(new)
    except yaml.YAMLError as exc:
        # Only a version stored before the safe loader (say, one using anchors) can fail
        # here: say so rather than answer 500 or claim every rule changed.
        summary.other = [f"(no summary: a version is not readable YAML: "
                         f"{getattr(exc, 'problem', None) or exc})"]
        return summary
    rules_a, rules_b = a.get("rules") or {}, b.get("rules") or {}
    summary.rules_added = sorted(set(rules_b) - set(rules_a))
    summary.rules_removed = sorted(set(rules_a) - set(rules_b))
    for rule_id in sorted(set(rules_a) & set(rules_b)):
        ra, rb = rules_a[rule_id] or {}, rules_b[rule_id] or {}
        if ra.get("severity") != rb.get("severity"):
            summary.severities.append((rule_id, str(ra.get("severity")),
                                       str(rb.get("severity"))))
        changed = sorted(k for k in set(ra) | set(rb) if k != "severity" and ra.get(k) != rb.get(k))
        if changed:
            summary.rules_changed.append((rule_id, changed))
    triage_a, triage_b = a.get("triage") or {}, b.get("triage") or {}
    summary.triage_changed = sorted(k for k in set(triage_a) | set(triage_b)
                                    if triage_a.get(k) != triage_b.get(k))
    doc_a, doc_b = a.get("document") or {}, b.get("document") or {}
    summary.document = [(k, _short(doc_a.get(k)), _short(doc_b.get(k)))
                        for k in sorted(set(doc_a) | set(doc_b)) if doc_a.get(k) != doc_b.get(k)]
    if a.get("pack_version") != b.get("pack_version"):
        summary.document.insert(0, ("pack_version", _short(a.get("pack_version")),
                                    _short(b.get("pack_version"))))
    summary.other = sorted(k for k in set(a) | set(b)
                           if k not in ("rules", "triage", "document", "pack_version")
                           and a.get(k) != b.get(k))
    return summary


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "..."
