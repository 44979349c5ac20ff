"""API and form schemas for users and tokens (tables are in models.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from socialguard.auth.roles import Role

# Deliberately loose: the address is an identifier here, never used to send mail.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"


class UserCreate(BaseModel):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=320)
    name: str = Field(default="", max_length=200)
    roles: list[Role] = Field(min_length=1)
    password: str | None = Field(default=None, min_length=12, max_length=1024)

    @field_validator("email")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_email(value)


def normalise_email(value: str) -> str:
    return value.strip().lower()


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    roles: list[str]
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    sso: bool = False


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIssued(TokenPublic):
    token: str = Field(description="Shown once; only its hash is stored")
