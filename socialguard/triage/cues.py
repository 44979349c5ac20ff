"""Vocabularies for inbound messages: requests, danger, concerns, platform
breaches, abuse of staff, media enquiries, misinformation and hostility."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

FOI_EXPLICIT = [
    "foi", "f.o.i", "freedom of information", "foi act", "foi request", "under the foi act",
    "treat this as an foi", "information request", "subject access", "publication scheme",
]
ASK_FOR_RECORDS = [
    "how much did", "how much does", "how much do", "how much has", "how much was",
    "how many", "the number of", "number of", "numbers", "figures", "statistics", "stats",
    "data on", "the data", "breakdown", "total spend", "spend on", "spent on", "spending on",
    "expenses", "expenditure", "cost of", "costs of", "budget for", "salary", "salaries",
    "average wait", "waiting times for", "occupancy", "minutes of", "copy of", "copies of",
    "written policy", "policy on", "action plans", "contracts with", "contract value",
    "do you publish", "does the icb publish", "please send me", "could you send me",
    "could you provide", "can you provide", "please provide", "please could you provide",
    "can you tell me how", "requesting", "i request", "i'd like to request",
    "i would like to request", "rated", "ratings",
]
SERVICE_QUESTION = [
    "how do i", "how can i", "where can i", "where do i", "where do we", "can i", "do i need",
    "is it worth", "is the", "is there", "is my", "what time", "when does", "when is",
    "opening times", "open on", "book", "booking", "appointment", "referred", "get referred",
    "is there a form", "do you offer", "will there be", "does the icb fund",
]
DANGER = [
    "not breathing", "isn't breathing", "stopped breathing", "collapsed", "unconscious",
    "unresponsive", "can't wake", "cannot wake", "having a seizure", "fitting", "choking",
    "bleeding heavily", "overdosed", "taken an overdose", "took an overdose", "kill myself",
    "end my life", "end it all", "end it tonight", "ending it", "suicide", "suicidal",
    "take my own life", "want to die", "rope", "noose", "pills ready", "stockpiled",
    "jump off", "jumping off", "driving into", "drive into", "walk into the", "said goodbye",
    "goodbye everyone", "final message", "won't be here tomorrow", "not be here tomorrow",
    "no point anymore", "can't go on", "wanted someone to know", "self harm",
    "cutting myself", "screaming", "smashing", "help me", "hitting her", "hitting him",
    "beating her", "beating him", "attacking", "knife", "gun", "stabbed", "on his own",
    "on her own", "no adults", "wandering", "right now", "in the road", "locked in",
    "left alone", "in danger", "dial 999", "call 999",
]
CONCERN = [
    "grooming", "groomed", "secret", "secrets", "keep it secret", "our secret", "send photos",
    "send pictures", "send pics", "asked him to send", "asked her to send", "older men",
    "older man", "older boyfriend", "gifts", "into cars", "new phone", "won't say who",
    "exploit*", "benefits", "bank card", "his money", "her money", "moved in", "moved into",
    "taking advantage", "financial abuse", "cuckoo*", "paid them", "scam*", "rogue traders",
    "cold callers", "confused", "radicalis*", "extremis*", "terrorist", "banned group",
    "abuse", "abused", "abusing", "hits me", "hurts me", "neglect*", "learning disability",
    "vulnerable", "county lines", "modern slavery", "trafficking", "coercive", "controlling",
    "domestic abuse", "self-neglect", "missing from home", "running away",
]
PLATFORM_BREACH = [
    "discord", "snapchat", "roblox", "whatsapp group", "chatting online", "online chat",
    "send photos", "nudes", "naked", "nudity", "terrorist", "banned group", "propaganda",
    "extremist", "found your", "your kids", "your children", "where you live",
    "your address", "i know where", "i know you're", "watching you", "saw you", "answer me",
    "following you", "stalking", "fake account", "fake profile", "impersonat*", "grooming",
]
UNDERAGE_SELF = re.compile(
    r"\b(?:i'?m|i am|im|am)\s+(?:only\s+)?([5-9]|1[0-2])\b(?!\s*(?:weeks|months|min|%|pm|am|:))"
    r"|\b(?:i'?m|im)\s+in\s+year\s+[1-7]\b",
    re.IGNORECASE,
)
STAFF_TARGET = [
    "your gp", "the gp", "gp at", "your nurse", "the nurse", "nurse at", "the receptionist",
    "receptionist at", "your receptionist", "the pharmacist", "your pharmacist",
    "pharmacist in", "the doctor", "your doctor", "your staff", "your chair", "new chair",
    "your chief exec", "your ceo", "the manager", "your manager", "from your", "your team",
    "engagement team", "your midwife", "the midwife", "the consultant", "the paramedic",
    "the physio", "the health visitor", "the district nurse", "your comms team",
]
ABUSE_OF_PERSON = [
    "lazy", "overpaid", "useless", "incompetent", "idiot", "moron", "druggie", "junkie",
    "disgrace", "vile", "ugly", "fat", "stupid", "thick", "deserves a slap", "needs a slap",
    "slap", "punch", "smack", "sack her", "sack him", "should be sacked", "fire her",
    "fire him", "get rid of her", "get rid of him", "get her out", "get him out",
    "the state of her", "the state of him", "you'll be hearing from me",
    "i've found your", "i know where", "bitch", "cow", "witch", "c**t", "cunt",
]
MEDIA_ENQUIRY = [
    "press office", "comms team", "a statement", "statement from", "a comment",
    "get a comment", "comment on", "a response by", "give us a response", "response by",
    "interview", "come on the", "breakfast show", "the show", "on air", "film a", "filming",
    "a piece on", "feature on", "running a story", "running readers", "our readers",
    "our listeners", "our viewers", "readers'", "deadline", "journalist", "reporter", "producer",
    "newsdesk", "news desk", "editor", "i'm writing a piece", "we're running",
]
MEDIA_OUTLET = re.compile(
    r"\b(?:radio|fm|tv|news|live|star|times|gazette|echo|post|journal|weekly|herald|"
    r"chronicle|advertiser|bbc|itv|sky|podcast|magazine|press|mail|mirror|express)\b",
    re.IGNORECASE,
)
MISINFO = [
    "is it true", "is this true", "tell me this isn't true", "isn't true", "can't be right",
    "cant be right", "that can't be right", "rumour*", "i heard", "i've heard", "heard that",
    "apparently", "leaked memo", "the petition says", "says the", "says you", "said that",
    "printed", "reported that", "says that", "claims", "claiming", "viral", "going round",
    "going around", "saw on", "seen on", "seeing it on", "saw it on", "on facebook",
    "on tiktok", "all over facebook", "it's all in", "everyone's saying", "being told",
    "lying about", "lying to us", "fake news", "hoax", "cover up", "ordered to", "secretly",
    "shutting", "closing", "stopping", "banning", "scrapping", "earns",
]
HOSTILE = [
    "we won't be quiet", "won't be quiet", "we'll be at", "i'm going to keep", "i will keep",
    "keep posting", "until you answer", "until you respond", "complaining to the ico",
    "going to my mp", "i'm complaining", "see you in court", "my solicitor", "legal action",
    "you'll be hearing from me", "you will be hearing from me", "watch yourselves",
    "watch your back", "nonsense", "useless lot", "bunch of", "liars", "lying", "disgrace",
    "shame on you", "deserves a slap", "slap", "third email", "third time", "fourth time",
    "again and again", "keep ignoring", "ignoring me", "i will not stop", "i won't stop",
    "until someone", "name and shame", "going to the papers", "report you", "ombudsman",
    "or i'm", "or else", "last chance", "you lot",
]


class TriageCueDetector(CueDetector):
    name: ClassVar[str] = "triage_cues"
    cues = {
        "inbound.foi_explicit": cue(FOI_EXPLICIT, 0.9, "mentions FOI or information rights"),
        "inbound.records": cue(ASK_FOR_RECORDS, 0.6, "asks for recorded information"),
        "inbound.service": cue(SERVICE_QUESTION, 0.5, "asks about using a service"),
        "inbound.danger": cue(DANGER, 0.6, "signals immediate danger"),
        "inbound.concern": cue(CONCERN, 0.6, "signals a safeguarding concern"),
        "inbound.platform": cue(PLATFORM_BREACH, 0.6, "signals a platform terms breach"),
        "inbound.staff_target": cue(STAFF_TARGET, 0.6, "aims at a member of staff"),
        "inbound.abuse": cue(ABUSE_OF_PERSON, 0.6, "abusive or threatening words"),
        "inbound.media": cue(MEDIA_ENQUIRY, 0.6, "asks for comment as the media"),
        "inbound.misinfo": cue(MISINFO, 0.5, "repeats a claim about the organisation"),
        "inbound.hostile": cue(HOSTILE, 0.6, "threatens to escalate"),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = super().detect(text, pack)
        for m in UNDERAGE_SELF.finditer(text):
            found.append(Evidence("inbound.underage", m.start(), m.end(), m.group(0), 0.8,
                                  "the writer says they are under the minimum age"))
        for m in MEDIA_OUTLET.finditer(text):
            found.append(Evidence("inbound.outlet", m.start(), m.end(), m.group(0), 0.4,
                                  "names a media outlet"))
        return found
