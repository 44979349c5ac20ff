"""cases remember the Idempotency-Key they were opened with

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(64), nullable=True))
    op.create_index("uq_cases_reporter_idempotency", "cases",
                    ["reporter_id", "idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_cases_reporter_idempotency", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("idempotency_key")
