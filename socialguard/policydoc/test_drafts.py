"""The policy owner's test drafts: posts and messages saved on purpose to be checked again
under every draft version of the policy before it is published (issue 15).

These are the only checked texts SocialGuard keeps, and only because a policy manager
typed them for this; a draft checked on the check page is never stored here or anywhere.
The set is shared by the policy managers (HR, Communications, administrators), so each
sees what the others' edits would do to it; who added each one is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from socialguard.auth.models import User
from socialguard.db.base import Base, UTCDateTime, utcnow
from socialguard.errors import InvalidInput, NotFound
from socialguard.submission import MAX_TEXT_CHARS, Author, Capacity, Kind, Submission
from socialguard.web.check_form import PLATFORMS
from socialguard.workflow.audit import record

ENTITY = "policy_test_draft"
# Enough to cover every rule a few times over; the preview checks them all twice.
MAX_DRAFTS = 200


class PolicyTestDraft(Base):
    __tablename__ = "policy_test_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default=Kind.POST.value)
    capacity: Mapped[str] = mapped_column(String(20), default=Capacity.PERSONAL.value)
    platform: Mapped[str] = mapped_column(String(40), default="other")
    identifiable_as_staff: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class DraftIn:
    """What the owner typed, kept as typed so that a refused form shows it again."""

    text: str = ""
    kind: str = Kind.POST.value
    capacity: str = Capacity.PERSONAL.value
    platform: str = "other"
    identifiable_as_staff: bool = True


def drafts(session: Session) -> list[PolicyTestDraft]:
    return list(session.scalars(select(PolicyTestDraft).order_by(PolicyTestDraft.id)))


def problems_of(data: DraftIn) -> dict[str, str]:
    """Field name -> what is wrong (empty when the draft can be saved)."""
    problems: dict[str, str] = {}
    if not data.text.strip():
        problems["text"] = "Enter the text of the test draft"
    elif len(data.text) > MAX_TEXT_CHARS:
        problems["text"] = f"The text is over {MAX_TEXT_CHARS:,} characters"
    if data.kind not in {k.value for k in Kind}:
        problems["kind"] = "Choose what kind of text it is"
    if data.capacity not in {c.value for c in Capacity}:
        problems["capacity"] = "Choose personal or official"
    if data.platform not in PLATFORMS:
        problems["platform"] = "Choose a platform"
    return problems


def add_draft(session: Session, *, actor: User, data: DraftIn) -> PolicyTestDraft:
    """Save a test draft (``InvalidInput`` names the field at fault)."""
    problems = problems_of(data)
    if not problems and (session.scalar(select(func.count(PolicyTestDraft.id))) or 0) >= MAX_DRAFTS:
        problems["text"] = f"There are already {MAX_DRAFTS} test drafts: delete some first"
    if problems:
        raise InvalidInput("; ".join(f"{k}: {v}" for k, v in problems.items()))
    draft = PolicyTestDraft(text=data.text.strip(), kind=data.kind, capacity=data.capacity,
                            platform=data.platform,
                            identifiable_as_staff=data.identifiable_as_staff,
                            created_by_id=actor.id, created_by=actor.email)
    session.add(draft)
    session.flush()
    # The audit trail says what kind of draft it was, never its words.
    record(session, actor=actor, entity_type=ENTITY, entity_id=draft.id, action="create",
           detail={"kind": draft.kind, "capacity": draft.capacity, "platform": draft.platform,
                   "identifiable_as_staff": draft.identifiable_as_staff,
                   "characters": len(draft.text)})
    return draft


def delete_draft(session: Session, *, actor: User, draft_id: int) -> None:
    draft = session.get(PolicyTestDraft, draft_id)
    if draft is None:
        raise NotFound("No such test draft.")
    session.delete(draft)
    record(session, actor=actor, entity_type=ENTITY, entity_id=draft_id, action="delete",
           detail={"kind": draft.kind, "platform": draft.platform})


def as_submission(draft: PolicyTestDraft) -> Submission:
    return Submission(id=f"test-{draft.id}", text=draft.text, kind=Kind(draft.kind),
                      capacity=Capacity(draft.capacity), platform=draft.platform,
                      author=Author(identifiable_as_staff=draft.identifiable_as_staff))
