"""Pages of the official accounts register (comms and admin); the API is in ``routes.py``.

/accounts                 register and dashboard: due for review or closure first, charts
/accounts/new             the business case form
/accounts/{id}            detail: approval buttons, import form, audit history, charts
/accounts/{id}/close      mark it closed: a reason, then a confirmation step
/accounts/{id}/reopen     undo a closure, with a reason
/accounts/export.csv      the register as CSV
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.responses import RedirectResponse, Response

from socialguard.accounts import service
from socialguard.accounts.charts import followers_chart, posts_chart
from socialguard.accounts.models import Post
from socialguard.accounts.routes import export_filename, import_uploads
from socialguard.accounts.schemas import (
    PLATFORMS,
    AccountCreate,
    AccountUpdate,
    CloseRequest,
    ReopenRequest,
)
from socialguard.accounts.tables import ApprovalState, OfficialAccount
from socialguard.accounts.upload import Upload
from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.errors import Conflict, InvalidInput
from socialguard.exports import csv_download
from socialguard.web.templating import render

router = APIRouter(prefix="/accounts", include_in_schema=False)
Manager = Annotated[User, Depends(page_user(*service.MANAGER_ROLES))]
TEXT_FIELDS = ("ref", "platform", "handle", "owner", "programme", "programme_status",
               "created_at", "followers", "objectives_kpis", "content_plan", "user_need",
               "resourcing")
FORMATS = (("x", "X (Twitter) archive: tweets.js, optionally follower.js"),
           ("facebook", "Facebook Page insights CSV"),
           ("youtube", "YouTube Analytics CSV (Table data.csv)"),
           ("jsonl", "JSON Lines (spec §3)"))


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("")
def dashboard(request: Request, session: SessionDep, _user: Manager,
              audited: str | None = None) -> Response:
    accounts = service.list_accounts(session)
    all_posts = [Post(at=p.at, original=p.original) for a in accounts for p in a.posts]
    chart = posts_chart(all_posts, end=_today(), title="Posts per week, all accounts")
    return render(request, "accounts/index.html", title="Official accounts",
                  accounts=accounts, due=service.due(accounts), chart=chart,
                  audited=audited, states=service.STATE_LABELS,
                  business_case=service.business_case_status)


@router.get("/export.csv")
def export_csv(session: SessionDep, _user: Manager) -> Response:
    return csv_download(service.export_csv(session), export_filename())


@router.post("/audit", dependencies=[CsrfDep])
def run_audit(session: SessionDep, pack: PackDep, user: Manager) -> Response:
    summary = service.audit_all(session, as_of=_today(), criteria=pack.closure_criteria,
                                actor=user)
    session.commit()
    return RedirectResponse(f"/accounts?audited={summary.as_of.isoformat()}#due",
                            status_code=303)


@router.get("/new")
def new_form(request: Request, _user: Manager) -> Response:
    return _new_page(request, {"programme_status": "active", "followers": "0"}, [])


def _new_page(request: Request, values: dict[str, Any], problems: list[tuple[str, str]],
              status: int = 200) -> Response:
    return render(request, "accounts/new.html", status_code=status,
                  title="Register an official account", values=values, problems=problems,
                  platforms=PLATFORMS)


@router.post("/new", dependencies=[CsrfDep])
async def create(request: Request, session: SessionDep, user: Manager) -> Response:
    form = await request.form()
    values: dict[str, Any] = {name: _text(form, name) for name in TEXT_FIELDS}
    for flag in ("checked_several_times_daily", "not_internal"):
        values[flag] = form.get(flag) == "yes"
    data = {k: v for k, v in values.items() if v != "" or k in ("objectives_kpis",)}
    try:
        created = AccountCreate.model_validate(data)
    except ValidationError as exc:
        problems = [(str(err["loc"][0]) if err["loc"] else "form",
                     str(err["msg"]).removeprefix("Value error, ")) for err in exc.errors()]
        return _new_page(request, values, problems, status=422)
    try:
        account = service.create_account(session, data=created, actor=user)
    except Conflict as exc:
        return _new_page(request, values, [("ref", exc.message)], status=409)
    session.commit()  # before the browser follows the redirect
    return RedirectResponse(f"/accounts/{account.id}", status_code=303)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _detail(request: Request, session: Session, account: OfficialAccount, user: User, *,
            problem: str | None = None, notice: str | None = None,
            status: int = 200, open_form: str | None = None) -> Response:
    spec = service.to_spec(account)
    return render(request, "accounts/detail.html", status_code=status,
                  title=f"{account.handle} ({account.platform})", account=account,
                  problem=problem, notice=notice, formats=FORMATS,
                  moves=service.next_moves(account, user.roles),
                  states=service.STATE_LABELS, business_case=service.business_case_status(account),
                  missing=service.missing_for_submission(account),
                  posts=posts_chart(spec.posts, end=_today()),
                  followers=followers_chart(spec.followers_history),
                  history=service.history(session, account=account), today=_today(),
                  open_form=open_form)


def _account(session: Session, account_id: int) -> OfficialAccount:
    return service.get_account(session, account_id=account_id)


@router.get("/{account_id}")
def detail(request: Request, account_id: RowId, session: SessionDep, user: Manager,
           done: str | None = None) -> Response:
    notices = {"imported": "The export was imported.", "audited": "The audit ran.",
               "moved": "The approval was recorded.", "updated": "The changes were saved.",
               "closed": "The account is recorded as closed: it is no longer audited.",
               "reopened": "The account is open again: the next audit includes it."}
    return _detail(request, session, _account(session, account_id), user,
                   notice=notices.get(done or ""))


@router.post("/{account_id}/transition", dependencies=[CsrfDep])
async def move(request: Request, account_id: RowId, session: SessionDep,
               user: Manager) -> Response:
    account = _account(session, account_id)
    form = await request.form()
    try:
        to = ApprovalState(_text(form, "to"))
    except ValueError:
        raise InvalidInput("Unknown approval step.") from None
    try:
        service.transition(session, account=account, to=to, actor=user,
                           reason=_text(form, "reason"))
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        account = _account(session, account_id)
        return _detail(request, session, account, user, problem=exc.message, status=exc.status)
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=moved", status_code=303)


@router.post("/{account_id}/import", dependencies=[CsrfDep])
async def import_file(request: Request, account_id: RowId, session: SessionDep,
                      user: Manager) -> Response:
    account = _account(session, account_id)
    form = await request.form()
    uploads = [Upload(f.filename or "upload", await f.read())
               for f in form.getlist("files") if isinstance(f, UploadFile)]
    followers_text = _text(form, "followers")
    try:
        if followers_text and not (followers_text.isdigit() and len(followers_text) < 10):
            raise InvalidInput("Followers must be a whole number, 0 or more.")
        import_uploads(session, account=account, fmt=_text(form, "format"), uploads=uploads,
                       followers=int(followers_text) if followers_text else None, user=user)
    except InvalidInput as exc:
        session.rollback()
        account = _account(session, account_id)
        return _detail(request, session, account, user, problem=exc.message, status=422)
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=imported#activity", status_code=303)


@router.post("/{account_id}/audit", dependencies=[CsrfDep])
def audit_one(request: Request, account_id: RowId, session: SessionDep, pack: PackDep,
              user: Manager) -> Response:
    account = _account(session, account_id)
    try:
        service.audit_one(session, account=account, as_of=_today(),
                          criteria=pack.closure_criteria, actor=user)
    except Conflict as exc:  # closed meanwhile
        return _detail(request, session, account, user, problem=exc.message, status=exc.status)
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=audited#audit", status_code=303)


@router.post("/{account_id}/update", dependencies=[CsrfDep])
async def update(request: Request, account_id: RowId, session: SessionDep,
                 user: Manager) -> Response:
    account = _account(session, account_id)
    form = await request.form()
    values = {name: _text(form, name) for name in ("owner", "programme", "programme_status",
                                                   "followers")}
    try:
        data = AccountUpdate.model_validate({k: v for k, v in values.items()
                                             if v or k in ("owner", "programme")})
    except ValidationError as exc:
        problem = "; ".join(f"{err['loc'][0]}: {err['msg']}" for err in exc.errors())
        return _detail(request, session, account, user, problem=problem, status=422)
    service.update_account(session, account=account, data=data, actor=user)
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=updated", status_code=303)


FIELD_NAMES = {"reason": "Reason", "closed_on": "Date closed"}


def _problem(exc: ValidationError) -> str:
    return "; ".join(f"{FIELD_NAMES.get(str(err['loc'][0]), err['loc'][0])}: "
                     + str(err["msg"]).removeprefix("Value error, ")
                     for err in exc.errors() if err["loc"])


@router.post("/{account_id}/close", dependencies=[CsrfDep])
async def close(request: Request, account_id: RowId, session: SessionDep,
                user: Manager) -> Response:
    """First post: check the reason and date, then ask to confirm; ``confirm=yes`` records."""
    account = _account(session, account_id)
    form = await request.form()
    reason, day_text = _text(form, "reason"), _text(form, "closed_on")
    try:
        if not reason:
            raise InvalidInput("Say why the account is closed.")
        try:
            data = CloseRequest.model_validate({"reason": reason, "closed_on": day_text or None})
        except ValidationError as exc:
            raise InvalidInput(_problem(exc)) from None
        reason, day = service.check_close(account, reason=data.reason,
                                          closed_on=data.closed_on)
        if _text(form, "confirm") != "yes":
            return render(request, "accounts/close_confirm.html",
                          title=f"Confirm: close {account.handle}", account=account,
                          reason=reason, day=day)
        service.close_account(session, account=account, actor=user, reason=reason,
                              closed_on=day)
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        account = _account(session, account_id)
        return _detail(request, session, account, user, problem=exc.message, status=exc.status,
                       open_form="close")
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=closed#closure", status_code=303)


@router.post("/{account_id}/reopen", dependencies=[CsrfDep])
async def reopen(request: Request, account_id: RowId, session: SessionDep,
                 user: Manager) -> Response:
    account = _account(session, account_id)
    form = await request.form()
    reason = _text(form, "reason")
    try:
        if not reason:
            raise InvalidInput("Say why the account is reopened.")
        try:
            data = ReopenRequest.model_validate({"reason": reason})
        except ValidationError as exc:
            raise InvalidInput(_problem(exc)) from None
        service.reopen_account(session, account=account, actor=user, reason=data.reason)
    except (InvalidInput, Conflict) as exc:
        session.rollback()
        account = _account(session, account_id)
        return _detail(request, session, account, user, problem=exc.message, status=exc.status,
                       open_form="reopen")
    session.commit()
    return RedirectResponse(f"/accounts/{account_id}?done=reopened#closure", status_code=303)
