"""The ``socialguard`` command line (spec §4): a thin shell over the engine."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer
from pydantic import ValidationError
from rich.console import Console

from socialguard.accounts.cli import app as accounts_app
from socialguard.batch import describe, verdict_lines
from socialguard.engine import check
from socialguard.parallel import default_workers
from socialguard.policy import PackError, load_pack
from socialguard.policy.schema import PolicyPack
from socialguard.render import render_verdict
from socialguard.submission import Submission
from socialguard.web.cli import admin_app, demo, serve

app = typer.Typer(
    help="Check social media drafts against your organisation's policy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
policy_app = typer.Typer(help="Show or validate a policy pack.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.command("serve")(serve)
app.command("demo")(demo)
app.add_typer(admin_app, name="admin")
app.add_typer(
    accounts_app,
    name="accounts",
    help="Official accounts: the §10.1 closure audit and platform export importers.",
)

err = Console(stderr=True)


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"


PackOption = Annotated[
    Path | None,
    typer.Option(
        "--pack", help="Policy pack YAML (default: $SOCIALGUARD_PACK or the bundled pack)."
    ),
]


def fail(message: str) -> typer.Exit:
    """Unusable input: one clear line on stderr, exit status 2."""
    err.print(f"socialguard: {message}", highlight=False, markup=False, soft_wrap=True)
    return typer.Exit(2)


DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="Check under the policy version published in this database (SQLAlchemy URL). "
             "Default: $SOCIALGUARD_DATABASE_URL, or the data folder's database if it exists; "
             "--pack overrides both.",
    ),
]


def pack_or_exit(path: Path | None) -> PolicyPack:
    try:
        return load_pack(path)
    except PackError as exc:
        raise fail(str(exc)) from exc


def policy_for_check(path: Path | None, database: str | None) -> PolicyPack:
    """The pack a check uses: ``--pack``; else the version published in the database the
    server uses (``--database``, ``$SOCIALGUARD_DATABASE_URL`` or an existing data-folder
    database), so the command line judges as the web pages do; else the bundled pack."""
    if path is not None:
        return pack_or_exit(path)
    from sqlalchemy.exc import SQLAlchemyError

    from socialguard.db.session import Database
    from socialguard.policydoc.in_force import load
    from socialguard.settings import Settings

    settings = Settings(database_url=database) if database else Settings()
    if settings.database_url is None and not (settings.data_dir / "socialguard.db").exists():
        return pack_or_exit(None)
    db = Database(settings.sqlalchemy_url)
    try:
        found = load(db)
    except SQLAlchemyError as exc:
        raise fail(f"cannot read the published policy from the database ({type(exc).__name__}); "
                   "give --pack FILE to check against a pack file instead") from exc
    except PackError as exc:
        raise fail(str(exc)) from exc
    finally:
        db.dispose()
    return found.pack if found is not None else pack_or_exit(None)


@app.command("check")
def check_command(
    text: Annotated[str | None, typer.Argument(help="The draft to check.")] = None,
    input: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="JSON Lines of submissions ('-' for standard input)."),
    ] = None,
    capacity: Annotated[str, typer.Option(help="personal | official")] = "personal",
    kind: Annotated[
        str, typer.Option(help="post | reply | comment | reference | blog | video | message")
    ] = "post",
    platform: Annotated[
        str,
        typer.Option(
            help="x | facebook | instagram | linkedin | youtube | tiktok | whatsapp | blog | other"
        ),
    ] = "other",
    format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="text | json | jsonl (default: text on a terminal, else json/jsonl)",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")
    ] = None,
    pack: PackOption = None,
    database: DatabaseOption = None,
    workers: Annotated[
        int,
        typer.Option(min=0, help="Processes checking an --input batch (0: one per CPU core)."),
    ] = 1,
) -> None:
    """Check one draft, or a JSON Lines batch with --input.

    Exit status 0 whatever the decisions; 2 on unusable input. In a batch, a line that
    cannot be checked is written as {"id": ..., "line": N, "error": ...} in its place, every
    other line is still checked and written, and the run ends with status 2 and a one-line
    count of the failed lines on stderr."""
    if (text is None) == (input is None):
        raise fail(
            "give either TEXT or --input FILE, not both"
            if text is not None
            else "nothing to check: give TEXT or --input FILE"
        )
    policy = policy_for_check(pack, database)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if input is not None:
            chosen = format or Format.JSONL
            _check_batch(input, policy, chosen, out, workers or default_workers())
        else:
            assert text is not None
            chosen = format or (Format.TEXT if out.isatty() else Format.JSON)
            _check_one(text, capacity, kind, platform, policy, chosen, out)
    finally:
        if output:
            out.close()


def _check_one(
    text: str, capacity: str, kind: str, platform: str, policy: PolicyPack, chosen: Format, out: Any
) -> None:
    try:
        submission = Submission.model_validate(
            {"text": text, "capacity": capacity, "kind": kind, "platform": platform}
        )
    except ValidationError as exc:
        raise fail(describe(exc)) from exc
    verdict = check(submission, policy)
    if chosen is Format.TEXT:
        render_verdict(Console(file=out, highlight=False), verdict, text, policy)
    else:
        out.write(
            verdict.model_dump_json(exclude_none=True, indent=2 if chosen is Format.JSON else None)
            + "\n"
        )


def _check_batch(path: Path, policy: PolicyPack, chosen: Format, out: Any, workers: int) -> None:
    if str(path) == "-":
        stream: BinaryIO = sys.stdin.buffer
        base_dir = Path.cwd()
    else:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        stream = path.open("rb")
        base_dir = path.parent
    console = Console(file=out, highlight=False) if chosen is Format.TEXT else None
    failed: list[int] = []
    try:
        for verdict in verdict_lines(_progress(stream, path), policy, base_dir=base_dir,
                                     workers=workers):
            if "error" in verdict:
                failed.append(verdict["line"])
            if console is not None:
                _render_dict(console, verdict, policy)
            else:
                out.write(json.dumps(verdict, ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if failed:
        shown = ", ".join(map(str, failed[:10])) + (", …" if len(failed) > 10 else "")
        raise fail(f"{len(failed)} line(s) could not be checked (line {shown}); "
                   "each has an error in its place in the output")


def _progress(stream: BinaryIO, path: Path) -> Iterator[bytes]:
    """The file's lines, with a progress bar on stderr when a person is watching."""
    if not sys.stderr.isatty() or str(path) == "-":
        yield from stream
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    total = path.stat().st_size
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("checking", total=total)
        for line in stream:
            bar.advance(task, len(line))
            yield line


