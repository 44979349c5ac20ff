"""Remarks about protected groups: judged by the clause's structure and sentiment, told
apart from reports of harm, condemnation and negation; the innocent senses of slurs."""

from __future__ import annotations

import pytest

from socialguard.detectors.conduct import homonym
from socialguard.detectors.group_remarks import HARM, JUDGES, TREATMENT, group_remarks, judgements


def kinds(text: str) -> set[str]:
    return {e.kind for e in group_remarks(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Hindus are sly and dishonest.",  # the group as subject, a negative predicate
        "Tbh I reckon lesbians are deeply unpleasant people.",  # after an opener
        "I can't stand pensioners.",  # what the author loathes
        "Met loads of Poles at work. They're thieves, every one.",  # "they" after the group
        "Why are gay men so arrogant?",  # as a question
        "Jewish people cannot be trusted with money.",  # a negated positive
        "Migrants aren't humans, they're rats.",  # dehumanised
        "Deaf people have no right to be on a jury.",  # denied a right
        "Trans women are disgusting and twisted",
    ],
)
def test_judgements_of_a_whole_group(text: str) -> None:
    assert any(how == JUDGES for *_, how in judgements(text)), text
    assert "discrimination.generalisation" in kinds(text)


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("Disabled people are twice as likely to live in poverty.", HARM),
        ("Asylum seekers are being housed in awful conditions.", HARM),
        ("Muslims are worried after the attack on the mosque.", HARM),
        ("Mocking disabled people is cruel and pathetic.", TREATMENT),
    ],
)
def test_reports_of_harm_and_condemned_treatment_are_not_judgements(text: str, how: str) -> None:
    assert [h for *_, h in judgements(text)] == [how]
    assert "discrimination.generalisation" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Women are brilliant engineers.",
        "Muslims are fasting this month, so expect quieter canteens.",
        "Sacking pregnant women is illegal.",
        "Refugees: what the new rules mean for you",  # a heading
        "Pensioners are not a burden.",
        "I don't hate immigrants.",
    ],
)
def test_neutral_positive_and_negated_remarks_are_not_judgements(text: str) -> None:
    assert "discrimination.generalisation" not in kinds(text)


def test_a_disguised_remark_is_found_and_shown_as_typed() -> None:
    text = "Imigrants are v e r m i n"
    found = [e for e in group_remarks(text) if e.kind == "discrimination.generalisation"]
    assert found and found[0].text.startswith("Imigrants")


@pytest.mark.parametrize(
    ("text", "word", "innocent"),
    [
        ("A walk along Offa's Dyke at dawn", "Dyke", True),
        ("This coating will retard the spread of flames", "retard", True),
        ("Our collie bitch had her pups today", "bitch", True),
        ("Faggots with mushy peas for tea", "Faggots", True),
        ("Reviewing a child with spastic quadriplegia", "spastic", True),
        ("Us dykes have to stick together", "dykes", True),  # reclaimed, said of oneself
        ("Look at that dyke over there", "dyke", False),
        ("He is such a retard", "retard", False),
        ("Shut up, bitch", "bitch", False),
    ],
)
def test_homonyms(text: str, word: str, innocent: bool) -> None:
    start = text.index(word)
    assert homonym(text, start, start + len(word)) is innocent
