"""Scheduled jobs that must run once a day across every process and host.

Each worker of ``serve --workers N`` (and each host behind a load balancer) starts its own
scheduler, so the same job fires several times. The first process to insert the row for
(job, day) runs it; the others hit the primary key and skip. The database is the only thing
every process and host shares, so the claim lives there, not in a file lock or in memory.
"""

from __future__ import annotations

import logging
import socket
from datetime import date, datetime

from sqlalchemy import Date, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from socialguard.db.base import Base, UTCDateTime, utcnow
from socialguard.db.session import Database

log = logging.getLogger("socialguard.jobs")


class JobRun(Base):
    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(60), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    host: Mapped[str] = mapped_column(String(255))


def claim(database: Database, *, job: str, day: date) -> bool:
    """True if this process won ``job`` for ``day``; False if another one already has it."""
    try:
        with database.session() as session:
            session.add(JobRun(job=job, day=day, host=socket.gethostname()[:255]))
    except IntegrityError:
        log.info("job %s for %s already claimed by another process", job, day)
        return False
    return True


def release(database: Database, *, job: str, day: date) -> None:
    """Give the day back after a failed run, so the next trigger (or a person) can retry it."""
    with database.session() as session:
        session.execute(delete(JobRun).where(JobRun.job == job, JobRun.day == day))