def _render_dict(console: Console, verdict: dict[str, Any], policy: PolicyPack) -> None:
    from socialguard.verdict import Verdict

    if verdict.get("error"):
        console.print(f"[bold red]error[/] {verdict.get('id') or ''} {verdict['error']}")
        return
    parsed = Verdict.model_validate(verdict)
    render_verdict(console, parsed, "", policy)


@policy_app.command("show")
def policy_show(
    pack: PackOption = None,
    database: DatabaseOption = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TEXT,
) -> None:
    """Show the policy that judges checks (the published version, as `check` chooses it):
    document control, sections, rules and teams."""
    from datetime import date

    policy = policy_for_check(pack, database)
    if format is not Format.TEXT:
        print(policy.model_dump_json(indent=2))
        return
    console = Console(highlight=False)
    doc = policy.document
    overdue = doc.review_overdue(date.today())
    console.print(
        f"[bold]{doc.title}[/] ({doc.reference}, version {doc.version}) — "
        f"{policy.organisation.name}"
    )
    console.print(f"In force: {policy.label}.")
    console.print(
        f"Owner: {doc.owner}. Approved {doc.approval_date:%B %Y} by "
        f"{doc.approval_level}. Pack {policy.pack_version}."
    )
    review = f"Review due {doc.review_date:%d %B %Y}"
    console.print(f"[bold red]{review} — OVERDUE[/]" if overdue else review)
    for a in doc.amendments:
        console.print(f"  v{a.version} {a.date}: {a.description}")
    console.print("\n[bold]Rules[/]")
    for rule_id, r in policy.rules.items():
        state = "" if r.enabled else " [dim](disabled)[/]"
        console.print(f"  {rule_id:34} {r.severity.value:6} §{r.section:9} {r.title}{state}")
    console.print("\n[bold]Triage[/]")
    for label_id, t in policy.triage.items():
        console.print(f"  {label_id:34} → {policy.teams[t.team].name} [{t.urgency.value}]")
    console.print("\n[bold]Disclaimers[/]")
    for key, wording in policy.disclaimers.items():
        console.print(f"  {key}: “{wording}”")


