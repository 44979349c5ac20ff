"""REST API v1: check, batch check, triage, policy, health and readiness."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from socialguard.api.schemas import (
    Health,
    InboundMessage,
    PolicyPublic,
    Readiness,
    TriageResult,
)
from socialguard.api.throttle import CheckThrottle, client_key, cost_of, fair_check
from socialguard.auth.deps import ApiUserDep, api_user
from socialguard.auth.models import User
from socialguard.auth.roles import TRIAGE_ROLES
from socialguard.db.session import Database
from socialguard.deps import PackDep, SessionDep, SettingsDep
from socialguard.engine import check, check_many
from socialguard.errors import NotReady, PayloadTooLarge, Unauthenticated
from socialguard.policy.schema import PolicyPack
from socialguard.policydoc import service as policydoc
from socialguard.submission import Submission
from socialguard.verdict import Verdict
from socialguard.web.errors import error_responses

router = APIRouter(prefix="/api/v1", tags=["api"])


COMMON = (400, 413, 422)


async def check_caller(user: ApiUserDep, settings: SettingsDep) -> User | None:
    """Anyone when anonymous checks are on (a check stores nothing), else a token."""
    if user is None and not settings.anonymous_check:
        raise Unauthenticated()
    return user


@router.post("/check", response_model=Verdict, summary="Check one draft",
             responses=error_responses(401, 403, 429, *COMMON))
async def check_one(submission: Submission, pack: PackDep, request: Request,
                    caller: Annotated[User | None, Depends(check_caller)]) -> Verdict:
    return await fair_check(request, submission, pack, caller)


@router.post("/check/batch", response_model=list[Verdict], summary="Check several drafts",
             description="Up to `SOCIALGUARD_BATCH_LIMIT` submissions (default 100) in one "
                         "JSON array; the verdicts come back in the same order.",
             responses=error_responses(401, 403, 429, *COMMON))
def check_batch(submissions: list[Submission], pack: PackDep, settings: SettingsDep,
                request: Request, user: Annotated[User, Depends(api_user())]) -> list[Verdict]:
    if len(submissions) > settings.batch_limit:
        raise PayloadTooLarge(f"A batch holds at most {settings.batch_limit} submissions; "
                              f"this one has {len(submissions)}. Split it.")
    throttle: CheckThrottle = request.app.state.check_throttle
    throttle.take(client_key(request, user), cost=sum(map(cost_of, submissions)))
    return check_many(submissions, pack) if submissions else []


@router.post("/triage", response_model=TriageResult, summary="Label and route an inbound message",
             responses=error_responses(401, 403, *COMMON))
def triage(message: InboundMessage, pack: PackDep,
           _user: Annotated[User, Depends(api_user(*TRIAGE_ROLES))]) -> TriageResult:
    verdict = check(message.to_submission(), pack)
    return TriageResult(id=verdict.id, labels=verdict.labels, routes=verdict.routes,
                        policy=verdict.policy)


def policy_public(session: Session, pack: PolicyPack, today: date) -> PolicyPublic:
    """The pack in force, under the version number and the review date every page gives
    (``policydoc.service``: approval or latest review plus the interval)."""
    version = policydoc.ensure_first_version(session)
    due = policydoc.review_due(session, version, today)
    return PolicyPublic(version=version.number, label=pack.label,
                        pack_version=pack.pack_version, organisation=pack.organisation,
                        document=pack.document, next_review=due.next_review,
                        review_overdue=due.overdue, sections=pack.sections, rules=pack.rules,
                        triage=pack.triage, disclaimers=pack.disclaimers, teams=pack.teams)


def policy_reader(user: ApiUserDep, settings: SettingsDep) -> User | None:
    # The check answer cites the policy, so whoever may check may read it.
    if user is None and not settings.anonymous_check:
        raise Unauthenticated()
    return user


@router.get("/policy", response_model=PolicyPublic, summary="The policy pack in force",
            responses=error_responses(401))
def policy(pack: PackDep, session: SessionDep,
           _reader: Annotated[User | None, Depends(policy_reader)]) -> PolicyPublic:
    return policy_public(session, pack, date.today())


@router.get("/health", response_model=Health, summary="The process is up")
def health() -> Health:
    return Health()


@router.get("/ready", response_model=Readiness, summary="Database reachable, policy and models "
            "loaded", responses=error_responses(503))
def ready(request: Request) -> Readiness:
    state = request.app.state
    if not getattr(state, "warmed", False):
        raise NotReady("The detectors are still loading.")
    database: Database = state.db
    try:
        database.ping()
    except SQLAlchemyError:
        raise NotReady("The database is unreachable.") from None
    pack: PolicyPack = state.policy.pack
    throttle: CheckThrottle = state.check_throttle
    return Readiness(policy=pack.label, detectors=state.detector_count,
                     rate_limits=throttle.where())
