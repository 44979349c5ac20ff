"""Pages of FOI requests: the clock's steps with a confirmation step before each, the
validity checklist with its ready reply, and the compliance figures (/cases/foi/figures).

A step's form leads to a page saying what will change (state, date in force, warnings)
with a Confirm button; only that second post writes anything, so no step is taken on one
keypress, and Cancel leaves the request as it was.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases import foi, foi_figures
from socialguard.cases.foi_clock import OUTCOMES, REVIEW_OUTCOMES
from socialguard.cases.foi_routes import FIGURES_FILE, compute_figures
from socialguard.cases.kinds import FOI_STEPS, KIND_TITLES
from socialguard.cases.tables import Case
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.errors import AppError, InvalidInput
from socialguard.exports import csv_download
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import today_local
from socialguard.web.templating import render

router = APIRouter(include_in_schema=False)
FoiPageUser = Annotated[User, Depends(page_user(Role.FOI))]

# Each step's button, what it does to the clock, and which fields its form asks for.
STEPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "start": ("Start work", "The clock does not change.", ("reason",)),
    "clarification-sought": (
        "Seek clarification",
        "The clock stops until the requester replies; from the day the reply arrives, 20 "
        "working days start again (s.1(3)).", ("on", "reason")),
    "clarification-received": (
        "Clarification received", "20 working days start again from that day (s.1(3)).",
        ("on", "reason")),
    "fee-notice": ("Give a fees notice", "The clock pauses until the fee is paid (s.10(2)).",
                   ("on", "fee", "reason")),
    "fee-paid": ("Fee paid", "The working days from the notice to the payment are not counted "
                 "(s.10(2)).", ("on", "reason")),
    "extension": (
        "Extend for the public interest test",
        "A new date and the reason (s.10(3)). The ICO expects no more than 20 working days "
        "beyond the statutory date.", ("on", "new_due", "reason")),
    "response": ("Record the response", "The outcome, with the exemptions relied on when "
                 "refusing all or part (s.17). The clock stops.",
                 ("on", "outcome", "exemptions", "reason")),
    "reopen": ("Reopen the response", "For a response recorded by mistake: the clock runs "
               "again to the date in force. Say why.", ("reason",)),
    "internal-review": ("Internal review asked for", "The review has its own 20 working days "
                        "from the day it was asked for.", ("on", "reason")),
    "review-outcome": ("Record the review's outcome", "The review is finished.",
                       ("on", "outcome", "reason")),
    "ico-referral": ("Referred to the ICO", "The requester complained to the Information "
                     "Commissioner (s.50).", ("on", "reference", "reason")),
    "close": ("Close the request", "Withdrawn, or not clarified or paid within three months. "
              "Say why.", ("on", "reason")),
}


def case_context(session: Session, case: Case, user: User, pack: PolicyPack) -> dict[str, Any]:
    """What the case page shows of an FOI request: clock, checklist, next steps."""
    today = today_local()
    clock = foi.clock_of(case, foi.events_of(session, [case.id])[case.id], today=today,
                         foi=pack.foi)
    return {"clock": clock, "validity": foi.validity(case, pack), "steps": STEPS,
            "available": foi.available_steps(case, user), "outcomes": OUTCOMES,
            "review_outcomes": REVIEW_OUTCOMES, "needs_reason": foi.NEEDS_REASON,
            "today": today}


def _day(value: str, label: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError as exc:
        raise InvalidInput(f"{label} must be a date (YYYY-MM-DD).") from exc


def _pence(value: str) -> int | None:
    text = value.strip().removeprefix("£").replace(",", "")
    if not text:
        return None
    try:
        pounds = Decimal(text)
    except InvalidOperation as exc:
        raise InvalidInput("The fee must be an amount in pounds, e.g. 45.50.") from exc
    if not pounds.is_finite() or not 0 < pounds <= 100_000:
        raise InvalidInput("The fee must be more than £0 and at most £100,000.")
    return int((pounds * 100).to_integral_value())


def _input(form: dict[str, str]) -> foi.StepInput:
    return foi.StepInput(
        on=_day(form["on"], "The day"), reason=form["reason"] or None,
        new_due=_day(form["new_due"], "The new date"), outcome=form["outcome"] or None,
        exemptions=tuple(s for s in form["exemptions"].replace(";", ",").split(",")
                         if s.strip())[:20],
        fee_pence=_pence(form["fee"]), reference=form["reference"] or None)


def _case_with(request: Request, session: Session, user: User, pack: PolicyPack, case: Case,
               problem: AppError) -> Response:
    """The case page again, saying what was wrong (nothing was recorded)."""
    # The case page's module includes this router, so it is imported when first needed.
    from socialguard.cases.views import case_view

    return case_view(request, session, user, pack, case, problem=problem.message,
                     status_code=problem.status)


@router.get("/cases/foi/figures")
def figures_page(request: Request, session: SessionDep, user: FoiPageUser, pack: PackDep,
                 start: str = "", end: str = "") -> Response:
    problem, status = None, 200
    try:
        f = compute_figures(session, user, pack, _day(start, "The first day"),
                            _day(end, "The last day"))
    except InvalidInput as exc:
        problem, status = exc.message, 422
        f = compute_figures(session, user, pack, None, None)
    return render(request, "cases/foi_figures.html", status_code=status,
                  title="FOI compliance figures", f=f, chart=foi_figures.chart(f),
                  target=foi_figures.TARGET_PERCENT, problem=problem,
                  query=request.url.query)


@router.get("/cases/foi/figures.csv")
def figures_csv_page(session: SessionDep, user: FoiPageUser, pack: PackDep, start: str = "",
                     end: str = "") -> Response:
    f = compute_figures(session, user, pack, _day(start, "The first day"),
                        _day(end, "The last day"))
    return csv_download(foi_figures.figures_csv(f), FIGURES_FILE)


@router.post("/cases/{case_id}/foi/validity", dependencies=[CsrfDep])
def validity_page(request: Request, case_id: RowId, session: SessionDep, user: FoiPageUser,
                  pack: PackDep,
                  name_ok: Annotated[str, Form()] = "", address_ok: Annotated[str, Form()] = "",
                  description_ok: Annotated[str, Form()] = "",
                  requester: Annotated[str, Form(max_length=200)] = "",
                  address: Annotated[str, Form(max_length=500)] = "") -> Response:
    case = foi.foi_case(session, user=user, case_id=case_id, lock=True)
    try:
        # An unticked box is the officer's "no"; an address typed in is a "yes".
        foi.set_validity(session, user=user, case=case, name_ok=bool(name_ok),
                         address_ok=bool(address_ok) or bool(address.strip()),
                         description_ok=bool(description_ok), requester=requester,
                         address=address)
    except InvalidInput as exc:
        session.rollback()
        return _case_with(request, session, user, pack, case, exc)
    session.commit()
    return RedirectResponse(f"/cases/{case_id}#validity-heading", status_code=303)


@router.post("/cases/{case_id}/foi/{step}", dependencies=[CsrfDep])
def step_page(request: Request, case_id: RowId, step: str, session: SessionDep,
              user: FoiPageUser, pack: PackDep,
              on: Annotated[str, Form(max_length=20)] = "",
              reason: Annotated[str, Form(max_length=2000)] = "",
              new_due: Annotated[str, Form(max_length=20)] = "",
              outcome: Annotated[str, Form(max_length=30)] = "",
              exemptions: Annotated[str, Form(max_length=400)] = "",
              fee: Annotated[str, Form(max_length=20)] = "",
              reference: Annotated[str, Form(max_length=100)] = "",
              confirm: Annotated[str, Form(max_length=10)] = "") -> Response:
    """First post: the confirmation page. Second (``confirm=yes``): the step is taken."""
    if step not in STEPS:
        raise InvalidInput(f"No FOI step {step!r}.")
    case = foi.foi_case(session, user=user, case_id=case_id, lock=confirm == "yes")
    form = {"on": on, "reason": reason, "new_due": new_due, "outcome": outcome,
            "exemptions": exemptions, "fee": fee, "reference": reference}
    try:
        planned = foi.plan(session, user=user, case=case, step=step, data=_input(form),
                           today=today_local(), foi=pack.foi)
    except AppError as exc:
        if exc.status not in (409, 422):
            raise
        return _case_with(request, session, user, pack, case, exc)
    if confirm != "yes":
        title, effect, _ = STEPS[step]
        return render(request, "cases/foi_confirm.html", title=f"Confirm: {title}",
                      case=case, step=step, step_title=title, effect=effect, plan=planned,
                      form=form, titles=KIND_TITLES, outcomes={**OUTCOMES, **REVIEW_OUTCOMES},
                      target=FOI_STEPS[step][1])
    foi.apply(session, user=user, planned=planned)
    session.commit()
    return RedirectResponse(f"/cases/{case_id}#foi-clock-heading", status_code=303)

