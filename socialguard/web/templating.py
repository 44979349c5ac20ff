"""Jinja2 templates with the helpers every page uses (CSRF token, signed-in user, policy links)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from socialguard.auth.sessions import csrf_token
from socialguard.policy.schema import _section_parts

TEMPLATE_DIR = Path(str(resources.files("socialguard.web") / "templates"))
STATIC_DIR = Path(str(resources.files("socialguard.web") / "static"))


def section_anchor(number: str) -> str:
    return "section-" + number.replace(".", "-")


def section_links(section: str) -> list[tuple[str, str]]:
    """'6.2, 7.1' -> [('6.2', 'section-6-2'), ('7.1', 'section-7-1')]."""
    return [(part, section_anchor(part)) for part in _section_parts(section)]


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATE_DIR)
    templates.env.globals.update(csrf_token=csrf_token, section_links=section_links,
                                 section_anchor=section_anchor, rule_anchor=rule_anchor)
    return templates


templates = _templates()


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    base = {"user": getattr(request.state, "user", None), "today": date.today(),
            "settings": request.app.state.settings,
            "request_id": request.scope.get("state", {}).get("request_id", "-")}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
