"""Spec §3 closure criteria: one table per rule, boundaries on both sides."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from socialguard.accounts.audit import (
    audit_account,
    audit_accounts,
    months_before,
    recommend,
    whole_months_between,
)
from socialguard.accounts.models import Account, AuditFinding
from socialguard.policy import load_pack
from socialguard.policy.schema import ClosureCriteria

DEFAULT = ClosureCriteria()
AS_OF = date(2026, 11, 25)


def account(**fields: Any) -> Account:
    """A well-run account (approved, owned, active, popular) unless overridden."""
    data: dict[str, Any] = {
        "id": "acc-t",
        "platform": "x",
        "handle": "@Test",
        "owner": "Comms team",
        "business_case": "approved",
        "programme_status": "active",
        "created_at": "2024-01-01",
        "followers": 500,
        "posts": [],
    }
    data.update(fields)
    return Account.model_validate(data)


def posts(*stamps: str, original: bool = True) -> list[dict[str, Any]]:
    return [{"at": s if "T" in s else f"{s}T12:00:00Z", "original": original} for s in stamps]


def daily(start: date, count: int, *, original: bool = True) -> list[dict[str, Any]]:
    return posts(
        *[(start + timedelta(days=i)).isoformat() for i in range(count)], original=original
    )


def findings(
    acc: Account, as_of: date = AS_OF, criteria: ClosureCriteria = DEFAULT
) -> dict[str, AuditFinding]:
    return {f.rule: f for f in audit_account(acc, as_of=as_of, criteria=criteria).findings}


# -- calendar arithmetic -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 1, date(2026, 10, 25)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),  # clamped to February's end
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 1, 15), 2, date(2025, 11, 15)),  # across a year end
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 2, 1), date(2026, 11, 25), 21),
        (date(2026, 5, 25), date(2026, 11, 25), 6),
        (date(2026, 5, 26), date(2026, 11, 25), 5),
        (date(2026, 2, 28), date(2026, 8, 31), 6),
        (date(2025, 8, 31), date(2026, 2, 28), 5),  # 28 Feb minus 6 months is 28 Aug
        (date(2026, 11, 25), date(2026, 11, 25), 0),
        (date(2026, 12, 1), date(2026, 11, 25), 0),
    ],
)
def test_whole_months_between(start: date, end: date, expected: int) -> None:
    assert whole_months_between(start, end) == expected


# -- account.inactivity --------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "post_list", "fires", "evidence"),
    [
        # exactly one month: a post on as-of minus 1 month is "on or before" -> fires
        (
            AS_OF,
            posts("2026-10-25"),
            True,
            "last original post 2026-10-25 (31 days before 2026-11-25)",
        ),
        (AS_OF, posts("2026-10-26"), False, None),
        (
            AS_OF,
            posts("2026-09-30"),
            True,
            "last original post 2026-09-30 (56 days before 2026-11-25)",
        ),
        (AS_OF, [], True, "no original posts on or before 2026-11-25"),
        # reposts and replies are not original posts
        (
            AS_OF,
            posts("2026-10-01") + posts("2026-11-20", original=False),
            True,
            "last original post 2026-10-01 (55 days before 2026-11-25)",
        ),
        # a post dated after as-of is ignored
        (AS_OF, posts("2026-11-26"), True, "no original posts on or before 2026-11-25"),
        (
            AS_OF,
            posts("2026-10-20", "2026-12-01"),
            True,
            "last original post 2026-10-20 (36 days before 2026-11-25)",
        ),
        # the as-of day itself counts, whatever the time
        (AS_OF, posts("2026-11-25T23:59:59Z"), False, None),
        # month-end clamping: 31 March minus a month is 28 February
        (date(2026, 3, 31), posts("2026-02-28"), True, None),
        (date(2026, 3, 31), posts("2026-03-01"), False, None),
        (date(2026, 3, 28), posts("2026-02-28"), True, None),
        # leap year: 31 March 2024 minus a month is 29 February
        (date(2024, 3, 31), posts("2024-02-29"), True, None),
        (date(2024, 3, 31), posts("2024-03-01"), False, None),
        (date(2024, 3, 29), posts("2024-02-29"), True, None),
        (date(2024, 3, 29), posts("2024-03-01"), False, None),
        # compared by UTC date: 23:30 at -01:00 on 25 Oct is 26 Oct in UTC
        (AS_OF, posts("2026-10-25T23:30:00-01:00"), False, None),
        # and 00:30 at +02:00 on 26 Oct is still 25 Oct in UTC
        (AS_OF, posts("2026-10-26T00:30:00+02:00"), True, None),
        # naive timestamps are taken as UTC
        (AS_OF, posts("2026-10-25T23:59:59"), True, None),
    ],
)
def test_inactivity(
    as_of: date, post_list: list[dict[str, Any]], fires: bool, evidence: str | None
) -> None:
    found = findings(account(posts=post_list), as_of)
    assert ("account.inactivity" in found) is fires
    if evidence is not None:
        assert found["account.inactivity"].evidence == evidence


def test_inactivity_months_come_from_the_criteria() -> None:
    three = ClosureCriteria(inactivity_months=3)
    acc = account(posts=posts("2026-09-01"))
    assert "account.inactivity" in findings(acc)
    assert "account.inactivity" not in findings(acc, criteria=three)
    assert "account.inactivity" in findings(account(posts=posts("2026-08-25")), criteria=three)
    assert "3 months" in findings(account(), criteria=three)["account.inactivity"].message


# -- account.frequency ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "post_list", "fires", "evidence"),
    [
        # window (25 Sep, 25 Nov]: 61 days = 8.7 weeks; 8 posts are fewer, 9 are not
        (
            AS_OF,
            daily(date(2026, 9, 26), 8),
            True,
            "8 posts in the last 2 months (61 days, 8.7 weeks)",
        ),
        (AS_OF, daily(date(2026, 9, 26), 9), False, None),
        # a post on the window's start date is outside it; on the as-of date, inside
        (
            AS_OF,
            daily(date(2026, 9, 25), 9),
            True,
            "8 posts in the last 2 months (61 days, 8.7 weeks)",
        ),
        (AS_OF, daily(date(2026, 11, 17), 9), False, None),
        # reposts and replies count
        (AS_OF, daily(date(2026, 10, 1), 9, original=False), False, None),
        # posts after as-of are ignored
        (
            AS_OF,
            daily(date(2026, 11, 20), 9),
            True,
            "6 posts in the last 2 months (61 days, 8.7 weeks)",
        ),
        (AS_OF, [], True, "0 posts in the last 2 months (61 days, 8.7 weeks)"),
        (AS_OF, posts("2026-10-01"), True, "1 post in the last 2 months (61 days, 8.7 weeks)"),
        # window across February's end in a leap year: (31 Jan, 31 Mar 2024] = 60 days, 8.6 weeks
        (
            date(2024, 3, 31),
            daily(date(2024, 2, 1), 8),
            True,
            "8 posts in the last 2 months (60 days, 8.6 weeks)",
        ),
        (date(2024, 3, 31), daily(date(2024, 2, 1), 9), False, None),
        # (29 Feb, 30 Apr 2024] = 61 days; the same dates in 2023 start on 28 Feb
        (
            date(2024, 4, 30),
            daily(date(2024, 3, 1), 8),
            True,
            "8 posts in the last 2 months (61 days, 8.7 weeks)",
        ),
        (
            date(2023, 4, 30),
            daily(date(2023, 3, 1), 8),
            True,
            "8 posts in the last 2 months (61 days, 8.7 weeks)",
        ),
        # 29 Apr 2023 minus 2 months clamps to 28 Feb: 60 days
        (
            date(2023, 4, 29),
            daily(date(2023, 3, 1), 8),
            True,
            "8 posts in the last 2 months (60 days, 8.6 weeks)",
        ),
        # a window across the year end
        (date(2026, 1, 15), daily(date(2025, 11, 16), 9), False, None),
    ],
)
def test_frequency(
    as_of: date, post_list: list[dict[str, Any]], fires: bool, evidence: str | None
) -> None:
    found = findings(account(posts=post_list), as_of)
    assert ("account.frequency" in found) is fires
    if evidence is not None:
        assert found["account.frequency"].evidence == evidence


@pytest.mark.parametrize(
    ("count", "fires"),
    [(3, True), (4, False)],  # (28 Feb, 28 Mar 2026] is exactly 28 days = 4 weeks
)
def test_frequency_exactly_whole_weeks_is_not_fewer(count: int, fires: bool) -> None:
    one_month = ClosureCriteria(frequency_window_months=1)
    acc = account(posts=daily(date(2026, 3, 1), count))
    found = findings(acc, date(2026, 3, 28), one_month)
    assert ("account.frequency" in found) is fires
    if fires:
        assert found["account.frequency"].evidence == (
            "3 posts in the last 1 month (28 days, 4.0 weeks)"
        )


@pytest.mark.parametrize(("count", "fires"), [(4, True), (5, False)])
def test_frequency_rate_comes_from_the_criteria(count: int, fires: bool) -> None:
    half = ClosureCriteria(frequency_min_posts_per_week=0.5)  # 61 days: 4.36 posts needed
    found = findings(account(posts=daily(date(2026, 10, 1), count)), AS_OF, half)
    assert ("account.frequency" in found) is fires


# -- account.interest ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "followers", "as_of", "evidence"),
    [
        ("2026-05-25", 99, AS_OF, "99 followers after 6 months"),  # exactly 6 months
        ("2026-05-26", 99, AS_OF, None),  # a day short
        ("2026-05-25", 100, AS_OF, None),
        ("2025-02-01", 87, AS_OF, "87 followers after 21 months"),
        ("2025-02-01", 1, AS_OF, "1 follower after 21 months"),
        ("2025-02-01", 0, AS_OF, "0 followers after 21 months"),
        # month ends: 31 Aug minus 6 months is 28 Feb
        ("2026-02-28", 10, date(2026, 8, 31), "10 followers after 6 months"),
        ("2026-03-01", 10, date(2026, 8, 31), None),
        # 28 Feb minus 6 months is 28 Aug, so an account created 31 Aug is not yet 6 months old
        ("2025-08-31", 10, date(2026, 2, 28), None),
        ("2025-08-28", 10, date(2026, 2, 28), "10 followers after 6 months"),
        # leap day
        ("2024-02-29", 10, date(2024, 8, 29), "10 followers after 6 months"),
        ("2024-08-29", 10, date(2025, 2, 28), None),
        # created after the as-of date
        ("2027-01-01", 0, AS_OF, None),
        # a timestamp is reduced to its UTC date
        ("2026-05-25T23:30:00-01:00", 5, AS_OF, None),
        ("2026-05-25T09:00:00Z", 5, AS_OF, "5 followers after 6 months"),
    ],
)
def test_interest(created: str, followers: int, as_of: date, evidence: str | None) -> None:
    found = findings(account(created_at=created, followers=followers), as_of)
    if evidence is None:
        assert "account.interest" not in found
    else:
        assert found["account.interest"].evidence == evidence


def test_interest_thresholds_come_from_the_criteria() -> None:
    strict = ClosureCriteria(interest_min_age_months=12, interest_min_followers=1000)
    young = account(created_at="2026-01-01", followers=500)
    assert "account.interest" not in findings(young, criteria=strict)
    assert "account.interest" in findings(
        account(created_at="2025-11-25", followers=999), criteria=strict
    )


# -- account.relevance and account.governance ----------------------------------------


@pytest.mark.parametrize(
    ("status", "fires"), [("closed", True), ("CLOSED", True), ("active", False)]
)
def test_relevance(status: str, fires: bool) -> None:
    found = findings(account(programme_status=status))
    assert ("account.relevance" in found) is fires


def test_relevance_names_the_programme() -> None:
    found = findings(account(programme_status="closed", programme="Flu 2025"))
    assert found["account.relevance"].evidence == "programme 'Flu 2025' status is closed"


@pytest.mark.parametrize(
    ("fields", "evidence"),
    [
        ({}, None),
        ({"business_case": "pending"}, "business case pending, not approved"),
        ({"business_case": "none"}, "no business case"),
        ({"business_case": None}, "no business case"),
        ({"business_case": "Approved"}, None),
        ({"owner": None}, "no named owner"),
        ({"owner": "   "}, "no named owner"),
        ({"owner": ""}, "no named owner"),
        (
            {"business_case": "pending", "owner": None},
            "business case pending, not approved; no named owner",
        ),
    ],
)
def test_governance(fields: dict[str, Any], evidence: str | None) -> None:
    found = findings(account(**fields))
    if evidence is None:
        assert "account.governance" not in found
    else:
        assert found["account.governance"].evidence == evidence


def test_missing_owner_and_business_case_fields_are_ungoverned() -> None:
    data = account().model_dump()
    del data["owner"], data["business_case"]
    found = findings(Account.model_validate(data))
    assert found["account.governance"].evidence == "no business case; no named owner"


# -- recommendation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (set(), "keep"),
        ({"account.inactivity"}, "review"),
        ({"account.inactivity", "account.frequency", "account.interest"}, "review"),
        ({"account.relevance"}, "close"),
        ({"account.governance"}, "close"),
        ({"account.frequency", "account.governance"}, "close"),
    ],
)
def test_recommend(rules: set[str], expected: str) -> None:
    made = [AuditFinding(rule=r, evidence="e", message="m") for r in rules]
    assert recommend(made) == expected


def test_healthy_account_is_kept() -> None:
    acc = account(posts=daily(date(2026, 9, 26), 61))
    result = audit_account(acc, as_of=AS_OF, criteria=DEFAULT)
    assert result.findings == []
    assert result.recommendation == "keep"


def test_spec_example_account() -> None:
    acc = account(
        id="acc-07",
        created_at="2025-02-01",
        followers=87,
        posts=posts("2026-09-30")
        + posts("2026-10-02", "2026-10-09", "2026-10-16", "2026-10-23", original=False),
    )
    record = audit_account(acc, as_of=AS_OF, criteria=DEFAULT).to_record()
    assert list(record) == ["id", "findings", "recommendation"]
    assert record["id"] == "acc-07"
    assert [f["rule"] for f in record["findings"]] == [
        "account.inactivity",
        "account.frequency",
        "account.interest",
    ]
    assert [f["evidence"] for f in record["findings"]] == [
        "last original post 2026-09-30 (56 days before 2026-11-25)",
        "5 posts in the last 2 months (61 days, 8.7 weeks)",
        "87 followers after 21 months",
    ]
    assert record["recommendation"] == "review"
    for finding in record["findings"]:
        assert list(finding) == ["rule", "evidence", "section", "message"]
        assert finding["section"] == "10.1"
        assert finding["message"]


def test_findings_follow_the_spec_table_order() -> None:
    acc = account(owner=None, programme_status="closed", followers=3)
    rules = [f.rule for f in audit_account(acc, as_of=AS_OF, criteria=DEFAULT).findings]
    assert rules == [
        "account.inactivity",
        "account.frequency",
        "account.interest",
        "account.relevance",
        "account.governance",
    ]


def test_audit_accounts_keeps_order() -> None:
    accs = [account(id="b"), account(id="a", owner=None)]
    results = audit_accounts(accs, as_of=AS_OF, criteria=DEFAULT)
    assert [r.id for r in results] == ["b", "a"]
    assert results[1].recommendation == "close"


def test_bundled_pack_uses_the_policy_numbers() -> None:
    assert load_pack().closure_criteria == ClosureCriteria(
        inactivity_months=1,
        frequency_window_months=2,
        frequency_min_posts_per_week=1,
        interest_min_age_months=6,
        interest_min_followers=100,
    )


# -- the input model -----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"business_case": "rejected"},
        {"programme_status": "paused"},
        {"followers": -1},
        {"followers": None},
        {"created_at": "01/02/2025"},
        {"id": "  "},
        {"posts": [{"at": "2026-10-02T09:00:00Z"}]},
        {"posts": [{"at": "yesterday", "original": True}]},
    ],
)
def test_unusable_accounts_are_rejected(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        account(**fields)


def test_missing_required_fields_are_rejected() -> None:
    for key in ("id", "programme_status", "created_at", "followers"):
        data = account().model_dump()
        del data[key]
        with pytest.raises(ValidationError):
            Account.model_validate(data)


def test_null_descriptive_fields_are_tolerated() -> None:
    acc = account(platform=None, handle=None, posts=None, owner=None)
    assert (acc.platform, acc.handle, acc.posts) == ("", "", [])


def test_a_bare_post_date_is_midnight_utc() -> None:
    acc = account(posts=[{"at": "2026-10-25", "original": True}])
    assert acc.posts[0].at.isoformat() == "2026-10-25T00:00:00+00:00"
