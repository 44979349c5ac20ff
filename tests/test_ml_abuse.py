"""Real-inference tests for the committed abuse model and the de-obfuscating normaliser.

``NEUTRAL_IDENTITY`` and ``POLITE_CRITICISM`` are a held-out check list (written for this
test, not used in training; the training templates use different wording). They are also
reported by ``scripts/eval_abuse_baselines.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialguard.ml.abuse import AbuseModel, AbuseScore, blend, load_abuse_model
from socialguard.ml.deobfuscate import normalise, normalised_text
from socialguard.ml.profanity import profanity_probs

NEUTRAL_IDENTITY = (
    "As a gay nurse I know how much it helps when patients feel safe to be themselves.",
    "Our Muslim chaplaincy team offers quiet prayer space to staff and visitors.",
    "Black History Month starts next week with a lunchtime talk in the education centre.",
    "I'm a lesbian healthcare assistant and I love working nights on the stroke unit.",
    "Our trans patients told us the new intake form is much more respectful.",
    "The Jewish community group donated activity packs for the children's ward.",
    "Deaf awareness week: a few of us are learning basic BSL phrases this month.",
    "As a disabled physio I bring a different perspective to rehab planning.",
    "Lovely to celebrate Diwali with our Hindu and Sikh colleagues in the staff room.",
    "Our Polish and Romanian porters keep this hospital running, thank you all.",
    "Refugee doctors on the return-to-practice scheme started their placements today.",
    "The women in surgery network is hosting a mentoring evening on Friday.",
    "Pride month: the LGBT+ staff network will have a stall in the main atrium.",
    "Ramadan Mubarak to all our Muslim staff who are fasting during shifts.",
    "Our autistic patients asked for quieter waiting areas and we listened.",
    "As a Black midwife I am proud to mentor students from my community.",
    "We are recruiting bilingual volunteers who speak Urdu, Punjabi or Bengali.",
    "Interpreters are available for immigrant families attending antenatal classes.",
    "Our older patients loved the tea dance on the dementia ward this afternoon.",
    "A bisexual colleague spoke movingly about coming out at work.",
)
POLITE_CRITICISM = (
    "The discharge lounge was overcrowded again today and patients waited hours for transport.",
    "I think the new parking policy is unfair to staff who work night shifts.",
    "Our department has been short of two nurses for months and nothing has changed.",
    "The appointment letters keep arriving after the appointment date, which is not good enough.",
    "Honestly the rota system is a shambles and leadership need to sort it out.",
    "I am unhappy with how the consultation on ward closures was handled.",
    "Pharmacy waiting times are far too long for people collecting discharge medicines.",
    "The heating on ward 12 has been broken for a week and nobody seems to care.",
)
CLEARLY_OFFENSIVE = (
    "shut up you stupid bitch",
    "you are a fucking idiot and everyone hates you",
    "what a pathetic piece of shit this manager is",
    "go to hell you worthless moron",
)
OBFUSCATED = (
    "you absolute 1d10t",
    "what the f*ck is wrong with you, you f**king moron",
    "this place is s h i t and so are you",
    "shut up b.i.t.c.h",
    "you are a sh!t nurse and a pr1ck",
)


@pytest.fixture(scope="module")
def model() -> AbuseModel:
    return load_abuse_model()


def test_offensive_examples_score_high(model: AbuseModel) -> None:
    for text, s in zip(CLEARLY_OFFENSIVE, model.score(CLEARLY_OFFENSIVE), strict=True):
        assert model.is_offensive(s), (text, s)
        assert s.offensive > 0.7, (text, s)


def test_neutral_identity_and_criticism_score_low(model: AbuseModel) -> None:
    texts = NEUTRAL_IDENTITY + POLITE_CRITICISM
    flagged = [
        (t, s)
        for t, s in zip(texts, model.score(texts), strict=True)
        if model.is_offensive(s) or model.is_hate(s)
    ]
    # Allow at most one miss in 28 so the test tracks regressions, not perfection.
    assert len(flagged) <= 1, flagged


def test_offensive_score_blends_the_head_with_alt_profanity_check(model: AbuseModel) -> None:
    w, floor = model.model_weight, model.model_floor
    assert 0.0 < w < 1.0 and 0.0 < floor <= model.thresholds["offensive"]
    texts = ["you are a fucking idiot", "this parking system is garbage",
             "worth it to see my nan blow out her candles", "Lovely walk on the Wrekin"]
    for s in model.score(texts):
        assert s.offensive_model is not None and s.profanity_check is not None
        second = s.profanity_check if s.offensive_model >= floor else 0.0
        assert s.offensive == pytest.approx(w * s.offensive_model + (1 - w) * second, abs=1e-6)
    # alt-profanity-check's bag of words reads "blow" as obscene; where the head gives less
    # than the floor it is not counted, so it cannot raise a score by itself.
    head, second = np.array([floor - 0.01, floor]), np.array([0.9, 0.9])
    assert blend(head, second, w, floor).tolist() == pytest.approx(
        [w * (floor - 0.01), w * floor + (1 - w) * 0.9])


def test_profanity_probs_equal_the_packages_own_predict_prob() -> None:
    from profanity_check import predict_prob

    texts = [*CLEARLY_OFFENSIVE, *NEUTRAL_IDENTITY, *POLITE_CRITICISM, "", "   ", "the and of",
             "Bloody freezing in Scunthorpe", "you are a cunt cunt cunt", "ok 👍"]
    ours = profanity_probs(texts)
    assert ours.shape == (len(texts),) and ours.dtype == np.float32
    assert np.allclose(ours, predict_prob(texts), atol=1e-6)
    assert ours[0] > 0.9 > 0.2 > ours[len(CLEARLY_OFFENSIVE)]
    assert profanity_probs([]).shape == (0,)


def test_obfuscated_forms_are_caught(model: AbuseModel) -> None:
    for text, s in zip(OBFUSCATED, model.score(OBFUSCATED), strict=True):
        assert model.is_offensive(s), (text, s)


def test_normaliser_rewrites_disguises_and_maps_offsets() -> None:
    cases = {
        "you 1d10t": "you idiot",
        "f*ck this": "fuck this",
        "s h i t happens": "shit happens",
        "b.i.t.c.h": "bitch",
        "fuuuuck off": "fuck off",
        "a**hole!": "asshole!",
        "@NHSuser thanks http://t.co/x": "@user thanks http",
        "Tom &amp; Jerry": "Tom & Jerry",
    }
    for raw, want in cases.items():
        assert normalise(raw).text == want, raw
    # A plain word's full stop is punctuation, not a masked letter ("idiots", "uselessing").
    for benign in ("COVID-19 e.g. U.K. I a m fine", "Co-op 2nd 10am", "cl@ss", "A&E at 5pm",
                   "You idiot.", "Disgusting.", "useless..."):
        assert normalise(benign).text == benign
    raw = "well, you 1d10t!"
    n = normalise(raw)
    i = n.text.index("idiot")
    start, end = n.to_original(i, i + len("idiot"))
    assert raw[start:end] == "1d10t"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("Mulsims out", "muslims out"),  # adjacent letters swapped
        ("Immigarnts again", "immigrants again"),
        ("Imigrants everywhere", "immigrants everywhere"),  # a letter missing
        ("W0m3n drivers", "women drivers"),  # leetspeak
        ("Ihatemigrants", "i hate migrants"),  # words run together
        ("I h a t e them", "I hate them"),  # "I" before a spaced-out word
        ("they should be s h o t", "they should be shot"),
    ],
)
def test_normaliser_reads_disguised_group_names(raw: str, want: str) -> None:
    assert normalise(raw).text.lower() == want.lower()


@pytest.mark.parametrize(
    "benign",
    # dictionary words, and words of four letters ("whit" is "with" mistyped, not "white")
    # and one letter for another, which mostly makes another word ("muslin")
    ["The trains were late", "playing whit liberals", "Blacks Leisure", "Muslin curtains",
     "Wembley stadium", "Immigration policy", "transport", "#WomenInLeadership"],
)
def test_normaliser_leaves_real_words_and_short_slips(benign: str) -> None:
    assert normalise(benign).text == benign


# Letters, leet digits, masks, spaces, entities, invisible characters and homoglyphs: the
# material every rewrite of the normaliser works on.
_NORMALISER_ALPHABET = st.sampled_from(
    list("abcfikstuy AEIOU 0134578@$!*#.-_'\"(),") + ["\u200b", "\u00ad", "а", "о", "і", "&amp;",
                                                  "http://t.co/x ", "@NHSuser ", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_NORMALISER_ALPHABET, max_size=40).map("".join))
def test_the_model_input_is_the_normalised_text(text: str) -> None:
    # The model reads normalised_text (no offset map); explanations map normalise's spans
    # back to the draft. Both must see the same text.
    assert normalised_text(text) == normalise(text).text


def test_the_model_input_is_the_normalised_text_on_real_drafts() -> None:
    drafts = [*NEUTRAL_IDENTITY, *POLITE_CRITICISM, *OBFUSCATED, "you 1d10t!", "s h i t",
              "Tom &amp; Jerry\u200b said hі", "f*ck this @NHSuser http://t.co/x"]
    for draft in drafts:
        assert normalised_text(draft) == normalise(draft).text, draft


def test_explain_points_at_abusive_words(model: AbuseModel) -> None:
    text = "Thanks for the update, you f*cking 1d10t"
    spans = model.explain(text)
    assert spans, "a flagged text must have an explanation"
    words = {text[a:b] for a, b, _ in spans[:2]}
    assert words & {"f*cking", "1d10t"}, spans
    assert all(text[a:b] not in {"Thanks", "for", "the"} for a, b, _ in spans[:2])
    assert spans == sorted(spans, key=lambda s: -s[2])


def test_batch_order_and_empty_string(model: AbuseModel) -> None:
    texts = ["", "you are a fucking idiot", "Lovely weather for the staff fun run today."]
    batch = model.score(texts)
    singles = [model.score([t])[0] for t in texts]
    # int8 dynamic quantisation picks activation ranges per batch, so padding shifts
    # scores slightly; order mix-ups would show up as differences of ~0.9.
    for b, s in zip(batch, singles, strict=True):
        assert b.offensive == pytest.approx(s.offensive, abs=0.02)
    reordered = model.score(texts[::-1])[::-1]
    for b, r in zip(batch, reordered, strict=True):
        assert b.offensive == pytest.approx(r.offensive, abs=0.02)
    assert batch[1].offensive > batch[2].offensive
    assert all(isinstance(s, AbuseScore) and 0.0 <= s.offensive <= 1.0 for s in batch)
    assert model.explain("") == []
    assert model.score([]) == []


def test_embeddings_are_the_normalised_mean_of_their_windows(model: AbuseModel) -> None:
    # The judgment heads read each window's embedding; the text's embedding is their
    # normalised sum, so a long post's windows and its embedding must agree.
    texts = ["The flu vaccine clinic opens on Monday for all staff.",
             " ".join(["A long post about the winter plan and our teams."] * 20)]
    encoded = model.encode(texts)
    assert encoded.embeddings.shape == (2, 384) and len(encoded.scores) == 2
    assert [len(w) for w in encoded.windows][0] == 1 and len(encoded.windows[1]) > 1
    for emb, windows in zip(encoded.embeddings, encoded.windows, strict=True):
        assert np.allclose(np.linalg.norm(windows, axis=1), 1.0, atol=1e-4)
        mean = windows.sum(axis=0) / np.linalg.norm(windows.sum(axis=0))
        assert np.allclose(emb, mean, atol=1e-5)


def test_a_pass_for_embeddings_only_gives_the_same_embeddings(model: AbuseModel) -> None:
    # The judgment heads ask for embeddings only (no offensive blend); they must be the
    # very embeddings and token states of a full pass.
    texts = ["Lovely walk on the Wrekin", "you are a fucking idiot"]
    full, bare = model.encode(texts), model.encode(texts, scores=False)
    assert bare.scores == [] and len(full.scores) == 2
    assert np.array_equal(full.embeddings, bare.embeddings)
    for a, b in zip(full.windows, bare.windows, strict=True):
        assert np.array_equal(a, b)
    assert [[t.spans for t in per] for per in full.tokens] == \
        [[t.spans for t in per] for per in bare.tokens]


def test_long_text_is_windowed_not_truncated(model: AbuseModel) -> None:
    filler = "The team met to discuss the rota for next month and agreed the plan. " * 25
    clean, dirty = model.score([filler, filler + "You are a fucking useless idiot."])
    assert not model.is_offensive(clean)
    assert model.is_offensive(dirty)


def test_a_text_scores_the_same_alone_and_in_any_batch(model: AbuseModel) -> None:
    # The int8 model's activation scale is per run: batching texts together used to move
    # scores by up to 0.1, so a verdict could depend on what else was being checked. A lone
    # text also runs on a multi-threaded session, a batch on single-threaded ones.
    from socialguard.eval.bench import corpus

    texts = [*corpus(30),
        "Gutted for the lad in bed 4 tonight, came in after an overdose.",
        "You absolute clown, nobody wants your opinion",
        "Lovely walk on the Wrekin with the dog 🐕 " * 12,  # several windows
        "ok",
    ]
    alone = [model.score_and_embed([t]) for t in texts]
    together = model.score_and_embed(texts)
    reordered = model.score_and_embed(list(reversed(texts)))
    for i, (scores, emb) in enumerate(alone):
        assert together[0][i] == scores[0]
        assert reordered[0][len(texts) - 1 - i] == scores[0]
        assert (together[1][i] == emb[0]).all()


def test_concurrent_checks_each_get_their_own_model_pass(model: AbuseModel) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from socialguard.detectors.encoder import SharedEncoder

    shared = SharedEncoder(model)
    texts = ["You absolute clown", "Lovely walk on the Wrekin", "Call me on 07700 900123",
             "Nobody in senior leadership listens"]
    expected = {t: model.encode([t]).embeddings[0] for t in texts}

    def check(n: int) -> bool:
        text = texts[n % len(texts)]
        if n % 7 == 0:
            shared.forget()
        return bool(np.array_equal(shared.run([text]).embeddings[0], expected[text]))

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(check, range(80)))


def _wildcard_reference(word: str) -> str | None:
    """Every lexicon form tried in turn, longest first (what the length index must equal)."""
    import re

    from socialguard.ml import deobfuscate as d

    if sum(ch.isalpha() for ch in word) < 2 or not any(ch in d._WILDCARDS for ch in word):
        return None
    if not word[0].isalpha() and word[0] not in d._LEET:
        return None
    rx = re.compile("".join("[a-z]" if ch in d._WILDCARDS else re.escape(d._LEET.get(ch, ch))
                            for ch in word))
    forms = sorted(dict.fromkeys(r + s for r in d._LEXICON for s in ("", "s", "ing", "er", "ed")),
                   key=len, reverse=True)
    return next((f for f in forms if rx.fullmatch(f)), None)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcdefhiklmnorstuy*#_.-0134@$!", min_size=2, max_size=12))
def test_masked_words_resolve_as_when_every_form_is_tried(word: str) -> None:
    from socialguard.ml.deobfuscate import _wildcard_match

    assert _wildcard_match(word) == _wildcard_reference(word)


def test_masked_words_resolve_to_the_longest_form() -> None:
    from socialguard.ml.deobfuscate import _wildcard_match

    assert _wildcard_match("m*therf*cker") == "motherfucker"
    assert _wildcard_match("f*ck") == "fuck"
    assert _wildcard_match("#nhs") is None


@pytest.mark.parametrize("text", ["********", "******** what a week", "* * * *", "!!!!!!", "$$$ $$$"])
def test_normaliser_survives_runs_of_mask_characters(text: str) -> None:
    # A run of masks can match the spaced-letters pattern with nothing but separators
    # in it; it once raised IndexError and took the whole check down with it.
    assert normalised_text(text) == normalise(text).text
