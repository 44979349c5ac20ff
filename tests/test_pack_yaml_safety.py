"""Hostile YAML in a policy pack is refused with a plain message, never expanded, never a
RecursionError or a 500: aliases ("billion laughs"), deep nesting, duplicate keys, size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.policy import PackError, bundled_pack_path, load_pack, parse_pack, safe_yaml
from socialguard.policy.lexicons import bundled_lexicons, lexicon_dir
from socialguard.policydoc import diff
from socialguard.web.app import create_app
from tests import conftest_web as web
from tests.conftest_web import BASE_URL, bearer, make_settings

client, data_dir, database_url, users = web.client, web.data_dir, web.database_url, web.users

# Nine levels of nine aliases: ~400 bytes that a plain safe_load expands to 9**9 strings.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
    for i in range(8))
DEEP = "rules: " + "[" * 40_000 + "]" * 40_000
DEEP_MAPPING = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "leaf\n"
DUPLICATE = "rules:\n  a:\n    severity: warn\n    severity: block\n"
OVERSIZED = "phrases:\n" + "  - word\n" * (safe_yaml.MAX_BYTES // 9 + 1)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(BOMB, "line 1, column 4: not valid YAML (anchors and aliases", id="alias-bomb"),
    pytest.param("a: &x 1\nb: 2\n", "line 1, column 4: not valid YAML (anchors", id="anchor"),
    pytest.param("a: 1\nb: *x\n", "line 2, column 4: not valid YAML (anchors", id="alias"),
    pytest.param(DEEP, "nested more than 50 levels deep", id="deep-flow"),
    pytest.param(DEEP_MAPPING, "nested more than 50 levels deep", id="deep-block"),
    pytest.param(DUPLICATE, "line 4, column 5: not valid YAML (duplicate key 'severity' "
                            "(first at line 3))", id="duplicate-key"),
    pytest.param(OVERSIZED, "bytes; the limit is 2,000,000",
                 id="oversized"),
    pytest.param("document:\n  approval_date: 2022-13-45\n",
                 "line 2, column 18: not valid YAML (cannot read '2022-13-45'", id="bad-date"),
    pytest.param("pack_version: " + "9" * 5000, "cannot read '9999", id="huge-int"),
])
def test_hostile_yaml_is_refused_plainly(text: str, expected: str) -> None:
    with pytest.raises(PackError) as caught:  # not RecursionError, ValueError or MemoryError
        parse_pack(text, source="upload")
    assert expected in str(caught.value)
    assert isinstance(caught.value.__cause__, safe_yaml.PackYAMLError)


def test_plain_syntax_errors_still_read_as_before() -> None:
    with pytest.raises(PackError, match="not valid YAML"):
        parse_pack("rules: [unclosed")


def test_the_bundled_pack_and_lexicons_load_exactly_as_with_safe_load() -> None:
    texts = [bundled_pack_path(), *sorted(lexicon_dir().glob("*.yaml"))]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert safe_yaml.load(text) == yaml.safe_load(text), path.name
    assert load_pack().rules and bundled_lexicons()


def test_the_diff_summary_of_an_unsafe_stored_version_is_a_note_not_a_crash() -> None:
    text = bundled_pack_path().read_text(encoding="utf-8")
    summary = diff.summarise(text, BOMB)
    assert summary.other and "anchors and aliases" in summary.other[0]
    assert not summary.rules_removed


@pytest.fixture(scope="session")
def app(data_dir: Path, database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(data_dir, database_url, warm_detectors=False))
    with TestClient(application, base_url=BASE_URL):
        yield application


def test_the_api_refuses_the_bomb_with_a_422_and_stores_nothing(
        client: TestClient, users: dict[Role, web.NamedUser]) -> None:
    url = "/api/v1/policy/versions"
    before = client.get(url, headers=bearer(users[Role.STAFF])).json()
    response = client.post(url, headers=bearer(users[Role.HR]),
                           json={"yaml": BOMB, "note": "bomb"})
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert message.startswith("The pack is not valid.") and "anchors and aliases" in message
    assert client.get(url, headers=bearer(users[Role.STAFF])).json() == before
