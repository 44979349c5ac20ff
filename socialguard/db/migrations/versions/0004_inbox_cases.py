"""triage inbox (messages and their routes) and cases (with comments)

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(column: str, table: str) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(),
                     sa.ForeignKey("users.id", ondelete="SET NULL",
                                   name=f"fk_{table}_{column}_users"), nullable=True)


def upgrade() -> None:
    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=True),
        sa.Column("platform", sa.String(50), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("batch", sa.String(40), nullable=True),
        _user_fk("imported_by_id", "inbox_messages"),
        sa.Column("imported_by", sa.String(320), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("policy", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_messages"),
        sa.UniqueConstraint("platform", "external_id",
                            name="uq_inbox_messages_platform_external_id"),
    )
    for column in ("received_at", "urgency", "batch", "imported_by_id"):
        op.create_index(f"ix_inbox_messages_{column}", "inbox_messages", [column])

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=True),
        sa.Column("platform", sa.String(50), nullable=True),
        sa.Column("requester", sa.String(200), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        _user_fk("reporter_id", "cases"),
        sa.Column("reporter", sa.String(320), nullable=False),
        _user_fk("assignee_id", "cases"),
        sa.Column("assignee", sa.String(320), nullable=True),
        sa.Column("source_message_id", sa.Integer(),
                  sa.ForeignKey("inbox_messages.id", ondelete="SET NULL",
                                name="fk_cases_source_message_id_inbox_messages"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
    )
    for column in ("kind", "state", "due_date", "assignee_id", "source_message_id"):
        op.create_index(f"ix_cases_{column}", "cases", [column])

    op.create_table(
        "case_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(),
                  sa.ForeignKey("cases.id", ondelete="CASCADE",
                                name="fk_case_comments_case_id_cases"), nullable=False),
        _user_fk("author_id", "case_comments"),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_comments"),
    )
    op.create_index("ix_case_comments_case_id", "case_comments", ["case_id"])

    op.create_table(
        "inbox_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(),
                  sa.ForeignKey("inbox_messages.id", ondelete="CASCADE",
                                name="fk_inbox_routes_message_id_inbox_messages"),
                  nullable=False),
        sa.Column("label", sa.String(60), nullable=False),
        sa.Column("team", sa.String(40), nullable=False),
        sa.Column("team_name", sa.String(200), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("report_url", sa.String(500), nullable=True),
        sa.Column("case_id", sa.Integer(),
                  sa.ForeignKey("cases.id", ondelete="SET NULL",
                                name="fk_inbox_routes_case_id_cases"), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_routes"),
    )
    for column in ("message_id", "team", "state"):
        op.create_index(f"ix_inbox_routes_{column}", "inbox_routes", [column])


def downgrade() -> None:
    op.drop_table("inbox_routes")
    op.drop_table("case_comments")
    op.drop_table("cases")
    op.drop_table("inbox_messages")
