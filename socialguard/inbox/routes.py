"""REST API of the inbox workflow (/api/v1/inbox) and the presenters the pages share.

Post one message, import a file, list, read, mark a queue item done. Any team that handles
inbound messages may import (``TRIAGE_ROLES``); each sees the messages routed to its queues
and those it imported.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, UploadFile
from sqlalchemy.orm import Session

from socialguard.api.schemas import InboundMessage
from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.auth.roles import TRIAGE_ROLES
from socialguard.cases.notify import send
from socialguard.deps import PackDep, RowId, SessionDep, SettingsDep
from socialguard.errors import InvalidInput
from socialguard.inbox import alerts, service, upload
from socialguard.inbox.schemas import (
    AcknowledgementPublic,
    ImportProblem,
    ImportResult,
    MessagePublic,
    RoutePublic,
)
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.policy.schema import PolicyPack
from socialguard.web.errors import error_responses

router = APIRouter(prefix="/api/v1/inbox", tags=["inbox"])

ApiUser = Annotated[User, Depends(api_user(*TRIAGE_ROLES))]
ERRORS = error_responses(400, 401, 403, 404, 409, 413, 415, 422)


def alert_of(message: InboxMessage) -> str | None:
    """The 999 instruction while the message's alert shows (not once it is cleared)."""
    danger = [r for r in message.routes if r.label == alerts.DANGER and not alerts.cleared(r)]
    return danger[0].instruction if danger else None


def route_public(r: InboxRoute) -> RoutePublic:
    return RoutePublic(id=r.id, label=r.label, team=r.team, team_name=r.team_name,
                       urgency=r.urgency, instruction=r.instruction, due=r.due, due_at=r.due_at,
                       due_phrase=r.due_phrase, due_passed_at_receipt=r.due_passed_at_receipt,
                       state=r.state, report_url=r.report_url, case_id=r.case_id)


def public(message: InboxMessage,
           acknowledged: list[alerts.Acknowledgement] | None = None) -> MessagePublic:
    return MessagePublic(
        id=message.id, external_id=message.external_id, platform=message.platform,
        author_name=message.author_name, text=message.text, received_at=message.received_at,
        labels=list(message.labels), urgency=message.urgency, batch=message.batch,
        alert=alert_of(message),
        alert_acknowledged=[AcknowledgementPublic(who=a.who, at=a.at, how=a.how)
                            for a in acknowledged or []],
        routes=[route_public(r) for r in message.routes])


def ingest(session: Session, background: BackgroundTasks, messages: list[InboundMessage],
            problems: list[upload.Problem], user: User, pack: PolicyPack) -> ImportResult:
    result = service.ingest(session, messages=messages, user=user, pack=pack)
    session.commit()
    background.add_task(send, result.notices)
    return ImportResult(
        batch=result.batch, imported=len(result.messages), duplicates=result.duplicates,
        problems=[ImportProblem(line=p.line, message=p.message, summary=p.summary)
                  for p in problems],
        alerts=[f"message #{m.id}: {alert}" for m in result.messages
                if (alert := alert_of(m)) is not None],
        messages=[public(m) for m in result.messages])


def check_size(count: int, limit: int) -> None:
    if count > limit:
        raise InvalidInput(f"At most {limit} messages per import; this file has {count}.")


@router.post("/messages", status_code=201, response_model=ImportResult, responses=ERRORS,
          summary="Store, label and route one inbound message")
def post_message(message: InboundMessage, session: SessionDep, pack: PackDep, user: ApiUser,
                 background: BackgroundTasks) -> ImportResult:
    wrong = upload.received_problem(message)
    if wrong:
        raise InvalidInput(f"received_at: {wrong}")
    return ingest(session, background, [message], [], user, pack)


@router.post("/import", status_code=201, response_model=ImportResult, responses=ERRORS,
          summary="Import a JSON Lines or CSV file of inbound messages")
async def import_file(file: Annotated[UploadFile, File(description="JSON Lines or CSV")],
                      session: SessionDep, pack: PackDep, user: ApiUser,
                      settings: SettingsDep, background: BackgroundTasks) -> ImportResult:
    data = await file.read()
    messages, problems = upload.parse_upload(data, file.filename, file.content_type)
    check_size(len(messages), settings.batch_limit)
    return ingest(session, background, messages, problems, user, pack)


@router.get("/messages", response_model=list[MessagePublic], responses=ERRORS,
         summary="Messages in your queues (open deadlines soonest first, then newest first)")
def list_api(session: SessionDep, user: ApiUser, team: str | None = None,
             open_only: bool = False, batch: str | None = None) -> list[MessagePublic]:
    found = service.list_messages(session, user=user, team=team, open_only=open_only,
                                  batch=batch)
    acks = alerts.acknowledgements(session, found)
    return [public(m, acks.get(m.id)) for m in found]


@router.get("/messages/{message_id}", response_model=MessagePublic, responses=ERRORS)
def get_api(message_id: RowId, session: SessionDep, user: ApiUser) -> MessagePublic:
    message = service.get_message(session, user=user, message_id=message_id)
    return public(message, alerts.acknowledgements(session, [message]).get(message.id))


@router.post("/routes/{route_id}/{to}", response_model=RoutePublic, responses=ERRORS,
          summary="Mark a queue item done (or open again); done clears a 999 alert")
def move_api(route_id: RowId, to: str, session: SessionDep, user: ApiUser) -> RoutePublic:
    route = service.set_route_state(session, user=user, route_id=route_id, to=to)
    session.commit()
    return route_public(route)
