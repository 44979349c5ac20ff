"""§6.2, §7.1, §9, §10, §10.1: acting in an official capacity, and the
organisation's partners."""

from __future__ import annotations

from collections.abc import Iterator

from socialguard.rules.base import Context, Hit, rule, within


@rule("official.identify", needs=("author.introduced",))
def identify(ctx: Context) -> Iterator[Hit]:
    if not ctx.official or ctx.corporate or ctx.facts.inbound:
        return
    if ctx.facts.named_with_role or ctx.analysis.has("author.introduced"):
        return  # the account or the text gives the person's name and role
    yield Hit("official.identify", [],
              "a member of staff acting officially without giving name and role", spans=[])


@rule("official.third-party-reply")
def third_party_reply(ctx: Context) -> Iterator[Hit]:
    if ctx.official and ctx.facts.replies_to_published_media:
        source = ctx.facts.reply_source
        yield Hit("official.third-party-reply", [],
                  f"an official comment on third-party content ({source})", spans=[])


def _official_meaning(ctx: Context, rule_id: str) -> Iterator[Hit]:
    meant = ctx.meaning(rule_id)
    if ctx.official and meant is not None:
        yield Hit(rule_id, [meant], meant.explanation)


@rule("official.collects-personal-data", needs=("meaning.official.collects-personal-data",))
def collects_personal_data(ctx: Context) -> Iterator[Hit]:
    yield from _official_meaning(ctx, "official.collects-personal-data")


@rule("official.internal-promotion", needs=("meaning.official.internal-promotion",))
def internal_promotion(ctx: Context) -> Iterator[Hit]:
    yield from _official_meaning(ctx, "official.internal-promotion")


@rule("partners.citation", needs=("partner.mention", "org.place", "org.name",
                                  "meaning.identity.disclaimer"))
def partner_citation(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    if ctx.facts.inbound or not (ctx.official or ctx.identifiable_staff):
        return
    places = a.of("org.place")
    cited = []
    for e in a.of("partner.mention"):
        if any(within(e, p) or within(p, e) for p in places):
            continue  # "at the Princess Royal" is a place, not a citation
        partner = next((p for p in ctx.pack.partners if p.name == e.attrs.get("partner")), None)
        if partner is not None and not partner.consented(ctx.today):
            cited.append(e)
    work_linked = a.has("org.name", "meaning.identity.disclaimer", "meaning.identity.work-comment")
    if cited and (ctx.official or work_linked):
        names = sorted({str(e.attrs["partner"]) for e in cited})
        yield Hit("partners.citation", cited,
                  "cites " + "; ".join(names) + " (no consent recorded)")
