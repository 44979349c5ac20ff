"""REST API of the cases workflow (/api/v1/cases) and the presenters the pages share.

Every signed-in user may report a case (a concern, harassment, a press call); only the
roles of the case's kind (``kinds.KIND_ROLES``) and administrators see it afterwards.
A case the user may not see answers 404 on pages and in the API alike.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Header
from sqlalchemy.orm import Session
from starlette.responses import Response

from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases import exports, foi_routes, service
from socialguard.cases.kinds import MACHINES, CaseKind, can_see
from socialguard.cases.notify import send
from socialguard.cases.schemas import (
    AuditPublic,
    CaseAssign,
    CaseCreate,
    CaseDetail,
    CasePublic,
    CaseReceipt,
    CaseTransition,
    CommentCreate,
    CommentPublic,
    DueUpdate,
)
from socialguard.cases.tables import Case
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.errors import InvalidInput
from socialguard.exports import CSV_RESPONSE, csv_download
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import LOCAL_ZONE, today_local
from socialguard.web.errors import error_responses
from socialguard.workflow.audit import trail

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
# The FOI clock, checklist and figures (/api/v1/cases/{id}/foi..., /foi/figures).
router.include_router(foi_routes.router)

ApiUser = Annotated[User, Depends(api_user())]
FoiApiUser = Annotated[User, Depends(api_user(Role.FOI))]
ERRORS = error_responses(400, 401, 403, 404, 409, 413, 415, 422)
CASES_FILE, FOI_FILE = "cases.csv", "foi-requests.csv"


def moves(case: Case, user: User) -> list[str]:
    machine = MACHINES[CaseKind(case.kind)]
    return [str(to) for to in machine.allowed_from(case.state)  # type: ignore[arg-type]
            if machine.can(case.state, to, user.roles)]  # type: ignore[arg-type]


def public(case: Case, user: User, pack: PolicyPack) -> CasePublic:
    return CasePublic(
        id=case.id, kind=case.kind, title=case.title, description=case.description,
        state=case.state, urgency=case.urgency, instruction=case.instruction,
        platform=case.platform, requester=case.requester, received_at=case.received_at,
        due_date=case.due_date, working_days_left=service.days_left(case, today_local(),
                                                                     pack.foi),
        reporter=case.reporter, assignee=case.assignee, source_message_id=case.source_message_id,
        created_at=case.created_at, allowed_moves=moves(case, user))


def detail(session: Session, case: Case, user: User, pack: PolicyPack) -> CaseDetail:
    return CaseDetail(
        **public(case, user, pack).model_dump(),
        comments=[CommentPublic(id=c.id, author=c.author, body=c.body, created_at=c.created_at)
                  for c in case.comments],
        trail=[AuditPublic(at=e.at, actor=e.actor, action=e.action, from_state=e.from_state,
                           to_state=e.to_state, reason=e.reason, detail=e.detail)
               for e in trail(session, entity_type="case", entity_id=case.id)])


def create(session: Session, background: BackgroundTasks, data: CaseCreate, user: User,
           pack: PolicyPack, *, idempotency_key: str | None = None) -> Case:
    case, notices = service.open_case(session, kind=data.kind, title=data.title,
                                      description=data.description, reporter=user, pack=pack,
                                      platform=data.platform or None, due_date=data.due_date,
                                      received_at=_received_at(data),
                                      idempotency_key=idempotency_key)
    session.commit()
    background.add_task(send, notices)
    return case


def _received_at(data: CaseCreate) -> datetime | None:
    """An FOI request's day of receipt (its day 0); its due date is statutory, never given."""
    if data.kind is not CaseKind.FOI:
        if data.received_on is not None:
            raise InvalidInput("Only an FOI request has a day of receipt.")
        return None
    if data.due_date is not None:
        raise InvalidInput("An FOI request's due date is statutory (FOI Act 2000 s.10): give "
                           "the day it was received instead.")
    if data.received_on is None:
        return None
    if data.received_on > today_local():
        raise InvalidInput("The day of receipt cannot be in the future.")
    # Midday in the UK is that day however the offset falls.
    return datetime.combine(data.received_on, time(12), LOCAL_ZONE)


