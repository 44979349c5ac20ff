"""§6.2, §7.2, §9, §10: how staff present themselves on personal accounts.

The work-comment and disclaimer rules run in later stages: whether a post is
a work comment, and whether it needs a disclaimer, depends on what the other
rules found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialguard.detectors.base import Evidence
from socialguard.rules.base import Context, Hit, rule, same_sentence
from socialguard.submission import Kind

# Findings that, on a personal account, are by their nature comments on work.
WORK_FINDINGS = {
    "confidential.patient",
    "confidential.internal",
    "conduct.colleagues",
    "conduct.grievance",
    "conduct.whistleblowing",
    "identity.official-views",
}
# Findings that tie a personal post to the organisation's business (so a disclaimer is due).
ORG_MATTERS = WORK_FINDINGS | {"interest.commercial", "media.contact", "media.response"}
# Findings whose subject is not the organisation's work even when NHS is named.
NOT_WORK_COMMENT = {
    "interest.commercial",
    "media.contact",
    "reference.professional",
    "reference.disclaimer",
}


@rule("identity.official-views")
def official_views(ctx: Context) -> Iterator[Hit]:
    if ctx.personal and ctx.analysis.has("voice.official"):
        yield Hit(
            "identity.official-views",
            ctx.analysis.of("voice.official"),
            "states the organisation's position from a personal account",
        )


@rule("identity.nhsmail")
def nhsmail(ctx: Context) -> Iterator[Hit]:
    if not ctx.personal:
        return
    domains = tuple(d.lower() for d in ctx.pack.organisation.email_domains)
    work = [
        e
        for e in ctx.analysis.of("pii.email")
        if e.text.lower().rsplit("@", 1)[-1].endswith(domains)
    ]
    if work:
        from socialguard.rules.base import Redaction

        yield Hit(
            "identity.nhsmail",
            work,
            "a work e-mail address on a personal post",
            [Redaction(e.start, e.end, "[personal e-mail]") for e in work],
        )


@rule("identity.logo")
def logo(ctx: Context) -> Iterator[Hit]:
    if ctx.personal and any(a.contains_logo for a in ctx.submission.attachments):
        yield Hit("identity.logo", [], "the organisation's logo is attached", spans=[])


def touches_org_matters(ctx: Context) -> bool:
    """Whether a personal post is about the organisation's or the NHS's business."""
    a = ctx.analysis
    if ctx.found & ORG_MATTERS:
        return True
    if ctx.submission.kind is Kind.REFERENCE:
        return a.has("org.name", "work.self") or "through work" in ctx.text.lower()
    if a.has("work.self", "care.role"):
        return True
    if a.has("care.own") and not a.has("org.name"):
        return False  # the author's own appointment is their business, not the ICB's
    commerce_only = a.has("commerce.term") and not a.has("topic.health")
    if a.has("org.name") and not commerce_only:
        return True
    return a.has("topic.health") and (
        a.has("work.issue") or a.has("care.condition", "care.treatment")
    )


def _patient_anecdote(ctx: Context) -> bool:
    a = ctx.analysis
    return "confidential.patient" in ctx.found or (
        a.has("care.role", "person.vulnerable")
        and a.has(
            "care.condition", "care.treatment", "care.admission", "care.discharge", "care.death"
        )
        and a.has("work.self", "care.role")
    )


def _about_self(ctx: Context, e: Evidence) -> bool:
    """Self-deprecation ("my terrible handwriting") criticises the author, not the work."""
    return bool(re.search(r"\bmy\s+(?:\w+\s+)?$", ctx.text[max(0, e.start - 20) : e.start],
                          re.IGNORECASE))


@rule("identity.work-comment", stage=2)
def work_comment(ctx: Context) -> Iterator[Hit]:
    if not ctx.identifiable_staff or ctx.submission.kind is Kind.REFERENCE:
        return
    a = ctx.analysis
    if ctx.found & WORK_FINDINGS or _patient_anecdote(ctx):
        yield Hit(
            "identity.work-comment",
            a.of("work.self", "work.issue")[:3],
            "comments on the organisation's work from a personal account",
        )
        return
    if ctx.found & NOT_WORK_COMMENT:
        return
    if a.has("topic.politics") and not a.has("work.self"):
        return  # national politics, even about the NHS, is not a comment on the ICB's work
    work = a.of("work.self", "work.issue", "org.name", "topic.health", "care.role")
    # Criticism counts when it is about the work: "my terrible handwriting" in a post that
    # says "I qualified as a nurse" is not a comment on the organisation.
    critical = [c for c in a.of("tone.negative", "tone.derision")
                if any(same_sentence(ctx.text, c, w) for w in work) and not _about_self(ctx, c)]
    working = a.has("work.self") or (a.has("work.issue") and a.has("org.name", "topic.health"))
    # Under an NHS news story, a critical remark about staff or services is a work comment.
    # Praise is not a work comment (spec §5), even from an insider under a news story.
    praise_only = a.has("work.sharing") and not critical
    speaks_as_insider = ctx.submission.replies_to_published_media and not praise_only and (
        a.has("work.self") or (critical and "media.response" in ctx.found)
    )
    if (
        (critical and working)
        or speaks_as_insider
        or ("conduct.inflammatory" in ctx.found and a.has("work.self") and a.has("care.role"))
    ):
        yield Hit(
            "identity.work-comment",
            critical + a.of("work.self")[:2],
            "comments on the organisation's work from a personal account",
        )


@rule("identity.disclaimer", stage=3)
def disclaimer(ctx: Context) -> Iterator[Hit]:
    if not ctx.identifiable_staff:
        return
    if ctx.analysis.has("disclaimer"):
        return
    if "identity.work-comment" in ctx.found or touches_org_matters(ctx):
        yield Hit(
            "identity.disclaimer",
            [],
            "identifiable as staff, about ICB or NHS matters, and no personal-views disclaimer",
            spans=[],
        )
