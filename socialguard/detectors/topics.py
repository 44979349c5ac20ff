"""Politics and religion (§6.2 'topics that may be considered inflammatory').

A neutral mention (an inclusive chaplaincy post) is not a stance, so the
detector separates *topic* words from *stance* words; the rule needs both.
"""

from __future__ import annotations

from typing import ClassVar

from socialguard.detectors.cues import CueDetector, cue

POLITICS = [
    "brexit", "remainer*", "leaver*", "tory", "tories", "conservative*", "labour party",
    "labour government", "lib dem*", "liberal democrat*", "reform uk", "ukip", "snp",
    "green party", "government", "this government", "the government's", "ministers",
    "prime minister", "starmer", "sunak", "farage", "johnson", "badenoch", "westminster",
    "parliament", "mp", "mps", "election", "voted for", "vote for", "vote against",
    "voters", "party", "left-wing", "right-wing", "leftie*", "lefty", "woke", "privatisation",
    "privatise", "strike", "strikes", "striking", "picket*", "junior doctors' strike",
    "pay offer", "immigration", "migrants", "small boats", "gaza", "israel", "palestin*",
    "ukraine", "russia", "trump", "abortion", "assisted dying", "net zero", "protest*",
    "campaign to keep", "save our",
]
RELIGION = [
    "god", "jesus", "christ", "christian*", "muslim*", "islam*", "allah", "hindu*",
    "sikh*", "jewish", "jew", "jews", "judaism", "buddhis*", "atheis*", "church", "mosque",
    "temple", "synagogue", "gurdwara", "pray*", "prayer*", "faith", "religio*", "bible",
    "quran", "koran", "sharia", "blasphem*", "sinner*", "sin", "heaven", "hell", "🙏",
]
STANCE = [
    "shameful", "disgrace*", "we stand with", "stand with", "solidarity", "against this",
    "owns the mess", "wrecked", "ruined", "destroyed", "anyone who voted", "anyone who votes",
    "whoever voted", "like it or not", "whether they like it or not", "i don't care what",
    "i'll keep", "i will keep", "i'll always", "refuse to", "should be banned", "must go",
    "should resign", "must resign", "out now", "get out", "sinful", "abomination",
    "vote them out", "traitor*", "evil", "liars", "lying", "corrupt", "scandal*", "✊",
    "#strike", "support the strike", "on strike with", "officially supports", "campaign",
    "the only way", "the one true", "convert", "god's will", "pray for",
    "burn in hell", "blame", "it's their fault", "their fault", "fault of",
]


class TopicsDetector(CueDetector):
    name: ClassVar[str] = "topics"
    cues = {
        "topic.politics": cue(POLITICS, 0.6, "a political topic"),
        "topic.religion": cue(RELIGION, 0.6, "a religious topic"),
        "topic.stance": cue(STANCE, 0.6, "takes a strong position"),
    }
