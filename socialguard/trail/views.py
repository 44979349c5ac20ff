"""GET /cases/audit.jsonl: the same trail as the API, for a signed-in browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from socialguard.auth.deps import page_user
from socialguard.auth.models import User
from socialguard.deps import SessionDep
from socialguard.exports import jsonl_download
from socialguard.trail.exports import AUDIT_FILE, audit_jsonl

router = APIRouter(include_in_schema=False)
PageUser = Annotated[User, Depends(page_user())]


@router.get("/cases/audit.jsonl")
def audit_page(session: SessionDep, user: PageUser) -> Response:
    return jsonl_download(audit_jsonl(session, user=user), AUDIT_FILE)
