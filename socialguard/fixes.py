"""Concrete fixes: the redacted draft, the draft with the disclaimer appended,
the draft without the offending sentences, and who to contact."""

from __future__ import annotations

import re

from socialguard.detectors.lexicon import sentence_bounds
from socialguard.policy.schema import PolicyPack, Rule
from socialguard.rules.base import Hit, Redaction
from socialguard.verdict import Contact, Fix, FixKind


def build_fix(rule: Rule, hit: Hit, text: str, pack: PolicyPack) -> Fix:
    spec = rule.fix
    contacts = [
        Contact(team=key, name=pack.teams[key].name, how=pack.teams[key].how_to_reach())
        for key in spec.contacts
    ]
    snippet = pack.disclaimers.get(spec.disclaimer) if spec.disclaimer else None
    fixed: str | None = None
    if spec.kind is FixKind.REDACT:
        marks = hit.redactions or [Redaction(s, e, "[removed]") for s, e in hit.all_spans()]
        fixed = redact(text, marks) if marks else None
    elif spec.kind is FixKind.APPEND and snippet:
        fixed = append(text, snippet)
    elif spec.kind is FixKind.REMOVE and hit.all_spans():
        fixed = remove_sentences(text, hit.all_spans())
    return Fix(kind=spec.kind, advice=spec.advice, text=fixed, snippet=snippet, contacts=contacts)


def redact(text: str, marks: list[Redaction]) -> str:
    """Replace each marked span with its label, merging overlaps (the wider label wins)."""
    merged: list[Redaction] = []
    for m in sorted(marks, key=lambda r: (r.start, -r.end)):
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end > last.end:
                merged[-1] = Redaction(last.start, m.end, last.label)
            continue
        merged.append(m)
    out, pos = [], 0
    for m in merged:
        out.append(text[pos : m.start])
        out.append(m.label)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def append(text: str, snippet: str) -> str:
    if snippet.lower() in text.lower():
        return text
    return text.rstrip() + ("\n\n" if len(text) > 280 else " ") + snippet


def remove_sentences(text: str, spans: list[tuple[int, int]]) -> str:
    cut = sorted({sentence_bounds(text, start) for start, _ in spans})
    out, pos = [], 0
    for start, end in cut:
        if start < pos:
            continue
        out.append(text[pos:start])
        pos = end
        while pos < len(text) and text[pos] in ".!?":
            pos += 1
    out.append(text[pos:])
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()
