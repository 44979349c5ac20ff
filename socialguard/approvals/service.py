"""Approval requests: the state machine of each kind, the checks the policy asks for,
and who may see and move a request. Typed, keyword-only, takes the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from socialguard.approvals.schemas import (
    DETAILS,
    Action,
    CollaborationDetails,
    Kind,
    State,
    Team,
    VideoDetails,
)
from socialguard.approvals.tables import ApprovalComment, ApprovalRequest, ApprovalSignoff
from socialguard.auth.models import User
from socialguard.auth.roles import ALL_ROLES, Role, permits
from socialguard.captions import coverage_from_text
from socialguard.db.base import utcnow
from socialguard.errors import Conflict, Forbidden, InvalidInput, NotFound
from socialguard.rules.media import uncaptioned
from socialguard.submission import AgeGroup, Consent
from socialguard.workflow.audit import record
from socialguard.workflow.machine import Machine, advance

ENTITY = "approval"
REVIEWER_ROLES: frozenset[Role] = frozenset({Role.COMMS, Role.IG})
CORPORATE_CHANNEL = "corporate-youtube"
NEEDS_WRITTEN_CONSENT = frozenset({AgeGroup.CHILD, AgeGroup.YOUNG_PERSON,
                                   AgeGroup.ADULT_AT_RISK})
# The requester may change a request in these states at any time; a submitted one only while
# a check fails (no reviewer has picked it up, and as it stands it cannot be approved). Under
# review it is the reviewers' to read: it is not changed under their feet (they send it back
# with "request changes"). Approved, rejected and withdrawn requests are closed.
EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
EDITABLE_WHILE_FAILING = frozenset({State.SUBMITTED})


@dataclass(frozen=True)
class KindInfo:
    title: str
    section: str
    teams: tuple[Team, ...]
    purpose: str


KINDS: dict[Kind, KindInfo] = {
    Kind.BLOG: KindInfo("Official blog", "10.2", (Team.COMMS,),
                        "Blogging in your capacity as an employee, on our site or another: "
                        "discussed and agreed with Communications and Engagement."),
    Kind.VIDEO: KindInfo("Video", "11", (Team.COMMS,),
                         "Public video goes on the corporate YouTube channel, branded, "
                         "labelled and tagged, not credited to a person or production company, "
                         "with closed captions and consent for everyone shown."),
    Kind.SURVEY: KindInfo("External survey", "12", (Team.COMMS,),
                          "An externally facing online survey, joined up with other contact "
                          "with stakeholder groups by Communications and Engagement."),
    Kind.COLLABORATION: KindInfo("Collaboration space", "12.1", (Team.COMMS, Team.IG),
                                 "A collaboration, community of practice or consultation space "
                                 "with NHS colleagues or suppliers: a closed environment behind "
                                 "a secure login, agreed by Communications and Engagement and "
                                 "Information Governance."),
}
TEAM_ROLE = {Team.COMMS: Role.COMMS, Team.IG: Role.IG}
TEAM_NAMES = {Team.COMMS: "Communications and Engagement", Team.IG: "Information Governance"}
ACTION_TARGET = {Action.SUBMIT: State.SUBMITTED, Action.START_REVIEW: State.UNDER_REVIEW,
                 Action.APPROVE: State.APPROVED, Action.REJECT: State.REJECTED,
                 Action.REQUEST_CHANGES: State.CHANGES_REQUESTED,
                 Action.WITHDRAW: State.WITHDRAWN}
REQUESTER_ACTIONS = frozenset({Action.SUBMIT, Action.WITHDRAW})


def _machine(reviewers: frozenset[Role]) -> Machine[State]:
    anyone = ALL_ROLES
    return Machine(entity_type=ENTITY, transitions={
        (State.DRAFT, State.SUBMITTED): anyone,
        (State.CHANGES_REQUESTED, State.SUBMITTED): anyone,
        (State.SUBMITTED, State.UNDER_REVIEW): reviewers,
        (State.UNDER_REVIEW, State.APPROVED): reviewers,
        (State.UNDER_REVIEW, State.REJECTED): reviewers,
        (State.UNDER_REVIEW, State.CHANGES_REQUESTED): reviewers,
        (State.DRAFT, State.WITHDRAWN): anyone,
        (State.SUBMITTED, State.WITHDRAWN): anyone,
        (State.CHANGES_REQUESTED, State.WITHDRAWN): anyone,
    })


MACHINES: dict[Kind, Machine[State]] = {
    kind: _machine(frozenset(TEAM_ROLE[t] for t in info.teams)) for kind, info in KINDS.items()
}


# -- checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    passed: bool
    detail: str
    section: str
    fix: str = ""  # what to do next, in plain words, when the check fails


def checks(req: ApprovalRequest) -> list[Check]:
    """What the policy asks of this kind, each passed or failed (approval waits on all)."""
    kind = Kind(req.kind)
    if kind is Kind.VIDEO:
        return video_checks(VideoDetails.model_validate(req.details),
                            captions_name=req.captions_name, captions_text=req.captions_text)
    if kind is Kind.COLLABORATION:
        collab = CollaborationDetails.model_validate(req.details)
        missing = [n for n, v in (("closed environment", collab.closed_environment),
                                  ("secure login", collab.secure_login)) if not v]
        return [Check("closed", "Closed environment behind a secure login", not missing,
                      "not declared: " + " or ".join(missing) if missing else "declared",
                      "12.1",
                      "Use a space that only invited people can reach and that everyone signs "
                      "in to securely, then edit the request and tick both boxes."
                      if missing else "")]
    if kind is Kind.BLOG:
        discussed = bool(req.details.get("discussed_with_comms"))
        return [Check("discussed", "Proposal discussed with Communications and Engagement",
                      discussed, "declared" if discussed else "not declared", "10.2",
                      "" if discussed else
                      "Talk the proposal through with the Communications and Engagement Team, "
                      "then edit the request and tick the box to say you have.")]
    return []


def video_checks(video: VideoDetails, *, captions_name: str | None,
                 captions_text: str | None) -> list[Check]:
    return [_captions_check(video.duration_s, captions_name, captions_text),
            _consent_check(video), _channel_check(video), _branding_check(video),
            _credit_check(video)]


CAPTIONS_FIX = ("Edit the request and upload a WebVTT (.vtt) or SubRip (.srt) captions file "
                "whose captions run from the start to the end of the video.")


def _captions_check(duration_s: float, name: str | None, text: str | None) -> Check:
    label = "Closed captions cover the whole video"
    if not name or text is None:
        return Check("captions", label, False, "no captions file uploaded", "11", CAPTIONS_FIX)
    # Stored rows were checked at the door (``check_captions``), but rows from before that
    # may hold anything: reading them never raises, an unreadable one fails its check.
    cov = coverage_from_text(text, name=name)
    if not cov.readable or cov.cue_count == 0:
        return Check("captions", label, False, f"{name}: {cov.problem or 'no cues'}", "11",
                     "The captions file cannot be used. " + CAPTIONS_FIX)
    shortfall = uncaptioned(cov, duration_s, digits=1)
    if shortfall:
        return Check("captions", label, False, f"{name}: {cov.cue_count} cues; {shortfall}",
                     "11", "Add captions for the parts without them (or correct the length "
                     "of the video if it is wrong), then edit the request and upload the "
                     "new captions file.")
    end = cov.last_end_s or 0.0
    return Check("captions", label, True,
                 f"{name}: {cov.cue_count} cues to {end:.1f}s of {duration_s:.1f}s "
                 f"({cov.covered_s:.1f}s with captions on screen)", "11")


def _consent_check(video: VideoDetails) -> Check:
    label = "Consent recorded for each person shown"
    if not video.people:
        return Check("consent", label, True, "nobody identifiable is shown", "7.1, 11")
    problems = []
    for n, person in enumerate(video.people, start=1):
        who = f"person {n} ({person.description})"
        if person.consent is Consent.NONE:
            problems.append(f"{who}: no consent")
        elif person.age_group in NEEDS_WRITTEN_CONSENT and person.consent is not Consent.WRITTEN:
            problems.append(f"{who}: a {person.age_group.replace('_', ' ')} needs written consent")
        elif not person.record:
            problems.append(f"{who}: say where the consent record is kept")
    if problems:
        return Check("consent", label, False, "; ".join(problems), "7.1, 11",
                     "Get consent from each person listed (written consent for a child, "
                     "a young person or an adult at risk) and say where each consent form is "
                     "kept, or edit the video so they are not shown.")
    return Check("consent", label, True, f"{len(video.people)} consent record(s)", "7.1, 11")


def _channel_check(video: VideoDetails) -> Check:
    ok = video.channel == CORPORATE_CHANNEL
    return Check("channel", "Published on the corporate YouTube channel", ok,
                 "corporate YouTube channel" if ok
                 else f"{video.channel.replace('-', ' ')} is not the corporate channel", "11",
                 "" if ok else "Public video goes on the corporate YouTube channel only: "
                 "choose it under where the video will be published.")


def _branding_check(video: VideoDetails) -> Check:
    missing = [n for n, v in (("branded", video.branded), ("labelled", video.labelled),
                              ("tagged", video.tagged)) if not v]
    return Check("branding", "Branded, labelled and tagged", not missing,
                 "not " + ", ".join(missing) if missing else "branded, labelled and tagged", "11",
                 "Add the organisation's branding, label and tags to the video, then tick "
                 "each box." if missing else "")


def _credit_check(video: VideoDetails) -> Check:
    ok = not video.credited_to
    return Check("credit", "Not credited to a person or production company", ok,
                 "no credit" if ok else f"credited to {video.credited_to}", "11",
                 "" if ok else "Take the credit off the video and leave \"Credited to\" "
                 "blank: corporate video is not credited to a person or production company.")


# -- reading -------------------------------------------------------------------------------


def is_reviewer(user: User) -> bool:
    return permits(user.roles, REVIEWER_ROLES)


def visible_query(*, user: User, state: str | None = None) -> Select[ApprovalRequest]:
    """Reviewers and admins see every request; everyone else sees their own. Newest first."""
    query = select(ApprovalRequest).order_by(ApprovalRequest.id.desc())
    if not is_reviewer(user):
        query = query.where(ApprovalRequest.requester_id == user.id)
    if state:
        query = query.where(ApprovalRequest.state == state)
    return query


def visible(session: Session, *, user: User, state: str | None = None) -> list[ApprovalRequest]:
    """The requests ``user`` may see (``visible_query``), newest first."""
    return list(session.scalars(visible_query(user=user, state=state)))


def get_visible(session: Session, *, user: User, request_id: int,
                lock: bool = False) -> ApprovalRequest:
    """The request if ``user`` may see it. ``lock`` reads it afresh and locks the row until
    the transaction ends (PostgreSQL), so a reviewer's move and an edit do not interleave."""
    req = session.get(ApprovalRequest, request_id, with_for_update=True if lock else None)
    if req is None or not (is_reviewer(user) or req.requester_id == user.id):
        raise NotFound("No such approval request (or it is not yours).")
    return req


