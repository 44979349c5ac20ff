"""§6.2 and §7.2: abuse, discrimination, colleagues, grievances, whistleblowing,
sexual content and inflammatory topics.

Each is a question about meaning, answered by the judgment model (evidence
``meaning.<rule>``): whether a slur is hurled, quoted to condemn it or reclaimed,
whether a remark about a manager disparages or thanks, is the model's reading of the
whole text. The exact words it found on the way (obscenities, slurs) are shown with
the finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, near, rule


def _meant(ctx: Context, rule_id: str, *words: str) -> Iterator[Hit]:
    """One finding when the model reads the text as ``rule_id``; listed words near the
    words that drove it are shown too."""
    meant = ctx.meaning(rule_id)
    if meant is None:
        return
    shown = [w for w in ctx.analysis.of(*words) if near(w, meant, window=80)] if words else []
    yield Hit(rule_id, [meant, *shown], meant.explanation)


@rule("conduct.abusive", needs=("meaning.conduct.abusive", "abuse.obscene",
                                "discrimination.slur"))
def abusive(ctx: Context) -> Iterator[Hit]:
    yield from _meant(ctx, "conduct.abusive", "abuse.obscene", "discrimination.slur")


@rule("conduct.discriminatory", needs=("meaning.conduct.discriminatory",
                                       "discrimination.slur"))
def discriminatory(ctx: Context) -> Iterator[Hit]:
    yield from _meant(ctx, "conduct.discriminatory", "discrimination.slur")


@rule("conduct.colleagues", needs=("meaning.conduct.colleagues",))
def colleagues(ctx: Context) -> Iterator[Hit]:
    if not ctx.corporate:
        yield from _meant(ctx, "conduct.colleagues")


@rule("conduct.grievance", needs=("meaning.conduct.grievance",))
def grievance(ctx: Context) -> Iterator[Hit]:
    if ctx.personal:
        yield from _meant(ctx, "conduct.grievance")


@rule("conduct.whistleblowing", needs=("meaning.conduct.whistleblowing",))
def whistleblowing(ctx: Context) -> Iterator[Hit]:
    if not ctx.corporate:
        yield from _meant(ctx, "conduct.whistleblowing")


@rule("conduct.sexual", needs=("meaning.conduct.sexual",))
def sexual(ctx: Context) -> Iterator[Hit]:
    yield from _meant(ctx, "conduct.sexual")


@rule("conduct.inflammatory", needs=("meaning.conduct.inflammatory",))
def inflammatory(ctx: Context) -> Iterator[Hit]:
    # Politics and religion matter here only in a post linked to the organisation.
    if ctx.official or ctx.identifiable_staff:
        yield from _meant(ctx, "conduct.inflammatory")
