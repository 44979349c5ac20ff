"""Error handlers: the one JSON shape for the API, a page (or the login page) for the browser."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from socialguard.errors import AppError, LoginRequired

log = logging.getLogger("socialguard.errors")
CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "invalid_input", 429: "throttled",
         500: "internal_error", 503: "not_ready"}


class ErrorDetail(BaseModel):
    code: str
    message: str
    request_id: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry that documents each status as the one error shape."""
    return {status: {"model": ErrorBody} for status in statuses}


def install(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _data_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", "-"))


def wants_json(request: Request) -> bool:
    """The API answers JSON; everything else is a page for a browser."""
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    body = ErrorBody(error=ErrorDetail(code=code, message=message,
                                       request_id=_request_id(request)))
    if wants_json(request):
        return JSONResponse(body.model_dump(), status_code=status, headers=headers)
    from socialguard.web.templating import render

    response = render(request, "error.html", status_code=status, error=body.error,
                      title=HTTPStatus(status).phrase)
    response.headers.update(headers or {})
    return response


async def _app_error(request: Request, exc: AppError) -> Response:
    if isinstance(exc, LoginRequired) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return error_response(request, exc.status, exc.code, exc.message, exc.headers)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    default = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    message = exc.detail if isinstance(exc.detail, str) and exc.detail != default else {
        404: "Nothing here: check the address.",
        405: f"{request.method} is not allowed here.",
    }.get(status, default)
    return error_response(request, status, CODES.get(status, "error"), message,
                          dict(exc.headers or {}))


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = []
    for err in exc.errors()[:10]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        problems.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return error_response(request, 422, "invalid_input",
                          "The request is not valid. " + "; ".join(problems))


async def _data_error(request: Request, exc: DataError) -> Response:
    # SQLSTATE class 22 is the input's fault, not ours: a NUL character (PostgreSQL text
    # cannot hold one), a number out of range. The transaction is rolled back by the
    # session dependency, so nothing half-written remains.
    log.info("input refused by the database: %s", type(exc.orig).__name__)
    return error_response(request, 422, "invalid_input",
                          "The request holds a value that cannot be stored, such as a NUL "
                          "character or a number out of range. Remove it and try again.")


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The traceback goes to the log (with the request id), never to the caller.
    log.error("unhandled error", exc_info=exc)
    return error_response(request, 500, "internal_error",
                          "Something went wrong on our side. Quote the request id if you "
                          "report it.")
