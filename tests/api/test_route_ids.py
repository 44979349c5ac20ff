"""Every route is in the OpenAPI document, and no id in a path can make a route fail
(issue 16, items 10 and 12)."""

from __future__ import annotations

import copy
import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from tests.conftest_web import NamedUser, bearer, csrf_from, log_in

HUGE = "9223372036854775808"  # 2**63: SQLite could not bind it (OverflowError, a 500)
PARAM = re.compile(r"\{([a-z_]+)\}")


def _routes(app: FastAPI) -> list[APIRoute]:
    """Every endpoint, with its full path. FastAPI 0.16x keeps an included router as a
    branch (``original_router``) rather than copying its routes; a branch's path is its
    routes' own plus the prefix it was included with (``include_context.prefix``, which
    for a router included in another is the outer router's prefix)."""
    found: list[APIRoute] = []
    pending: list[tuple[object, str]] = [(route, "") for route in app.routes]
    while pending:
        route, prefix = pending.pop()
        if isinstance(route, APIRoute):
            found.append(route if not prefix else _moved(route, prefix))
        elif (branch := getattr(route, "original_router", None)) is not None:
            inner = prefix + route.include_context.prefix  # type: ignore[attr-defined]
            pending.extend((child, inner) for child in branch.routes)
    return found


def _moved(route: APIRoute, prefix: str) -> APIRoute:
    moved = copy.copy(route)
    moved.path = prefix + route.path
    return moved


def test_every_api_operation_is_in_the_openapi_document(app: FastAPI) -> None:
    documented = {(method.upper(), path) for path, item in app.openapi()["paths"].items()
                  for method in item}
    served = {(method, r.path) for r in _routes(app) if r.path.startswith("/api/")
              for method in r.methods}
    assert served - documented == set()
    assert len(documented) >= 48 and len(served) == len(documented)
    pages = {(m, r.path) for r in _routes(app) if not r.path.startswith("/api/")
             for m in r.methods}
    assert pages and not pages & documented  # pages stay out of the API document


def _with_huge_ids(route: APIRoute) -> str | None:
    names = PARAM.findall(route.path)
    if not any(name.endswith("_id") for name in names):
        return None
    path = route.path
    for name in names:
        path = path.replace("{" + name + "}", HUGE if name.endswith("_id") else "done")
    return path


def test_a_huge_id_is_a_clear_422_on_every_api_route(app: FastAPI, client: TestClient,
                                                     users: dict[Role, NamedUser]) -> None:
    tried = 0
    for route in _routes(app):
        path = _with_huge_ids(route)
        if path is None or not route.path.startswith("/api/"):
            continue
        for method in route.methods:
            response = client.request(method, path, headers=bearer(users[Role.ADMIN]),
                                      json={})
            assert response.status_code == 422, (method, route.path, response.text)
            assert "ess than or equal to 2147483647" in response.text
            tried += 1
    assert tried >= 20


def test_a_huge_id_never_breaks_a_page(app: FastAPI, client: TestClient,
                                       users: dict[Role, NamedUser]) -> None:
    log_in(client, users[Role.ADMIN].email, users[Role.ADMIN].password)
    token = csrf_from(client.get("/account").text)
    tried = 0
    for route in _routes(app):
        path = _with_huge_ids(route)
        if path is None or route.path.startswith("/api/"):
            continue
        for method in route.methods:
            response = client.request(method, path, headers={"x-csrf-token": token},
                                      data={"csrf_token": token}, follow_redirects=False)
            assert response.status_code in (404, 422), (method, route.path, response.text)
            tried += 1
    assert tried >= 10


@pytest.mark.parametrize("bad", ["0", "-1", "2147483648", "1e3", "abc"])
def test_ids_out_of_range_or_not_numbers_are_refused(client: TestClient, bad: str,
                                                     users: dict[Role, NamedUser]) -> None:
    response = client.get(f"/api/v1/approvals/{bad}", headers=bearer(users[Role.ADMIN]))
    assert response.status_code == 422
    assert response.json()["error"]["code"]
