"""Every content rule: a breach, a clean case and a near miss, in new wording.

Each row is (rule, expected to fire?, submission). The sentences are written
for these tests, not taken from the labelled examples, so they also check
that the detectors generalise.
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
    # confidential.patient
    (
        "confidential.patient",
        True,
        make("Mrs Patel in bed 4 finally had her gallbladder surgery today, what a relief for her"),
    ),
    (
        "confidential.patient",
        False,
        make("Ward 12 has reopened after a deep clean – visiting from 2pm", corporate=True),
    ),
    (
        "confidential.patient",
        False,
        make("Had my own knee surgery last week, recovering well thanks all"),
    ),
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
    # confidential.internal
    ("confidential.internal", True,
     make("The exec already signed off the closure in a closed session, I was in the room")),
    (
        "confidential.internal",
        True,
        make("OFFICIAL-SENSITIVE: the shortlist of practices for merger is attached"),
    ),
    (
        "confidential.internal",
        False,
        make(
            "Our board papers for the January meeting are published on our website", corporate=True
        ),
    ),
    (
        "confidential.internal",
        False,
        make("The helpline is free, open 24/7 and confidential", corporate=True),
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
    (
        "confidential.internal",
        True,
        make("On the tender panel this week and their bid is miles ahead, it's theirs for sure"),
    ),
    (
        "confidential.internal",
        False,
        make("Our CQC inspection report is out today and we are rated good! Views my own"),
    ),
    # conduct.abusive
    (
        "conduct.abusive",
        True,
        make(
            "You're a complete idiot and a disgrace, shut up",
            in_reply_to={"source": "public", "text": "The ICB is wasting money"},
        ),
    ),
    (
        "conduct.abusive",
        True,
        make("what a load of sh1t from the council again", identifiable_as_staff=False),
    ),
    (
        "conduct.abusive",
        False,
        make("Bloody freezing at the bus stop this morning, damn this weather"),
    ),
    ("conduct.abusive", False, make("Day trip to Scunthorpe with the family")),
    # venting about things: the model scores it offensive, but no one is attacked
    ("conduct.abusive", False, make("I hate Mondays.")),
    ("conduct.abusive", False, make("I hate this weather, it's disgusting.")),
    ("conduct.abusive", True, make("I hate you, you're disgusting.")),
    # ... but an obscenity needs no one to aim at (spec §5)
    ("conduct.abusive", True, make("knocking it out the fuckin park")),
    ("conduct.abusive", True, make("Gay people are disgusting.")),
    # Profanity-free criticism of a thing is not abuse; the same word aimed at a person is.
    ("conduct.abusive", False, make("this parking system is garbage, three tickets in a week")),
    (
        "conduct.abusive",
        True,
        make(
            "You are rubbish at your job and everyone knows it",
            in_reply_to={"source": "public", "text": "The ICB is changing how appointments work"},
        ),
    ),
    ("conduct.abusive", False,
     make("Freezing at the bus stop again, my nan says blow it and got a taxi")),
    # A model score with no abusive word and nobody addressed attacks no one.
    ("conduct.abusive", False,
     make("Someone left a nasty homophobic comment on my cousin's post, reported it straight away",
          identifiable_as_staff=False)),
    ("conduct.abusive", True,
     make("@daveyboy83 you absolute clown, nobody asked", identifiable_as_staff=False)),
    (
        "conduct.abusive",
        False,
        make("Gutted for the lad in bed 4 tonight, came in after an overdose and his mum was in bits."),
    ),
    # conduct.discriminatory
    ("conduct.discriminatory", True, make("Trans people have no place in our changing rooms")),
    ("conduct.abusive", False, make("Disabled people shouldn't be allowed to drive, simple as")),
    ("conduct.discriminatory", False,
     make("Deaf patients should never be allowed to wait without an interpreter booked")),
    ("conduct.discriminatory", False, make("Young drivers shouldn't be allowed out after midnight")),
    # sweeping remarks about a whole group, without any abusive word
    ("conduct.discriminatory", True, make("All Jews are greedy.")),
    ("conduct.discriminatory", True, make("Disabled people are a drain on everyone.")),
    ("conduct.discriminatory", True, make("Refugees are not welcome here, full stop.")),
    ("conduct.discriminatory", True, make("I said women are inferior and I meant it.")),
    ("conduct.discriminatory", False, make("Women are not inferior to anyone.")),
    ("conduct.discriminatory", False, make("Immigrants are a huge asset to the NHS.")),
    ("conduct.discriminatory", False, make("Older people are more at risk from flu this winter.")),
    # ... judged by structure and sentiment, not a word list: the group is what the clause
    # is about (its subject, "they" after it, or what the author loathes) and the rest is
    # derogatory; what happens *to* the group is not a judgement of it
    ("conduct.discriminatory", True, make("Honestly, Sikhs are sneaky and aggressive.")),
    ("conduct.discriminatory", True, make("I absolutely despise lesbians.")),
    ("conduct.discriminatory", True,
     make("Loads of Romanians on my street now. They're thieving scum, the lot of them.")),
    ("conduct.discriminatory", True, make("Why are Muslims so violent and hateful?")),
    ("conduct.discriminatory", True, make("Autistic people have no business working with kids.")),
    ("conduct.discriminatory", True, make("Mslims ruin every town they move into.")),
    ("conduct.discriminatory", False,
     make("Black women are four times more likely to die in pregnancy. That has to change.")),
    ("conduct.discriminatory", False, make("Refugees are fleeing horrific violence and war.")),
    ("conduct.discriminatory", False, make("Disabled people are being let down by the benefits system.")),
    ("conduct.discriminatory", False,
     make("Blaming immigrants for the housing crisis is lazy and nasty. Please stop.")),
    ("conduct.discriminatory", False, make("I don't hate Muslims and never have.")),
    ("conduct.discriminatory", False, make("Women are furious about the pension changes, rightly.")),
    # threats of violence, also as what a group "deserves", and disguised
    ("conduct.discriminatory", True, make("Gay men deserve to be kicked senseless.")),
    ("conduct.abusive", True, make("If the Sikhs march through here again I'll be ready to break a few heads.")),
    ("conduct.abusive", True, make("Immigrants should be s h o t on sight.")),
    # slurs, and the innocent senses of the same words
    ("conduct.discriminatory", True, make("Too many f4gg0ts in this pub now.")),
    ("conduct.abusive", False, make("Faggots and peas with onion gravy, proper Black Country tea.")),
    ("conduct.abusive", False, make("Our labrador bitch is due to whelp next week, so excited!")),
    ("conduct.abusive", False, make("The gel helps retard the growth of the mould.")),
    ("conduct.discriminatory", False,
     make("Lovely clinic today with a young lad with spastic diplegia and his mum.")),
    # ... and reclaimed: said of oneself
    ("conduct.discriminatory", False, make("Proud dyke, 30 years out and counting! 🌈")),
    # ... and counter-speech: quoting a hateful remark to condemn it
    ("conduct.discriminatory", False, make('Saying "women are stupid" is sexist and wrong.')),
    ("conduct.discriminatory", False,
     make("If you think immigrants are vermin, you need to educate yourself.")),
    ("conduct.abusive", False, make("No one should ever say that gay people are disgusting.")),
    ("conduct.discriminatory", False,
     make("I don't think older people are a waste of space at all, they run our food bank.")),
    ("conduct.discriminatory", False,
     make("Immigrants are not the reason your rent has gone up. Look at who owns the houses.")),
    # threats against people named by a protected characteristic
    ("conduct.discriminatory", True,
     make("Someone needs to torch that hotel full of asylum seekers before any more arrive.")),
    ("conduct.abusive", True,
     make("Jews round here should watch their backs. We know where the synagogue is.")),
    ("conduct.abusive", False,
     make("Bloke upstairs hoovering at 6am again. I'm going to batter the ceiling with a broom.")),
    # slurs: an insult and discrimination at once, unless quoted to condemn them
    ("conduct.discriminatory", True, make("Saw two dykes snogging at the bus stop, keep it indoors")),
    ("conduct.abusive", True, make("Saw two dykes snogging at the bus stop, keep it indoors")),
    ("conduct.abusive", False,
     make("My mate got called a 'faggot' walking home last night. Homophobia hasn't gone "
          "anywhere and we need to keep calling it out.")),
    ("conduct.abusive", False,
     make("To whoever wrote 'go back where you came from' on my neighbour's car: she was born "
          "in Wolverhampton. Shame on you.")),
    (
        "conduct.discriminatory",
        True,
        make("Typical woman manager, cries whenever anyone disagrees 🙄"),
    ),
    (
        "conduct.discriminatory",
        False,
        make("Proud to be a gay nurse and a member of our LGBTQ+ staff network"),
    ),
    (
        "conduct.discriminatory",
        False,
        make("Our Muslim chaplaincy team is here for patients of every faith", corporate=True),
    ),
    # conduct.colleagues
    ("conduct.colleagues", True,
     make("Long read on our restructure. Honestly our deputy director can't run a team meeting "
          "without HR in the room and thinks anyone on flexi is skiving. Views my own")),
    ("conduct.colleagues", True,
     make("Our new band 6 is about as much use as a chocolate teapot 🙄")),
    ("conduct.colleagues", True,
     make("Another two hour coffee break for Dave from payroll, alright for some 😴")),
    ("conduct.colleagues", False,
     make("Huge thanks to Dave from payroll for sorting my pension question so quickly")),
    (
        "conduct.colleagues",
        True,
        make("My line manager is clueless, no idea how she got the job 🙄"),
    ),
    (
        "conduct.colleagues",
        False,
        make("Huge thanks to my manager for supporting my leadership course"),
    ),
    # conduct.grievance
    (
        "conduct.grievance",
        True,
        make("Stuck on the same band for 8 years while they promote their mates. Raised it with HR, nothing. What a joke 🤡"),
    ),
    ("conduct.grievance", False, make("What a joke of a referee tonight 🤡 Raised it with my mates at the pub")),
    (
        "conduct.grievance",
        True,
        make(
            "Third time HR have refused my flexible working request. Appalling treatment of staff at the ICB."
        ),
    ),
    ("conduct.grievance", False, make("Off on annual leave next week, can't wait for the sun")),
    # conduct.whistleblowing
    ("conduct.whistleblowing", True,
     make("Somebody has to say it: residents are being left without meals at a home we commission. Share this before they delete it")),
    ("conduct.whistleblowing", True,
     make("Nobody will listen so here goes: the defib on our ward has been broken for a month. Someone's gonna get hurt")),
    (
        "conduct.whistleblowing",
        True,
        make("The infection stats were fudged before the inspection, share this so people know"),
    ),
    ("conduct.whistleblowing", False, make("Proud of how our team prepared for the inspection, share this so people know the work")),
    (
        "conduct.whistleblowing",
        True,
        make(
            "Our team has been falsifying the waiting list figures for months and nobody will act"
        ),
    ),
    (
        "conduct.whistleblowing",
        False,
        make("Proud of our team's infection control audit results this year"),
    ),
    # conduct.sexual
    ("conduct.sexual", True,
     make("New spicy pics up 🔞 link in my bio, subs half price")),
    ("conduct.sexual", True, make("Anyone want nudes? DM me 😏", identifiable_as_staff=False)),
    (
        "conduct.sexual",
        False,
        make("Free sexual health screening every Thursday at the clinic #SafeSex", corporate=True),
    ),
    # ... written to slip past a word list
    ("conduct.sexual", True, make("New p0rn clips up, link in bio, subs half price")),
    ("conduct.sexual", True, make("Sub to my 0nlyf@ns for the good stuff 💋")),
    ("conduct.sexual", True, make("n*des for anyone who DMs me tonight")),
    ("conduct.sexual", True, make("Sending my n u d e s to the first 10 people who like this")),
    ("conduct.sexual", False, make("Moving to Essex next month, can't wait for the new job")),
    ("conduct.sexual", False, make("My mate's ex works on ward 7 now, small world")),
    # conduct.inflammatory
    ("conduct.inflammatory", False,
     make("Our infection control audit came back green across the board 👏")),
    (
        "conduct.inflammatory",
        True,
        make("This government is a disgrace and anyone who voted Tory owns the mess"),
    ),
    ("conduct.inflammatory", False, make("Remember the deadline to register to vote is Friday")),
    (
        "conduct.inflammatory",
        True,
        make("Voting Lib Dem next week, they're the only ones who get social care. #NHS"),
    ),
    ("conduct.inflammatory", True, make("At this election we back the Greens' plan for the NHS",
                                        corporate=True)),
    ("conduct.inflammatory", False, make("So proud of our labour ward team supporting mums #NHS")),
    # identity.disclaimer
    (
        "identity.disclaimer",
        True,
        make("Really proud of the new urgent care plans our ICB published today"),
    ),
    (
        "identity.disclaimer",
        False,
        make("Really proud of the new urgent care plans our ICB published today. Views my own."),
    ),
    (
        "identity.disclaimer",
        False,
        make(
            "Really proud of the new urgent care plans our ICB published today",
            identifiable_as_staff=False,
        ),
    ),
    ("identity.disclaimer", False, make("Lovely walk along the river with the dog this morning")),
    # identity.work-comment
    ("identity.work-comment", False,
     make("Proud that NHS Shropshire, Telford and Wrekin ICB cut discharge delays this winter. "
          "Views my own")),
    ("identity.work-comment", True,
     make("Management have cut our breaks again and the ward is short-staffed. Views my own")),
    ("identity.work-comment", False,
     make("10 years a midwife today 💙 thanks to everyone who put up with my awful singing")),
    ("identity.work-comment", False,
     make("Great article. I work for the ICB and I'm proud of this team. Views my own",
          in_reply_to={"source": "news", "text": "Telford hub cuts waiting times"})),
    (
        "identity.work-comment",
        True,
        make("Honestly think the new virtual ward model is making readmissions worse. Views my own"),
    ),
    (
        "identity.work-comment",
        True,
        make(
            "We're so short-staffed on our ward this week that clinics keep getting cancelled. Views my own."
        ),
    ),
    (
        "identity.work-comment",
        False,
        make("Sharing our ICB's flu jab campaign – book yours today! Views my own."),
    ),
    # identity.official-views
    (
        "identity.official-views",
        True,
        make("Speaking on behalf of the ICB, we will not be closing the minor injuries unit"),
    ),
    (
        "identity.official-views",
        False,
        make("The ICB has published its winter plan – worth a read. Views my own."),
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
    # official.collects-personal-data
    ("official.collects-personal-data", True,
     make("Tell us which school you go to in the comments to win a class prize!", corporate=True)),
    (
        "official.collects-personal-data",
        True,
        make("Want a call back? Comment your phone number and postcode below", corporate=True),
    ),
    (
        "official.collects-personal-data",
        False,
        make("Want a call back? Use the secure form on our website", corporate=True),
    ),
    # official.internal-promotion
    (
        "official.internal-promotion",
        True,
        make("Colleagues: mandatory training must be completed on ESR by Friday", corporate=True),
    ),
    (
        "official.internal-promotion",
        False,
        make("We're recruiting a data analyst – apply on NHS Jobs", corporate=True),
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
    # interest.commercial
    ("interest.commercial", False,
     make("Selling my bike, £150 ono, email me at sam.jones@nhs.net")),
    ("interest.commercial", True,
     make("Now offering freelance support to providers bidding for NHS contracts, DM for rates")),
    (
        "interest.commercial",
        True,
        make(
            "Private physio sessions at my home clinic, £35 a session – DM for prices, NHS patients welcome"
        ),
    ),
    ("interest.commercial", False, make("Selling my old sofa, collection only, DM me")),
    (
        "interest.commercial",
        True,
        make("Who wants to buy my skincare range? 20% off for NHS colleagues, message me for a brochure"),
    ),
    ("interest.commercial", False, make("Message me for the rota, can anyone buy my lunch? 😂")),
    # media.response
    (
        "media.response",
        True,
        make(
            "That's not what happened at all",
            kind="reply",
            in_reply_to={"source": "news", "text": "Shropshire Star: hospital waiting times soar"},
        ),
    ),
    (
        "media.response",
        False,
        make(
            "Looks amazing, enjoy!",
            kind="reply",
            in_reply_to={"source": "public", "text": "Holiday snaps from Crete"},
        ),
    ),
    # media.contact
    ("media.contact", True,
     make("A journalist from the BBC just messaged me asking about something I posted 😬")),
    (
        "media.contact",
        True,
        make("A journalist from the local paper has asked me to talk about my thread on A&E waits"),
    ),
    (
        "media.contact",
        False,
        make("Read a good article in the paper today about the new clinic. Views my own."),
    ),
    # reference.professional
    ("reference.professional", True,
     make("On behalf of the ICB I recommend Dan Reeves for any NHS data contract", kind="reference")),
    (
        "reference.professional",
        True,
        make(
            "As her line manager at the ICB I can confirm her performance was excellent",
            kind="reference",
            platform="linkedin",
        ),
    ),
    (
        "reference.professional",
        False,
        make(
            "Personal recommendation for Ade: kind and reliable. This reference is being made by me in a personal capacity. It is not intended and should not be construed as a reference from NHS Shropshire, Telford and Wrekin ICB.",
            kind="reference",
            platform="linkedin",
        ),
    ),
    # reference.disclaimer
    (
        "reference.disclaimer",
        True,
        make(
            "Happy to recommend Jo – a lovely colleague and friend from the ICB",
            kind="reference",
            platform="linkedin",
        ),
    ),
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
    # safeguarding.locating-details
    ("safeguarding.locating-details", True,
     make("Well done to Ollie Price, aged 8, from Meole Brace Primary School!", corporate=True)),
    ("safeguarding.locating-details", True, make("So proud of my nephew Leo (12), walks to school by himself every morning now")),
    ("safeguarding.locating-details", False, make("So proud of my nephew Leo (32), runs to work by himself every morning now")),
    (
        "safeguarding.locating-details",
        True,
        make(
            "The little girl from Oak Street walks to Meadow Primary School on her own every morning"
        ),
    ),
    (
        "safeguarding.locating-details",
        False,
        make("School nurses visit every secondary school in the county", corporate=True),
    ),
    # safeguarding.underage
    ("safeguarding.underage", True, make("Calling all Year 3s and 4s! Send us a video of your best star jump 🌟")),
    ("safeguarding.underage", False, make("Calling all Year 11s! Exam season tips from our school nurses 📚")),
    (
        "safeguarding.underage",
        True,
        make(
            "Kids aged 6 to 10: comment with your favourite fruit and win a prize!",
            corporate=True,
            platform="instagram",
        ),
    ),
    (
        "safeguarding.underage",
        False,
        make(
            "Parents: here are five fun ways to get your kids eating fruit",
            corporate=True,
            platform="facebook",
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
    covered = {rule for rule, _, _ in CASES}
    assert set(pack.rules) <= covered
    for rule in pack.rules:
        assert any(r == rule and f for r, f, _ in CASES), f"no breach case for {rule}"
        assert any(r == rule and not f for r, f, _ in CASES), f"no clean case for {rule}"
