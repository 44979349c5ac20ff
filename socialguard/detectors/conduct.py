"""Conduct vocabularies: insults and obscenities (obfuscation-aware), sexual
content, derogatory remarks about protected characteristics, grievances and
whistleblowing. The trained abuse model adds scores for wording not listed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue
from socialguard.detectors.group_remarks import CONDEMNED, DENIAL, group_remarks
from socialguard.detectors.lexicon import Lexicon, leet_pattern, sentence_bounds
from socialguard.ml.deobfuscate import normalised_text, reading

if TYPE_CHECKING:
    from socialguard.policy.schema import PolicyPack

# Strong obscenities and slurs: matched even when obfuscated ("c**t", "s h i t").
OBSCENE = [
    "fuck",
    "fucking",
    "fucker",
    "fucked",
    "motherfucker",
    "cunt",
    "cunts",
    "shit",
    "shite",
    "bullshit",
    "bastard",
    "bastards",
    "bitch",
    "bitches",
    "wanker",
    "wankers",
    "twat",
    "twats",
    "prick",
    "dickhead",
    "arsehole",
    "asshole",
    "bellend",
    "slag",
    "slut",
    "whore",
    "retard",
    "retarded",
    "spastic",
    "spaz",
    "nonce",
    "pillock",
    "tosser",
    "scumbag",
    "scum",
]
INSULTS = [
    "idiot*",
    "moron*",
    "imbecile*",
    "cretin*",
    "plonker*",
    "muppet*",
    "numpty*",
    "clown*",
    "loser*",
    "pathetic",
    "useless",
    "worthless",
    "stupid",
    "thick as",
    "brain dead",
    "waste of space",
    "waste of oxygen",
    "go and do one",
    "do one",
    "get lost",
    "shut up",
    "nobody cares what you think",
    "no one cares what you think",
    "learned to read",
    "learn to read",
    "can't read",
    "cant read",
    "drop dead",
    "get out",
    "sack her",
    "sack him",
    "lazy",
    "overpaid",
    "druggie",
    "junkie",
    "disgrace",
    "vile",
    "ugly",
    "fat cow",
    "fat pig",
    "deserves a slap",
    "needs a slap",
    "i'll kill",
    "i will kill",
    "kill you",
    "hurt you",
    "watch your back",
    "you'll be hearing from me",
    "you'll regret",
    "hope you die",
    "🖕",
]
SEXUAL = [
    "🔞",
    "spicy pics",
    "spicy set",
    "spicy content",
    "onlyfans",
    "nsfw",
    "x-rated",
    "lewd",
    "sex",
    "sexting",
    "sexts",
    "nude*",
    "naked",
    "nsfw",
    "porn*",
    "xxx",
    "horny",
    "shag*",
    "bonk*",
    "bang her",
    "bang him",
    "put me on the treatment table",
    "if you know what i mean",
    "dick pic*",
    "boobs",
    "tits",
    "willy",
    "knob",
    "orgasm",
    "onlyfans",
    "intimate photo*",
    "send pics",
    "lingerie",
    "stripper*",
    "🍆",
    "💦",
    "🍑",
]
# Slurs for people of a protected characteristic: an insult and discrimination at once.
SLURS = [
    "faggot*", "fag", "fags", "dyke", "dykes", "poof", "poofs", "poofter*", "tranny",
    "trannies", "shemale*", "retard", "retards", "retarded", "spastic*", "spaz", "mong",
    "mongs", "cripple", "cripples", "nigger*", "nigga*", "coon", "coons", "chink*", "gook*",
    "spic", "spics", "wetback*", "kike*", "yid", "yids", "paki", "pakis", "raghead*",
    "towelhead*", "pikey*", "gyppo*", "gypo*", "sambo*", "golliwog*", "wog", "wogs",
]
# Other senses of words on the lists above, told apart by the words around them: (what
# follows the word, what stands in its sentence). "Offa's Dyke", "it'll retard any
# spread", "faggots and gravy", "spastic paraplegia", "our spaniel bitch had puppies".
_FOLLOWS, _SENTENCE = 0, 1
HOMONYMS: dict[str, tuple[int, re.Pattern[str]]] = {
    "faggot": (_SENTENCE, re.compile(
        r"\b(?:mash|gravy|peas|onions?|chips|dinner|tea|supper|lunch|oven|butcher\w*|recipe|"
        r"pork|liver|brains?)\b", re.I)),
    "spastic": (_FOLLOWS, re.compile(
        r"\s*(?:colon|paraplegia|diplegia|quadriplegia|hemiplegia|tetraplegia|tetraparesis|"
        r"cerebral|paralysis|muscles?|gait|bladder|dysphonia|dystonia|type|form)\b", re.I)),
    "retard": (_FOLLOWS, re.compile(
        r"\s*(?:the|any|its|their|his|her|a|an|this|that|growth|spread|progress|development|"
        r"fire|flames?|burning|ageing|aging|rust|corrosion|decay|germination)\b", re.I)),
    "bitch": (_SENTENCE, re.compile(
        r"\b(?:dogs?|spaniels?|terriers?|labradors?|retrievers?|collies?|greyhounds?|"
        r"whippets?|lurchers?|puppy|puppies|pups?|litters?|whelp\w*|breed\w*|kennels?|"
        r"vets?)\b|🐶|🐕", re.I)),
    "dyke": (_SENTENCE, re.compile(r"\b(?:offa|devil)['’]s\s+dyke\b", re.I)),
}
# A reclaimed word said of oneself or one's own ("us old dykes", "as a proud dyke"): the
# text's other uses of it are in-group use too.
_IN_GROUP = re.compile(
    r"\b(?:us|we|we['’]re|we are|i['’]m|i am|as an?|fellow|proud)\s+(?:\w+\s+){0,2}?"
    r"(?P<word>dykes?)\b", re.IGNORECASE)


def homonym(text: str, start: int, end: int) -> bool:
    """Whether the listed word at ``start:end`` is used in another, innocent sense."""
    word = normalised_text(text[start:end]).lower().rstrip("s")
    for root, (where, context) in HOMONYMS.items():
        if word.startswith(root) and len(word) <= len(root) + 2:
            if where == _FOLLOWS:
                if context.match(text, end):
                    return True
            elif context.search(text, *sentence_bounds(text, start)):
                return True
    own = _IN_GROUP.search(text)
    return own is not None and word == own.group("word").lower().rstrip("s")

# Remarks that judge people by a protected characteristic (Equality Act 2010).
DEROGATORY_GROUP = [
    "handed to them",
    "faking it",
    "scroungers",
    "scrounging",
    "special treatment",
    "go home",
    "go back to your own country",
    "go back where you came from",
    "learn english",
    "these foreigners",
    "bloody foreigners",
    "illegals",
    "typical woman",
    "typical women",
    "typical man",
    "woman driver",
    "women drivers",
    "like a girl",
    "past it",
    "too old",
    "old dear",
    "dinosaur",
    "snowflake",
    "the gays",
    "tranny",
    "trannies",
    "it's not natural",
    "poofter",
    "poof",
    "paki*",
    "chinky",
    "gypsies",
    "gyppo",
    "pikey",
    "coloured",
    "half-caste",
    "psycho",
    "nutter",
    "cripple",
    "mong",
    "spacker",
    "window licker",
    "wheelchair-bound",
    "towelhead",
    "raghead",
    "should be deported",
    "send them back",
    "pregnant again",
    "maternity leave again",
    "baby brain",
    "time of the month",
    "hormonal",
]
GRIEVANCE = [
    "treated like",
    "treatment of staff",
    "appalling treatment",
    "no consultation",
    "haven't answered",
    "still haven't",
    "hasn't answered",
    "never answered",
    "ignored",
    "refused my",
    "turned down my",
    "denied my",
    "my disciplinary",
    "disciplinary",
    "grievance",
    "tribunal",
    "constructive dismissal",
    "bullied out",
    "forced out",
    "pay people properly",
    "can't even pay",
    "underpaid",
    "not paid",
    "unpaid overtime",
    "regrading",
    "banding",
    "why should any of us stay",
    "why should we stay",
    "thinking of leaving",
    "handing in my notice",
    "no longer trust",
    "don't trust",
    "lost all faith",
    "lost faith",
    "like dirt",
    "like rubbish",
    "like garbage",
    "like crap",
    "like a number",
    "treats its staff",
    "treats staff",
    "treats us",
    "for the third time",
    "yet again",
    "still waiting",
    "been lost",
    "keep getting fobbed off",
    "fobbed off",
    "union rep",
    "union's involved",
    "the union",
    "no consultation",
    "without consultation",
    "forced to",
    "made to",
    "fed up",
    "sick of",
    "had enough",
    "disgusting",
    "disgraceful",
    "shocking",
    "appalling",
    "a joke",
    "unfair",
    "unfairly",
    "treated unfairly",
    "overlooked",
    "passed over",
    "no support",
    "zero support",
    "nobody listens",
    "no one listens",
    "the way i was treated",
    "the way we're treated",
    "staff are treated",
    "how they treat",
    "pay rise",
    "holiday refused",
    "leave refused",
]
WHISTLEBLOWING = [
    "share this before",
    "make me take it down",
    "nobody else will say it",
    "somebody has to say it",
    "someone has to say it",
    "being left without",
    "failed its",
    "failed their",
    "gonna get hurt",
    "someone's gonna",
    "#patientsafety",
    "management don't care",
    "nobody will listen",
    "no one will listen",
    "nobody at work will listen",
    "been broken for",
    "been broke",
    "whistleblow*",
    "whistle-blow*",
    "speaking up",
    "#speakingup",
    "#whistleblower",
    "cover-up",
    "cover up",
    "covering up",
    "covered up",
    "fraud",
    "fraudulent",
    "falsif*",
    "fiddling",
    "fiddled",
    "fake figures",
    "cooking the books",
    "cooked the books",
    "massaged",
    "massaging",
    "fudged",
    "fudging",
    "doctored",
    "manipulated",
    "buried the",
    "hushed up",
    "swept under the carpet",
    "before the cqc",
    "before the inspection",
    "so this gets seen",
    "share this so",
    "rt so",
    "billing for",
    "billed for",
    "being paid for",
    "paid for care",
    "never ran",
    "never happened",
    "isn't happening",
    "not happening",
    "isn't being done",
    "not being done",
    "i've reported it",
    "reported it",
    "raised it",
    "raised this",
    "nothing has changed",
    "nothing was done",
    "nothing's been done",
    "nobody will act",
    "no one will act",
    "nobody did anything",
    "someone needs to investigate",
    "needs investigating",
    "should be investigated",
    "keeping quiet",
    "stay quiet",
    "won't stay quiet",
    "for everyone to see",
    "going public",
    "exposing",
    "expose",
    "the public deserve to know",
    "people need to know",
    "you need to know",
    "with my own eyes",
    "i've seen",
    "i have seen",
    "seen the spreadsheets",
    "seen the emails",
    "unsafe",
    "not safe",
    "dangerous",
    "negligence",
    "negligent",
    "neglect",
    "malpractice",
    "breach of",
    "breaching",
    "it's on them",
    "if anything happens",
    "someone will die",
    "someone's going to get hurt",
    "disabled",
    "turned off",
    "switched off",
    "propped open",
    "wedged open",
    "out of order",
    "corruption",
    "corrupt",
    "backhander*",
    "kickback*",
    "bribe*",
    "misconduct",
    "illegal",
    "illegally",
    "against the law",
]


GROUP_DEROGATION = re.compile(
    r"\b(?:send|ship|kick|deport)\s+(?:them|'em|him|her|the lot of them)\s+(?:all\s+)?"
    r"(?:back|home|out)\b|\bgo back (?:home|to (?:your|their) (?:own )?country)\b|"
    r"\b(?:can'?t|cannot|can barely|barely|don'?t even)\s+speak (?:proper )?english\b|"
    r"\b(?:the|those|these|that)\s+(?:polish|romanian|foreign|eastern european|asian|"
    r"african|muslim|jewish|indian|pakistani|chinese|gay|trans|disabled|old)\s+"
    r"(?:lot|mob|ones|types|sort|brigade)\b",
    re.IGNORECASE,
)


# Threats of violence. Said of one person they are often hyperbole ("I'm going to throttle
# him", spec-wise a judgement the model and the insult list make); said of a group of
# people named by a protected characteristic they are intimidation (the rules check who).
_VIOLENCE = (r"batter|beat|kill|murder|stab|shoot|torch|burn|firebomb|petrol[- ]bomb|bomb|"
             r"smash|hurt|attack|lynch|hang|gas|glass|kick (?:\w+ )?in|knock (?:\w+ )?out|"
             r"string (?:\w+ )?up|run (?:\w+ )?over|deal with|sort (?:\w+ )?out|"
             r"break (?:\w+ ){0,2}(?:jaws?|legs?|necks?|noses?|faces?|arms?|bones?|skulls?|heads?)")
# What the group "should be" or "deserves" to have done to it, as a threat.
_DONE_TO = (r"shot|hanged|hung|gassed|killed|burn[te]d?|strung up|lynched|exterminated|"
            r"wiped out|put down|battered|beaten|slapped|punched|kicked|stabbed|stoned|drowned|"
            r"sunk|culled|rounded up|sterili[sz]ed|castrated|whipped|flogged|tortured|"
            r"executed|murdered|bombed|torched|run over")
THREAT = re.compile(
    r"\b(?:i|we)(?:['’]ll| will| am going to|['’]m going to|['’]m gonna| are going to|"
    rf"['’]re going to|['’]re gonna)\s+(?:\w+\s+){{0,4}}?(?:{_VIOLENCE})\w*\b"
    r"|\b(?:someone|somebody|people)\s+(?:needs? to|should|ought to|wants? to)\s+"
    rf"(?:\w+\s+)?(?:{_VIOLENCE})\w*\b"
    r"|\b(?:should|must|need to|needs to|ought to|deserve to|deserves to)\s+(?:all\s+)?"
    rf"(?:be|get)\s+(?:\w+\s+)?(?:{_DONE_TO})\b"
    r"|\b(?:kill|shoot|gas|hang|lynch|burn|exterminate|bomb)\s+(?:them\s+)?(?:all|every)\b"
    r"|\bbricks?\s+through\s+(?:their|your|his|her|the)\s+windows?\b"
    r"|\bwatch\s+(?:your|their)\s+backs?\b"
    r"|\bwe\s+know\s+where\s+(?:you|they|the\s+\w+)\s+(?:live|lives|are|is|work|go)\b"
    r"|\b(?:get|getting|will get|gonna get)\s+(?:their|your|his|her)\s+windows\s+"
    r"(?:put in|smashed|done)\b"
    r"|\b(?:is|are)\s+getting\s+(?:dragged|beaten|battered|smacked|punched|kicked|"
    r"glassed|stabbed)\b"
    r"|\bconsider\s+(?:this|that|it)\s+a\s+promise\b",
    re.IGNORECASE,
)
# A quoted remark: "…", “…” or '…' (an apostrophe inside a word does not open a quote).
QUOTED = re.compile(r"[\"“]([^\"“”]{2,200})[\"”]|(?<![\w])[‘']([^‘’']{2,200})[’'](?![\w])")
# Said of a quoted remark by someone reporting it, not making it.
_REPORTING = re.compile(
    r"\b(?:called|calling|call|shouted|shouting|yelled|wrote|written|writing|graffiti|"
    r"said|says|saying|told|heard|overheard|timeline|posted|tweeted|comments?|replies|"
    r"shame on|stop|whoever)\b",
    re.IGNORECASE,
)
# "To whoever wrote '...': shame on you" speaks to the remark's author.
_ADDRESSED_TO_WRITER = re.compile(r"\bshame on\b|\bwhoever\b", re.IGNORECASE)
SLUR_LEXICON = Lexicon(SLURS, obfuscated=True)


def reported(text: str) -> list[Evidence]:
    """Quoted remarks in a text that reports them to condemn them ("My mate got called a
    'X' walking home. Homophobia hasn't gone anywhere"): the quote is not the author's."""
    if not QUOTED.search(text):
        return []
    outside = QUOTED.sub(" ", text)
    if not (CONDEMNED.search(outside) and _REPORTING.search(outside)) and not (
            _ADDRESSED_TO_WRITER.search(outside)):
        return []
    return [Evidence("tone.counter-speech", m.start(), m.end(), m.group(0), 0.6,
                     "a remark quoted to condemn it") for m in QUOTED.finditer(text)]


def _disguised_words(words: list[str]) -> re.Pattern[str]:
    """The single words of a vocabulary ("porn*", "onlyfans") in leetspeak or masked
    ("p0rn", "0nlyf@ns", "n*des", "n u d e s"), each alternative a group named after its
    word's index. Words under four letters are not matched spaced out: "s ex" turns up in
    plain text ("John's ex")."""
    alternatives = "|".join(
        f"(?P<w{i}>{leet_pattern(w.rstrip('*'), spaced=len(w.rstrip('*')) >= 4)}"
        f"{'[a-z]*' if w.endswith('*') else ''})"
        for i, w in enumerate(words)
    )
    return re.compile(rf"(?<![\w@#])(?:{alternatives})(?![\w@$*!|+#])", re.IGNORECASE)


SEXUAL_WORDS = [w for w in SEXUAL if w.rstrip("*").isalpha()]
DISGUISED_SEXUAL = _disguised_words(SEXUAL_WORDS)


def disguised_sexual(text: str) -> list[Evidence]:
    """Sexual words written to slip past a word list; the plain spellings are the
    ``sexual.term`` cue's. ``reads_as`` keeps the word the disguise stands for."""
    found = []
    for m in DISGUISED_SEXUAL.finditer(text):
        if m.group(0).isalpha() or m.lastgroup is None:
            continue  # plain letters: the cue's own match
        word = SEXUAL_WORDS[int(m.lastgroup[1:])].rstrip("*")
        found.append(Evidence("sexual.term", m.start(), m.end(), m.group(0), 0.7,
                              f"sexual or indecent wording (disguised '{word}')",
                              {"reads_as": word}))
    return found


class ConductDetector(CueDetector):
    name: ClassVar[str] = "conduct"
    cues = {
        "abuse.obscene": cue(OBSCENE, 0.9, "an obscenity or slur", obfuscated=True),
        "abuse.insult": cue(INSULTS, 0.7, "an insult, threat or put-down"),
        "sexual.term": cue(SEXUAL, 0.7, "sexual or indecent wording"),
        "discrimination.group": cue(
            DEROGATORY_GROUP, 0.7, "a remark about a protected characteristic"
        ),
        "grievance.term": cue(GRIEVANCE, 0.6, "airs a grievance"),
        "whistleblowing.term": cue(
            WHISTLEBLOWING, 0.6, "alleges wrongdoing or a safety failing publicly"
        ),
    }

    def detect(self, text: str, pack: PolicyPack) -> list[Evidence]:
        found = [e for e in super().detect(text, pack)
                 if e.kind != "abuse.obscene" or not homonym(text, e.start, e.end)]
        found += disguised_sexual(text)
        found += group_remarks(text)
        found += reported(text)
        # Threats and slurs are looked for as the de-obfuscator reads the text ("s h o t",
        # "F4gg0ts"), and shown as typed.
        view, typed = reading(text)
        for m in THREAT.finditer(view):
            start, end = typed(*m.span())
            found.append(Evidence("abuse.threat", start, end, text[start:end], 0.8,
                                  "threatens violence"))
        for hit in SLUR_LEXICON.finditer(view):
            start, end = typed(hit.start, hit.end)
            if not homonym(text, start, end):
                found.append(Evidence("discrimination.slur", start, end, text[start:end], 0.9,
                                      "a slur for people of a protected characteristic"))
        for m in DENIAL.finditer(text):
            found.append(Evidence("discrimination.denial", m.start(), m.end(), m.group(0), 0.6,
                                  "denies people a right or a place"))
        for m in GROUP_DEROGATION.finditer(text):
            found.append(
                Evidence(
                    "discrimination.group",
                    m.start(),
                    m.end(),
                    m.group(0),
                    0.8,
                    "derides people for their origin, language or identity",
                )
            )
        return found
