"""The official accounts register in the database: create, approve, import, audit, export.

Every function is keyword-only and takes the caller's session (the caller
commits). Every change writes an audit row through ``socialguard.workflow``;
approval moves go through the state machine ``MACHINE``.

Who approves (policy §10: "Communications and Engagement and then the
appropriate Director"): the comms role submits and gives the first approval;
the Director's approval needs ``Role.ADMIN``. ``Role.MANAGER`` is a line
manager, not a Director, and the register's pages are for comms and admin
only, so a manager could not reach the button anyway. The Director must be a
different person from the one who gave the comms approval (two people look at
every business case), even though an admin may make either move.

Closure: when an account is closed on its platform (usually because the audit said
CLOSE), comms or admin record the day, and why; ``closed_by`` is who recorded it. A
closed account stays in the register, marked closed, but leaves the audit and the
"due" list and takes no approval moves; ``reopen_account`` undoes a closure, again
with a reason. Both go in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from socialguard.accounts.audit import audit_account
from socialguard.accounts.importers.base import Activity
from socialguard.accounts.models import Account, AccountAudit, Post
from socialguard.accounts.schemas import AccountCreate, AccountUpdate, AuditSummary
from socialguard.accounts.tables import (
    AccountAuditRun,
    AccountPost,
    ApprovalState,
    FollowerSnapshot,
    OfficialAccount,
)
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.errors import Conflict, Forbidden, InvalidInput, NotFound
from socialguard.exports import csv_text
from socialguard.policy.schema import ClosureCriteria
from socialguard.workflow.audit import record, trail
from socialguard.workflow.machine import Machine, advance
from socialguard.workflow.models import AuditEvent

ENTITY = "official_account"
MANAGER_ROLES = frozenset({Role.COMMS, Role.ADMIN})
COMMS = frozenset({Role.COMMS})
DIRECTOR = frozenset({Role.ADMIN})
S = ApprovalState
MACHINE: Machine[ApprovalState] = Machine(
    entity_type=ENTITY,
    transitions={
        (S.DRAFT, S.SUBMITTED): COMMS,
        (S.SUBMITTED, S.COMMS_APPROVED): COMMS,
        (S.SUBMITTED, S.DRAFT): COMMS,
        (S.COMMS_APPROVED, S.DIRECTOR_APPROVED): DIRECTOR,
        (S.COMMS_APPROVED, S.DRAFT): DIRECTOR,
    },
)
ACTION_LABELS: dict[tuple[ApprovalState, ApprovalState], str] = {
    (S.DRAFT, S.SUBMITTED): "Submit for approval",
    (S.SUBMITTED, S.COMMS_APPROVED): "Approve for Communications and Engagement",
    (S.SUBMITTED, S.DRAFT): "Return to draft",
    (S.COMMS_APPROVED, S.DIRECTOR_APPROVED): "Approve as Director",
    (S.COMMS_APPROVED, S.DRAFT): "Return to draft",
}
STATE_LABELS = {
    S.DRAFT: "Draft",
    S.SUBMITTED: "Awaiting Communications and Engagement",
    S.COMMS_APPROVED: "Awaiting the Director",
    S.DIRECTOR_APPROVED: "Approved",
}
RANK = {"close": 0, "review": 1, "keep": 2}


# -- register -----------------------------------------------------------------------------


def business_case_status(account: OfficialAccount) -> Literal["approved", "pending", "none"]:
    """The spec §3 ``business_case`` of a register row, from its approval state."""
    if account.state == S.DIRECTOR_APPROVED:
        return "approved"
    return "none" if account.state == S.DRAFT else "pending"


def create_account(session: Session, *, data: AccountCreate, actor: User) -> OfficialAccount:
    if data.ref and session.scalar(select(OfficialAccount.id).where(
            OfficialAccount.ref == data.ref)) is not None:
        raise Conflict(f"the register already holds an account {data.ref}")
    fields = data.model_dump(exclude={"ref"})
    account = OfficialAccount(ref=data.ref or f"new-{datetime.now(UTC).timestamp():.6f}",
                              state=S.DRAFT.value, registered_by=actor.email, **fields)
    session.add(account)
    session.flush()
    if not data.ref:
        account.ref = f"acc-{account.id:02d}"
        session.flush()
    record(session, actor=actor, entity_type=ENTITY, entity_id=account.id, action="created",
           to_state=account.state, detail={"ref": account.ref, "handle": account.handle})
    return account


def update_account(session: Session, *, account: OfficialAccount, data: AccountUpdate,
                   actor: User) -> OfficialAccount:
    changes: dict[str, Any] = {}
    for name, value in data.model_dump(exclude_unset=True).items():
        if name != "followers" and isinstance(value, str):
            value = value or None
        if name in ("programme_status", "followers") and value is None:
            continue
        old = getattr(account, name)
        if old != value:
            changes[name] = [old, value]
            setattr(account, name, value)
    if "followers" in changes:
        _snapshot(account, datetime.now(UTC).date(), account.followers)
    if changes:
        record(session, actor=actor, entity_type=ENTITY, entity_id=account.id,
               action="updated", detail=changes)
    return account


def get_account(session: Session, *, account_id: int) -> OfficialAccount:
    account = session.get(OfficialAccount, account_id)
    if account is None:
        raise NotFound(f"no official account {account_id}")
    return account


def list_accounts(session: Session) -> list[OfficialAccount]:
    """The register, those the last audit said to close first, then review, keep, unaudited;
    closed accounts last."""
    accounts = session.scalars(select(OfficialAccount).options(
        selectinload(OfficialAccount.posts), selectinload(OfficialAccount.snapshots))).all()
    return sorted(accounts, key=lambda a: (a.closed, RANK.get(a.last_recommendation or "", 3),
                                           a.ref))


def due(accounts: Iterable[OfficialAccount]) -> list[OfficialAccount]:
    """Open accounts whose latest audit recommends review or closure (the team's to-do list)."""
    return [a for a in accounts
            if not a.closed and a.last_recommendation in ("close", "review")]


def history(session: Session, *, account: OfficialAccount) -> list[AuditEvent]:
    return trail(session, entity_type=ENTITY, entity_id=account.id)


# -- approval -----------------------------------------------------------------------------


def missing_for_submission(account: OfficialAccount) -> list[str]:
    missing = [label for label, value in (
        ("a named owner", account.owner),
        ("objectives and KPIs", account.objectives_kpis),
        ("a content plan", account.content_plan),
        ("evidence of user need", account.user_need),
        ("resourcing", account.resourcing)) if not (value or "").strip()]
    if not account.checked_several_times_daily:
        missing.append("confirmation that the account is checked several times a day")
    if not account.not_internal:
        missing.append("the declaration that it is not for internal initiatives")
    return missing


def transition(session: Session, *, account: OfficialAccount, to: ApprovalState, actor: User,
               reason: str | None = None) -> OfficialAccount:
    if account.closed:
        raise Conflict("The account is closed: reopen it before moving its business case.")
    current = ApprovalState(account.state)
    reason = (reason or "").strip() or None
    if MACHINE.can(current, to, actor.roles):  # otherwise advance() says 409 or 403
        _check_move(session, account, current, to, actor, reason)
    advance(session, machine=MACHINE, entity=account, to=to, actor=actor, reason=reason)
    account.state = ApprovalState(account.state).value
    return account


def _check_move(session: Session, account: OfficialAccount, current: ApprovalState,
                to: ApprovalState, actor: User, reason: str | None) -> None:
    if to == S.DRAFT and reason is None:
        raise InvalidInput("Say why the business case is returned to draft.")
    if (current, to) == (S.DRAFT, S.SUBMITTED):
        missing = missing_for_submission(account)
        if missing:
            raise InvalidInput("The business case is incomplete: it needs "
                               + "; ".join(missing) + ".")
    if (current, to) == (S.COMMS_APPROVED, S.DIRECTOR_APPROVED):
        comms = _last_mover(session, account, S.COMMS_APPROVED)
        if comms is not None and comms == actor.id:
            raise Forbidden("The Director's approval must come from someone other than "
                            "the person who approved for Communications and Engagement.")


def _last_mover(session: Session, account: OfficialAccount, to: ApprovalState) -> int | None:
    moves = [e for e in history(session, account=account)
             if e.action == "transition" and e.to_state == to.value]
    return moves[-1].actor_id if moves else None


def next_moves(account: OfficialAccount, roles: Sequence[str]) -> list[tuple[ApprovalState, str]]:
    """The moves this user may make now, with their button labels (none once closed)."""
    if account.closed:
        return []
    current = ApprovalState(account.state)
    return [(to, ACTION_LABELS[(current, to)]) for to in MACHINE.allowed_from(current)
            if MACHINE.can(current, to, roles)]


# -- closure ------------------------------------------------------------------------------


def _reason(reason: str | None, ask: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(ask)
    if len(text) > 2000:
        raise InvalidInput("The reason must be 2000 characters or fewer.")
    return text


def _set_closure(session: Session, account: OfficialAccount, *, open_now: bool,
                 values: dict[str, Any]) -> None:
    """Write the closure columns only if no one changed them meanwhile (one UPDATE that
    checks the current state, so two people closing at once cannot both succeed)."""
    still = (OfficialAccount.closed_on.is_(None) if open_now
             else OfficialAccount.closed_on.is_not(None))
    result = session.execute(
        update(OfficialAccount).where(OfficialAccount.id == account.id, still)
        .values(**values).execution_options(synchronize_session=False))
    if int(getattr(result, "rowcount", 0) or 0) != 1:
        raise Conflict("Someone else changed this account's closure just now: "
                       "reload the page and check.")
    for name, value in values.items():
        set_committed_value(account, name, value)


def check_close(account: OfficialAccount, *, reason: str | None,
                closed_on: date | None = None) -> tuple[str, date]:
    """The reason and day a closure would record, or why it cannot be recorded."""
    reason = _reason(reason, "Say why the account is closed.")
    if account.closed:
        raise Conflict(f"The account was already closed on {account.closed_on} "
                       f"by {account.closed_by}.")
    today = datetime.now(UTC).date()
    day = closed_on or today
    if day > today:
        raise InvalidInput("The closure date cannot be in the future.")
    if day < account.created_at:
        raise InvalidInput("The closure date cannot be before the account was opened "
                           f"({account.created_at.isoformat()}).")
    return reason, day


def close_account(session: Session, *, account: OfficialAccount, actor: User,
                  reason: str | None, closed_on: date | None = None) -> OfficialAccount:
    """Record that the account was closed on its platform on ``closed_on`` (today, UTC)."""
    reason, day = check_close(account, reason=reason, closed_on=closed_on)
    _set_closure(session, account, open_now=True,
                 values={"closed_on": day, "closed_by": actor.email, "closed_reason": reason})
    record(session, actor=actor, entity_type=ENTITY, entity_id=account.id, action="closed",
           from_state="open", to_state="closed", reason=reason,
           detail={"closed_on": day.isoformat(),
                   "last_recommendation": account.last_recommendation,
                   "last_audit_on": (account.last_audit_on.isoformat()
                                     if account.last_audit_on else None)})
    return account


def reopen_account(session: Session, *, account: OfficialAccount, actor: User,
                   reason: str | None) -> OfficialAccount:
    """Undo a closure (recorded by mistake, or the account is in use again)."""
    reason = _reason(reason, "Say why the account is reopened.")
    if not account.closed:
        raise Conflict("The account is not closed.")
    undone = {"closed_on": account.closed_on.isoformat() if account.closed_on else None,
              "closed_by": account.closed_by, "closed_reason": account.closed_reason}
    _set_closure(session, account, open_now=False,
                 values={"closed_on": None, "closed_by": None, "closed_reason": None})
    record(session, actor=actor, entity_type=ENTITY, entity_id=account.id, action="reopened",
           from_state="closed", to_state="open", reason=reason, detail=undone)
    return account


# -- activity -----------------------------------------------------------------------------


def _snapshot(account: OfficialAccount, day: date, count: int) -> None:
    for snap in account.snapshots:
        if snap.day == day:
            snap.count = count
            return
    account.snapshots.append(FollowerSnapshot(day=day, count=count))


def apply_activity(session: Session, *, account: OfficialAccount, activity: Activity,
                   fmt: str, files: Sequence[str], actor: User,
                   followers: int | None = None) -> dict[str, Any]:
    """Add an export's posts (skipping ones already held) and follower counts; audit it."""
    held = {(p.at, p.original) for p in account.posts}
    added = 0
    for post in activity.posts:
        key = (post.at, post.original)
        if key in held:
            continue
        held.add(key)
        account.posts.append(AccountPost(at=post.at, original=post.original))
        added += 1
    for day, count in activity.followers:
        _snapshot(account, day, count)
    if followers is not None:
        _snapshot(account, datetime.now(UTC).date(), followers)
    if account.snapshots:
        latest = max(account.snapshots, key=lambda s: s.day)
        account.followers = followers if followers is not None else latest.count
    result = {"format": fmt, "files": list(files), "posts_added": added,
              "posts_already_held": len(activity.posts) - added,
              "follower_snapshots": len(activity.followers) + (followers is not None),
              "followers": account.followers, "notes": list(activity.notes)}
    record(session, actor=actor, entity_type=ENTITY, entity_id=account.id, action="imported",
           detail=result)
    return result


def to_spec(account: OfficialAccount) -> Account:
    """The register row as one spec §3 account (what the pure audit reads)."""
    return Account(
        id=account.ref, platform=account.platform, handle=account.handle, owner=account.owner,
        business_case=business_case_status(account),
        programme_status="closed" if account.programme_status == "closed" else "active",
        created_at=account.created_at, followers=account.followers,
        posts=[Post(at=p.at, original=p.original) for p in account.posts],
        programme=account.programme,
        followers_history=[(s.day, s.count) for s in account.snapshots])


# -- audit --------------------------------------------------------------------------------


def audit_one(session: Session, *, account: OfficialAccount, as_of: date,
              criteria: ClosureCriteria, actor: User | None) -> AccountAudit:
    """Apply the §10.1 closure criteria as of ``as_of``; keep the result on the account."""
    if account.closed:
        raise Conflict("The account is closed, so it is no longer audited: reopen it first.")
    result = audit_account(to_spec(account), as_of=as_of, criteria=criteria)
    findings = [f.model_dump() for f in result.findings]
    session.add(AccountAuditRun(account_id=account.id, as_of=as_of,
                                actor=actor.email if actor else "scheduler",
                                recommendation=result.recommendation, findings=findings))
    previous = account.last_recommendation
    account.last_audit_on = as_of
    account.last_recommendation = result.recommendation
    account.last_findings = findings
    if actor is not None or previous != result.recommendation:
        # The daily job writes to the trail only when the answer changes.
        record(session, actor=actor, entity_type=ENTITY, entity_id=account.id,
               action="audited", from_state=previous, to_state=result.recommendation,
               detail={"as_of": as_of.isoformat(), "rules": result.rules})
    return result


def audit_all(session: Session, *, as_of: date, criteria: ClosureCriteria,
              actor: User | None) -> AuditSummary:
    """Audit every open account; closed ones are skipped (and counted)."""
    counts = {"close": 0, "review": 0, "keep": 0}
    accounts = list_accounts(session)
    open_accounts = [a for a in accounts if not a.closed]
    for account in open_accounts:
        counts[audit_one(session, account=account, as_of=as_of, criteria=criteria,
                         actor=actor).recommendation] += 1
    return AuditSummary(as_of=as_of, audited=len(open_accounts),
                        skipped_closed=len(accounts) - len(open_accounts), **counts)


def audited_on(session: Session, *, as_of: date, actor: str) -> bool:
    return session.scalar(select(AccountAuditRun.id).where(
        AccountAuditRun.as_of == as_of, AccountAuditRun.actor == actor).limit(1)) is not None


# -- export -------------------------------------------------------------------------------

CSV_COLUMNS = ("id", "platform", "handle", "owner", "programme", "programme_status",
               "created_at", "followers", "approval", "business_case", "posts",
               "last_original_post", "last_audit_on", "recommendation", "findings",
               "closed_on", "closed_by", "closed_reason")


def csv_rows(accounts: Iterable[OfficialAccount]) -> Iterator[list[object]]:
    """The data rows of the export, one an account (the header is ``CSV_COLUMNS``)."""
    for a in accounts:
        originals = [p.at for p in a.posts if p.original]
        yield [a.ref, a.platform, a.handle, a.owner, a.programme, a.programme_status,
               a.created_at, a.followers, a.state, business_case_status(a), len(a.posts),
               max(originals).date() if originals else None, a.last_audit_on,
               a.last_recommendation,
               "; ".join(f"{f['rule']}: {f['evidence']}" for f in a.last_findings),
               a.closed_on, a.closed_by, a.closed_reason]


def export_csv(session: Session) -> str:
    """The register as CSV; formulas are defused, a bare handle is left as it is."""
    return csv_text(CSV_COLUMNS, csv_rows(list_accounts(session)))
