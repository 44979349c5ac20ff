"""§8: references and endorsements."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, rule
from socialguard.submission import Kind


@rule("reference.professional", needs=("meaning.reference.professional",))
def professional(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("reference.professional")
    if ctx.facts.kind is Kind.REFERENCE and ctx.personal and meant is not None:
        yield Hit("reference.professional", [meant], meant.explanation)


@rule("reference.disclaimer", stage=2, needs=("disclaimer.reference",))
def disclaimer(ctx: Context) -> Iterator[Hit]:
    if ctx.facts.kind is not Kind.REFERENCE or not ctx.personal:
        return
    if "reference.professional" in ctx.found or ctx.analysis.has("disclaimer.reference"):
        return
    yield Hit("reference.disclaimer", [], "a personal reference without the section 8 wording",
              spans=[])
