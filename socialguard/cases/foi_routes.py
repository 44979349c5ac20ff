"""REST API of FOI requests (/api/v1/cases/{id}/foi..., /api/v1/cases/foi/figures): the
clock's steps, one endpoint each, the validity checklist and the compliance figures.

FOI team and administrators only; a case that is not an FOI request the user can see is
404. A step the request's state does not allow is 409; missing or wrong details are 422.
Each step answers the request as it stands after it, with any warning (an extension past
the ICO's expectation, say).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session
from starlette.responses import Response

from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases import foi, foi_figures, service
from socialguard.cases.foi_clock import Clock, Pause
from socialguard.cases.foi_schemas import (
    ClarificationBody,
    ClockPublic,
    Day,
    ExtensionBody,
    FeeNoticeBody,
    FiguresPublic,
    FoiPublic,
    HolidayPublic,
    IcoReferralBody,
    OverduePublic,
    PausePublic,
    PeriodPublic,
    ReasonBody,
    ResponseBody,
    ReviewOutcomeBody,
    StepBody,
    ValidityBody,
    ValidityItemPublic,
    ValidityPublic,
)
from socialguard.cases.kinds import CaseKind
from socialguard.cases.tables import Case
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.errors import InvalidInput
from socialguard.exports import CSV_RESPONSE, csv_download
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import today_local
from socialguard.web.errors import error_responses

router = APIRouter(tags=["FOI requests"])
FoiApiUser = Annotated[User, Depends(api_user(Role.FOI))]
ERRORS = error_responses(400, 401, 403, 404, 409, 413, 415, 422)
FIGURES_FILE = "foi-compliance.csv"
MAX_RANGE = timedelta(days=10 * 366)  # ten years of months is plenty for one page


def pause_public(p: Pause) -> PausePublic:
    return PausePublic(kind=p.kind, start=p.start, end=p.end, working_days=p.working_days)


def clock_public(c: Clock) -> ClockPublic:
    skipped = c.statutory.skipped if c.statutory else ()
    return ClockPublic(
        received=c.received, day_zero=c.start,
        statutory_due=c.statutory.due if c.statutory else None, due=c.due,
        extended_to=c.extended_to, extension_reason=c.extension_reason,
        stopped=c.waiting is not None, waiting=pause_public(c.waiting) if c.waiting else None,
        pauses=[pause_public(p) for p in c.pauses], paused_working_days=c.paused_days,
        holidays_skipped=[HolidayPublic(day=h.day, name=h.name, where=list(h.where))
                          for h in skipped],
        responded_on=c.responded_on, outcome=c.outcome, exemptions=list(c.exemptions),
        working_days_taken=c.working_days_taken, in_time=c.in_time,
        review_due=c.review.due if c.review else None, reviewed_on=c.reviewed_on,
        review_outcome=c.review_outcome, referred_on=c.referred_on, closed_on=c.closed_on,
        why=c.why())


def foi_public(session: Session, case: Case, user: User, pack: PolicyPack,
               warnings: list[str] | None = None) -> FoiPublic:
    today = today_local()
    clock = foi.clock_of(case, foi.events_of(session, [case.id])[case.id], today=today,
                         foi=pack.foi)
    check = foi.validity(case, pack)
    return FoiPublic(
        case_id=case.id, state=case.state, due_date=case.due_date,
        working_days_left=service.days_left(case, today, pack.foi), clock=clock_public(clock),
        validity=ValidityPublic(
            valid=check.valid, missing=check.missing, reply=check.reply,
            address=case.foi_address,
            items=[ValidityItemPublic(key=i.key, label=i.label, met=i.met, checked=i.checked,
                                      basis=i.basis) for i in check.items]),
        steps=foi.available_steps(case, user), warnings=warnings or [])


def take_step(session: Session, case_id: int, step: str, body: StepBody, user: User,
              pack: PolicyPack) -> FoiPublic:
    case = foi.foi_case(session, user=user, case_id=case_id, lock=True)
    planned = foi.plan(session, user=user, case=case, step=step, data=body.as_input(),
                       today=today_local(), foi=pack.foi)
    foi.apply(session, user=user, planned=planned)
    session.commit()
    return foi_public(session, case, user, pack, planned.warnings)


def period_public(p: foi_figures.Period) -> PeriodPublic:
    return PeriodPublic(
        period=p.label, first_day=p.first, last_day=p.last, received=p.received,
        answered=p.answered, in_time=p.in_time, late=p.late, overdue=p.overdue,
        pending=p.pending, closed=p.closed, extended=p.extended,
        percent_in_time=p.percent_in_time, meets_target=p.meets_target,
        median_working_days=p.median_days, outcomes=dict(p.outcomes),
        exemptions=dict(p.exemptions))


def compute_figures(session: Session, user: User, pack: PolicyPack, start: date | None,
                    end: date | None) -> foi_figures.Figures:
    today = today_local()
    first, last = foi_figures.default_range(today)
    first, last = start or first, end or last
    if first > last or last - first > MAX_RANGE:
        raise InvalidInput("Choose a start on or before the end, at most ten years apart.")
    cases = service.list_cases(session, user=user, kind=CaseKind.FOI.value)
    clocks = foi.clocks(session, cases, today=today, foi=pack.foi)
    return foi_figures.figures([(c, clocks[c.id]) for c in cases], first=first, last=last,
                               today=today)


Start = Annotated[Day | None, Query(description="first day received (default: 12 months)")]
End = Annotated[Day | None, Query(description="last day received (default: today)")]


@router.get("/foi/figures", response_model=FiguresPublic, responses=ERRORS,
            summary="FOI compliance: share answered in time by month and quarter")
def figures_api(session: SessionDep, user: FoiApiUser, pack: PackDep, start: Start = None,
                end: End = None) -> FiguresPublic:
    f = compute_figures(session, user, pack, start, end)
    return FiguresPublic(
        first_day=f.first, last_day=f.last, today=f.today,
        target_percent=foi_figures.TARGET_PERCENT, overall=period_public(f.overall),
        months=[period_public(p) for p in f.months],
        quarters=[period_public(p) for p in f.quarters],
        overdue=[OverduePublic(id=o.case.id, title=o.case.title, due_date=o.due,
                               working_days_overdue=o.days_over, what=o.what,
                               state=o.case.state, assignee=o.case.assignee)
                 for o in f.overdue])


@router.get("/foi/figures.csv", responses={**ERRORS, **CSV_RESPONSE}, response_class=Response,
            summary="FOI compliance figures as CSV, to publish (counts only)")
def figures_csv_api(session: SessionDep, user: FoiApiUser, pack: PackDep, start: Start = None,
                    end: End = None) -> Response:
    f = compute_figures(session, user, pack, start, end)
    return csv_download(foi_figures.figures_csv(f), FIGURES_FILE)


@router.get("/{case_id}/foi", response_model=FoiPublic, responses=ERRORS,
            summary="An FOI request's clock (and why it says so) and validity checklist")
def foi_api(case_id: RowId, session: SessionDep, user: FoiApiUser,
            pack: PackDep) -> FoiPublic:
    return foi_public(session, foi.foi_case(session, user=user, case_id=case_id), user, pack)


@router.put("/{case_id}/foi/validity", response_model=FoiPublic, responses=ERRORS,
            summary="Record the validity checklist (FOI Act s.8); the clock keeps running")
def validity_api(case_id: RowId, data: ValidityBody, session: SessionDep, user: FoiApiUser,
                 pack: PackDep) -> FoiPublic:
    case = foi.foi_case(session, user=user, case_id=case_id, lock=True)
    foi.set_validity(session, user=user, case=case, name_ok=data.name_ok,
                     address_ok=data.address_ok, description_ok=data.description_ok,
                     requester=data.requester, address=data.address)
    session.commit()
    return foi_public(session, case, user, pack)


# One operation per step, each with its own body, so the API document says what each needs.


@router.post("/{case_id}/foi/start", response_model=FoiPublic, responses=ERRORS,
             summary="Start work on the request (the clock is unchanged)")
def start_api(case_id: RowId, data: StepBody, session: SessionDep, user: FoiApiUser,
              pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "start", data, user, pack)


@router.post("/{case_id}/foi/clarification-sought", response_model=FoiPublic,
             responses=ERRORS, summary="Clarification sought: the clock stops (s.1(3))")
def clarification_sought_api(case_id: RowId, data: ClarificationBody, session: SessionDep,
                             user: FoiApiUser, pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "clarification-sought", data, user, pack)


@router.post("/{case_id}/foi/clarification-received", response_model=FoiPublic,
             responses=ERRORS,
             summary="Clarification received: 20 working days start again that day (s.1(3))")
def clarification_received_api(case_id: RowId, data: StepBody, session: SessionDep,
                               user: FoiApiUser, pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "clarification-received", data, user, pack)


@router.post("/{case_id}/foi/fee-notice", response_model=FoiPublic, responses=ERRORS,
             summary="Fees notice given: the clock pauses (s.10(2))")
def fee_notice_api(case_id: RowId, data: FeeNoticeBody, session: SessionDep, user: FoiApiUser,
                   pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "fee-notice", data, user, pack)


@router.post("/{case_id}/foi/fee-paid", response_model=FoiPublic, responses=ERRORS,
             summary="Fee paid: the days from notice to payment are not counted (s.10(2))")
def fee_paid_api(case_id: RowId, data: StepBody, session: SessionDep, user: FoiApiUser,
                 pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "fee-paid", data, user, pack)


@router.post("/{case_id}/foi/extension", response_model=FoiPublic, responses=ERRORS,
             summary="Public interest extension: a new date and the reason (s.10(3))")
def extension_api(case_id: RowId, data: ExtensionBody, session: SessionDep, user: FoiApiUser,
                  pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "extension", data, user, pack)


@router.post("/{case_id}/foi/response", response_model=FoiPublic, responses=ERRORS,
             summary="Responded, with the outcome and any exemptions relied on (s.17)")
def response_api(case_id: RowId, data: ResponseBody, session: SessionDep, user: FoiApiUser,
                 pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "response", data, user, pack)


@router.post("/{case_id}/foi/reopen", response_model=FoiPublic, responses=ERRORS,
             summary="Reopen a response recorded by mistake (say why)")
def reopen_api(case_id: RowId, data: ReasonBody, session: SessionDep, user: FoiApiUser,
               pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "reopen", data, user, pack)


@router.post("/{case_id}/foi/internal-review", response_model=FoiPublic, responses=ERRORS,
             summary="Internal review asked for: its own 20 working days")
def internal_review_api(case_id: RowId, data: StepBody, session: SessionDep, user: FoiApiUser,
                        pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "internal-review", data, user, pack)


@router.post("/{case_id}/foi/review-outcome", response_model=FoiPublic, responses=ERRORS,
             summary="The internal review's outcome")
def review_outcome_api(case_id: RowId, data: ReviewOutcomeBody, session: SessionDep,
                       user: FoiApiUser, pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "review-outcome", data, user, pack)


@router.post("/{case_id}/foi/ico-referral", response_model=FoiPublic, responses=ERRORS,
             summary="Referred to the Information Commissioner (s.50)")
def ico_referral_api(case_id: RowId, data: IcoReferralBody, session: SessionDep,
                     user: FoiApiUser, pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "ico-referral", data, user, pack)


@router.post("/{case_id}/foi/close", response_model=FoiPublic, responses=ERRORS,
             summary="Close: withdrawn, or not clarified or paid within three months")
def close_api(case_id: RowId, data: ReasonBody, session: SessionDep, user: FoiApiUser,
              pack: PackDep) -> FoiPublic:
    return take_step(session, case_id, "close", data, user, pack)
