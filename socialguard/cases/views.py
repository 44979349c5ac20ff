"""Pages of the cases workflow (/cases...); the API is in routes.py.

Every signed-in user may report a case (a concern, harassment, a press call); only the
roles of the case's kind (``kinds.KIND_ROLES``) and administrators see it afterwards.
A case the user may not see answers 404 on pages and in the API alike.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases import exports, foi_views, service
from socialguard.cases.kinds import (
    KIND_ROLES,
    KIND_SECTIONS,
    KIND_TITLES,
    STOPPED,
    CaseKind,
    can_see,
    reportable_kinds,
    visible_kinds,
)
from socialguard.cases.notify import send
from socialguard.cases.routes import CASES_FILE, FOI_FILE, create, moves
from socialguard.cases.schemas import CaseCreate
from socialguard.cases.tables import Case
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.errors import InvalidInput
from socialguard.exports import csv_download
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import today_local
from socialguard.web.templating import render
from socialguard.workflow.audit import trail

router = APIRouter(include_in_schema=False)
# The FOI clock's steps, checklist and figures (/cases/foi/figures, /cases/{id}/foi/...).
router.include_router(foi_views.router)
PageUser = Annotated[User, Depends(page_user())]
FoiPageUser = Annotated[User, Depends(page_user(Role.FOI))]


@router.get("/cases")
def cases_page(request: Request, session: SessionDep, user: PageUser, pack: PackDep,
               kind: str | None = None, open_only: bool = False) -> Response:
    kinds = visible_kinds(user.roles)
    chosen = kind if kind in {k.value for k in kinds} else None
    cases = service.list_cases(session, user=user, kind=chosen, open_only=open_only)
    today = today_local()
    return render(request, "cases/index.html", title="Cases", cases=cases, kinds=kinds,
                  kind=chosen or "", open_only=open_only, titles=KIND_TITLES,
                  left={c.id: service.countdown_text(service.days_left(c, today, pack.foi))
                        for c in cases},
                  can_report=bool(reportable_kinds(user.roles)),
                  sees_foi=can_see(user.roles, CaseKind.FOI.value),
                  stopped={s.value for s in STOPPED})


@router.get("/cases/new")
def new_page(request: Request, user: PageUser, kind: str | None = None) -> Response:
    return _new_form(request, user, form={"kind": kind or ""})


def _new_form(request: Request, user: User, *, form: dict[str, str],
              problem: str | None = None) -> Response:
    # One key per form shown: a double click or a resent form opens the case once.
    form.setdefault("request_key", uuid.uuid4().hex)
    return render(request, "cases/new.html", status_code=422 if problem else 200,
                  title="Report a case", kinds=reportable_kinds(user.roles), titles=KIND_TITLES,
                  sections=KIND_SECTIONS, form=form, problem=problem)


@router.post("/cases", dependencies=[CsrfDep])
def create_page(request: Request, session: SessionDep, user: PageUser, pack: PackDep,
                background: BackgroundTasks, kind: Annotated[str, Form()],
                title: Annotated[str, Form()] = "", description: Annotated[str, Form()] = "",
                platform: Annotated[str, Form()] = "",
                received_on: Annotated[str, Form(max_length=20)] = "",
                request_key: Annotated[str, Form(max_length=64)] = "") -> Response:
    form = {"kind": kind, "title": title, "description": description, "platform": platform,
            "received_on": received_on, "request_key": request_key}
    try:
        received = _received_on(kind, received_on)
        data = CaseCreate(kind=CaseKind(kind), title=title.strip() or "-",
                          description=description, platform=platform or None,
                          received_on=received)
        if not title.strip():
            raise InvalidInput("Give the case a short title.")
        case = create(session, background, data, user, pack,
                      idempotency_key=request_key.strip() or None)
    except ValueError:
        return _new_form(request, user, form=form, problem="Choose what you are reporting.")
    except InvalidInput as exc:
        return _new_form(request, user, form=form, problem=exc.message)
    if can_see(user.roles, case.kind):
        return RedirectResponse(f"/cases/{case.id}", status_code=303)
    team = pack.teams.get({"safeguarding": "safeguarding", "harassment": "hr", "media": "comms",
                           "non_compliance": "hr", "foi": "foi"}[case.kind])
    return render(request, "cases/reported.html", title="Case reported", case=case,
                  team=team.name if team else "the team", titles=KIND_TITLES)


def _received_on(kind: str, value: str) -> date | None:
    """Only an FOI request has a day of receipt (its day 0); other kinds ignore the field."""
    if kind != CaseKind.FOI.value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput("Give the day the request was received as a date.") from exc


@router.get("/cases/export.csv")
def export_page(session: SessionDep, user: PageUser, pack: PackDep) -> Response:
    return csv_download(exports.cases_csv(session, user=user, today=today_local(),
                                          foi=pack.foi), CASES_FILE)


@router.get("/cases/foi.csv")
def foi_page(session: SessionDep, user: FoiPageUser, pack: PackDep) -> Response:
    return csv_download(exports.foi_csv(session, user=user, today=today_local(),
                                        foi=pack.foi), FOI_FILE)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: RowId, session: SessionDep, user: PageUser,
              pack: PackDep, problem: str | None = None) -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    return case_view(request, session, user, pack, case, problem=problem)


def case_view(request: Request, session: Session, user: User, pack: PolicyPack, case: Case,
              *, problem: str | None = None, status_code: int = 200) -> Response:
    assignees = [u for u in session.scalars(select(User).where(User.is_active.is_(True))
                                            .order_by(User.email))
                 if can_see(u.roles, case.kind)]
    left = service.days_left(case, today_local(), pack.foi)
    is_foi = case.kind == CaseKind.FOI.value
    return render(request, "cases/case.html", status_code=status_code, title=f"Case #{case.id}",
                  case=case, titles=KIND_TITLES, sections=KIND_SECTIONS,
                  moves=moves(case, user), assignees=assignees, left=left,
                  countdown=service.countdown_text(left),
                  trail=trail(session, entity_type="case", entity_id=case.id),
                  problem=problem, roles=sorted(r.value for r in KIND_ROLES[CaseKind(case.kind)]),
                  foi=foi_views.case_context(session, case, user, pack) if is_foi else None)


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/transition", dependencies=[CsrfDep])
def transition_page(case_id: RowId, session: SessionDep, user: PageUser,
                    to: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    service.transition(session, user=user, case=case, to=to, reason=reason)
    session.commit()
    return _back(case_id)


@router.post("/cases/{case_id}/assign", dependencies=[CsrfDep])
def assign_page(case_id: RowId, session: SessionDep, user: PageUser, pack: PackDep,
                background: BackgroundTasks, assignee: Annotated[str, Form()]) -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    notices = service.assign(session, user=user, case=case, assignee_email=assignee, pack=pack)
    session.commit()
    background.add_task(send, notices)
    return _back(case_id)


@router.post("/cases/{case_id}/comments", dependencies=[CsrfDep])
def comment_page(case_id: RowId, session: SessionDep, user: PageUser,
                 body: Annotated[str, Form()] = "") -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    service.comment(session, user=user, case=case, body=body)
    session.commit()
    return RedirectResponse(f"/cases/{case_id}#comments", status_code=303)


@router.post("/cases/{case_id}/due", dependencies=[CsrfDep])
def due_page(case_id: RowId, session: SessionDep, user: PageUser,
             due_date: Annotated[str, Form()] = "",
             reason: Annotated[str, Form()] = "") -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    try:
        due = date.fromisoformat(due_date) if due_date.strip() else None
    except ValueError as exc:
        raise InvalidInput("The due date must be a date (YYYY-MM-DD).") from exc
    service.set_due(session, user=user, case=case, due=due, reason=reason or None)
    session.commit()
    return _back(case_id)

