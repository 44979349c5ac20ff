"""§6.2, §7.1, §9, §10, §10.1: acting in an official capacity, and the
organisation's partners."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, rule


@rule("official.identify")
def identify(ctx: Context) -> Iterator[Hit]:
    if not ctx.official or ctx.corporate or ctx.submission.is_inbound:
        return
    author = ctx.submission.author
    if author.name and author.role:
        return  # the account itself shows the person's name and role
    if ctx.analysis.has("author.introduced"):
        return
    yield Hit(
        "official.identify",
        ctx.analysis.of("author.unnamed"),
        "a member of staff acting officially without giving name and role",
        spans=[],
    )


@rule("official.third-party-reply")
def third_party_reply(ctx: Context) -> Iterator[Hit]:
    if ctx.official and ctx.submission.replies_to_published_media:
        source = ctx.submission.in_reply_to
        assert source is not None
        yield Hit(
            "official.third-party-reply",
            [],
            f"an official comment on third-party content ({source.source})",
            spans=[],
        )


@rule("official.collects-personal-data")
def collects_personal_data(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    asks = ctx.analysis.of("request.personal_data")
    if asks:
        items = sorted({str(e.attrs.get("item")) for e in asks})
        yield Hit("official.collects-personal-data", asks, "asks for " + ", ".join(items))


@rule("official.internal-promotion")
def internal_promotion(ctx: Context) -> Iterator[Hit]:
    if not ctx.official:
        return
    cues = ctx.analysis.of("audience.internal")
    # "Thank you to our staff" is public praise; promotion addresses staff or invites them.
    inviting = [e for e in cues if e.text.lower() not in ("staff", "our staff", "our people")]
    if inviting:
        yield Hit("official.internal-promotion", inviting, "promotes a staff-only initiative")


@rule("partners.citation")
def partner_citation(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    if ctx.submission.is_inbound or not (ctx.official or ctx.identifiable_staff):
        return
    places = a.of("org.place")
    cited = []
    for e in a.of("partner.mention"):
        if any(p.start <= e.start < p.end or e.start <= p.start < e.end for p in places):
            continue
        partner = next((p for p in ctx.pack.partners if p.name == e.attrs.get("partner")), None)
        if partner is not None and not partner.consented(ctx.today):
            cited.append(e)
    if cited and (ctx.official or a.has("topic.health", "work.self", "org.name")):
        names = sorted({str(e.attrs["partner"]) for e in cited})
        yield Hit(
            "partners.citation", cited, "cites " + "; ".join(names) + " (no consent recorded)"
        )
