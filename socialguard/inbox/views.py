"""Pages and API endpoints of the inbox workflow.

Pages: ``/inbox`` (the user's queues, an upload form, 999 alerts at the top),
``/inbox/{id}`` (one message with its routes, tasks and cases). API under
``/api/v1/inbox``: post one message, import a file, list, read, mark a queue item
done. Any team that handles inbound messages may import (``TRIAGE_ROLES``); each
sees the messages routed to its queues and those it imported.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Path, Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from socialguard.api.errors import InvalidInput
from socialguard.api.routes import PackDep
from socialguard.api.schemas import InboundMessage
from socialguard.auth.deps import CsrfDep, SessionDep, SettingsDep, api_user, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import TRIAGE_ROLES
from socialguard.cases.kinds import can_see
from socialguard.cases.notify import send
from socialguard.cases.tables import Case
from socialguard.inbox import service
from socialguard.inbox.schemas import ImportProblem, ImportResult, MessagePublic, RoutePublic
from socialguard.inbox.tables import InboxMessage
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import working_days_left
from socialguard.web.errors import ErrorBody
from socialguard.web.templating import render

router = APIRouter()
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
api = APIRouter(prefix="/api/v1/inbox", tags=["inbox"])
pages = APIRouter(include_in_schema=False)

PageUser = Annotated[User, Depends(page_user(*TRIAGE_ROLES))]
ApiUser = Annotated[User, Depends(api_user(*TRIAGE_ROLES))]
ERRORS: dict[int | str, dict[str, object]] = {
    s: {"model": ErrorBody} for s in (400, 401, 403, 404, 409, 413, 415, 422)}


def alert_of(message: InboxMessage) -> str | None:
    danger = [r for r in message.routes if r.label == service.DANGER]
    return danger[0].instruction if danger else None


def public(message: InboxMessage) -> MessagePublic:
    return MessagePublic(
        id=message.id, external_id=message.external_id, platform=message.platform,
        author_name=message.author_name, text=message.text, received_at=message.received_at,
        labels=list(message.labels), urgency=message.urgency, batch=message.batch,
        alert=alert_of(message),
        routes=[RoutePublic(id=r.id, label=r.label, team=r.team, team_name=r.team_name,
                            urgency=r.urgency, instruction=r.instruction, due=r.due,
                            state=r.state, report_url=r.report_url, case_id=r.case_id)
                for r in message.routes])


def _ingest(session: Session, background: BackgroundTasks, messages: list[InboundMessage],
            problems: list[service.Problem], user: User, pack: PolicyPack) -> ImportResult:
    result = service.ingest(session, messages=messages, user=user, pack=pack)
    session.commit()
    background.add_task(send, result.notices)
    return ImportResult(
        batch=result.batch, imported=len(result.messages), duplicates=result.duplicates,
        problems=[ImportProblem(line=p.line, message=p.message) for p in problems],
        alerts=[f"message #{m.id}: {alert}" for m in result.messages
                if (alert := alert_of(m)) is not None],
        messages=[public(m) for m in result.messages])


def _check_size(count: int, limit: int) -> None:
    if count > limit:
        raise InvalidInput(f"At most {limit} messages per import; this file has {count}.")


# --- API -----------------------------------------------------------------------------------


@api.post("/messages", status_code=201, response_model=ImportResult, responses=ERRORS,
          summary="Store, label and route one inbound message")
def post_message(message: InboundMessage, session: SessionDep, pack: PackDep, user: ApiUser,
                 background: BackgroundTasks) -> ImportResult:
    wrong = service.received_problem(message)
    if wrong:
        raise InvalidInput(wrong)
    return _ingest(session, background, [message], [], user, pack)


@api.post("/import", status_code=201, response_model=ImportResult, responses=ERRORS,
          summary="Import a JSON Lines or CSV file of inbound messages")
async def import_file(file: Annotated[UploadFile, File(description="JSON Lines or CSV")],
                      session: SessionDep, pack: PackDep, user: ApiUser,
                      settings: SettingsDep, background: BackgroundTasks) -> ImportResult:
    data = await file.read()
    messages, problems = service.parse_upload(data, file.filename, file.content_type)
    _check_size(len(messages), settings.batch_limit)
    return _ingest(session, background, messages, problems, user, pack)


@api.get("/messages", response_model=list[MessagePublic], responses=ERRORS,
         summary="Messages in your queues (newest first)")
def list_api(session: SessionDep, user: ApiUser, team: str | None = None,
             open_only: bool = False, batch: str | None = None) -> list[MessagePublic]:
    return [public(m) for m in service.list_messages(session, user=user, team=team,
                                                     open_only=open_only, batch=batch)]


@api.get("/messages/{message_id}", response_model=MessagePublic, responses=ERRORS)
def get_api(message_id: RowId, session: SessionDep, user: ApiUser) -> MessagePublic:
    return public(service.get_message(session, user=user, message_id=message_id))


@api.post("/routes/{route_id}/{to}", response_model=RoutePublic, responses=ERRORS,
          summary="Mark a queue item done (or open again)")
def move_api(route_id: RowId, to: str, session: SessionDep, user: ApiUser) -> RoutePublic:
    r = service.set_route_state(session, user=user, route_id=route_id, to=to)
    session.commit()
    return RoutePublic(id=r.id, label=r.label, team=r.team, team_name=r.team_name,
                       urgency=r.urgency, instruction=r.instruction, due=r.due, state=r.state,
                       report_url=r.report_url, case_id=r.case_id)


# --- pages ---------------------------------------------------------------------------------


def _inbox_page(request: Request, session: Session, user: User, *, team: str | None,
                open_only: bool, imported: ImportResult | None = None,
                problem: str | None = None, status_code: int = 200) -> Response:
    messages = service.list_messages(session, user=user, team=team or None, open_only=open_only)
    alerts = [m for m in messages if service.danger_open(m)]
    batch = None
    if imported is not None:
        batch = service.list_messages(session, user=user, batch=imported.batch)
        alerts = [m for m in batch if alert_of(m)] + [m for m in alerts if m not in batch]
    return render(request, "inbox/index.html", status_code=status_code, title="Triage inbox",
                  messages=messages, alerts=alerts, teams=service.visible_teams(user.roles),
                  team=team or "", open_only=open_only, imported=imported, batch=batch,
                  problem=problem, alert_of=alert_of)


@pages.get("/inbox")
def inbox(request: Request, session: SessionDep, user: PageUser, team: str | None = None,
          open_only: bool = False) -> Response:
    return _inbox_page(request, session, user, team=team, open_only=open_only)


@pages.post("/inbox/import", dependencies=[CsrfDep])
async def inbox_import(request: Request, file: Annotated[UploadFile, File()],
                       session: SessionDep, pack: PackDep, user: PageUser,
                       settings: SettingsDep, background: BackgroundTasks) -> Response:
    data = await file.read()
    try:
        if not data.strip():
            raise InvalidInput("Choose a file of messages to import.")
        messages, problems = service.parse_upload(data, file.filename, file.content_type)
        _check_size(len(messages), settings.batch_limit)
    except InvalidInput as exc:
        return _inbox_page(request, session, user, team=None, open_only=False,
                           problem=exc.message, status_code=422)
    result = _ingest(session, background, messages, problems, user, pack)
    return _inbox_page(request, session, user, team=None, open_only=False, imported=result)


@pages.get("/inbox/{message_id}")
def message_page(request: Request, message_id: int, session: SessionDep, user: PageUser,
                 pack: PackDep) -> Response:
    message = service.get_message(session, user=user, message_id=message_id)
    today = service.today_local()
    countdowns = {r.id: working_days_left(r.due, today, pack.foi)
                  for r in message.routes if r.due is not None and r.state == "open"}
    return render(request, "inbox/message.html", title=f"Message #{message.id}",
                  message=message, alert=alert_of(message), countdowns=countdowns,
                  can_act={r.id: service.route_visible(user, r) for r in message.routes},
                  case_visible={r.id: r.case_id is not None and can_see(
                      user.roles, _case_kind(session, r.case_id)) for r in message.routes})


def _case_kind(session: Session, case_id: int | None) -> str:
    case = session.get(Case, case_id) if case_id is not None else None
    return case.kind if case else ""


@pages.post("/inbox/routes/{route_id}", dependencies=[CsrfDep])
def move_page(route_id: RowId, session: SessionDep, user: PageUser,
              to: Annotated[str, Form()]) -> Response:
    route = service.set_route_state(session, user=user, route_id=route_id, to=to)
    session.commit()
    return RedirectResponse(f"/inbox/{route.message_id}", status_code=303)


router.include_router(api)
router.include_router(pages)
