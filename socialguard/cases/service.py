"""Cases: open, find (role-filtered), assign, comment, move through the kind's states.

Every change writes an audit row through ``socialguard.workflow``; state changes go
through the kind's ``Machine`` (409 for a move the table does not allow, 403 for a
role that may not make it). Functions that should tell someone return the notices
to send once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.auth.roles import permits
from socialguard.cases.kinds import (
    FINISHED,
    FOI_PLAIN_MOVES,
    KIND_REPORTERS,
    KIND_TEAMS,
    KIND_TITLES,
    MACHINES,
    CaseKind,
    CaseState,
    can_see,
    foi_step,
    visible_kinds,
)
from socialguard.cases.notify import Notice, SmtpSettings, team_addresses
from socialguard.cases.notify import delivery_problems as notify_problems
from socialguard.cases.tables import Case, CaseComment
from socialguard.db.base import utcnow
from socialguard.errors import Conflict, Forbidden, InvalidInput, NotFound
from socialguard.policy.schema import Foi, PolicyPack
from socialguard.triage.clock import foi_due_date, working_days_left
from socialguard.workflow.audit import record
from socialguard.workflow.machine import advance

EARLIEST_DUE, LATEST_DUE = date(2000, 1, 1), date(2100, 12, 31)
DANGER_LINE = "If someone is in immediate danger, dial 999 for police assistance first."


def visible_query(roles: Iterable[str]) -> Select[Case]:
    kinds = [k.value for k in visible_kinds(roles)]
    return select(Case).where(Case.kind.in_(kinds))


def list_cases(session: Session, *, user: User, kind: str | None = None,
               state: str | None = None, open_only: bool = False) -> list[Case]:
    query = visible_query(user.roles)
    if kind:
        query = query.where(Case.kind == kind)
    if state:
        query = query.where(Case.state == state)
    if open_only:
        query = query.where(Case.state.not_in([s.value for s in FINISHED]))
    return list(session.scalars(query.order_by(Case.due_date.is_(None), Case.due_date,
                                               Case.id.desc())))


def count_visible(session: Session, *, user: User) -> int:
    query = visible_query(user.roles).with_only_columns(func.count(Case.id))
    return int(session.scalar(query) or 0)


def get_case(session: Session, *, user: User, case_id: int) -> Case:
    """The case if the user's roles may see it; otherwise 404 (its existence stays hidden)."""
    case = session.get(Case, case_id)
    if case is None or not can_see(user.roles, case.kind):
        raise NotFound(f"No case {case_id} that you can see.")
    return case


def open_case(session: Session, *, kind: CaseKind, title: str, description: str,
              reporter: User | None, pack: PolicyPack | None, urgency: str = "normal",
              due_date: date | None = None, instruction: str | None = None,
              platform: str | None = None, requester: str | None = None,
              received_at: datetime | None = None, source_message_id: int | None = None,
              check_reporter: bool = True,
              idempotency_key: str | None = None) -> tuple[Case, list[Notice]]:
    """Open a case and the notice to its team. With an ``idempotency_key`` (a reporter's
    retry of the same request), the case that key opened before comes back, unnotified.
    An FOI request's clock starts on receipt (now, unless given): its due date is the
    statutory one unless the caller worked it out already."""
    if check_reporter and reporter is not None and not _may_report(reporter, kind):
        raise Forbidden(f"Your role cannot open a {KIND_TITLES[kind].lower()} case.")
    if kind is CaseKind.FOI:
        received_at = received_at or utcnow()
        due_date = due_date or foi_due_date(received_at, pack.foi if pack else None)
    title = title.strip()[:200]
    if not title:
        raise InvalidInput("A case needs a title.")
    if idempotency_key is not None and reporter is not None:
        earlier = _opened_with(session, reporter=reporter, key=idempotency_key)
        if earlier is not None:
            return _same_request(earlier, kind=kind, title=title), []
    case = Case(kind=kind.value, title=title, description=description.strip(),
                state=CaseState.OPEN.value, urgency=urgency, due_date=due_date,
                instruction=instruction, platform=platform, requester=requester,
                received_at=received_at, source_message_id=source_message_id,
                reporter_id=reporter.id if reporter else None,
                reporter=reporter.email if reporter else "system",
                idempotency_key=idempotency_key if reporter else None)
    try:
        with session.begin_nested():  # two retries at once: the second meets the first
            session.add(case)
            session.flush()
    except IntegrityError:
        earlier = _opened_with(session, reporter=reporter, key=idempotency_key or "")
        if earlier is None or reporter is None:
            raise
        return _same_request(earlier, kind=kind, title=title), []
    record(session, actor=reporter, entity_type="case", entity_id=case.id, action="opened",
           to_state=case.state,
           detail={"kind": case.kind, "urgency": urgency,
                   "due_date": due_date.isoformat() if due_date else None,
                   "source_message_id": source_message_id})
    return case, [raised_notice(case, pack)]


def _opened_with(session: Session, *, reporter: User | None, key: str) -> Case | None:
    if reporter is None:
        return None
    return session.scalar(select(Case).where(Case.reporter_id == reporter.id,
                                             Case.idempotency_key == key))


def _same_request(case: Case, *, kind: CaseKind, title: str) -> Case:
    if case.kind != kind.value or case.title != title:
        raise Conflict("That Idempotency-Key already opened a different case "
                       f"(#{case.id}); use a new key for a new case.")
    return case


def _may_report(user: User, kind: CaseKind) -> bool:
    return permits(user.roles, KIND_REPORTERS[kind])


