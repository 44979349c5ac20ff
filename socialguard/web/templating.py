"""Jinja2 templates with the helpers every page uses (CSRF token, signed-in user, policy links)."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from socialguard.auth.sessions import csrf_token
from socialguard.policy.schema import _section_parts
from socialguard.triage.clock import LOCAL_ZONE
from socialguard.triage.deadlines import uk_time

TEMPLATE_DIR = Path(str(resources.files("socialguard.web") / "templates"))
STATIC_DIR = Path(str(resources.files("socialguard.web") / "static"))


def section_anchor(number: str) -> str:
    return "section-" + number.replace(".", "-")


def section_links(section: str) -> list[tuple[str, str]]:
    """'6.2, 7.1' -> [('6.2', 'section-6-2'), ('7.1', 'section-7-1')]."""
    return [(part, section_anchor(part)) for part in _section_parts(section)]


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def uk_date(day: date | datetime) -> str:
    """A day as people in the office write it: "05 Dec 2026" (a time is taken in UK time)."""
    if isinstance(day, datetime):
        day = day.astimezone(LOCAL_ZONE).date()
    return day.strftime("%d %b %Y")


@pass_context
def label_title(context: Context, label: str) -> str:
    """A rule or triage id as people read it ("Freedom of Information request"), from the
    policy in force; an id the pack does not know is shown as it is."""
    pack = context["request"].app.state.policy.pack
    found = pack.triage.get(label) or pack.rules.get(label)
    return found.title if found is not None else label


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATE_DIR)
    templates.env.globals.update(csrf_token=csrf_token, section_links=section_links,
                                 section_anchor=section_anchor, rule_anchor=rule_anchor,
                                 uk_time=uk_time, uk_date=uk_date)
    templates.env.filters["title_of"] = label_title
    return templates


templates = _templates()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    base = {"user": getattr(request.state, "user", None), "today": date.today(),
            "settings": request.app.state.settings,
            "request_id": request.scope.get("state", {}).get("request_id", "-")}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
