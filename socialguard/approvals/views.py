"""Pages of the approvals workflow (/approvals...); the API is in routes.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from starlette.datastructures import FormData, UploadFile
from starlette.responses import RedirectResponse, Response

from socialguard.approvals import exports, service
from socialguard.approvals.schemas import DETAILS, Action, Kind, State, Team
from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.deps import RowId, SessionDep
from socialguard.errors import AppError, Conflict, InvalidInput, NotFound
from socialguard.exports import csv_download, jsonl_download
from socialguard.submission import AgeGroup, Consent
from socialguard.web.captions import MAX_CAPTION_BYTES
from socialguard.web.check_form import VIDEO_CHANNELS
from socialguard.web.templating import render
from socialguard.workflow.audit import trail
from socialguard.workflow.models import AuditEvent

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user())]
PEOPLE_ROWS = 4  # blank rows offered; an edit shows every person stored and one blank row
MAX_PEOPLE = 50  # as VideoDetails.people
ACTION_LABELS = {Action.SUBMIT: "Submit for approval", Action.START_REVIEW: "Start review",
                 Action.APPROVE: "Approve", Action.REJECT: "Reject",
                 Action.REQUEST_CHANGES: "Request changes", Action.WITHDRAW: "Withdraw"}
CHOICES: dict[str, Any] = {"channels": VIDEO_CHANNELS, "age_groups": list(AgeGroup),
           "consents": list(Consent), "kinds": service.KINDS, "people_rows": PEOPLE_ROWS,
           "action_labels": ACTION_LABELS, "team_names": service.TEAM_NAMES}


def _kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise NotFound("There is no such kind of request.") from None


@router.get("/approvals")
def index(request: Request, session: SessionDep, user: PageUser,
          state: str | None = None) -> Response:
    wanted = state if state in {s.value for s in State} else None
    found = service.visible(session, user=user, state=wanted)
    return render(request, "approvals/index.html", title="Approvals", requests=found,
                  reviewer=service.is_reviewer(user), states=list(State), state=wanted,
                  **CHOICES)


# Before /approvals/{request_id}, which would otherwise take "export.csv" for an id.
@router.get("/approvals/export.csv")
def export_csv(session: SessionDep, user: PageUser) -> Response:
    return csv_download(exports.approvals_csv(session, user=user), exports.CSV_FILE)


@router.get("/approvals/audit.jsonl")
def audit_jsonl(session: SessionDep, user: PageUser) -> Response:
    return jsonl_download(exports.audit_jsonl(session, user=user), exports.AUDIT_FILE)


class _Form(BaseModel):
    title: str = ""
    summary: str = ""
    details: dict[str, Any] = {}


def _read_details(kind: Kind, form: FormData) -> dict[str, Any]:
    """Form fields -> the kind's details (validated afterwards by its schema)."""
    model: type[BaseModel] = DETAILS[kind]
    details: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "people":
            continue
        if field.annotation is bool:
            details[name] = form.get(name) is not None
            continue
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            details[name] = value.strip()
        elif name in ("credited_to",):
            details[name] = ""
    if kind is Kind.VIDEO:
        people = []
        for n in range(MAX_PEOPLE):
            row = {key: str(form.get(f"people_{n}_{key}") or "").strip()
                   for key in ("description", "age_group", "consent", "record")}
            if any(row[k] for k in ("description", "age_group", "consent")):
                people.append(row)
        details["people"] = people
    return details


async def _read_captions(form: FormData) -> tuple[str | None, str | None, str | None]:
    """(name, text, problem) of an uploaded captions file; (None, None, None) if none."""
    upload = form.get("captions")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, None, None
    name = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    data = await upload.read(MAX_CAPTION_BYTES + 1)
    if not name.lower().endswith((".vtt", ".srt")):
        return None, None, "Choose a WebVTT (.vtt) or SubRip (.srt) file."
    if len(data) > MAX_CAPTION_BYTES:
        return None, None, "The captions file is over 1 MB."
    try:
        return name, data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, None, "The captions file is not UTF-8 text."


