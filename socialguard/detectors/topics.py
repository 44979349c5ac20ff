"""Politics and religion (§6.2 'topics that may be considered inflammatory').

A neutral mention (an inclusive chaplaincy post) is not a stance, so the
detector separates *topic* words from *stance* words; the rule needs both.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

_PARTY = (r"(?:labour|tor(?:y|ies)|conservatives?|(?-i:Reform)(?:\s+uk)?|lib\s*dems?"
          r"|liberal\s+democrats?|(?-i:Greens?)|green\s+party|snp|plaid(?:\s+cymru)?|ukip)")
# A party named as the object of a vote or of support, or a party's own plan or policy:
# bare "Labour" is too often the labour ward to count by itself.
PARTY_ENDORSEMENT = re.compile(
    rf"\b(?:vot(?:e|ed|ing)|back(?:ing)?|support(?:ing)?|join(?:ing)?|elect(?:ing)?)"
    rf"\s+(?:for\s+)?(?:the\s+)?{_PARTY}\b(?!\s+(?:ward|suite|unit|room|pains?|and\s+birth))"
    rf"|\b{_PARTY}['’]s\s+(?:plan|pledge|policy|policies|manifesto|promise|candidate)s?\b",
    re.IGNORECASE,
)

POLITICS = [
    "brexit",
    "remainer*",
    "leaver*",
    "tory",
    "tories",
    "conservative*",
    "labour party",
    "labour government",
    "lib dem*",
    "liberal democrat*",
    "reform uk",
    "ukip",
    "snp",
    "green party",
    "government",
    "this government",
    "the government's",
    "ministers",
    "prime minister",
    "starmer",
    "sunak",
    "farage",
    "johnson",
    "badenoch",
    "westminster",
    "parliament",
    "mp",
    "mps",
    "election",
    "voted for",
    "vote for",
    "vote against",
    "voters",
    "party",
    "left-wing",
    "right-wing",
    "leftie*",
    "lefty",
    "woke",
    "privatisation",
    "privatise",
    "strike",
    "strikes",
    "striking",
    "picket*",
    "junior doctors' strike",
    "pay offer",
    "immigration",
    "migrants",
    "small boats",
    "gaza",
    "israel",
    "palestin*",
    "ukraine",
    "russia",
    "trump",
    "abortion",
    "assisted dying",
    "net zero",
    "protest*",
    "campaign to keep",
    "save our",
]
RELIGION = [
    "god",
    "jesus",
    "christ",
    "christian*",
    "muslim*",
    "islam*",
    "allah",
    "hindu*",
    "sikh*",
    "jewish",
    "jew",
    "jews",
    "judaism",
    "buddhis*",
    "atheis*",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "gurdwara",
    "pray*",
    "prayer*",
    "faith",
    "religio*",
    "bible",
    "quran",
    "koran",
    "sharia",
    "blasphem*",
    "sinner*",
    "sin",
    "heaven",
    "hell",
    "🙏",
]
STANCE = [
    "shameful",
    "disgrace*",
    "we stand with",
    "stand with",
    "solidarity",
    "against this",
    "owns the mess",
    "wrecked",
    "ruined",
    "destroyed",
    "anyone who voted",
    "anyone who votes",
    "whoever voted",
    "like it or not",
    "whether they like it or not",
    "i don't care what",
    "i'll keep",
    "i will keep",
    "i'll always",
    "refuse to",
    "should be banned",
    "must go",
    "should resign",
    "must resign",
    "out now",
    "get out",
    "sinful",
    "abomination",
    "vote them out",
    "traitor*",
    "evil",
    "liars",
    "lying",
    "corrupt",
    "scandal*",
    "✊",
    "#strike",
    "support the strike",
    "on strike with",
    "officially supports",
    "campaign",
    "the only way",
    "the one true",
    "convert",
    "god's will",
    "pray for",
    "we back",
    "fully back",
    "we fully support",
    "we support the",
    "we oppose",
    "urge you to vote",
    "urge everyone to vote",
    "urge everyone to",
    "urge you to",
    "we urge",
    "vote for them",
    "endorse",
    "we endorse",
    "should be ashamed",
    "burn in hell",
    "blame",
    "it's their fault",
    "their fault",
    "fault of",
]


class TopicsDetector(CueDetector):
    name: ClassVar[str] = "topics"
    scope: ClassVar[str] = "content"
    cues = {
        "topic.politics": cue(POLITICS, 0.6, "a political topic"),
        "topic.religion": cue(RELIGION, 0.6, "a religious topic"),
        "topic.stance": cue(STANCE, 0.6, "takes a strong position"),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = super().detect(text, pack)
        for m in PARTY_ENDORSEMENT.finditer(text):
            for kind in ("topic.politics", "topic.stance"):
                found.append(Evidence(kind, m.start(), m.end(), m.group(0), 0.8,
                                      "endorses a political party"))
        return found
