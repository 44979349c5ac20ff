"""The 999 alert of a message routed to ``triage.safeguarding-danger``: whether it still
shows, and who cleared it and when.

An alert shows until its route is marked handled (by the safeguarding team or an
administrator: the queue's state machine says who) or the safeguarding case the message
opened is resolved or closed (the case's machine says who). Who and when are read from
the audit trail those moves write, not stored twice; reopening either brings it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from socialguard.cases.kinds import FINISHED
from socialguard.cases.tables import Case
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.workflow.models import AuditEvent

DANGER = "triage.safeguarding-danger"
DONE = "done"
CASE_ENDS = sorted(s.value for s in FINISHED)
# How long the inbox keeps saying who cleared an alert, so the team sees it was dealt with.
RECENT = timedelta(hours=24)


@dataclass(frozen=True)
class Acknowledgement:
    who: str
    at: datetime
    how: str  # "marked handled" or "case #12 resolved"


def cleared(route: InboxRoute) -> bool:
    return route.state == DONE or (route.case is not None and route.case.state in CASE_ENDS)


def danger_open(message: InboxMessage) -> bool:
    return any(r.label == DANGER and not cleared(r) for r in message.routes)


def open_alerts(session: Session, visible: Select[InboxMessage]) -> list[InboxMessage]:
    """Messages (of ``visible``) whose 999 alert still shows, newest first."""
    live = (select(InboxRoute.message_id).outerjoin(Case, Case.id == InboxRoute.case_id)
            .where(InboxRoute.label == DANGER, InboxRoute.state != DONE,
                   or_(Case.id.is_(None), Case.state.not_in(CASE_ENDS))))
    return list(session.scalars(visible.where(InboxMessage.id.in_(live))
                                .order_by(InboxMessage.received_at.desc())))


def _clearing(route_ids: Iterable[int], case_ids: Iterable[int]) -> ColumnElement[bool]:
    """Audit rows of a danger route marked done or a case finished."""
    return and_(AuditEvent.action == "transition", or_(
        and_(AuditEvent.entity_type == "inbox_route", AuditEvent.to_state == DONE,
             AuditEvent.entity_id.in_([str(i) for i in route_ids])),
        and_(AuditEvent.entity_type == "case", AuditEvent.to_state.in_(CASE_ENDS),
             AuditEvent.entity_id.in_([str(i) for i in case_ids]))))


def acknowledgements(session: Session, messages: Iterable[InboxMessage]
                     ) -> dict[int, list[Acknowledgement]]:
    """Who cleared each cleared 999 alert among ``messages``, and when (oldest first)."""
    routes = [r for m in messages for r in m.routes if r.label == DANGER and cleared(r)]
    by_route = {r.id: r for r in routes if r.state == DONE}
    by_case = {r.case.id: r for r in routes if r.case is not None and r.case.state in CASE_ENDS}
    if not routes:
        return {}  # the common case: no query
    latest: dict[tuple[str, str], AuditEvent] = {}
    for event in session.scalars(select(AuditEvent).where(_clearing(by_route, by_case))
                                 .order_by(AuditEvent.at, AuditEvent.id)):
        latest[(event.entity_type, event.entity_id)] = event
    out: dict[int, list[Acknowledgement]] = {}
    for (kind, key), event in sorted(latest.items(), key=lambda item: item[1].at):
        if kind == "inbox_route":
            route, how = by_route[int(key)], "marked handled"
        else:
            route, how = by_case[int(key)], f"case #{key} {event.to_state}"
        out.setdefault(route.message_id, []).append(Acknowledgement(event.actor, event.at, how))
    return out


def recently_cleared(session: Session, visible: Select[InboxMessage], now: datetime
                     ) -> list[tuple[InboxMessage, list[Acknowledgement]]]:
    """Messages of ``visible`` whose alert was cleared in the last day, latest first."""
    events = list(session.scalars(select(AuditEvent).where(
        AuditEvent.at >= now - RECENT, AuditEvent.action == "transition",
        or_(and_(AuditEvent.entity_type == "inbox_route", AuditEvent.to_state == DONE),
            and_(AuditEvent.entity_type == "case", AuditEvent.to_state.in_(CASE_ENDS))))))
    route_ids = [int(e.entity_id) for e in events if e.entity_type == "inbox_route"]
    case_ids = [int(e.entity_id) for e in events if e.entity_type == "case"]
    if not events:
        return []
    danger = select(InboxRoute.message_id).where(
        InboxRoute.label == DANGER,
        or_(InboxRoute.id.in_(route_ids), InboxRoute.case_id.in_(case_ids)))
    shown = [m for m in session.scalars(visible.where(InboxMessage.id.in_(danger)))
             if not danger_open(m)]
    acks = acknowledgements(session, shown)
    done = [(m, acks[m.id]) for m in shown if acks.get(m.id)]
    return sorted(done, key=lambda pair: pair[1][-1].at, reverse=True)
