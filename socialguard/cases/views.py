"""Pages and API endpoints of the cases workflow.

Every signed-in user may report a case (a concern, harassment, a press call); only the
roles of the case's kind (``kinds.KIND_ROLES``) and administrators see it afterwards.
A case the user may not see answers 404 on pages and in the API alike.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from socialguard.api.errors import InvalidInput
from socialguard.api.routes import PackDep
from socialguard.auth.deps import CsrfDep, SessionDep, api_user, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases import exports, service
from socialguard.cases.kinds import (
    KIND_ROLES,
    KIND_SECTIONS,
    KIND_TITLES,
    MACHINES,
    CaseKind,
    can_see,
    reportable_kinds,
    visible_kinds,
)
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
from socialguard.exports import CSV_RESPONSE, JSONL_RESPONSE, csv_download, jsonl_download
from socialguard.inbox.service import today_local
from socialguard.policy.schema import PolicyPack
from socialguard.web.errors import ErrorBody
from socialguard.web.templating import render
from socialguard.workflow.audit import trail

router = APIRouter()
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
api = APIRouter(prefix="/api/v1/cases", tags=["cases"])
pages = APIRouter(include_in_schema=False)

PageUser = Annotated[User, Depends(page_user())]
ApiUser = Annotated[User, Depends(api_user())]
FoiApiUser = Annotated[User, Depends(api_user(Role.FOI))]
FoiPageUser = Annotated[User, Depends(page_user(Role.FOI))]
ERRORS: dict[int | str, dict[str, object]] = {
    s: {"model": ErrorBody} for s in (400, 401, 403, 404, 409, 413, 415, 422)}
CASES_FILE, FOI_FILE, AUDIT_FILE = "cases.csv", "foi-requests.csv", "audit-trail.jsonl"


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


def _create(session: Session, background: BackgroundTasks, data: CaseCreate, user: User,
            pack: PolicyPack) -> Case:
    case, notices = service.open_case(session, kind=data.kind, title=data.title,
                                      description=data.description, reporter=user, pack=pack,
                                      platform=data.platform or None, due_date=data.due_date)
    session.commit()
    background.add_task(send, notices)
    return case


# --- API -----------------------------------------------------------------------------------


@api.get("", response_model=list[CasePublic], responses=ERRORS,
         summary="Cases your roles may see")
def list_api(session: SessionDep, user: ApiUser, pack: PackDep, kind: CaseKind | None = None,
             state: str | None = None, open_only: bool = False) -> list[CasePublic]:
    return [public(c, user, pack) for c in service.list_cases(
        session, user=user, kind=kind.value if kind else None, state=state,
        open_only=open_only)]


@api.post("", status_code=201, response_model=CasePublic | CaseReceipt, responses=ERRORS,
          summary="Report a case (a reporter outside the team gets a receipt only)")
def create_api(data: CaseCreate, session: SessionDep, user: ApiUser, pack: PackDep,
               background: BackgroundTasks) -> CasePublic | CaseReceipt:
    case = _create(session, background, data, user, pack)
    if can_see(user.roles, case.kind):
        return public(case, user, pack)
    return CaseReceipt(id=case.id, kind=case.kind, state=case.state,
                       message="Reported; only the team that handles it can see it.")


@api.get("/export.csv", responses={**ERRORS, **CSV_RESPONSE},
         summary="Cases you can see, as CSV", response_class=Response)
def export_api(session: SessionDep, user: ApiUser, pack: PackDep) -> Response:
    return csv_download(exports.cases_csv(session, user=user, today=today_local(),
                                          foi=pack.foi), CASES_FILE)


@api.get("/foi.csv", responses={**ERRORS, **CSV_RESPONSE},
         summary="FOI requests as CSV (FOI team)", response_class=Response)
def foi_api(session: SessionDep, user: FoiApiUser, pack: PackDep) -> Response:
    return csv_download(exports.foi_csv(session, user=user, today=today_local(),
                                        foi=pack.foi), FOI_FILE)


@api.get("/audit.jsonl", responses={**ERRORS, **JSONL_RESPONSE},
         summary="Audit trail you can see, JSON Lines", response_class=Response)
def audit_api(session: SessionDep, user: ApiUser) -> Response:
    return jsonl_download(exports.audit_jsonl(session, user=user), AUDIT_FILE)


@api.get("/{case_id}", response_model=CaseDetail, responses=ERRORS)
def get_api(case_id: RowId, session: SessionDep, user: ApiUser, pack: PackDep) -> CaseDetail:
    return detail(session, service.get_case(session, user=user, case_id=case_id), user, pack)


@api.post("/{case_id}/transition", response_model=CasePublic, responses=ERRORS)
def transition_api(case_id: RowId, data: CaseTransition, session: SessionDep, user: ApiUser,
                   pack: PackDep) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    service.transition(session, user=user, case=case, to=data.to, reason=data.reason)
    session.commit()
    return public(case, user, pack)


@api.post("/{case_id}/assign", response_model=CasePublic, responses=ERRORS)
def assign_api(case_id: RowId, data: CaseAssign, session: SessionDep, user: ApiUser,
               pack: PackDep, background: BackgroundTasks) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    notices = service.assign(session, user=user, case=case, assignee_email=data.assignee,
                             pack=pack)
    session.commit()
    background.add_task(send, notices)
    return public(case, user, pack)


@api.post("/{case_id}/comments", status_code=201, response_model=CommentPublic,
          responses=ERRORS)
def comment_api(case_id: RowId, data: CommentCreate, session: SessionDep,
                user: ApiUser) -> CommentPublic:
    case = service.get_case(session, user=user, case_id=case_id)
    note = service.comment(session, user=user, case=case, body=data.body)
    session.commit()
    return CommentPublic(id=note.id, author=note.author, body=note.body,
                         created_at=note.created_at)


@api.put("/{case_id}/due", response_model=CasePublic, responses=ERRORS)
def due_api(case_id: RowId, data: DueUpdate, session: SessionDep, user: ApiUser,
            pack: PackDep) -> CasePublic:
    case = service.get_case(session, user=user, case_id=case_id)
    service.set_due(session, user=user, case=case, due=data.due_date, reason=data.reason)
    session.commit()
    return public(case, user, pack)


# --- pages ---------------------------------------------------------------------------------


@pages.get("/cases")
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
                  sees_foi=can_see(user.roles, CaseKind.FOI.value))


@pages.get("/cases/new")
def new_page(request: Request, user: PageUser, kind: str | None = None) -> Response:
    return _new_form(request, user, form={"kind": kind or ""})


def _new_form(request: Request, user: User, *, form: dict[str, str],
              problem: str | None = None) -> Response:
    return render(request, "cases/new.html", status_code=422 if problem else 200,
                  title="Report a case", kinds=reportable_kinds(user.roles), titles=KIND_TITLES,
                  sections=KIND_SECTIONS, form=form, problem=problem)


@pages.post("/cases", dependencies=[CsrfDep])
def create_page(request: Request, session: SessionDep, user: PageUser, pack: PackDep,
                background: BackgroundTasks, kind: Annotated[str, Form()],
                title: Annotated[str, Form()] = "", description: Annotated[str, Form()] = "",
                platform: Annotated[str, Form()] = "") -> Response:
    form = {"kind": kind, "title": title, "description": description, "platform": platform}
    try:
        data = CaseCreate(kind=CaseKind(kind), title=title.strip() or "-",
                          description=description, platform=platform or None)
        if not title.strip():
            raise InvalidInput("Give the case a short title.")
    except ValueError:
        return _new_form(request, user, form=form, problem="Choose what you are reporting.")
    except InvalidInput as exc:
        return _new_form(request, user, form=form, problem=exc.message)
    case = _create(session, background, data, user, pack)
    if can_see(user.roles, case.kind):
        return RedirectResponse(f"/cases/{case.id}", status_code=303)
    team = pack.teams.get({"safeguarding": "safeguarding", "harassment": "hr", "media": "comms",
                           "non_compliance": "hr", "foi": "foi"}[case.kind])
    return render(request, "cases/reported.html", title="Case reported", case=case,
                  team=team.name if team else "the team", titles=KIND_TITLES)


@pages.get("/cases/export.csv")
def export_page(session: SessionDep, user: PageUser, pack: PackDep) -> Response:
    return csv_download(exports.cases_csv(session, user=user, today=today_local(),
                                          foi=pack.foi), CASES_FILE)


@pages.get("/cases/foi.csv")
def foi_page(session: SessionDep, user: FoiPageUser, pack: PackDep) -> Response:
    return csv_download(exports.foi_csv(session, user=user, today=today_local(),
                                        foi=pack.foi), FOI_FILE)


@pages.get("/cases/audit.jsonl")
def audit_page(session: SessionDep, user: PageUser) -> Response:
    return jsonl_download(exports.audit_jsonl(session, user=user), AUDIT_FILE)


@pages.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, session: SessionDep, user: PageUser,
              pack: PackDep, problem: str | None = None) -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    assignees = [u for u in session.scalars(select(User).where(User.is_active.is_(True))
                                            .order_by(User.email))
                 if can_see(u.roles, case.kind)]
    left = service.days_left(case, today_local(), pack.foi)
    return render(request, "cases/case.html", title=f"Case #{case.id}", case=case,
                  titles=KIND_TITLES, sections=KIND_SECTIONS, moves=moves(case, user),
                  assignees=assignees, left=left, countdown=service.countdown_text(left),
                  trail=trail(session, entity_type="case", entity_id=case.id),
                  problem=problem, roles=sorted(r.value for r in KIND_ROLES[CaseKind(case.kind)]))


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@pages.post("/cases/{case_id}/transition", dependencies=[CsrfDep])
def transition_page(case_id: RowId, session: SessionDep, user: PageUser,
                    to: Annotated[str, Form()], reason: Annotated[str, Form()] = "") -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    service.transition(session, user=user, case=case, to=to, reason=reason)
    session.commit()
    return _back(case_id)


@pages.post("/cases/{case_id}/assign", dependencies=[CsrfDep])
def assign_page(case_id: RowId, session: SessionDep, user: PageUser, pack: PackDep,
                background: BackgroundTasks, assignee: Annotated[str, Form()]) -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    notices = service.assign(session, user=user, case=case, assignee_email=assignee, pack=pack)
    session.commit()
    background.add_task(send, notices)
    return _back(case_id)


@pages.post("/cases/{case_id}/comments", dependencies=[CsrfDep])
def comment_page(case_id: RowId, session: SessionDep, user: PageUser,
                 body: Annotated[str, Form()] = "") -> Response:
    case = service.get_case(session, user=user, case_id=case_id)
    service.comment(session, user=user, case=case, body=body)
    session.commit()
    return RedirectResponse(f"/cases/{case_id}#comments", status_code=303)


@pages.post("/cases/{case_id}/due", dependencies=[CsrfDep])
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


router.include_router(api)
router.include_router(pages)
