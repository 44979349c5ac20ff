"""The content rules that judge declared facts and exact evidence: a breach, a clean
case and a near miss each, end to end.

Each row is (rule, expected to fire?, submission). Rules whose decision is about
meaning are judged by the trained model; their cases (the same kind of rows, written
before the model) are evaluation data in tests/data/rule_cases.jsonl, measured by
``socialguard eval tests/data/rule_cases.jsonl`` — accuracy is an evaluation, not a test.
"""

from __future__ import annotations

import pytest

from socialguard.engine import check
from socialguard.policy import PolicyPack
from socialguard.submission import Submission
from tests.conftest import make

IMG_CHILD_NAMED = [
    {
        "type": "image",
        "contains_logo": True,
        "people": [{"age_group": "child", "named_in_post": True, "consent": "written"}],
    }
]
IMG_ADULT_NO_CONSENT = [
    {
        "type": "image",
        "contains_logo": False,
        "people": [{"age_group": "adult", "named_in_post": False, "consent": "none"}],
    }
]
IMG_CHILD_VERBAL = [
    {
        "type": "image",
        "people": [{"age_group": "child", "named_in_post": False, "consent": "verbal"}],
    }
]
IMG_ADULT_WRITTEN = [
    {
        "type": "image",
        "people": [{"age_group": "adult", "named_in_post": True, "consent": "written"}],
    }
]
LOGO = [{"type": "image", "contains_logo": True, "people": []}]


def video(**kw: object) -> list[dict[str, object]]:
    base: dict[str, object] = {
        "type": "video",
        "captions": "film.vtt",
        "duration_s": 60,
        "channel": "corporate-youtube",
        "credited_to": None,
        "contains_logo": True,
        "people": [],
    }
    base.update(kw)
    return [base]


CASES: list[tuple[str, bool, Submission]] = [
    # confidential.personal-data
    (
        "confidential.personal-data",
        True,
        make("If anyone finds my brother's wallet his mobile is 07700 900456"),
    ),
    ("confidential.personal-data", False, make("Selling my bike, text me on 07700 900123")),
    (
        "confidential.personal-data",
        False,
        make("My reference number is 1234567890, still waiting for the refund"),
    ),
    (
        "confidential.personal-data",
        True,
        make("To whoever lives at 9 Birch Grove, SY2 6AB: your dog barks all night"),
    ),
    (
        "confidential.personal-data",
        False,
        make("Party at ours! We live at 9 Birch Grove, SY2 6AB, bring a bottle"),
    ),
    # identity.nhsmail
    (
        "identity.nhsmail",
        True,
        make("Selling two concert tickets, email me at sam.jones12@nhs.net"),
    ),
    ("identity.nhsmail", False, make("Selling two concert tickets, message me for details")),
    # identity.logo
    ("identity.logo", True, make("Great day at the conference", attachments=LOGO)),
    ("identity.logo", False, make("Great day at the conference", corporate=True, attachments=LOGO)),
    # official.identify
    (
        "official.identify",
        True,
        make(
            "Reminder: the engagement survey closes on Friday, have your say", capacity="official"
        ),
    ),
    (
        "official.identify",
        False,
        make(
            "I'm Priya Shah, Engagement Lead at the ICB – the survey closes on Friday",
            capacity="official",
        ),
    ),
    ("official.identify", False, make("The survey closes on Friday", corporate=True)),
    # official.third-party-reply
    (
        "official.third-party-reply",
        True,
        make(
            "Thanks for the coverage!",
            corporate=True,
            kind="reply",
            in_reply_to={"source": "newsfeed", "text": "BBC: Shropshire GP access improves"},
        ),
    ),
    (
        "official.third-party-reply",
        False,
        make(
            "Thanks for your question – the clinic opens at 9",
            corporate=True,
            kind="reply",
            in_reply_to={"source": "public", "text": "When does the clinic open?"},
        ),
    ),
    # partners.citation
    (
        "partners.citation",
        True,
        make(
            "Working with Shropshire Community Health NHS Trust on a new falls service",
            corporate=True,
        ),
    ),
    (
        "partners.citation",
        False,
        make(
            "Visiting the Royal Shrewsbury Hospital? Parking is free for 20 minutes", corporate=True
        ),
    ),
    # reference.disclaimer
    (
        "reference.disclaimer",
        False,
        make(
            "Happy to recommend Jo – a lovely friend. This reference is made by me in a personal capacity; it is not intended and should not be construed as a reference from NHS Shropshire, Telford and Wrekin ICB.",
            kind="reference",
            platform="linkedin",
        ),
    ),
    # safeguarding.named-with-image
    (
        "safeguarding.named-with-image",
        True,
        make("Well done Mia for her winning poster!", corporate=True, attachments=IMG_CHILD_NAMED),
    ),
    (
        "safeguarding.named-with-image",
        False,
        make(
            "Congratulations to Dr Okafor on her award",
            corporate=True,
            attachments=IMG_ADULT_WRITTEN,
        ),
    ),
    # safeguarding.image-consent
    (
        "safeguarding.image-consent",
        True,
        make("Great turnout at today's walk", corporate=True, attachments=IMG_ADULT_NO_CONSENT),
    ),
    (
        "safeguarding.image-consent",
        True,
        make("Our young artists at work", corporate=True, attachments=IMG_CHILD_VERBAL),
    ),
    (
        "safeguarding.image-consent",
        False,
        make(
            "Congratulations to Dr Okafor on her award",
            corporate=True,
            attachments=IMG_ADULT_WRITTEN,
        ),
    ),
    # media.video-captions
    (
        "media.video-captions",
        True,
        make("Our new film", corporate=True, kind="video", attachments=video(captions=None)),
    ),
    (
        "media.video-captions",
        False,
        make("Our new film", corporate=True, kind="video", attachments=video()),
    ),
    # media.video-channel
    (
        "media.video-channel",
        True,
        make("Our new film", corporate=True, kind="video", attachments=video(channel="vimeo")),
    ),
    (
        "media.video-channel",
        False,
        make("Our new film", corporate=True, kind="video", attachments=video()),
    ),
    # media.video-credit
    (
        "media.video-credit",
        True,
        make(
            "Our new film",
            corporate=True,
            kind="video",
            attachments=video(credited_to="Alex Smith"),
        ),
    ),
    (
        "media.video-credit",
        True,
        make("Our new film", corporate=True, kind="video", attachments=video(contains_logo=False)),
    ),
    (
        "media.video-credit",
        False,
        make("Our new film", corporate=True, kind="video", attachments=video()),
    ),
]


@pytest.mark.parametrize(
    ("rule", "fires", "submission"),
    CASES,
    ids=[f"{r}-{'fires' if f else 'clean'}-{i}" for i, (r, f, _) in enumerate(CASES)],
)
def test_rule(rule: str, fires: bool, submission: Submission, pack: PolicyPack) -> None:
    verdict = check(submission, pack)
    raised = {f.rule for f in verdict.findings}
    assert (rule in raised) is fires, [(f.rule, f.evidence) for f in verdict.findings]


def test_every_rule_in_the_pack_has_cases(pack: PolicyPack) -> None:
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "rule_cases.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    cases = [(r, f) for r, f, _ in CASES] + [(row["only"], bool(row["expect"])) for row in rows]
    for rule in pack.rules:
        assert any(r == rule and f for r, f in cases), f"no breach case for {rule}"
        assert any(r == rule and not f for r, f in cases), f"no clean case for {rule}"
