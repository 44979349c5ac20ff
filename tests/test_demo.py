"""`socialguard demo`: a fresh embedded database gets a working demo organisation, once."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from socialguard.accounts.tables import OfficialAccount
from socialguard.approvals.tables import ApprovalRequest
from socialguard.auth import service as users
from socialguard.cases.tables import Case
from socialguard.cli import app as cli
from socialguard.db.session import Database
from socialguard.inbox.tables import InboxMessage
from socialguard.triage.clock import foi_due_date

runner = CliRunner()


@pytest.fixture()
def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SOCIALGUARD_DATA_DIR", str(tmp_path))
    return Database(f"sqlite:///{tmp_path / 'socialguard.db'}")


def test_demo_seeds_a_team_that_can_sign_in_and_work(embedded: Database) -> None:
    first = runner.invoke(cli, ["demo"])
    assert first.exit_code == 0, first.output
    password = re.search(r"demo password \(shown once, the same for each\): (\S+)",
                         first.output)
    assert password is not None
    # The first run says, in words, how to sign in as the administrator.
    assert f"Sign in as the administrator: admin@demo.localhost / {password.group(1)}" \
        in first.output
    with embedded.session() as session:
        admin = users.authenticate(session, email="admin@demo.localhost",
                                   password=password.group(1), ip="127.0.0.1",
                                   max_failures=5, window_s=60)
        assert admin.roles == ["admin"]
        comms = users.authenticate(session, email="comms@demo.localhost",
                                   password=password.group(1), ip="127.0.0.1",
                                   max_failures=5, window_s=60)
        assert comms.roles == ["comms"]
        recommendations = sorted(a.last_recommendation or "" for a in
                                 session.scalars(select(OfficialAccount)))
        assert recommendations == ["close", "close", "keep", "review"]
        messages = {m.external_id: m for m in session.scalars(select(InboxMessage))}
        assert "triage.foi-request" in messages["demo-1"].labels
        assert "triage.safeguarding-danger" in messages["demo-2"].labels
        cases = {c.kind: c for c in session.scalars(select(Case))}
        assert cases["safeguarding"].urgency == "immediate"
        received = messages["demo-1"].received_at
        assert cases["foi"].due_date == foi_due_date(received)
        assert cases["foi"].due_date > date(2000, 1, 1)
        kinds = sorted(r.kind for r in session.scalars(select(ApprovalRequest)))
        assert kinds == ["blog", "collaboration", "video"]
    embedded.dispose()


def test_demo_runs_once(embedded: Database) -> None:
    assert runner.invoke(cli, ["demo"]).exit_code == 0
    again = runner.invoke(cli, ["demo"])
    assert again.exit_code == 0
    assert "already seeded" in again.output and "admin@demo.localhost" in again.output
    with embedded.session() as session:
        assert len(session.scalars(select(InboxMessage)).all()) == 7
    embedded.dispose()


def test_demo_leaves_a_configured_database_alone(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/not_touched")
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 2
    assert "--force" in result.output
