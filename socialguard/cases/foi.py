"""FOI requests: the clock's steps and the validity checklist, stored and audited.

A step is planned first (``plan``: is the move allowed, are its details right, what the
clock will say after it, what to warn of) and then applied (``apply``). The pages show
the plan as a confirmation step before anything is written; the API applies at once.
Every applied step adds an ``FoiEvent`` (never edited), moves the case through the FOI
machine (``kinds.FOI_STEPS``) and writes the audit row: who, when, why, and the due date
before and after. ``case.due_date`` keeps the date in force, so lists sort and count down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.cases import foi_validity
from socialguard.cases.foi_clock import OUTCOMES, REVIEW_OUTCOMES, Clock, Step, build, ico_limit
from socialguard.cases.kinds import FINISHED, FOI_STEPS, MACHINES, CaseKind, CaseState
from socialguard.cases.service import get_case
from socialguard.cases.tables import Case, FoiEvent
from socialguard.db.base import utcnow
from socialguard.errors import Conflict, Forbidden, InvalidInput, NotFound
from socialguard.policy.schema import Foi, PolicyPack
from socialguard.triage.clock import is_working_day, local_date
from socialguard.workflow.audit import record
from socialguard.workflow.machine import advance

LATEST = date(2100, 12, 31)
# Refusal grounds a response can cite: the cost limit (s.12), vexatious or repeated
# requests (s.14) and the exemptions of Part II (ss.21-44), with any subsection.
SECTION = re.compile(r"^(?:s(?:ection)?\.?\s*)?(\d{1,2})((?:\([0-9]{1,2}[A-Za-z]?\))?"
                     r"(?:\([a-z]{1,4}\))*)$", re.IGNORECASE)
REFUSAL_SECTIONS = frozenset({12, 14, *range(21, 45)})
WITH_EXEMPTIONS = frozenset({"refused", "partly_disclosed"})
NEEDS_REASON = {"clarification-sought": "what the requester was asked to clarify",
                "extension": "why the public interest test needs longer",
                "reopen": "why the response is reopened",
                "close": "why the request is closed (withdrawn, or not clarified or paid "
                         "within three months)"}


@dataclass(frozen=True)
class StepInput:
    """The details a step may carry (which ones each step needs: ``plan``)."""

    on: date | None = None
    reason: str | None = None
    new_due: date | None = None
    outcome: str | None = None
    exemptions: tuple[str, ...] = ()
    fee_pence: int | None = None
    reference: str | None = None


@dataclass(frozen=True)
class Plan:
    case: Case
    step: str
    to: CaseState
    event: FoiEvent
    before: Clock
    after: Clock
    warnings: list[str] = field(default_factory=list)


def received_day(case: Case) -> date:
    return local_date(case.received_at or case.created_at)


def events_of(session: Session, case_ids: Iterable[int]) -> dict[int, list[FoiEvent]]:
    ids = list(case_ids)
    found: dict[int, list[FoiEvent]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (select(FoiEvent).where(FoiEvent.case_id.in_(ids))
             .order_by(FoiEvent.case_id, FoiEvent.on_date, FoiEvent.id))
    for event in session.scalars(query):
        found[event.case_id].append(event)
    return found


def as_step(event: FoiEvent) -> Step:
    return Step(event.step, event.on_date, event.new_due, event.outcome,
                tuple(event.exemptions or ()), event.reason)


def clock_of(case: Case, events: Iterable[FoiEvent], *, today: date,
             foi: Foi | None = None) -> Clock:
    return build(received_day(case), [as_step(e) for e in events], today=today,
                 days=(foi or Foi()).working_days)


def clocks(session: Session, cases: list[Case], *, today: date,
           foi: Foi | None = None) -> dict[int, Clock]:
    found = events_of(session, [c.id for c in cases])
    return {c.id: clock_of(c, found[c.id], today=today, foi=foi) for c in cases}


def foi_case(session: Session, *, user: User, case_id: int, lock: bool = False) -> Case:
    """An FOI request the user may see (404 otherwise); ``lock`` holds its row until the
    transaction ends, so two officers' steps on one request are taken one at a time."""
    case = get_case(session, user=user, case_id=case_id)
    if case.kind != CaseKind.FOI.value:
        raise NotFound(f"Case {case_id} is not an FOI request.")
    if lock:
        session.refresh(case, with_for_update=True)
    return case


