"""Score verdicts against labelled submissions, with the definitions of
``shared/tools/score.py``: per-rule precision/recall/F1, micro and macro F1,
the false-alarm rate on clean items and FOI due-date accuracy.

An ``advise`` finding counts as raised but an unexpected one is not a false
positive; macro F1 averages the rules that some item expects. An item with
``"only": RULE`` is a case about that one rule (tests/data/rule_cases.jsonl): it
counts for that rule alone and not among the clean items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RuleScore:
    rule: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    items: int = 0
    missing: int = 0
    errors: int = 0
    clean: int = 0
    clean_alarms: int = 0
    due_ok: int = 0
    due_total: int = 0
    rules: dict[str, RuleScore] = field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleScore:
        return self.rules.setdefault(rule_id, RuleScore(rule_id))

    @property
    def micro(self) -> RuleScore:
        total = RuleScore("micro")
        for r in self.rules.values():
            total.tp, total.fp, total.fn = total.tp + r.tp, total.fp + r.fp, total.fn + r.fn
        return total

    @property
    def macro_f1(self) -> float:
        expected = [r for r in self.rules.values() if r.tp + r.fn > 0]
        return sum(round(r.f1, 3) for r in expected) / len(expected) if expected else 0.0

    @property
    def clean_false_alarm_rate(self) -> float | None:
        return self.clean_alarms / self.clean if self.clean else None

    @property
    def foi_due_accuracy(self) -> float | None:
        return self.due_ok / self.due_total if self.due_total else None

    def as_dict(self) -> dict[str, Any]:
        micro = self.micro
        return {
            "items": self.items,
            "missing": self.missing,
            "errors": self.errors,
            "micro_precision": round(micro.precision, 3),
            "micro_recall": round(micro.recall, 3),
            "micro_f1": round(micro.f1, 3),
            "macro_f1": round(self.macro_f1, 3),
            "clean_items": self.clean,
            "clean_false_alarm_rate": _round(self.clean_false_alarm_rate),
            "foi_due_accuracy": _round(self.foi_due_accuracy),
            "rules": [
                {
                    "rule": r.rule,
                    "tp": r.tp,
                    "fp": r.fp,
                    "fn": r.fn,
                    "precision": round(r.precision, 3),
                    "recall": round(r.recall, 3),
                    "f1": round(r.f1, 3),
                }
                for r in sorted(self.rules.values(), key=lambda r: r.rule)
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def raised(verdict: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """(every id raised, the ids raised only at severity advise)."""
    severities: dict[str, set[str]] = defaultdict(set)
    for f in verdict.get("findings") or []:
        if f.get("rule"):
            severities[f["rule"]].add(f.get("severity", ""))
    for lab in verdict.get("labels") or []:
        severities[lab].add("label")
    for route in verdict.get("routes") or []:
        if isinstance(route, dict) and route.get("label"):
            severities[route["label"]].add("label")
    return set(severities), {r for r, s in severities.items() if s == {"advise"}}


def foi_due(verdict: Mapping[str, Any]) -> str | None:
    for route in verdict.get("routes") or []:
        if isinstance(route, dict) and route.get("due"):
            return str(route["due"])[:10]
    return None


def score(
    labelled: Iterable[Mapping[str, Any]], verdicts: Mapping[str, Mapping[str, Any]]
) -> Report:
    report = Report()
    for item in labelled:
        report.items += 1
        expect = set(item.get("expect", []))
        v = verdicts.get(str(item.get("id")))
        if v is None:
            report.missing += 1
            for rule_id in expect:
                report.rule(rule_id).fn += 1
            continue
        if v.get("error"):
            report.errors += 1
        got, advise_only = raised(v)
        only = item.get("only")
        if only:  # a case about one rule: the others' findings are not its business
            got, advise_only, expect = got & {only}, advise_only & {only}, expect & {only}
        for rule_id in expect & got:
            report.rule(rule_id).tp += 1
        for rule_id in expect - got:
            report.rule(rule_id).fn += 1
        for rule_id in got - expect:
            if rule_id not in advise_only:
                report.rule(rule_id).fp += 1
        if not expect and not only:
            report.clean += 1
            report.clean_alarms += bool(got - advise_only)
        if item.get("expect_due"):
            report.due_total += 1
            report.due_ok += foi_due(v) == item["expect_due"]
    return report


def format_report(report: Report, *, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'rule':34} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for r in sorted(report.rules.values(), key=lambda r: r.rule):
        lines.append(
            f"{r.rule:34} {r.tp:4} {r.fp:4} {r.fn:4} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f}"
        )
    d = report.as_dict()
    lines.append(
        f"items {d['items']}  missing {d['missing']}  errors {d['errors']}  "
        f"clean false-alarm rate {d['clean_false_alarm_rate']}  "
        f"FOI due-date accuracy {d['foi_due_accuracy']}"
    )
    lines.append(
        f"micro P {d['micro_precision']} R {d['micro_recall']} F1 {d['micro_f1']}  "
        f"macro F1 {d['macro_f1']}"
    )
    return "\n".join(lines)
