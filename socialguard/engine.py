"""The check engine: pure functions from submissions to verdicts.

``check`` and ``check_many`` do no I/O and keep no state between calls: the
policy pack and the detectors come in as arguments (the defaults are built
once and cached). ``check_many`` hands every detector the whole batch so
models run batched.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import cache

from socialguard.detectors.base import Analysis, Detector, Evidence
from socialguard.detectors.encoder import forget_encoded
from socialguard.detectors.lexicon import word_prefixes
from socialguard.detectors.registry import context_detectors, default_detectors
from socialguard.detectors.sender import joke_names
from socialguard.fixes import build_fix
from socialguard.ml.deobfuscate import forget as forget_normalised
from socialguard.policy.schema import PolicyPack

# Importing the rule modules registers their rules (each declares its stage).
from socialguard.rules import (  # noqa: F401
    conduct,
    confidentiality,
    identity,
    media,
    official,
    references,
    safeguarding,
)
from socialguard.rules.base import Context, Facts, Hit, ordered_rules
from socialguard.submission import Submission
from socialguard.triage import rules as triage_rules
from socialguard.triage.routing import routes
from socialguard.verdict import Finding, Verdict, decide

EVIDENCE_MAX_CHARS = 160


def check(
    submission: Submission,
    pack: PolicyPack,
    *,
    detectors: Sequence[Detector] | None = None,
    today: date | None = None,
) -> Verdict:
    return check_many([submission], pack, detectors=detectors, today=today)[0]


def check_many(
    submissions: Sequence[Submission],
    pack: PolicyPack,
    *,
    detectors: Sequence[Detector] | None = None,
    today: date | None = None,
    lanes: bool = True,
) -> list[Verdict]:
    """``lanes=False`` runs the detectors one after another on this thread: for worker
    processes that already keep every core busy, where lanes only add thread switching
    (about a sixth more CPU per post)."""
    detectors = default_detectors() if detectors is None else detectors
    analyses = _analyse_by_scope(submissions, pack, detectors, lanes)
    replies = _reply_analyses(submissions, pack)
    verdicts = []
    for submission, analysis, reply in zip(submissions, analyses, replies, strict=True):
        as_of = today or (submission.received_at.date() if submission.received_at else date.today())
        verdicts.append(_judge(submission, analysis, reply, pack, as_of))
    return verdicts


def analyse(
    texts: Sequence[str], pack: PolicyPack, detectors: Sequence[Detector], lanes: bool = True
) -> list[Analysis]:
    """Run every detector over the batch. Detectors in different lanes run side by side
    (the spaCy NER and the ONNX model each release the GIL for most of their work, so
    on two cores they overlap); within a lane, and in the evidence, the detectors' own
    order holds."""
    by_lane: dict[str, list[int]] = {}
    for position, detector in enumerate(detectors):
        by_lane.setdefault(getattr(detector, "lane", "main"), []).append(position)
    results: list[list[list[Evidence]]] = [[] for _ in detectors]

    def run(positions: list[int]) -> None:
        for position in positions:
            results[position] = detectors[position].detect_many(texts, pack)

    side = [positions for lane, positions in by_lane.items() if lane != "main"]
    if lanes and len(side) > 0 and texts:
        pool = _lane_pool()
        futures = [pool.submit(run, positions) for positions in side]
        run(by_lane.get("main", []))
        for future in futures:
            future.result()
    else:
        run(list(range(len(detectors))))
    forget_texts()
    found: list[list[Evidence]] = [[] for _ in texts]
    for per_detector in results:
        for bucket, evidence in zip(found, per_detector, strict=True):
            bucket.extend(evidence)
    return [Analysis(tuple(ev)) for ev in found]


def forget_texts() -> None:
    """Drop what was cached about the batch's texts (the shared model pass, the word
    prefixes the lexicons gate on, the de-obfuscated text): drafts are personal data and
    must not outlive their check."""
    forget_encoded()
    word_prefixes.cache_clear()
    forget_normalised()


@cache
def _lane_pool() -> ThreadPoolExecutor:
    # Kept for the process: starting threads per call would cost more than a short
    # post's whole check. It holds no state between checks, only idle workers.
    return ThreadPoolExecutor(max_workers=8, thread_name_prefix="socialguard-lane")


def _analyse_by_scope(submissions: Sequence[Submission], pack: PolicyPack,
                      detectors: Sequence[Detector], lanes: bool) -> list[Analysis]:
    """Drafts get the content detectors, inbound messages the triage ones; each group is
    analysed as one batch so models still run batched."""
    out: list[Analysis | None] = [None] * len(submissions)
    for scope in ("content", "inbound"):
        indices = [i for i, s in enumerate(submissions) if s.is_inbound == (scope == "inbound")]
        if not indices:
            continue
        chosen = [d for d in detectors if getattr(d, "scope", "all") in ("all", scope)]
        for i, result in zip(indices, analyse([submissions[i].text for i in indices], pack,
                                              chosen, lanes), strict=True):
            out[i] = result
    return [a if a is not None else Analysis() for a in out]


def _reply_analyses(submissions: Sequence[Submission], pack: PolicyPack) -> list[Analysis | None]:
    indexed = [
        (i, s.in_reply_to.text)
        for i, s in enumerate(submissions)
        if s.in_reply_to is not None and s.in_reply_to.text
    ]
    out: list[Analysis | None] = [None] * len(submissions)
    if indexed:
        results = analyse([t for _, t in indexed], pack, context_detectors())
        for (i, _), result in zip(indexed, results, strict=True):
            out[i] = result
    for i, s in enumerate(submissions):
        if out[i] is None and s.in_reply_to is not None:
            out[i] = Analysis()
    return out


def _judge(
    submission: Submission,
    analysis: Analysis,
    reply: Analysis | None,
    pack: PolicyPack,
    today: date,
) -> Verdict:
    policy = pack.label
    facts = Facts.of(submission, joke_names(pack))
    ctx = Context(facts=facts, analysis=analysis, pack=pack, today=today, reply=reply)
    if submission.is_inbound:
        labels = [lab for lab in triage_rules.labels(ctx)
                  if lab in pack.triage and pack.triage[lab].enabled] or ["triage.general"]
        return Verdict(
            id=submission.id,
            labels=labels,
            routes=routes(labels, analysis, pack, submission.received_at or today),
            policy=policy,
        )
    findings: list[Finding] = []
    for rule_id, judge in ordered_rules():
        spec = pack.rules.get(rule_id)
        if spec is None or not spec.enabled:
            continue
        for hit in judge(ctx):
            ctx.found.add(rule_id)
            findings.append(_finding(hit, pack, submission.text, submission.platform))
    return Verdict(id=submission.id, decision=decide(findings), findings=findings, policy=policy)


def _finding(hit: Hit, pack: PolicyPack, text: str, platform: str | None = None) -> Finding:
    spec = pack.rules[hit.rule]
    spans = _merge(hit.all_spans())
    return Finding(
        rule=hit.rule,
        severity=spec.severity,
        section=spec.section,
        title=spec.title,
        message=spec.message,
        spans=spans,
        evidence=_evidence(text, spans, hit),
        fix=build_fix(spec, hit, text, pack, platform),
        explanation=hit.explanation or None,
    )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _evidence(text: str, spans: list[tuple[int, int]], hit: Hit) -> str:
    if not spans:
        return hit.explanation
    start, end = spans[0][0], spans[-1][1]
    if end - start <= EVIDENCE_MAX_CHARS:
        return text[start:end]
    return " … ".join(text[s:e] for s, e in spans)