# -- writing -------------------------------------------------------------------------------


def validate_details(kind: Kind, details: dict[str, Any]) -> dict[str, Any]:
    """The kind's declarations, validated; errors name each field."""
    model: type[BaseModel] = DETAILS[kind]
    try:
        return model.model_validate(details).model_dump(mode="json")
    except ValidationError as exc:
        raise DetailsInvalid(exc) from exc


class DetailsInvalid(InvalidInput):
    def __init__(self, exc: ValidationError) -> None:
        self.problems: dict[str, str] = {}
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            self.problems.setdefault(where or "details", err["msg"])
        super().__init__("The request is not valid. " + "; ".join(
            f"details.{k}: {v}" for k, v in self.problems.items()))


def check_captions(name: str | None, text: str | None) -> None:
    """Refuse, before anything is stored, a captions file that cannot be read: every list,
    page and export of requests reads the stored file again."""
    if name is None and text is None:
        return
    if not name or text is None:
        raise InvalidInput("captions: give both the file's name and its content")
    if any(ord(c) < 32 for c in name):
        raise InvalidInput("captions: the file name holds a control character")
    cov = coverage_from_text(text, name=name)
    if not cov.readable:
        raise InvalidInput(f"captions: {name} cannot be read: {cov.problem}")


def create(session: Session, *, actor: User, kind: Kind, title: str, summary: str,
           details: dict[str, Any], captions_name: str | None = None,
           captions_text: str | None = None, submit: bool = False) -> ApprovalRequest:
    check_captions(captions_name, captions_text)
    req = ApprovalRequest(kind=kind.value, title=title, summary=summary, state=State.DRAFT.value,
                          requester_id=actor.id, requester=actor.email,
                          details=validate_details(kind, details),
                          captions_name=captions_name, captions_text=captions_text)
    session.add(req)
    session.flush()
    record(session, actor=actor, entity_type=ENTITY, entity_id=req.id, action="create",
           to_state=State.DRAFT.value, detail={"kind": kind.value, "title": title})
    if submit:
        act(session, req=req, actor=actor, action=Action.SUBMIT)
    return req


