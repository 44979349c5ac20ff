"""Signed-cookie sessions (itsdangerous) with a per-request Secure flag, and CSRF tokens.

Starlette's SessionMiddleware fixes the Secure flag when the app is built; here it
is decided per request so the embedded default works on http://localhost while
any other host gets Secure cookies. The cookie is HttpOnly and SameSite=Lax.
"""

from __future__ import annotations

import json
import secrets
from base64 import b64decode, b64encode
from binascii import Error as Base64Error
from typing import Any

from itsdangerous import BadSignature, TimestampSigner
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "sg_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, secret: str, max_age_s: int,
                 secure: bool | None = None) -> None:
        self.app = app
        self.signer = TimestampSigner(secret, salt="socialguard.session")
        self.max_age_s = max_age_s
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        loaded = self._load(connection.cookies.get(SESSION_COOKIE))
        scope["session"] = dict(loaded)
        had_cookie = bool(loaded)
        secure = self.secure if self.secure is not None else (
            connection.url.hostname not in LOOPBACK_HOSTS)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session: dict[str, Any] = scope["session"]
                headers = MutableHeaders(scope=message)
                if session and session != loaded:
                    headers.append("Set-Cookie", self._cookie(self._dump(session),
                                                              self.max_age_s, secure))
                elif not session and had_cookie:
                    headers.append("Set-Cookie", self._cookie("", 0, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            data = json.loads(b64decode(self.signer.unsign(raw, max_age=self.max_age_s)))
        except (BadSignature, Base64Error, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _dump(self, session: dict[str, Any]) -> str:
        payload = b64encode(json.dumps(session, separators=(",", ":")).encode())
        return self.signer.sign(payload).decode()

    @staticmethod
    def _cookie(value: str, max_age: int, secure: bool) -> str:
        parts = [f"{SESSION_COOKIE}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly",
                 "SameSite=Lax"]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (anonymous visitors get one too)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_valid(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return (isinstance(expected, str) and isinstance(submitted, str)
            and secrets.compare_digest(expected, submitted))


def sign_in(request: Request, *, user_id: int, epoch: int) -> None:
    """A fresh session for the user: a new CSRF token too, so a planted session is useless."""
    request.session.clear()
    request.session.update({"uid": user_id, "epoch": epoch, "csrf": secrets.token_urlsafe(32)})


def sign_out(request: Request) -> None:
    request.session.clear()
