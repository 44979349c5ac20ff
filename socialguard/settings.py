"""Runtime settings: one pydantic-settings class, built by the app factory or the CLI.

Nothing here runs at import time. The embedded default needs no configuration:
SQLite in the data folder and a secret key generated there on first start.
Production sets ``DATABASE_URL`` and a secret from the environment or a
``*_FILE`` (a mounted secret), and placeholder secrets are refused.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from limits import parse
from pydantic import AfterValidator, AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE_NAME = "secret_key"
PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "changethis", "development"})
MIN_SECRET_CHARS = 32


def default_data_dir() -> Path:
    return platformdirs.user_data_path("socialguard", appauthor=False)


class SettingsError(ValueError):
    """Settings that cannot be used; the message names the variable to fix."""


def _rate(value: str) -> str:
    try:
        parse(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a rate such as '120/minute'") from exc
    return value


RATE_LIMIT_STORES = ("memory", "redis", "rediss")


def _store(value: str) -> str:
    scheme = value.partition("://")[0]
    if "://" not in value or scheme not in RATE_LIMIT_STORES:
        raise ValueError(f"{value!r} is not a rate-limit store: use memory:// (this process) "
                         "or redis://HOST:PORT/DB (shared by every process and host)")
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOCIALGUARD_", extra="ignore",
                                      populate_by_name=True)

    environment: Literal["development", "production"] = "production"
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "SOCIALGUARD_DATABASE_URL"),
        description="SQLAlchemy URL; default SQLite in the data folder")
    secret_key: SecretStr | None = None
    secret_key_file: Path | None = None

    anonymous_check: bool = Field(
        default=True, description="Anyone may use the check form and POST /api/v1/check")
    max_request_bytes: Annotated[int, Field(ge=1024)] = 2 * 1024 * 1024
    batch_limit: Annotated[int, Field(ge=1, le=10_000)] = 100
    # Check units per client (one unit a short draft, one more per 1,000 characters):
    # socialguard.api.throttle. An anonymous address, and a signed-in account.
    check_rate_anonymous: Annotated[str, AfterValidator(_rate)] = "120/minute"
    check_rate_signed_in: Annotated[str, AfterValidator(_rate)] = "1200/minute"
    # Where the check windows are counted: this process, or a Redis every process shares.
    rate_limit_store: Annotated[str, AfterValidator(_store)] = "memory://"
    session_max_age_s: Annotated[int, Field(ge=60)] = 8 * 3600
    cookie_secure: bool | None = Field(
        default=None, description="None: Secure on every host but localhost")
    login_max_failures: Annotated[int, Field(ge=1)] = 5
    login_window_s: Annotated[int, Field(ge=1)] = 15 * 60
    warm_detectors: bool = True
    # How often each process asks the database whether a new policy version was published.
    policy_refresh_seconds: Annotated[float, Field(ge=0.0, le=300.0)] = 2.0
    log_level: str = "INFO"

    # OpenID Connect (Microsoft Entra ID): configured when issuer and client id are set.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_client_secret_file: Path | None = None
    oidc_metadata_url: str | None = Field(
        default=None, description="default: <issuer>/.well-known/openid-configuration")
    oidc_display_name: str = "Microsoft"
    oidc_roles_claim: str = "roles"
    oidc_groups_claim: str = "groups"
    oidc_group_roles: dict[str, str] = Field(
        default_factory=dict, description="Entra group id -> SocialGuard role")
    oidc_default_role: str | None = Field(
        default="staff", description="role of an SSO user no claim maps; None refuses them")

    # The daily official-accounts audit (socialguard.accounts.jobs).
    scheduler: bool = Field(default=True, description="run the daily audit in this process")
    audit_hour: Annotated[int, Field(ge=0, le=23)] = 6

    # E-mail notifications of cases (socialguard.cases.notify); no host: logged, not sent.
    smtp_host: str | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_from: str = "socialguard@localhost"
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_password_file: Path | None = None
    team_emails: str = Field(
        default="", description="team=address pairs, e.g. 'safeguarding=sg@nhs.net,hr=hr@nhs.net'")

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        key = self.secret_key.get_secret_value() if self.secret_key else None
        if key is not None and self.environment != "development":
            if key.lower() in PLACEHOLDER_SECRETS or len(key) < MIN_SECRET_CHARS:
                raise SettingsError(
                    f"SOCIALGUARD_SECRET_KEY is a placeholder or shorter than {MIN_SECRET_CHARS}"
                    " characters; set a random value (python -c 'import secrets;"
                    " print(secrets.token_urlsafe(48))') or unset it to use a generated one")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            # Heroku-style URLs name the driver-less scheme; psycopg 3 is the one installed.
            url = self.database_url
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix):]
            return url
        return f"sqlite:///{self.data_dir / 'socialguard.db'}"

    @cached_property
    def secret(self) -> str:
        """The signing key: env, then *_FILE, then one generated once in the data folder."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.secret_key_file is not None:
            return _read_secret_file(self.secret_key_file, "SOCIALGUARD_SECRET_KEY_FILE")
        return _generated_secret(self.data_dir / SECRET_FILE_NAME)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def oidc_secret(self) -> str | None:
        if self.oidc_client_secret is not None:
            return self.oidc_client_secret.get_secret_value()
        if self.oidc_client_secret_file is not None:
            return _read_secret_file(self.oidc_client_secret_file,
                                     "SOCIALGUARD_OIDC_CLIENT_SECRET_FILE")
        return None

    @property
    def smtp_secret(self) -> str | None:
        if self.smtp_password is not None:
            return self.smtp_password.get_secret_value()
        if self.smtp_password_file is not None:
            return _read_secret_file(self.smtp_password_file, "SOCIALGUARD_SMTP_PASSWORD_FILE")
        return None

    @property
    def oidc_discovery_url(self) -> str | None:
        if self.oidc_metadata_url:
            return self.oidc_metadata_url
        if self.oidc_issuer:
            return self.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
        return None

    # Signed inbound webhooks (socialguard.webhooks): each endpoint answers 404 until its
    # secret is set, from the environment or a *_FILE (read on each delivery, so a rotated
    # mounted secret takes effect without a restart).
    meta_app_secret: SecretStr | None = Field(
        default=None, description="Meta app secret: signs Facebook and Instagram deliveries")
    meta_app_secret_file: Path | None = None
    meta_verify_token: SecretStr | None = Field(
        default=None, description="the Verify Token typed into Meta's webhook settings")
    meta_verify_token_file: Path | None = None
    x_consumer_secret: SecretStr | None = Field(
        default=None, description="X app consumer secret: CRC answers and delivery signatures")
    x_consumer_secret_file: Path | None = None
    webhook_secret: SecretStr | None = Field(
        default=None, description="shared secret of the generic endpoint (Orlo, Hootsuite...)")
    webhook_secret_file: Path | None = None


def _read_secret_file(path: Path, variable: str) -> str:
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError(f"{variable}: cannot read {path} ({exc.strerror})") from exc
    if not value:
        raise SettingsError(f"{variable}: {path} is empty")
    return value


def _generated_secret(path: Path) -> str:
    if path.exists():
        return _read_secret_file(path, "the generated secret key")
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # Written aside then hard-linked: when two workers start together exactly one key wins
    # and neither reads a half-written file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    try:
        os.link(tmp, path)
    except FileExistsError:
        value = _read_secret_file(path, "the generated secret key")
    finally:
        tmp.unlink()
    return value
