"""§6.2 and §7.2: abuse, discrimination, colleagues, grievances, whistleblowing,
sexual content and inflammatory topics."""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialguard.detectors.base import Evidence
from socialguard.detectors.conduct import homonym
from socialguard.detectors.group_remarks import GROUP_NAMED, PROTECTIVE
from socialguard.ml.deobfuscate import normalised_text
from socialguard.rules.base import Context, Hit, pairs, rule, same_sentence

# Model scores (when the trained classifier is installed) above which the text
# is treated as abusive or hateful on its own; chosen on validation data.
MODEL_OFFENSIVE = "model.offensive"
MODEL_HATE = "model.hate"
STRONG_SEXUAL = (
    "🔞",
    "spicy",
    "nude",
    "naked",
    "porn",
    "sexting",
    "nsfw",
    "horny",
    "dick pic",
    "onlyfans",
    "send pics",
    "intimate photo",
    "shag",
    "xxx",
    "orgasm",
    "put me on the",
)
# Ways of generalising about a person from a characteristic ("so expect...",
# "typical...", "the X lot") or of mocking what they do because of it.
STEREOTYPE_MARKERS = (
    " so expect",
    "typical",
    " always ",
    " never ",
    "won't stop",
    "can't stop",
    " lot ",
    "can't understand",
    "learn english",
    "go home",
    " in her ",
    " in his ",
    " wears ",
    " all the same",
    " of course ",
    " them lot",
    " their sort",
    " his sort",
    " her sort",
    " these people",
    "those people",
)
# Telling people to leave because of who they are is an attack as well as discrimination.
EXCLUDE = re.compile(r"\b(send|ship|kick|deport|go back|go home|get out)\b", re.IGNORECASE)
DIRECTED = frozenset({"you", "your", "you're", "yourself", "u", "he", "she", "him", "his",
                      "her", "they", "them"})


# Too general to stand for an age group by themselves ("young drivers shouldn't be allowed").
AGE_WORDS = frozenset({"old", "young", "mental health"})
# A model score this high stands without a named target (the model is sure it is abuse).
CONFIDENT = 0.6


# Words that put a person or a group of people in a text. The model scores venting about
# things ("I hate Mondays", "this weather is disgusting") as offensive too; with no one to
# attack, distress or offend (spec §6.2) and no abusive word, that is not abuse.
SOMEONE = re.compile(
    r"@\w|people\b|\b(?:you|your|yours|yourself|yourselves|u|ur|he|she|him|his|her|hers|"
    r"they|them|their|theirs|person|persons|everyone|everybody|anyone|anybody|someone|"
    r"somebody|nobody|no one|ppl|folks?|man|men|woman|women|guys?|lads?|girls?|boys?|kids?|"
    r"child(?:ren)?|bab(?:y|ies)|staff|patients?|nurses?|doctors?|managers?|boss(?:es)?|"
    r"colleagues?|mums?|dads?|wife|husband|partner|neighbours?|mates?|friends?|parents?|"
    r"famil(?:y|ies)|humans?|members?|politicians?|government|ministers?|council(?:lors)?|"
    r"management|leaders?|leadership|public|voters?|fans?|immigrants?|migrants?|"
    r"refugees?|foreigners?|lot)\b",
    re.IGNORECASE,
)
# Obscenities are abusive without a target (spec §5), whichever way the model met them.
OBSCENE_ROOTS = frozenset("""fuck fuk fck fcuk motherfucker shit shite bullshit crap bitch
biatch bastard cunt twat wanker wank prick dick dickhead cock cocksucker pussy slut whore ass
arse asshole arsehole jackass dumbass bellend knob knobhead tosser douche douchebag piss
pissed bollocks""".split())
_SUFFIXES = ("", "s", "es", "ed", "er", "ers", "ing", "in", "y", "head", "face")


def _obscene(word: str) -> bool:
    w = word.lower().strip(".,!?;:'\"()*#@")
    return any(w.startswith(root) and w[len(root):] in _SUFFIXES for root in OBSCENE_ROOTS)