@policy_app.command("validate")
def policy_validate(file: Annotated[Path, typer.Argument(help="The pack to validate.")]) -> None:
    """Validate a policy pack; each problem names the rule or field at fault."""
    if not file.is_file():
        raise fail(f"{file}: no such file")
    try:
        policy = load_pack(file)
    except PackError as exc:
        err.print(f"{file}: invalid policy pack", highlight=False, markup=False)
        for problem in exc.problems:
            err.print(f"  - {problem}", highlight=False, markup=False)
        raise typer.Exit(1) from exc
    print(
        f"{file}: valid — {policy.organisation.name}, {policy.document.reference} "
        f"v{policy.document.version}, pack {policy.pack_version}, {len(policy.rules)} rules, "
        f"{len(policy.triage)} triage labels"
    )


@app.command("eval")
def eval_command(
    labelled: Annotated[
        list[Path] | None, typer.Argument(help="Labelled JSON Lines (with 'expect').")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    benchmarks: Annotated[
        bool,
        typer.Option(
            "--benchmarks",
            help="Also run the public benchmarks beside their baselines "
            "(TweetEval, presidio-synth, broad-twitter-corpus, FOI titles; reads "
            "$SOCIALGUARD_DATASETS or ../shared/datasets).",
        ),
    ] = False,
    pack: PackOption = None,
) -> None:
    """Precision, recall and F1 per rule on labelled data (as shared/tools/score.py)."""
    from socialguard.eval.scoring import format_report, score

    if benchmarks:
        _benchmarks(labelled or [], as_json)
        return
    if not labelled:
        raise fail("give LABELLED.jsonl files, or --benchmarks")
    policy = pack_or_exit(pack)
    summaries = {}
    for path in labelled:
        if not path.is_file():
            raise fail(f"{path}: no such file")
        items = []
        with path.open("rb") as fh:
            for n, raw in enumerate(fh, 1):
                if raw.strip():
                    try:
                        items.append(json.loads(raw))
                    except json.JSONDecodeError as exc:
                        raise fail(f"{path}:{n}: not JSON ({exc.msg})") from exc
        with path.open("rb") as fh:
            verdicts = {
                str(v.get("id")): v for v in verdict_lines(fh, policy, base_dir=path.parent)
            }
        report = score(items, verdicts)
        summaries[str(path)] = report.as_dict()
        if not as_json:
            print(format_report(report, title=f"== {path}"))
            print()
    if as_json:
        print(json.dumps(summaries, indent=2))


def _benchmarks(labelled: list[Path], as_json: bool) -> None:
    from socialguard.eval.benchmarks import format_benchmarks, run_benchmarks
    from socialguard.eval.pii_benchmarks import shared_datasets

    if not shared_datasets().is_dir():
        raise fail(f"{shared_datasets()}: data sets not found (set SOCIALGUARD_DATASETS)")
    examples = labelled or sorted((shared_datasets().parent / "examples").glob("*.jsonl"))
    report = run_benchmarks(examples, progress=lambda step: err.print(f"… {step}"))
    print(json.dumps(report, indent=2, default=str) if as_json else format_benchmarks(report))


@app.command("bench")
def bench_command(
    posts: Annotated[int, typer.Option(help="Synthetic posts to check.", min=100)] = 2000,
    batch_size: Annotated[int, typer.Option(help="Posts per batch.", min=1)] = 64,
    single: Annotated[int, typer.Option(help="Posts timed one at a time.", min=20)] = 300,
    baseline: Annotated[bool, typer.Option(help="Also time Presidio alone.")] = True,
    workers: Annotated[int, typer.Option(
        min=0, help="Also time batches on this many processes, as check --workers does "
        "(0: one per CPU core; 1: not).")] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Posts per second (batched) and p50/p95 latency of the full pipeline, beside Presidio."""
    from socialguard.eval.bench import format_bench, run_bench

    report = run_bench(posts, batch_size, single, baseline, workers or default_workers())
    print(json.dumps(report, indent=2) if as_json else format_bench(report))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
