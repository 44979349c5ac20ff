"""official accounts register: accounts, posts, follower snapshots, audit runs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_fk() -> sa.Column[int]:
    return sa.Column("account_id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "official_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("platform", sa.String(40), nullable=False),
        sa.Column("handle", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("programme", sa.String(200), nullable=True),
        sa.Column("programme_status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.Date(), nullable=False),
        sa.Column("followers", sa.Integer(), nullable=False),
        sa.Column("objectives_kpis", sa.Text(), nullable=False),
        sa.Column("content_plan", sa.Text(), nullable=False),
        sa.Column("user_need", sa.Text(), nullable=False),
        sa.Column("resourcing", sa.Text(), nullable=False),
        sa.Column("checked_several_times_daily", sa.Boolean(), nullable=False),
        sa.Column("not_internal", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(320), nullable=False),
        sa.Column("last_audit_on", sa.Date(), nullable=True),
        sa.Column("last_recommendation", sa.String(10), nullable=True),
        sa.Column("last_findings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_official_accounts"),
        sa.UniqueConstraint("ref", name="uq_official_accounts_ref"),
    )
    op.create_index("ix_official_accounts_state", "official_accounts", ["state"])

    op.create_table(
        "account_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        _account_fk(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account_posts"),
        sa.ForeignKeyConstraint(["account_id"], ["official_accounts.id"],
                                name="fk_account_posts_account_id_official_accounts",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("account_id", "at", "original",
                            name="uq_account_posts_account_at_original"),
    )
    op.create_index("ix_account_posts_account_id", "account_posts", ["account_id"])

    op.create_table(
        "follower_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        _account_fk(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_follower_snapshots"),
        sa.ForeignKeyConstraint(["account_id"], ["official_accounts.id"],
                                name="fk_follower_snapshots_account_id_official_accounts",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("account_id", "day", name="uq_follower_snapshots_account_day"),
    )
    op.create_index("ix_follower_snapshots_account_id", "follower_snapshots", ["account_id"])

    op.create_table(
        "account_audit_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        _account_fk(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("recommendation", sa.String(10), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account_audit_runs"),
        sa.ForeignKeyConstraint(["account_id"], ["official_accounts.id"],
                                name="fk_account_audit_runs_account_id_official_accounts",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_account_audit_runs_account_as_of", "account_audit_runs",
                    ["account_id", "as_of"])


def downgrade() -> None:
    op.drop_table("account_audit_runs")
    op.drop_table("follower_snapshots")
    op.drop_table("account_posts")
    op.drop_index("ix_official_accounts_state", table_name="official_accounts")
    op.drop_table("official_accounts")
