"""Every page a signed-in user can reach by following links answers without a server error.

The demo organisation (official accounts with activity, an inbox with an FOI request
and a 999 case, approval requests) fills a fresh database; then each demo user signs in
and follows every same-site link from the home page, breadth first, as a person
clicking around would. A broken template or a query that fails on real data shows up
here even when no test was written for that page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard import demo
from socialguard.auth.roles import Role
from socialguard.policy import load_pack
from socialguard.web.app import create_app
from tests.conftest_web import BASE_URL, TEST_DB_ENV, fresh_postgres, log_in, make_settings

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/logout", "/static/", "/auth/sso", "/api/")
MAX_PAGES = 150


@pytest.fixture(scope="module")
def crawl_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of its own, so what other modules stored cannot change what is crawled."""
    given = os.environ.get(TEST_DB_ENV)
    if given:
        yield from fresh_postgres(given)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('crawl-db') / 'crawl.db'}"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory,
             crawl_database: str) -> Iterator[tuple[FastAPI, str]]:
    data_dir: Path = tmp_path_factory.mktemp("crawl")
    app = create_app(make_settings(data_dir, crawl_database))
    with TestClient(app, base_url=BASE_URL):
        with app.state.db.session() as session:
            seeded = demo.seed(session, pack=load_pack())
            session.commit()
        assert seeded.password, "a fresh database gets the demo organisation"
        yield app, seeded.password


def crawl(client: TestClient) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path, follow_redirects=False)
        seen[path] = response.status_code
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in HREF.findall(response.text):
            url = urlsplit(urljoin(BASE_URL + path, href.replace("&amp;", "&")))
            if url.netloc != urlsplit(BASE_URL).netloc:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if not target.startswith(SKIP) and target not in seen:
                queue.append(target)
    return seen


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COMMS, Role.SAFEGUARDING, Role.FOI,
                                  Role.HR, Role.IG, Role.MANAGER, Role.STAFF])
def test_no_page_reachable_by_links_fails(demo_app: tuple[FastAPI, str], role: Role) -> None:
    app, password = demo_app
    client = TestClient(app, base_url=BASE_URL)
    log_in(client, demo.demo_email(role), password)
    seen = crawl(client)
    assert len(seen) > 5, seen  # the crawl really went somewhere
    broken = {path: status for path, status in seen.items() if status >= 500}
    assert broken == {}
