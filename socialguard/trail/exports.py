"""The audit rows of the cases and inbox messages a user can see, as JSON Lines.

A trail spans both workflows (a message opens a case), so it lives above both: neither
``cases`` nor ``inbox`` imports this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.cases.service import visible_query
from socialguard.cases.tables import Case
from socialguard.inbox.service import visible_messages
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.workflow.audit import as_record, export_jsonl
from socialguard.workflow.models import AuditEvent

AUDIT_FILE = "audit-trail.jsonl"


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
