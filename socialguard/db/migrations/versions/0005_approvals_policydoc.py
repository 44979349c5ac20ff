"""approvals (blog, video, survey, collaboration space) and policy document control

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str, column: str, ondelete: str = "SET NULL") -> sa.ForeignKey:
    return sa.ForeignKey("users.id", ondelete=ondelete, name=f"fk_{table}_{column}_users")


def upgrade() -> None:
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("requester_id", sa.Integer(), _user_fk("approval_requests", "requester_id"),
                  nullable=True),
        sa.Column("requester", sa.String(320), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("captions_name", sa.String(255), nullable=True),
        sa.Column("captions_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approval_requests"),
    )
    op.create_index("ix_approval_requests_kind", "approval_requests", ["kind"])
    op.create_index("ix_approval_requests_state", "approval_requests", ["state"])
    op.create_index("ix_approval_requests_requester_id", "approval_requests", ["requester_id"])
    op.create_table(
        "approval_signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(),
                  sa.ForeignKey("approval_requests.id", ondelete="CASCADE",
                                name="fk_approval_signoffs_request_id_approval_requests"),
                  nullable=False),
        sa.Column("team", sa.String(20), nullable=False),
        sa.Column("by_id", sa.Integer(), _user_fk("approval_signoffs", "by_id"), nullable=True),
        sa.Column("by", sa.String(320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approval_signoffs"),
        sa.UniqueConstraint("request_id", "team", name="uq_approval_signoffs_request_id_team"),
    )
    op.create_index("ix_approval_signoffs_request_id", "approval_signoffs", ["request_id"])
    op.create_table(
        "approval_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(),
                  sa.ForeignKey("approval_requests.id", ondelete="CASCADE",
                                name="fk_approval_comments_request_id_approval_requests"),
                  nullable=False),
        sa.Column("author_id", sa.Integer(), _user_fk("approval_comments", "author_id"),
                  nullable=True),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approval_comments"),
    )
    op.create_index("ix_approval_comments_request_id", "approval_comments", ["request_id"])

    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("pack_version", sa.String(40), nullable=False),
        sa.Column("document_version", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("approval_date", sa.Date(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("review_interval_months", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), _user_fk("policy_versions", "created_by_id"),
                  nullable=True),
        sa.Column("created_by", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policy_versions"),
        sa.UniqueConstraint("number", name="uq_policy_versions_number"),
    )
    op.create_index("ix_policy_versions_sha256", "policy_versions", ["sha256"])
    op.create_table(
        "policy_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(),
                  sa.ForeignKey("policy_versions.id", ondelete="CASCADE",
                                name="fk_policy_reviews_version_id_policy_versions"),
                  nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), _user_fk("policy_reviews", "reviewer_id"),
                  nullable=True),
        sa.Column("reviewer", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policy_reviews"),
    )
    op.create_index("ix_policy_reviews_version_id", "policy_reviews", ["version_id"])
    op.create_table(
        "policy_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(),
                  sa.ForeignKey("policy_versions.id", ondelete="CASCADE",
                                name="fk_policy_acknowledgements_version_id_policy_versions"),
                  nullable=False),
        sa.Column("user_id", sa.Integer(), _user_fk("policy_acknowledgements", "user_id",
                                                    "CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policy_acknowledgements"),
        sa.UniqueConstraint("version_id", "user_id",
                            name="uq_policy_acknowledgements_version_id_user_id"),
    )
    op.create_index("ix_policy_acknowledgements_version_id", "policy_acknowledgements",
                    ["version_id"])
    op.create_index("ix_policy_acknowledgements_user_id", "policy_acknowledgements",
                    ["user_id"])


def downgrade() -> None:
    for table in ("policy_acknowledgements", "policy_reviews", "policy_versions",
                  "approval_comments", "approval_signoffs", "approval_requests"):
        op.drop_table(table)
