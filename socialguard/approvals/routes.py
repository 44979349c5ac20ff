"""REST API of the approvals workflow: /api/v1/approvals (bearer tokens, the one error shape)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session
from starlette.responses import Response

from socialguard.approvals import exports, service
from socialguard.approvals.schemas import (
    ActionIn,
    ApprovalCreate,
    ApprovalPublic,
    ApprovalUpdate,
    CheckPublic,
    CommentIn,
    CommentPublic,
    HistoryPublic,
    Kind,
    SignoffPublic,
    State,
)
from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.deps import RowId, SessionDep
from socialguard.errors import InvalidInput
from socialguard.exports import CSV_RESPONSE, JSONL_RESPONSE, csv_download, jsonl_download
from socialguard.web.errors import error_responses
from socialguard.workflow.audit import trail

router = APIRouter(prefix="/api/v1/approvals", tags=["approvals"],
                   # What any request may get besides its own answers: a body that is not
                   # JSON (400), too large (413) or not valid (422), no token (401), no role (403).
                   responses=error_responses(400, 401, 403, 413, 415, 422))
ApiUser = Annotated[User, Depends(api_user())]


def to_public(session: Session, req: ApprovalRequest, user: User) -> ApprovalPublic:
    return ApprovalPublic(
        id=req.id, kind=Kind(req.kind), title=req.title, summary=req.summary,
        state=State(req.state), requester=req.requester, details=req.details,
        captions_name=req.captions_name, created_at=req.created_at, updated_at=req.updated_at,
        checks=[CheckPublic(key=c.key, label=c.label, passed=c.passed, detail=c.detail,
                            section=c.section, fix=c.fix) for c in service.checks(req)],
        teams_needed=[t.value for t in service.KINDS[Kind(req.kind)].teams],
        signoffs=[SignoffPublic(team=s.team, by=s.by, at=s.at, note=s.note)
                  for s in req.signoffs],
        comments=[CommentPublic(author=c.author, body=c.body, at=c.at) for c in req.comments],
        history=[HistoryPublic(at=e.at, actor=e.actor, action=e.action, from_state=e.from_state,
                               to_state=e.to_state, reason=e.reason)
                 for e in trail(session, entity_type=service.ENTITY, entity_id=req.id)],
        editable=service.can_edit(req, user))


@router.get("", response_model=list[ApprovalPublic], summary="Requests you may see",
            responses=error_responses(401, 403))
def list_requests(session: SessionDep, user: ApiUser,
                  state: State | None = None) -> list[ApprovalPublic]:
    found = service.visible(session, user=user, state=state.value if state else None)
    return [to_public(session, r, user) for r in found]


@router.post("", response_model=ApprovalPublic, status_code=201,
             summary="Raise a request (blog, video, survey, collaboration space)",
             responses=error_responses(401, 403, 409, 422))
def create_request(body: ApprovalCreate, session: SessionDep, user: ApiUser) -> ApprovalPublic:
    if body.captions is not None and body.kind is not Kind.VIDEO:
        raise InvalidInput("captions: only a video request takes a captions file")
    req = service.create(session, actor=user, kind=body.kind, title=body.title,
                         summary=body.summary, details=body.details,
                         captions_name=body.captions.name if body.captions else None,
                         captions_text=body.captions.content if body.captions else None,
                         submit=body.submit)
    session.commit()  # before answering: the caller's next request must see it
    return to_public(session, req, user)


# Declared before /{request_id}, which would otherwise take "export.csv" for an id.
@router.get("/export.csv", summary="Requests you may see, as CSV", response_class=Response,
            responses={**error_responses(401, 403), **CSV_RESPONSE})
def export_csv(session: SessionDep, user: ApiUser) -> Response:
    return csv_download(exports.approvals_csv(session, user=user), exports.CSV_FILE)


@router.get("/audit.jsonl", summary="Audit trail of the requests you may see, JSON Lines",
            response_class=Response, responses={**error_responses(401, 403), **JSONL_RESPONSE})
def audit_jsonl(session: SessionDep, user: ApiUser) -> Response:
    return jsonl_download(exports.audit_jsonl(session, user=user), exports.AUDIT_FILE)


@router.get("/{request_id}", response_model=ApprovalPublic, summary="One request",
            responses=error_responses(401, 403, 404))
def get_request(request_id: RowId, session: SessionDep, user: ApiUser) -> ApprovalPublic:
    return to_public(session, service.get_visible(session, user=user, request_id=request_id),
                     user)


@router.patch("/{request_id}", response_model=ApprovalPublic,
              summary="Change a request (requester only): a draft, one sent back for changes, "
                      "or a submitted one whose checks fail",
              description="Not once a reviewer has started the review (409), nor when it is "
                          "submitted with every check passing, approved, rejected or "
                          "withdrawn (409); only the requester (403). The checks run again; "
                          "`submit: true` then resubmits it.",
              responses=error_responses(401, 403, 404, 409, 422))
def update_request(request_id: RowId, body: ApprovalUpdate, session: SessionDep,
                   user: ApiUser) -> ApprovalPublic:
    req = service.get_visible(session, user=user, request_id=request_id, lock=True)
    refusal = service.edit_refusal(req, user)
    if refusal is not None:  # before the body's own problems: it cannot be changed at all
        raise refusal
    if body.captions is not None and req.kind != Kind.VIDEO:
        raise InvalidInput("captions: only a video request takes a captions file")
    service.update(session, req=req, actor=user, title=body.title, summary=body.summary,
                   details=body.details,
                   captions_name=body.captions.name if body.captions else None,
                   captions_text=body.captions.content if body.captions else None,
                   submit=body.submit)
    session.commit()  # before answering: the caller's next request must see it
    return to_public(session, req, user)


@router.post("/{request_id}/actions", response_model=ApprovalPublic,
             summary="Submit, start review, approve (sign off), reject, request changes, withdraw",
             responses=error_responses(401, 403, 404, 409, 422))
def act(request_id: RowId, body: ActionIn, session: SessionDep, user: ApiUser) -> ApprovalPublic:
    req = service.get_visible(session, user=user, request_id=request_id)
    service.act(session, req=req, actor=user, action=body.action, reason=body.reason,
                team=body.team)
    session.commit()  # before answering: the caller's next request must see it
    return to_public(session, req, user)


@router.post("/{request_id}/comments", response_model=ApprovalPublic, status_code=201,
             summary="Comment on a request", responses=error_responses(401, 403, 404, 422))
def add_comment(request_id: RowId, body: CommentIn, session: SessionDep,
                user: ApiUser) -> ApprovalPublic:
    req = service.get_visible(session, user=user, request_id=request_id)
    service.comment(session, req=req, actor=user, body=body.body)
    session.commit()  # before answering: the caller's next request must see it
    return to_public(session, req, user)
