from __future__ import annotations

from typing import Any

import pytest

from socialguard.policy import PolicyPack, load_pack
from socialguard.submission import Submission

# The database-backed fixtures, defined once in conftest_web and offered to every test
# here: the app on a fresh database, named users per role, and a client whose writes are
# rolled back after each test.
from tests.conftest_web import (  # noqa: F401  (fixtures)
    app,
    client,
    closed_app,
    data_dir,
    database_url,
    rolled_back,
    users,
)

# One browser for the whole session, registered here only: a second sync Playwright in
# the same thread fails, so test modules must not import or alias this fixture.
from tests.web.browser import browser  # noqa: E402, F401

CORPORATE = {
    "identifiable_as_staff": True,
    "name": "NHS Shropshire, Telford and Wrekin",
    "role": "corporate account",
}


@pytest.fixture(scope="session")
def pack() -> PolicyPack:
    return load_pack()


def make(text: str, **fields: Any) -> Submission:
    """A submission with the spec's defaults: a personal post by identifiable staff."""
    data: dict[str, Any] = {
        "id": "t",
        "text": text,
        "kind": "post",
        "capacity": "personal",
        "platform": "x",
    }
    if fields.pop("corporate", False):
        data["capacity"] = "official"
        data["author"] = CORPORATE
    if "identifiable_as_staff" in fields:
        data["author"] = {"identifiable_as_staff": fields.pop("identifiable_as_staff")}
    data.update(fields)
    return Submission.model_validate(data)
