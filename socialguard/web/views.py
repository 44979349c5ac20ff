"""The check page (home page) and the policy pages. The check page stores nothing."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from socialguard.api.throttle import fair_check
from socialguard.auth.deps import CsrfDep, PageUserDep
from socialguard.auth.models import User
from socialguard.deps import PackDep, SettingsDep
from socialguard.errors import LoginRequired
from socialguard.policy.schema import PolicyPack
from socialguard.submission import AgeGroup, Capacity, Consent, ReplySource
from socialguard.verdict import Verdict
from socialguard.web.check_form import (
    PAGE_KINDS,
    PLATFORMS,
    VIDEO_CHANNELS,
    CheckForm,
    FormProblem,
    carry_over,
    read_fix_context,
    read_form,
    to_submission,
)
from socialguard.web.highlight import pieces
from socialguard.web.templating import render, section_links

router = APIRouter(include_in_schema=False)


def check_user(user: PageUserDep, settings: SettingsDep) -> User | None:
    """Anyone may check when anonymous checks are on; otherwise a signed-in user."""
    if user is None and not settings.anonymous_check:
        raise LoginRequired()
    return user


CheckUser = Annotated[User | None, Depends(check_user)]
CHOICES = {"capacities": list(Capacity), "kinds": PAGE_KINDS, "platforms": PLATFORMS,
           "reply_sources": list(ReplySource), "age_groups": list(AgeGroup),
           "consents": list(Consent), "channels": VIDEO_CHANNELS}


def _check_page(request: Request, form: CheckForm, *, verdict: Verdict | None = None,
                problem: FormProblem | None = None, fixed: str | None = None) -> Response:
    status = 422 if problem else 200
    context = {"form": form, "verdict": verdict, "problem": problem, "fixed": fixed,
               "pieces": pieces(form.text, verdict.findings) if verdict else [],
               "caption_info": form.caption_info(), **CHOICES}
    return render(request, "check.html", status_code=status, title="Check a post", **context)


@router.get("/")
def home(request: Request, _user: CheckUser) -> Response:
    return _check_page(request, CheckForm())


@router.get("/check")
def check_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.post("/check", dependencies=[CsrfDep])
async def check_post(request: Request, pack: PackDep, user: CheckUser) -> Response:
    data = await request.form()
    form = await read_form(data)
    fix_context = read_fix_context(data, pack)
    fixed = form.text if fix_context is not None else None
    try:
        submission = to_submission(form)
    except FormProblem as problem:
        return _check_page(request, form, problem=problem)
    verdict = await fair_check(request, submission, pack, user)
    if fix_context is not None:
        verdict = carry_over(verdict, fix_context, pack, submission)
    return _check_page(request, form, verdict=verdict, fixed=fixed)


def _rules_by_section(pack: PolicyPack) -> dict[str, list[str]]:
    """Section number -> the rule and triage ids citing it (a rule may cite several)."""
    found: dict[str, list[str]] = {}
    for rule_id, rule in pack.rules.items():
        for number, _anchor in section_links(rule.section):
            found.setdefault(number, []).append(rule_id)
    for label_id, label in pack.triage.items():
        for number, _anchor in section_links(label.section):
            found.setdefault(number, []).append(label_id)
    return found


@router.get("/policy")
def policy(request: Request, pack: PackDep, _user: CheckUser) -> Response:
    by_section = _rules_by_section(pack)
    # A rule is written out under the first section it cites and cross-referenced elsewhere,
    # so each rule's anchor is unique on the page.
    primary: dict[str, str] = {}
    for number, ids in by_section.items():
        for rule_id in ids:
            primary.setdefault(rule_id, number)
    return render(request, "policy.html", pack=pack, by_section=by_section, primary=primary,
                  overdue=pack.document.review_overdue(date.today()), title="The policy")
