"""Policy document control (§14, §4.4): versions of the pack, reviews against the §14
triggers, and staff acknowledgement of the current version."""

from __future__ import annotations

import calendar
import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.errors import Conflict, InvalidInput, NotFound
from socialguard.exports import csv_text
from socialguard.policy import PackError, PolicyPack, bundled_pack_path, parse_pack
from socialguard.policydoc.tables import (
    PolicyAcknowledgement,
    PolicyPublication,
    PolicyReview,
    PolicyVersion,
)
from socialguard.workflow.audit import record

ENTITY = "policy_version"
MANAGERS: tuple[Role, ...] = (Role.ADMIN, Role.HR, Role.COMMS)
ANNUAL = "Annual review"
OUTCOMES = {"no_change": "No change needed", "amend": "Amendments needed",
            "new_version": "New version recorded"}
MAX_PACK_BYTES = 1_000_000


def running_pack_text() -> str:
    """The YAML of the pack this deployment runs (``$SOCIALGUARD_PACK`` or the bundled one)."""
    path = Path(os.environ.get("SOCIALGUARD_PACK") or bundled_pack_path())
    return path.read_text(encoding="utf-8")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# Parsed packs by the SHA-256 of their YAML: a version's text never changes (an identical
# pack is refused, so a digest names one version) and parsing one takes tens of
# milliseconds, too long for every page view and publication check. Policy only, never a
# draft. Bounded; a race parses twice, harmlessly.
_PARSED: dict[str, PolicyPack] = {}
_PARSED_MAX = 16


def label(pack: PolicyPack, number: int) -> str:
    """How a verdict and every page name the policy: one version number, the database's."""
    return f"{pack.document.reference} policy version {number}"


def parsed(yaml_text: str, *, digest: str, number: int) -> PolicyPack:
    """Version ``number``'s pack (YAML ``yaml_text`` with SHA-256 ``digest``), labelled with
    its number; ``PackError`` if it no longer loads."""
    found = _PARSED.get(digest)
    if found is None:
        found = parse_pack(yaml_text, source=f"version {number}")
        found.set_label(label(found, number))
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[digest] = found
    return found


def pack_of(version: PolicyVersion) -> PolicyPack:
    return parsed(version.yaml_text, digest=version.sha256, number=version.number)


# -- versions ------------------------------------------------------------------------------


def versions(session: Session) -> list[PolicyVersion]:
    return list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.number.desc())))


def latest_publication(session: Session) -> PolicyPublication | None:
    return session.scalars(
        select(PolicyPublication).order_by(PolicyPublication.id.desc()).limit(1)).first()


def current(session: Session) -> PolicyVersion | None:
    """The version in force: the one the latest publication names (None before the first)."""
    latest = latest_publication(session)
    return session.get(PolicyVersion, latest.version_id) if latest is not None else None


def newest(session: Session) -> PolicyVersion | None:
    return session.scalars(
        select(PolicyVersion).order_by(PolicyVersion.number.desc()).limit(1)).first()


def get(session: Session, version_id: int) -> PolicyVersion:
    version = session.get(PolicyVersion, version_id)
    if version is None:
        raise NotFound("No such policy version.")
    return version


def publications(session: Session) -> list[PolicyPublication]:
    return list(session.scalars(select(PolicyPublication).order_by(PolicyPublication.id.desc())))


def status_of(session: Session) -> dict[int, str]:
    """Version id -> "in force", "draft" (never published) or "earlier" (in force once)."""
    in_force = current(session)
    published = set(session.scalars(select(PolicyPublication.version_id)))
    return {v.id: "in force" if in_force is not None and v.id == in_force.id
            else "earlier" if v.id in published else "draft"
            for v in versions(session)}


