"""GET /api/v1/cases/audit.jsonl: the trail of cases and inbox messages you can see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.deps import SessionDep
from socialguard.exports import JSONL_RESPONSE, jsonl_download
from socialguard.trail.exports import AUDIT_FILE, audit_jsonl
from socialguard.web.errors import error_responses

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
ApiUser = Annotated[User, Depends(api_user())]


@router.get("/audit.jsonl", responses={**error_responses(401, 403), **JSONL_RESPONSE},
            summary="Audit trail you can see, JSON Lines", response_class=Response)
def audit_api(session: SessionDep, user: ApiUser) -> Response:
    return jsonl_download(audit_jsonl(session, user=user), AUDIT_FILE)
