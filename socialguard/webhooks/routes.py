"""Webhook endpoints (/api/v1/webhooks): Meta, X and a generic signed one.

Every endpoint first checks that its secret is configured (else 404, before anything else
is looked at), then reads the raw body exactly as received and verifies its signature before
parsing a byte of it. Nothing is stored, not even the replay ledger's row, unless the
signature holds. Logs name the source, a digest prefix and row ids: never message text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Header, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import SecretStr, TypeAdapter, ValidationError
from pydantic_core import from_json
from sqlalchemy.orm import Session

from socialguard.api.schemas import InboundMessage
from socialguard.cases.notify import send
from socialguard.deps import PackDep, SessionDep, SettingsDep
from socialguard.errors import Forbidden, InvalidInput, NotFound, NotReady
from socialguard.inbox.upload import received_problem
from socialguard.policy.schema import PolicyPack
from socialguard.settings import Settings, SettingsError, _read_secret_file
from socialguard.web.errors import ErrorBody
from socialguard.webhooks import service
from socialguard.webhooks.events import meta_messages, x_messages
from socialguard.webhooks.schemas import CrcResponse, WebhookReceipt
from socialguard.webhooks.signatures import (
    SignatureRefused,
    check_generic,
    check_meta,
    check_x,
    delivery_digest,
    same,
    x_signature,
)

log = logging.getLogger("socialguard.webhooks")
router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])

DESCRIBED = {401: "signature missing or wrong (generic: also a stale timestamp or a replay); "
                  "nothing stored",
             403: "the verify token does not match",
             404: "this webhook is off: its secret is not configured",
             413: "the body is larger than the server accepts",
             422: "a query or a (signed) body this endpoint cannot read",
             503: "the secret is configured as a file that cannot be read"}
OBJECT_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object"}}}}}
MESSAGE = {"$ref": "#/components/schemas/InboundMessage"}
GENERIC_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"anyOf": [MESSAGE, {"type": "array", "items": MESSAGE}]}}}}}
MESSAGES = TypeAdapter(list[InboundMessage])


def _errors(*codes: int, spelled_out: bool = False) -> dict[int | str, dict[str, Any]]:
    if spelled_out:  # a text/plain route: "model" would document its errors as text too
        json = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        return {code: {"description": DESCRIBED[code], "content": json} for code in codes}
    return {code: {"model": ErrorBody, "description": DESCRIBED[code]} for code in codes}


def secret_of(settings: Settings, name: str) -> str | None:
    """A webhook secret from SOCIALGUARD_<NAME> or SOCIALGUARD_<NAME>_FILE; None if unset."""
    value: SecretStr | None = getattr(settings, name)
    path: Path | None = getattr(settings, f"{name}_file")
    try:
        if value is not None:
            secret = value.get_secret_value()
        else:
            secret = _read_secret_file(path, f"SOCIALGUARD_{name.upper()}_FILE") if path else ""
    except SettingsError as exc:
        log.error("webhooks: %s", exc)  # names the variable and the path, not a secret
        raise NotReady("This webhook's secret cannot be read; see the server log.") from exc
    return secret if secret.strip() else None  # blank is unset: anyone could sign with it


def _switch(name: str) -> Callable[[Settings], str]:
    def configured(settings: SettingsDep) -> str:
        secret = secret_of(settings, name)
        if secret is None:
            raise NotFound()
        return secret
    return configured


MetaSecret = Annotated[str, Depends(_switch("meta_app_secret"))]
XSecret = Annotated[str, Depends(_switch("x_consumer_secret"))]
GenericSecret = Annotated[str, Depends(_switch("webhook_secret"))]


async def raw_body(request: Request) -> bytes:
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


def _json(body: bytes) -> object:
    try:  # pydantic's parser: a depth limit, so deep nesting is a 422 and not a crash
        return from_json(body)
    except ValueError as exc:
        raise InvalidInput("The body is not JSON.") from exc


def _reads_as_delivery(data: bytes) -> bool:
    try:  # the very parser the deliveries go through
        return isinstance(from_json(data), dict | list)
    except ValueError:
        return False


def _store(session: Session, background: BackgroundTasks, *, source: str, expected: str,
           messages: list[InboundMessage], passed_over: int, pack: PolicyPack
           ) -> WebhookReceipt:
    digest = delivery_digest(expected)
    outcome = service.receive(session, source=source, digest=digest, messages=messages,
                              pack=pack)
    if outcome.replayed:
        log.info("webhook %s: delivery %s seen before, not stored again", source, digest[:12])
        # The platforms retry a delivery unchanged: acknowledge it. The generic protocol signs
        # each attempt afresh (a new timestamp), so there the same signature is a replay.
        if source == "generic":
            raise SignatureRefused("This delivery was received before; sign each one afresh.")
        return WebhookReceipt(received=len(messages), stored=[], duplicates=[],
                              passed_over=passed_over, replayed=True)
    ingested = outcome.ingested
    stored = [m.id for m in ingested.messages] if ingested else []
    duplicates = ingested.duplicates if ingested else []
    session.commit()
    if ingested:
        background.add_task(send, ingested.notices)
    log.info("webhook %s: delivery %s, messages %s stored, %d duplicate(s), %d passed over",
             source, digest[:12], stored, len(duplicates), passed_over)
    return WebhookReceipt(received=len(messages), stored=stored, duplicates=duplicates,
                          passed_over=passed_over)


@router.get("/meta", response_class=PlainTextResponse, response_description="hub.challenge, echoed",
            responses=_errors(403, 404, 422, 503, spelled_out=True),
            summary="Meta's verification request: echo hub.challenge for the right verify token")
def meta_verify(
        settings: SettingsDep, _on: MetaSecret,
        mode: Annotated[str | None, Query(alias="hub.mode", max_length=50)] = None,
        token: Annotated[str | None, Query(alias="hub.verify_token", max_length=500)] = None,
        challenge: Annotated[str | None, Query(alias="hub.challenge", max_length=500)] = None,
) -> PlainTextResponse:
    expected = secret_of(settings, "meta_verify_token")
    if expected is None:
        log.warning("webhook meta: verification refused, SOCIALGUARD_META_VERIFY_TOKEN is unset")
    if expected is None or mode != "subscribe" or not challenge or not same(token, expected):
        raise Forbidden("The verify token does not match.")
    return PlainTextResponse(challenge)


@router.post("/meta", response_model=WebhookReceipt, openapi_extra=OBJECT_BODY,
             responses=_errors(401, 404, 413, 422, 503),
             summary="Facebook Page and Instagram events, signed with the Meta app secret")
def meta_deliver(
        secret: MetaSecret, body: RawBody, session: SessionDep, pack: PackDep,
        background: BackgroundTasks,
        signature: Annotated[str | None, Header(alias="X-Hub-Signature-256")] = None,
) -> WebhookReceipt:
    expected = check_meta(secret, body, signature)
    parsed = meta_messages(_json(body))
    return _store(session, background, source="meta", expected=expected, pack=pack,
                  messages=parsed.messages, passed_over=parsed.passed_over)


@router.get("/x", response_model=CrcResponse, responses=_errors(404, 422, 503),
            summary="X's challenge-response check (CRC)")
def x_crc(secret: XSecret, crc_token: Annotated[str, Query(min_length=1, max_length=1000)]
          ) -> CrcResponse:
    # The answer is an HMAC with the key that signs deliveries: for a token that reads as a
    # JSON object or list it would be a valid signature of that token as a delivery body.
    if _reads_as_delivery(crc_token.encode("utf-8")):
        raise InvalidInput("That is not a CRC token.")
    return CrcResponse(response_token=x_signature(secret, crc_token.encode("utf-8")))


@router.post("/x", response_model=WebhookReceipt, openapi_extra=OBJECT_BODY,
             responses=_errors(401, 404, 413, 422, 503),
             summary="X Account Activity events: mentions, replies, direct messages")
def x_deliver(
        secret: XSecret, body: RawBody, session: SessionDep, pack: PackDep,
        background: BackgroundTasks,
        signature: Annotated[str | None, Header(alias="x-twitter-webhooks-signature")] = None,
) -> WebhookReceipt:
    expected = check_x(secret, body, signature)
    parsed = x_messages(_json(body))
    return _store(session, background, source="x", expected=expected, pack=pack,
                  messages=parsed.messages, passed_over=parsed.passed_over)


@router.post("/generic", response_model=WebhookReceipt, openapi_extra=GENERIC_BODY,
             responses=_errors(401, 404, 413, 422, 503),
             summary="Inbound messages forwarded by another tool, signed with a shared secret")
def generic_deliver(
        secret: GenericSecret, body: RawBody, session: SessionDep, pack: PackDep,
        settings: SettingsDep, background: BackgroundTasks,
        timestamp: Annotated[str | None, Header(
            alias="X-SocialGuard-Timestamp", description="unix seconds, within 5 minutes")] = None,
        signature: Annotated[str | None, Header(
            alias="X-SocialGuard-Signature",
            description='sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>')] = None,
) -> WebhookReceipt:
    expected = check_generic(secret, body, timestamp=timestamp, signature=signature,
                             now=time.time())
    messages = _generic_messages(_json(body), settings.batch_limit)
    return _store(session, background, source="generic", expected=expected, pack=pack,
                  messages=messages, passed_over=0)


def _generic_messages(raw: object, limit: int) -> list[InboundMessage]:
    """One message (the body of POST /api/v1/inbox/messages) or a list; all or none."""
    try:
        messages = MESSAGES.validate_python(raw if isinstance(raw, list) else [raw])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][0 if isinstance(raw, list) else 1:])
        where = where or "the body"
        raise InvalidInput(f"Not an inbound message: {where}: {first['msg']}") from exc
    if not messages or len(messages) > limit:
        raise InvalidInput(f"Send 1 to {limit} messages per delivery; this one has "
                           f"{len(messages)}.")
    for number, message in enumerate(messages, start=1):
        wrong = received_problem(message)
        if wrong:
            raise InvalidInput(f"Message {number}: {wrong}")
    return messages
