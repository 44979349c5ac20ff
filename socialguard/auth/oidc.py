"""OpenID Connect single sign-on (Microsoft Entra ID) through Authlib.

Configured by settings alone: with an issuer and a client id the login page shows
the SSO button. Authlib validates the ID token (signature against the issuer's
JWKS, issuer, audience, expiry, nonce); this module maps the verified claims to
a user and roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.integrations.starlette_client import (  # type: ignore[import-untyped]
    OAuth,
    StarletteOAuth2App,
)

from socialguard.auth.roles import Role, parse_roles
from socialguard.errors import Forbidden
from socialguard.settings import Settings

CLIENT_NAME = "entra"


def build_client(settings: Settings) -> StarletteOAuth2App | None:
    if not settings.oidc_enabled:
        return None
    oauth = OAuth()
    oauth.register(CLIENT_NAME, client_id=settings.oidc_client_id,
                   client_secret=settings.oidc_secret,
                   server_metadata_url=settings.oidc_discovery_url,
                   client_kwargs={"scope": "openid email profile"})
    client: StarletteOAuth2App = oauth.create_client(CLIENT_NAME)
    return client


class Identity:
    def __init__(self, subject: str, email: str, name: str, roles: list[Role]) -> None:
        self.subject = subject
        self.email = email
        self.name = name
        self.roles = roles


def identity_from_claims(claims: Mapping[str, Any], settings: Settings) -> Identity:
    """The user an ID token names, with roles from app roles, then groups, then the default."""
    # Entra's `oid` is the user's stable id across apps; `sub` differs per app.
    key = claims.get("oid") or claims.get("sub")
    if not key:
        raise Forbidden("The sign-in answer names no user.")
    subject = f"{claims.get('iss', '')}|{key}"
    email = str(claims.get("email") or claims.get("preferred_username") or "")
    roles = parse_roles(_strings(claims.get(settings.oidc_roles_claim)))
    group_roles = [settings.oidc_group_roles[g] for g in _strings(
        claims.get(settings.oidc_groups_claim)) if g in settings.oidc_group_roles]
    roles = parse_roles([*(r.value for r in roles), *group_roles])
    if not roles and settings.oidc_default_role:
        roles = parse_roles([settings.oidc_default_role])
    if not roles:
        raise Forbidden("Your account has no SocialGuard role. Ask an administrator to "
                        "assign one in Microsoft Entra ID.")
    return Identity(subject=subject, email=email, name=str(claims.get("name") or ""),
                    roles=roles)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
