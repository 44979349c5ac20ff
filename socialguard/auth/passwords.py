"""Argon2id password hashing (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 12


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_hash(stored: str, password: str) -> bool:
    """The one place a password meets argon2 (a seam: tests count the checks made here)."""
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(stored: str | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing does not reveal accounts."""
    # Without a usable hash, a dummy one made with the same parameters costs the same time.
    return verify_hash(stored or _dummy_hash(), password) and stored is not None


def needs_rehash(stored: str) -> bool:
    return _hasher().check_needs_rehash(stored)


def generate_password() -> str:
    return secrets.token_urlsafe(18)
