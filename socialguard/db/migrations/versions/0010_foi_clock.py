"""FOI requests keep their validity checklist and their clock's steps

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-14

The old FOI state "withheld" becomes "responded" with the outcome "refused", and every
FOI request already answered gets its response step (dated the day it was closed), so
the compliance figures count it. The audit trail says so, once per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONDON = ZoneInfo("Europe/London")
cases = sa.table("cases", sa.column("id", sa.Integer()), sa.column("kind", sa.String()),
                 sa.column("state", sa.String()), sa.column("closed_at", sa.DateTime()),
                 sa.column("updated_at", sa.DateTime()))
foi_events = sa.table("foi_events", sa.column("case_id", sa.Integer()),
                      sa.column("step", sa.String()), sa.column("on_date", sa.Date()),
                      sa.column("outcome", sa.String()), sa.column("exemptions", sa.JSON()),
                      sa.column("reason", sa.Text()), sa.column("actor", sa.String()),
                      sa.column("recorded_at", sa.DateTime(timezone=True)))
audit_events = sa.table("audit_events", sa.column("at", sa.DateTime(timezone=True)),
                        sa.column("actor", sa.String()), sa.column("entity_type", sa.String()),
                        sa.column("entity_id", sa.String()), sa.column("action", sa.String()),
                        sa.column("from_state", sa.String()), sa.column("to_state", sa.String()),
                        sa.column("reason", sa.Text()), sa.column("detail", sa.JSON()))
MIGRATED = "recorded by migration 0010 from the state before the FOI clock"


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("foi_name_ok", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("foi_address_ok", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("foi_description_ok", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("foi_address", sa.String(500), nullable=True))
    op.create_table(
        "foi_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(),
                  sa.ForeignKey("cases.id", ondelete="CASCADE",
                                name="fk_foi_events_case_id_cases"), nullable=False),
        sa.Column("step", sa.String(30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("exemptions", sa.JSON(), nullable=False),
        sa.Column("fee_pence", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(),
                  sa.ForeignKey("users.id", ondelete="SET NULL",
                                name="fk_foi_events_actor_id_users"), nullable=True),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_foi_events"),
    )
    op.create_index("ix_foi_events_case_id", "foi_events", ["case_id"])
    _record_answered_requests()


def _record_answered_requests() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC)
    answered = conn.execute(sa.select(cases.c.id, cases.c.state, cases.c.closed_at,
                                      cases.c.updated_at)
                            .where(cases.c.kind == "foi",
                                   cases.c.state.in_(["responded", "withheld"]))).all()
    for case_id, state, closed_at, updated_at in answered:
        outcome = "refused" if state == "withheld" else None
        conn.execute(foi_events.insert().values(
            case_id=case_id, step="response", on_date=_london_day(closed_at or updated_at),
            outcome=outcome, exemptions=[], reason=MIGRATED, actor="system", recorded_at=now))
        if state == "withheld":
            conn.execute(cases.update().where(cases.c.id == case_id).values(state="responded"))
            conn.execute(audit_events.insert().values(
                at=now, actor="system", entity_type="case", entity_id=str(case_id),
                action="migrated", from_state="withheld", to_state="responded",
                reason=MIGRATED, detail={"outcome": "refused"}))


def _london_day(value: datetime | str) -> date:
    """The office's date of a stored UTC time (SQLite hands it back as text, no offset)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date()


def downgrade() -> None:
    """Back to the states 0007 knew: a stopped or extended clock is "in progress", a
    reviewed or referred request "responded", and a refusal "withheld" again."""
    conn = op.get_bind()
    for states, old in ((["clarification_sought", "fee_notice", "extended"], "in_progress"),
                        (["internal_review", "reviewed", "referred_ico"], "responded")):
        conn.execute(cases.update().where(cases.c.kind == "foi", cases.c.state.in_(states))
                     .values(state=old))
    refused = sa.select(foi_events.c.case_id).where(foi_events.c.step == "response",
                                                    foi_events.c.outcome == "refused")
    conn.execute(cases.update().where(cases.c.kind == "foi", cases.c.state == "responded",
                                      cases.c.id.in_(refused)).values(state="withheld"))
    op.drop_index("ix_foi_events_case_id", table_name="foi_events")
    op.drop_table("foi_events")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("foi_address")
        batch.drop_column("foi_description_ok")
        batch.drop_column("foi_address_ok")
        batch.drop_column("foi_name_ok")
