"""Split a draft into plain and marked pieces so templates can wrap findings in <mark>."""

from __future__ import annotations

from dataclasses import dataclass

from socialguard.verdict import Finding


@dataclass(frozen=True)
class Piece:
    text: str
    findings: tuple[int, ...] = ()  # 1-based numbers of the findings that cover this piece


def pieces(text: str, findings: list[Finding]) -> list[Piece]:
    bounds = {0, len(text)}
    for finding in findings:
        for start, end in finding.spans:
            bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    out: list[Piece] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start == end:
            continue
        covering = tuple(n for n, f in enumerate(findings, 1)
                         if any(s <= start and end <= e for s, e in f.spans))
        if out and out[-1].findings == covering:
            out[-1] = Piece(out[-1].text + text[start:end], covering)
        else:
            out.append(Piece(text[start:end], covering))
    return out