def _field_id(location: str) -> str:
    return location.replace(".", "_")


def _form_page(request: Request, kind: Kind, *, values: _Form, problems: dict[str, str],
               req: ApprovalRequest | None = None, status: int | None = None) -> Response:
    people = values.details.get("people") or []
    channel = str(values.details.get("channel") or service.CORPORATE_CHANNEL)
    return render(request, "approvals/form.html",
                  status_code=status or (422 if problems else 200),
                  title=(f"Edit request #{req.id}" if req else
                         "New request: " + service.KINDS[kind].title.lower()),
                  kind=kind, info=service.KINDS[kind], values=values, problems=problems,
                  req=req, field_id=_field_id,
                  failing=service.failing(req) if req else [],
                  **{**CHOICES,
                     # Every person stored, and a blank row to add one (up to the limit).
                     "people_rows": min(MAX_PEOPLE, max(PEOPLE_ROWS, len(people) + 1)),
                     # A channel given through the API is kept, not silently replaced.
                     "channels": VIDEO_CHANNELS + (() if channel in VIDEO_CHANNELS
                                                   else (channel,))})


@router.get("/approvals/new/{kind}")
def new_form(request: Request, kind: str, user: PageUser) -> Response:
    chosen = _kind(kind)
    return _form_page(request, chosen, values=_Form(), problems={})


async def _submitted(request: Request, kind: Kind) -> tuple[_Form, dict[str, str],
                                                             tuple[str | None, str | None]]:
    form = await request.form()
    values = _Form(title=str(form.get("title") or "").strip(),
                   summary=str(form.get("summary") or "").strip()[:2000],
                   details=_read_details(kind, form))
    problems: dict[str, str] = {}
    if not values.title:
        problems["title"] = "Give the request a title."
    elif len(values.title) > 200:
        problems["title"] = "Keep the title to 200 characters."
    try:
        service.validate_details(kind, values.details)
    except service.DetailsInvalid as exc:
        problems.update({_field_id(k): v for k, v in exc.problems.items()})
    name, text, problem = await _read_captions(form) if kind is Kind.VIDEO else (None, None,
                                                                                  None)
    if not problem and name is not None:
        try:
            service.check_captions(name, text)
        except InvalidInput as exc:
            problem = exc.message.removeprefix("captions: ")
    if problem:
        problems["captions"] = problem
    return values, problems, (name, text)


@router.post("/approvals/new/{kind}", dependencies=[CsrfDep])
async def create(request: Request, kind: str, session: SessionDep, user: PageUser) -> Response:
    chosen = _kind(kind)
    values, problems, (name, text) = await _submitted(request, chosen)
    if problems:
        return _form_page(request, chosen, values=values, problems=problems)
    submit = (await request.form()).get("intent") == "submit"
    req = service.create(session, actor=user, kind=chosen, title=values.title,
                         summary=values.summary, details=values.details, captions_name=name,
                         captions_text=text, submit=submit)
    session.commit()  # before the redirect: the next request must see it
    return RedirectResponse(f"/approvals/{req.id}", status_code=303)


@router.get("/approvals/{request_id}/edit")
def edit_form(request: Request, request_id: RowId, session: SessionDep,
              user: PageUser) -> Response:
    req = service.get_visible(session, user=user, request_id=request_id)
    refusal = service.edit_refusal(req, user)
    if isinstance(refusal, Conflict):  # say why, on the request's own page
        return _detail_page(request, session, user, req, error=refusal.message, status=409)
    if refusal is not None:
        raise refusal
    values = _Form(title=req.title, summary=req.summary, details=req.details)
    return _form_page(request, Kind(req.kind), values=values, problems={}, req=req)


