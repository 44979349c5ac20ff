"""The app factory: settings in, a FastAPI app out. Nothing happens at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from socialguard import __version__
from socialguard.accounts import routes as accounts_routes
from socialguard.accounts import views as accounts_views
from socialguard.accounts.jobs import start_scheduler, stop_scheduler
from socialguard.api.batcher import CheckBatcher
from socialguard.api.routes import router as api_router
from socialguard.api.throttle import CheckThrottle
from socialguard.approvals import routes as approvals_routes
from socialguard.approvals import views as approvals_views
from socialguard.auth import service
from socialguard.auth.oidc import build_client
from socialguard.auth.sessions import SessionMiddleware
from socialguard.auth.views import router as auth_router
from socialguard.cases import routes as cases_routes
from socialguard.cases import views as cases_views
from socialguard.cases.service import delivery_problems
from socialguard.db.migrate import upgrade
from socialguard.db.session import Database
from socialguard.detectors.registry import default_detectors
from socialguard.engine import check, check_many
from socialguard.inbox import routes as inbox_routes
from socialguard.inbox import views as inbox_views
from socialguard.policydoc import editor_views as policydoc_editor
from socialguard.policydoc import routes as policydoc_routes
from socialguard.policydoc import views as policydoc_views
from socialguard.policydoc.in_force import policy_in_force
from socialguard.settings import Settings
from socialguard.submission import Submission
from socialguard.trail import routes as trail_routes
from socialguard.trail import views as trail_views
from socialguard.web import errors
from socialguard.web.middleware import (
    BodySizeLimitMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
    configure_logging,
)
from socialguard.web.templating import STATIC_DIR
from socialguard.web.views import router as page_router
from socialguard.webhooks import routes as webhooks_routes

log = logging.getLogger("socialguard.app")
LOGIN_ATTEMPTS_KEPT_S = 7 * 24 * 3600
WARM_UP_TEXT = "Proud of our team at the ICB today. Views my own."


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="SocialGuard", version=__version__, lifespan=_lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
                  description="Check social media drafts and triage inbound messages against "
                              "the organisation's social media policy.")
    app.state.settings = settings
    app.state.db = Database(settings.sqlalchemy_url)
    app.state.oidc = build_client(settings)
    app.state.warmed = False
    app.state.detector_count = 0
    app.state.check_batcher = CheckBatcher(check_many)
    app.state.check_throttle = CheckThrottle(anonymous=settings.check_rate_anonymous,
                                             signed_in=settings.check_rate_signed_in,
                                             store=settings.rate_limit_store)
    errors.install(app)
    app.include_router(api_router)
    app.include_router(auth_router)
    app.include_router(page_router)
    # Each workflow's API (in the OpenAPI document) and its pages (not in it).
    # The trail's /cases/audit.jsonl comes before the cases' /cases/{case_id}.
    for module in (accounts_routes, accounts_views, inbox_routes, inbox_views, trail_routes,
                   trail_views, cases_routes, cases_views, approvals_routes, approvals_views,
                   policydoc_routes, policydoc_views, webhooks_routes):
        app.include_router(module.router)
    app.include_router(policydoc_editor.router)  # the policy editor and its test drafts
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Last added runs first: ids and logs wrap everything, then the size limit, then sessions.
    app.add_middleware(SessionMiddleware, secret=settings.secret,
                       max_age_s=settings.session_max_age_s, secure=settings.cookie_secure)
    app.add_middleware(BodySizeLimitMiddleware, limit=settings.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory socialguard.web.app:app_from_env`` (several workers)."""
    return create_app(Settings())


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    configure_logging(settings.log_level)
    await run_in_threadpool(start, app)
    start_scheduler(app)  # the daily §10.1 audit of the official accounts register
    try:
        yield
    finally:
        stop_scheduler(app)
        await app.state.check_batcher.close()
        app.state.db.dispose()


def start(app: FastAPI) -> None:
    """Migrate, load the policy, create the first admin, warm the detectors."""
    settings: Settings = app.state.settings
    database: Database = app.state.db
    upgrade(database.url)
    app.state.policy = policy_in_force(database, refresh_s=settings.policy_refresh_seconds)
    bootstrap_admin(database)
    # Said on the Users page and in the log: case notices that would reach nobody.
    app.state.delivery_problems = delivery_problems(app.state.policy.pack)
    for problem in app.state.delivery_problems:
        log.warning("case notices: %s", problem)
    if settings.warm_detectors:
        detectors = default_detectors()
        # One check loads whatever the detectors load lazily (models, vocabularies).
        check(Submission(text=WARM_UP_TEXT), app.state.policy.pack)
        app.state.detector_count = len(detectors)
    app.state.warmed = True
    log.info("ready")


def bootstrap_admin(database: Database) -> None:
    try:
        with database.session() as session:
            # Old failed sign-ins no longer throttle anyone; keep the table small.
            service.prune_login_attempts(session, older_than_s=LOGIN_ATTEMPTS_KEPT_S)
            password = service.ensure_first_admin(session)
    except IntegrityError:
        return  # another worker created the first admin at the same moment
    if password:
        # Printed once, on purpose, to the console of whoever started the server.
        print("\n  SocialGuard first start: created the administrator account\n"
              f"    e-mail:   admin@localhost\n    password: {password}\n"
              "  It is shown only this once: sign in and change it on the account page,\n"
              "  or create named administrators with `socialguard admin create`.\n", flush=True)
