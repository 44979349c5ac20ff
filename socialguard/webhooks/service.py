"""Store a verified delivery once, through the inbox's own ``ingest``.

Who imports it: ``ingest`` writes the importing user's id and e-mail on each message, on its
audit row and as the reporter of any case it opens, so it needs a real ``users`` row. A
webhook has no person behind it; rather than pin deliveries on whichever admin exists, they
are imported by a dedicated service account, created on first use and labelled as such
(``SYSTEM_EMAIL``). It cannot sign in or hold a working token: it has no password, no SSO
identity, no role, and is inactive (which only stops sign-ins; ingest does not check it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialguard.api.schemas import InboundMessage
from socialguard.auth.models import User
from socialguard.db.base import utcnow
from socialguard.inbox.service import Ingested, ingest
from socialguard.policy.schema import PolicyPack
from socialguard.webhooks.tables import WebhookDelivery

log = logging.getLogger("socialguard.webhooks")
# .invalid is reserved (RFC 2606): no identity provider or mailbox can ever claim it.
SYSTEM_EMAIL = "webhooks@socialguard.invalid"
SYSTEM_NAME = "Inbound webhooks (system account)"
LEDGER_KEPT = timedelta(days=1)


@dataclass
class Outcome:
    replayed: bool = False
    ingested: Ingested | None = None


def system_actor(session: Session) -> User:
    found = session.scalar(select(User).where(User.email == SYSTEM_EMAIL))
    if found is not None:
        return found
    user = User(email=SYSTEM_EMAIL, name=SYSTEM_NAME, roles=[], password_hash=None,
                is_active=False, session_epoch=0)
    try:
        with session.begin_nested():  # two first deliveries at once: one account
            session.add(user)
    except IntegrityError:
        return session.scalars(select(User).where(User.email == SYSTEM_EMAIL)).one()
    log.info("created the webhooks service account (user #%s)", user.id)
    return user


def claim(session: Session, *, source: str, digest: str) -> bool:
    """True the first time this delivery is seen; False for a replay (or a retry)."""
    try:
        with session.begin_nested():
            session.add(WebhookDelivery(source=source, digest=digest))
    except IntegrityError:
        return False
    return True


def prune(session: Session) -> None:
    session.execute(delete(WebhookDelivery)
                    .where(WebhookDelivery.received_at < utcnow() - LEDGER_KEPT))


def receive(session: Session, *, source: str, digest: str, messages: list[InboundMessage],
            pack: PolicyPack) -> Outcome:
    """Claim the delivery, then label, route and store its messages (the caller commits)."""
    prune(session)
    if not claim(session, source=source, digest=digest):
        return Outcome(replayed=True)
    if not messages:
        return Outcome()
    actor = system_actor(session)
    try:
        with session.begin_nested():
            return Outcome(ingested=ingest(session, messages=messages, user=actor, pack=pack))
    except IntegrityError:
        # Another delivery stored one of these messages between ingest's look-up and its
        # insert (two deliveries overlapping); now committed, it reads as a duplicate.
        with session.begin_nested():
            return Outcome(ingested=ingest(session, messages=messages, user=actor, pack=pack))
