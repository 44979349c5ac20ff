"""The triage inbox: read a batch (JSON Lines or CSV), label and route each message
with the engine, store it, and act on the routes (policy §7.3, §9, §10.1):

- ``triage.foi-request`` opens an FOI case due on the statutory date;
- ``triage.safeguarding-danger`` opens an immediate safeguarding case (and the pages
  show the handler the 999 instruction); ``triage.safeguarding-concern`` a case;
- ``triage.media-enquiry`` a media case for Communications and Engagement, due at the
  deadline the journalist stated, if they stated one (``triage.deadlines``);
- ``triage.staff-abuse`` a harassment case for HR and line managers;
- ``triage.tos-breach`` a "report to the platform" task with the platform's link;
- every route is an item in its team's queue (``InboxRoute``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from enum import StrEnum

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from socialguard.api.schemas import InboundMessage
from socialguard.auth.models import User
from socialguard.auth.roles import Role, permits
from socialguard.cases.kinds import CaseKind
from socialguard.cases.notify import Notice
from socialguard.cases.service import open_case
from socialguard.db.base import utcnow
from socialguard.detectors.sender import joke_names
from socialguard.engine import check_many
from socialguard.errors import Forbidden, InvalidInput, NotFound
from socialguard.inbox.alerts import DANGER
from socialguard.inbox.platforms import reporting_for
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import LOCAL_ZONE
from socialguard.triage.deadlines import Vocabulary, read_deadline, uk_time, vocabulary
from socialguard.triage.names import discernible_name
from socialguard.verdict import Route
from socialguard.workflow.audit import record
from socialguard.workflow.machine import Machine, advance

MEDIA = "triage.media-enquiry"
TOS = "triage.tos-breach"
# Which roles work each team's queue. HR's queue holds staff abuse, which the policy sends
# to "your line manager and the Human Resources Team"; breaches to report to a platform are
# worked by whoever runs the accounts (comms) and by the Safeguarding lead.
QUEUE_ROLES: dict[str, frozenset[Role]] = {
    "foi": frozenset({Role.FOI}),
    "safeguarding": frozenset({Role.SAFEGUARDING}),
    "comms": frozenset({Role.COMMS}),
    "hr": frozenset({Role.HR, Role.MANAGER}),
    "line_manager": frozenset({Role.MANAGER}),
    "account_owner": frozenset({Role.COMMS}),
    "platform": frozenset({Role.COMMS, Role.SAFEGUARDING}),
    "ig": frozenset({Role.IG}),
    # No patient-experience role yet: communications officers see complaints and pass
    # them on with the complaints reply.
    "patient_experience": frozenset({Role.COMMS}),
}
LABEL_CASES: dict[str, CaseKind] = {
    "triage.foi-request": CaseKind.FOI,
    DANGER: CaseKind.SAFEGUARDING,
    "triage.safeguarding-concern": CaseKind.SAFEGUARDING,
    "triage.media-enquiry": CaseKind.MEDIA,
    "triage.staff-abuse": CaseKind.HARASSMENT,
}
URGENCY_RANK = {"low": 0, "normal": 1, "high": 2, "immediate": 3}


class RouteState(StrEnum):
    OPEN = "open"
    DONE = "done"


def queue_machine(team: str) -> Machine[RouteState]:
    roles = QUEUE_ROLES.get(team, frozenset())
    return Machine("inbox_route", {(RouteState.OPEN, RouteState.DONE): roles,
                                   (RouteState.DONE, RouteState.OPEN): roles})


@dataclass
class Ingested:
    batch: str
    messages: list[InboxMessage] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def ingest(session: Session, *, messages: list[InboundMessage], user: User,
           pack: PolicyPack) -> Ingested:
    """Label, route, store and act on a batch; audit each message."""
    result = Ingested(batch=secrets.token_hex(8))
    fresh: list[InboundMessage] = []
    seen: set[tuple[str, str]] = set()
    for message in messages:
        message.id = (message.id or "").strip() or None
        message.platform = message.platform.strip().lower() or "other"
        key = (message.platform, message.id or "")
        if message.id and (key in seen or session.scalar(
                select(InboxMessage.id).where(InboxMessage.platform == key[0],
                                              InboxMessage.external_id == key[1])) is not None):
            result.duplicates.append(message.id)
            continue
        seen.add(key)
        if message.received_at is None:
            message.received_at = utcnow()
        elif message.received_at.tzinfo is None:  # a time without a zone is UK local time
            message.received_at = message.received_at.replace(tzinfo=LOCAL_ZONE)
        # Stored and answered in UTC, as the database gives it back.
        message.received_at = message.received_at.astimezone(UTC)
        fresh.append(message)
    verdicts = check_many([m.to_submission() for m in fresh], pack)
    words = vocabulary(pack)
    for message, verdict in zip(fresh, verdicts, strict=True):
        stored = _store(session, message, verdict.labels, verdict.routes, verdict.policy,
                        user, result.batch, words)
        result.notices += _act(session, stored, message, user, pack)
        result.messages.append(stored)
    return result


def _store(session: Session, message: InboundMessage, labels: list[str], routes: list[Route],
           policy: str | None, user: User, batch: str, words: Vocabulary) -> InboxMessage:
    assert message.received_at is not None
    platform = message.platform
    stored = InboxMessage(external_id=message.id, platform=platform,
                          author_name=message.author.name, text=message.text,
                          received_at=message.received_at, labels=labels,
                          urgency=max((r.urgency.value for r in routes),
                                      key=lambda u: URGENCY_RANK.get(u, 0), default="low"),
                          batch=batch, imported_by_id=user.id, imported_by=user.email,
                          policy=policy)
    for route in routes:
        link = reporting_for(platform) if route.label == TOS else None
        deadline = (read_deadline(message.text, message.received_at, words)
                    if route.label == MEDIA else None)
        stored.routes.append(InboxRoute(
            label=route.label, team=route.team, team_name=route.team_name,
            urgency=route.urgency.value, instruction=route.instruction, due=route.due,
            due_at=deadline.due if deadline else None,
            due_phrase=deadline.phrase if deadline else None,
            due_passed_at_receipt=deadline.passed_at_receipt if deadline else False,
            state="open", report_url=link.report_url if link else None,
            extra={"platform_name": link.name} if link else {}))
    session.add(stored)
    session.flush()
    record(session, actor=user, entity_type="inbox_message", entity_id=stored.id,
           action="imported", detail={"labels": labels, "batch": batch,
                                      "external_id": message.id, "platform": platform})
    return stored


def _act(session: Session, stored: InboxMessage, message: InboundMessage, user: User,
         pack: PolicyPack) -> list[Notice]:
    notices: list[Notice] = []
    for route in stored.routes:
        kind = LABEL_CASES.get(route.label)
        if kind is None:
            continue
        spec = pack.triage[route.label]
        due, instruction = route.due, route.instruction
        if route.label == DANGER:
            due = stored.received_at.astimezone(LOCAL_ZONE).date()
        if route.due_at is not None:
            # The case keeps its date; the time is the route's, and said in its instruction.
            due, instruction = route.due_at.astimezone(LOCAL_ZONE).date(), deadline_note(route)
        requester = None
        if kind is CaseKind.FOI:
            requester = discernible_name(message.author.name, message.text, joke_names(pack))
        case, raised = open_case(
            session, kind=kind, title=f"{spec.title} ({stored.platform}, message #{stored.id})",
            description=stored.text, reporter=user, pack=pack, urgency=route.urgency,
            due_date=due, instruction=instruction, platform=stored.platform,
            requester=requester, received_at=stored.received_at,
            source_message_id=stored.id, check_reporter=False)
        route.case_id = case.id
        notices += raised
    return notices


def deadline_note(route: InboxRoute) -> str:
    """The route's instruction with the deadline the sender gave, for the case it opens."""
    assert route.due_at is not None
    note = (f"{route.instruction} Their deadline: {uk_time(route.due_at)} (UK time), "
            f"from “{route.due_phrase}”.")
    if route.due_passed_at_receipt:
        note += " It had already passed when the message arrived: check it with them."
    return note


