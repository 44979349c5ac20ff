"""Exports, each filtered by the reader's roles: cases and FOI requests as CSV (their audit
trail is ``socialguard.trail``). Spreadsheet formulas are defused by
``socialguard.exports.safe_cell``."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from socialguard.auth.models import User
from socialguard.cases import foi as foi_requests
from socialguard.cases.kinds import CaseKind
from socialguard.cases.service import days_left, list_cases
from socialguard.exports import csv_text
from socialguard.policy.schema import Foi

CASE_COLUMNS = ("id", "kind", "title", "state", "urgency", "due_date", "working_days_left",
                "assignee", "reporter", "platform", "created_at", "closed_at",
                "source_message_id")
FOI_COLUMNS = ("id", "title", "requester", "platform", "received_at", "due_date",
               "working_days_left", "state", "assignee", "source_message_id",
               "statutory_due", "extended_to", "paused_working_days", "responded_on",
               "outcome", "exemptions", "working_days_taken", "in_time")


def cases_csv(session: Session, *, user: User, today: date, foi: Foi | None = None) -> str:
    rows = []
    for c in list_cases(session, user=user):
        rows.append([c.id, c.kind, c.title, c.state, c.urgency, c.due_date,
                     days_left(c, today, foi), c.assignee, c.reporter, c.platform,
                     c.created_at, c.closed_at, c.source_message_id])
    return csv_text(CASE_COLUMNS, rows)


def foi_csv(session: Session, *, user: User, today: date, foi: Foi | None = None) -> str:
    rows = []
    cases = list_cases(session, user=user, kind=CaseKind.FOI.value)
    clocks = foi_requests.clocks(session, cases, today=today, foi=foi)
    for c in cases:
        k = clocks[c.id]
        rows.append([c.id, c.title, c.requester, c.platform, c.received_at, c.due_date,
                     days_left(c, today, foi), c.state, c.assignee, c.source_message_id,
                     k.statutory.due if k.statutory else None, k.extended_to, k.paused_days,
                     k.responded_on, k.outcome, " ".join(k.exemptions), k.working_days_taken,
                     {True: "yes", False: "no", None: ""}[k.in_time]])
    return csv_text(FOI_COLUMNS, rows)