def transition(session: Session, *, user: User, case: Case, to: str,
               reason: str | None = None) -> None:
    try:
        target = CaseState(to)
    except ValueError as exc:
        raise InvalidInput(f"Unknown state {to!r}.") from exc
    step = foi_step(case.state, target) if case.kind == CaseKind.FOI.value else None
    if step is not None and (case.state, target) not in FOI_PLAIN_MOVES:
        # The FOI clock's moves carry dates and outcomes, so each has its own endpoint.
        raise InvalidInput(f"An FOI request takes this step with its details: POST "
                           f"/api/v1/cases/{case.id}/foi/{step}.")
    # States are stored as text; a StrEnum compares and hashes as its value.
    advance(session, machine=MACHINES[CaseKind(case.kind)], entity=case, to=target, actor=user,
            reason=(reason or "").strip() or None)
    case.state = target.value
    case.updated_at = utcnow()
    case.closed_at = utcnow() if target in FINISHED else None


def assign(session: Session, *, user: User, case: Case, assignee_email: str,
           pack: PolicyPack | None) -> list[Notice]:
    email = assignee_email.strip().lower()
    assignee = session.scalar(select(User).where(func.lower(User.email) == email))
    if assignee is None or not assignee.is_active:
        raise InvalidInput(f"No active user {assignee_email!r}.")
    if not can_see(assignee.roles, case.kind):
        raise InvalidInput(f"{assignee.email} cannot see {KIND_TITLES[CaseKind(case.kind)]} "
                           "cases; choose someone in the team.")
    before = case.assignee
    case.assignee_id, case.assignee = assignee.id, assignee.email
    case.updated_at = utcnow()
    record(session, actor=user, entity_type="case", entity_id=case.id, action="assigned",
           detail={"from": before, "to": assignee.email})
    return [assigned_notice(case, assignee, pack)]


def comment(session: Session, *, user: User, case: Case, body: str) -> CaseComment:
    body = body.strip()
    if not body:
        raise InvalidInput("The comment is empty.")
    note = CaseComment(case_id=case.id, author_id=user.id, author=user.email, body=body)
    session.add(note)
    case.updated_at = utcnow()
    session.flush()
    record(session, actor=user, entity_type="case", entity_id=case.id, action="commented",
           detail={"comment_id": note.id})
    return note


def set_due(session: Session, *, user: User, case: Case, due: date | None,
            reason: str | None = None) -> None:
    if case.kind == CaseKind.FOI.value:
        raise InvalidInput("An FOI request's due date is statutory (FOI Act 2000 s.10).")
    if due is not None and not EARLIEST_DUE <= due <= LATEST_DUE:
        raise InvalidInput(f"The due date must fall between {EARLIEST_DUE} and {LATEST_DUE}.")
    before = case.due_date
    case.due_date = due
    case.updated_at = utcnow()
    record(session, actor=user, entity_type="case", entity_id=case.id, action="due_changed",
           reason=reason, detail={"from": before.isoformat() if before else None,
                                  "to": due.isoformat() if due else None})


def days_left(case: Case, today: date, foi: Foi | None = None) -> int | None:
    """Working days until the due date (negative when overdue); None when not running."""
    if case.due_date is None or case.state in {s.value for s in FINISHED}:
        return None
    return working_days_left(case.due_date, today, foi)


def countdown_text(left: int | None) -> str:
    if left is None:
        return ""
    if left == 0:
        return "Due today"
    if left < 0:
        return f"Overdue by {-left} working day{'s' if left != -1 else ''}"
    return f"{left} working day{'s' if left != 1 else ''} left"


def raised_notice(case: Case, pack: PolicyPack | None,
                  settings: SmtpSettings | None = None) -> Notice:
    settings = settings or SmtpSettings.from_env()
    kind = CaseKind(case.kind)
    urgent = "URGENT " if case.urgency in ("immediate", "high") else ""
    lines = [f"A {KIND_TITLES[kind].lower()} case was raised in SocialGuard.", "",
             f"Reference: case #{case.id}", f"Urgency: {case.urgency}"]
    if case.due_date:
        lines.append(f"Due: {case.due_date.isoformat()}")
    if case.urgency == "immediate":
        lines += ["", DANGER_LINE]
    lines += ["", f"Open it: /cases/{case.id} (sign in to see the details)."]
    return Notice(to=tuple(team_addresses(KIND_TEAMS[kind], pack, settings)),
                  subject=f"[SocialGuard] {urgent}New {KIND_TITLES[kind].lower()}: "
                          f"case #{case.id}",
                  body="\n".join(lines), teams=KIND_TEAMS[kind])


def assigned_notice(case: Case, assignee: User, pack: PolicyPack | None) -> Notice:
    kind = CaseKind(case.kind)
    lines = [f"Case #{case.id} ({KIND_TITLES[kind].lower()}) is assigned to you.",
             f"Urgency: {case.urgency}", f"State: {case.state}"]
    if case.due_date:
        lines.append(f"Due: {case.due_date.isoformat()}")
    lines += ["", f"Open it: /cases/{case.id}"]
    return Notice(to=(assignee.email,),
                  subject=f"[SocialGuard] Case #{case.id} assigned to you", body="\n".join(lines))


def delivery_problems(pack: PolicyPack, settings: SmtpSettings | None = None) -> list[str]:
    """Kinds of case whose "case raised" notice would reach nobody, and why."""
    return notify_problems(pack, settings or SmtpSettings.from_env(),
                           {KIND_TITLES[k].lower(): teams for k, teams in KIND_TEAMS.items()})
