"""§8: references and endorsements."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, rule
from socialguard.submission import Kind


def _is_professional(ctx: Context) -> bool:
    a = ctx.analysis
    cues = a.of("reference.professional")
    strong = [
        e
        for e in cues
        if e.text.lower()
        not in ("i can recommend", "without hesitation", "i can confirm", "speaking as")
    ]
    as_role = any(
        e.text.lower() in ("speaking as", "i can recommend", "i can confirm") for e in cues
    ) and a.has("work.role")
    return bool(strong) or as_role


@rule("reference.professional")
def professional(ctx: Context) -> Iterator[Hit]:
    if ctx.submission.kind is Kind.REFERENCE and ctx.personal and _is_professional(ctx):
        yield Hit(
            "reference.professional",
            ctx.analysis.of("reference.professional"),
            "a professional reference given as an employee",
        )


@rule("reference.disclaimer", stage=2)
def disclaimer(ctx: Context) -> Iterator[Hit]:
    if ctx.submission.kind is not Kind.REFERENCE or not ctx.personal:
        return
    if "reference.professional" in ctx.found or ctx.analysis.has("disclaimer.reference"):
        return
    yield Hit(
        "reference.disclaimer", [], "a personal reference without the section 8 wording", spans=[]
    )
