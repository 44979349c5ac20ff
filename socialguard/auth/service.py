"""User, token and sign-in services. Keyword-only, each takes the session; callers commit
(authenticate also commits its throttle reservation before checking the password)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from socialguard.auth.models import ApiToken, LoginAttempt, User
from socialguard.auth.passwords import (
    generate_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from socialguard.auth.roles import Role, parse_roles
from socialguard.auth.schemas import UserCreate, normalise_email
from socialguard.db.base import utcnow
from socialguard.errors import Conflict, NotFound, Throttled, Unauthenticated

TOKEN_PREFIX = "sg_"
# Writing last_used_at on every call would make each API request a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
# First key of the PostgreSQL advisory lock that serialises sign-ins per address.
SIGN_IN_LOCK = 0x5167_0001


def _role_values(roles: Sequence[Role]) -> list[str]:
    """Stored in a fixed order, whatever order they were given in."""
    return [r.value for r in parse_roles(r.value for r in roles)]


def get_user(session: Session, *, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def find_user(session: Session, *, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.email)).all()


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def create_user(session: Session, *, data: UserCreate) -> User:
    if find_user(session, email=data.email) is not None:
        raise Conflict(f"A user with the e-mail {data.email} already exists.")
    user = User(email=data.email, name=data.name, roles=_role_values(data.roles),
                password_hash=hash_password(data.password) if data.password else None,
                is_active=True, session_epoch=0)
    session.add(user)
    session.flush()
    return user


def set_roles(session: Session, *, user: User, roles: Sequence[Role]) -> None:
    user.roles = _role_values(roles)
    user.session_epoch += 1  # a role change takes effect at once, not at cookie expiry
    session.flush()


def set_active(session: Session, *, user: User, active: bool) -> None:
    user.is_active = active
    user.session_epoch += 1
    session.flush()


def set_password(session: Session, *, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    session.flush()


def _lock_sign_ins(session: Session, *, email: str) -> None:
    """Serialise sign-ins for one address until this transaction ends.

    PostgreSQL: an advisory lock (two-key form, apart from the migrations' one-key lock),
    so the count below sees every reservation committed before it. SQLite: the
    reservation's INSERT takes the database's single write lock, which does the same.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(SIGN_IN_LOCK, func.hashtext(email))))


def authenticate(session: Session, *, email: str, password: str, ip: str,
                 max_failures: int, window_s: int) -> User:
    """The user for these credentials; throttled per account and address.

    Commits: the attempt is recorded (as a failure) and committed before the slow hash
    check, so parallel guesses cannot all read the count before any of them is counted.
    A success deletes it again (the caller commits that); a failure leaves it counted.
    """
    email = normalise_email(email)
    _lock_sign_ins(session, email=email)
    attempt = LoginAttempt(email=email, ip=ip)
    session.add(attempt)
    session.flush()
    attempt_id = attempt.id
    since = utcnow() - timedelta(seconds=window_s)
    earlier = session.scalars(
        select(LoginAttempt.at).where(LoginAttempt.email == email, LoginAttempt.ip == ip,
                                      LoginAttempt.at > since, LoginAttempt.id != attempt_id)
        .order_by(LoginAttempt.at)).all()
    if len(earlier) >= max_failures:
        session.rollback()  # a refused try is not recorded, so it does not extend the wait
        wait = int((earlier[-max_failures] - since).total_seconds()) + 1
        raise Throttled(f"Too many failed sign-ins. Try again in {max(1, wait // 60)} "
                        "minute(s).", retry_after_s=max(1, wait))
    session.commit()  # the reservation counts (and the lock is released) before the hash
    user = find_user(session, email=email)
    stored = user.password_hash if user is not None and user.is_active else None
    # Checked even without a user or a usable hash (against a dummy hash of the same
    # cost): an unknown or disabled address must take as long as a wrong password.
    if not verify_password(stored, password) or user is None or stored is None:
        raise Unauthenticated("The e-mail address or password is not right.")
    if needs_rehash(stored):
        user.password_hash = hash_password(password)
    # This attempt and the failures before it; a parallel guess still being checked
    # keeps its reservation, so a success cannot reopen the window for it.
    session.execute(delete(LoginAttempt).where(LoginAttempt.email == email,
                                               LoginAttempt.ip == ip,
                                               LoginAttempt.id <= attempt_id))
    user.last_login_at = utcnow()
    session.flush()
    return user


def end_sessions(session: Session, *, user: User) -> None:
    """Sign the user out everywhere: signed cookies cannot be deleted, so the epoch moves."""
    user.session_epoch += 1
    session.flush()


def prune_login_attempts(session: Session, *, older_than_s: int) -> int:
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    result = session.execute(delete(LoginAttempt).where(LoginAttempt.at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, *, user: User, name: str) -> tuple[ApiToken, str]:
    """The stored token and the plaintext, which is shown once and never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=token_digest(plaintext),
                     prefix=plaintext[:10])
    session.add(token)
    session.flush()
    return token, plaintext


def list_tokens(session: Session, *, user: User) -> Sequence[ApiToken]:
    return session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                           .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()


def revoke_token(session: Session, *, user: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def user_for_token(session: Session, *, plaintext: str) -> User | None:
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(plaintext)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        token.last_used_at = now
        session.flush()
    return token.user


def sso_user(session: Session, *, subject: str, email: str, name: str,
             roles: Sequence[Role]) -> User:
    """The user for a verified SSO identity; the identity provider owns their roles."""
    user = session.scalar(select(User).where(User.oidc_subject == subject))
    if user is None and email:
        user = find_user(session, email=email)
        if user is not None and user.oidc_subject not in (None, subject):
            raise Conflict("That e-mail address belongs to another single sign-on identity.")
    if user is None:
        user = User(email=normalise_email(email) or subject, name=name, roles=[],
                    is_active=True, session_epoch=0)
        session.add(user)
    user.oidc_subject = subject
    if name:
        user.name = name
    new_roles = _role_values(roles)
    if user.roles != new_roles:
        user.roles = new_roles
        user.session_epoch += 1
    user.last_login_at = utcnow()
    session.flush()
    return user


def ensure_first_admin(session: Session, *, email: str = "admin@localhost") -> str | None:
    """With no users yet, create an admin and return its one-time password (else None)."""
    if count_users(session) > 0:
        return None
    password = generate_password()
    create_user(session, data=UserCreate(email=email, name="Administrator",
                                         roles=[Role.ADMIN], password=password))
    return password
