"""Pages: sign in and out (password or SSO), the account page (API tokens), user admin."""

from __future__ import annotations

from typing import Annotated, Any

from authlib.integrations.base_client import OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, Depends, Form, Request
from joserfc.errors import JoseError
from starlette.responses import RedirectResponse, Response

from socialguard.auth import service
from socialguard.auth.deps import CsrfDep, PageUserDep, page_user
from socialguard.auth.models import User
from socialguard.auth.oidc import identity_from_claims
from socialguard.auth.passwords import MIN_PASSWORD_CHARS, generate_password, verify_password
from socialguard.auth.roles import Role, parse_roles
from socialguard.auth.schemas import TokenPublic, UserCreate, UserPublic
from socialguard.auth.sessions import sign_in, sign_out
from socialguard.deps import RowId, SessionDep, SettingsDep
from socialguard.errors import AppError, Conflict
from socialguard.web.templating import render

router = APIRouter(include_in_schema=False)
AnyUser = Annotated[User, Depends(page_user())]
Admin = Annotated[User, Depends(page_user(Role.ADMIN))]


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our login."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, user: PageUserDep, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next), title="Sign in")


@router.post("/login", dependencies=[CsrfDep])
def login(request: Request, session: SessionDep, settings: SettingsDep,
          email: Annotated[str, Form(max_length=320)],
          password: Annotated[str, Form(max_length=1024)],
          next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    try:
        user = service.authenticate(session, email=email, password=password,
                                    ip=_client_ip(request),
                                    max_failures=settings.login_max_failures,
                                    window_s=settings.login_window_s)
    except AppError as exc:  # the failed attempt was committed by authenticate already
        response = render(request, "login.html", status_code=exc.status, next=safe_next(next),
                          email=email, error=exc.message, title="Sign in")
        response.headers.update(exc.headers)
        return response
    session.commit()
    sign_in(request, user_id=user.id, epoch=user.session_epoch)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep])
def logout(request: Request, session: SessionDep, user: PageUserDep) -> Response:
    if user is not None:
        # Clearing our cookie is not enough: a copy of it would stay valid until it expires.
        service.end_sessions(session, user=user)
        session.commit()
    sign_out(request)
    return RedirectResponse("/", status_code=303)


@router.get("/auth/sso")
async def sso_start(request: Request, next: str = "/") -> Response:
    client = request.app.state.oidc
    if client is None:
        return render(request, "error.html", status_code=404, title="Not found",
                      error={"message": "Single sign-on is not configured."})
    request.session["sso_next"] = safe_next(next)
    redirect: Response = await client.authorize_redirect(request,
                                                         str(request.url_for("sso_callback")))
    return redirect


@router.get("/auth/sso/callback", name="sso_callback")
async def sso_callback(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    client = request.app.state.oidc
    if client is None:
        return render(request, "error.html", status_code=404, title="Not found",
                      error={"message": "Single sign-on is not configured."})
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as exc:
        return render(request, "login.html", status_code=400, next="/", title="Sign in",
                      error=f"Single sign-on failed: {exc.description or exc.error}.")
    except JoseError as exc:  # a forged, expired or mis-addressed ID token
        return render(request, "login.html", status_code=400, next="/", title="Sign in",
                      error=f"Single sign-on failed: the ID token was refused ({exc.error}).")
    claims = token.get("userinfo")
    if not claims:
        return render(request, "login.html", status_code=400, next="/", title="Sign in",
                      error="Single sign-on failed: no ID token came back.")
    identity = identity_from_claims(claims, settings)
    user = service.sso_user(session, subject=identity.subject, email=identity.email,
                            name=identity.name, roles=identity.roles)
    if not user.is_active:
        return render(request, "login.html", status_code=403, next="/", title="Sign in",
                      error="Your SocialGuard account is disabled.")
    session.commit()
    target = safe_next(request.session.get("sso_next"))
    sign_in(request, user_id=user.id, epoch=user.session_epoch)
    return RedirectResponse(target, status_code=303)


def _account(request: Request, session: SessionDep, user: User, **extra: Any) -> Response:
    tokens = [TokenPublic.model_validate(t) for t in service.list_tokens(session, user=user)]
    return render(request, "account.html", tokens=tokens, title="Your account", **extra)


@router.get("/account")
def account(request: Request, session: SessionDep, user: AnyUser) -> Response:
    return _account(request, session, user)


@router.post("/account/tokens", dependencies=[CsrfDep])
def create_token(request: Request, session: SessionDep, user: AnyUser,
                 name: Annotated[str, Form(min_length=1, max_length=100)]) -> Response:
    token, plaintext = service.create_token(session, user=user, name=name.strip() or "token")
    session.commit()
    # Shown in this response only: the database keeps the hash.
    return _account(request, session, user, new_token=plaintext, new_token_name=token.name)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[CsrfDep])
