"""The check page's form: its fields, how they become a Submission, and back for re-display.

A fixed number of rows for the people shown keeps the form usable without JavaScript.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import FormData, UploadFile

from socialguard.fixes import build_fix
from socialguard.policy.schema import PolicyPack
from socialguard.rules.base import Hit
from socialguard.submission import (
    MAX_TEXT_CHARS,
    AgeGroup,
    Attachment,
    Author,
    Capacity,
    CaptionCoverage,
    Consent,
    InReplyTo,
    Kind,
    PersonShown,
    ReplySource,
    Submission,
)
from socialguard.verdict import Finding, Verdict, decide
from socialguard.web.captions import coverage

E = TypeVar("E", Capacity, Kind, ReplySource, AgeGroup, Consent)
PEOPLE_ROWS = 3
PLATFORMS = ("x", "facebook", "instagram", "linkedin", "youtube", "tiktok", "whatsapp", "blog",
             "other")
VIDEO_CHANNELS = ("corporate-youtube", "personal-youtube", "facebook", "instagram", "tiktok",
                  "x", "linkedin", "other")
# The page checks what staff write; inbound messages are triaged by the API.
PAGE_KINDS = tuple(k for k in Kind if k is not Kind.MESSAGE)


class PersonRow(BaseModel):
    age_group: str = ""
    named: bool = False
    consent: str = ""


class CheckForm(BaseModel):
    """Every field as the page shows it, so a re-rendered form keeps what was typed."""

    text: str = ""
    capacity: str = Capacity.PERSONAL.value
    kind: str = Kind.POST.value
    platform: str = "x"
    identifiable: bool = True
    author_name: str = ""
    author_role: str = ""
    reply_source: str = ""
    reply_text: str = ""
    image: bool = False
    image_logo: bool = False
    image_people: list[PersonRow] = Field(default_factory=lambda: _rows())
    video: bool = False
    video_logo: bool = False
    video_people: list[PersonRow] = Field(default_factory=lambda: _rows())
    video_duration: str = ""
    video_channel: str = ""
    video_credit: str = ""
    captions_name: str = ""
    captions_coverage: str = Field(default="", description="carried between posts as JSON")

    def caption_info(self) -> CaptionCoverage | None:
        if not self.captions_coverage:
            return None
        try:
            return CaptionCoverage.model_validate_json(self.captions_coverage)
        except ValidationError:
            return None


def _rows() -> list[PersonRow]:
    return [PersonRow() for _ in range(PEOPLE_ROWS)]


class FormProblem(ValueError):
    """A field the user must correct; ``field`` names the form control."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


