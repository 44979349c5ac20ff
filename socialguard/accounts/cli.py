"""``socialguard accounts``: the official account audit (spec §3) and export importers.

``audit`` reads spec §3 JSON Lines and writes one line per account, in input
order: ``{"id", "findings": [{"rule", "evidence", "section", "message"}],
"recommendation"}``, or ``{"id", "error"}`` for a line it cannot judge (the
rest of the batch still runs). Exit status is 0 whatever the findings; 2 when
the arguments are unusable (missing or unreadable input, a malformed date, an
unknown format, a bad pack), with one line on stderr and nothing on stdout.

``import-x``, ``import-facebook`` and ``import-youtube`` turn export files
into one spec §3 line (stdout, or appended to ``--output``), so a register
can be assembled account by account and then audited.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, NoReturn, cast, get_args

import typer

from socialguard.accounts.audit import audit_account
from socialguard.accounts.importers.base import Activity, ExportError, merge
from socialguard.accounts.importers.facebook import read_facebook_csv
from socialguard.accounts.importers.jsonl import LineError, parse_lines, to_json_line
from socialguard.accounts.importers.x_archive import (
    read_account_info,
    read_follower_count,
    read_tweets,
)
from socialguard.accounts.importers.youtube import read_youtube_csv
from socialguard.accounts.models import (
    AccountAudit,
    BusinessCase,
    ProgrammeStatus,
)
from socialguard.policy.loader import PackError, load_pack
from socialguard.policy.schema import ClosureCriteria

app = typer.Typer(
    help="Official accounts register (policy §10.1): audit accounts, import platform exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMATS = ("jsonl", "text")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _fail(command: str, message: str) -> NoReturn:
    typer.echo(f"socialguard accounts {command}: {message}", err=True)
    raise typer.Exit(2)


def _parse_date(command: str, option: str, value: str) -> date:
    if _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    _fail(command, f"{option} must be a date as YYYY-MM-DD, got {value!r}")


def _criteria(command: str, pack: Path | None) -> ClosureCriteria:
    try:
        return load_pack(pack).closure_criteria
    except PackError as exc:
        _fail(command, f"unusable policy pack: {exc}")


# -- audit -------------------------------------------------------------------------


@app.command()
def audit(
    input: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Spec §3 JSON Lines, one account a line ('-': stdin)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Audit date, YYYY-MM-DD (default: today, UTC)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or text.")] = "jsonl",
    pack: Annotated[
        Path | None, typer.Option("--pack", help="Policy pack YAML (default: bundled pack).")
    ] = None,
) -> None:
    """Apply the §10.1 closure criteria to each account; recommend close, review or keep."""
    if input is None:
        _fail("audit", "--input FILE.jsonl is required")
    if format not in FORMATS:
        _fail("audit", f"--format must be one of {', '.join(FORMATS)}, got {format!r}")
    day = _parse_date("audit", "--as-of", as_of) if as_of else datetime.now(UTC).date()
    criteria = _criteria("audit", pack)
    if str(input) == "-":
        lines: Iterable[bytes] = sys.stdin.buffer
    else:
        try:
            lines = input.read_bytes().splitlines()
        except OSError as exc:
            _fail("audit", f"cannot read {input}: {exc.strerror}")
    results = _audit_all(lines, day, criteria)
    if format == "jsonl":
        for result in results:
            typer.echo(json.dumps(result.to_record(), ensure_ascii=False))
    else:
        typer.echo(_text_table(list(results), day))


def _audit_all(
    lines: Iterable[bytes], as_of: date, criteria: ClosureCriteria
) -> Iterator[AccountAudit | LineError]:
    for parsed in parse_lines(lines):
        if isinstance(parsed, LineError):
            yield parsed
        else:
            yield audit_account(parsed, as_of=as_of, criteria=criteria)


def _text_table(results: list[AccountAudit | LineError], as_of: date) -> str:
    rows: list[tuple[str, str, str, str]] = []
    counts = {"close": 0, "review": 0, "keep": 0, "error": 0}
    for result in results:
        if isinstance(result, LineError):
            counts["error"] += 1
            rows.append((result.id or "?", "error", "-", result.error))
            continue
        counts[result.recommendation] += 1
        if not result.findings:
            rows.append((result.id, result.recommendation, "-", ""))
        for index, finding in enumerate(result.findings):
            first = index == 0
            rows.append(
                (
                    result.id if first else "",
                    result.recommendation if first else "",
                    finding.rule,
                    finding.evidence,
                )
            )
    header = ("ID", "RECOMMENDATION", "RULE", "EVIDENCE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [f"Official account audit as of {as_of.isoformat()} (policy §10.1)", ""]
    for row in [header, *rows]:
        lines.append(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
        )
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if k != "error")
    errors = counts["error"]
    lines += ["", f"{len(results)} lines: {summary}; {errors} unreadable"]
    return "\n".join(line.rstrip() for line in lines)


# -- imports -----------------------------------------------------------------------

IdOpt = Annotated[str | None, typer.Option("--id", help="Register id, e.g. acc-07.")]
HandleOpt = Annotated[str | None, typer.Option("--handle", help="e.g. @STW_Maternity.")]
OwnerOpt = Annotated[
    str | None, typer.Option("--owner", help="Named owner (omit if nobody is named).")
]
CaseOpt = Annotated[str | None, typer.Option("--business-case", help="approved, pending or none.")]
StatusOpt = Annotated[str | None, typer.Option("--programme-status", help="active or closed.")]
CreatedOpt = Annotated[
    str | None, typer.Option("--created-at", help="Date the account was created, YYYY-MM-DD.")
]
FollowersOpt = Annotated[int | None, typer.Option("--followers", help="Current follower count.")]
ProgrammeOpt = Annotated[str | None, typer.Option("--programme", help="Programme name.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Append the line here (default: stdout).")
]


def _emit(
    command: str,
    activity: Activity,
    *,
    id: str | None,
    handle: str | None,
    owner: str | None,
    business_case: str | None,
    programme_status: str | None,
    created_at: str | None,
    followers: int | None,
    programme: str | None,
    output: Path | None,
) -> None:
    if not id or not id.strip():
        _fail(command, "--id is required")
    case = (business_case or "").strip().lower()
    if case not in get_args(BusinessCase):
        _fail(command, "--business-case must be approved, pending or none")
    status = (programme_status or "").strip().lower()
    if status not in get_args(ProgrammeStatus):
        _fail(command, "--programme-status must be active or closed")
    if created_at is None:
        _fail(command, "--created-at YYYY-MM-DD is required")
    created = _parse_date(command, "--created-at", created_at)
    if followers is not None and followers < 0:
        _fail(command, f"--followers must be 0 or more, got {followers}")
    if followers is None and activity.latest_followers() is None:
        _fail(command, "--followers is required: the export has no follower count")
    account = activity.to_account(
        id=id.strip(),
        handle=handle or "",
        owner=owner,
        business_case=cast(BusinessCase, case),  # checked against the Literal above
        programme_status=cast(ProgrammeStatus, status),
        created_at=created,
        followers=followers,
        programme=programme,
    )
    for note in activity.notes:
        typer.echo(f"note: {note}", err=True)
    line = to_json_line(account)
    if output is None:
        typer.echo(line)
        return
    try:
        with output.open("a", encoding="utf-8") as handle_out:
            handle_out.write(line + "\n")
    except OSError as exc:
        _fail(command, f"cannot write {output}: {exc.strerror}")


def _read(command: str, reader: Iterator[Activity]) -> Activity:
    try:
        return merge(list(reader))
    except ExportError as exc:
        _fail(command, str(exc))


@app.command("import-x")
def import_x(
    files: Annotated[
        list[Path] | None, typer.Argument(help="tweets.js (and tweets-part1.js, ...).")
    ] = None,
    id: IdOpt = None,
    handle: HandleOpt = None,
    owner: OwnerOpt = None,
    business_case: CaseOpt = None,
    programme_status: StatusOpt = None,
    created_at: CreatedOpt = None,
    followers: FollowersOpt = None,
    programme: ProgrammeOpt = None,
    follower_file: Annotated[
        Path | None, typer.Option("--follower-file", help="The archive's follower.js.")
    ] = None,
    account_file: Annotated[
        Path | None,
        typer.Option("--account-file", help="The archive's account.js (handle, created date)."),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Convert an X/Twitter archive's tweets.js to a spec §3 line."""
    if not files:
        _fail("import-x", "give the archive's tweets.js file")
    activity = _x_activity(files)
    try:
        if account_file is not None:
            archive_handle, archive_created = read_account_info(account_file)
            handle = handle or archive_handle
            created_at = created_at or archive_created.isoformat()
        if followers is None and follower_file is not None:
            followers = read_follower_count(follower_file)
    except ExportError as exc:
        _fail("import-x", str(exc))
    _emit(
        "import-x",
        activity,
        id=id,
        handle=handle,
        owner=owner,
        business_case=business_case,
        programme_status=programme_status,
        created_at=created_at,
        followers=followers,
        programme=programme,
        output=output,
    )