def ensure_first_version(session: Session) -> PolicyVersion:
    """The running pack is version 1, in force, the first time anyone looks (several
    workers may race).

    Called before any other change in a request; it commits version 1 at once so that the
    next request sees it."""
    found = current(session)
    if found is not None:
        return found
    try:
        first = newest(session) or record_version(
            session, yaml_text=running_pack_text(), actor=None, source="bundled",
            note="The pack in force at first start")
        session.add(PolicyPublication(version_id=first.id, action="publish", actor="system",
                                      reason="The pack in force at first start"))
        session.commit()
        return first
    except IntegrityError:
        session.rollback()
        found = current(session)
        if found is None:
            raise
        return found  # another worker recorded it


def record_version(session: Session, *, yaml_text: str, actor: User | None, source: str,
                   note: str = "") -> PolicyVersion:
    """Validate a pack (``PackError`` names each field at fault) and store it as the next
    version, a draft until it is published; a pack identical to a recorded version is
    refused (publish that version instead)."""
    if len(yaml_text.encode("utf-8")) > MAX_PACK_BYTES:
        raise PackError("upload", ["the pack is over 1 MB"])
    pack = parse_pack(yaml_text, source="upload")
    digest = sha256(yaml_text)
    same = session.scalars(select(PolicyVersion).where(PolicyVersion.sha256 == digest)
                           .order_by(PolicyVersion.number.desc()).limit(1)).first()
    if same is not None:
        raise Conflict(f"this pack is identical to version {same.number}")
    number = (session.scalar(select(func.max(PolicyVersion.number))) or 0) + 1
    doc = pack.document
    version = PolicyVersion(
        number=number, pack_version=pack.pack_version, document_version=doc.version,
        title=f"{doc.title} ({doc.reference})", approval_date=doc.approval_date,
        review_date=doc.review_date, review_interval_months=doc.review_interval_months,
        sha256=digest, yaml_text=yaml_text, note=note.strip(), source=source,
        created_by_id=actor.id if actor else None,
        created_by=actor.email if actor else "system")
    session.add(version)
    session.flush()
    record(session, actor=actor, entity_type=ENTITY, entity_id=version.id, action="record",
           to_state=f"v{number}", reason=note.strip() or None,
           detail={"pack_version": pack.pack_version, "document_version": doc.version,
                   "sha256": digest, "source": source})
    return version


def publish(session: Session, *, version: PolicyVersion, actor: User,
            reason: str) -> PolicyPublication:
    """Put ``version`` in force for every check (each worker follows within
    ``policy_refresh_seconds``). Going back to an earlier version is a rollback, and says why."""
    in_force = ensure_first_version(session)
    if in_force.id == version.id:
        raise Conflict(f"version {version.number} is already in force")
    rollback = version.number < in_force.number
    reason = reason.strip()
    if rollback and not reason:
        raise InvalidInput("reason: say why the policy goes back to an earlier version")
    pack_of(version)  # it must still load here
    publication = PolicyPublication(version_id=version.id,
                                    action="rollback" if rollback else "publish",
                                    reason=reason, actor_id=actor.id, actor=actor.email)
    session.add(publication)
    session.flush()
    record(session, actor=actor, entity_type=ENTITY, entity_id=version.id,
           action=publication.action, from_state=f"v{in_force.number}",
           to_state=f"v{version.number}", reason=reason or None,
           detail={"publication_id": publication.id})
    return publication


# -- reviews -------------------------------------------------------------------------------


def reviews(session: Session, version: PolicyVersion | None = None) -> list[PolicyReview]:
    query = select(PolicyReview).order_by(PolicyReview.reviewed_on.desc(), PolicyReview.id.desc())
    if version is not None:
        query = query.where(PolicyReview.version_id == version.id)
    return list(session.scalars(query))


def trigger_choices(version: PolicyVersion) -> list[str]:
    return [ANNUAL, *pack_of(version).document.review_triggers]


