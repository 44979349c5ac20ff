"""The check page (home page) and the policy pages. The check page stores nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from socialguard.api.throttle import fair_check
from socialguard.auth.deps import CsrfDep, PageUserDep, page_user
from socialguard.auth.models import User
from socialguard.deps import PackDep, SessionDep, SettingsDep
from socialguard.errors import LoginRequired
from socialguard.policy import PackError
from socialguard.policy.schema import PolicyPack
from socialguard.policydoc import reading, service
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
def policy(request: Request, session: SessionDep, user: CheckUser) -> Response:
    """The policy in force, every section in full, under the database's version number
    (the one /policy/control, acknowledgements and verdicts give). A signed-in reader who
    has not acknowledged it sees first what changed since the version they last did, and
    at the end the button to acknowledge it."""
    version = service.ensure_first_version(session)
    pack = service.pack_of(version)
    by_section = _rules_by_section(pack)
    # A rule is written out under the first section it cites and cross-referenced elsewhere,
    # so each rule's anchor is unique on the page.
    primary: dict[str, str] = {}
    for number, ids in by_section.items():
        for rule_id in ids:
            primary.setdefault(rule_id, number)
    mine = service.acknowledgement(session, version=version, user=user) if user else None
    since = reading.last_acknowledged(session, user) if user and mine is None else None
    changes: reading.Changes | None = None
    if since is not None:
        try:
            changes = reading.compare(service.pack_of(since.version), pack)
        except PackError:
            pass  # that version no longer loads here: the page asks to read this one in full
    done = request.query_params.get("done")
    return render(request, "policy.html", pack=pack, version=version, by_section=by_section,
                  primary=primary, due=service.review_due(session, version), mine=mine,
                  since=since, changes=changes,
                  notice=done if done in NOTICES else None, blocks=reading.blocks,
                  title="The policy")


# What /policy?done=... may say at the acknowledgement (anything else is ignored).
NOTICES = ("acknowledged", "superseded")


SignedIn = Annotated[User, Depends(page_user())]


@router.post("/policy/acknowledge", dependencies=[CsrfDep])
async def acknowledge(request: Request, session: SessionDep, user: SignedIn) -> Response:
    """Record that the reader has read the version in force, from the end of /policy.

    The form says which version the reader read: if another was put in force meanwhile,
    nothing is recorded and the page shows what changed in the one now in force."""
    form = await request.form()
    read = str(form.get("version") or "")
    current = service.ensure_first_version(session)
    if read != str(current.number):
        return RedirectResponse("/policy?done=superseded#acknowledge", status_code=303)
    service.acknowledge(session, user=user)
    session.commit()  # before the redirect: the next request must see it
    return RedirectResponse("/policy?done=acknowledged#acknowledge", status_code=303)
