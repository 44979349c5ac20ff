"""Context signals the rules weigh: health subject matter, tone (derision,
negativity), who is talked about (colleagues, protected characteristics,
third parties) and who is addressed (staff, parents)."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.cues import CueDetector, cue

HEALTH_TOPIC = [
    "health", "healthcare", "health care", "care", "hospital*", "gp", "gps",
    "surgery", "practice nurse", "pharmac*", "clinic*", "clinical", "patient*", "ward*",
    "a&e", "urgent care", "ambulance*", "111", "vaccin*", "jab*", "screening", "nurs*",
    "doctor*", "midwi*", "mental health", "dementia", "cancer", "diagnos*", "treatment*",
    "frailty", "research", "population health", "public health", "digital health",
    "commissioner*", "commissioning", "triage", "referral*", "waiting list for surgery",
    "hospital waiting list*", "nhs waiting list*", "beds",
    "social care", "care home*", "discharge", "prescri*", "medicine*", "physio*",
    "ear wax", "scrub*", "integrated care", "virtual ward*", "day in the life", "reels from",
    "my thread on", "health hub", "maternity", "therapy", "surgeon*", "consultant*",
]
DERISION = [
    "😂", "🤣", "😆", "🙄", "🤡", "👑", "lol", "lmao", "haha", "typical", "so expect",
    "won't stop", "can't even", "of course she", "of course he", "bless him", "bless her",
    "the state of", "gone to her head", "gone to his head", "full of herself",
    "full of himself", "thinks she's", "thinks he's", "too good to", "can't be bothered",
    "never says hello", "ignores us", "clueless", "useless", "no idea", "how she got the job",
    "how he got the job", "can't stand", "hate working with", "lazy", "incompetent",
    "jobsworth", "waste of", "joke", "pathetic", "surprise surprise", "good luck with that",
    "go home", "learn english", "lot", "power trip", "ego",
]
NEGATIVE = [
    "isn't what i trained for", "not what i trained for", "hours waiting", "hours wait",
    "waited hours", "hours on a trolley", "no beds", "waiting for a bed", "short-staffed",
    "short staffed", "understaffed", "no staff", "exhausted", "broken", "failing", "shambles",
    "disgrace", "appalling", "shocking", "ridiculous", "not true", "matches my experience",
    "my experience", "at breaking point", "this isn't right", "terrible", "awful", "worst",
    "cut", "cuts", "axed",
    "closing", "mess", "chaos", "crisis", "unsafe", "can't cope", "struggling", "😔",
    "😡", "😤", "😬", "sad state", "sort it out", "nobody listens", "no one listens",
    "it's happening", "whether management likes it or not",
]
COLLEAGUE_REF = [
    "my manager", "new manager", "our manager", "the manager", "my boss", "the boss",
    "director", "the director", "senior leadership", "senior management", "the management",
    "management team", "leadership team", "the exec*", "colleague*", "co-worker*", "coworker*", "team leader",
    "team lead", "clinical lead", "service lead", "head of", "deputy", "supervisor",
    "line manager", "the chair", "chief exec", "ceo", "matron",
    "ward manager", "consultant", "our desks", "desk", "the new starter", "she", "he",
]
PROTECTED = [
    "autis*", "disab*", "wheelchair", "blind", "deaf", "learning difficult*",
    "mental health", "woman", "women", "girl*", "lady", "ladies", "man", "men", "female*",
    "male*", "in her 60s", "in his 60s", "in her 50s", "in his 50s", "in her 70s",
    "in his 70s", "old", "elderly", "young", "pensioner*", "boomer*", "gen z", "millennial*",
    "gay", "lesbian", "bisexual", "trans", "transgender", "non-binary", "queer",
    "polish", "romanian", "indian", "pakistani", "chinese", "african", "black", "asian",
    "white", "foreign*", "immigrant*", "migrant*", "refugee*", "english", "accent",
    "muslim*", "jewish", "jew*", "hindu*", "sikh*", "christian*", "catholic*", "headscarf",
    "hijab", "turban", "pregnan*", "maternity", "married", "single mum", "religio*",
]
THIRD_PARTY = [
    "his", "her", "their", "him", "he", "she", "they", "neighbour*", "my ex", "ex's", "ex",
    "brother*", "sister*", "mum's", "dad's", "mother*", "father*", "son's", "daughter's",
    "husband's", "wife's", "partner's", "friend's", "this lad", "this girl", "this man",
    "this woman", "this guy", "the guy", "lad", "bloke",
]
FIRST_PERSON_CONTACT = [
    "me on", "me at", "me:", "text me", "call me", "ring me", "whatsapp me", "message me",
    "email me", "dm me", "contact me", "reach me", "my number", "my mobile", "my email",
    "my phone", "drop me a line", "my address", "my birthday", "my dob", "my date of birth",
    "i was born", "my nhs number", "my own", "my ni", "my national insurance",
]
INTERNAL_AUDIENCE = [
    "colleagues", "staff", "staff network", "staff networks", "all staff", "our staff",
    "our people", "new starters", "new joiners", "induction", "intranet", "on teams",
    "via teams", "teams channel", "staff room", "boardroom", "meeting room*", "pensions drop-in",
    "staff survey", "staff awards", "staff wellbeing", "wellbeing room", "payroll",
    "annual leave", "mandatory training", "e-learning", "esr", "staff newsletter",
    "team meeting", "all-staff", "canteen", "staff car park",
]
PARENT_AUDIENCE = [
    "parents", "parent", "mums", "dads", "carers", "your child", "your children",
    "your kids", "your little one*", "guardians", "families",
]
PROFESSIONAL_REFERENCE = [
    "line-managed", "line managed", "i managed", "as his manager", "as her manager",
    "as their manager", "managed him", "managed her", "performance", "professional endorsement",
    "my professional", "i can confirm", "i can recommend", "rate his", "rate her",
    "rate their", "competent", "competence", "in my capacity as", "speaking as",
    "as programme director", "as clinical director", "as director", "as head of",
    "as a director", "as a clinical director", "as a manager at", "as her line manager",
    "as his line manager", "appraisal", "appraiser", "safe and effective", "without hesitation",
]
VIDEO_CREDIT = [
    "filmed by", "filmed and edited by", "edited by", "directed by", "produced by",
    "a * production", "production by", "made by", "video by", "shot by", "credit:",
    "credits:", "©",
]


class ContextCueDetector(CueDetector):
    name: ClassVar[str] = "context"
    cues = {
        "topic.health": cue(HEALTH_TOPIC, 0.5, "a health, care or NHS subject"),
        "tone.derision": cue(DERISION, 0.5, "mocks or belittles"),
        "tone.negative": cue(NEGATIVE, 0.5, "criticises or complains"),
        "people.colleague": cue(COLLEAGUE_REF, 0.5, "refers to a colleague or manager"),
        "people.protected": cue(PROTECTED, 0.5, "refers to a protected characteristic"),
        "people.third_party": cue(THIRD_PARTY, 0.5, "refers to another person"),
        "people.first_person_contact": cue(FIRST_PERSON_CONTACT, 0.6,
                                           "offers the author's own details"),
        "audience.internal": cue(INTERNAL_AUDIENCE, 0.6, "addresses staff"),
        "audience.parents": cue(PARENT_AUDIENCE, 0.6, "addresses parents or carers"),
        "reference.professional": cue(PROFESSIONAL_REFERENCE, 0.6,
                                      "speaks as a manager or professional referee"),
        "video.credit": cue(VIDEO_CREDIT, 0.7, "credits an individual or production company"),
    }
