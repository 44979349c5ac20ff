"""Pages of policy document control (/policy/control...); the API is in routes.py.

/policy itself (the policy text) is another module's page and is left alone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.auth.roles import permits
from socialguard.deps import RowId, SessionDep
from socialguard.errors import Conflict, InvalidInput
from socialguard.policy import PackError
from socialguard.policydoc import diff, preview, routes, service
from socialguard.policydoc.tables import PolicyVersion
from socialguard.web.templating import render

router = APIRouter(include_in_schema=False)
Anyone = Annotated[User, Depends(page_user())]
Manager = Annotated[User, Depends(page_user(*service.MANAGERS))]


def _control_page(request: Request, session: SessionDep, user: User, *, status: int = 200,
                  upload_problems: list[str] | None = None, review_problem: str | None = None,
                  notice: str | None = None) -> Response:
    current = service.ensure_first_version(session)
    manager = permits(user.roles, service.MANAGERS)
    context: dict[str, Any] = {
        "current": current, "document": service.pack_of(current).document,
        "due": service.review_due(session, current),
        "mine": service.acknowledgement(session, version=current, user=user),
        "manager": manager, "upload_problems": upload_problems or [],
        "review_problem": review_problem, "notice": notice or request.query_params.get("done"),
        "running_recorded": service.sha256(service.running_pack_text()) in {
            v.sha256 for v in service.versions(session)},
        "status": service.status_of(session),
    }
    if manager:
        done, outstanding = service.report(session, current)
        context.update(versions=service.versions(session), reviews=service.reviews(session),
                       triggers=service.trigger_choices(current), outcomes=service.OUTCOMES,
                       acknowledged_count=len(done), outstanding_count=len(outstanding),
                       today=date.today(), publications=service.publications(session)[:10],
                       number_of={v.id: v.number for v in service.versions(session)})
    return render(request, "policydoc/control.html", status_code=status,
                  title="Policy document control", **context)


@router.get("/policy/control")
def control(request: Request, session: SessionDep, user: Anyone) -> Response:
    return _control_page(request, session, user)


@router.post("/policy/control/versions", dependencies=[CsrfDep])
async def upload(request: Request, session: SessionDep, user: Manager) -> Response:
    form = await request.form()
    upload = form.get("pack")
    note = str(form.get("note") or "")[:2000]
    problems: list[str] = []
    text = ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        problems = ["pack: choose the policy pack file (YAML) to upload"]
    else:
        data = await upload.read(service.MAX_PACK_BYTES + 1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems = ["pack: the file is not UTF-8 text"]
    if not problems:
        service.ensure_first_version(session)
        try:
            version = service.record_version(session, yaml_text=text, actor=user,
                                             source="upload", note=note)
        except PackError as exc:
            problems = exc.problems
        except Conflict as exc:
            problems = [exc.message]
        else:
            session.commit()
            return RedirectResponse(f"/policy/control/versions/{version.id}", status_code=303)
    return _control_page(request, session, user, status=422, upload_problems=problems)


@router.post("/policy/control/record-current", dependencies=[CsrfDep])
def record_current(request: Request, session: SessionDep, user: Manager) -> Response:
    service.ensure_first_version(session)
    try:
        version = service.record_version(session, yaml_text=service.running_pack_text(),
                                         actor=user, source="running",
                                         note="Recorded from the pack this deployment runs")
    except Conflict as exc:
        return _control_page(request, session, user, status=409, notice=exc.message)
    session.commit()
    return RedirectResponse(f"/policy/control/versions/{version.id}", status_code=303)


@router.post("/policy/control/reviews", dependencies=[CsrfDep])
async def add_review(request: Request, session: SessionDep, user: Manager) -> Response:
    form = await request.form()
    current = service.ensure_first_version(session)
    try:
        reviewed_on = date.fromisoformat(str(form.get("reviewed_on") or ""))
    except ValueError:
        return _control_page(request, session, user, status=422,
                             review_problem="reviewed_on: give the date of the review")
    try:
        service.add_review(session, version=current, actor=user, reviewed_on=reviewed_on,
                           triggers=[str(t) for t in form.getlist("triggers")],
                           notes=str(form.get("notes") or "")[:5000],
                           outcome=str(form.get("outcome") or ""))
    except InvalidInput as exc:
        return _control_page(request, session, user, status=422,
                             review_problem=exc.message.removeprefix("The review is not valid. "))
    session.commit()
    return RedirectResponse("/policy/control?done=review#reviews", status_code=303)


@router.get("/policy/control/versions/{version_id}")
def version_page(request: Request, version_id: RowId, session: SessionDep,
                 user: Anyone) -> Response:
    version = service.get(session, version_id)
    current = service.ensure_first_version(session)
    return render(request, "policydoc/version.html", title=f"Policy version {version.number}",
                  version=version, current=current, document=service.pack_of(version).document,
                  reviews=service.reviews(session, version),
                  status=service.status_of(session).get(version.id, "draft"),
                  manager=permits(user.roles, service.MANAGERS),
                  previous=_previous(session, version), outcomes=service.OUTCOMES)


def _publish_page(request: Request, session: SessionDep, version: PolicyVersion, *,
                  status: int = 200, problem: str | None = None, reason: str = "") -> Response:
    current = service.ensure_first_version(session)
    return render(request, "policydoc/publish.html", status_code=status,
                  title=f"Put version {version.number} in force", version=version,
                  current=current, rollback=version.number < current.number,
                  summary=diff.summarise(current.yaml_text, version.yaml_text),
                  verdicts=preview.preview(session, old=current, new=version),
                  problem=problem, reason=reason)


@router.get("/policy/control/versions/{version_id}/publish")
def publish_page(request: Request, version_id: RowId, session: SessionDep,
                 user: Manager) -> Response:
    """Confirm before anything changes: what differs from the version in force."""
    return _publish_page(request, session, service.get(session, version_id))


@router.post("/policy/control/versions/{version_id}/publish", dependencies=[CsrfDep])
async def publish(request: Request, version_id: RowId, session: SessionDep,
                  user: Manager) -> Response:
    version = service.get(session, version_id)
    form = await request.form()
    reason = str(form.get("reason") or "")[:2000]
    try:
        publication = service.publish(session, version=version, actor=user, reason=reason)
    except (InvalidInput, Conflict) as exc:
        return _publish_page(request, session, version, status=exc.status, reason=reason,
                             problem=exc.message.removeprefix("reason: "))
    session.commit()  # before the redirect: every check from now on must see it
    done = "rolled-back" if publication.action == "rollback" else "published"
    return RedirectResponse(f"/policy/control?done={done}", status_code=303)


def _previous(session: SessionDep, version: PolicyVersion) -> PolicyVersion | None:
    older = [v for v in service.versions(session) if v.number < version.number]
    return older[0] if older else None


@router.get("/policy/control/diff")
def diff_page(request: Request, session: SessionDep, user: Anyone, a: int | None = None,
              b: int | None = None) -> Response:
    if a is None or b is None:
        raise InvalidInput("Choose two versions to compare (?a=…&b=…).")
    old, new = service.get(session, a), service.get(session, b)
    return render(request, "policydoc/diff.html",
                  title=f"Policy version {old.number} against {new.number}", old=old, new=new,
                  lines=diff.lines(old.yaml_text, new.yaml_text),
                  summary=diff.summarise(old.yaml_text, new.yaml_text))


@router.get("/policy/control/acknowledgements")
def ack_page(request: Request, session: SessionDep, user: Manager) -> Response:
    current = service.ensure_first_version(session)
    done, outstanding = service.report(session, current)
    return render(request, "policydoc/acknowledgements.html",
                  title="Policy acknowledgements", current=current, done=done,
                  outstanding=outstanding)


@router.get("/policy/control/acknowledgements.csv")
def ack_csv(session: SessionDep, user: Manager) -> Response:
    return routes.csv_response(session)

