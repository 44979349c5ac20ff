"""Downloads of the approvals workflow, each over exactly the requests the reader may see
(``service.visible_query``): the requests as CSV and their audit trail as JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session, selectinload

from socialguard.approvals import service
from socialguard.approvals.schemas import Kind
from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth.models import User
from socialguard.exports import csv_text
from socialguard.workflow.audit import as_record
from socialguard.workflow.models import AuditEvent

CSV_COLUMNS = ("id", "kind", "title", "state", "requester", "created_at", "updated_at",
               "teams_needed", "signed_off_by", "checks_failed")
CSV_FILE = "approval-requests.csv"
AUDIT_FILE = "approvals-audit-trail.jsonl"
SEPARATOR = "; "


def _row(req: ApprovalRequest) -> list[object]:
    return [req.id, req.kind, req.title, req.state, req.requester, req.created_at,
            req.updated_at,
            SEPARATOR.join(t.value for t in service.KINDS[Kind(req.kind)].teams),
            SEPARATOR.join(f"{s.team}:{s.by}" for s in req.signoffs),
            SEPARATOR.join(c.key for c in service.checks(req) if not c.passed)]


def approvals_csv(session: Session, *, user: User) -> str:
    """The requests ``user`` may see, newest first, as on the approvals page.

    ``teams_needed`` and ``checks_failed`` hold keys (``comms; ig``, ``captions``);
    ``signed_off_by`` holds ``team:who`` pairs (``comms:jo@nhs.net``).
    """
    query = service.visible_query(user=user).options(selectinload(ApprovalRequest.signoffs))
    return csv_text(CSV_COLUMNS, (_row(r) for r in session.scalars(query)))


def audit_jsonl(session: Session, *, user: User) -> Iterator[str]:
    """The audit rows of the requests ``user`` may see, oldest first, one JSON a line."""
    ids = service.visible_query(user=user).order_by(None).with_only_columns(
        cast(ApprovalRequest.id, String))
    query = (select(AuditEvent)
             .where(AuditEvent.entity_type == service.ENTITY, AuditEvent.entity_id.in_(ids))
             .order_by(AuditEvent.id))
    for event in session.scalars(query.execution_options(yield_per=500)):
        yield json.dumps(as_record(event), ensure_ascii=False) + "\n"
