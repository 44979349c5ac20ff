"""Pages where the policy owner edits the policy in a form (/policy/control/edit) and keeps
the test drafts every draft version is checked against (/policy/control/test-drafts).

Saving the form records a new draft version and goes on to the publish confirmation page,
which shows what changes and which verdicts change; nothing is ever published from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from socialguard.auth.deps import CsrfDep, page_user
from socialguard.auth.models import User
from socialguard.deps import RowId, SessionDep
from socialguard.errors import Conflict, InvalidInput
from socialguard.policy import PackError
from socialguard.policydoc import editor, service, test_drafts
from socialguard.policydoc.editor import Problem
from socialguard.policydoc.tables import PolicyVersion
from socialguard.submission import Capacity, Kind
from socialguard.web.check_form import PLATFORMS
from socialguard.web.templating import render

router = APIRouter(include_in_schema=False)
Manager = Annotated[User, Depends(page_user(*service.MANAGERS))]
MAX_NOTE = 2000


def _fields(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.multi_items() if isinstance(v, str) and k != "csrf_token"}


def _form_rows(values: dict[str, str], prefix: str, fields: Iterable[str], known: int,
               most_new: int) -> int:
    """Rows of a repeating part of the form (partners, new teams): the base version's
    ``known`` rows, then at least one blank row to add one (one more when the owner filled
    the last one in), at most ``most_new`` added."""
    count = max(editor.posted_rows(values, prefix, 0, known + most_new), known + 1)
    last = count - 1
    if any(values.get(f"{prefix}.{last}.{f}") for f in fields):
        count += 1
    return min(count, known + most_new)


def _not_editable(base: PolicyVersion, exc: editor.NotEditable) -> InvalidInput:
    return InvalidInput(f"Version {base.number} cannot be edited in the form: {exc}. "
                        "Download it, edit the YAML and upload it instead.")


def _edit_page(request: Request, session: SessionDep, base: PolicyVersion,
               values: dict[str, str], *, problems: list[Problem] | None = None,
               status: int = 200) -> Response:
    current = service.ensure_first_version(session)
    states = service.status_of(session)
    try:
        layout = editor.layout(base.yaml_text)
    except editor.NotEditable as exc:
        raise _not_editable(base, exc) from exc
    problems = problems or []
    return render(request, "policydoc/edit.html", status_code=status,
                  title="Edit the policy", base=base, current=current,
                  base_status=states.get(base.id, "draft"),
                  starts=[v for v in service.versions(session)
                          if v.id == current.id or states.get(v.id) == "draft"],
                  layout=layout, values=values, problems=problems,
                  errors={p.field: p.message for p in problems if p.field},
                  partner_count=_form_rows(values, "partners", editor.PARTNER_FIELDS,
                                           layout.partners, editor.MAX_NEW_PARTNERS),
                  fid=editor.field_id,
                  new_team_count=_form_rows(values, "new_teams", editor.NEW_TEAM_FIELDS, 0,
                                            editor.MAX_NEW_TEAMS),
                  team_choices=editor.team_choices(layout, values),
                  severities=editor.SEVERITIES, urgencies=editor.URGENCIES,
                  team_fields=editor.TEAM_FIELDS, closure=editor.CLOSURE)


@router.get("/policy/control/edit")
def edit_page(request: Request, session: SessionDep, user: Manager,
              start: Annotated[int | None, Query(alias="from", ge=1, le=2**31 - 1)] = None,
              ) -> Response:
    """The form, filled in from the version in force or from a chosen version."""
    current = service.ensure_first_version(session)
    base = service.get(session, start) if start else current
    try:
        values = editor.values_of(base.yaml_text)
    except editor.NotEditable as exc:
        raise _not_editable(base, exc) from exc
    return _edit_page(request, session, base, values)


@router.post("/policy/control/edit", dependencies=[CsrfDep])
async def save(request: Request, session: SessionDep, user: Manager) -> Response:
    values = _fields(await request.form())
    try:
        base = service.get(session, int(values.get("base", "")))
    except ValueError as exc:
        raise InvalidInput("base: say which version the edit starts from") from exc
    note = values.get("note", "").strip()[:MAX_NOTE]
    try:
        edited = editor.apply(base.yaml_text, values)
    except editor.NotEditable as exc:
        raise _not_editable(base, exc) from exc
    problems = list(edited.problems)
    if not note:
        problems.append(Problem("note", editor.field_id("note"),
                                "note: say what changed and why (it goes into the amendment "
                                "history)"))
    if not problems and edited.text == base.yaml_text:
        problems.append(Problem(None, "s-form", f"Nothing differs from version {base.number} "
                                                "yet: change something before saving"))
    status = 422
    if not problems:
        service.ensure_first_version(session)
        try:
            version = service.record_version(session, yaml_text=edited.text, actor=user,
                                             source="editor", note=note)
        except PackError as exc:
            problems = editor.locate(exc.problems, values, edited.partner_rows,
                                     edited.team_rows)
        except Conflict as exc:
            problems, status = [Problem(None, "s-form", exc.message)], exc.status
        else:
            session.commit()  # before the redirect: the next page must see the draft
            return RedirectResponse(f"/policy/control/versions/{version.id}/publish",
                                    status_code=303)
    # Everything the owner typed is shown again as typed.
    return _edit_page(request, session, base, values, problems=problems, status=status)


# -- test drafts -----------------------------------------------------------------------------


def _drafts_page(request: Request, session: SessionDep, *, status: int = 200,
                 problems: dict[str, str] | None = None,
                 typed: test_drafts.DraftIn | None = None) -> Response:
    context: dict[str, Any] = {
        "drafts": test_drafts.drafts(session), "problems": problems or {},
        "typed": typed or test_drafts.DraftIn(), "kinds": [k.value for k in Kind],
        "capacities": [c.value for c in Capacity], "platforms": PLATFORMS,
        "limit": test_drafts.MAX_DRAFTS, "notice": request.query_params.get("done")}
    return render(request, "policydoc/test_drafts.html", status_code=status,
                  title="Test drafts for policy changes", **context)


@router.get("/policy/control/test-drafts")
def drafts_page(request: Request, session: SessionDep, user: Manager) -> Response:
    return _drafts_page(request, session)


@router.post("/policy/control/test-drafts", dependencies=[CsrfDep])
async def add_draft(request: Request, session: SessionDep, user: Manager) -> Response:
    form = await request.form()
    typed = test_drafts.DraftIn(
        text=str(form.get("text") or ""), kind=str(form.get("kind") or ""),
        capacity=str(form.get("capacity") or ""), platform=str(form.get("platform") or ""),
        identifiable_as_staff=form.get("identifiable_as_staff") is not None)
    problems = test_drafts.problems_of(typed)
    if not problems:
        try:
            test_drafts.add_draft(session, actor=user, data=typed)
        except InvalidInput as exc:  # over the limit
            problems = {"text": exc.message.removeprefix("text: ")}
    if problems:
        return _drafts_page(request, session, status=422, problems=problems, typed=typed)
    session.commit()
    return RedirectResponse("/policy/control/test-drafts?done=added#drafts", status_code=303)


@router.post("/policy/control/test-drafts/{draft_id}/delete", dependencies=[CsrfDep])
def delete_draft(draft_id: RowId, session: SessionDep, user: Manager) -> Response:
    test_drafts.delete_draft(session, actor=user, draft_id=draft_id)
    session.commit()
    return RedirectResponse("/policy/control/test-drafts?done=deleted#drafts", status_code=303)
