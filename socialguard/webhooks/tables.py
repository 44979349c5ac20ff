"""Database table of the webhooks: the ledger of deliveries already accepted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from socialguard.db.base import Base, UTCDateTime, utcnow


class WebhookDelivery(Base):
    """One accepted delivery, known by a digest of its signature (no content).

    The primary key makes a replay fail to insert even when two copies arrive at once, on
    every worker and host. Rows are pruned after a day: longer than the 5-minute window of
    the generic endpoint's signed timestamps, and than the platforms' quick retries (a later
    retry is still stored once, by the inbox's platform + external id key).
    """

    __tablename__ = "webhook_deliveries"

    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
