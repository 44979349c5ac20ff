"""The daily audit runs once a day however many processes start it (issue 16, item 7).

Two real processes against the test database (SQLite, or PostgreSQL when
SOCIALGUARD_TEST_DATABASE_URL is set) are released at the same instant; the register must
get one audit run per account, and the day one claim.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

from fastapi import FastAPI
from sqlalchemy import func, select

from socialguard.accounts.tables import AccountAuditRun
from socialguard.auth.roles import Role
from socialguard.db.job_runs import JobRun
from tests.conftest_web import NamedUser, app, data_dir, database_url, users  # noqa: F401
from tests.governance.test_accounts_service import approved

RACER = """
import sys, time
from datetime import date
from socialguard.accounts.jobs import run_daily_audit
from socialguard.db.session import Database
from socialguard.policy.schema import ClosureCriteria
url, start, day = sys.argv[1], float(sys.argv[2]), date.fromisoformat(sys.argv[3])
database = Database(url)
database.ping()  # connect before the start line, so both reach the claim together
while time.time() < start:
    time.sleep(0.001)
print("ran" if run_daily_audit(database, as_of=day, criteria=ClosureCriteria()) else "skipped")
"""


def test_two_processes_audit_the_day_once(app: FastAPI, database_url: str,  # noqa: F811
                                          users: dict[Role, NamedUser]) -> None:  # noqa: F811
    day = date(2032, 3, 1)
    with app.state.db.session() as session:
        for n in range(3):
            approved(session, users, handle=f"@race_{n}")
    with app.state.db.session() as session:
        accounts = session.scalar(select(func.count()).select_from(AccountAuditRun.__table__)
                                  .where(AccountAuditRun.as_of == day))
        assert accounts == 0
    start = time.time() + 4  # time for both interpreters to import and connect
    racers = [subprocess.Popen([sys.executable, "-c", RACER, database_url, str(start),
                                day.isoformat()], stdout=subprocess.PIPE, text=True)
              for _ in range(2)]
    outcomes = sorted(r.communicate(timeout=120)[0].strip() for r in racers)
    assert all(r.returncode == 0 for r in racers)
    assert outcomes == ["ran", "skipped"]
    with app.state.db.session() as session:
        from socialguard.accounts import service
        count = len(service.list_accounts(session))
        runs = session.scalar(select(func.count()).select_from(AccountAuditRun.__table__)
                              .where(AccountAuditRun.as_of == day))
        claims = session.scalars(select(JobRun).where(JobRun.day == day)).all()
    assert runs == count
    assert [c.job for c in claims] == ["accounts-daily-audit"]
