"""The accounts register service: approval machine, imports, audit, daily job, CSV."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from socialguard.accounts import jobs, service
from socialguard.accounts.schemas import AccountCreate
from socialguard.accounts.tables import ApprovalState, OfficialAccount
from socialguard.accounts.upload import Upload, read_upload
from socialguard.auth.models import User
from socialguard.auth.roles import Role
from socialguard.errors import Conflict, Forbidden, InvalidInput
from socialguard.policy.schema import ClosureCriteria
from tests.conftest_web import NamedUser, app, data_dir, database_url, users  # noqa: F401

SAMPLES = Path(__file__).resolve().parents[1] / "accounts" / "samples"
CRITERIA = ClosureCriteria()
S = ApprovalState


@pytest.fixture()
def session(app: FastAPI) -> Iterator[Session]:  # noqa: F811
    with app.state.db.session() as db_session:
        yield db_session


def person(session: Session, users: dict[Role, NamedUser], role: Role) -> User:  # noqa: F811
    found = session.query(User).filter_by(email=users[role].email).one()
    return found


def full_case(**overrides: object) -> AccountCreate:
    data: dict[str, object] = {
        "ref": f"acc-{uuid.uuid4().hex[:8]}", "platform": "x", "handle": "@STW_Maternity",
        "owner": "Maternity programme team", "programme": "Maternity",
        "created_at": date(2025, 2, 1), "followers": 87,
        "objectives_kpis": "Raise uptake of antenatal classes by 10%",
        "content_plan": "Three posts a week", "user_need": "Survey of 300 parents",
        "resourcing": "Two officers, one hour a day", "checked_several_times_daily": True,
        "not_internal": True}
    data.update(overrides)
    return AccountCreate.model_validate(data)


def test_create_writes_a_draft_and_an_audit_row(session: Session,
                                                 users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = person(session, users, Role.COMMS)
    account = service.create_account(session, data=full_case(), actor=comms)
    assert account.state == S.DRAFT
    assert service.business_case_status(account) == "none"
    events = service.history(session, account=account)
    assert [(e.action, e.actor) for e in events] == [("created", comms.email)]


def test_default_ref_is_acc_number(session: Session, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = service.create_account(session, data=full_case(ref=None),
                                     actor=person(session, users, Role.COMMS))
    assert account.ref == f"acc-{account.id:02d}"


def test_duplicate_ref_is_a_conflict(session: Session, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = person(session, users, Role.COMMS)
    first = service.create_account(session, data=full_case(), actor=comms)
    with pytest.raises(Conflict):
        service.create_account(session, data=full_case(ref=first.ref), actor=comms)


def test_approval_comms_then_a_different_director(session: Session,
                                                   users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms, admin = person(session, users, Role.COMMS), person(session, users, Role.ADMIN)
    account = service.create_account(session, data=full_case(), actor=comms)
    service.transition(session, account=account, to=S.SUBMITTED, actor=comms)
    assert service.business_case_status(account) == "pending"
    service.transition(session, account=account, to=S.COMMS_APPROVED, actor=comms)
    with pytest.raises(Forbidden):  # comms cannot give the Director's approval
        service.transition(session, account=account, to=S.DIRECTOR_APPROVED, actor=comms)
    service.transition(session, account=account, to=S.DIRECTOR_APPROVED, actor=admin)
    assert account.state == S.DIRECTOR_APPROVED
    assert service.business_case_status(account) == "approved"
    moves = [(e.from_state, e.to_state, e.actor) for e in service.history(session, account=account)
             if e.action == "transition"]
    assert moves == [("draft", "submitted", comms.email),
                     ("submitted", "comms_approved", comms.email),
                     ("comms_approved", "director_approved", admin.email)]


def test_the_same_admin_cannot_approve_twice(session: Session,
                                              users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms, admin = person(session, users, Role.COMMS), person(session, users, Role.ADMIN)
    account = service.create_account(session, data=full_case(), actor=comms)
    service.transition(session, account=account, to=S.SUBMITTED, actor=comms)
    service.transition(session, account=account, to=S.COMMS_APPROVED, actor=admin)
    with pytest.raises(Forbidden, match="someone other"):
        service.transition(session, account=account, to=S.DIRECTOR_APPROVED, actor=admin)


@pytest.mark.parametrize(("start", "to", "error"), [
    (S.DRAFT, S.COMMS_APPROVED, Conflict),
    (S.DRAFT, S.DIRECTOR_APPROVED, Conflict),
    (S.SUBMITTED, S.DIRECTOR_APPROVED, Conflict),
])
def test_skipping_a_step_is_a_conflict(session: Session, users: dict[Role, NamedUser],  # noqa: F811
                                       start: S, to: S, error: type[Exception]) -> None:
    comms, admin = person(session, users, Role.COMMS), person(session, users, Role.ADMIN)
    account = service.create_account(session, data=full_case(), actor=comms)
    if start == S.SUBMITTED:
        service.transition(session, account=account, to=S.SUBMITTED, actor=comms)
    with pytest.raises(error):
        service.transition(session, account=account, to=to, actor=admin)


def test_rejection_needs_a_reason_and_returns_to_draft(session: Session,
                                                       users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = person(session, users, Role.COMMS)
    account = service.create_account(session, data=full_case(), actor=comms)
    service.transition(session, account=account, to=S.SUBMITTED, actor=comms)
    with pytest.raises(InvalidInput):
        service.transition(session, account=account, to=S.DRAFT, actor=comms)
    service.transition(session, account=account, to=S.DRAFT, actor=comms,
                       reason="No evidence of need")
    assert account.state == S.DRAFT
    assert service.history(session, account=account)[-1].reason == "No evidence of need"


def test_an_incomplete_business_case_cannot_be_submitted(session: Session,
                                                         users: dict[Role, NamedUser]) -> None:  # noqa: F811
    comms = person(session, users, Role.COMMS)
    account = service.create_account(
        session, data=full_case(user_need="", not_internal=False, owner=None), actor=comms)
    with pytest.raises(InvalidInput) as caught:
        service.transition(session, account=account, to=S.SUBMITTED, actor=comms)
    assert "evidence of user need" in caught.value.message
    assert "internal initiatives" in caught.value.message
    assert "named owner" in caught.value.message


def test_staff_cannot_move_a_business_case(session: Session,
                                           users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = service.create_account(session, data=full_case(),
                                     actor=person(session, users, Role.COMMS))
    with pytest.raises(Forbidden):
        service.transition(session, account=account, to=S.SUBMITTED,
                           actor=person(session, users, Role.STAFF))


def approved(session: Session, users: dict[Role, NamedUser], **fields: object) -> OfficialAccount:  # noqa: F811
    comms, admin = person(session, users, Role.COMMS), person(session, users, Role.ADMIN)
    account = service.create_account(session, data=full_case(**fields), actor=comms)
    for to, who in ((S.SUBMITTED, comms), (S.COMMS_APPROVED, comms),
                    (S.DIRECTOR_APPROVED, admin)):
        service.transition(session, account=account, to=to, actor=who)
    return account


def test_import_tweets_js_twice_adds_posts_once(session: Session,
                                                users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = approved(session, users)
    comms = person(session, users, Role.COMMS)
    upload = [Upload("tweets.js", (SAMPLES / "tweets.js").read_bytes()),
              Upload("follower.js", (SAMPLES / "follower.js").read_bytes())]
    imported = read_upload("x", upload, ref=account.ref, followers=None, current_followers=0)
    first = service.apply_activity(session, account=account, activity=imported.activity,
                                   fmt="x", files=["tweets.js"], actor=comms,
                                   followers=imported.followers)
    again = service.apply_activity(session, account=account, activity=imported.activity,
                                   fmt="x", files=["tweets.js"], actor=comms)
    assert first["posts_added"] == len(imported.activity.posts) > 0
    assert again["posts_added"] == 0 and again["posts_already_held"] == first["posts_added"]
    assert account.followers == imported.followers
    assert service.history(session, account=account)[-1].action == "imported"


def test_import_errors_name_the_uploaded_file() -> None:
    with pytest.raises(InvalidInput, match=r"^page\.csv"):
        read_upload("facebook", [Upload("page.csv", b"nothing,useful\n1,2\n")], ref="a",
                    followers=None, current_followers=0)


def test_jsonl_import_takes_the_accounts_line() -> None:
    imported = read_upload("jsonl", [Upload("accounts.jsonl",
                                            (SAMPLES / "accounts.jsonl").read_bytes())],
                           ref="acc-07", followers=None, current_followers=0)
    assert len(imported.activity.posts) > 0
    with pytest.raises(InvalidInput, match="No valid line for acc-404"):
        read_upload("jsonl", [Upload("a.jsonl", (SAMPLES / "accounts.jsonl").read_bytes())],
                    ref="acc-404", followers=None, current_followers=0)


def test_audit_matches_the_pure_audit_and_is_kept(session: Session,
                                                  users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = approved(session, users, followers=12, created_at=date(2024, 1, 1))
    result = service.audit_one(session, account=account, as_of=date(2026, 11, 25),
                               criteria=CRITERIA, actor=person(session, users, Role.COMMS))
    assert result.recommendation == "review"
    assert result.rules == ["account.inactivity", "account.frequency", "account.interest"]
    assert account.last_recommendation == "review"
    assert account.last_audit_on == date(2026, 11, 25)
    session.flush()
    session.refresh(account)
    assert account.audits[0].recommendation == "review"


def test_an_unapproved_account_is_recommended_for_closure(session: Session,
                                                           users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = service.create_account(session, data=full_case(),
                                     actor=person(session, users, Role.COMMS))
    result = service.audit_one(session, account=account, as_of=date(2026, 11, 25),
                               criteria=CRITERIA, actor=None)
    assert result.recommendation == "close"
    assert "account.governance" in result.rules


def test_daily_job_audits_every_account_once_a_day(app: FastAPI,  # noqa: F811
                                                   users: dict[Role, NamedUser]) -> None:  # noqa: F811
    day = date(2031, 1, 15)
    with app.state.db.session() as db_session:
        approved(db_session, users)
        count = len(service.list_accounts(db_session))
    summary = jobs.run_daily_audit(app.state.db, as_of=day, criteria=CRITERIA)
    assert summary is not None and summary.audited == count
    assert summary.close + summary.review + summary.keep == count
    assert jobs.run_daily_audit(app.state.db, as_of=day, criteria=CRITERIA) is None
    with app.state.db.session() as db_session:
        accounts = service.list_accounts(db_session)
        assert all(a.last_audit_on == day for a in accounts)
        ranks = [service.RANK[a.last_recommendation or ""] for a in accounts]
        assert ranks == sorted(ranks)  # due for closure first, then review, then keep
        assert {a.id for a in service.due(accounts)} == {
            a.id for a in accounts if a.last_recommendation in ("close", "review")}


def test_scheduler_is_off_by_setting_and_runs_the_job(
        app: FastAPI, users: dict[Role, NamedUser]) -> None:  # noqa: F811
    configured = app.state.settings
    app.state.settings = configured.model_copy(update={"scheduler": False})
    try:
        assert jobs.start_scheduler(app) is None
    finally:
        app.state.settings = configured
    app.state.settings = configured.model_copy(update={"scheduler": True, "audit_hour": 5})
    try:
        scheduler = jobs.start_scheduler(app)
    finally:
        app.state.settings = configured
    try:
        assert scheduler is not None and scheduler.running
        job = scheduler.get_job(jobs.JOB_ID)
        assert job.next_run_time.hour == 5
        with app.state.db.session() as db_session:  # committed, so the job's session sees it
            approved(db_session, users, handle="@scheduled_audit_check")
        job.func()  # the job itself: audits today, once
        with app.state.db.session() as db_session:
            assert service.audited_on(db_session, as_of=datetime.now(UTC).date(),
                                      actor=jobs.SCHEDULER_ACTOR)
    finally:
        jobs.stop_scheduler(app)
    assert app.state.scheduler is None


def test_csv_export_has_every_account_and_defuses_formulas(session: Session,
                                                           users: dict[Role, NamedUser]) -> None:  # noqa: F811
    account = approved(session, users, owner="=HYPERLINK(\"http://x\")")
    session.flush()
    rows = list(csv.reader(io.StringIO(service.export_csv(session))))
    assert rows[0] == list(service.CSV_COLUMNS)
    mine = next(r for r in rows if r[0] == account.ref)
    assert mine[3].startswith("'=")
    assert mine[8] == "director_approved" and mine[9] == "approved"
