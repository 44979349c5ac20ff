"""One exception hierarchy, each error with its HTTP status and a stable code.

The handlers in ``socialguard.web.errors`` render these as the JSON error shape
for the API and as a page for the browser.
"""

from __future__ import annotations


class AppError(Exception):
    status: int = 400
    code: str = "bad_request"
    message: str = "The request could not be processed."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        self.message = message or type(self).message
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(AppError):
    pass


class Unauthenticated(AppError):
    status, code = 401, "unauthenticated"
    message = "Sign in or send an API token (Authorization: Bearer …)."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class LoginRequired(AppError):
    """A page needs a signed-in user: the browser is sent to the login page."""

    status, code = 401, "login_required"
    message = "Please sign in to see this page."


class Forbidden(AppError):
    status, code = 403, "forbidden"
    message = "Your role does not allow this."


class CsrfFailed(AppError):
    status, code = 403, "csrf_failed"
    message = "The form expired or did not come from this site. Reload the page and try again."


class NotFound(AppError):
    status, code = 404, "not_found"
    message = "Nothing here."


class Conflict(AppError):
    status, code = 409, "conflict"
    message = "That conflicts with existing data."


class PayloadTooLarge(AppError):
    status, code = 413, "payload_too_large"
    message = "The request is too large."


class InvalidInput(AppError):
    status, code = 422, "invalid_input"
    message = "The request is not valid."


class Throttled(AppError):
    status, code = 429, "throttled"
    message = "Too many attempts."

    def __init__(self, message: str | None = None, *, retry_after_s: int) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after_s)})
        self.retry_after_s = retry_after_s


class NotReady(AppError):
    status, code = 503, "not_ready"
    message = "The service is starting or a dependency is down."
