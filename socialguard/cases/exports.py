"""Exports, each filtered by the reader's roles: cases and FOI requests as CSV, the audit
trail of cases and inbox messages as JSON Lines (``workflow.audit``). Spreadsheet formulas
in the CSV are defused by ``socialguard.exports.safe_cell``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases.kinds import CaseKind
from socialguard.cases.service import days_left, list_cases, visible_query
from socialguard.cases.tables import Case
from socialguard.exports import csv_text
from socialguard.inbox.service import visible_messages
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.policy.schema import Foi
from socialguard.workflow.audit import as_record, export_jsonl
from socialguard.workflow.models import AuditEvent

CASE_COLUMNS = ("id", "kind", "title", "state", "urgency", "due_date", "working_days_left",
                "assignee", "reporter", "platform", "created_at", "closed_at",
                "source_message_id")
FOI_COLUMNS = ("id", "title", "requester", "platform", "received_at", "due_date",
               "working_days_left", "state", "assignee", "source_message_id")


def cases_csv(session: Session, *, user: User, today: date, foi: Foi | None = None) -> str:
    rows = []
    for c in list_cases(session, user=user):
        rows.append([c.id, c.kind, c.title, c.state, c.urgency, c.due_date,
                     days_left(c, today, foi), c.assignee, c.reporter, c.platform,
                     c.created_at, c.closed_at, c.source_message_id])
    return csv_text(CASE_COLUMNS, rows)


def foi_csv(session: Session, *, user: User, today: date, foi: Foi | None = None) -> str:
    rows = []
    for c in list_cases(session, user=user, kind=CaseKind.FOI.value):
        rows.append([c.id, c.title, c.requester, c.platform, c.received_at, c.due_date,
                     days_left(c, today, foi), c.state, c.assignee, c.source_message_id])
    return csv_text(FOI_COLUMNS, rows)


def audit_jsonl(session: Session, *, user: User) -> Iterator[str]:
    """The audit rows of the cases and inbox messages the user can see, oldest first."""
    if Role.ADMIN.value in user.roles:
        yield from export_jsonl(session, entity_type="case")
        yield from export_jsonl(session, entity_type="inbox_message")
        yield from export_jsonl(session, entity_type="inbox_route")
        return
    case_ids = visible_query(user.roles).with_only_columns(cast(Case.id, String))
    message_ids = visible_messages(user).with_only_columns(InboxMessage.id)
    route_ids = select(cast(InboxRoute.id, String)).where(InboxRoute.message_id.in_(message_ids))
    query = select(AuditEvent).where(or_(
        (AuditEvent.entity_type == "case") & AuditEvent.entity_id.in_(case_ids),
        (AuditEvent.entity_type == "inbox_message")
        & AuditEvent.entity_id.in_(message_ids.with_only_columns(
            cast(InboxMessage.id, String))),
        (AuditEvent.entity_type == "inbox_route") & AuditEvent.entity_id.in_(route_ids),
    )).order_by(AuditEvent.id)
    for event in session.scalars(query.execution_options(yield_per=500)):
        yield json.dumps(as_record(event), ensure_ascii=False) + "\n"