@router.post("/approvals/{request_id}/edit", dependencies=[CsrfDep])
async def edit(request: Request, request_id: RowId, session: SessionDep,
               user: PageUser) -> Response:
    req = service.get_visible(session, user=user, request_id=request_id, lock=True)
    refusal = service.edit_refusal(req, user)
    if isinstance(refusal, Conflict):  # e.g. a reviewer started the review meanwhile
        return _detail_page(request, session, user, req, error=refusal.message, status=409)
    if refusal is not None:
        raise refusal
    kind = Kind(req.kind)
    values, problems, (name, text) = await _submitted(request, kind)
    if problems:
        return _form_page(request, kind, values=values, problems=problems, req=req)
    submit = (await request.form()).get("intent") == "submit"
    try:
        service.update(session, req=req, actor=user, title=values.title,
                       summary=values.summary, details=values.details, captions_name=name,
                       captions_text=text, submit=submit)
    except AppError as exc:
        if exc.status not in (409, 422):
            raise
        session.rollback()
        req = service.get_visible(session, user=user, request_id=request_id)
        return _form_page(request, kind, values=values, problems={"request": exc.message},
                          req=req, status=exc.status)
    session.commit()  # before the redirect: the next request must see it
    return RedirectResponse(f"/approvals/{req.id}?saved={'submitted' if submit else 'edit'}",
                            status_code=303)


def _changes_asked(history: list[AuditEvent]) -> AuditEvent | None:
    """The reviewer's latest request for changes, if that is where the request stands."""
    for event in reversed(history):
        if event.action == "transition":
            return event if event.to_state == State.CHANGES_REQUESTED else None
    return None


def _detail_page(request: Request, session: SessionDep, user: User, req: ApprovalRequest,
                 *, error: str | None = None, status: int = 200,
                 saved: str | None = None) -> Response:
    history = trail(session, entity_type=service.ENTITY, entity_id=req.id)
    mine = req.requester_id == user.id
    refusal = service.edit_refusal(req, user)
    return render(request, "approvals/detail.html", status_code=status, title=req.title,
                  req=req, info=service.KINDS[Kind(req.kind)], checks=service.checks(req),
                  actions=service.actions_for(req, user), waiting=service.waiting_for(req),
                  history=history, mine=mine, editable=refusal is None,
                  edit_note=refusal.message if refusal is not None else None,
                  changes_asked=_changes_asked(history) if mine else None,
                  is_admin="admin" in user.roles, error=error, saved=saved, **CHOICES)


@router.get("/approvals/{request_id}")
def detail(request: Request, request_id: RowId, session: SessionDep, user: PageUser,
           saved: str | None = None) -> Response:
    req = service.get_visible(session, user=user, request_id=request_id)
    return _detail_page(request, session, user, req,
                        saved=saved if saved in ("edit", "submitted") else None)


@router.post("/approvals/{request_id}/action", dependencies=[CsrfDep])
async def action(request: Request, request_id: RowId, session: SessionDep,
                 user: PageUser) -> Response:
    req = service.get_visible(session, user=user, request_id=request_id)
    form = await request.form()
    try:
        chosen = Action(str(form.get("action") or ""))
        team_value = str(form.get("team") or "")
        team = Team(team_value) if team_value else None
    except ValueError:
        raise InvalidInput("Choose one of the actions on the page.") from None
    try:
        service.act(session, req=req, actor=user, action=chosen,
                    reason=str(form.get("reason") or "")[:2000], team=team)
    except AppError as exc:
        if exc.status not in (409, 422):
            raise
        session.rollback()
        req = service.get_visible(session, user=user, request_id=request_id)
        return _detail_page(request, session, user, req, error=exc.message, status=exc.status)
    session.commit()
    return RedirectResponse(f"/approvals/{req.id}", status_code=303)


@router.post("/approvals/{request_id}/comments", dependencies=[CsrfDep])
async def add_comment(request: Request, request_id: RowId, session: SessionDep,
                      user: PageUser) -> Response:
    req = service.get_visible(session, user=user, request_id=request_id)
    body = str((await request.form()).get("body") or "").strip()[:5000]
    if not body:
        return _detail_page(request, session, user, req, error="Write a comment first.",
                            status=422)
    service.comment(session, req=req, actor=user, body=body)
    session.commit()
    return RedirectResponse(f"/approvals/{req.id}#comments", status_code=303)
