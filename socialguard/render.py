"""Human-readable verdicts for the terminal: findings grouped by severity, the
offending words highlighted, the section cited and the fix shown."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from socialguard.policy.schema import PolicyPack
from socialguard.textsafe import for_terminal
from socialguard.verdict import Finding, Severity, Verdict

STYLE = {
    Severity.BLOCK: "bold white on red",
    Severity.WARN: "bold black on yellow",
    Severity.ADVISE: "bold white on blue",
}
HEADINGS = {
    Severity.BLOCK: "Must not be published as written",
    Severity.WARN: "Needs a change or an action before publishing",
    Severity.ADVISE: "Guidance",
}


def highlighted(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    out = Text(text)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def render_verdict(console: Console, verdict: Verdict, text: str, pack: PolicyPack) -> None:
    # Everything quoted from the draft goes through for_terminal: no escape sequences.
    verdict = _safe(verdict)
    text = for_terminal(text)
    if verdict.error:
        console.print(f"[bold red]error[/] {escape(verdict.error)}")
        return
    if verdict.labels:
        _render_triage(console, verdict)
        return
    decision = verdict.decision.value.upper()
    colour = {"OK": "green", "ADVISE": "blue", "WARN": "yellow", "BLOCK": "red"}[decision]
    title = f"[{colour}]{decision}[/]" + (f"  {escape(verdict.id)}" if verdict.id else "")
    all_spans = [s for f in verdict.findings for s in f.spans]
    console.print(
        Panel(highlighted(text, all_spans, "bold underline red"), title=title, title_align="left")
    )
    if not verdict.findings:
        console.print("[green]No problems found against the policy.[/]")
        return
    for severity in (Severity.BLOCK, Severity.WARN, Severity.ADVISE):
        group = [f for f in verdict.findings if f.severity is severity]
        if not group:
            continue
        console.print(Text(f" {HEADINGS[severity]} ", style=STYLE[severity]))
        for finding in group:
            console.print(_finding(finding, text, pack))
        console.print()


def _safe(verdict: Verdict) -> Verdict:
    findings = [f.model_copy(update={
        "evidence": for_terminal(f.evidence) if f.evidence else f.evidence,
        "message": for_terminal(f.message),
        "fix": f.fix.model_copy(update={"text": for_terminal(f.fix.text) if f.fix.text
                                        else f.fix.text}) if f.fix else None})
        for f in verdict.findings]
    return verdict.model_copy(update={
        "id": for_terminal(verdict.id) if verdict.id else verdict.id,
        "error": for_terminal(verdict.error) if verdict.error else verdict.error,
        "findings": findings})


def _finding(f: Finding, text: str, pack: PolicyPack) -> Panel:
    parts: list[Text] = []
    head = Text.assemble(
        (f.title, "bold"),
        f"  ({f.rule}, policy §{f.section} ",
        (pack.section_title(f.section), "italic"),
        ")",
    )
    parts.append(head)
    parts.append(Text(f.message))
    if f.evidence:
        parts.append(Text.assemble(("Because of: ", "bold"), (f.evidence, "red")))
    if f.fix:
        parts.append(Text.assemble(("Fix: ", "bold green"), f.fix.advice))
        if f.fix.text:
            parts.append(Text.assemble(("Suggested text: ", "bold green"), f.fix.text))
        elif f.fix.snippet:
            parts.append(Text.assemble(("Add: ", "bold green"), f.fix.snippet))
        for c in f.fix.contacts:
            parts.append(
                Text.assemble(("Contact: ", "bold"), c.name, f" — {c.how}" if c.how else "")
            )
    return Panel(Group(*parts), border_style="dim")


def _render_triage(console: Console, verdict: Verdict) -> None:
    for route in verdict.routes:
        urgent = route.urgency.value == "immediate"
        style = "bold white on red" if urgent else "bold"
        line = Text.assemble(
            (f" {route.label} ", style), f"  → {route.team_name}", f"  [{route.urgency.value}]"
        )
        console.print(line)
        console.print(f"   {escape(route.instruction)}")
        if route.due:
            console.print(f"   [bold]Due:[/] {route.due.isoformat()} (20 working days)")
