from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack import dates
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


@pytest.mark.parametrize(
    "text",
    [
        "A USA TODAY investigation found dozens of donations.",
        "He told NBC's Today show that he would run.",
        'Baker, speaking on ABC News\' "This Week," said the request was serious.',
        "He appeared on Fox News Sunday to defend the plan.",
        "White House reporter April Ryan asked the question.",
        "The Black September group claimed the attack.",
        "The band played “Wake Me Up When September Ends” at the rally.",
        "They set up a joint venture called Orion 1980, making parts.",
        "Windows 2000 was released.",
        "Its 2000 employees were laid off.",
        "The Arab Spring changed the region.",
        "The fall of the Berlin Wall was a turning point.",
        "She is in her 70s and still works.",
        "He saw the film High Noon twice.",
    ],
)
def test_a_date_word_in_a_name_or_a_count_is_no_date(text):
    assert values(text) == []


def test_a_clock_time_with_a_zone_is_a_time_not_a_year():
    assert values("The ship sailed at 1750 GMT.") == [("1750 GMT", "2023-03-24T17:50")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unemployment has risen since 1992.", [("1992", "1992")]),
        ("The plan is to finish by 2012.", [("2012", "2012")]),
        ("His 2007 presidential campaign drew funds.", [("2007", "2007")]),
        ("He graduated in '82 from Yale.", [("'82", "1982")]),
        ("Music from the 70s filled the hall.", [("the 70s", "197")]),
        ("They grew up in the seventies.", [("the seventies", "197")]),
        ("Autumn came early.", [("Autumn", "2022-FA")]),
        ("The talks will resume in the spring.", [("the spring", "2023-SP")]),
        ("Atlanta, nineteen ninety-six, saw a bombing.", [("nineteen ninety-six", "1996")]),
        (
            "The approach of the year two thousand worries them.",
            [("the year two thousand", "2000")],
        ),
        ("The pandemic of 2009-2010 killed 348.", [("2009", "2009"), ("2010", "2010")]),
        ("The expedition of 1957-58 crossed it.", [("1957", "1957"), ("58", "1958")]),
        ("In January this year, they searched.", [("January this year", "2023-01")]),
        ("In July last year, he was arrested.", [("July last year", "2022-07")]),
        ("He was kidnapped at 10 p.m. Wednesday.", [("10 p.m. Wednesday", "2023-03-22T22:00")]),
        (
            "He spoke at 8 PM on Friday.",
            [("8 PM", "2023-03-24T20:00"), ("Friday", "2023-03-24")],
        ),
        (
            "He left on Friday, March 17, 2023.",
            [("Friday", "2023-03-17"), ("March 17, 2023", "2023-03-17")],
        ),
        ("The machines were removed a few years ago.", [("a few years ago", "202")]),
    ],
)
def test_more_ways_to_write_a_date(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The tense of the verb next to the date picks the side of the document date.
        ("He was fired from his job in July.", "2022-07"),
        ("Japan will host the G7 summit in May, and he was the only leader to go.", "2023-05"),
        # A deadline two weeks away is this year's, whatever verb is near it.
        ("He gave no reason for the April 2 deadline.", "2023-04-02"),
        # A weekday names the year: April 1, 2023 is a Saturday.
        ("It ran in an editorial on Saturday, April 1.", "2023-04-01"),
    ],
)
def test_the_year_of_a_date_follows_the_text(text, expected):
    assert expected in [value for _, value in values(text)]


def test_a_year_ago_in_a_report_of_quarterly_results_is_that_quarter():
    text = (
        "The company's fourth-quarter net income rose 11%. "
        "Revenue was up from $10 million a year ago."
    )
    assert values(text, date(2023, 2, 2))[-1] == ("a year ago", "2021-Q4")


def test_that_year_and_the_following_year_refer_to_the_year_named():
    found = values("In 1995 he was promoted, and the following year he left.")
    assert found == [("1995", "1995"), ("the following year", "1996")]


def test_finding_dates_stays_linear_in_the_number_of_candidates():
    import itertools
    import time

    from claimtrack.dates import _longest_first

    # 60,000 overlapping candidates: checking each against all kept spans would take minutes.
    candidates = [(i * 3, i * 3 + 5, "bare_year") for i in range(60_000)]
    started = time.perf_counter()
    kept = _longest_first(candidates)
    assert time.perf_counter() - started < 5
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(kept))


def test_a_month_after_a_preposition_is_a_date_even_before_a_name():
    assert values("In August Trump met with Espinoza.") == [("August", "2022-08")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No verb says which way: the last one (news mostly tells of days gone).
        ("But the attacks in Paris on Wednesday changed the race.", [("Wednesday", "2023-03-22")]),
        ("Crutcher was killed Saturday near Tulsa.", [("Saturday", "2023-03-18")]),
        # A plan still to be carried out.
        (
            "They were planning to drive to the airport on Sunday.",
            [("Sunday", "2023-03-26")],
        ),
    ],
)
def test_a_weekday_is_the_last_one_unless_the_text_looks_ahead(text, expected):
    assert values(text) == expected