def visible_teams(roles: Iterable[str]) -> list[str]:
    held = list(roles)
    return [team for team, allowed in QUEUE_ROLES.items() if permits(held, allowed)]


def visible_messages(user: User) -> Select[InboxMessage]:
    """Messages routed to one of the user's queues, or that the user imported."""
    if Role.ADMIN.value in user.roles:
        return select(InboxMessage)
    routed = select(InboxRoute.message_id).where(InboxRoute.team.in_(visible_teams(user.roles)))
    return select(InboxMessage).where(or_(InboxMessage.id.in_(routed),
                                          InboxMessage.imported_by_id == user.id))


def list_messages(session: Session, *, user: User, team: str | None = None,
                  open_only: bool = False, batch: str | None = None,
                  limit: int = 200) -> list[InboxMessage]:
    query = visible_messages(user)
    if team or open_only:
        sub = select(InboxRoute.message_id)
        if team:
            sub = sub.where(InboxRoute.team == team)
        if open_only:
            sub = sub.where(InboxRoute.state == "open")
        query = query.where(InboxMessage.id.in_(sub))
    if batch:
        query = query.where(InboxMessage.batch == batch)
    # Messages with an open deadline first, soonest first; then the rest, newest first.
    soonest = (select(func.min(InboxRoute.due_at))
               .where(InboxRoute.message_id == InboxMessage.id, InboxRoute.state == "open")
               .correlate(InboxMessage).scalar_subquery())
    return list(session.scalars(query.order_by(
        soonest.is_(None), soonest, InboxMessage.received_at.desc(),
        InboxMessage.id.desc()).limit(limit)))


def get_message(session: Session, *, user: User, message_id: int) -> InboxMessage:
    found = session.scalar(visible_messages(user).where(InboxMessage.id == message_id))
    if found is None:
        raise NotFound(f"No message {message_id} that you can see.")
    return found


def route_visible(user: User, route: InboxRoute) -> bool:
    return permits(user.roles, QUEUE_ROLES.get(route.team, frozenset()))


def set_route_state(session: Session, *, user: User, route_id: int, to: str,
                    reason: str | None = None) -> InboxRoute:
    route = session.get(InboxRoute, route_id)
    if route is None:
        raise NotFound(f"No queue item {route_id} that you can see.")
    if not route_visible(user, route):
        seen = session.scalar(visible_messages(user).where(InboxMessage.id == route.message_id))
        if seen is None:
            raise NotFound(f"No queue item {route_id} that you can see.")
        # The message is theirs to read (they imported it) but not this team's item to work.
        raise Forbidden(f"Only the {route.team_name} (or an administrator) can change this "
                        "item.")
    try:
        target = RouteState(to)
    except ValueError as exc:
        raise InvalidInput("A queue item is 'open' or 'done'.") from exc
    advance(session, machine=queue_machine(route.team), entity=route, to=target, actor=user,
            reason=reason, detail={"label": route.label, "message_id": route.message_id})
    route.state = target.value
    return route

