"""The policy pack: the bundled pack loads, and broken packs say what is wrong."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from socialguard.policy import PackError, bundled_pack_path, load_pack, parse_pack
from socialguard.policy.schema import PolicyPack

RAW = bundled_pack_path().read_text(encoding="utf-8")


def broken(edit: object) -> str:
    data = yaml.safe_load(RAW)
    edit(data)  # type: ignore[operator]
    return yaml.safe_dump(data, sort_keys=False)


def problems(raw: str) -> list[str]:
    with pytest.raises(PackError) as info:
        parse_pack(raw, source="test.yaml")
    return info.value.problems


def test_bundled_pack_covers_the_spec(pack: PolicyPack) -> None:
    assert pack.organisation.name == "NHS Shropshire, Telford and Wrekin ICB"
    assert pack.document.reference == "HR020" and pack.document.version == "2"
    assert len(pack.rules) == 32 and len(pack.triage) == 11
    assert {"comms", "hr", "safeguarding", "foi", "ig", "line_manager"} <= set(pack.teams)
    assert pack.closure_criteria.interest_min_followers == 100
    assert pack.minimum_age("instagram") == 13 and pack.minimum_age("linkedin") == 16
    assert any(p.name == "Shropdoc" and p.consent is None for p in pack.partners)


def test_disclaimers_carry_the_organisation_name(pack: PolicyPack) -> None:
    assert pack.disclaimers["personal_views"].endswith(
        "opinions of NHS Shropshire, Telford and Wrekin ICB."
    )
    assert "NHS Shropshire, Telford and Wrekin ICB" in pack.disclaimers["reference"]
    assert all("Insert name" not in d and "{" not in d for d in pack.disclaimers.values())


def test_a_second_organisation_is_a_copied_pack(tmp_path: Path) -> None:
    other = RAW.replace("name: NHS Shropshire, Telford and Wrekin ICB", "name: NHS Example ICB")
    path = tmp_path / "example.yaml"
    path.write_text(other, encoding="utf-8")
    pack = load_pack(path)
    assert pack.disclaimers["personal_views"].endswith("opinions of NHS Example ICB.")


def test_review_overdue(pack: PolicyPack) -> None:
    from datetime import date

    assert pack.document.review_overdue(date(2026, 11, 25))
    assert not pack.document.review_overdue(date(2025, 7, 1))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["rules"]["conduct.abusive"].update(severity="fatal"),
            "rules.conduct.abusive.severity",
        ),
        (
            lambda d: d["rules"]["conduct.abusive"].update(section="99.9"),
            "rules.conduct.abusive.section: '99.9' is not a section",
        ),
        (
            lambda d: d["rules"]["conduct.abusive"].update(sevrity="block"),
            "rules.conduct.abusive.sevrity: unknown field",
        ),
        (
            lambda d: d["rules"]["conduct.abusive"]["fix"].update(contacts=["press"]),
            "rules.conduct.abusive.fix.contacts: unknown team 'press'",
        ),
        (
            lambda d: d["rules"].update({"Bad Rule": copy.deepcopy(d["rules"]["conduct.abusive"])}),
            "rules.Bad Rule: id must look like 'area.name'",
        ),
        (
            lambda d: d["triage"]["triage.general"].update(team="nobody"),
            "triage.triage.general.team: unknown team 'nobody'",
        ),
        (lambda d: d["teams"].pop("foi"), "teams: the 'foi' team is missing"),
        (
            lambda d: d["document"].update(review_date="2020-01-01"),
            "review_date must be after approval_date",
        ),
        (
            lambda d: d["closure_criteria"].update(interest_min_followers=-5),
            "closure_criteria.interest_min_followers",
        ),
        (lambda d: d.pop("rules"), "rules: Field required"),
    ],
)
def test_errors_name_the_field_at_fault(edit: object, expected: str) -> None:
    found = problems(broken(edit))
    assert any(expected in p for p in found), found


def test_not_yaml_names_the_line() -> None:
    found = problems("rules: [unclosed\n  - x: :\n")
    assert found and "line" in found[0]


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="cannot read"):
        load_pack(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: caf\xe9".encode("latin-1"))
    with pytest.raises(PackError, match="not UTF-8"):
        load_pack(bad)


def test_organisation_names_are_whole_names(pack: PolicyPack) -> None:
    # A YAML flow list splits on commas: "NHS Shropshire, Telford and Wrekin" must stay whole,
    # or a bare county name would tie every local post to the organisation.
    assert "NHS Shropshire, Telford and Wrekin" in pack.organisation.short_names
    assert "Shropshire" not in pack.organisation.short_names