def _x_activity(files: list[Path]) -> Activity:
    try:
        return read_tweets(files)
    except ExportError as exc:
        _fail("import-x", str(exc))


@app.command("import-facebook")
def import_facebook(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Page insights CSV (daily or per post).")
    ] = None,
    id: IdOpt = None,
    handle: HandleOpt = None,
    owner: OwnerOpt = None,
    business_case: CaseOpt = None,
    programme_status: StatusOpt = None,
    created_at: CreatedOpt = None,
    followers: FollowersOpt = None,
    programme: ProgrammeOpt = None,
    output: OutputOpt = None,
) -> None:
    """Convert Facebook Page insights CSV exports to a spec §3 line."""
    if not files:
        _fail("import-facebook", "give at least one Page insights CSV file")
    activity = _read("import-facebook", (read_facebook_csv(f) for f in files))
    _emit(
        "import-facebook",
        activity,
        id=id,
        handle=handle,
        owner=owner,
        business_case=business_case,
        programme_status=programme_status,
        created_at=created_at,
        followers=followers,
        programme=programme,
        output=output,
    )


@app.command("import-youtube")
def import_youtube(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="YouTube Analytics 'Table data.csv' (by date or content)."),
    ] = None,
    id: IdOpt = None,
    handle: HandleOpt = None,
    owner: OwnerOpt = None,
    business_case: CaseOpt = None,
    programme_status: StatusOpt = None,
    created_at: CreatedOpt = None,
    followers: Annotated[
        int | None,
        typer.Option(
            "--followers", help="Current subscriber count (YouTube exports only changes)."
        ),
    ] = None,
    programme: ProgrammeOpt = None,
    output: OutputOpt = None,
) -> None:
    """Convert YouTube Analytics CSV exports to a spec §3 line."""
    if not files:
        _fail("import-youtube", "give at least one 'Table data.csv' file")
    if followers is None:
        _fail("import-youtube", "--followers is required: YouTube exports only changes")
    activity = _read(
        "import-youtube", (read_youtube_csv(f, subscribers_total=followers) for f in files)
    )
    _emit(
        "import-youtube",
        activity,
        id=id,
        handle=handle,
        owner=owner,
        business_case=business_case,
        programme_status=programme_status,
        created_at=created_at,
        followers=followers,
        programme=programme,
        output=output,
    )