NOT_EDITABLE: dict[State, str] = {
    State.SUBMITTED: "This request is submitted and every check passes, so it waits for review "
                     "as it is and cannot be changed. Add a comment for the reviewers, or "
                     "withdraw it and raise a new request.",
    State.UNDER_REVIEW: "This request is being reviewed, so it cannot be changed now. Add a "
                        "comment for the reviewers; if they ask for changes, you can edit it "
                        "then.",
    State.APPROVED: "This request is approved and closed, so it cannot be changed. Raise a new "
                    "request for anything different.",
    State.REJECTED: "This request was rejected and is closed, so it cannot be changed. Raise a "
                    "new request instead.",
    State.WITHDRAWN: "This request was withdrawn and is closed, so it cannot be changed. Raise "
                     "a new request instead.",
}


def edit_refusal(req: ApprovalRequest, actor: User) -> Forbidden | Conflict | None:
    """Why ``actor`` may not change ``req`` now, in plain words; None when they may.

    Only the requester edits, and only a draft, a request sent back for changes, or a
    submitted request that no reviewer has picked up while one of its checks fails."""
    if req.requester_id != actor.id:
        return Forbidden("Only the person who raised the request can change it.")
    state = State(req.state)
    if state in EDITABLE:
        return None
    if state in EDITABLE_WHILE_FAILING and any(not c.passed for c in checks(req)):
        return None
    return Conflict(NOT_EDITABLE[state])