def test_a_decade_ago_is_a_year():
    assert values("A decade ago, it was still a Soviet satellite.", date(1999, 3, 12)) == [
        ("A decade ago", "1989")
    ]


def test_a_holiday_near_the_document_date_is_that_one_and_its_week_is_a_week():
    # Written on Monday 17 April 2000, six days before Easter.
    assert values("Protesters prayed as Easter week began.", date(2000, 4, 17)) == [
        ("Easter week", "2000-W16")
    ]
    assert values("They celebrated Easter.", date(2000, 4, 17)) == [("Easter", "2000-04-23")]


def test_the_week_of_a_day_is_a_week():
    assert values("A hearing the week of March 6 may settle it.", date(2000, 2, 24)) == [
        ("the week of March 6", "2000-W10")
    ]


def test_times_beside_a_day_in_parentheses_are_on_that_day():
    assert values("The blast occurred at about 10:35 a.m. (0735 GMT) Thursday.") == [
        ("10:35 a.m.", "2023-03-23T10:35"),
        ("0735 GMT", "2023-03-23T07:35"),
        ("Thursday", "2023-03-23"),
    ]
    assert values("He will leave at 4 in the morning (4 a.m. EDT Saturday).") == [
        ("4 in the morning", "2023-03-25T04:00"),
        ("4 a.m. EDT", "2023-03-25T04:00"),
        ("Saturday", "2023-03-25"),
    ]


def test_an_hour_in_a_part_of_the_day_is_a_clock_time():
    assert values("The talks resumed at 9 in the evening.") == [
        ("9 in the evening", "2023-03-24T21:00")
    ]
    # Without "at", "by", "until"...: a count, not an hour.
    assert ("4 in the afternoon", "2023-03-24T16:00") not in values("He scored 4 in the afternoon.")


def test_only_the_line_near_a_date_says_whether_it_is_a_headline():
    from claimtrack.dates import _title_case_line

    # One line: a long run of capitalised words, then a plain sentence. Only the 200
    # characters either side of a position are its line (reading back to the text's start
    # for each date made finding dates quadratic in a text without line breaks).
    prose = "and the plain words of an ordinary sentence go on for quite a while here " * 5
    text = "Big Title Words Keep Coming " * 2000 + prose + "Today"
    assert not _title_case_line(text, len(text) - len("Today"))
    assert _title_case_line("Big Title Words Keep Coming Today", 28)


# Scanning only near the gate words finds what a scan of the whole text finds: each pattern on
# texts of date words, numbers and other words (up to 39 characters) joined by runs of spaces,
# tabs and new lines (up to 19: longer runs make find_dates scan the whole text), and the gates
# hold for every match.
_WORDS = [
    *"in on the of last next this year years week weeks month day days ago early late mid".split(),
    *"March May Sept. Dec Jan. Monday Tuesday Fri. morning night evening".split(),
    *"quarter third fiscal".split(),
    *"half first second century spring summer fall noon a.m. p.m. GMT 1995 2012 '82 1990s".split(),
    *"16 21st 3 10:30 0735 2009-10 2011-03-04 3/4/2012 nineteen ninety-six twenty-first".split(),
    *"today tomorrow yesterday now recently past future weekend Christmas New Year's Day".split(),
    *"end beginning a couple few three about time or so earlier later following same".split(),
    *", . ( ) “ ” ’s 's - –".split(),
    "1" * 39,
    "x" * 39,
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_WORDS),
            st.text(alphabet=" \t\n", min_size=1, max_size=19),
        ),
        max_size=60,
    )
)
def test_scanning_near_gate_words_finds_what_a_whole_scan_finds(pieces):
    text = "".join(word + space for word, space in pieces)
    assert not dates._LONG_RUN.search(text) or len(text) == 0
    lowered = text.lower()
    for name, pattern, gate in dates._COMPILED:
        if gate is None:
            continue
        whole = [(m.span(), m.group()) for m in pattern.finditer(text)]
        places = dates._gate_places(text, lowered, gate)
        near = (
            [(m.span(), m.group()) for m in dates._near_places(pattern, text, places)]
            if places
            else []
        )
        assert near == whole, name
        for (start, end), _ in whole:
            assert any(start <= place < end for place in places), name


def test_a_long_run_of_spaces_is_scanned_whole():
    # Scanned only near "Mar", the text would not reach the 16; the whole text is scanned.
    text = "It happened in March" + " " * 400 + "16 people were there in 2012."
    assert [m.text for m in find_dates(text, DCT)] == ["March" + " " * 400 + "16", "2012"]
    absolute = dates._COMPILED[2][1]
    places = dates._gate_places(text, text.lower(), dates._MONTH_WORDS)
    assert [m.group() for m in dates._near_places(absolute, text, places)] == []


@given(st.lists(st.sampled_from(["x" * 39, "y", "_1", "é", "-", " ", " " * 19, "\t", "\u00a0"])))
def test_a_long_run_is_told_as_the_pattern_tells_it(pieces):
    text = "".join(pieces)
    assert dates._has_long_run(text) == (dates._LONG_RUN.search(text) is not None)
