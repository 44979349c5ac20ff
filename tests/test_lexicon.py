"""Phrase lexicons: word boundaries, stems, hyphens and the apostrophes people really type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialguard.detectors.lexicon import Lexicon, leet_pattern

LEXICON = Lexicon(["can't do this anymore", "we'll be at", "complain*", "brain dead"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I can't do this anymore", "can't do this anymore"),
        ("I can’t do this anymore", "can’t do this anymore"),  # a phone's curly apostrophe
        ("i cant do this anymore", "cant do this anymore"),  # text-speak drops it
        ("We’ll be at the board meeting", "We’ll be at"),
        ("she complained twice", "complained"),
        ("brain-dead idea", "brain-dead"),
    ],
)
def test_finds(text: str, found: str) -> None:
    assert [h.text for h in LEXICON.finditer(text)] == [found]


@pytest.mark.parametrize("text", ["well be at the office", "scomplaint", "braindead"])
def test_does_not_find(text: str) -> None:
    assert LEXICON.find(text) == []


# The word gate (Lexicon._gate) may only skip texts the pattern cannot match -----------

GATE_PHRASES = ["can't do this anymore", "we'll be at", "complain*", "brain dead", "a&e",
                "self-harm", "#nhs", "i'm done", "x-ray", "o'clock", "straße", "£5 off",
                "sod it", "DM me", "'em all", "@stw_icb"]


def _scan(lexicon: Lexicon, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in lexicon.pattern.finditer(text)]  # no gate


@given(st.lists(st.one_of(st.sampled_from([*GATE_PHRASES, "don’t", "WE’LL", "Brain-Dead",
                                           "(complaining)", "a&E.", "Self-Harm!", "x"]),
                          st.text(alphabet=" -'’.,!?()#@&*abcxyzß0123", max_size=6)),
                max_size=8))
@settings(max_examples=400, deadline=None, derandomize=True)
def test_gate_never_hides_a_hit(parts: list[str]) -> None:
    lexicon = Lexicon(GATE_PHRASES)
    text = "".join(parts)
    assert [(h.start, h.end) for h in lexicon.finditer(text)] == _scan(lexicon, text)


def test_gate_skips_texts_without_any_phrase_word() -> None:
    lexicon = Lexicon(["brain dead", "complain*"])
    assert lexicon._gate == (("brain", "dead"), ("compla",))
    assert not lexicon._may_match("Lovely to see the new clinic open")
    assert lexicon._may_match("Lovely to see (complaints) handled")
    assert not lexicon._may_match("my brain is fried")  # both words are needed


def test_common_words_do_not_open_the_gate() -> None:
    assert Lexicon(["on behalf of the ICB"])._gate == (("behalf", "icb"),)
    assert Lexicon(["as if"])._gate == (("as", "if"),)


def test_obfuscated_lexicons_are_never_gated() -> None:
    assert Lexicon(["idiot"], obfuscated=True)._gate is None


def test_every_checker_lexicon_gives_the_same_hits_gated_on_the_examples() -> None:
    import gc
    import json
    from pathlib import Path

    from socialguard.engine import check
    from socialguard.policy import load_pack
    from socialguard.submission import Submission

    check(Submission(text="warm up every detector"), load_pack())
    lexicons = [o for o in gc.get_objects() if isinstance(o, Lexicon)]
    assert len(lexicons) >= 8  # the pack's lexicons, its names and partners
    data = Path(__file__).parent / "data"
    texts = [json.loads(line)["text"] for f in sorted(data.glob("probe*_posts.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 100
    for lexicon in lexicons:
        for text in texts:
            assert [(h.start, h.end) for h in lexicon.finditer(text)] == _scan(lexicon, text)


def test_leet_pattern_spaces_letters_only_when_asked() -> None:
    import re

    assert re.fullmatch(leet_pattern("shit"), "s h 1 t")
    assert not re.fullmatch(leet_pattern("shit", spaced=False), "s h 1 t")
    assert re.fullmatch(leet_pattern("shit", spaced=False), "$h1t")


def test_a_disguise_lexicon_reads_a_trailing_star_as_any_ending() -> None:
    # "faggot*" in the slur list once matched only a literal "faggot*": no slur with a
    # star was ever found.
    slurs = Lexicon(["faggot*", "dyke"], obfuscated=True)
    assert [h.text for h in slurs.finditer("two faggots, a f4gg0t and a d y k e")] == [
        "faggots", "f4gg0t", "d y k e"]
    assert slurs.find("dykes on bikes") == []  # no star, no ending


def test_a_pack_extends_and_trims_a_bundled_lexicon() -> None:
    from socialguard.policy.loader import bundled_pack_path, parse_pack

    raw = bundled_pack_path().read_text(encoding="utf-8")
    bundled = parse_pack(raw)
    edited = parse_pack(raw + "\nlexicons:\n  media_outlets:\n    add: [Wellington Weekly]\n"
                        "    remove: [Shropshire Star]\n")
    text = "Spoke to the Wellington Weekly and the Shropshire Star today"
    assert [h.text for h in bundled.lexicon("media_outlets").finditer(text)] == [
        "Shropshire Star"]
    assert [h.text for h in edited.lexicon("media_outlets").finditer(text)] == [
        "Wellington Weekly"]


def test_a_pack_naming_an_unknown_lexicon_is_refused() -> None:
    from socialguard.policy.loader import PackError, bundled_pack_path, parse_pack

    raw = bundled_pack_path().read_text(encoding="utf-8")
    with pytest.raises(PackError, match="lexicons.media_outlet: no such lexicon"):
        parse_pack(raw + "\nlexicons:\n  media_outlet:\n    add: [Wellington Weekly]\n")