def can_edit(req: ApprovalRequest, actor: User) -> bool:
    return edit_refusal(req, actor) is None


def failing(req: ApprovalRequest) -> list[Check]:
    return [c for c in checks(req) if not c.passed]


def update(session: Session, *, req: ApprovalRequest, actor: User, title: str, summary: str,
           details: dict[str, Any], captions_name: str | None = None,
           captions_text: str | None = None, submit: bool = False) -> list[str]:
    """The requester changes a request they may still change (``edit_refusal``).

    A captions file given replaces the one stored. The checks run again on the new version;
    the audit row names what changed and which checks fail before and after. ``submit``
    then submits it (a resubmission after changes were requested) in the same transaction;
    a request already submitted stays submitted. Returns the names of what changed."""
    refusal = edit_refusal(req, actor)
    if refusal is not None:
        raise refusal
    if captions_name is not None:
        check_captions(captions_name, captions_text)
    new_details = validate_details(Kind(req.kind), details)
    changed = [name for name, old, new in (("title", req.title, title),
                                           ("summary", req.summary, summary)) if old != new]
    changed += [f"details.{key}" for key in sorted(set(req.details) | set(new_details))
                if req.details.get(key) != new_details.get(key)]
    if captions_name is not None and (captions_name, captions_text) != (req.captions_name,
                                                                         req.captions_text):
        changed.append("captions")
    if changed:
        before = [c.key for c in failing(req)]
        req.title, req.summary, req.details = title, summary, new_details
        if captions_name is not None:
            req.captions_name, req.captions_text = captions_name, captions_text
        req.updated_at = utcnow()
        record(session, actor=actor, entity_type=ENTITY, entity_id=req.id, action="edit",
               detail={"state": req.state, "changed": changed, "captions": req.captions_name,
                       "checks_failing_before": before,
                       "checks_failing": [c.key for c in failing(req)]})
    if submit and State(req.state) is not State.SUBMITTED:
        act(session, req=req, actor=actor, action=Action.SUBMIT)
    return changed


