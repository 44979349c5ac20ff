"""The signature recipes, as each sender documents them; every comparison is constant-time.

- Meta: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>``.
- X: ``x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>``;
  the CRC answer is ``sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>``.
- Generic: ``X-SocialGuard-Signature: sha256=<hex HMAC-SHA256(shared secret,
  "<X-SocialGuard-Timestamp>.<raw body>")>``, the timestamp in unix seconds and within
  ``MAX_SKEW_S`` of our clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from socialguard.errors import AppError

PREFIX = "sha256="
MAX_SKEW_S = 5 * 60
# Unix seconds: ten digits until the year 2286; more is not a timestamp.
MAX_TIMESTAMP_DIGITS = 12


def _mac(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def same(given: str | None, expected: str) -> bool:
    # Bytes, not str: compare_digest raises TypeError on non-ASCII text, and a header may
    # hold any Latin-1 character.
    return given is not None and hmac.compare_digest(given.strip().encode("utf-8"),
                                                     expected.encode("utf-8"))


def meta_signature(secret: str, body: bytes) -> str:
    return PREFIX + _mac(secret, body).hex()


def x_signature(secret: str, message: bytes) -> str:
    return PREFIX + base64.b64encode(_mac(secret, message)).decode("ascii")


def generic_signature(secret: str, timestamp: str, body: bytes) -> str:
    return PREFIX + _mac(secret, timestamp.encode("ascii") + b"." + body).hex()


class SignatureRefused(AppError):
    """401 in the project's error shape, without the Bearer challenge of ``Unauthenticated``
    (a webhook sender cannot answer it with a token)."""

    status, code = 401, "unauthenticated"
    message = "The delivery's signature is missing or wrong."


def check_meta(secret: str, body: bytes, header: str | None) -> str:
    """The expected signature, once the header matches it (hex: case-free)."""
    expected = meta_signature(secret, body)
    if not same(header.lower() if header else None, expected):
        raise SignatureRefused("Missing or invalid X-Hub-Signature-256.")
    return expected


def check_x(secret: str, body: bytes, header: str | None) -> str:
    expected = x_signature(secret, body)
    if not same(header, expected):  # base64: case matters
        raise SignatureRefused("Missing or invalid x-twitter-webhooks-signature.")
    return expected


def check_generic(secret: str, body: bytes, *, timestamp: str | None, signature: str | None,
                  now: float) -> str:
    """The expected signature, once it matches and the timestamp is fresh."""
    stamp = (timestamp or "").strip()
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= MAX_TIMESTAMP_DIGITS):
        raise SignatureRefused("X-SocialGuard-Timestamp must be the unix time in seconds.")
    expected = generic_signature(secret, stamp, body)
    if not same(signature.lower() if signature else None, expected):
        raise SignatureRefused("Missing or invalid X-SocialGuard-Signature.")
    if abs(now - int(stamp)) > MAX_SKEW_S:
        raise SignatureRefused(
            f"X-SocialGuard-Timestamp is more than {MAX_SKEW_S // 60} minutes from our clock; "
            "sign each delivery when it is sent.")
    return expected


def delivery_digest(expected_signature: str) -> str:
    """What the replay ledger keeps: a hash of the signature we computed (never the
    sender's spelling of it, so a replay with the hex in upper case is still a replay)."""
    return hashlib.sha256(expected_signature.encode("ascii")).hexdigest()
