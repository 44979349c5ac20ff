"""§6.2, §9 and §11: the media, commercial interest, video."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, near, rule
from socialguard.submission import CaptionCoverage

MAX_UNCAPTIONED_GAP_S = 3.0
"""The longest stretch of a video allowed with no caption on screen, at the start, between
cues or at the end: a logo, a breath, the credits rolling. The spec's submission has no
field for declared silence, so a longer silence needs a cue ("[no speech]")."""


@rule("media.response", needs=("org.name", "org.place", "meaning.identity.disclaimer"))
def response(ctx: Context) -> Iterator[Hit]:
    """Any personal reply to published NHS-related media (spec §5), compliant or not."""
    if not ctx.personal or not ctx.facts.replies_to_published_media:
        return
    nhs_related = ctx.reply_has("org.name", "org.place", "meaning.identity.disclaimer") or (
        ctx.analysis.has("org.name", "org.place", "meaning.identity.disclaimer",
                         "meaning.identity.work-comment"))
    if nhs_related:
        yield Hit("media.response", [], "a personal reply to published media about NHS matters",
                  spans=[])


@rule("media.contact", needs=("meaning.media.contact", "media.outlet"))
def contact(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("media.contact")
    if ctx.personal and meant is not None:
        outlets = [o for o in ctx.analysis.of("media.outlet") if near(o, meant, window=120)]
        yield Hit("media.contact", [meant, *outlets], meant.explanation)


@rule("interest.commercial", needs=("meaning.interest.commercial",))
def commercial(ctx: Context) -> Iterator[Hit]:
    meant = ctx.meaning("interest.commercial")
    if not ctx.corporate and meant is not None:
        yield Hit("interest.commercial", [meant], meant.explanation)


@rule("media.video-captions")
def video_captions(ctx: Context) -> Iterator[Hit]:
    for video in ctx.facts.videos:
        if video.captions is None:
            yield Hit("media.video-captions", [], "the video has no captions", spans=[])
            return
        cov = video.caption_coverage
        if cov is None or not cov.readable or video.duration_s is None:
            continue  # a caption file is declared but could not be read here
        shortfall = uncaptioned(cov, video.duration_s)
        if shortfall:
            yield Hit("media.video-captions", [], shortfall, spans=[])
            return


def uncaptioned(cov: CaptionCoverage, duration_s: float, *, digits: int = 0) -> str | None:
    """How much of the video the captions leave uncovered, when any stretch without them is
    longer than ``MAX_UNCAPTIONED_GAP_S``; None when they cover it. Seconds to ``digits``."""
    stretches = cov.uncovered(duration_s)
    too_long = [(a, b) for a, b in stretches if b - a > MAX_UNCAPTIONED_GAP_S]
    if not too_long:
        return None
    if cov.cue_count == 0:
        return "the captions file has no cues"

    def s(seconds: float) -> str:
        return f"{seconds:.{digits}f}s"

    missing = sum(b - a for a, b in stretches)
    share = f"{s(missing)} of {s(duration_s)} without captions"
    start, end = max(too_long, key=lambda gap: gap[1] - gap[0])
    if end >= duration_s:  # the longest gap is the end
        return f"captions end at {s(cov.last_end_s or 0.0)} of a {s(duration_s)} video ({share})"
    return f"{share}; the longest gap is {s(start)} to {s(end)}"


@rule("media.video-channel")
def video_channel(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    for video in ctx.facts.videos:
        if video.channel and video.channel.lower() != "corporate-youtube":
            yield Hit(
                "media.video-channel",
                [],
                f"published on {video.channel}, not the corporate YouTube channel",
                spans=[],
            )
            return


@rule("media.video-credit", needs=("video.credit",))
def video_credit(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    for video in ctx.facts.videos:
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
    if ctx.facts.videos and ctx.analysis.has("video.credit"):
        yield Hit("media.video-credit", ctx.analysis.of("video.credit"), "credits an individual")
