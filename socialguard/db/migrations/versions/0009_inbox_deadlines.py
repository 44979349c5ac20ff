"""inbox routes keep a stated deadline (media enquiries): its time, words and a typo flag

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_routes") as batch:
        batch.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("due_phrase", sa.String(200), nullable=True))
        # Existing rows were never read for a deadline, so none had passed at receipt.
        batch.add_column(sa.Column("due_passed_at_receipt", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_index("ix_inbox_routes_due_at", "inbox_routes", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_routes_due_at", table_name="inbox_routes")
    with op.batch_alter_table("inbox_routes") as batch:
        batch.drop_column("due_passed_at_receipt")
        batch.drop_column("due_phrase")
        batch.drop_column("due_at")
