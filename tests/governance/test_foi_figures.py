"""FOI compliance figures on a known set of requests (received in 2024, so no other test's
request falls in the range): exact shares in time per month and quarter, medians, the
overdue list, the chart with its table, and the CSV to publish."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from socialguard.auth.roles import Role
from socialguard.cases.foi_figures import default_range, months_between, quarters_between
from tests.conftest_web import NamedUser, bearer, log_in
from tests.governance.test_foi_clock_api import ok, open_foi, step

Users = dict[Role, NamedUser]
RANGE = {"start": "2024-01-01", "end": "2024-06-30"}


@pytest.fixture(scope="module")
def known(app: FastAPI, users: Users) -> dict[str, int]:
    """Seven requests, each with its working days counted by hand, made once for the module
    (committed, like test_cases_api's ``cases``; nothing else is received in 2024).

    A  8 Jan, answered 19 Jan: 9 working days, in time (disclosed).
    B  8 Jan, due 5 Feb, answered 20 Feb: 31 working days, late (refused, s.40(2)).
    C 15 Jan, extended to 1 Mar, answered 28 Feb: 32 working days, in time (partly, s.43).
    D 22 Jan, due 19 Feb, never answered: overdue.
    E  1 Feb, answered 2 Feb: 1 working day, in time (not held).
    F  5 Feb, withdrawn: not counted.
    G  2 Apr, fees notice 4 Apr paid 12 Apr (7 working days not counted), answered 7 May
       (after the May bank holiday): 17 working days, in time against 10 May (disclosed).
    """
    with TestClient(app) as client:
        return _make_known(client, users)


def _make_known(client: TestClient, users: Users) -> dict[str, int]:
    made = {k: open_foi(client, users, date.fromisoformat(d)) for k, d in (
        ("A", "2024-01-08"), ("B", "2024-01-08"), ("C", "2024-01-15"), ("D", "2024-01-22"),
        ("E", "2024-02-01"), ("F", "2024-02-05"), ("G", "2024-04-02"))}
    ok(step(client, users, made["A"], "response", on="2024-01-19", outcome="disclosed"))
    ok(step(client, users, made["B"], "response", on="2024-02-20", outcome="refused",
            exemptions=["s.40(2)"]))
    ok(step(client, users, made["C"], "extension", on="2024-02-01", new_due="2024-03-01",
            reason="Public interest test"))
    ok(step(client, users, made["C"], "response", on="2024-02-28", outcome="partly_disclosed",
            exemptions=["s.43"]))
    ok(step(client, users, made["E"], "response", on="2024-02-02", outcome="not_held"))
    ok(step(client, users, made["F"], "close", on="2024-02-06", reason="Withdrawn"))
    ok(step(client, users, made["G"], "fee-notice", on="2024-04-04", fee_pence=2500))
    paid = ok(step(client, users, made["G"], "fee-paid", on="2024-04-12"))
    assert paid["due_date"] == "2024-05-10" and paid["clock"]["paused_working_days"] == 7
    ok(step(client, users, made["G"], "response", on="2024-05-07", outcome="disclosed"))
    return made


def figures(client: TestClient, users: Users) -> dict[str, Any]:
    return ok(client.get("/api/v1/cases/foi/figures", params=RANGE,
                         headers=bearer(users[Role.FOI])))


def test_shares_in_time_and_medians(known: dict[str, int], client: TestClient,
                                    users: Users) -> None:
    f = figures(client, users)
    months = {m["period"]: m for m in f["months"]}
    assert list(months) == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024",
                            "Jun 2024"]
    jan = months["Jan 2024"]
    assert (jan["received"], jan["in_time"], jan["late"], jan["overdue"]) == (4, 2, 1, 1)
    assert jan["percent_in_time"] == 50.0 and jan["median_working_days"] == 31.0
    assert jan["meets_target"] is False and jan["extended"] == 1
    feb = months["Feb 2024"]
    assert (feb["received"], feb["in_time"], feb["closed"]) == (2, 1, 1)
    assert feb["percent_in_time"] == 100.0 and feb["median_working_days"] == 1.0
    assert months["Mar 2024"]["percent_in_time"] is None
    assert months["Apr 2024"]["percent_in_time"] == 100.0
    assert months["Apr 2024"]["median_working_days"] == 17.0
    q1, q2 = f["quarters"]
    assert q1["period"] == "2024 Q1 (Jan-Mar)" and q1["percent_in_time"] == 60.0
    assert q1["median_working_days"] == 20.0  # of 1, 9, 31, 32
    assert q2["percent_in_time"] == 100.0 and q2["median_working_days"] == 17.0
    overall = f["overall"]
    assert overall["percent_in_time"] == 66.7 and overall["median_working_days"] == 17.0
    assert (overall["received"], overall["answered"], overall["closed"]) == (7, 5, 1)
    assert overall["outcomes"] == {"disclosed": 2, "refused": 1, "partly_disclosed": 1,
                                   "not_held": 1}
    assert overall["exemptions"] == {"s.40(2)": 1, "s.43": 1}
    assert f["target_percent"] == 90.0
    overdue = {o["id"]: o for o in f["overdue"]}
    assert known["D"] in overdue and overdue[known["D"]]["due_date"] == "2024-02-19"
    assert overdue[known["D"]]["what"] == "response"
    assert not {known[k] for k in "ABCEFG"} & set(overdue)


def test_the_csv_to_publish(known: dict[str, int], client: TestClient, users: Users) -> None:
    got = client.get("/api/v1/cases/foi/figures.csv", params=RANGE,
                     headers=bearer(users[Role.FOI]))
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert [r["period_type"] for r in rows] == ["month"] * 6 + ["quarter"] * 2 + ["all"]
    jan, total = rows[0], rows[-1]
    assert (jan["period"], jan["received"], jan["percent_in_time"]) == ("Jan 2024", "4", "50.0")
    assert total["percent_in_time"] == "66.7" and total["median_working_days"] == "17.0"
    assert total["exemptions_cited"] == "s.40(2) x1; s.43 x1"
    assert total["refused"] == "1" and total["withdrawn_or_lapsed"] == "1"
    assert "Agency nurses" not in got.text  # counts only: nothing about a requester


def test_the_figures_page(known: dict[str, int], client: TestClient, users: Users) -> None:
    user = users[Role.FOI]
    log_in(client, user.email, user.password)
    page = client.get("/cases/foi/figures", params=RANGE)
    assert page.status_code == 200
    assert "<strong>66.7%</strong> answered in time (4 of 6): below" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text and "alt=\"Line chart" in page.text
    assert '<th scope="row">Jan 2024</th><td>4</td><td>2</td><td>1</td><td>1</td><td>50.0%</td>' \
        in page.text
    assert f'href="/cases/{known["D"]}"' in page.text
    assert "figures.csv?start=2024-01-01&amp;end=2024-06-30" in page.text
    bad = client.get("/cases/foi/figures", params={"start": "2024-06-30", "end": "2024-01-01"})
    assert bad.status_code == 422 and "There is a problem" in bad.text
    assert client.get("/cases/foi/figures.csv", params=RANGE).text.startswith("period_type")


def test_who_sees_the_figures(client: TestClient, users: Users) -> None:
    for role, status in ((Role.FOI, 200), (Role.ADMIN, 200), (Role.STAFF, 403),
                         (Role.HR, 403), (Role.IG, 403)):
        assert client.get("/api/v1/cases/foi/figures",
                          headers=bearer(users[role])).status_code == status
    too_long = client.get("/api/v1/cases/foi/figures", headers=bearer(users[Role.FOI]),
                          params={"start": "2000-01-01", "end": "2100-01-01"})
    assert too_long.status_code == 422


def test_periods() -> None:
    assert default_range(date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 15))
    assert default_range(date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 12, 1))
    months = months_between(date(2025, 11, 20), date(2026, 2, 3))
    assert [(m.label, m.first, m.last) for m in months] == [
        ("Nov 2025", date(2025, 11, 1), date(2025, 11, 30)),
        ("Dec 2025", date(2025, 12, 1), date(2025, 12, 31)),
        ("Jan 2026", date(2026, 1, 1), date(2026, 1, 31)),
        ("Feb 2026", date(2026, 2, 1), date(2026, 2, 28))]
    quarters = quarters_between(date(2025, 11, 20), date(2026, 4, 1))
    assert [(q.label, q.last) for q in quarters] == [
        ("2025 Q4 (Oct-Dec)", date(2025, 12, 31)), ("2026 Q1 (Jan-Mar)", date(2026, 3, 31)),
        ("2026 Q2 (Apr-Jun)", date(2026, 6, 30))]
