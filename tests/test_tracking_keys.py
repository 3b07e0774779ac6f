"""Normalised keys: names, dates at their precision, words, parties, block keys."""

from __future__ import annotations

import pytest

from claimtrack.tracking.keys import (
    block_keys,
    dates_compatible,
    name_words,
    names_compatible,
    parties,
    plain,
    precision,
    words,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kishida", ("kishida",)),
        ("Kishida Fumio", ("fumio", "kishida")),
        ("Fumio Kishida", ("fumio", "kishida")),
        ("Japanese Prime Minister Fumio Kishida", ("fumio", "kishida")),
        ("Prime Minister Kishida's", ("kishida",)),
        ("Spokeswoman Haley Morris", ("haley", "morris")),
        ("Martin O’Malley", ("malley", "martin")),
        ("South Korean President Yoon Suk-yeol", ("suk", "yeol", "yoon")),
        ("Jane Doe, the chief executive", ("doe", "jane")),
        ("the company's chief executive, Jane Doe", ("doe", "jane")),
        ("he", ()),
        ("a spokesman for the ministry", ()),
        (None, ()),
        ("José Martí", ("jose", "marti")),
    ],
)
def test_names_lose_titles_roles_and_nationalities(name, expected):
    assert name_words(name) == expected


def test_names_are_compatible_when_they_share_a_name_word():
    kishida = name_words("Kishida")
    assert names_compatible(kishida, name_words("Japanese Prime Minister Fumio Kishida"))
    assert names_compatible(name_words("Kishida Fumio"), name_words("Fumio Kishida"))
    assert not names_compatible(kishida, name_words("Yoon Suk-yeol"))
    assert names_compatible(kishida, ())  # an unknown speaker can be anyone


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("2023-03-16", "2023-03-16", True),
        ("2023-03", "2023-03-16", True),  # a month holds its days
        ("2023", "2023-03-16", True),
        ("XXXX-03-16", "2023-03-16", True),  # a year the text did not give
        ("XXXX-03-16", "2023-03-17", False),
        ("2023-W11", "2023-03-16", True),  # Thursday of ISO week 11
        ("2023-W11-WE", "2023-03-16", False),  # not that week's weekend
        ("2023-W11-WE", "2023-03-18", True),
        ("2023-Q1", "2023-02-10", True),
        ("2023-Q1", "2023-04-01", False),
        ("2023-SP", "2023-04-20", True),
        ("199", "1995", True),  # the 1990s
        ("2023-03-16", "2023-03-17", False),
        ("2023-03", "2023-04", False),
        ("2022", "2023-03-16", False),
        ("2023-03-16TNI", "2023-03-16", True),
        ("PRESENT_REF", "2023-03-16", True),  # no interval: compatible with anything
        (None, "2023-03-16", True),
    ],
)
def test_dates_are_compatible_at_their_precision(a, b, compatible):
    assert dates_compatible(a, b) is compatible
    assert dates_compatible(b, a) is compatible


def test_precision_of_a_date():
    assert [precision(v) for v in ("2023-03-16", "2023-03", "2023-W11", "2023", None)] == [
        3,
        2,
        2,
        1,
        0,
    ]


def test_words_ignore_punctuation_case_and_typography():
    assert (
        words("“We’re ready, and we won't wait.”").words
        == words('"we are ready and we will not wait"').words
    )
    assert words("It cost $4,500,000 — 12% more").words == (
        "it",
        "cost",
        "$",
        "4500000",
        "12",
        "percent",
        "more",
    )
    assert words("two years").words == words("2 years").words


def test_elisions_and_insertions_are_gaps_in_a_quote():
    found = words("We will … review [the pact] every year", gaps=True)
    assert found.words == ("we", "will", "review", "every", "year")
    assert found.gaps == (2, 3)  # after "will", and where "[the pact]" was


def test_plain_text_keeps_punctuation_but_not_the_quote_mark_style():
    assert plain("“It’s done,” he said") == plain('"It\'s done," he said')
    assert plain("It’s done, he said") != plain("It’s done he said")


def test_parties_are_a_set():
    assert parties(["South Korea", "Japan"]) == parties(["Japan", "South Korea", "japan"])
    assert parties(["the U.S.", "China"]) == parties(["United States", "China"])


def test_a_partial_quote_shares_a_block_key_with_the_whole():
    whole = words("This agreement opens a new chapter for both our peoples").words
    part = words("opens a new chapter").words
    changed = words("This agreement opens a dark chapter for both our peoples").words
    assert set(block_keys("quote", whole)) & set(block_keys("quote", part))
    assert set(block_keys("quote", whole)) & set(block_keys("quote", changed))
    assert not set(block_keys("quote", whole)) & set(block_keys("date", whole))
    # stop words alone join nothing
    assert block_keys("quote", words("and we will not be defeated").words) != []
    assert block_keys("quote", words("it is what it is").words) == []