def act(session: Session, *, req: ApprovalRequest, actor: User, action: Action,
        reason: str = "", team: Team | None = None) -> None:
    """Apply one action; approval of a kind with several teams waits for every sign-off."""
    kind, state = Kind(req.kind), State(req.state)
    machine = MACHINES[kind]
    to = ACTION_TARGET[action]
    if action in REQUESTER_ACTIONS and req.requester_id != actor.id \
            and Role.ADMIN.value not in actor.roles:
        raise Forbidden("Only the person who raised the request can do that.")
    if action not in REQUESTER_ACTIONS and req.requester_id == actor.id:
        raise Forbidden("You cannot review a request you raised.")
    if (state, to) not in machine.transitions:
        raise Conflict(f"cannot {action.replace('_', ' ')} a request that is "
                       f"{state.replace('_', ' ')}")
    if action in (Action.REJECT, Action.REQUEST_CHANGES) and not reason.strip():
        raise InvalidInput("Give a reason, so the requester knows what to do.")
    req.updated_at = utcnow()
    if action is Action.APPROVE:
        _approve(session, req=req, actor=actor, machine=machine, reason=reason, team=team)
        return
    if action is Action.REQUEST_CHANGES:
        for signoff in list(req.signoffs):
            req.signoffs.remove(signoff)  # a changed request is reviewed afresh
    resubmission = action is Action.SUBMIT and state is State.CHANGES_REQUESTED
    advance(session, machine=machine, entity=req, to=to, actor=actor, reason=reason or None,
            detail={"resubmission": True} if resubmission else None)


def _approve(session: Session, *, req: ApprovalRequest, actor: User, machine: Machine[State],
             reason: str, team: Team | None) -> None:
    if not machine.can(State(req.state), State.APPROVED, actor.roles):
        raise Forbidden("Your role cannot approve this kind of request.")
    blocking = failing(req)
    if blocking:
        raise Conflict("cannot approve while a check fails: " + "; ".join(
            f"{c.label} ({c.detail})" for c in blocking))
    needed = KINDS[Kind(req.kind)].teams
    signed = {Team(s.team) for s in req.signoffs}
    team = team or _team_of(actor, needed, signed)
    if team not in needed:
        raise InvalidInput(f"{team} does not sign off this kind of request")
    if not permits(actor.roles, [TEAM_ROLE[team]]):
        raise Forbidden(f"Only {TEAM_NAMES[team]} can sign off for {team}.")
    if team in signed:
        raise Conflict(f"{TEAM_NAMES[team]} has already signed this request off")
    req.signoffs.append(ApprovalSignoff(team=team.value, by_id=actor.id, by=actor.email,
                                        note=reason))
    signed.add(team)
    outstanding = [t for t in needed if t not in signed]
    if outstanding:
        record(session, actor=actor, entity_type=ENTITY, entity_id=req.id, action="signoff",
               reason=reason or None,
               detail={"team": team.value, "waiting_for": [t.value for t in outstanding]})
        return
    advance(session, machine=machine, entity=req, to=State.APPROVED, actor=actor,
            reason=reason or None, detail={"team": team.value})


def _team_of(actor: User, needed: tuple[Team, ...], signed: set[Team]) -> Team:
    held = [t for t in needed if TEAM_ROLE[t].value in actor.roles and t not in signed]
    if held:
        return held[0]
    waiting = [t for t in needed if t not in signed]
    return waiting[0] if waiting and Role.ADMIN.value in actor.roles else needed[0]


def waiting_for(req: ApprovalRequest) -> list[Team]:
    signed = {s.team for s in req.signoffs}
    return [t for t in KINDS[Kind(req.kind)].teams if t.value not in signed]


def comment(session: Session, *, req: ApprovalRequest, actor: User, body: str) -> None:
    req.comments.append(ApprovalComment(author_id=actor.id, author=actor.email, body=body))
    record(session, actor=actor, entity_type=ENTITY, entity_id=req.id, action="comment")


def actions_for(req: ApprovalRequest, user: User) -> list[Action]:
    """The buttons this user may press on this request now."""
    state, machine = State(req.state), MACHINES[Kind(req.kind)]
    mine = req.requester_id == user.id
    found = []
    for action, to in ACTION_TARGET.items():
        if not machine.can(state, to, user.roles):
            continue
        if action in REQUESTER_ACTIONS and not mine:
            continue
        if action not in REQUESTER_ACTIONS and mine:
            continue
        if action is Action.APPROVE and not any(
                permits(user.roles, [TEAM_ROLE[t]]) for t in waiting_for(req)):
            continue
        found.append(action)
    return found
