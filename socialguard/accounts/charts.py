"""Server-rendered SVG charts (pygal) with the same numbers as a table, for the dashboard.

The SVG is embedded as a ``data:`` image (the app's CSP allows ``img-src data:``
but no inline styles, which pygal's SVG carries); scripts never run in an image.
Each chart has a short ``alt`` and a data table: the text alternative (WCAG 1.1.1).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pygal  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from socialguard.accounts.models import FollowerCount, Post
from socialguard.accounts.series import posts_per_week

WEEKS_SHOWN = 26
STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground="#0b0c0c",
              foreground_strong="#0b0c0c", foreground_subtle="#484949",
              colors=("#005eb8", "#00703c"), font_family="Arial, sans-serif",
              label_font_size=12, major_label_font_size=12, title_font_size=16)


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    src: str  # data:image/svg+xml;base64,...
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _options(title: str) -> dict[str, object]:
    return {"title": title, "style": STYLE, "js": [], "width": 800, "height": 320,
            "x_label_rotation": 30, "show_minor_x_labels": False, "truncate_label": 10,
            "print_values": False, "disable_xml_declaration": True}


def posts_chart(posts: Iterable[Post], *, end: date, title: str = "Posts per week") -> Chart:
    """Posts per ISO week (all, and original) over the last ``WEEKS_SHOWN`` weeks to ``end``."""
    start = end - timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = posts_per_week(list(posts), start=start, end=end)
    chart = pygal.Bar(**_options(title), legend_at_bottom=True)
    labels = [w.week_start.strftime("%d %b %y") for w in weeks]
    chart.x_labels = labels
    chart.x_labels_major = labels[::4]
    chart.add("All posts", [w.posts for w in weeks])
    chart.add("Original posts", [w.original for w in weeks])
    total = sum(w.posts for w in weeks)
    busiest = max(weeks, key=lambda w: w.posts)
    alt = (f"Bar chart: {total} posts in the {len(weeks)} weeks from "
           f"{weeks[0].week_start:%d %B %Y} to the week of {weeks[-1].week_start:%d %B %Y}"
           + (f"; busiest week {busiest.week_start:%d %B %Y} with {busiest.posts}."
              if total else "; no posts.") + " The table below gives every week.")
    rows: list[tuple[str, ...]] = [
        (f"{w.week_start:%d %b %Y}", str(w.posts), str(w.original)) for w in weeks]
    return Chart(title, alt, _data_uri(chart.render(is_unicode=True)),
                 ("Week beginning", "All posts", "Original posts"), rows)


def followers_chart(history: Sequence[FollowerCount], *,
                    title: str = "Followers over time") -> Chart | None:
    """A line of the recorded follower counts (None when fewer than one is known)."""
    if not history:
        return None
    points = sorted(history)[-120:]
    chart = pygal.Line(**_options(title), show_legend=False, dots_size=3)
    labels = [day.strftime("%d %b %y") for day, _ in points]
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(len(labels) // 8, 1)]
    chart.add("Followers", [count for _, count in points])
    first, last = points[0], points[-1]
    alt = (f"Line chart: followers went from {first[1]} on {first[0]:%d %B %Y} to {last[1]} "
           f"on {last[0]:%d %B %Y} ({len(points)} counts). The table below gives each count.")
    rows: list[tuple[str, ...]] = [(f"{day:%d %b %Y}", str(count)) for day, count in points]
    return Chart(title, alt, _data_uri(chart.render(is_unicode=True)),
                 ("Date", "Followers"), rows)
