"""The daily official-accounts audit (policy §10.1) as a scheduled job.

``start_scheduler(app)`` starts an APScheduler ``BackgroundScheduler`` that runs
``run_daily_audit`` every day at ``SOCIALGUARD_AUDIT_HOUR`` (``Settings.audit_hour``,
default 6, UTC). It is off when ``SOCIALGUARD_SCHEDULER=off`` (``Settings.scheduler``),
which the tests set. Every app worker on every host may start one: the first to claim
the day in the database (``socialguard.db.job_runs``) runs the audit and the rest skip, so
the register gets one audit a day however many processes and hosts serve it.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from apscheduler.schedulers.background import (  # type: ignore[import-untyped]
    BackgroundScheduler,
)
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from fastapi import FastAPI

from socialguard.accounts import service
from socialguard.accounts.schemas import AuditSummary
from socialguard.db import job_runs
from socialguard.db.session import Database
from socialguard.policy.loader import load_pack
from socialguard.policy.schema import ClosureCriteria
from socialguard.settings import Settings

log = logging.getLogger("socialguard.accounts.jobs")
JOB_ID = "accounts-daily-audit"
SCHEDULER_ACTOR = "scheduler"


def run_daily_audit(database: Database, *, as_of: date | None = None,
                    criteria: ClosureCriteria | None = None,
                    force: bool = False) -> AuditSummary | None:
    """Audit every account as of ``as_of`` (today, UTC); None if already done that day."""
    day = as_of or datetime.now(UTC).date()
    criteria = criteria or load_pack().closure_criteria
    if not force:
        with database.session() as session:
            # Days audited before the claim table existed count as done.
            done = service.audited_on(session, as_of=day, actor=SCHEDULER_ACTOR)
        if done or not job_runs.claim(database, job=JOB_ID, day=day):
            log.info("accounts audit for %s already done", day)
            return None
    try:
        with database.session() as session:
            summary = service.audit_all(session, as_of=day, criteria=criteria, actor=None)
    except Exception:
        if not force:
            job_runs.release(database, job=JOB_ID, day=day)
        raise
    log.info("accounts audit %s: %d audited, %d close, %d review", day, summary.audited,
             summary.close, summary.review)
    return summary


def scheduler_enabled(settings: Settings) -> bool:
    return settings.scheduler


def audit_hour(settings: Settings) -> int:
    return settings.audit_hour


def start_scheduler(app: FastAPI) -> BackgroundScheduler | None:
    """Start the daily audit (call from the app's lifespan; ``stop_scheduler`` at shutdown)."""
    settings = app.state.settings
    if not scheduler_enabled(settings):
        app.state.scheduler = None
        return None
    database: Database = app.state.db

    def job() -> None:
        policy = getattr(app.state, "policy", None)
        run_daily_audit(database, criteria=policy.fresh().closure_criteria if policy else None)

    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(job, CronTrigger(hour=audit_hour(settings), minute=0, timezone=UTC),
                      id=JOB_ID, replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=6 * 3600)
    scheduler.start()
    app.state.scheduler = scheduler
    return scheduler


def stop_scheduler(app: FastAPI) -> None:
    scheduler: BackgroundScheduler | None = getattr(app.state, "scheduler", None)
    if scheduler is not None and scheduler.running:
        scheduler.shutdown(wait=False)
    app.state.scheduler = None