def add_review(session: Session, *, version: PolicyVersion, actor: User, reviewed_on: date,
               triggers: list[str], notes: str, outcome: str) -> PolicyReview:
    allowed = trigger_choices(version)
    problems = []
    if not triggers:
        problems.append("triggers: choose at least one reason for the review")
    problems += [f"triggers: {t!r} is not a trigger of section 14" for t in triggers
                 if t not in allowed]
    if outcome not in OUTCOMES:
        problems.append(f"outcome: choose one of {', '.join(OUTCOMES)}")
    if reviewed_on > date.today():
        problems.append("reviewed_on: a review cannot be dated in the future")
    if problems:
        raise InvalidInput("The review is not valid. " + "; ".join(problems))
    review = PolicyReview(version_id=version.id, reviewed_on=reviewed_on, triggers=triggers,
                          notes=notes.strip(), outcome=outcome, reviewer_id=actor.id,
                          reviewer=actor.email)
    session.add(review)
    session.flush()
    record(session, actor=actor, entity_type=ENTITY, entity_id=version.id, action="review",
           reason=notes.strip() or None,
           detail={"review_id": review.id, "reviewed_on": reviewed_on.isoformat(),
                   "triggers": triggers, "outcome": outcome})
    return review


@dataclass(frozen=True)
class ReviewDue:
    last_reviewed: date
    next_review: date
    overdue: bool
    days: int  # until the next review; negative when overdue


def review_due(session: Session, version: PolicyVersion, today: date | None = None) -> ReviewDue:
    """Next review = the approval date (or the latest review recorded against this version,
    if later) plus the pack's review interval (annual, §14)."""
    today = today or date.today()
    done = [r.reviewed_on for r in reviews(session, version)]
    last = max([version.approval_date, *done])
    due = add_months(last, version.review_interval_months)
    return ReviewDue(last_reviewed=last, next_review=due, overdue=today > due,
                     days=(due - today).days)


# -- acknowledgements ----------------------------------------------------------------------


def acknowledgement(session: Session, *, version: PolicyVersion,
                    user: User) -> PolicyAcknowledgement | None:
    return session.scalars(select(PolicyAcknowledgement).where(
        PolicyAcknowledgement.version_id == version.id,
        PolicyAcknowledgement.user_id == user.id)).first()


def acknowledge(session: Session, *, user: User) -> tuple[PolicyVersion, PolicyAcknowledgement]:
    """Record that ``user`` has read the current version (once; repeating changes nothing)."""
    version = ensure_first_version(session)
    found = acknowledgement(session, version=version, user=user)
    if found is not None:
        return version, found
    ack = PolicyAcknowledgement(version_id=version.id, user_id=user.id)
    session.add(ack)
    session.flush()
    record(session, actor=user, entity_type=ENTITY, entity_id=version.id, action="acknowledge",
           detail={"version": version.number})
    return version, ack


@dataclass(frozen=True)
class AckRow:
    user: User
    at: datetime | None


def report(session: Session, version: PolicyVersion) -> tuple[list[AckRow], list[AckRow]]:
    """(acknowledged, outstanding) among active users, each sorted by e-mail."""
    acks = {a.user_id: a.at for a in session.scalars(
        select(PolicyAcknowledgement).where(PolicyAcknowledgement.version_id == version.id))}
    users = session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.email))
    done, outstanding = [], []
    for user in users:
        if user.id in acks:
            done.append(AckRow(user, acks[user.id]))
        else:
            outstanding.append(AckRow(user, None))
    return done, outstanding


REPORT_COLUMNS = ("email", "name", "roles", "status", "version", "acknowledged_at")


def report_csv(session: Session, version: PolicyVersion) -> str:
    """The acknowledgement report as CSV: acknowledged first, then outstanding."""
    done, outstanding = report(session, version)
    rows = [[row.user.email, row.user.name, " ".join(row.user.roles), status, version.number,
             row.at]
            for row, status in [*((r, "acknowledged") for r in done),
                                *((r, "not acknowledged") for r in outstanding)]]
    return csv_text(REPORT_COLUMNS, rows)
