"""The triage inbox: read a batch (JSON Lines or CSV), label and route each message
with the engine, store it, and act on the routes (policy §7.3, §9, §10.1):

- ``triage.foi-request`` opens an FOI case due on the statutory date;
- ``triage.safeguarding-danger`` opens an immediate safeguarding case (and the pages
  show the handler the 999 instruction); ``triage.safeguarding-concern`` a case;
- ``triage.media-enquiry`` a media case for Communications and Engagement;
- ``triage.staff-abuse`` a harassment case for HR and line managers;
- ``triage.tos-breach`` a "report to the platform" task with the platform's link;
- every route is an item in its team's queue (``InboxRoute``).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, or_, select
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
from socialguard.errors import InvalidInput, NotFound
from socialguard.inbox.platforms import reporting_for
from socialguard.inbox.tables import InboxMessage, InboxRoute
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import LOCAL_ZONE
from socialguard.triage.names import discernible_name
from socialguard.verdict import Route
from socialguard.workflow.audit import record
from socialguard.workflow.machine import Machine, advance

DANGER = "triage.safeguarding-danger"
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
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CSV_COLUMNS = ("id", "text", "platform", "author_name", "received_at")


class RouteState(StrEnum):
    OPEN = "open"
    DONE = "done"


def queue_machine(team: str) -> Machine[RouteState]:
    roles = QUEUE_ROLES.get(team, frozenset())
    return Machine("inbox_route", {(RouteState.OPEN, RouteState.DONE): roles,
                                   (RouteState.DONE, RouteState.OPEN): roles})


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class Ingested:
    batch: str
    messages: list[InboxMessage] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def parse_upload(data: bytes, filename: str | None, content_type: str | None
                 ) -> tuple[list[InboundMessage], list[Problem]]:
    """A JSON Lines or CSV file (told apart by name, type, or a leading ``{``)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("The file is not UTF-8 text.") from exc
    name = (filename or "").lower()
    is_csv = name.endswith(".csv") or "csv" in (content_type or "")
    if not is_csv and not name.endswith((".jsonl", ".ndjson", ".json")):
        is_csv = not text.lstrip().startswith("{")
    return parse_csv(text) if is_csv else parse_jsonl(text)


def parse_jsonl(text: str) -> tuple[list[InboundMessage], list[Problem]]:
    out: list[InboundMessage] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(number, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(raw, dict):
            problems.append(Problem(number, "a line must be a JSON object"))
            continue
        _read_one(raw, number, out, problems)
    return out, problems


def parse_csv(text: str) -> tuple[list[InboundMessage], list[Problem]]:
    """Columns: text (required), id, platform, author_name (or author), received_at."""
    out: list[InboundMessage] = []
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))  # csv splits the lines itself
    try:
        header = reader.fieldnames
        if header is None or "text" not in [f.strip().lower() for f in header]:
            raise InvalidInput("The CSV needs a header row with a 'text' column "
                               f"(columns: {', '.join(CSV_COLUMNS)}).")
        for number, row in enumerate(reader, start=2):
            raw: dict[str, Any] = {(k or "").strip().lower(): (v or "").strip()
                                   for k, v in row.items() if k}
            if "author" in raw and "author_name" not in raw:
                raw["author_name"] = raw.pop("author")
            raw = {k: v for k, v in raw.items() if v != ""}
            _read_one(raw, number, out, problems)
    except csv.Error as exc:
        # Rows before the fault are kept; the file cannot be read past it.
        problems.append(Problem(reader.line_num, f"not readable as CSV ({exc}); "
                                "rows after this one were not read"))
    return out, problems


def _read_one(raw: dict[str, Any], number: int, out: list[InboundMessage],
              problems: list[Problem]) -> None:
    if "author_name" in raw and "author" not in raw:
        raw["author"] = {"name": raw.pop("author_name"), "identifiable_as_staff": False}
    if any(isinstance(v, str) and "\x00" in v for v in raw.values()):
        problems.append(Problem(number, "contains a NUL character, which cannot be stored"))
        return
    try:
        message = InboundMessage.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problems.append(Problem(number, f"{where}: {first['msg']}"))
        return
    wrong = received_problem(message)
    if wrong:
        problems.append(Problem(number, wrong))
    else:
        out.append(message)


def received_problem(message: InboundMessage) -> str | None:
    """Receipt dates the FOI clock can count from (not before 2000, not in the future)."""
    when = message.received_at
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL_ZONE)
    if not EARLIEST <= when <= utcnow() + timedelta(days=1):
        return "received_at: must be a time since 2000 and not in the future"
    return None


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
        elif message.received_at.tzinfo is None:
            message.received_at = message.received_at.replace(tzinfo=LOCAL_ZONE)
        fresh.append(message)
    verdicts = check_many([m.to_submission() for m in fresh], pack)
    for message, verdict in zip(fresh, verdicts, strict=True):
        stored = _store(session, message, verdict.labels, verdict.routes, verdict.policy,
                        user, result.batch)
        result.notices += _act(session, stored, message, user, pack)
        result.messages.append(stored)
    return result


def _store(session: Session, message: InboundMessage, labels: list[str], routes: list[Route],
           policy: str | None, user: User, batch: str) -> InboxMessage:
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
        stored.routes.append(InboxRoute(
            label=route.label, team=route.team, team_name=route.team_name,
            urgency=route.urgency.value, instruction=route.instruction, due=route.due,
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
        due = route.due
        if route.label == DANGER:
            due = stored.received_at.astimezone(LOCAL_ZONE).date()
        requester = None
        if kind is CaseKind.FOI:
            requester = discernible_name(message.author.name, message.text, joke_names(pack))
        case, raised = open_case(
            session, kind=kind, title=f"{spec.title} ({stored.platform}, message #{stored.id})",
            description=stored.text, reporter=user, pack=pack, urgency=route.urgency,
            due_date=due, instruction=route.instruction, platform=stored.platform,
            requester=requester, received_at=stored.received_at,
            source_message_id=stored.id, check_reporter=False)
        route.case_id = case.id
        notices += raised
    return notices


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
    return list(session.scalars(query.order_by(InboxMessage.received_at.desc(),
                                               InboxMessage.id.desc()).limit(limit)))


def get_message(session: Session, *, user: User, message_id: int) -> InboxMessage:
    found = session.scalar(visible_messages(user).where(InboxMessage.id == message_id))
    if found is None:
        raise NotFound(f"No message {message_id} that you can see.")
    return found


def route_visible(user: User, route: InboxRoute) -> bool:
    return permits(user.roles, QUEUE_ROLES.get(route.team, frozenset()))


def danger_open(message: InboxMessage) -> bool:
    return any(r.label == DANGER and r.state == "open" for r in message.routes)


def set_route_state(session: Session, *, user: User, route_id: int, to: str,
                    reason: str | None = None) -> InboxRoute:
    route = session.get(InboxRoute, route_id)
    if route is None or not route_visible(user, route):
        raise NotFound(f"No queue item {route_id} that you can see.")
    try:
        target = RouteState(to)
    except ValueError as exc:
        raise InvalidInput("A queue item is 'open' or 'done'.") from exc
    advance(session, machine=queue_machine(route.team), entity=route, to=target, actor=user,
            reason=reason, detail={"label": route.label, "message_id": route.message_id})
    route.state = target.value
    return route

