"""Stream JSON Lines of submissions through the engine in constant memory.

A line that cannot be used becomes an error verdict, ``{"id": ..., "line": N,
"error": "line N: ..."}`` (spec §4), carrying the line's id when one can be read;
the lines around it are unaffected, whether the line cannot be parsed, names a
captions file that cannot be read, or makes the engine fail.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from socialguard import captions
from socialguard.engine import check_many
from socialguard.policy.schema import PolicyPack
from socialguard.submission import MAX_TEXT_CHARS, Submission
from socialguard.verdict import Verdict

if TYPE_CHECKING:
    from socialguard.parallel import CheckPool

MAX_LINE_BYTES = 256_000
BATCH_SIZE = 64
Outcome = dict[str, Any] | Exception
"""A submission's verdict as a JSON-ready dict, or what the engine raised on it."""


@dataclass(frozen=True, slots=True)
class Parsed:
    line_no: int
    submission: Submission | None = None
    id: str | None = None
    error: str | None = None


def parse_line(raw: bytes, line_no: int, base_dir: Path | None) -> Parsed | None:
    """One input line; None for a blank line (skipped, as JSON Lines readers do)."""
    if len(raw) > MAX_LINE_BYTES:
        return Parsed(line_no, error=f"line {line_no}: longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(line_no, error=f"line {line_no}: not UTF-8 text (byte {exc.start})")
    text = text.lstrip("\ufeff").strip()
    if not text:
        return None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return Parsed(line_no, error=f"line {line_no}: not JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Parsed(line_no, error=f"line {line_no}: JSON nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Parsed(line_no, error=f"line {line_no}: not usable JSON ({exc})")
    if not isinstance(data, dict):
        return Parsed(line_no, error=f"line {line_no}: expected a JSON object")
    ident = data.get("id")
    ident = str(ident) if ident is not None else None
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        return Parsed(line_no, id=ident, error=f"line {line_no}: {describe(exc)}")
    submission = captions.attach_coverage(submission, base_dir)
    if problems := captions.problems(submission):
        return Parsed(line_no, id=ident, error=f"line {line_no}: " + "; ".join(problems))
    return Parsed(line_no, submission, ident)


def describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err["loc"]) or "submission"
        if err["type"] == "string_too_long" and err["loc"][-1] == "text":
            parts.append(f"text is longer than {MAX_TEXT_CHARS} characters")
        elif err["type"] == "missing":
            parts.append(f"{where} is required")
        else:
            parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def verdict_lines(
    lines: Iterable[bytes],
    pack: PolicyPack,
    *,
    base_dir: Path | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
) -> Iterator[dict[str, Any]]:
    """Yield one verdict (as a JSON-ready dict) per non-blank input line, in order; a line
    that could not be checked yields an error verdict (``"error" in verdict``).
    With ``workers`` > 1 the batches are checked on that many processes."""
    batches = _batches(lines, base_dir, batch_size)
    if workers < 2:
        for pending in batches:
            yield from _merge(pending, _check(_good(pending), pack))
        return
    from socialguard.parallel import CheckPool

    with CheckPool(pack, workers) as pool:
        # As CheckPool.map (at most two batches per worker in flight, in order), but a batch
        # that fails on its worker is checked again line by line, so one line fails alone.
        in_flight: deque[tuple[list[Parsed], Future[list[dict[str, Any]]]]] = deque()
        for pending in batches:
            in_flight.append((pending, _submit(pool, _good(pending))))
            if len(in_flight) >= 2 * workers:
                done, future = in_flight.popleft()
                yield from _merge(done, _pooled(pool, done, future))
        while in_flight:
            done, future = in_flight.popleft()
            yield from _merge(done, _pooled(pool, done, future))


def _batches(lines: Iterable[bytes], base_dir: Path | None,
             batch_size: int) -> Iterator[list[Parsed]]:
    pending: list[Parsed] = []
    for line_no, raw in enumerate(lines, 1):
        try:
            parsed = parse_line(raw, line_no, base_dir)
        except Exception as exc:  # whatever one line holds, it must not end the run
            parsed = Parsed(line_no, error=f"line {line_no}: could not be read ({_reason(exc)})")
        if parsed is None:
            continue
        pending.append(parsed)
        if len(pending) >= batch_size:
            yield pending
            pending = []
    if pending:
        yield pending


def _good(pending: list[Parsed]) -> list[Submission]:
    return [p.submission for p in pending if p.submission is not None]


def _check(good: list[Submission], pack: PolicyPack) -> list[Outcome]:
    """The verdicts of a batch checked in-process; if the engine fails on the batch, each
    submission is checked alone so that only the one it fails on is lost."""
    if not good:
        return []
    try:
        return [_dump(v) for v in check_many(good, pack)]
    except Exception as exc:
        if len(good) == 1:
            return [exc]
    outcomes: list[Outcome] = []
    for submission in good:
        try:
            outcomes.append(_dump(check_many([submission], pack)[0]))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _submit(pool: CheckPool, batch: Sequence[Submission]) -> Future[list[dict[str, Any]]]:
    try:
        return pool.submit(batch)
    except Exception as exc:  # a pool already broken by a worker that died
        failed: Future[list[dict[str, Any]]] = Future()
        failed.set_exception(exc)
        return failed


def _pooled(pool: CheckPool, pending: list[Parsed],
            future: Future[list[dict[str, Any]]]) -> list[Outcome]:
    """A pooled batch's verdicts; if it failed, its submissions checked one per task."""
    good = _good(pending)
    try:
        return list(future.result())
    except Exception as exc:
        if len(good) == 1:
            return [exc]
    outcomes: list[Outcome] = []
    for one in [_submit(pool, [s]) for s in good]:
        try:
            outcomes.append(one.result()[0])
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _dump(verdict: Verdict) -> dict[str, Any]:
    return verdict.model_dump(mode="json", exclude_none=True)


def _reason(exc: BaseException) -> str:
    # The type only: an exception's message may quote the draft, which is personal data.
    return f"internal error {type(exc).__name__}"


def _merge(pending: list[Parsed], outcomes: list[Outcome]) -> Iterator[dict[str, Any]]:
    checked = iter(outcomes)
    for p in pending:
        if p.submission is None:
            yield {"id": p.id, "line": p.line_no, "error": p.error}
            continue
        outcome = next(checked)
        if isinstance(outcome, Exception):
            yield {"id": p.id, "line": p.line_no,
                   "error": f"line {p.line_no}: could not be checked ({_reason(outcome)})"}
        else:
            yield outcome
