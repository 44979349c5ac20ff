"""Conduct vocabularies: insults and obscenities (obfuscation-aware), sexual
content, derogatory remarks about protected characteristics, grievances and
whistleblowing. The trained abuse model adds scores for wording not listed."""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.cues import CueDetector, cue

# Strong obscenities and slurs: matched even when obfuscated ("c**t", "s h i t").
OBSCENE = [
    "fuck", "fucking", "fucker", "fucked", "motherfucker", "cunt", "cunts", "shit", "shite",
    "bullshit", "bastard", "bastards", "bitch", "bitches", "wanker", "wankers", "twat", "twats",
    "prick", "dickhead", "arsehole", "asshole", "bellend", "slag", "slut", "whore", "retard",
    "retarded", "spastic", "spaz", "nonce", "pillock", "tosser", "scumbag", "scum",
]
INSULTS = [
    "idiot", "idiots", "moron", "morons", "imbecile", "cretin", "plonker", "muppet", "numpty",
    "clown", "loser", "pathetic", "useless", "worthless", "stupid", "thick as", "brain dead",
    "waste of space", "waste of oxygen", "go and do one", "do one", "get lost", "shut up",
    "nobody cares what you think", "no one cares what you think", "learned to read",
    "learn to read", "can't read", "cant read", "drop dead", "get out", "sack her", "sack him",
    "lazy", "overpaid", "druggie", "junkie", "disgrace", "vile", "ugly", "fat cow", "fat pig",
    "deserves a slap", "needs a slap", "i'll kill", "i will kill", "kill you", "hurt you",
    "watch your back", "you'll be hearing from me", "you'll regret", "hope you die", "🖕",
]
SEXUAL = [
    "sex", "sexting", "sexts", "nude*", "naked", "nsfw", "porn*", "xxx", "horny", "shag*",
    "bonk*", "bang her", "bang him", "put me on the treatment table", "if you know what i mean",
    "dick pic*", "boobs", "tits", "willy", "knob", "orgasm", "onlyfans", "intimate photo*",
    "send pics", "lingerie", "stripper*", "🍆", "💦", "🍑",
]
# Remarks that judge people by a protected characteristic (Equality Act 2010).
DEROGATORY_GROUP = [
    "go home", "go back to your own country", "go back where you came from", "learn english",
    "these foreigners", "bloody foreigners", "illegals", "typical woman", "typical women",
    "typical man", "woman driver", "women drivers", "like a girl", "past it", "too old",
    "old dear", "dinosaur", "snowflake", "the gays", "tranny", "trannies", "it's not natural",
    "poofter", "poof", "paki*", "chinky", "gypsies", "gyppo", "pikey", "coloured", "half-caste",
    "psycho", "nutter", "cripple", "mong", "spacker", "window licker", "wheelchair-bound",
    "towelhead", "raghead", "should be deported", "send them back", "pregnant again",
    "maternity leave again", "baby brain", "time of the month", "hormonal",
]
GRIEVANCE = [
    "treated like", "treatment of staff", "appalling treatment", "no consultation",
    "haven't answered", "still haven't", "hasn't answered", "never answered", "ignored",
    "refused my", "turned down my", "denied my", "my disciplinary", "disciplinary",
    "grievance", "tribunal", "constructive dismissal", "bullied out", "forced out",
    "pay people properly", "can't even pay", "underpaid", "not paid", "unpaid overtime",
    "regrading", "banding", "why should any of us stay", "why should we stay",
    "thinking of leaving", "handing in my notice", "no longer trust", "don't trust",
    "lost all faith", "lost faith", "union rep", "union's involved", "the union", "no consultation",
    "without consultation", "forced to", "made to", "fed up", "sick of", "had enough",
    "disgusting", "disgraceful", "shocking", "appalling", "a joke", "unfair", "unfairly",
    "treated unfairly", "overlooked", "passed over", "no support", "zero support",
    "nobody listens", "no one listens", "the way i was treated", "the way we're treated",
    "staff are treated", "how they treat", "pay rise", "holiday refused", "leave refused",
]
WHISTLEBLOWING = [
    "whistleblow*", "whistle-blow*", "speaking up", "#speakingup", "#whistleblower",
    "cover-up", "cover up", "covering up", "covered up", "fraud", "fraudulent", "falsif*",
    "fiddling", "fiddled", "fake figures", "cooking the books", "billing for", "billed for",
    "being paid for", "paid for care", "never ran", "never happened", "isn't happening",
    "not happening", "isn't being done", "not being done", "i've reported it", "reported it",
    "raised it", "raised this", "nothing has changed", "nothing was done", "nothing's been done",
    "nobody will act", "no one will act", "nobody did anything", "someone needs to investigate",
    "needs investigating", "should be investigated", "keeping quiet", "stay quiet",
    "won't stay quiet", "for everyone to see", "going public", "exposing", "expose",
    "the public deserve to know", "people need to know", "you need to know", "with my own eyes",
    "i've seen", "unsafe", "not safe", "dangerous", "negligence", "negligent", "neglect",
    "malpractice", "breach of", "breaching", "it's on them", "if anything happens",
    "someone will die", "someone's going to get hurt", "disabled", "turned off", "switched off",
    "propped open", "wedged open", "out of order", "corruption", "corrupt", "backhander*",
    "kickback*", "bribe*", "misconduct", "illegal", "illegally", "against the law",
]


class ConductDetector(CueDetector):
    name: ClassVar[str] = "conduct"
    cues = {
        "abuse.obscene": cue(OBSCENE, 0.9, "an obscenity or slur", obfuscated=True),
        "abuse.insult": cue(INSULTS, 0.7, "an insult, threat or put-down"),
        "sexual.term": cue(SEXUAL, 0.7, "sexual or indecent wording"),
        "discrimination.group": cue(DEROGATORY_GROUP, 0.7,
                                    "a remark about a protected characteristic"),
        "grievance.term": cue(GRIEVANCE, 0.6, "airs a grievance"),
        "whistleblowing.term": cue(WHISTLEBLOWING, 0.6,
                                   "alleges wrongdoing or a safety failing publicly"),
    }