PERSON_EVIDENCE = ("pii.person", "people.protected", "people.colleague", "discrimination.group",
                   "org.name")


def _about_someone(ctx: Context) -> bool:
    """The text names, addresses or refers to a person or a group of people."""
    return (ctx.submission.in_reply_to is not None or ctx.analysis.has(*PERSON_EVIDENCE)
            or SOMEONE.search(ctx.text) is not None)


def _directed(ctx: Context, start: int, end: int) -> bool:
    return _addresses_someone(ctx, start, end) or ctx.submission.in_reply_to is not None


def _addresses_someone(ctx: Context, start: int, end: int) -> bool:
    """A person pronoun or an @mention near the span: "...and so are you", "she is a
    disgrace", "@someone shut up"."""
    window = ctx.text[max(0, start - 60) : end + 60].lower().replace("’", "'")
    if re.search(r"@\w", window):
        return True
    window = re.sub(r"'(s|re|ve|ll|d)\b", "", window)
    return not DIRECTED.isdisjoint(re.findall(r"[a-z]+", window))


@rule("conduct.abusive")
def abusive(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    obscene = _meant(ctx, "abuse.obscene", "discrimination.slur")
    # Put-downs of a colleague are conduct.colleagues' concern; obscenities stay abusive.
    colleagues = a.of("people.colleague")
    insults = [
        e
        for e in _meant(ctx, "abuse.insult")
        if _directed(ctx, e.start, e.end)
        and not any(same_sentence(ctx.text, e, c) for c in colleagues)
    ]
    exclusion = [e for e in _meant(ctx, "discrimination.group") if EXCLUDE.search(e.text)]
    exclusion += _group_threats(ctx)
    model = a.best(MODEL_OFFENSIVE)
    if obscene or insults or exclusion:
        yield Hit(
            "conduct.abusive",
            obscene + insults + exclusion,
            "insulting, obscene or threatening words",
        )
    elif model is not None and _model_abuse_counts(ctx, model):
        yield Hit("conduct.abusive", [model], model.explanation, spans=_driving_spans(model))
    elif (
        a.has("discrimination.group")
        and a.has("tone.derision")
        and ("go home" in ctx.text.lower() or "get out" in ctx.text.lower())
    ):
        yield Hit(
            "conduct.abusive",
            a.of("discrimination.group"),
            "tells people to leave because of who they are",
        )


def _group_threats(ctx: Context) -> list[Evidence]:
    """Threats in a text that names people by a protected characteristic."""
    a = ctx.analysis
    threats = _meant(ctx, "abuse.threat")
    # "the old days" is no age group: bare age words count only in a group's name.
    protected = [p for p in a.of("people.protected") if p.text.lower() not in AGE_WORDS]
    if threats and (protected or a.has("discrimination.generalisation", "discrimination.slur")
                    or GROUP_NAMED.search(normalised_text(ctx.text))):
        return threats
    return []


def _condemned(ctx: Context, start: int, end: int) -> bool:
    """The span lies in a sentence that condemns or negates it, or in a remark quoted to
    condemn it."""
    # The start decides: a word's span may carry the full stop that ends the sentence.
    return any(c.start <= start < c.end for c in ctx.analysis.of("tone.counter-speech"))


def _meant(ctx: Context, *kinds: str) -> list[Evidence]:
    """Evidence of ``kinds`` the author says in their own voice (not ``_condemned``)."""
    return [e for e in ctx.analysis.of(*kinds) if not _condemned(ctx, e.start, e.end)]


@rule("conduct.discriminatory")
def discriminatory(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    explicit = _meant(ctx, "discrimination.group")
    slurs = _meant(ctx, "discrimination.slur")
    mocked = pairs(a.of("people.protected"), a.of("tone.derision"), ctx.text, window=100)
    model = a.best(MODEL_HATE)
    if model is not None and (_condemned(ctx, *_driving_spans(model)[0])
                              or _reports_harm(ctx, model) or _innocent_senses(ctx, model)):
        model = None
    sweeping = _meant(ctx, "discrimination.generalisation")
    denied = _denials(ctx)
    if denied:
        yield Hit("conduct.discriminatory", [e for pair in denied for e in pair],
                  "denies people a right or a place because of a protected characteristic")
    elif explicit and (a.has("tone.derision") or a.has("abuse") or len(explicit) > 1 or mocked):
        yield Hit(
            "conduct.discriminatory",
            explicit + [m[1] for m in mocked],
            "belittles people for a protected characteristic",
        )
    elif mocked and len({m[1].text for m in mocked}) >= 1 and _stereotype(ctx):
        yield Hit(
            "conduct.discriminatory",
            [m[0] for m in mocked] + [m[1] for m in mocked],
            "mocks or stereotypes a protected characteristic",
        )
    elif threats := _group_threats(ctx):
        yield Hit("conduct.discriminatory", threats,
                  "threatens people of a protected characteristic")
    elif slurs:
        yield Hit("conduct.discriminatory", slurs,
                  "uses a slur for people of a protected characteristic")
    elif sweeping:
        yield Hit("conduct.discriminatory", sweeping,
                  "judges a whole group of people by a protected characteristic")
    elif model is not None and model.score >= float(model.attrs.get("threshold", 0.5)):
        yield Hit("conduct.discriminatory", [model], model.explanation)


def _driving_spans(model: Evidence) -> list[tuple[int, int]]:
    """The words that carry the score: within a third of the strongest word's weight."""
    words = model.attrs.get("words") or []
    top = max((float(w) for _, _, w in words), default=0.0)
    return [(int(s), int(e)) for s, e, w in words if float(w) >= top / 3] or [model.span]


def _model_abuse_counts(ctx: Context, model: Evidence) -> bool:
    """The model's offensive score, judged as the policy judges words (spec §5)."""
    if model.score < float(model.attrs.get("threshold", 0.5)):
        return False
    a = ctx.analysis
    if a.has("sexual.term"):
        return False  # indecency is conduct.sexual's finding, not an insult
    if float(model.attrs.get("without_mild", 1.0)) < float(model.attrs.get("threshold", 0.5)):
        return False  # only the mild words ("bloody", "damn") made it offensive
    if a.has("people.colleague") and not a.has("abuse.obscene"):
        return False  # a put-down of a colleague is conduct.colleagues
    if _denials(ctx):
        return False  # denying a group its rights is conduct.discriminatory's finding
    if not _about_someone(ctx) and not any(
            _obscene(ctx.text[start:end]) for start, end in _driving_spans(model)):
        return False
    if _condemned(ctx, *_driving_spans(model)[0]):
        return False  # quoted or reported to condemn it ("saying 'X are Y' is racist")
    if _innocent_senses(ctx, model):
        return False  # "our labrador bitch is due to whelp"
    words = model.attrs.get("words")
    if isinstance(words, list) and words:
        start, end = int(words[0][0]), int(words[0][1])
        if model.score < CONFIDENT and not _directed(ctx, start, end):
            # With no abusive word to point at, a middling score alone is no attack on
            # anyone: "I am an absolute muppet", "deserves jail time", "a slur was shouted".
            return False
        if any(e.start < end and start < e.end for e in a.of("tone.negative")) and not (
            _addresses_someone(ctx, start, end)
        ):
            return False  # "this is rubbish": criticism of a service or a claim, not a person
        if any(e.start < end and start < e.end for e in a.of("care")):
            # Trained on tweets, the model reads clinical words ("overdose", "died") as
            # offensive; when such a word carries the score, nobody is being attacked.
            return False
    return True


def _reports_harm(ctx: Context, model: Evidence) -> bool:
    """The words driving the model's score lie in a sentence saying what a group suffers
    ("Black women are four times more likely to die in pregnancy")."""
    start = _driving_spans(model)[0][0]
    return any(h.start <= start < h.end for h in ctx.analysis.of("tone.harm-report"))


def _innocent_senses(ctx: Context, model: Evidence) -> bool:
    """Every word driving the model's score is used in an innocent sense ("faggots and
    gravy", "a spaniel bitch"): the model reads the word, not its sense."""
    return all(homonym(ctx.text, start, end) for start, end in _driving_spans(model))


def _denials(ctx: Context) -> list[tuple[Evidence, Evidence]]:
    """(protected group, denial) pairs: "gay couples shouldn't be allowed to adopt"."""
    a = ctx.analysis
    return [(p, d) for p, d in pairs(a.of("people.protected"), a.of("discrimination.denial"),
                                     ctx.text, window=80)
            if p.text.lower() not in AGE_WORDS and same_sentence(ctx.text, p, d)
            and not PROTECTIVE.search(ctx.text[d.end : d.end + 40])]


def _stereotype(ctx: Context) -> bool:
    """Derision alone can be self-mockery; a joke *about* a group needs a person described."""
    lowered = f" {ctx.text.lower()} "
    return any(w in lowered for w in STEREOTYPE_MARKERS)


@rule("conduct.colleagues")
def colleagues(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    if not (ctx.personal or not ctx.corporate):
        return
    refs = [e for e in a.of("people.colleague") if e.text.lower() not in ("she", "he")]
    bad = a.of("tone.derision", "abuse.insult", "discrimination.group")
    found = pairs(refs, bad, ctx.text, window=140)
    if not found and refs and a.has("grievance.term"):
        distrust = [g for g in a.of("grievance.term") if "trust" in g.text.lower()]
        found = pairs(refs, distrust, ctx.text, window=140)
    if found:
        yield Hit(
            "conduct.colleagues", [e for p in found for e in p], "disparages a colleague or manager"
        )


@rule("conduct.grievance")
def grievance(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    if not ctx.personal:
        return
    terms = a.of("grievance.term") + a.of("intent.grievance")
    # A grievance is with the employer: a complaint about NHS waiting times is not one.
    employment = a.has("work.employment", "people.colleague")
    if terms and employment and (len(terms) >= 2 or a.has("tone.negative", "tone.derision")
                                 or _first_person(ctx)):
        yield Hit("conduct.grievance", terms, "airs a dispute with the employer or colleagues")


def _first_person(ctx: Context) -> bool:
    lowered = f" {ctx.text.lower()} "
    return any(w in lowered for w in (" my ", " i ", " i've ", " i'm ", " me ", " us ", " we "))


@rule("conduct.whistleblowing")
def whistleblowing(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    terms = a.of("whistleblowing.term")
    strong = [
        e
        for e in terms
        if any(
            s in e.text.lower()
            for s in ("whistle", "speakingup", "fraud", "cover", "falsif", "corrupt", "malpractice",
                      "massag", "fudg", "doctored", "cooked the books", "cooking the books")
        )
    ]
    distinct = {e.text.lower() for e in terms}
    if strong or len(distinct) >= 2 or (distinct and a.has("intent.whistleblowing")):
        yield Hit(
            "conduct.whistleblowing",
            terms,
            "raises an allegation of wrongdoing or a safety failing in public",
        )


@rule("conduct.sexual")
def sexual(ctx: Context) -> Iterator[Hit]:
    terms = ctx.analysis.of("sexual.term")
    strong = [e for e in terms
              if any(s in f"{e.text.lower()} {e.attrs.get('reads_as', '')}" for s in STRONG_SEXUAL)]
    if strong or len(terms) >= 2:
        yield Hit("conduct.sexual", terms, "sexual or indecent content")


@rule("conduct.inflammatory")
def inflammatory(ctx: Context) -> Iterator[Hit]:
    a = ctx.analysis
    topics = a.of("topic.politics", "topic.religion")
    stance = a.of("topic.stance")
    linked = ctx.official or ctx.identifiable_staff
    if topics and stance and linked and pairs(topics, stance, ctx.text, window=200):
        yield Hit(
            "conduct.inflammatory",
            topics + stance,
            "takes a position on politics or religion in a post linked to the organisation",
        )
