from datetime import date

import pytest

from claimtrack.dates import find_dates

DCT = date(2023, 3, 24)  # a Friday


def values(text, dct=DCT):
    return [(m.text, m.value) for m in find_dates(text, dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on March 16.", [("March 16", "2023-03-16")]),
        ("It began in February 2022.", [("February 2022", "2022-02")]),
        ("It was discontinued in 2011.", [("2011", "2011")]),
        ("He arrived on March 21, 2023.", [("March 21, 2023", "2023-03-21")]),
        ("The summit is in May.", [("May", "2023-05")]),
        ("Last weekend, it staged a drill.", [("Last weekend", "2023-W11-WE")]),
        ("Shares fell yesterday.", [("yesterday", "2023-03-23")]),
        ("It fell three weeks ago.", [("three weeks ago", "2023-W09")]),
        ("Sales rose last year.", [("last year", "2022")]),
        ("He spoke on Tuesday.", [("Tuesday", "2023-03-21")]),
        ("He will speak on Tuesday.", [("Tuesday", "2023-03-28")]),
        ("Profits in the third quarter of 2012 rose.", [("the third quarter of 2012", "2012-Q3")]),
        ("Prices doubled in the 1990s.", [("the 1990s", "199")]),
        ("It ended on 2023-03-02.", [("2023-03-02", "2023-03-02")]),
        ("He spoke at 3:30 p.m.", [("3:30 p.m.", "2023-03-24T15:30")]),
        ("They are now closer.", [("now", "PRESENT_REF")]),
        ("It was the 20th century.", [("the 20th century", "19")]),
    ],
)
def test_normalised_values(text, expected):
    assert values(text) == expected


def test_without_a_document_date_relative_dates_stay_unresolved():
    mentions = find_dates("On March 16 they met. Last weekend, it fired.", None)
    assert [(m.value, m.resolved, m.relative) for m in mentions] == [
        ("XXXX-03-16", False, False),
        (None, False, True),
    ]


def test_counts_are_not_years():
    assert values("The agency has 2000 people and 1,999 cars at $2010.") == []


def test_offsets_point_at_the_expression():
    text = "Then on March 22, it fired."
    (mention,) = find_dates(text, DCT)
    assert text[mention.start : mention.end] == "March 22"


def test_may_the_verb_is_not_a_month():
    assert values("They may leave soon.") == []