async def read_form(form: FormData) -> CheckForm:
    def text(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def flag(name: str) -> bool:
        return form.get(name) in ("on", "true", "1", "yes")

    def people(prefix: str) -> list[PersonRow]:
        return [PersonRow(age_group=text(f"{prefix}_{i}_age"), named=flag(f"{prefix}_{i}_named"),
                          consent=text(f"{prefix}_{i}_consent")) for i in range(PEOPLE_ROWS)]

    raw_text = form.get("fixed_text") or form.get("text")
    data = CheckForm(
        text=raw_text if isinstance(raw_text, str) else "",
        capacity=text("capacity") or Capacity.PERSONAL.value, kind=text("kind") or "post",
        platform=text("platform") or "other", identifiable=flag("identifiable"),
        author_name=text("author_name"), author_role=text("author_role"),
        reply_source=text("reply_source"), reply_text=text("reply_text"),
        image=flag("image"), image_logo=flag("image_logo"), image_people=people("image_people"),
        video=flag("video"), video_logo=flag("video_logo"), video_people=people("video_people"),
        video_duration=text("video_duration"), video_channel=text("video_channel"),
        video_credit=text("video_credit"), captions_name=text("captions_name"),
        captions_coverage=text("captions_coverage"),
    )
    # Declaring any detail of an attachment declares the attachment.
    data.image = data.image or data.image_logo or any(r.age_group for r in data.image_people)
    data.video = data.video or data.video_logo or bool(
        data.video_duration or data.video_channel or data.video_credit or data.captions_name
        or any(r.age_group for r in data.video_people))
    upload = form.get("captions_file")
    if isinstance(upload, UploadFile) and upload.filename:
        data.video = True
        data.captions_name = upload.filename[:200]
        found = coverage(upload.filename, await upload.read())
        data.captions_coverage = found.model_dump_json()
    return data


STILL_APPLIES = "still applies (the fix did not address this)"
MAX_CARRIED = 64


class FixContext(BaseModel):
    """What an applied fix carries to the re-check, in hidden fields: the rule ids of the
    verdict it came from and the rule it fixed. Rule ids only, never any text."""

    previous_rules: list[str] = Field(default_factory=list)
    fixed_rule: str = ""


def read_fix_context(form: FormData, pack: PolicyPack) -> FixContext | None:
    """The fix's context, when the post applies a fix; unknown rule ids are ignored."""
    if not form.get("fixed_text"):
        return None
    previous: list[str] = []
    for value in form.getlist("previous_rule")[:MAX_CARRIED]:
        if isinstance(value, str) and value in pack.rules and value not in previous:
            previous.append(value)
    fixed = form.get("fixed_rule")
    return FixContext(previous_rules=previous,
                      fixed_rule=fixed if isinstance(fixed, str) and fixed in pack.rules else "")


def carry_over(verdict: Verdict, context: FixContext, pack: PolicyPack,
               submission: Submission) -> Verdict:
    """The re-check after a fix keeps every finding the fix did not address: a rule of the
    previous verdict, other than the one fixed, that the new verdict no longer shows comes
    back marked as still applying (the fix changed the words that triggered it, not what
    the post is). The decision counts them."""
    shown = {f.rule for f in verdict.findings}
    carried = [rule_id for rule_id in context.previous_rules
               if rule_id != context.fixed_rule and rule_id not in shown]
    if not carried:
        return verdict
    findings = list(verdict.findings)
    for rule_id in carried:
        spec = pack.rules[rule_id]
        hit = Hit(rule_id, [], STILL_APPLIES, spans=[])
        findings.append(Finding(rule=rule_id, severity=spec.severity, section=spec.section,
                                title=spec.title, message=spec.message, evidence=STILL_APPLIES,
                                fix=build_fix(spec, hit, submission.text, pack,
                                              submission.platform),
                                explanation=STILL_APPLIES))
    return verdict.model_copy(update={"findings": findings, "decision": decide(findings)})


def to_submission(data: CheckForm) -> Submission:
    if not data.text.strip():
        raise FormProblem("text", "Type or paste the draft you want to check.")
    if len(data.text) > MAX_TEXT_CHARS:
        raise FormProblem("text", f"The draft is longer than {MAX_TEXT_CHARS:,} characters.")
    capacity = _choice(Capacity, data.capacity, "capacity")
    kind = _choice(Kind, data.kind, "kind")
    reply = None
    if data.reply_source or data.reply_text:
        source = _choice(ReplySource, data.reply_source, "reply_source") \
            if data.reply_source else None
        reply = InReplyTo(source=source, text=data.reply_text or None)
    attachments: list[Attachment] = []
    if data.image:
        attachments.append(Attachment(type="image", contains_logo=data.image_logo,
                                      people=_people(data.image_people, "image_people")))
    if data.video:
        attachments.append(_video(data))
    author = Author(identifiable_as_staff=data.identifiable, name=data.author_name or None,
                    role=data.author_role or None)
    return Submission(text=data.text, kind=kind, capacity=capacity, platform=data.platform,
                      author=author, in_reply_to=reply, attachments=attachments)


def _video(data: CheckForm) -> Attachment:
    duration: float | None = None
    if data.video_duration:
        try:
            duration = float(data.video_duration)
        except ValueError:
            raise FormProblem("video_duration", "Give the video's length in seconds, "
                              "for example 95.") from None
        if duration < 0 or duration > 86_400:
            raise FormProblem("video_duration", "The video's length must be between 0 and "
                              "86,400 seconds.")
    return Attachment(type="video", contains_logo=data.video_logo,
                      people=_people(data.video_people, "video_people"),
                      captions=data.captions_name or None, caption_coverage=data.caption_info(),
                      duration_s=duration, channel=data.video_channel or None,
                      credited_to=data.video_credit or None)


def _people(rows: list[PersonRow], prefix: str) -> list[PersonShown]:
    people = []
    for i, row in enumerate(rows):
        if not row.age_group:
            continue
        age = _choice(AgeGroup, row.age_group, f"{prefix}_{i}_age")
        consent = _choice(Consent, row.consent, f"{prefix}_{i}_consent") if row.consent else None
        people.append(PersonShown(age_group=age, named_in_post=row.named, consent=consent))
    return people


def _choice(enum: type[E], value: str, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        raise FormProblem(field, f"{value!r} is not one of the choices.") from None
