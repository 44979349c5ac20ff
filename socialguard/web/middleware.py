"""Pure-ASGI middleware: request ids and access logs, and the request body size limit.

Access logs carry the method, the path without its query string, the status and
the time taken: never the body, so never the text of a draft.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialguard.textsafe import for_log

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "x-request-id"
# A caller's id is echoed only when it is short and plain, so it cannot inject log lines.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access_log = logging.getLogger("socialguard.access")


class EscapingFormatter(logging.Formatter):
    """Escapes the message (arguments included), so nothing logged can forge a line; a
    traceback appended after it keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        return for_log(super().formatMessage(record))


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: str) -> None:
    logger = logging.getLogger("socialguard")
    if any(isinstance(f, RequestIdFilter) for h in logger.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(EscapingFormatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info("%s %s %s %.1fms", for_log(scope["method"]),
                            for_log(scope["path"]), status,
                            (time.perf_counter() - started) * 1000)


class BodySizeLimitMiddleware:
    """Refuse bodies over ``limit`` bytes, declared or streamed, with a 413."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            receive = _refusing_receive(self.limit)
        else:
            receive = _counting_receive(receive, self.limit)
        await self.app(scope, receive, send)


def _too_large(limit: int) -> HTTPException:
    # An HTTPException, because FastAPI turns anything else raised while reading a body into 400.
    return HTTPException(413, f"The request body is over the limit of {limit:,} bytes.")


def _refusing_receive(limit: int) -> Receive:
    # Raised when the app reads the body, so the app's error handlers render the 413.
    async def receive() -> Message:
        raise _too_large(limit)

    return receive


def _counting_receive(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _too_large(limit)
        return message

    return counted


# Scripts and styles only from this site (htmx is vendored), no framing, forms post here only.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                           "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not scope["path"].startswith("/static/"):
                    # Verdicts quote drafts: keep them out of shared and browser caches.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
