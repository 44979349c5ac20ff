"""The official account audit: policy §10.1's closure criteria (spec §3).

Pure functions: an account, an as-of date and the pack's ``ClosureCriteria``
in, an ``AccountAudit`` out. No clock, no database.

How the spec's words are read (the tests pin each one):

* **Calendar months** come from ``dateutil.relativedelta``, which clamps to
  the month's end: 31 March minus one month is 28 February (29 in a leap
  year). "N months before as-of" is always ``as_of - relativedelta(months=N)``.
* **Dates, not instants.** A post counts on its calendar date in UTC (a post
  at 23:30 -01:00 on 25 Oct is a 26 Oct post); a post on the as-of date
  counts whatever its time. Posts dated after the as-of date are ignored, so
  re-running an old audit on newer data gives the old answer.
* ``account.inactivity``: the cutoff is ``as_of - inactivity_months``; the
  rule fires when the latest original post is **on or before** the cutoff,
  or there is none. The last month is therefore ``(cutoff, as_of]``.
* ``account.frequency``: the window is ``(as_of - N months, as_of]`` — the
  same half-open shape as the last month above, so it holds exactly
  ``days = (as_of - start).days`` calendar dates. Every post in it counts,
  original or not. The rule fires when ``posts < days / 7 *
  frequency_min_posts_per_week`` (strictly fewer).
* ``account.interest``: created **on or before** ``as_of - interest_min_age_months``
  and ``followers < interest_min_followers``. An account created after the
  as-of date is simply not old enough.
* Inactivity and frequency have no minimum account age: the spec gives
  none, so a brand-new silent account is flagged (for review only).
* ``account.governance``: business case other than ``approved``, or an owner
  that is null, missing or blank.
* Recommendation: governance or relevance → ``close``; any other finding →
  ``review``; none → ``keep``. Findings are listed in the spec's table order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta

from socialguard.accounts.models import Account, AccountAudit, AuditFinding, Recommendation
from socialguard.policy.schema import ClosureCriteria

SECTION = "10.1"
CLOSING_RULES = frozenset({"account.governance", "account.relevance"})


def months_before(day: date, months: int) -> date:
    return day - relativedelta(months=months)


def whole_months_between(start: date, end: date) -> int:
    """The largest n with ``months_before(end, n) >= start`` (0 if start is after end).

    Defined by the same subtraction the criteria use, so "after 6 months" in
    evidence never disagrees with the 6-month test at a month's end.
    """
    if start > end:
        return 0
    delta = relativedelta(end, start)
    n = max(delta.years * 12 + delta.months, 0)
    while months_before(end, n + 1) >= start:
        n += 1
    while n > 0 and months_before(end, n) < start:
        n -= 1
    return n


def _plural(count: int | float, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _inactivity(account: Account, as_of: date, c: ClosureCriteria) -> AuditFinding | None:
    cutoff = months_before(as_of, c.inactivity_months)
    originals = [p.day for p in account.posts if p.original and p.day <= as_of]
    latest = max(originals, default=None)
    if latest is not None and latest > cutoff:
        return None
    if latest is None:
        evidence = f"no original posts on or before {as_of.isoformat()}"
    else:
        days = (as_of - latest).days
        evidence = (
            f"last original post {latest.isoformat()} "
            f"({_plural(days, 'day')} before {as_of.isoformat()})"
        )
    period = _plural(c.inactivity_months, "month")
    return AuditFinding(
        rule="account.inactivity",
        evidence=evidence,
        section=SECTION,
        message=f"No original posts for {period} or more: the account may be closed "
        "for inactivity.",
    )


def _frequency(account: Account, as_of: date, c: ClosureCriteria) -> AuditFinding | None:
    start = months_before(as_of, c.frequency_window_months)
    days = (as_of - start).days
    count = sum(1 for p in account.posts if start < p.day <= as_of)
    weeks = days / 7
    needed = weeks * c.frequency_min_posts_per_week
    if count >= needed:
        return None
    months = _plural(c.frequency_window_months, "month")
    rate = f"{c.frequency_min_posts_per_week:g}"
    return AuditFinding(
        rule="account.frequency",
        evidence=f"{_plural(count, 'post')} in the last {months} "
        f"({_plural(days, 'day')}, {weeks:.1f} weeks)",
        section=SECTION,
        message=f"Fewer than {rate} post{'' if rate == '1' else 's'} a week over {months} "
        f"(at least {_plural(math.ceil(needed), 'post')} needed): the account may be closed "
        "for low frequency.",
    )


def _interest(account: Account, as_of: date, c: ClosureCriteria) -> AuditFinding | None:
    old_enough = account.created_at <= months_before(as_of, c.interest_min_age_months)
    if not old_enough or account.followers >= c.interest_min_followers:
        return None
    age = whole_months_between(account.created_at, as_of)
    return AuditFinding(
        rule="account.interest",
        evidence=f"{_plural(account.followers, 'follower')} after {_plural(age, 'month')}",
        section=SECTION,
        message=f"Active for {_plural(c.interest_min_age_months, 'month')} or more with "
        f"fewer than {c.interest_min_followers} followers: the account may be closed "
        "for lack of interest.",
    )


def _relevance(account: Account) -> AuditFinding | None:
    if account.programme_status != "closed":
        return None
    what = f"programme {account.programme!r}" if account.programme else "programme"
    return AuditFinding(
        rule="account.relevance",
        evidence=f"{what} status is closed",
        section=SECTION,
        message="The programme or project has closed: the account should be closed.",
    )


def _governance(account: Account) -> AuditFinding | None:
    problems: list[str] = []
    if account.business_case != "approved":
        problems.append(
            "no business case"
            if account.business_case == "none"
            else f"business case {account.business_case}, not approved"
        )
    if account.named_owner is None:
        problems.append("no named owner")
    if not problems:
        return None
    return AuditFinding(
        rule="account.governance",
        evidence="; ".join(problems),
        section=SECTION,
        message="Not managed through the corporate process (an approved business case and "
        "a named owner): the account should be closed.",
    )


def recommend(findings: Iterable[AuditFinding]) -> Recommendation:
    rules = {f.rule for f in findings}
    if rules & CLOSING_RULES:
        return "close"
    return "review" if rules else "keep"


def audit_account(account: Account, *, as_of: date, criteria: ClosureCriteria) -> AccountAudit:
    candidates = (
        _inactivity(account, as_of, criteria),
        _frequency(account, as_of, criteria),
        _interest(account, as_of, criteria),
        _relevance(account),
        _governance(account),
    )
    findings = [f for f in candidates if f is not None]
    return AccountAudit(id=account.id, findings=findings, recommendation=recommend(findings))


def audit_accounts(
    accounts: Iterable[Account], *, as_of: date, criteria: ClosureCriteria
) -> list[AccountAudit]:
    return [audit_account(a, as_of=as_of, criteria=criteria) for a in accounts]