# A client's retry key (any 1-64 plain characters, e.g. a UUID) for POST /cases.
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$",
    description="Send the same key when retrying: the case is opened once")]


@router.get("", response_model=list[CasePublic], responses=ERRORS,
         summary="Cases your roles may see")
def list_api(session: SessionDep, user: ApiUser, pack: PackDep, kind: CaseKind | None = None,
             state: str | None = None, open_only: bool = False) -> list[CasePublic]:
    return [public(c, user, pack) for c in service.list_cases(
        session, user=user, kind=kind.value if kind else None, state=state,
        open_only=open_only)]


@router.post("", status_code=201, response_model=CasePublic | CaseReceipt, responses=ERRORS,
          summary="Report a case (a reporter outside the team gets a receipt only)")
def create_api(data: CaseCreate, session: SessionDep, user: ApiUser, pack: PackDep,
               background: BackgroundTasks,
               idempotency_key: IdempotencyKey = None) -> CasePublic | CaseReceipt:
    case = create(session, background, data, user, pack, idempotency_key=idempotency_key)
    if can_see(user.roles, case.kind):
        return public(case, user, pack)
    return CaseReceipt(id=case.id, kind=case.kind, state=case.state,
                       message="Reported; only the team that handles it can see it.")


@router.get("/export.csv", responses={**ERRORS, **CSV_RESPONSE},
         summary="Cases you can see, as CSV", response_class=Response)
def export_api(session: SessionDep, user: ApiUser, pack: PackDep) -> Response:
    return csv_download(exports.cases_csv(session, user=user, today=today_local(),
                                          foi=pack.foi), CASES_FILE)


@router.get("/foi.csv", responses={**ERRORS, **CSV_RESPONSE},
         summary="FOI requests as CSV (FOI team)", response_class=Response)
def foi_api(session: SessionDep, user: FoiApiUser, pack: PackDep) -> Response:
    return csv_download(exports.foi_csv(session, user=user, today=today_local(),
                                        foi=pack.foi), FOI_FILE)


@router.get("/{case_id}", response_model=CaseDetail, responses=ERRORS)
def get_api(case_id: RowId, session: SessionDep, user: ApiUser, pack: PackDep) -> CaseDetail:
    return detail(session, service.get_case(session, user=user, case_id=case_id), user, pack)


@router.post("/{case_id}/transition", response_model=CasePublic, responses=ERRORS)
def transition_api(case_id: RowId, data: CaseTransition, session: SessionDep, user: ApiUser,
                   pack: PackDep) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    service.transition(session, user=user, case=case, to=data.to, reason=data.reason)
    session.commit()
    return public(case, user, pack)


@router.post("/{case_id}/assign", response_model=CasePublic, responses=ERRORS)
def assign_api(case_id: RowId, data: CaseAssign, session: SessionDep, user: ApiUser,
               pack: PackDep, background: BackgroundTasks) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    notices = service.assign(session, user=user, case=case, assignee_email=data.assignee,
                             pack=pack)
    session.commit()
    background.add_task(send, notices)
    return public(case, user, pack)


@router.post("/{case_id}/comments", status_code=201, response_model=CommentPublic,
          responses=ERRORS)
def comment_api(case_id: RowId, data: CommentCreate, session: SessionDep,
                user: ApiUser) -> CommentPublic:
    case = service.get_case(session, user=user, case_id=case_id)
    note = service.comment(session, user=user, case=case, body=data.body)
    session.commit()
    return CommentPublic(id=note.id, author=note.author, body=note.body,
                         created_at=note.created_at)


@router.put("/{case_id}/due", response_model=CasePublic, responses=ERRORS)
def due_api(case_id: RowId, data: DueUpdate, session: SessionDep, user: ApiUser,
            pack: PackDep) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    service.set_due(session, user=user, case=case, due=data.due_date, reason=data.reason)
    session.commit()
    return public(case, user, pack)
