"""the policy version in force is the one last published (or rolled back to), not the newest

Revision ID: 0012
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    publications = op.create_table(
        "policy_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(),
                  sa.ForeignKey("policy_versions.id", ondelete="CASCADE",
                                name="fk_policy_publications_version_id_policy_versions"),
                  nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(),
                  sa.ForeignKey("users.id", ondelete="SET NULL",
                                name="fk_policy_publications_actor_id_users"),
                  nullable=True),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policy_publications"),
    )
    op.create_index("ix_policy_publications_version_id", "policy_publications", ["version_id"])
    # Before this revision the newest version was the one in force; keep it so.
    newest = op.get_bind().execute(sa.text(
        "SELECT id FROM policy_versions ORDER BY number DESC LIMIT 1")).scalar()
    if newest is not None:
        op.bulk_insert(publications, [{
            "version_id": newest, "action": "publish", "actor": "system",
            "reason": "In force when publishing became a separate step",
            "at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("policy_publications")
