"""§6.2, §9 and §11: the media, commercial interest, video."""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, pairs, rule

CAPTION_TOLERANCE_S = 2.0  # the last cue may end a moment before the credits roll


@rule("media.response")
def response(ctx: Context) -> Iterator[Hit]:
    if not ctx.personal or not ctx.submission.replies_to_published_media:
        return
    nhs_related = ctx.reply_has("topic.health", "org.name", "org.place", "work.issue") or (
        ctx.analysis.has("topic.health", "org.name", "work.self")
    )
    if nhs_related:
        yield Hit(
            "media.response", [], "a personal reply to published media about NHS matters", spans=[]
        )


@rule("media.contact")
def contact(ctx: Context) -> Iterator[Hit]:
    if not ctx.personal:
        return
    a = ctx.analysis
    found = pairs(a.of("media.outlet"), a.of("media.approach"), ctx.text, window=120)
    if found:
        yield Hit(
            "media.contact", [e for p in found for e in p], "the media have approached the author"
        )


@rule("interest.commercial")
def commercial(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    if ctx.corporate:
        return
    terms = a.of("commerce.term")
    strong = [
        e for e in terms if e.text.lower() not in ("selling", "dm me", "from home", "supplier")
    ]
    # "nhs" in an nhs.net address is the author's e-mail, not an NHS connection.
    conflicts = a.has("topic.health", "care.treatment", "care.role") or bool(
        re.search(r"\b(?:patients|commissioner|procurement|nhs)\b(?![.@])", ctx.text.lower())
    )
    if strong and len(terms) >= 2 and conflicts:
        yield Hit(
            "interest.commercial",
            terms,
            "promotes paid products or services in a field that overlaps the organisation's work",
        )


@rule("media.video-captions")
def video_captions(ctx: Context) -> Iterator[Hit]:
    for video in ctx.submission.videos:
        if video.captions is None:
            yield Hit("media.video-captions", [], "the video has no captions", spans=[])
            return
        cov = video.caption_coverage
        if cov is None or not cov.readable or video.duration_s is None:
            continue  # a caption file is declared but could not be read here
        if cov.cue_count == 0 or (cov.last_end_s or 0) + CAPTION_TOLERANCE_S < video.duration_s:
            end = cov.last_end_s or 0
            yield Hit(
                "media.video-captions",
                [],
                f"captions end at {end:.0f}s of a {video.duration_s:.0f}s video",
                spans=[],
            )
            return


@rule("media.video-channel")
def video_channel(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    for video in ctx.submission.videos:
        if video.channel and video.channel.lower() != "corporate-youtube":
            yield Hit(
                "media.video-channel",
                [],
                f"published on {video.channel}, not the corporate YouTube channel",
                spans=[],
            )
            return


@rule("media.video-credit")
def video_credit(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    for video in ctx.submission.videos:
        if video.credited_to:
            yield Hit(
                "media.video-credit",
                ctx.analysis.of("video.credit"),
                f"credited to {video.credited_to}",
            )
            return
        if video.contains_logo is False:
            yield Hit("media.video-credit", [], "the video is not branded", spans=[])
            return
    if ctx.submission.videos and ctx.analysis.has("video.credit"):
        yield Hit("media.video-credit", ctx.analysis.of("video.credit"), "credits an individual")
