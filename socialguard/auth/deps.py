"""FastAPI dependencies: the signed-in user, role checks, CSRF (the session, the settings
and the policy are in ``socialguard.deps``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from socialguard.auth import service
from socialguard.auth.models import User
from socialguard.auth.roles import ALL_ROLES, Role, permits
from socialguard.auth.sessions import CSRF_FIELD, CSRF_HEADER, csrf_valid, sign_out
from socialguard.deps import SessionDep
from socialguard.errors import CsrfFailed, Forbidden, LoginRequired, Unauthenticated


@dataclass(frozen=True)
class Viewer:
    id: int
    email: str
    name: str
    roles: tuple[str, ...]




def session_user(request: Request, session: SessionDep) -> User | None:
    """The user of the session cookie, if it is still valid."""
    request.state.user = None
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    user = session.get(User, uid)
    if user is None or not user.is_active or user.session_epoch != request.session.get("epoch"):
        sign_out(request)
        return None
    # A plain copy for the templates: an error page renders after the session has closed.
    request.state.user = Viewer(id=user.id, email=user.email, name=user.name,
                                roles=tuple(user.roles))
    return user


def token_user(request: Request, session: SessionDep) -> User | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return None
    user = service.user_for_token(session, plaintext=credentials.strip())
    if user is None:
        raise Unauthenticated("The API token is unknown, revoked or its user is disabled.")
    return user


PageUserDep = Annotated[User | None, Depends(session_user)]
ApiUserDep = Annotated[User | None, Depends(token_user)]


def page_user(*allowed: Role) -> Callable[[User | None], User]:
    """A page dependency: signed in (else the login page), with one of ``allowed`` roles."""
    roles = frozenset(allowed) or ALL_ROLES

    def dependency(user: PageUserDep) -> User:
        if user is None:
            raise LoginRequired()
        _check(user, roles)
        return user

    return dependency


def api_user(*allowed: Role) -> Callable[[User | None], User]:
    """An API dependency: a valid bearer token whose user has one of ``allowed`` roles."""
    roles = frozenset(allowed) or ALL_ROLES

    def dependency(user: ApiUserDep) -> User:
        if user is None:
            raise Unauthenticated()
        _check(user, roles)
        return user

    return dependency


def _check(user: User, roles: Iterable[Role]) -> None:
    if not permits(user.roles, roles):
        raise Forbidden()


async def verify_csrf(request: Request) -> None:
    """Every state-changing form posts the session's CSRF token (or sends it as a header)."""
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf_valid(request, submitted):
        raise CsrfFailed()


CsrfDep = Depends(verify_csrf)
