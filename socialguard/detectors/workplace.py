"""The author's link to the organisation and the work topics a post touches.

Feeds the identity rules (disclaimer, work comment), colleagues, grievance and
internal-promotion rules. Organisation names come from the pack.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue
from socialguard.detectors.lexicon import cached_lexicon

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

SELF_AT_WORK = [
    "i work at",
    "i work for",
    "i work in",
    "i work there",
    "works there",
    "working there",
    "i work with",
    "where i work",
    "my work",
    "at work",
    "at work today",
    "work today",
    "my job",
    "the job",
    "this job",
    "of the job",
    "my shift",
    "on shift",
    "night shift",
    "day shift",
    "long day",
    "my team",
    "our team",
    "my unit",
    "our unit",
    "my ward",
    "our ward",
    "our department",
    "my department",
    "our service",
    "my service",
    "our practice",
    "our surgery",
    "the surgery",
    "our clinic",
    "my clinic",
    "our desks",
    "our office",
    "the office",
    "our trust",
    "my trust",
    "my patients",
    "our patients",
    "my service user*",
    "my caseload",
    "my colleagues",
    "our colleagues",
    "colleagues",
    "my manager",
    "our manager",
    "new manager",
    "line-managed",
    "line managed",
    "line manage",
    "my boss",
    "our boss",
    "senior leadership",
    "the management",
    "senior management",
    "the board",
    "our board",
    "i trained",
    "what i trained for",
    "i qualified",
    "nhs nurse",
    "nhs worker",
    "nhs employee",
    "as a nurse",
    "as a doctor",
    "as a gp",
    "as a manager",
    "as a senior manager",
    "as a clinician",
    "as a director",
    "as a commissioner",
    "as someone who works",
    "working in the nhs",
    "working for the nhs",
    "work in the nhs",
    "work for the nhs",
    "day in the life",
    "#nursetok",
    "#nhsstaff",
    "#nurselife",
    "#doctorlife",
    "best bit of the job",
    "worst bit of the job",
    "our rotas",
    "the rota",
    "my rota",
    "hr",
    "my desk",
    "desk buddy",
    "appraisal",
    "regrading",
    "my disciplinary",
    "my contract",
    "union rep",
]
WORK_ISSUES = [
    "booking system",
    "online booking",
    "gp booking",
    "appointment system",
    "appointments system",
    "online-only",
    "staffing",
    "short-staffed",
    "short staffed",
    "understaffed",
    "agency staff",
    "vacancies",
    "waiting list*",
    "waiting times",
    "wait times",
    "waits",
    "waiting for a bed",
    "bed",
    "beds",
    "corridor care",
    "a&e",
    "ambulance*",
    "handover delays",
    "delays",
    "backlog*",
    "budget*",
    "funding",
    "cuts",
    "cut by",
    "savings",
    "deficit",
    "overspend*",
    "contract*",
    "commission*",
    "tender*",
    "procurement",
    "closure*",
    "closing",
    "shut down",
    "downgrad*",
    "restructur*",
    "reorganis*",
    "consultation",
    "services",
    "service",
    "clinic*",
    "rota*",
    "pay",
    "pay rise",
    "pay offer",
    "regrading",
    "banding",
    "pension*",
    "hot-desking",
    "hot desking",
    "office move",
    "parking",
    "policy",
    "policies",
    "board",
    "leadership",
    "management",
    "managers",
    "targets",
    "performance",
    "safety",
    "complaint*",
    "rated",
    "diagnos*",
    "waiting",
    "money",
    "millions",
    "spending",
    "plans",
    "proposals",
    "programme*",
    "providers",
    "integrated care",
    "discharge",
    "frailty",
    "research",
    "patient*",
    "service user*",
    "care",
    "hospital",
    "ward",
    "surgery",
    "practice",
    "staff",
    "strike",
    "industrial action",
]
SHARING_OFFICIAL = [
    "sharing",
    "please share",
    "check out",
    "take a look",
    "worth a read",
    "great to see",
    "proud of",
    "proud to",
    "delighted",
    "congratulations",
    "well done",
    "thank you",
    "thanks to",
    "welcome to",
    "book your",
    "book yours",
    "get your",
    "don't forget",
]
STAFF_ROLES = [
    "nurse*",
    "doctor*",
    "gp",
    "gps",
    "consultant*",
    "surgeon*",
    "registrar*",
    "junior doctor*",
    "midwi*",
    "paramedic*",
    "pharmacist*",
    "physio*",
    "therapist*",
    "receptionist*",
    "hca*",
    "healthcare assistant*",
    "porter*",
    "cleaner*",
    "manager*",
    "director*",
    "chief executive",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "matron*",
    "sister",
    "ward manager",
    "admin",
    "administrator*",
    "commissioner*",
    "clinician*",
    "carer*",
    "care worker*",
    "support worker*",
    "social worker*",
    "dentist*",
    "optometrist*",
    "apprentice*",
    "secretary",
    "pa",
]


ROLE_WORDS = (
    r"nurse|doctor|gp|midwife|paramedic|pharmacist|physio(?:therapist)?|therapist|"
    r"consultant|surgeon|hca|healthcare assistant|porter|receptionist|manager|"
    r"director|commissioner|clinician|health visitor|social worker|carer|"
    r"support worker|matron|registrar|junior doctor|student nurse|dietitian|"
    r"radiographer|sonographer|psychologist|counsellor|administrator"
)
SELF_ROLE = re.compile(
    rf"\b(?:as an?|i'?m an?|i am an?|i work as an?|working as an?)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{ROLE_WORDS})s?\b",
    re.IGNORECASE,
)


class WorkplaceDetector(CueDetector):
    name: ClassVar[str] = "workplace"
    cues = {
        "work.self": cue(SELF_AT_WORK, 0.8, "links the author to their work"),
        "work.issue": cue(WORK_ISSUES, 0.5, "touches a work or service topic"),
        "work.sharing": cue(SHARING_OFFICIAL, 0.5, "shares, praises or signposts"),
        "work.role": cue(STAFF_ROLES, 0.5, "names a staff role"),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = super().detect(text, pack)
        for m in SELF_ROLE.finditer(text):
            found.append(
                Evidence(
                    "work.self",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.8,
                    "the author describes their health or care role",
                )
            )
        org = pack.organisation
        names = tuple([org.name, *org.short_names, *org.generic_names])
        for hit in cached_lexicon(names).finditer(text):
            found.append(
                Evidence(
                    "org.name",
                    hit.start,
                    hit.end,
                    hit.text,
                    0.9,
                    "names the organisation or the NHS",
                )
            )
        for m in _org_hashtags(names).finditer(text):
            found.append(Evidence("org.name", m.start(), m.end(), m.group(0), 0.8,
                                  "a hashtag of the organisation or the NHS"))
        places = tuple(org.places)
        for hit in cached_lexicon(places).finditer(text):
            found.append(
                Evidence(
                    "org.place",
                    hit.start,
                    hit.end,
                    hit.text,
                    0.6,
                    "names one of the organisation's sites",
                )
            )
        return found


@cache
def _org_hashtags(names: tuple[str, ...]) -> re.Pattern[str]:
    """Hashtags built on the organisation's acronyms: #NHS, #TeamSTW, #NHSlife, #STWICB."""
    acronyms = sorted({w for n in names for w in n.split() if w.isupper() and len(w) >= 3})
    if not acronyms:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(map(re.escape, acronyms))
    return re.compile(rf"(?<![\w#])#\w*?(?:{alternatives})\w*"
                      rf"|(?<![\w#])#(?i:{alternatives})\b")
