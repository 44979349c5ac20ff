"""Conduct vocabularies: insults and obscenities (obfuscation-aware), sexual
content, derogatory remarks about protected characteristics, grievances and
whistleblowing. The trained abuse model adds scores for wording not listed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from socialguard.detectors.base import Evidence
from socialguard.detectors.cues import CueDetector, cue
from socialguard.detectors.lexicon import SENTENCE_END, Lexicon, leet_pattern, sentence_bounds
from socialguard.ml.deobfuscate import normalise, normalised_text

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
    "towelhead*", "pikey*", "gyppo*", "gypo*", "sambo*", "golliwog*",
]
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


# Denying people a right or a place: discriminatory when aimed at a protected group
# ("gay couples shouldn't be allowed to adopt"); the rule checks who is meant.
DENIAL = re.compile(
    r"\b(?:shouldn['’]?t|should\s+not|must\s+not|mustn['’]?t|never)\s+be\s+allowed\b"
    r"|\bshould(?:n['’]?t|\s+not)\s+(?:be\s+able\s+to|have\s+the\s+right)\b"
    r"|\bhave\s+no\s+(?:right|place|business)\b|\bdon['’]?t\s+belong\b"
    r"|\bshould\s+be\s+banned\s+from\b|\bdon['’]?t\s+deserve\b|\bnot\s+fit\s+to\b",
    re.IGNORECASE,
)


# People named by a protected characteristic (Equality Act 2010), as a group.
_GROUP = (
    r"(?:(?:gay|lesbian|bisexual|trans|transgender|non-binary|queer|disabled|autistic|deaf|"
    r"blind|black|white|brown|asian|african|indian|pakistani|chinese|polish|romanian|"
    r"foreign|muslim|jewish|hindu|sikh|christian|catholic|old|older|elderly|young|pregnant)"
    r"\s+(?:people|persons|folk|men|women|lads|girls|kids|staff|nurses|doctors|patients|"
    r"drivers|mums|couples)"
    r"|women|men|girls|females|males|gays|lesbians|trannies|muslims|jews|hindus|sikhs|"
    r"christians|catholics|immigrants|migrants|refugees|asylum seekers|foreigners|blacks|"
    r"asians|africans|indians|pakistanis|pakis|chinese|poles|romanians|gypsies|travellers|"
    r"pensioners|boomers|the disabled|the elderly|disabled|cripples)"
)
# What a sweeping remark says the whole group is: less than others, less than human, a
# danger, a burden, or of bad character.
_NEGATIVE = (
    r"inferior|sub-?human|less than human|not (?:fully )?human|animals|beasts|savages|"
    r"vermin|parasites|rats|cockroaches|leeches|scum|filth|filthy|dirty|unclean|"
    r"disgusting|vile|evil|greedy|lazy|stupid|thick|dumb|useless|worthless|pathetic|"
    r"criminals|thieves|liars|terrorists|rapists|paedophiles|pedos|perverts|freaks|"
    r"mentally ill|sick in the head|backward|primitive|dangerous|violent|a menace|menaces|"
    r"a drain|a burden|a plague|a cancer|a disease|a disgrace|a threat|"
    r"a waste of (?:space|money|oxygen)|trash|rubbish|ruining|destroying|taking over|"
    r"invading|not welcome|unwelcome|can(?:no|')t be trusted|untrustworthy|to blame"
)
# "Women are inferior", "Disabled people are a drain on everyone": a whole group judged
# by a protected characteristic. A negation ("are not inferior") breaks the pattern.
GENERALISATION = re.compile(
    rf"\b(?:all\s+|most\s+|these\s+|those\s+|the\s+)?(?P<group>{_GROUP})\s+"
    r"(?:are|r|is|were)\s+(?:(?:all|just|only|nothing but|basically|such|so|too|naturally|"
    r"always|clearly|obviously|simply|literally|genuinely)\s+)*"
    r"(?:(?:a|an)\s+)?(?:(?:bunch|load|lot|pack|plague|swarm) of\s+)?"
    rf"(?:{_NEGATIVE})\b",
    re.IGNORECASE,
)
# The same remark negated ("Women are not inferior", "Muslims aren't terrorists"): the
# sentence model reads the group and the predicate and misses the "not".
NEGATED_GENERALISATION = re.compile(
    rf"\b(?P<group>{_GROUP})\s+(?:(?:are|is|were)\s+(?:not|never|no|nothing)\b|aren['’]?t\b|"
    r"isn['’]?t\b|weren['’]?t\b)"
    r"|\b(?:don['’]?t|do not|never|doesn['’]?t|didn['’]?t|won['’]?t)\s+(?:think|believe|agree|"
    rf"accept)\s+(?:that\s+)?(?:all\s+|most\s+)?(?P<denied>{_GROUP})\b",
    re.IGNORECASE,
)
# Counter-speech: quoting or reporting a hateful remark in order to condemn it ("Saying
# 'women are stupid' is sexist") or telling people not to say it.
_REPORTED = re.compile(
    r"[\"“”‘]|(?<![a-z])'|\b(?:say|says|saying|said|call|calls|calling|called|think|thinks|"
    r"thinking|claim|claims|claiming|believe|believes|the idea that|the myth that|"
    r"comments? (?:like|that|about))\b",
    re.IGNORECASE,
)
_CONDEMNED = re.compile(
    r"\b(?:sexis[mt]|racis[mt]|homophobi\w*|transphobi\w*|biphobi\w*|misogyn\w*|"
    r"misandr\w*|ableis[mt]|xenophob\w*|islamophob\w*|antisemit\w*|bigot\w*|hateful|"
    r"hate speech|prejudice\w*|discriminat\w*|unacceptable|wrong|untrue|not true|nonsense|"
    r"a myth|educate yourself|no place (?:for|in)|never ok(?:ay)?|not ok(?:ay)?|"
    r"dehumani[sz]\w*|disgraceful|shameful|shame on|conspiracy|"
    r"stand against|challenge|call(?:ing)? (?:it )?out)\b",
    re.IGNORECASE,
)
_TOLD_NOT_TO = re.compile(
    r"\b(?:no one|nobody|no-one)\s+should\s+(?:ever\s+)?(?:say|call|think)\b|"
    r"\bshould(?:n['’]?t|\s+not|\s+never)\s+(?:ever\s+)?(?:say|call|be called)\b|"
    r"\b(?:stop|quit)\s+(?:saying|calling)\b|\bnever\s+(?:accept|tolerate)\b",
    re.IGNORECASE,
)


# Threats of violence. Said of one person they are often hyperbole ("I'm going to throttle
# him", spec-wise a judgement the model and the insult list make); said of a group of
# people named by a protected characteristic they are intimidation (the rules check who).
_VIOLENCE = (r"batter|beat|kill|murder|stab|shoot|torch|burn|firebomb|petrol[- ]bomb|bomb|"
             r"smash|hurt|attack|lynch|hang|gas|glass|kick (?:\w+ )?in|knock (?:\w+ )?out|"
             r"string (?:\w+ )?up|run (?:\w+ )?over|deal with|sort (?:\w+ )?out")
THREAT = re.compile(
    r"\b(?:i|we)(?:['’]ll| will| am going to|['’]m going to|['’]m gonna| are going to|"
    rf"['’]re going to|['’]re gonna)\s+(?:\w+\s+){{0,3}}?(?:{_VIOLENCE})\w*\b"
    r"|\b(?:someone|somebody|people)\s+(?:needs? to|should|ought to|wants? to)\s+"
    rf"(?:\w+\s+)?(?:{_VIOLENCE})\w*\b"
    r"|\bshould\s+(?:all\s+)?(?:be|get)\s+(?:shot|hanged|hung|gassed|killed|burn[te]d?|"
    r"strung up|lynched|exterminated|wiped out|put down|battered|beaten)\b"
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
    if not (_CONDEMNED.search(outside) and _REPORTING.search(outside)) and not (
            _ADDRESSED_TO_WRITER.search(outside)):
        return []
    return [Evidence("tone.counter-speech", m.start(), m.end(), m.group(0), 0.6,
                     "a remark quoted to condemn it") for m in QUOTED.finditer(text)]


GROUP_NAMED = re.compile(rf"\b(?:{_GROUP})\b", re.IGNORECASE)
# The words one of which every group name above holds: a set lookup rules out most texts
# before the long alternations run (they cost more than the rest of this detector).
_GROUP_WORDS = frozenset(re.findall(r"[a-z]+", _GROUP)) - frozenset(
    "the people persons folk lads kids staff nurses doctors patients drivers mums couples "
    "seekers s".split())  # "s": of the pattern's "\s"
_WORD = re.compile(r"[a-z]+")


def names_group(text: str) -> bool:
    """Whether the text may name people by a protected characteristic (``_GROUP``)."""
    return not _GROUP_WORDS.isdisjoint(_WORD.findall(text.lower()))


def counter_speech(text: str) -> list[Evidence]:
    """Sentences that quote or report a hateful remark about a group to condemn it, or
    forbid it. Only sentences naming a group count: "you say that but you're wrong" is an
    argument, not counter-speech."""
    found = []
    bounds = [0, *(x for m in SENTENCE_END.finditer(text) for x in (m.start(), m.end())),
              len(text)]
    for begin, stop in zip(bounds[::2], bounds[1::2], strict=True):
        sentence = text[begin:stop]
        if not GROUP_NAMED.search(sentence):
            continue
        told_not_to = _TOLD_NOT_TO.search(sentence)
        if told_not_to or (_REPORTED.search(sentence) and _CONDEMNED.search(sentence)):
            found.append(Evidence("tone.counter-speech", begin, stop, sentence, 0.6,
                                  "quotes or reports a hateful remark to condemn it"))
    return found


def negations(text: str) -> list[Evidence]:
    """Sentences that deny a sweeping remark ("Women are not inferior", "I don't think
    older people are...")."""
    found = []
    for m in NEGATED_GENERALISATION.finditer(text):
        if m.group("group") and GENERALISATION.match(text, m.start()):
            continue  # "are not welcome", "are not human": the remark itself
        start, end = sentence_bounds(text, m.start())
        found.append(Evidence("tone.counter-speech", start, end, text[start:end], 0.6,
                              "denies a sweeping remark about a group"))
    return found


def generalisations(text: str) -> list[Evidence]:
    """Sweeping remarks about a protected group, also where the remark's words are
    disguised ("v e r m i n", "p@rasites"): matched on the de-obfuscated text, the spans
    mapped back to what was typed."""
    if normalised_text(text) == text:
        spans = [(m.start(), m.end(), m) for m in GENERALISATION.finditer(text)]
    else:
        norm = normalise(text)
        spans = [(*norm.to_original(m.start(), m.end()), m)
                 for m in GENERALISATION.finditer(norm.text)]
    return [Evidence("discrimination.generalisation", start, end, text[start:end], 0.8,
                     "judges a whole group of people by a protected characteristic",
                     {"group": m.group("group")}) for start, end, m in spans]


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
        found = super().detect(text, pack)
        found += disguised_sexual(text)
        if names_group(text):  # the group remarks' long alternations only where they can match
            found += counter_speech(text) + negations(text) + generalisations(text)
        found += reported(text)
        for m in THREAT.finditer(text):
            found.append(Evidence("abuse.threat", m.start(), m.end(), m.group(0), 0.8,
                                  "threatens violence"))
        for hit in SLUR_LEXICON.finditer(text):
            found.append(Evidence("discrimination.slur", hit.start, hit.end, hit.text, 0.9,
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