def revoke_token(session: SessionDep, user: AnyUser, token_id: RowId) -> Response:
    service.revoke_token(session, user=user, token_id=token_id)
    session.commit()
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password", dependencies=[CsrfDep])
def change_password(request: Request, session: SessionDep, user: AnyUser,
                    current: Annotated[str, Form(max_length=1024)],
                    new: Annotated[str, Form(max_length=1024)],
                    confirm: Annotated[str, Form(max_length=1024)]) -> Response:
    if user.password_hash is None:
        return _account(request, session, user, password_error="You sign in with single "
                        "sign-on; change your password there.")
    if not verify_password(user.password_hash, current):
        return _account(request, session, user, password_error="Your current password is "
                        "not right.")
    if len(new) < MIN_PASSWORD_CHARS or new != confirm:
        return _account(request, session, user, password_error=f"The new password must have "
                        f"at least {MIN_PASSWORD_CHARS} characters and match its confirmation.")
    service.set_password(session, user=user, password=new)  # signs out other sessions
    session.commit()
    sign_in(request, user_id=user.id, epoch=user.session_epoch)
    return _account(request, session, user, password_changed=True)


def _users_page(request: Request, session: SessionDep, **extra: Any) -> Response:
    users = [UserPublic.model_validate(u).model_copy(update={"sso": u.oidc_subject is not None})
             for u in service.list_users(session)]
    return render(request, "admin_users.html", users=users, roles=list(Role),
                  title="Users", **extra)


@router.get("/admin/users")
def users(request: Request, session: SessionDep, _admin: Admin) -> Response:
    return _users_page(request, session)


@router.post("/admin/users", dependencies=[CsrfDep])
async def create_user(request: Request, session: SessionDep, _admin: Admin) -> Response:
    form = await request.form()
    roles = parse_roles(str(v) for v in form.getlist("roles"))
    email = str(form.get("email") or "").strip()
    name = str(form.get("name") or "").strip()
    if not roles:
        return _users_page(request, session, error="Choose at least one role.")
    password = generate_password()
    try:
        data = UserCreate(email=email, name=name, roles=roles, password=password)
        created = service.create_user(session, data=data)
    except ValueError:
        return _users_page(request, session, error="Give a valid e-mail address.")
    except Conflict as exc:
        return _users_page(request, session, error=exc.message)
    session.commit()
    return _users_page(request, session, created_email=created.email, created_password=password)


@router.post("/admin/users/{user_id}/roles", dependencies=[CsrfDep])
async def update_roles(request: Request, session: SessionDep, admin: Admin,
                       user_id: RowId) -> Response:
    form = await request.form()
    roles = parse_roles(str(v) for v in form.getlist("roles"))
    target = service.get_user(session, user_id=user_id)
    if not roles:
        return _users_page(request, session, error="A user needs at least one role.")
    if target.id == admin.id and Role.ADMIN not in roles:
        return _users_page(request, session, error="You cannot remove your own admin role.")
    service.set_roles(session, user=target, roles=roles)
    session.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/active", dependencies=[CsrfDep])
def set_active(request: Request, session: SessionDep, admin: Admin, user_id: RowId,
               active: Annotated[str, Form()]) -> Response:
    target = service.get_user(session, user_id=user_id)
    if target.id == admin.id:
        return _users_page(request, session, error="You cannot disable your own account.")
    service.set_active(session, user=target, active=active == "true")
    session.commit()
    return RedirectResponse("/admin/users", status_code=303)
