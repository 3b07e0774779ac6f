"""Opinions among statement candidates: a judgement with no hard anchor (offline/opinions.py)."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.offline import opinions
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import DateClaim, Document, QuoteClaim, StatementClaim


def statements(text: str, published: str | None = None) -> list[StatementClaim]:
    day = date.fromisoformat(published) if published else None
    claims = OfflineExtractor().extract(Document(text=text, source="t", published=day))
    return [c for c in claims if isinstance(c, StatementClaim)]


@pytest.mark.parametrize(
    "sentence",
    [
        # judging words and nothing to check them against
        "For more than three decades, the party in Ohio was dismal at best in the cities.",
        "That mood encapsulates one of the governor's biggest vulnerabilities in Ohio.",
        "Two past contests, a century apart, suggest the questions the party must resolve.",
        # an event outweighs one judging word, not two
        "Most rivals invested in Ohio, but their showing was dismal, and largely self-inflicted.",
    ],
)
def test_a_judgement_with_no_anchor_is_an_opinion(sentence):
    assert opinions.is_unanchored_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure
        "Their showing in Ohio was dismal: 12 percent of the vote, down from 31 percent.",
        "The dismal season cost the club $4 million in Ohio.",
        "Already, he would be the oldest person to take the office in U.S. history.",
        # a reported source
        "The governor said the results in Ohio were dismal.",
        "A state audit found the program was largely mismanaged.",
        # a concrete event and one judging word
        "The council in Toledo passed the budget after a dismal debate.",
        # no judging word at all
        "The council in Toledo met on the budget for the third time.",
    ],
)
def test_an_anchor_or_no_judgement_keeps_a_statement(sentence):
    assert not opinions.is_unanchored_judgement(sentence)


def test_judging_words_are_counted_outside_quotations_and_names():
    assert opinions.judgements("The mayor called the plan “dismal and shameful” twice.") == set()
    assert opinions.judgements("The Ohio Legacy Fund will still own the bridge.") == set()
    assert opinions.judgements("Legacy costs were dismal.") == {"legacy", "dismal"}


def test_would_of_a_named_planner_is_a_plan_not_a_guess():
    assert opinions.judgements("Mr. Rubio would eliminate taxes on investment income.") == set()
    assert opinions.judgements("She would also close the loophole.") == set()
    assert opinions.judgements("A loss there would be a huge setback.") == {"would"}


def test_a_quality_said_with_a_copula_judges_but_a_kind_does_not():
    assert opinions.judgements("The reasons are deeply insidious.") == {
        "are deeply insidious",
        "deeply",
    }
    assert opinions.judgements("The process was needlessly expensive.") == {
        "was needlessly expensive",
        "needlessly",
    }
    assert opinions.judgements("The vote was unanimous and the race was presidential.") == set()


@pytest.mark.parametrize(
    ("text", "anchored"),
    [
        ("about 16,000 a year", True),
        ("the 41st president", True),
        ("a 5-4 ruling", True),
        ("the world's largest drugmaker", True),
        ("at least 24.", True),
        ("the 335 accounts", True),
        ("2016 teaches graduates", False),  # a year
        ("the 9/11 attacks", False),  # part of a date
        ("1) The race", False),  # a list's number
        ("in its 20 years", False),  # a span of time
        ("a 46-year run", False),
        ("students at Intermediate School 285", False),  # part of a name
        ("Sanders, 74, will not run", False),  # an age in apposition
    ],
)
def test_hard_figures(text, anchored):
    assert opinions._hard_figure(text) is anchored


@pytest.mark.parametrize(
    ("text", "soft"),
    [
        ("two past elections", True),
        ("in the wake of six corporate bankruptcies", True),
        ("over 76 minutes", True),
        ("those two billionaires", False),  # points back at what the text named
        ("the final two debates", False),
        ("his six corporate bankruptcies", False),
        ("four years later", False),  # time in words
    ],
)
def test_soft_figures(text, soft):
    assert opinions._soft_figures(text) is soft


def test_a_statement_dropped_as_an_opinion_leaves_the_other_claims_of_its_sentence():
    # Each sentence judges with no anchor. The first holds a date, the second a quote: their
    # date and quote claims stay, and no statement is made of either.
    text = (
        "Ohio's turnout in the primary on March 15, 2016 was dismal at best for the party. "
        "“The party's showing in Ohio was dismal at best,” Governor John Kasich said."
    )
    claims = OfflineExtractor().extract(
        Document(text=text, source="t", published=date(2016, 3, 20))
    )
    assert [c.date_text for c in claims if isinstance(c, DateClaim)] == ["March 15, 2016"]
    assert [c.speaker for c in claims if isinstance(c, QuoteClaim)] == ["John Kasich"]
    assert not [c for c in claims if isinstance(c, StatementClaim)]


def test_the_extractor_drops_an_unanchored_judgement_but_keeps_its_checkable_neighbour():
    text = (
        "For more than two decades, the network in Ohio helped legitimize fringe issues. "
        "The network in Ohio reached 2.3 million homes, its owners reported."
    )
    kept = [s.claim for s in statements(text)]
    assert len(kept) == 1 and "2.3 million homes" in kept[0]
