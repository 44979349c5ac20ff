"""REST API of the official accounts register: /api/v1/accounts (comms and admin only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import Response

from socialguard.accounts import service
from socialguard.accounts.schemas import (
    MAX_COUNT,
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    AuditRequest,
    AuditRunPublic,
    AuditSummary,
    CloseRequest,
    ImportFormat,
    ImportResult,
    ReopenRequest,
    TransitionRequest,
)
from socialguard.accounts.tables import OfficialAccount
from socialguard.accounts.upload import Upload, read_upload
from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.deps import PackDep, RowId, SessionDep
from socialguard.exports import CSV_RESPONSE, csv_download
from socialguard.web.errors import error_responses

router = APIRouter(prefix="/api/v1/accounts", tags=["accounts"])
Manager = Annotated[User, Depends(api_user(*service.MANAGER_ROLES))]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    # What any request here may get (a body that is not JSON, no token, no role, too large,
    # not valid) and the route's own.
    return error_responses(400, 401, 403, 413, 422, *statuses)


def public(account: OfficialAccount) -> AccountPublic:
    data = {name: getattr(account, name) for name in AccountPublic.model_fields
            if name != "business_case"}
    return AccountPublic.model_validate({**data,
                                         "business_case": service.business_case_status(account)})


@router.get("", response_model=list[AccountPublic], summary="The register, due accounts first",
            responses=_errors())
def list_accounts(session: SessionDep, _user: Manager) -> list[AccountPublic]:
    return [public(a) for a in service.list_accounts(session)]


@router.post("", response_model=AccountPublic, status_code=201, responses=_errors(409),
             summary="Register an account with its business case (as a draft)")
def create_account(data: AccountCreate, session: SessionDep, user: Manager) -> AccountPublic:
    account = service.create_account(session, data=data, actor=user)
    session.commit()  # before answering: a failed commit must not look like a success
    return public(account)


@router.get("/export.csv", summary="The register as CSV",
            responses={**_errors(), **CSV_RESPONSE}, response_class=Response)
def export_csv(session: SessionDep, _user: Manager) -> Response:
    return csv_download(service.export_csv(session), export_filename())


def export_filename() -> str:
    return f"official-accounts-{datetime.now(UTC):%Y%m%d}.csv"


@router.post("/audit", response_model=AuditSummary, responses=_errors(),
             summary="Run the §10.1 closure-criteria audit on every open account now")
def audit_all(session: SessionDep, pack: PackDep, user: Manager,
              data: AuditRequest | None = None) -> AuditSummary:
    as_of = (data.as_of if data else None) or datetime.now(UTC).date()
    summary = service.audit_all(session, as_of=as_of, criteria=pack.closure_criteria,
                                actor=user)
    session.commit()
    return summary


@router.get("/{account_id}", response_model=AccountPublic, responses=_errors(404))
def get_account(account_id: RowId, session: SessionDep, _user: Manager) -> AccountPublic:
    return public(service.get_account(session, account_id=account_id))


@router.patch("/{account_id}", response_model=AccountPublic, responses=_errors(404),
              summary="Change the owner, programme, programme status or follower count")
def update_account(account_id: RowId, data: AccountUpdate, session: SessionDep,
                   user: Manager) -> AccountPublic:
    account = service.get_account(session, account_id=account_id)
    service.update_account(session, account=account, data=data, actor=user)
    session.commit()
    return public(account)


@router.post("/{account_id}/transition", response_model=AccountPublic,
             responses=_errors(404, 409),
             summary="Move the business case: submit, approve (comms, then Director), return",
             description="409 if the move is not allowed from the current state, or the "
                         "account is closed.")
def transition(account_id: RowId, data: TransitionRequest, session: SessionDep,
               user: Manager) -> AccountPublic:
    account = service.get_account(session, account_id=account_id)
    service.transition(session, account=account, to=data.to, actor=user, reason=data.reason)
    session.commit()
    return public(account)


@router.post("/{account_id}/close", response_model=AccountPublic, responses=_errors(404, 409),
             summary="Record that the account was closed on its platform (with why)")
def close(account_id: RowId, data: CloseRequest, session: SessionDep,
          user: Manager) -> AccountPublic:
    """The account leaves the daily audit and the "due" list and takes no approval moves;
    the register and its CSV show it as closed: the day, who recorded it and why. 409 if
    it is already closed; 422 without a reason, or with a day in the future or before
    the account was opened."""
    account = service.get_account(session, account_id=account_id)
    service.close_account(session, account=account, actor=user, reason=data.reason,
                          closed_on=data.closed_on)
    session.commit()
    return public(account)


@router.post("/{account_id}/reopen", response_model=AccountPublic, responses=_errors(404, 409),
             summary="Undo a closure (with why): the account is audited again")
def reopen(account_id: RowId, data: ReopenRequest, session: SessionDep,
           user: Manager) -> AccountPublic:
    """409 if the account is not closed; 422 without a reason."""
    account = service.get_account(session, account_id=account_id)
    service.reopen_account(session, account=account, actor=user, reason=data.reason)
    session.commit()
    return public(account)


@router.post("/{account_id}/import", response_model=ImportResult, responses=_errors(404),
             summary="Import a platform export: X tweets.js, Facebook CSV, YouTube CSV, "
                     "spec §3 JSON Lines")
async def import_export(account_id: RowId, session: SessionDep, user: Manager,
                        files: Annotated[list[UploadFile], File(description="Export files")],
                        format: Annotated[ImportFormat, Query()],
                        followers: Annotated[int | None, Form(ge=0, le=MAX_COUNT)] = None,
                        ) -> ImportResult:
    account = service.get_account(session, account_id=account_id)
    uploads = [Upload(f.filename or "upload", await f.read()) for f in files]
    return import_uploads(session, account=account, fmt=format, uploads=uploads,
                          followers=followers, user=user)


def import_uploads(session: Session, *, account: OfficialAccount, fmt: str,
                   uploads: list[Upload], followers: int | None, user: User) -> ImportResult:
    imported = read_upload(fmt, uploads, ref=account.ref, followers=followers,
                           current_followers=account.followers)
    result = service.apply_activity(session, account=account, activity=imported.activity,
                                    fmt=fmt, files=[u.filename for u in uploads], actor=user,
                                    followers=imported.followers)
    session.commit()
    return ImportResult(account_id=account.id, **result)


@router.post("/{account_id}/audit", response_model=AuditRunPublic,
             responses=_errors(404, 409),
             summary="Run the §10.1 audit on one account now (409 if it is closed)")
def audit_one(account_id: RowId, session: SessionDep, pack: PackDep, user: Manager,
              data: AuditRequest | None = None) -> AuditRunPublic:
    account = service.get_account(session, account_id=account_id)
    as_of = (data.as_of if data else None) or datetime.now(UTC).date()
    service.audit_one(session, account=account, as_of=as_of, criteria=pack.closure_criteria,
                      actor=user)
    session.commit()
    session.refresh(account)
    return AuditRunPublic.model_validate(account.audits[0])


@router.get("/{account_id}/audits", response_model=list[AuditRunPublic], responses=_errors(404),
            summary="Every audit of one account, newest first")
def audits(account_id: RowId, session: SessionDep, _user: Manager) -> list[AuditRunPublic]:
    account = service.get_account(session, account_id=account_id)
    return [AuditRunPublic.model_validate(run) for run in account.audits]