def available_steps(case: Case, user: User) -> list[str]:
    machine = MACHINES[CaseKind.FOI]
    return [name for name, (frms, to) in FOI_STEPS.items()
            if case.state in frms and machine.can(case.state, to,  # type: ignore[arg-type]
                                                  user.roles)]


def plan(session: Session, *, user: User, case: Case, step: str, data: StepInput,
         today: date, foi: Foi | None = None) -> Plan:
    """Check the step and work out the clock after it; nothing is written."""
    if step not in FOI_STEPS:
        raise NotFound(f"No FOI step {step!r}.")
    frms, to = FOI_STEPS[step]
    machine = MACHINES[CaseKind.FOI]
    if case.state not in frms:
        raise Conflict(f"An FOI request that is {case.state.replace('_', ' ')} cannot take "
                       f"the step {step!r}.")
    if not machine.can(case.state, to, user.roles):  # type: ignore[arg-type]
        raise Forbidden(f"Your role cannot take the step {step!r}.")
    events = events_of(session, [case.id])[case.id]
    before = clock_of(case, events, today=today, foi=foi)
    event = _event(step, data, user=user, case=case, today=today,
                   last=events[-1].on_date if events else None, before=before)
    after = clock_of(case, [*events, event], today=today, foi=foi)
    return Plan(case, step, to, event, before, after, _warnings(step, event, before))


def _event(step: str, data: StepInput, *, user: User, case: Case, today: date,
           last: date | None, before: Clock) -> FoiEvent:
    on = data.on or today
    received = received_day(case)
    if on > today:
        raise InvalidInput("A step is recorded on or after the day it happens, not before.")
    if on < received:
        raise InvalidInput(f"The request was received on {received:%d %b %Y}; a step cannot "
                           "come before that.")
    if last is not None and on < last:
        raise InvalidInput(f"The last step was recorded for {last:%d %b %Y}; steps go in "
                           "order, so this one cannot be earlier.")
    reason = (data.reason or "").strip() or None
    if step in NEEDS_REASON and reason is None:
        raise InvalidInput(f"Say {NEEDS_REASON[step]}.")
    event = FoiEvent(case_id=case.id, step=step, on_date=on, reason=reason, exemptions=[],
                     actor_id=user.id, actor=user.email, recorded_at=utcnow())
    if step == "fee-notice":
        if not data.fee_pence or data.fee_pence <= 0:
            raise InvalidInput("Give the fee the notice asks for (more than £0).")
        event.fee_pence = data.fee_pence
    elif step == "extension":
        event.new_due = _extension(data.new_due, before)
    elif step == "response":
        event.outcome, event.exemptions = _outcome(data.outcome, data.exemptions)
    elif step == "review-outcome":
        if data.outcome not in REVIEW_OUTCOMES:
            raise InvalidInput("Choose the review's outcome: " + ", ".join(REVIEW_OUTCOMES))
        event.outcome = data.outcome
    elif step == "ico-referral":
        event.reference = (data.reference or "").strip()[:100] or None
    return event


def _extension(new_due: date | None, before: Clock) -> date:
    current = before.due
    if new_due is None:
        raise InvalidInput("Give the new date for the response.")
    if current is None:
        raise Conflict("The clock is stopped; there is no date to extend.")
    if not current < new_due <= LATEST:
        raise InvalidInput(f"An extension moves the date on: after {current:%d %b %Y}.")
    return new_due


