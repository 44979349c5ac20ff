"""Kinds of case, who may see each, and the state machine of each kind.

Visibility (policy §7.3, §13, §6.2, §10.1): a safeguarding concern is seen by the
Safeguarding lead only; a harassment report by HR and line managers (staff report
harassment "to your line manager and the Human Resources Team"); non-compliance
referred under the Disciplinary Policy by HR; a media contact by Communications
and Engagement; an FOI request by the FOI team. An administrator sees every case.
A case outside the user's roles answers 404 Not Found, on pages and in the API, so
its existence is not disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from socialguard.auth.roles import Role, permits
from socialguard.workflow.machine import Machine


class CaseKind(StrEnum):
    SAFEGUARDING = "safeguarding"
    HARASSMENT = "harassment"
    MEDIA = "media"
    NON_COMPLIANCE = "non_compliance"
    FOI = "foi"


class CaseState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    RESPONDED = "responded"
    WITHHELD = "withheld"  # before migration 0010: now "responded" with the outcome "refused"
    # FOI only (FOI Act 2000): the clock's states.
    CLARIFICATION = "clarification_sought"  # s.1(3): stopped until the requester clarifies
    FEE_NOTICE = "fee_notice"  # s.10(2): paused until the fee is paid
    EXTENDED = "extended"  # s.10(3): public interest test, a new date
    INTERNAL_REVIEW = "internal_review"  # the requester asked for a review of the response
    REVIEWED = "reviewed"
    REFERRED_ICO = "referred_ico"  # the requester complained to the ICO (s.50)


KIND_TITLES: dict[CaseKind, str] = {
    CaseKind.SAFEGUARDING: "Safeguarding concern",
    CaseKind.HARASSMENT: "Harassment report",
    CaseKind.MEDIA: "Media contact",
    CaseKind.NON_COMPLIANCE: "Non-compliance (Disciplinary Policy)",
    CaseKind.FOI: "FOI request",
}
KIND_SECTIONS: dict[CaseKind, str] = {
    CaseKind.SAFEGUARDING: "7.3", CaseKind.HARASSMENT: "7.3", CaseKind.MEDIA: "6.2, 9",
    CaseKind.NON_COMPLIANCE: "13", CaseKind.FOI: "10.1",
}
KIND_ROLES: dict[CaseKind, frozenset[Role]] = {
    CaseKind.SAFEGUARDING: frozenset({Role.SAFEGUARDING}),
    CaseKind.HARASSMENT: frozenset({Role.HR, Role.MANAGER}),
    CaseKind.MEDIA: frozenset({Role.COMMS}),
    CaseKind.NON_COMPLIANCE: frozenset({Role.HR}),
    CaseKind.FOI: frozenset({Role.FOI}),
}
# The pack's teams a new case of each kind is announced to (addresses from the pack or env).
KIND_TEAMS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.SAFEGUARDING: ("safeguarding",),
    CaseKind.HARASSMENT: ("hr", "line_manager"),
    CaseKind.MEDIA: ("comms",),
    CaseKind.NON_COMPLIANCE: ("hr",),
    CaseKind.FOI: ("foi",),
}
# Who may open a case of each kind by hand: anyone may report a concern, harassment or a
# press call; a referral under the Disciplinary Policy comes from HR, managers or comms.
KIND_REPORTERS: dict[CaseKind, frozenset[Role]] = {
    CaseKind.SAFEGUARDING: frozenset(Role),
    CaseKind.HARASSMENT: frozenset(Role),
    CaseKind.MEDIA: frozenset(Role),
    CaseKind.NON_COMPLIANCE: frozenset({Role.HR, Role.MANAGER, Role.COMMS}),
    CaseKind.FOI: frozenset({Role.FOI}),
}

S = CaseState


def _general(roles: frozenset[Role]) -> dict[tuple[CaseState, CaseState], frozenset[Role]]:
    return {(S.OPEN, S.IN_PROGRESS): roles, (S.OPEN, S.RESOLVED): roles,
            (S.IN_PROGRESS, S.RESOLVED): roles, (S.OPEN, S.CLOSED): roles,
            (S.IN_PROGRESS, S.CLOSED): roles, (S.RESOLVED, S.CLOSED): roles,
            (S.RESOLVED, S.IN_PROGRESS): roles}


# Each FOI move is a named step with its own endpoint (/api/v1/cases/{id}/foi/{step}),
# since most carry what the clock needs (a date, an outcome, a new due date): step ->
# (the states it leaves, the state it reaches). The FOI machine is built from this table.
_RUNNING = frozenset({S.OPEN, S.IN_PROGRESS})
FOI_STEPS: dict[str, tuple[frozenset[CaseState], CaseState]] = {
    "start": (frozenset({S.OPEN}), S.IN_PROGRESS),
    "clarification-sought": (_RUNNING, S.CLARIFICATION),
    "clarification-received": (frozenset({S.CLARIFICATION}), S.IN_PROGRESS),
    "fee-notice": (_RUNNING, S.FEE_NOTICE),
    "fee-paid": (frozenset({S.FEE_NOTICE}), S.IN_PROGRESS),
    "extension": (_RUNNING | {S.EXTENDED}, S.EXTENDED),
    "response": (_RUNNING | {S.EXTENDED}, S.RESPONDED),
    "reopen": (frozenset({S.RESPONDED}), S.IN_PROGRESS),
    "internal-review": (frozenset({S.RESPONDED}), S.INTERNAL_REVIEW),
    "review-outcome": (frozenset({S.INTERNAL_REVIEW}), S.REVIEWED),
    "ico-referral": (frozenset({S.RESPONDED, S.INTERNAL_REVIEW, S.REVIEWED}), S.REFERRED_ICO),
    "close": (_RUNNING | {S.CLARIFICATION, S.FEE_NOTICE, S.EXTENDED}, S.CLOSED),
}
# The one FOI move the plain /transition endpoint makes: it changes nothing on the clock.
FOI_PLAIN_MOVES = frozenset({(S.OPEN, S.IN_PROGRESS)})

_FOI_ROLES = KIND_ROLES[CaseKind.FOI]
MACHINES: dict[CaseKind, Machine[CaseState]] = {
    kind: Machine("case", _general(KIND_ROLES[kind]))
    for kind in CaseKind if kind is not CaseKind.FOI
}
MACHINES[CaseKind.FOI] = Machine("case", {
    (frm, to): _FOI_ROLES for frms, to in FOI_STEPS.values() for frm in frms})
FINISHED = frozenset({S.RESOLVED, S.CLOSED, S.RESPONDED, S.WITHHELD, S.REVIEWED,
                      S.REFERRED_ICO})
# FOI states whose clock is stopped: no due date runs until the requester acts.
STOPPED = frozenset({S.CLARIFICATION, S.FEE_NOTICE})


def foi_step(frm: str, to: str) -> str | None:
    """The FOI step that moves a request from ``frm`` to ``to`` (None if there is none)."""
    for name, (frms, target) in FOI_STEPS.items():
        if frm in frms and to == target:
            return name
    return None


def visible_kinds(roles: Iterable[str]) -> list[CaseKind]:
    held = list(roles)
    return [kind for kind in CaseKind if permits(held, KIND_ROLES[kind])]


def can_see(roles: Iterable[str], kind: str) -> bool:
    return kind in {k.value for k in visible_kinds(roles)}


def reportable_kinds(roles: Iterable[str]) -> list[CaseKind]:
    held = list(roles)
    return [kind for kind in CaseKind if permits(held, KIND_REPORTERS[kind])]
