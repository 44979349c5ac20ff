"""REST API of policy document control: /api/v1/policy/versions and
/api/v1/policy/acknowledgements (bearer tokens, the one error shape)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session
from starlette.responses import Response

from socialguard.auth.deps import api_user
from socialguard.auth.models import User
from socialguard.deps import MAX_ROW_ID, RowId, SessionDep
from socialguard.errors import InvalidInput
from socialguard.exports import CSV_RESPONSE, csv_download
from socialguard.policy import PackError
from socialguard.policydoc import diff, preview, service
from socialguard.policydoc.schemas import (
    AckPublic,
    AckReport,
    ChangedSeverity,
    DiffPublic,
    FindingBrief,
    OutcomePublic,
    PersonRow,
    PreviewPublic,
    PublicationPublic,
    PublishIn,
    ReviewIn,
    ReviewPublic,
    VerdictChangePublic,
    VersionCreate,
    VersionDetail,
    VersionPublic,
)
from socialguard.policydoc.tables import PolicyPublication, PolicyReview, PolicyVersion
from socialguard.web.errors import error_responses

router = APIRouter(prefix="/api/v1/policy", tags=["policy control"],
                   # What any request may get besides its own answers: a body that is not
                   # JSON (400), too large (413) or not valid (422), no token (401), no role (403).
                   responses=error_responses(400, 401, 403, 413, 415, 422))
Anyone = Annotated[User, Depends(api_user())]
Manager = Annotated[User, Depends(api_user(*service.MANAGERS))]


def version_public(v: PolicyVersion, current: PolicyVersion | None,
                   status: dict[int, str]) -> VersionPublic:
    return VersionPublic(
        id=v.id, number=v.number, current=current is not None and current.id == v.id,
        status=status.get(v.id, "draft"),
        pack_version=v.pack_version, document_version=v.document_version, title=v.title,
        approval_date=v.approval_date, review_date=v.review_date,
        review_interval_months=v.review_interval_months, sha256=v.sha256, note=v.note,
        source=v.source, created_by=v.created_by, created_at=v.created_at)


def version_detail(session: Session, v: PolicyVersion) -> VersionDetail:
    base = version_public(v, service.current(session), service.status_of(session))
    document = service.pack_of(v).document
    due = service.review_due(session, v)
    return VersionDetail(**base.model_dump(), yaml=v.yaml_text,
                         amendments=[a.model_dump() for a in document.amendments],
                         review_triggers=document.review_triggers, next_review=due.next_review,
                         review_overdue=due.overdue)


def review_public(session: Session, r: PolicyReview) -> ReviewPublic:
    return ReviewPublic(id=r.id, version=service.get(session, r.version_id).number,
                        reviewed_on=r.reviewed_on, triggers=r.triggers, notes=r.notes,
                        outcome=r.outcome, reviewer=r.reviewer, created_at=r.created_at)


def upload(session: Session, *, user: User, yaml_text: str, note: str) -> PolicyVersion:
    try:
        return service.record_version(session, yaml_text=yaml_text, actor=user,
                                      source="upload", note=note)
    except PackError as exc:
        raise InvalidInput("The pack is not valid. " + "; ".join(exc.problems)) from exc


@router.get("/versions", response_model=list[VersionPublic], summary="Versions of the policy",
            responses=error_responses(401, 403))
def list_versions(session: SessionDep, _user: Anyone) -> list[VersionPublic]:
    current = service.ensure_first_version(session)
    status = service.status_of(session)
    return [version_public(v, current, status) for v in service.versions(session)]


@router.post("/versions", response_model=VersionDetail, status_code=201,
             summary="Record a new version of the policy pack (a draft until published)",
             responses=error_responses(401, 403, 409, 422))
def create_version(body: VersionCreate, session: SessionDep, user: Manager) -> VersionDetail:
    service.ensure_first_version(session)
    version = upload(session, user=user, yaml_text=body.yaml, note=body.note)
    session.commit()  # before answering: the caller's next request must see it
    return version_detail(session, version)


@router.get("/versions/diff", response_model=DiffPublic, summary="What changed between two",
            responses=error_responses(401, 403, 404))
def version_diff(a: int, b: int, session: SessionDep, _user: Anyone) -> DiffPublic:
    old, new = service.get(session, a), service.get(session, b)
    s = diff.summarise(old.yaml_text, new.yaml_text)
    return DiffPublic(
        a=old.id, b=new.id, rules_added=s.rules_added, rules_removed=s.rules_removed,
        severities=[ChangedSeverity(rule=r, old=o, new=n) for r, o, n in s.severities],
        rules_changed=dict(s.rules_changed), triage_changed=s.triage_changed,
        document={k: [o, n] for k, o, n in s.document}, other=s.other,
        unified=diff.unified(old.yaml_text, new.yaml_text, f"version {old.number}",
                             f"version {new.number}"))


@router.get("/versions/{version_id}", response_model=VersionDetail, summary="One version",
            responses=error_responses(401, 403, 404))
def get_version(version_id: RowId, session: SessionDep, _user: Anyone) -> VersionDetail:
    return version_detail(session, service.get(session, version_id))


@router.get("/versions/{version_id}/preview", response_model=PreviewPublic,
            summary="Which verdicts would change if this version were put in force",
            description="The bundled examples and the saved test drafts, checked under the "
                        "version in force (or `against`) and under this one; every draft whose "
                        "decision, findings or triage labels differ. Nothing checked is stored.",
            responses=error_responses(401, 403, 404))
def preview_version(version_id: RowId, session: SessionDep, _user: Manager,
                    against: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
                    ) -> PreviewPublic:
    version = service.get(session, version_id)
    old = service.get(session, against) if against else service.ensure_first_version(session)
    found = preview.preview(session, old=old, new=version)
    return PreviewPublic(version=version.number, against=old.number, examples=found.examples,
                         test_drafts=found.drafts, problem=found.problem,
                         changes=[change_public(c) for c in found.changes])


def _outcome(o: preview.Outcome) -> OutcomePublic:
    return OutcomePublic(decision=o.decision, labels=list(o.labels),
                         findings=[FindingBrief(rule=r, severity=s) for r, s in o.findings])


def change_public(c: preview.Change) -> VerdictChangePublic:
    s = c.submission
    return VerdictChangePublic(
        id=c.id, source=c.source, text=s.text, kind=s.kind.value, capacity=s.capacity.value,
        platform=s.platform, before=_outcome(c.before), after=_outcome(c.after),
        decision_changed=c.decision_changed,
        findings_added=[FindingBrief(rule=r, severity=v) for r, v in c.added],
        findings_removed=[FindingBrief(rule=r, severity=v) for r, v in c.removed],
        severities=[ChangedSeverity(rule=r, old=o, new=n) for r, o, n in c.severities],
        labels_added=c.labels_added, labels_removed=c.labels_removed)


@router.post("/versions/{version_id}/publish", response_model=PublicationPublic,
             status_code=201, summary="Put a version in force (or roll back to it)",
             description="Every check (pages, API, command line against this database, every "
                         "worker) uses it within the refresh interval, without a restart. "
                         "Going back to an earlier version is a rollback and needs a reason.",
             responses=error_responses(401, 403, 404, 409, 422))
def publish_version(version_id: RowId, body: PublishIn, session: SessionDep,
                    user: Manager) -> PublicationPublic:
    version = service.get(session, version_id)
    publication = service.publish(session, version=version, actor=user, reason=body.reason)
    session.commit()  # before answering: the next check anywhere must see it
    return publication_public(session, publication)


@router.get("/publications", response_model=list[PublicationPublic],
            summary="When each version was put in force, newest first",
            responses=error_responses(401, 403))
def list_publications(session: SessionDep, _user: Anyone) -> list[PublicationPublic]:
    service.ensure_first_version(session)
    return [publication_public(session, p) for p in service.publications(session)]


def publication_public(session: Session, p: PolicyPublication) -> PublicationPublic:
    return PublicationPublic(id=p.id, version=service.get(session, p.version_id).number,
                             action=p.action, reason=p.reason, actor=p.actor, at=p.at)


@router.get("/versions/{version_id}/reviews", response_model=list[ReviewPublic],
            summary="Reviews recorded against a version", responses=error_responses(401, 403, 404))
def list_reviews(version_id: RowId, session: SessionDep, _user: Anyone) -> list[ReviewPublic]:
    version = service.get(session, version_id)
    return [review_public(session, r) for r in service.reviews(session, version)]


@router.post("/versions/{version_id}/reviews", response_model=ReviewPublic, status_code=201,
             summary="Record a review (section 14 triggers)",
             responses=error_responses(401, 403, 404, 422))
def create_review(version_id: RowId, body: ReviewIn, session: SessionDep,
                  user: Manager) -> ReviewPublic:
    version = service.get(session, version_id)
    review = service.add_review(session, version=version, actor=user,
                                reviewed_on=body.reviewed_on, triggers=body.triggers,
                                notes=body.notes, outcome=body.outcome)
    session.commit()
    return review_public(session, review)


@router.post("/acknowledgements", response_model=AckPublic, status_code=201,
             summary="Acknowledge the current version (you have read it)",
             responses=error_responses(401, 403))
def acknowledge(session: SessionDep, user: Anyone) -> AckPublic:
    version, ack = service.acknowledge(session, user=user)
    session.commit()
    return AckPublic(version=version.number, email=user.email, at=ack.at)


@router.get("/acknowledgements", response_model=AckReport,
            summary="Who has and has not acknowledged the current version",
            responses=error_responses(401, 403))
def ack_report(session: SessionDep, _user: Manager) -> AckReport:
    version = service.ensure_first_version(session)
    done, outstanding = service.report(session, version)

    def row(r: service.AckRow) -> PersonRow:
        return PersonRow(email=r.user.email, name=r.user.name, roles=list(r.user.roles),
                         acknowledged_at=r.at)

    return AckReport(version=version.number, acknowledged=[row(r) for r in done],
                     outstanding=[row(r) for r in outstanding])


def csv_response(session: Session) -> Response:
    """The current version's acknowledgement report as a CSV download (API and page)."""
    version = service.ensure_first_version(session)
    return csv_download(service.report_csv(session, version),
                        f"policy-v{version.number}-acknowledgements.csv")


@router.get("/acknowledgements.csv", summary="The acknowledgement report as CSV",
            response_class=Response, responses={**error_responses(401, 403), **CSV_RESPONSE})
def ack_csv(session: SessionDep, _user: Manager) -> Response:
    return csv_response(session)