def _outcome(outcome: str | None, exemptions: Iterable[str]) -> tuple[str, list[str]]:
    if outcome not in OUTCOMES:
        raise InvalidInput("Choose the outcome: " + ", ".join(OUTCOMES))
    cited = list(dict.fromkeys(section(s) for s in exemptions if s.strip()))
    if outcome in WITH_EXEMPTIONS and not cited:
        raise InvalidInput("A refusal notice names the exemptions it relies on (s.17(1)), "
                           "for example s.40(2) or s.43.")
    if outcome not in WITH_EXEMPTIONS and cited:
        raise InvalidInput(f"A response of \"{OUTCOMES[outcome]}\" cites no exemption; "
                           "choose \"refused\" or \"partly disclosed\".")
    return outcome, cited


def section(text: str) -> str:
    """'section 40(2)', 's40(2)' or '40(2)' -> 's.40(2)'; anything else is refused."""
    found = SECTION.match(text.strip().replace(" (", "("))
    if found is None or int(found.group(1)) not in REFUSAL_SECTIONS:
        raise InvalidInput(f"{text.strip()[:40]!r} is not a section a refusal can rely on "
                           "(s.12, s.14, or an exemption from s.21 to s.44, e.g. s.40(2)).")
    return f"s.{int(found.group(1))}{found.group(2).lower()}"


def _warnings(step: str, event: FoiEvent, before: Clock) -> list[str]:
    if step != "extension" or event.new_due is None or before.statutory is None:
        return []
    statutory, warnings = before.statutory.due, []
    if event.new_due > ico_limit(statutory):
        warnings.append(f"This is more than 20 working days after the statutory date "
                        f"({statutory:%d %b %Y}); the ICO expects a public interest extension "
                        f"to end by {ico_limit(statutory):%d %b %Y} at the latest.")
    if event.on_date > statutory:
        warnings.append(f"The statutory date ({statutory:%d %b %Y}) has passed: the notice "
                        "of the extension (s.17(2)) should have reached the requester by then.")
    if not is_working_day(event.new_due):
        warnings.append(f"{event.new_due:%A %d %b %Y} is not a working day.")
    return warnings


def apply(session: Session, *, user: User, planned: Plan) -> None:
    """Write the planned step: the event, the move (audited) and the date in force."""
    case, event, after = planned.case, planned.event, planned.after
    session.add(event)
    detail = {"step": planned.step, "on": event.on_date.isoformat(),
              "due_before": _iso(planned.before.deadline()), "due_after": _iso(after.deadline()),
              "new_due": _iso(event.new_due), "outcome": event.outcome,
              "exemptions": list(event.exemptions), "fee_pence": event.fee_pence,
              "reference": event.reference, "warnings": planned.warnings}
    advance(session, machine=MACHINES[CaseKind.FOI], entity=case, to=planned.to, actor=user,
            reason=event.reason, detail={k: v for k, v in detail.items() if v not in (None, [])})
    case.state = planned.to.value
    case.due_date = after.deadline()
    case.updated_at = utcnow()
    case.closed_at = utcnow() if planned.to in FINISHED else None
    session.flush()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def set_validity(session: Session, *, user: User, case: Case, name_ok: bool | None,
                 address_ok: bool | None, description_ok: bool | None,
                 requester: str | None = None, address: str | None = None) -> None:
    """Record the officer's checklist. A valid address typed in ticks the address item."""
    cleaned = foi_validity.clean_address(address)
    if requester is not None:
        case.requester = requester.strip()[:200] or None
    case.foi_address = cleaned
    case.foi_name_ok, case.foi_description_ok = name_ok, description_ok
    case.foi_address_ok = address_ok if address_ok is not None or cleaned is None else True
    case.updated_at = utcnow()
    record(session, actor=user, entity_type="case", entity_id=case.id, action="validity_checked",
           detail={"name": case.foi_name_ok, "address": case.foi_address_ok,
                   "description": case.foi_description_ok,
                   "address_kind": _address_kind(cleaned)})


def _address_kind(address: str | None) -> str | None:
    if address is None:
        return None
    return "e-mail" if foi_validity.EMAIL.fullmatch(address) else "postal"


def validity(case: Case, pack: PolicyPack) -> foi_validity.Validity:
    team = pack.teams.get("foi")
    return foi_validity.check(case, team=team.name if team else "Freedom of Information Team",
                              contact=team.email if team else None,
                              received=received_day(case))
