"""§6.2, §7.2, §9, §10: how staff present themselves on personal accounts.

The work-comment and disclaimer rules run in later stages: whether a post is a work
comment, and whether it needs a disclaimer, also depends on what the other rules found.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, Redaction, rule
from socialguard.submission import Kind

# Findings that, on a personal account, are by their nature comments on work (spec §5:
# "an anecdote about a patient always does").
WORK_FINDINGS = {
    "confidential.patient",
    "confidential.internal",
    "conduct.colleagues",
    "conduct.grievance",
    "conduct.whistleblowing",
    "identity.official-views",
}
# Findings that tie a personal post to the organisation's business (so a disclaimer is due).
ORG_MATTERS = WORK_FINDINGS | {"interest.commercial", "media.contact", "media.response",
                               "identity.work-comment", "reference.professional"}


@rule("identity.official-views", needs=("meaning.identity.official-views",))
def official_views(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("identity.official-views")
    if ctx.personal and meant is not None:
        yield Hit("identity.official-views", [meant], meant.explanation)


@rule("identity.nhsmail", needs=("pii.email",))
def nhsmail(ctx: Context) -> Iterator[Hit]:
    if not ctx.personal:
        return
    work = [e for e in ctx.analysis.of("pii.email") if e.attrs.get("nhsmail")]
    if work:
        yield Hit("identity.nhsmail", work, "a work e-mail address on a personal post",
                  [Redaction(e.start, e.end, e.kind) for e in work])


@rule("identity.logo")
def logo(ctx: Context) -> Iterator[Hit]:
    if ctx.personal and any(a.contains_logo for a in ctx.facts.attachments):
        yield Hit("identity.logo", [], "the organisation's logo is attached", spans=[])


@rule("identity.work-comment", stage=2, needs=("meaning.identity.work-comment",))
def work_comment(ctx: Context) -> Iterator[Hit]:
    if not ctx.identifiable_staff or ctx.facts.kind is Kind.REFERENCE:
        return
    meant = ctx.meaning("identity.work-comment")
    if meant is not None:
        yield Hit("identity.work-comment", [meant], meant.explanation)
    elif ctx.found & WORK_FINDINGS:
        yield Hit("identity.work-comment", [],
                  "a personal post on the organisation's work ("
                  + ", ".join(sorted(ctx.found & WORK_FINDINGS)) + ")", spans=[])


@rule("identity.disclaimer", stage=3,
      needs=("meaning.identity.disclaimer", "disclaimer.personal_views", "disclaimer.reference"))
def disclaimer(ctx: Context) -> Iterator[Hit]:
    if not ctx.identifiable_staff or ctx.analysis.has("disclaimer"):
        return
    meant = ctx.meaning("identity.disclaimer")
    if meant is not None or ctx.found & ORG_MATTERS:
        yield Hit(
            "identity.disclaimer", [],
            "identifiable as staff, about ICB or NHS matters, and no personal-views disclaimer",
            spans=[])
