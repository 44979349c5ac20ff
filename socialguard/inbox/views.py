"""Pages of the inbox workflow; the API is in routes.py.

``/inbox`` (the user's queues, an upload form, 999 alerts at the top with those cleared
in the last day and who cleared them) and ``/inbox/{id}`` (one message with its routes,
tasks, deadlines and cases). Times the sender gave are shown in UK time with a countdown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import TRIAGE_ROLES
from socialguard.cases.kinds import can_see
from socialguard.cases.tables import Case
from socialguard.db.base import utcnow
from socialguard.deps import PackDep, RowId, SessionDep, SettingsDep
from socialguard.errors import InvalidInput
from socialguard.inbox import alerts, service, upload
from socialguard.inbox.routes import alert_of, check_size, ingest
from socialguard.inbox.schemas import ImportResult
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.triage.clock import today_local, working_days_left
from socialguard.triage.deadlines import countdown
from socialguard.web.templating import render

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user(*TRIAGE_ROLES))]


def soonest_deadline(message: InboxMessage) -> InboxRoute | None:
    """The open route of ``message`` with the soonest stated deadline."""
    timed = [r for r in message.routes if r.due_at is not None and r.state == "open"]
    return min(timed, key=lambda r: r.due_at or utcnow(), default=None)


def _inbox_page(request: Request, session: Session, user: User, *, team: str | None,
                open_only: bool, imported: ImportResult | None = None,
                problem: str | None = None, status_code: int = 200) -> Response:
    messages = service.list_messages(session, user=user, team=team or None, open_only=open_only)
    visible = service.visible_messages(user)
    # Every open alert the user can see, whatever the queue filter shows.
    showing = alerts.open_alerts(session, visible)
    batch = None
    if imported is not None:
        batch = service.list_messages(session, user=user, batch=imported.batch)
        showing = [m for m in batch if alert_of(m)] + [m for m in showing if m not in batch]
    now = utcnow()
    return render(request, "inbox/index.html", status_code=status_code, title="Triage inbox",
                  messages=messages, alerts=showing,
                  cleared=alerts.recently_cleared(session, visible, now),
                  teams=service.visible_teams(user.roles), team=team or "",
                  open_only=open_only, imported=imported, batch=batch, problem=problem,
                  alert_of=alert_of, deadlines={m.id: soonest_deadline(m) for m in messages},
                  now=now, countdown=countdown)


@router.get("/inbox")
def inbox(request: Request, session: SessionDep, user: PageUser, team: str | None = None,
          open_only: bool = False) -> Response:
    return _inbox_page(request, session, user, team=team, open_only=open_only)


@router.post("/inbox/import", dependencies=[CsrfDep])
async def inbox_import(request: Request, file: Annotated[UploadFile, File()],
                       session: SessionDep, pack: PackDep, user: PageUser,
                       settings: SettingsDep, background: BackgroundTasks) -> Response:
    data = await file.read()
    try:
        if not data.strip():
            raise InvalidInput("Choose a file of messages to import.")
        messages, problems = upload.parse_upload(data, file.filename, file.content_type)
        check_size(len(messages), settings.batch_limit)
    except InvalidInput as exc:
        return _inbox_page(request, session, user, team=None, open_only=False,
                           problem=exc.message, status_code=422)
    result = ingest(session, background, messages, problems, user, pack)
    return _inbox_page(request, session, user, team=None, open_only=False, imported=result)


@router.get("/inbox/{message_id}")
def message_page(request: Request, message_id: RowId, session: SessionDep, user: PageUser,
                 pack: PackDep) -> Response:
    message = service.get_message(session, user=user, message_id=message_id)
    today = today_local()
    countdowns = {r.id: working_days_left(r.due, today, pack.foi)
                  for r in message.routes if r.due is not None and r.state == "open"}
    return render(request, "inbox/message.html", title=f"Message #{message.id}",
                  message=message, alert=alert_of(message), countdowns=countdowns,
                  acknowledged=alerts.acknowledgements(session, [message]).get(message.id, []),
                  danger=alerts.DANGER, now=utcnow(), countdown=countdown,
                  can_act={r.id: service.route_visible(user, r) for r in message.routes},
                  case_visible={r.id: r.case_id is not None and can_see(
                      user.roles, _case_kind(session, r.case_id)) for r in message.routes})


def _case_kind(session: Session, case_id: int | None) -> str:
    case = session.get(Case, case_id) if case_id is not None else None
    return case.kind if case else ""


@router.post("/inbox/routes/{route_id}", dependencies=[CsrfDep])
def move_page(route_id: RowId, session: SessionDep, user: PageUser,
              to: Annotated[str, Form()]) -> Response:
    route = service.set_route_state(session, user=user, route_id=route_id, to=to)
    session.commit()
    return RedirectResponse(f"/inbox/{route.message_id}", status_code=303)

