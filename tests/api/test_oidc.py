"""Single sign-on: the whole OpenID Connect code flow against an identity provider served
in-test on 127.0.0.1 (discovery, JWKS, token endpoint), with a locally signed ID token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from socialguard.auth.models import User
from socialguard.auth.oidc import identity_from_claims
from socialguard.settings import Settings
from socialguard.web.app import create_app
from tests.conftest_web import BASE_URL, ServerThread, make_settings

CLIENT_ID = "socialguard-test-client"


class FakeEntra:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.claims: dict[str, Any] = {}
        self.app = FastAPI()
        self.issuer = ""
        self.base = ""
        self.app.get("/.well-known/openid-configuration")(self.discovery)
        self.app.get("/keys")(self.jwks)
        self.app.post("/token")(self.token)

    def discovery(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token", "jwks_uri": f"{self.base}/keys",
                "response_types_supported": ["code"], "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    async def token(self, request: Request) -> dict[str, Any]:
        form = await request.form()
        assert form.get("grant_type") == "authorization_code"
        assert form.get("code") == "the-code"
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, self.claims, self.key)
        return {"access_token": "opaque", "token_type": "Bearer", "expires_in": 3600,
                "id_token": id_token}


@pytest.fixture(scope="module")
def idp() -> Iterator[FakeEntra]:
    fake = FakeEntra()
    with ServerThread(fake.app, lifespan="off") as server:
        fake.base = server.url
        fake.issuer = server.url + "/tenant-id/v2.0"  # Entra's shape: a tenant path
        yield fake


@pytest.fixture(scope="module")
def sso_app(idp: FakeEntra, tmp_path_factory: pytest.TempPathFactory,
            database_url: str) -> Iterator[FastAPI]:
    settings = make_settings(tmp_path_factory.mktemp("sso"), database_url,
                             oidc_issuer=idp.issuer, oidc_client_id=CLIENT_ID,
                             oidc_client_secret="client-secret",
                             oidc_metadata_url=idp.base + "/.well-known/openid-configuration",
                             oidc_group_roles={"grp-foi": "foi"})
    application = create_app(settings)
    with TestClient(application, base_url=BASE_URL):
        yield application


def sign_in_via_sso(client: TestClient, idp: FakeEntra, **claims: Any) -> Any:
    start = client.get("/auth/sso?next=/account", follow_redirects=False)
    assert start.status_code == 302
    query = parse_qs(urlparse(start.headers["location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    now = int(time.time())
    idp.claims = {"iss": idp.issuer, "aud": CLIENT_ID, "iat": now, "nbf": now,
                  "exp": now + 600, "nonce": query["nonce"][0], "sub": "pairwise-sub",
                  **claims}
    return client.get(f"/auth/sso/callback?code=the-code&state={query['state'][0]}",
                      follow_redirects=False)


def test_login_page_offers_sso_only_when_configured(sso_app: FastAPI, app: FastAPI) -> None:
    assert "Sign in with Microsoft" in TestClient(sso_app, base_url=BASE_URL).get("/login").text
    assert "Sign in with Microsoft" not in TestClient(app, base_url=BASE_URL).get("/login").text


def test_sso_signs_in_with_entra_app_roles(sso_app: FastAPI, idp: FakeEntra) -> None:
    client = TestClient(sso_app, base_url=BASE_URL)
    response = sign_in_via_sso(client, idp, oid="oid-comms-1", name="Casey Comms",
                               preferred_username="casey.comms@test.nhs.uk",
                               roles=["comms", "Some.Other.App.Role"])
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/account"
    page = client.get("/account")
    assert page.status_code == 200 and "casey.comms@test.nhs.uk" in page.text
    with sso_app.state.db.session() as session:
        user = session.scalar(select(User).where(User.email == "casey.comms@test.nhs.uk"))
        assert user is not None
        assert user.roles == ["comms"] and user.password_hash is None
        assert user.oidc_subject == f"{idp.issuer}|oid-comms-1"


def test_sso_maps_groups_to_roles(sso_app: FastAPI, idp: FakeEntra) -> None:
    client = TestClient(sso_app, base_url=BASE_URL)
    response = sign_in_via_sso(client, idp, oid="oid-foi-1", email="f.oi@test.nhs.uk",
                               groups=["grp-foi", "grp-unknown"])
    assert response.status_code == 303
    with sso_app.state.db.session() as session:
        user = session.scalar(select(User).where(User.email == "f.oi@test.nhs.uk"))
        assert user is not None and user.roles == ["foi"]


def test_sso_refuses_a_token_signed_by_another_key(sso_app: FastAPI, idp: FakeEntra) -> None:
    real_key = idp.key
    idp.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    published = real_key.as_dict(private=False)
    idp.jwks = lambda: {"keys": [published]}  # type: ignore[method-assign]
    idp.app.router.routes = [r for r in idp.app.router.routes
                             if getattr(r, "path", "") != "/keys"]
    idp.app.get("/keys")(idp.jwks)
    try:
        client = TestClient(sso_app, base_url=BASE_URL)
        response = sign_in_via_sso(client, idp, oid="oid-forged", email="forged@test.nhs.uk",
                                   roles=["admin"])
        assert response.status_code == 400
        assert "ID token was refused" in response.text
        assert client.get("/account", follow_redirects=False).status_code == 303
    finally:
        idp.key = real_key


def test_sso_refuses_a_replayed_state(sso_app: FastAPI, idp: FakeEntra) -> None:
    client = TestClient(sso_app, base_url=BASE_URL)
    response = client.get("/auth/sso/callback?code=the-code&state=made-up",
                          follow_redirects=False)
    assert response.status_code == 400
    assert "Single sign-on failed" in response.text


def test_claims_without_any_role_fall_back_to_the_default(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, oidc_default_role="staff")
    identity = identity_from_claims({"iss": "i", "oid": "x", "email": "a@b"}, settings)
    assert [r.value for r in identity.roles] == ["staff"]
    strict = Settings(data_dir=tmp_path, oidc_default_role=None)
    with pytest.raises(Exception, match="no SocialGuard role"):
        identity_from_claims({"iss": "i", "oid": "x"}, strict)
