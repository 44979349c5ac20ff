"""Where each triage label goes: the pack's team, urgency and instruction, with the
statutory date where one applies — an FOI request's due date (UK-wide working days)
and, when the sender asks to make a formal complaint, the acknowledgement date."""

from __future__ import annotations

from datetime import date, datetime

from socialguard.detectors.base import Analysis
from socialguard.policy.schema import PolicyPack
from socialguard.triage.clock import DueDate, complaint_ack_due, foi_due
from socialguard.verdict import Route

EVIDENCE_CHARS = 160


def routes(labels: list[str], analysis: Analysis, pack: PolicyPack,
           received: date | datetime | None) -> list[Route]:
    out: list[Route] = []
    for label_id in labels:
        spec = pack.triage.get(label_id)
        if spec is None or not spec.enabled:
            continue
        team = pack.teams[spec.team]
        due: DueDate | None = None
        if received is not None and label_id == "triage.foi-request":
            due = foi_due(received, pack.foi)
        elif received is not None and label_id == "triage.complaint" and analysis.has(
                "complaint.formal"):
            due = complaint_ack_due(received)
        meant = analysis.best(f"meaning.{_head(label_id)}")
        instruction = spec.instruction
        if meant is not None and spec.uncertain_instruction and meant.score < float(
                meant.attrs.get("confident", 0.0)):
            instruction = spec.uncertain_instruction
        out.append(Route(
            label=label_id, team=spec.team, team_name=team.name, urgency=spec.urgency,
            instruction=instruction, due=due.due if due else None,
            due_reason=due.explain() if due else None,
            evidence=_words(meant.text) if meant is not None and meant.text else None,
            contact=team.how_to_reach()))
    return out


def _head(label_id: str) -> str:
    if label_id in ("triage.foi-request", "triage.information-request"):
        return "triage.records-request"
    return label_id


def _words(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"
