"""Find date expressions in text: where they are, and (via ``date_values``) what they mean.

A tagger of patterns a news reader knows — "March 16", "February 2022", "last weekend", "three
weeks ago", "the third quarter", "Tuesday night", "since '82", "the 70s", "in the spring",
"10 p.m. Wednesday", "nineteen ninety-six" — with the longest match winning, and checks that
keep what only looks like a date from passing for one:

- counts and amounts are not years ("2000 people", "$2010"), and a clock time is not a year
  ("1750 GMT" is ten to six in the evening);
- a date word inside a name is not a date: "USA TODAY", ABC's "This Week", NBC's "Today",
  "Black September", "April Ryan", "Orion 1980", a title in quotes ("Wake Me Up When September
  Ends", “Sunday Morning Futures”);
- modal verbs are not months ("they may leave");
- a day with a name of its own is not a weekday ("Black Monday", "Good Friday"), and "every
  Friday", "each December" are sets of days, not dates;
- a part of the day with a capital is a name's ("the radio show Imus in the Morning"), and
  four digits before a day and its zone are a clock time ("2053 Wednesday night, UTC");
- a year glued to a word or a tag is part of it ("#TRUMP2020", "MAGA2020"), and the Doomsday
  Clock's midnight ("100 seconds to midnight") is no time of day.
- a name's words stay a name's ("21st Century Fox", "the Tuesday Group", "Saturday Night Live",
  "this Morning Edition", "the 2019 ADAPT Leadership Awards"), a number before a street is an
  address ("1600 Pennsylvania Avenue"), a zone is on its time's line ("03:47 ⏎ JUST WATCHED", a
  video's length, is no time), and "the first Democrat in 76 years" is a length, not a year ahead.

Each expression's value is computed with what the text around it says: the tense of the words
nearest to it ("was fired in July" is last July, "will host in May" next May), the date the
text last named ("in 1995 ... the following year"), and, in a report of quarterly results, the
quarter being reported ("up from $3 million a year ago" is the same quarter a year before).
Some expressions lean on their neighbours: "the day before last Tuesday" is the Monday, "April
24 and 25" two days of April, "December's figures" the December gone, "in February, compared to
the same period last year" the February before, "in 2010, the year the court ruled" 2010, "a
test flight Tuesday ... at 18:00 UTC" a time on that Tuesday, "Yesterday, a flight crashed ...
It overshot the runway around 7:38 pm IST (1408 UTC)" two times of yesterday (a clock time with
no day of its own is on the day the text has just given; the bracketed one on the day the
clocks' difference puts it), and a market report's "ending the day at 8,017" the trading day it
named.

Everything here reads a bounded window around each expression, so the work grows linearly with
the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from claimtrack.date_values import (
    SPELLED_ORDINAL,
    SPELLED_YEAR,
    DateMention,
    Frame,
    anchors_of,
    clock_time,
    last_week_of,
    normalise,
    super_tuesday,
    week_of_day,
)
from claimtrack.regex_shape import longest_match, quick

__all__ = ["DateMention", "find_dates", "normalise"]

MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
MONTH = rf"(?:{MONTH_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
SHORT_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
# In front of a day number a month may be cut short without its dot ("Sept 30", "Mar 22").
MONTH_BEFORE_DAY = rf"(?:{MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?=\s+\d))"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Short weekdays only in front of a date ("Fri March 22"): alone, "Sun" and "Sat" are words.
WEEKDAY_BEFORE_DATE = rf"(?:{WEEKDAY}|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# Between a weekday and the date it names: a comma or spaces, at most one line break (a blank
# line ends a headline: "... closed until Friday" above the dateline "September 18, 2008").
BESIDE = r"(?:,?[ \t]+|,?[ \t]*\n[ \t]*)"
NUM = (
    # "Twenty-two years ago" is a number of its own, not "two years ago".
    r"(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]?(?:one|two|three"
    r"|four|five|six|seven|eight|nine)\b)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|several|a\s+few|few|many|a\s+couple\s+of|a\s+couple)"
)
UNIT = r"(?:day|week|month|year|decade|fortnight)s?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
ORDINAL = r"(?:first|second|third|fourth)"
# (A zone not listed, "IST", "AEST", is not followed by a capitalised word other than a day's
# or a month's: "the 2019 ADAPT Leadership Awards", "03:47 JUST WATCHED" are names and captions.)
ZONE = (
    r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|[A-Z]{2,4}T(?![ \t]+"
    rf"(?!{WEEKDAY}|{MONTH_NAME})[A-Z]))"
)
# Words before a bare month or year that make it a date rather than a name or a number.
_DATE_PREPOSITIONS = (
    r"(?:in|on|since|by|until|till|through|from|before|after|during|between|and|to|of|early"
    r"|late|mid|last|next|this|fiscal|around|circa|as of|beginning|end|start|the|a|year"
    r"|or|than|throughout|for|ending|ended|summer|winter|spring|fall|autumn)"
)

_PATTERNS: list[tuple[str, str]] = [
    # (name, pattern); the name picks the normaliser. Longest match wins over shorter overlaps.
    ("iso", rf"\b{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    ("numeric", r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2})\b"),
    (
        "absolute",
        rf"\b(?:{WEEKDAY_BEFORE_DATE}{BESIDE})?{MONTH_BEFORE_DAY}\s+{DAY}(?:,?\s+{YEAR})?\b",
    ),
    # "20 Nov 2019": a short month without its stop only between a day and a year. (Not a
    # poll's margin in a table: "D+5 March 3-4".)
    (
        "absolute",
        rf"\b(?<![+±])(?:{WEEKDAY_BEFORE_DATE}{BESIDE})?{DAY}\s+(?:{MONTH}(?:,?\s+{YEAR})?"
        rf"|{SHORT_MONTH}\s+{YEAR})\b",
    ),
    ("absolute", rf"\b(?:(?:early|mid|late)[- ])?{MONTH},?\s+(?:of\s+)?{YEAR}\b"),
    (
        "absolute_spelled",
        rf"\b(?:{WEEKDAY}{BESIDE})?{MONTH}\s+(?:the\s+)?(?:{SPELLED_ORDINAL}|{SPELLED_YEAR})"
        rf"(?:,?\s+{SPELLED_YEAR})?\b",
    ),
    ("spelled_year", rf"(?i:\b(?:the\s+year\s+)?{SPELLED_YEAR}\b)"),
    ("month_rel_year", rf"\b{MONTH}\s+(?:of\s+)?(?i:this|last|next)\s+year\b(?!['’])"),
    (
        "season_year",
        rf"(?i:\b(?:the\s+)?(?:(?:early|late|mid)[- ])?{SEASON}\s+(?:of\s+)?"
        rf"(?:{YEAR}|{SPELLED_YEAR})\b)",
    ),
    ("season", rf"(?i:\b(?:the\s+)?(?:(?:early|late|mid)[- ]?)?{SEASON}\b)"),
    (
        "quarter",
        rf"(?i:\b(?:the\s+)?(?:(?:this|last|next)\s+year['’]s\s+|{YEAR}\s+)?{ORDINAL}[- ]quarter\b)"
        rf"(?:\s+of\s+(?:{YEAR}|(?i:this|last|next)\s+year\b))?"
        # "the final quarter of 2009", "the last quarter of last year": the fourth.
        rf"|(?i:\b(?:the\s+)?(?:final|last)[- ]quarter\s+of\s+)(?:{YEAR}\b|(?i:this|last|next)"
        r"\s+year\b)",
    ),
    ("year_quarter", rf"(?i:\bthe\s+{YEAR}\s+(?:{ORDINAL}\s+)?(?:quarter|period)\b)"),
    (
        "half",
        rf"(?i:\bthe\s+(?:first|second|last|latter)\s+half\s+of\s+(?:{YEAR}|(?:this|last|next)"
        rf"\s+year|the\s+year)\b|\bthe\s+(?:first|last)\s+two\s+quarters\s+of\s+{YEAR}\b)",
    ),
    ("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:(?:1[6-9]|20)\d0s|['’]\d0s)"),
    # "the 70s and 80s", "the 1960s and 70s" (not "in their 30s, 40s and 50s", ages).
    ("decade", r"(?:(?<=\b\d{3}0s and )|(?<=\bthe \d0s and )|(?<=['’]\d0s and ))\d0s\b"),
    (
        "decade",
        r"(?i:\bthe\s+(?:(?:early|mid|late)[- ])?(?:\d0['’]?s|twenties|thirties|forties|fifties"
        r"|sixties|seventies|eighties|nineties)\b)",
    ),
    ("fuzzy_year", rf"\b(?:early|mid|late)[- ](?:{YEAR}|(?:1[6-9]|20)\d0s)\b"),
    ("apostrophe_year", r"(?<![\w’'])['’]\d\d\b(?!['’]?s\b)"),
    (
        "deictic",
        rf"(?i:\b(?:(?:early|late|mid)[- ]?(?:morning|afternoon|evening)\s+)?"
        rf"(?:today|tonight|yesterday|tomorrow)(?:\s+{PART_OF_DAY})?\b)",
    ),
    ("deictic", rf"(?i:\bthis\s+{PART_OF_DAY}\b|\blast\s+night\b)"),
    (
        "this_last_next",
        r"(?i:\b(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past|coming|previous)\s+"
        r"(?:fiscal\s+)?(?:week(?:end)?|month|year|quarter|spring|summer|fall|autumn|winter|decade"
        r"|century)\b)",
    ),
    ("this_last_next", rf"\b(?i:this|last|next)\s+{MONTH}\b"),
    (
        "this_last_next",
        rf"\b(?i:this(?:\s+coming)?|last|next|the\s+(?:previous|preceding|following))\s+{WEEKDAY}"
        rf"(?:\s+{PART_OF_DAY})?\b",
    ),
    (
        "boundary",
        r"(?i:\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:this|last|next|the)\s+"
        r"(?:week|month|year|decade)\b)",
    ),
    (
        "year_ago",
        r"(?i:\b(?:a\s+year\s+(?:ago|earlier|before|later)|year[- ](?:earlier|ago))\b)",
    ),
    ("ago", rf"(?i:\b{NUM}\s+{UNIT}(?:\s+or\s+so)?\s+ago\b)"),
    ("in_future", rf"(?i:\bin\s+(?:about\s+)?{NUM}\s+{UNIT}\b(?:['’]?\s+time\b)?)"),
    (
        "year_ago_quarter",
        rf"(?i:\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?year[- ](?:ago|earlier)"
        rf"(?:\s+{ORDINAL})?\s+(?:quarter|period)\b|\bthe\s+(?:(?:same|corresponding|comparable)\s+)?"
        r"(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+(?:the\s+)?)?last\s+year)\b"
        r"|\blast\s+year['’]s\s+(?:quarter|period)\b"
        r"|\bthe\s+(?:same|corresponding|comparable)\s+month\s+(?:a\s+year\s+(?:ago|earlier)"
        r"|last\s+year)\b)",
    ),
    (
        "fin_quarter",
        r"(?i:\b(?:the|this)\s+(?:latest|current|most\s+recent|recent|fiscal|same|)\s*"
        r"(?:quarter|period)\b(?!\s*-)"
        # "during the period when Gates and Manafort were consultants": a time the clause
        # after it tells, not the reported quarter.
        r"(?!\s+(?:when|in\s+which|during\s+which|that|between|before|after|since|leading)\b))",
    ),
    (
        "fiscal_year",
        r"(?i:\bthe\s+(?:current\s+|latest\s+|last\s+|previous\s+|next\s+|coming\s+|new\s+)?"
        r"(?:fiscal|financial)\s+year\b(?!\s+(?:\d|ended|ending|ends)))",
    ),
    (
        "this_year",
        r"(?i:\bthe\s+(?:full\s+|current\s+|entire\s+|whole\s+)?year\b(?![-–]|\s+(?:before|after|earlier|"
        r"later|ago|of|\d|in\s+which|when|that|two|nineteen|twenty|(?:last|this|next)\s+year)))",
    ),
    (
        "year_end",
        r"(?i:\b(?:year[- ]end|year['’]s\s+end|the\s+end\s+of\s+(?:the\s+)?year)\b(?![-–]))",
    ),
    ("the_weekend", r"(?i:\bthe\s+weekend\b)"),
    # A market report's day: "to end the day at 9505.96", "For the week, the index fell 3.8%".
    (
        "trading_day",
        r"(?i:\b(?:end|ends|ended|ending|finish|finishes|finished|finishing|close|closes|closed"
        r"|closing)\s+)(?P<d>(?i:the\s+day))\b",
    ),
    ("trading_day", r"(?:^|(?<=[.!?]\s)|(?<=\n))For\s+(?P<d>the\s+(?:day|week))(?=,)"),
    ("century", r"(?i:\b(?:the\s+)?(?:1[0-9]|2[01])(?:st|nd|rd|th)[- ]century\b)"),
    (
        "holiday",
        r"\b(?:(?:last|this|next)\s+)?(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year[’']s"
        r"(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Election\s+(?:Day|Night)|Independence\s+Day"
        r"|Halloween|Valentine[’']s\s+Day|Labor\s+Day|Memorial\s+Day|Easter(?:\s+(?:Sunday|[Ww]eek))?"
        r"|Bastille\s+Day|Canada\s+Day|Boxing\s+Day|Veterans\s+Day|Remembrance\s+Day)"
        # "on Christmas Eve 2009", "Election Day 2016": that year's (not "Election Day 2016-17").
        rf"(?:,?[ \t]+(?:of[ \t]+)?{YEAR}(?![-–/]?\d))?"
        # "Christmas trees", "a Christmas card", "Halloween masks", "Easter Island", "Easter
        # Seals": a thing or a name, not the day.
        r"\b(?!\s+(?i:trees?|cards?|presents?|gifts?|ornaments?|lights|decorations?|carols?"
        r"|stockings?|masks?|costumes?|candy|eggs?|bunny|island|seals?)\b)",
    ),
    (
        "anaphoric",
        r"(?i:\b(?:that|the\s+same)\s+(?:year|month|day)\b(?!['’])|\bthe\s+(?:following|next"
        r"|previous|prior|preceding)\s+(?:year|month|day|week|morning|afternoon|evening|night)\b|\bthe\s+(?:year|month|day|week)"
        # "the day after falling 250 points" is the trading day, "after" its conjunction.
        r"\s+(?:before|after|previous|prior)\b(?!\s+(?-i:(?!morning\b|evening\b)[a-z]+ing\b))"
        r"|\ba\s+(?:month|day|week)\s+(?:later|earlier|before)\b)",
    ),
    (
        "recent",
        r"(?i:\bin\s+recent\s+(?:days|weeks|months|years)\b|\brecent(?:ly)?\b|\bthe\s+past\b"
        r"(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|century|quarters?)))",
    ),
    ("present", r"(?i:\b(?:now|currently|current|nowadays|at\s+present|these\s+days)\b)"),
    ("future", r"(?i:\bthe\s+(?:near\s+)?future\b)"),
    (
        "weekday",
        rf"\b(?:(?i:early|late|earlier|later)\s+)?{WEEKDAY}(?:\s+(?:{PART_OF_DAY}|"
        rf"(?:early\s+|late\s+)?(?i:morning|afternoon|evening|night)))?\b",
    ),
    (
        "part_of_day",
        # (A capital is a name's: "the radio show Imus in the Morning".)
        r"(?i:\b(?:in|during|by|through|until|early\s+in|late\s+in)\s+)(?P<d>(?i:the\s+"
        r"(?:early\s+|late\s+)?)(?:morning|afternoon|evening)"
        r"|(?i:mid[- ]?(?:morning|afternoon)))\b",
    ),
    (
        "clock",
        # ("4:53 a.m Thursday morning": a stop may be missing; "12.20pm", "8.10am today": a
        # British stop between hour and minutes, one time, not "20pm".)
        rf"(?i:\b(?<![\d.,$£€])(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:a\.m\.|p\.m\.|a\.m\b|p\.m\b|am\b|pm\b))"
        rf"(?:[ \t]+{ZONE}\b)?",
    ),
    ("clock", r"(?i:(?<!high\s)\b(?:noon|midnight|midday)\b)"),
    # "at 4 in the morning", "by 6 o'clock in the evening": an hour of that part of the day.
    (
        "clock",
        r"(?i:\b(?:at|by|until|till|before|after|around|about)\s+)(?P<d>(?i:(?:1[0-2]|[1-9])"
        r"\s+(?:o['’]clock\s+)?in\s+the\s+(?:morning|afternoon|evening)))\b",
    ),
    # "by 6 o'clock this afternoon", "at 8 o'clock Monday night": an hour of a part of a day
    # (a bare "6 o'clock" may be morning or evening).
    (
        "clock",
        r"(?i:\b(?:at|by|until|till|before|after|around|about)\s+)(?P<d>(?:1[0-2]|[1-9])"
        r"\s+o['’]clock)\b(?=\s+(?i:(?:this|tomorrow|yesterday)\s+(?:morning|afternoon|evening)"
        rf"|tonight\b|{WEEKDAY}\s+(?:morning|afternoon|evening|night)\b))",
    ),
    # (The zone on the same line: "03:47 ⏎ JUST WATCHED", a video's length above its caption,
    # is no clock time.)
    ("clock", rf"\b(?:[01]?\d|2[0-3]):[0-5]\d[ \t]*(?:{ZONE}\b|local\s+time\b)"),
    # "at 16:08", "until 18:00": a 24-hour time after a word that asks for one.
    (
        "clock",
        r"(?i:\b(?:at|by|until|till|around|before|after|from)\s+)(?P<d>(?:[01]?\d|2[0-3]):[0-5]\d)"
        r"(?![\d:]|\s*(?i:a\.?m\b|p\.?m\b)|\s*[A-Z]{2,4}\b)",
    ),
    # Military time with a zone: "1750 GMT" is a time of day, not the year 1750. (The hour,
    # [01]\d or 2[0-3] after a word boundary, is written so that the pattern opens with a
    # class, which ``re`` looks for quickly: it has no gate word and is scanned whole.)
    # "2053 Wednesday night, UTC": the zone may follow the day the time is on (not a year).
    (
        "clock",
        rf"[012]\d(?<!\w\d\d)(?<!2[4-9])[0-5]\d(?:[ \t]*(?:{ZONE}|hrs|local\s+time)\b"
        rf"|(?=[ \t]+{WEEKDAY}(?:[ \t]+{PART_OF_DAY})?,?[ \t]+(?:UTC|GMT)\b))",
    ),
    # A month alone: checked by the word before it ("in March", "since May": a date; "may" the
    # verb or "March" the walk without one).
    ("bare_month", rf"\b{MONTH}(?!\w)(?!\s+\d)"),
    ("year_range", rf"\b{YEAR}[-–](?:\d\d|{YEAR})\b(?![-–/]\d)"),
    (
        "bare_year",
        rf"(?:(?<![$#£€\d.,/:-])|(?<=\b[Pp]re-)|(?<=\b[Pp]ost-)){YEAR}\b(?![-–/]\d|,\d|\.\d|%|\s*percent)",
    ),
]
# Words one of which every match of a pattern holds (lower-cased), in the order of _PATTERNS
# (None: no such word worth checking). A document without any of them cannot match the
# pattern, and a look with ``in`` costs far less than the pattern's scan of the text.
_SEASONS_WORDS = ("spring", "summer", "fall", "autumn", "winter")
_PARTS_WORDS = ("morning", "afternoon", "evening")
# A month is written with a capital (the patterns ask for one): these words are looked for in
# the text as it is, the others in the text lower-cased.
_MONTH_WORDS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_GATES: list[tuple[str, tuple[str, ...] | None]] = [
    ("iso", ("-",)),
    ("numeric", ("/",)),
    ("absolute", _MONTH_WORDS),
    ("absolute", _MONTH_WORDS),
    ("absolute", _MONTH_WORDS),
    ("absolute_spelled", _MONTH_WORDS),
    ("spelled_year", ("nineteen", "eighteen", "twenty", "thousand")),
    ("month_rel_year", ("year",)),
    ("season_year", _SEASONS_WORDS),
    ("season", _SEASONS_WORDS),
    ("quarter", ("quarter",)),
    ("year_quarter", ("quarter", "period")),
    ("half", ("half", "quarters")),
    ("decade", ("0s",)),
    ("decade", ("0s",)),
    ("decade", ("0s", "0's", "0’s", "ties")),
    ("fuzzy_year", ("early", "mid", "late")),
    ("apostrophe_year", ("'", "’")),
    ("deictic", ("today", "tonight", "yesterday", "tomorrow")),
    ("deictic", (*_PARTS_WORDS, "night")),
    ("this_last_next", ("week", "month", "year", "quarter", *_SEASONS_WORDS, "decade", "century")),
    ("this_last_next", ("this", "last", "next")),
    ("this_last_next", ("day",)),
    ("boundary", ("end", "beginning", "start", "middle")),
    ("year_ago", ("year",)),
    ("ago", ("ago",)),
    ("in_future", ("day", "week", "month", "year", "decade", "fortnight")),
    ("year_ago_quarter", ("quarter", "period", "month")),
    ("fin_quarter", ("quarter", "period")),
    ("fiscal_year", ("fiscal", "financial")),
    ("this_year", ("year",)),
    ("year_end", ("year",)),
    ("the_weekend", ("weekend",)),
    ("trading_day", ("the day",)),
    ("trading_day", ("for the",)),
    ("century", ("century",)),
    (
        "holiday",
        (
            "christmas",
            "year",
            "thanksgiving",
            "election",
            "independence",
            "halloween",
            "valentine",
            "labor",
            "memorial",
            "easter",
            "bastille",
            "canada",
            "boxing",
            "veterans",
            "remembrance",
        ),
    ),
    ("anaphoric", ("year", "month", "day", "week", *_PARTS_WORDS, "night")),
    ("recent", ("recent", "past")),
    ("present", ("now", "current", "present", "these")),
    ("future", ("future",)),
    ("weekday", ("day",)),
    ("part_of_day", _PARTS_WORDS),
    ("clock", ("a.m", "p.m", "am", "pm")),
    ("clock", ("noon", "midnight", "midday")),
    ("clock", _PARTS_WORDS),
    ("clock", ("clock",)),
    ("clock", (":",)),
    ("clock", (":",)),
    ("clock", None),
    ("bare_month", _MONTH_WORDS),
    ("year_range", ("-", "–")),
    ("bare_year", ("16", "17", "18", "19", "20")),
]
assert [name for name, _ in _GATES] == [name for name, _ in _PATTERNS]
# Letters that match an ASCII letter when case is ignored but do not lower-case to it (the
# Kelvin sign, the long s, dotted and dotless i): in a text holding one, no pattern is skipped.
_CASE_ODDITIES = ("\u212a", "\u017f", "\u0130", "\u0131")
# Between equally long candidates at one place, the pattern listed first wins.
_COMPILED = [
    (name, re.compile(pattern), gate)
    for (name, pattern), (_, gate) in zip(_PATTERNS, _GATES, strict=True)
]
# The patterns told where their matches can start (``regex_shape.quick``: the same matches,
# found faster), by name and place among the patterns of that name: those that gained half a
# millisecond or more on PolNeAR dev's 405 KiB, and on Wikinews and AllSides too, measured
# pattern by pattern (session 8). A rewritten pattern is compiled again at import (about a
# millisecond each), so the others stay as written; one (``clock`` 6, "0735 GMT") is slower so.
_QUICK_PATTERNS = frozenset(
    {
        ("absolute", 0),
        ("absolute", 1),
        ("absolute_spelled", 0),
        ("this_last_next", 0),
        ("ago", 0),
        ("in_future", 0),
        ("year_ago_quarter", 0),
        ("trading_day", 1),
        ("weekday", 0),
        ("clock", 0),
        ("clock", 5),
        ("bare_year", 0),
    }
)


def _told_where_to_start(
    compiled: list[tuple[str, re.Pattern[str], tuple[str, ...] | None]],
) -> list[tuple[str, re.Pattern[str], tuple[str, ...] | None]]:
    """``compiled`` with each of ``_QUICK_PATTERNS`` rewritten by ``quick``."""
    seen: dict[str, int] = {}
    out = []
    for name, pattern, gate in compiled:
        place = seen[name] = seen.get(name, -1) + 1
        out.append((name, quick(pattern) if (name, place) in _QUICK_PATTERNS else pattern, gate))
    return out


_COMPILED = _told_where_to_start(_COMPILED)
_RANK = {name: rank for rank, (name, _) in reversed(list(enumerate(_PATTERNS)))}

# Lower-case words that, after a bare four-digit number, say it counts things rather than names a
# year ("2000 people", "1800 troops").
_YEAR_AFTER_OK = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|to|when|as|after|before|until|election|elections|season|budget"
    r"|campaign|census|summit|games|olympics|world|cup|race|war|crisis|invasion|agreement|deal"
    r"|law|act|report|survey|model|levels?|figures?|returns?|was|is|were|had|has|saw|will|would"
    # "potential 2016 candidates", "as 2020 running mate", "a famous 2011 study", "a parallel
    # 2014 program", "sparks 2016 talk": things of a year.
    r"|candidates?|hopefuls?|contenders?|nominees?|presidential|running|bid|talk|study|program"
    r"|ticket|cycle|primary|primaries|midterms?"
    r"|in|on|at|for|by|with|the|a|an|that|which|who|while|because|but|from|through|he|she|it"
    r"|they|we|I)\b|[A-Z])"
)
_APPROXIMATELY_BEFORE = re.compile(r"\b(?:roughly|nearly|almost|approximately)[ \t]+$")
_DETERMINER_BEFORE = re.compile(r"(?i:\b(?:his|her|their|its|our|my|your|that|this)\s+)$")
# After "his 2007", a singular word says it is a year ("his 2007 campaign"), a plural a count.
_SINGULAR_AFTER = re.compile(r"\s+[a-z][a-z-]*[^s\W]\b")
_ZONE_AFTER = re.compile(rf"[ \t]*(?:{ZONE}|hrs|local\s+time)\b")
_PREPOSITION_BEFORE = re.compile(rf"(?i:\b{_DATE_PREPOSITIONS}\s*)$")
_MINOR_WORDS = frozenset(
    "a an and at by for from in into of on or the to with when where as is it its vs".split()
)
_OPENING_QUOTES = ("“", '"', "``")
_CLOSING_QUOTES = ("”", '"', "''")
_GENERIC_DAY = re.compile(
    r"['’]s\s+(?:world|society|economy|markets?|standards|children|youth|generation|technology"
    r"|computers|people|culture|politics|america|americans|media|kids|students|workers|young)\b",
    re.IGNORECASE,
)
_NAME_WORD_AFTER_WEEKDAY = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Observer|Star|Sport|Night|Morning|Evening"
    r"|Afternoon|Edition|Magazine|Review|Today|Show|Futures|Live|Football)\b"
)
# "the Tuesday Group." (House moderates), "told The Saturday Oklahoman that": after an article,
# a weekday and one capitalised word that ends the phrase (the punctuation or a word of grammar
# after it) are a name; a capitalised word that qualifies a noun after it is not ("the Tuesday
# Republican primary", "a Friday Fox News interview").
_ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|an?)[ \t]+$")
_ARTICLE_OWNER_BEFORE = re.compile(
    r"(?<!\b[Oo]n )(?<!\b[Bb]y )\b(?:[Tt]he|an?)[ \t]+[A-Z][\w.-]*['’]s[ \t]+(?:[a-z]+[ \t]+)?$"
    r"|(?<!\b[Oo]n )(?<!\b[Bb]y )\b(?:[Tt]he|an?)[ \t]+"
    r"(?!(?:same|following|previous|next|last|first)\b)[a-z]+[ \t]+$"
)
_TITLE_AFTER_NAME = re.compile(r"[ \t]+[A-Z][a-z]+[ \t]+co-[a-z]+\b")
_NAME_ENDS_AFTER_DAY = re.compile(
    r"[ \t]+[A-Z][a-z]+(?:[.,;:!?)”\"]|[ \t]+(?:and|or|to|of|that|which|who|is|are|was|were|has"
    r"|have|had|in|on|at|for|with|co-[a-z]+)\b|[ \t]*$)"
)
# "Black Monday" (1987), "Good Friday": a day with a name of its own, not the weekday of the
# document's week. ("Super Tuesday" is mostly written in the week of that Tuesday.)
_NAMED_DAY_BEFORE = re.compile(
    r"\b(?:Black|Cyber|Good|Ash|Bloody|Palm|Holy|Maundy|Shrove|Fat|Easter|Whit|Giving)"
    r"[ \t]+$"
)
_CAPITALIZED_AFTER = re.compile(r"\s+(?:[A-Z][a-z]|[A-Z]\.)")
_CAPITAL_WORD_BEFORE = re.compile(r"\b([A-Z][\w’'.-]*)\s+$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?:;\n“\"(—–-]|``)\s*$")
_TENSE_CUES = re.compile(
    r"(?P<future>\b(?:will|shall|won[’']t|going\s+to|would|(?:set|scheduled|expected"
    r"|slated|poised|planned)\s+to"
    # "died on Saturday, reportedly due to COVID-19 complications": a cause, not a plan.
    r"|(?:\b(?:is|are|be|been|being)\s+|['’]s\s+)due\s+to|due\s+to\s+(?:be|take|start|begin"
    r"|open|close|end|expire|arrive|land|launch|meet|vote|hold|resume|return|visit|appear|face"
    r"|sign|testify|speak|deliver|release|announce|decide|rule|finish|leave|come|go)"
    r"|(?:plans?|planning|intends?|aims?|hopes?|expects?)\s+to"
    # "is to be sentenced in June", "was forecast to reach the coast late on Monday".
    r"|(?:is|are)\s+to\s+be|(?:forecast|predicted)\s+to"
    r"|planned\s+for|(?:has|have)\s+scheduled|as\s+soon\s+as|upcoming|ahead\s+of|until|till"
    # "were planning to drive to the airport on Monday": a plan still to be carried out.
    r"|(?:was|were)\s+(?:planning|preparing)\s+to"
    # "allows progressive economics to win a mandate in November": a contest still ahead
    # (not "failed to win", "after failing to win", "managed to win").
    r"|(?<!failed\s)(?<!failing\s)(?<!fails\s)(?<!managed\s)to\s+win(?:ning)?"
    # "less likely to vote for Republicans in November": a choice still to be made (not
    # "unlikely": "Tuesday's outcome is unlikely to provide much clarity" is of a day gone).
    r"|(?<!un)likely\s+to"
    # "the regularly scheduled election in November", "an expected House vote on Thursday": a
    # thing planned, named by an article and a participle used as an adjective.
    # (the participle is the match, the article is looked for behind it: a pattern that began
    # at every "the" would be tried all over the text)
    r"|(?P<planned>\b(?:scheduled|planned|expected)))\b"
    r"|['’]ll\b"
    # The present of a scheduled event: "Wisconsin holds its primary on Tuesday", "before
    # Iowans kick off the voting Monday" (forms that are seldom nouns).
    r"|(?P<scheduled>\b(?:holds?\s+(?:its|their)\s+(?:\w+\s+){0,2}(?:primary|primaries|caucus(?:es)?"
    r"|election|vote|convention|meeting|debate|summit|hearing|referendum)|kicks?\s+off"
    r"|heads\s+to|travels\s+to|convenes|testifies|go(?:es)?\s+to\s+the\s+polls"
    # "when that deal expires Sept. 30", "Congress returns to Washington … Monday".
    r"|expires|takes\s+effect|returns\s+to|reconvenes"
    r"|takes?\s+place)\b))"
    # A plan made in the past says nothing of when its date falls ("had been set to expire").
    r"|(?P<neutral>\b(?:had\s+been|was|were)\s+(?:set|scheduled|expected|due|slated|planned)"
    # "if his candidate were to win in November": a plan or a supposition, not a past.
    r"\s+to\b|\b(?:was|were)\s+to\b)"
    r"|(?P<past>\b(?:was|were|had|did|said|told|previously|since|began|begun|rose|fell|hit|made"
    r"|took|went|came|met|won|lost|left|led|held|got|gave|saw|ran|sold|bought|paid|sent|spent"
    r"|brought|thought|found|became|struck|built|kept|broke|chose|wrote|spoke|fought|flew|drove"
    r"|grew|knew|threw|sat|stood|fled|shot|sank|taught|caught|felt|heard|ended|closed)\b)"
    # A word in -ed is often an adjective ("the reduced dividend is payable Jan. 2"): it leans.
    r"|(?P<weak_past>\b(?!(?:expected|scheduled|planned|slated|intended|proposed|unexpected"
    r"|needed|based|related|used|concerned|interested|involved|required|allowed|supposed|united"
    r"|red|bed|need|indeed|speed|feed|seed|proceed|succeed|exceed|embed|extended|delayed"
    r"|postponed|deferred|moved|pushed|advanced|ended|closed)\b)[a-z]{3,}ed\b)"
)
_AUXILIARIES = frozenset({"was", "were", "had", "did", "since", "previously"})
_REPORTING = frozenset({"said", "told"})
# How far (in days) a tense pushes a date to its side: a strong cue next to the expression
# decides, one a few words away leans hard, anything further (or a word in -ed) leans a little.
_LEAN_NEAR, _LEAN_MID, _LEAN_FAR = 400, 250, 120
_NEAR, _MID = 25, 80
# A word in -ed a few words before the date, followed by what follows a verb (a preposition, a
# determiner, a name: "Boeing delivered the first plane in January", "revealed in March"), is
# the date's verb and counts as a strong cue; followed by a noun it is mostly an adjective
# ("the reduced dividend is payable Jan. 2", "a contested convention in July"), which leans.
_WEAK_NEAR = 25
_VERB_USE_AFTER = re.compile(
    r"\s+(?:in|on|at|during|since|from|by|about|to|for|with|that|the|a|an|his|her|its|their"
    r"|our|this|these|those|it|them|him|us|up|out|off|back|[A-Z0-9])"
)
_SUBJECT_BEFORE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ww]ho)\s+$")
# "was not reported until", "did not arrive until", "It was not until": a past negated up to
# the date ("were put off until Saturday" is a plan).
_PAST_BEFORE_UNTIL = re.compile(
    r"(?i:\b(?:was|were|had|did)(?:n[’']t|\s+not)\s+(?:[a-z]+\s+){0,2}$)"
)
# (lower case: "The originally planned launch on Wednesday …, was scrubbed" opens the sentence
# as its subject, whose own verb, after it, tells)
_ARTICLE_ADVERB_BEFORE = re.compile(r"\b(?:an?|the)\s+(?:\w+ly\s+)?$")
_PLAN_BEFORE_DAY = re.compile(
    r"\b(?:is|are|['’]s)[ \t]+(?:set|scheduled|expected|slated|due|planned)[ \t]+(?:on[ \t]+)?$"
)
_TO_AFTER_DAY = re.compile(r"(?:[ \t]+(?:morning|afternoon|evening|night))?[ \t]+to[ \t]+[a-z]")
_ROUGHLY_BEFORE = re.compile(r"\b(?:more[ \t]+than|over|nearly|almost|about|some|roughly)[ \t]+$")
_IF_BEFORE_WERE = re.compile(r"(?i:\bif[ \t]+(?:[\w’'-]+[ \t]+){1,3}(?:were[ \t]+)?)$")
_BY_BEFORE = re.compile(r"\bby[ \t]+$")
_POSSESSIVE_WORD = re.compile(r"\b(?:his|her|its|their|my|our|your)\b", re.IGNORECASE)
_THAT_BETWEEN = re.compile(r"[ \t]+that\b")
_OBJECT_AFTER_IS_DATE = re.compile(r"['’]s\b")  # "called November's election": a name
# A deadline ("extended to Nov. 16", "by May") may fall after a past verb.
_DEADLINE_BEFORE = re.compile(r"(?i:\b(?:to|until|till|through|by|before)\s+(?:the\s+)?)$")
_AUXILIARY_BEFORE = re.compile(
    r"\b(?:be|been|being|is|are|am|has|have|get|gets|to)\s+(?:\w+ly\s+)?$", re.IGNORECASE
)
_FINANCIAL = re.compile(
    r"[$%£€]|\b(?:cents?|percent|shares?|earn\w*|profits?|loss(?:es)?|revenues?|sales|income"
    r"|results|net|dividend)\b",
    re.IGNORECASE,
)
_REFERENCE_QUARTER = re.compile(r"(?i)\b(first|second|third|fourth)[- ]quarter\b")
_QUARTER_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+[—–]\s+")
# A sentence ends at a stop before a capital, but not at an initial's ("U.S. Supreme Court")
# or in "Roe vs. Wade", which would hide the verb from the date.
# (The stop is matched first and the look-behinds read back over it: ``re`` then looks for the
# stop alone, instead of trying the look-behinds at every position.)
_SENTENCE_BREAK = re.compile(r"[.!?](?<!\b[A-Z][.!?])(?<!\bvs[.!?])\s+(?=[A-Z“\"(])|\n")
_FIGURES_AFTER = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?(?:figures?|data|numbers|statistics|report|results|sales|reading"
    r"|survey|index|estimates?|levels?|decline|drop|fall|rise|gain|increase)\b"
)
_OPENING_IN_BEFORE = re.compile(r"(?:^|[.!?\n]\s*|[.!?][\"”’]\s*)(?:In|On)\s+$")
# "April 24 and 25": a second day number, followed by what ends a date (not "25 people").
_SECOND_DAY_AFTER = re.compile(
    r"\s+(?:and|or)\s+((\d{1,2})(?:st|nd|rd|th)?)(?=\s*(?:[,.;:)]|$)|\s+(?:in|at|of|and|when"
    r"|with|to|for|the|respectively)\b)"
)
_FROM_BEFORE = re.compile(r"(?i:\bfrom\s+)$")
_RANGE_END_AFTER = re.compile(
    r"\s*(?:to|through|until|till|[-–])\s*((\d{1,2})(?:st|nd|rd|th)?)(?=\s*(?:[,.;:)]|$)"
    r"|\s+(?:in|at|and|when|with|for)\b)"
)
_MONTHS_LONG_PERIOD = re.compile(
    r"(?i:\b(?:nine|six|twelve|12|9|6)[- ]months?\b|\bfirst\s+half\b|\byear[- ]to[- ]date\b"
    r"|\bfull[- ]year\b)"
)
_DAY_BEFORE_AFTER = re.compile(r"(?i:\bday\s+(before|after))$")
_WEEK_OF_BEFORE = re.compile(r"(?i:\bthe\s+week\s+of\s+)$")
_WINDOW = 240  # characters looked at on either side of an expression
_SAME_CLAUSE_GAP = 80  # how far a clock time may follow the day it is on
_YEAR_THEN_DAY_GAP = re.compile(r"[ \t]*,?[ \t]*(?:on[ \t]+)?")
# "The National Hurricane Center's 5 p.m. update on Monday": a thing of that hour on that day.
_CLOCK_THING_ON = re.compile(
    r"[ \t]+(?:update|advisory|bulletin|deadline|briefing|meeting|session|call|broadcast"
    r"|announcement|statement)[ \t]+on[ \t]+"
)
_PREVIOUS_SENTENCE_GAP = 500  # how far it may follow, in a later sentence
_PART_OF_A_DAY = re.compile(r"\d{4}-\d\d-\d\dT(?:MO|AF|EV|NI)")
_ZONE_AFTER_DAY = re.compile(r",?[ \t]+(?:UTC|GMT)\b")
_ANCHOR_REACH = 1000  # how far back "that year" or "the previous Friday" may look
_WEEKDAY_PREFIX = re.compile(rf"({WEEKDAY_BEFORE_DATE}),?\s+(?=\S)")
# Told where their matches can start (``regex_shape.quick``): the same matches, found faster.
_TENSE_CUES = quick(_TENSE_CUES)
_REFERENCE_QUARTER = quick(_REFERENCE_QUARTER)
_FINANCIAL = quick(_FINANCIAL)
_DAY_NAMES = frozenset({"weekday", "absolute", "iso", "numeric", "deictic", "absolute_spelled"})
_NAMEABLE = frozenset({"deictic", "this_last_next", "present", "recent", "future", "weekday"})


# Where a pattern may match, from its gate words. Every stretch a pattern reads that has no
# fixed length is a run of spaces or of word characters (``\s+``, ``\w+``, ``\d+``); with no
# run of 20 spaces or 40 word characters in the text, no match of any pattern, with what its
# look-arounds read, reaches more than about 170 characters from the gate word it holds ("in
# about 39 digits weeks' time" with 19 spaces between each word). Then a pattern scanned only
# within _REACH of its gate words (over twice that) finds just what a scan of the whole text
# finds, and reads far less. A text with a longer run is scanned whole, as before.
_LONG_RUN = re.compile(r"\s{20}|\w{40}")
_REACH = 400
_SPACE_RUN = re.compile(r"\s\s{19}")  # opens with a class, which ``re`` looks for quickly
_WORD_RUN = re.compile(r"\w{40}")


def _has_long_run(text: str) -> bool:
    """Whether ``_LONG_RUN`` finds something in ``text``, told faster: a run of 40 word
    characters holds no whitespace, so only a word of 40 characters or more can hold one."""
    if _SPACE_RUN.search(text) is not None:
        return True
    words = text.split()
    if max(map(len, words), default=0) < 40:
        return False  # (the common case, told without a Python step per word)
    return any(len(word) >= 40 and _WORD_RUN.search(word) for word in words)


def _gate_places(
    text: str, lowered: str, gate: tuple[str, ...], seen: dict[str, list[int]] | None = None
) -> list[int]:
    """Where each gate word starts (a word with a capital in ``text``, others in ``lowered``);
    ``seen`` keeps each word's places for the next gate that has it."""
    places: list[int] = []
    for word in gate:
        if seen is not None and word in seen:
            places.extend(seen[word])
            continue
        haystack = lowered if word.islower() or not word.isalpha() else text
        found = []
        at = haystack.find(word)
        while at >= 0:
            found.append(at)
            at = haystack.find(word, at + 1)
        places.extend(found)
        if seen is not None:
            seen[word] = found
    places.sort()
    return places


@cache
def _reach(pattern: re.Pattern[str]) -> int:
    """How far from a gate word ``pattern`` must be scanned: the longest its match (which holds
    the word) and its look-arounds can be with no run of 20 spaces or 40 word characters, and
    a character for a ``\\b`` at either end; at most ``_REACH``, which holds for every pattern."""
    longest = longest_match(pattern, space_run=19, word_run=39)
    return _REACH if longest is None else min(_REACH, longest + 2)


def _near_places(pattern: re.Pattern[str], text: str, places: list[int]) -> Iterator[re.Match[str]]:
    """``pattern``'s matches in ``text``, scanning only within ``_reach(pattern)`` of
    ``places``."""
    reach = _reach(pattern)
    start = max(0, places[0] - reach)
    end = places[0] + reach
    for place in places[1:]:
        if place - reach > end:
            yield from pattern.finditer(text, start, min(end, len(text)))
            start = place - reach
        end = place + reach
    yield from pattern.finditer(text, start, min(end, len(text)))


def find_dates(text: str, document_date: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, normalised against ``document_date``."""
    candidates: list[tuple[int, int, str]] = []
    lowered = text.lower()
    gated = not any(odd in text for odd in _CASE_ODDITIES)
    near = gated and not _has_long_run(text)
    seen: dict[str, list[int]] = {}
    gate_places: dict[tuple[str, ...], list[int]] = {}
    for name, pattern, gate in _COMPILED:
        if gated and gate is not None:
            places = gate_places.get(gate)
            if places is None:  # (patterns that share their gate words share their places)
                places = gate_places[gate] = _gate_places(text, lowered, gate, seen)
            if not places:
                continue
            matches = _near_places(pattern, text, places) if near else pattern.finditer(text)
        else:
            matches = pattern.finditer(text)
        for match in matches:
            # A pattern may look at context it does not include: then group "d" is the date.
            start, end = match.span("d") if "d" in pattern.groupindex else match.span()
            if not _acceptable(text, start, end, name):
                continue
            if name == "deictic" and _GENERIC_DAY.match(text, end):
                # "in today's world", "the people of tomorrow": now and later, not a day.
                name = "future" if text[start:end].lower() == "tomorrow" else "present"
            elif name == "deictic" and re.search(
                # (not "tested negative as of yesterday": a day)
                r"\b(?<!\bas\s)(?!as\b)[a-z]+\s+of\s+$",
                text[max(0, start - 30) : start],
            ):
                name = "future" if text[start:end].lower() == "tomorrow" else "present"
            elif (
                name == "deictic"
                and text[start:end].lower() == "today"
                and re.search(r"\b(?i:even)\s+$", text[max(0, start - 8) : start])
            ):
                name = "present"  # "even today, Puerto Rico tends to run everything": still now
            candidates.append((start, end, name))
    taken = _longest_first(candidates)
    surnames = _month_surnames(text, {text[s:e] for s, e, n in taken if n == "bare_month"})
    if surnames:
        # "Theresa May" named in the text: "after May said", "in May's party", "wrote to May"
        # are hers, not the month's.
        taken = [c for c in taken if not (c[2] == "bare_month" and _is_surname(text, *c, surnames))]
    frame = Frame(quarter=_reference_quarter(text, document_date))
    mentions: list[DateMention] = []
    anchors: list[tuple[int, Frame]] = []  # (position, what the text had named by then)
    index = 0
    while index < len(taken):
        start, end, name = taken[index]
        following = taken[index + 1] if index + 1 < len(taken) else None
        local = _local_frame(text, start, end, frame, anchors)
        if name == "bare_month" and local.tense != "future" and _FIGURES_AFTER.match(text, end):
            # "December's figures", "January's jobs report": data that has come out.
            local = replace(local, tense="past", lean=_LEAN_NEAR)
        if (
            name in ("bare_month", "absolute")
            and local.tense == "past"
            and _OPENING_IN_BEFORE.search(text, max(0, start - 6), start)
            and text.startswith(",", end)
        ):
            # "In January, ... a clinic bombing killed a guard", "On January 7, Apple unveiled
            # the iPhone": a sentence that opens on the date tells what happened then,
            # however far its verb.
            local = replace(local, lean=_LEAN_NEAR)
        if name == "in_future" and (
            local.tense != "future"
            or _PERFECT_BEFORE.search(text, max(0, start - 50), start)
            or (
                # (in years: "the first debate in 10 days" is still ten days away)
                re.search(r"(?i:year|decade)", text[start:end])
                and _SUPERLATIVE_BEFORE.search(text, max(0, start - 100), start)
            )
        ):
            index += 1  # "the worst in five years" is a length of time, not a date
            continue
        after = taken[index + 2] if index + 2 < len(taken) else None
        if (
            name == "clock"
            and following
            and following[2] == "clock"
            and after
            and after[2] in _DAY_NAMES
            # (a brace typed for the bracket, "3 a.m. local time {1000 UTC) Monday", too)
            and re.fullmatch(r"[ \t]*(?:local[ \t]+time[ \t]*)?[({]", text[end : following[0]])
            and re.fullmatch(r"\)?[ \t]+(?:on[ \t]+)?", text[following[1] : after[0]])
        ):
            # "10:35 a.m. (0735 GMT) Friday", "at 4 in the morning (4 a.m. EDT Thursday)":
            # both times on that day, and the day.
            day = _mention(text, after, document_date, local)
            first = _clock_on(text, start, end, day, end - start)
            mentions.append(first)
            mentions.append(_paired_clock(text, following[0], following[1], first))
            mentions.append(day)
            anchors.append((after[1], anchors_of(day.value)))
            index += 3
            continue
        if (
            name == "clock"
            and following
            and following[2] == "this_last_next"
            and re.fullmatch(rf"(?i:last[ \t]+{WEEKDAY})", text[following[0] : following[1]])
            and re.fullmatch(r"[ \t]+", text[end : following[0]])
        ):
            # "The shutdown began at midnight last Friday": the time, on that day.
            day = _mention(text, following, document_date, local)
            mentions.append(_clock_on(text, start, end, day, end - start))
            mentions.append(day)
            anchors.append((following[1], anchors_of(day.value)))
            index += 2
            continue
        if name == "clock" and following and following[2] in _DAY_NAMES:
            gap = text[end : following[0]]
            if re.fullmatch(r"[ \t]*,?[ \t]*", gap):
                # "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9": one time.
                day = _mention(text, following, document_date, local)
                timed = _clock_on(text, start, following[1], day, end - start)
                zone = _ZONE_AFTER_DAY.match(text, following[1])
                if zone is not None and timed.value and re.fullmatch(r"\d\d\d\d", text[start:end]):
                    # "2053 Wednesday night, UTC": one expression, a time in UTC.
                    timed = replace(
                        timed,
                        end=zone.end(),
                        text=text[start : zone.end()],
                        value=timed.value + "Z",
                    )
                mentions.append(timed)
                anchors.append((following[1], anchors_of(day.value)))
                index += 2
                continue
            if re.fullmatch(
                r"[ \t]+(?:local[ \t]+time[ \t]+)?(?:on[ \t]+|\([^()\n]{1,20}\)[ \t]+)", gap
            ) or _CLOCK_THING_ON.fullmatch(gap):
                # "at 8 PM on Friday", "10:35 a.m. (0735 GMT) Friday": two expressions, the
                # time on that day.
                day = _mention(text, following, document_date, local)
                mentions.append(_clock_on(text, start, end, day, end - start))
                mentions.append(day)
                anchors.append((following[1], anchors_of(day.value)))
                index += 2
                continue
        if (
            name == "anaphoric"
            and following
            and following[2] in _DAY_NAMES | {"this_last_next", "holiday"}
            and re.fullmatch(r"[ \t]+", text[end : following[0]])
        ):
            side = _DAY_BEFORE_AFTER.search(text, start, end)
            day_frame = _local_frame(text, following[0], following[1], frame, anchors)
            day = _mention(text, following, document_date, day_frame)
            if side is not None and day.value and re.fullmatch(r"\d{4}-\d\d-\d\d", day.value):
                # "the day before last Tuesday's hearing": the Monday, one expression.
                step = -1 if side.group(1).lower() == "before" else 1
                value = (date.fromisoformat(day.value) + timedelta(days=step)).isoformat()
                begin = side.start()
                mentions.append(
                    replace(day, start=begin, text=text[begin : following[1]], value=value)
                )
                anchors.append((following[1], anchors_of(value)))
                index += 2
                continue
        if name == "year_range":
            # "2009-2010" and "1957-58" are two years, each its own expression (as in TimeML).
            first = _mention(text, (start, start + 4, "bare_year"), document_date, local)
            second_text = text[start + 5 : end]
            second = (
                int(second_text)
                if len(second_text) == 4
                else int(text[start : start + 2] + second_text)
            )
            if second < int(text[start : start + 4]):
                second += 100  # "1999-00"
            mentions.append(first)
            mentions.append(DateMention(start + 5, end, second_text, str(second), True, False))
            anchors.append((end, anchors_of(str(second))))
            index += 1
            continue
        month_after = _WEEK_OF_MONTH_AFTER.match(text, end) if name == "this_last_next" else None
        if month_after is not None and re.fullmatch(r"(?i:last\s+week(?:end)?)", text[start:end]):
            # "Clinton's peak came the last week of October": the last week of that month
            # (its last full week, as MEANTIME writes it), not the week before the document's.
            month = _mention(
                text, (month_after.start(1), month_after.end(1), "bare_month"), document_date, local
            )
            week = last_week_of(month.value or "") or month.value
            mention = replace(month, start=start, text=text[start : month.end], value=week)
            mentions.append(mention)
            anchors.append((mention.end, anchors_of(mention.value)))
            index += 2 if following is not None and following[0] < month.end else 1
            continue
        if (
            name == "weekday"
            and document_date is not None
            and text[start:end].lower() == "tuesday"
            and re.search(r"\bSuper[ \t]+$", text[max(0, start - 8) : start])
            and not re.match(r"[ \t]*(?:\d|II+\b)", text[end : end + 4])
        ):
            # "just before Super Tuesday": the day of the year's primaries, not the next
            # Tuesday; of the year the sentence names ("Eight years ago, Obama had won 11
            # victories after Super Tuesday", "the 1988 Super Tuesday"). ("Super Tuesday 2",
            # or III, is another day: read as the weekday.)
            begin = text.rindex("Super", 0, start)
            named = re.search(r"\b(\d{4})[ \t]+$", text[max(0, begin - 6) : begin])
            year = int(named.group(1)) if named else local.year if local.near_year else None
            primaries = super_tuesday(document_date, year)
            if primaries is not None:
                mentions.append(
                    DateMention(begin, end, text[begin:end], primaries.isoformat(), True, True)
                )
                anchors.append((end, anchors_of(primaries.isoformat())))
            index += 1
            continue
        if name == "weekday" and document_date is not None and local.lean != _LEAN_NEAR:
            # "just days before Tuesday's New Hampshire primary", written on the Sunday
            # before: an event set for that day, still ahead when it is a day or two away
            # (unless a verb beside it says otherwise); three or four days either way, it is
            # mostly the day gone ("At Monday's debate, Clinton cited", written on Friday).
            # "the New Hampshire primary on Tuesday" is ahead only on the day before ("a
            # debate on Saturday", written on Thursday, was mostly the one gone).
            word = re.search(r"(?i:mon|tues|wednes|thurs|fri|satur|sun)day", text[start:end])
            assert word is not None
            ahead = (_WEEKDAY_NUMBER[word.group(0).lower()] - document_date.weekday()) % 7
            if (0 < ahead <= 2 and _EVENT_OF_DAY_AFTER.match(text, end)) or (
                ahead == 1 and _EVENT_BEFORE_DAY.search(text, max(0, start - 40), start)
            ):
                local = replace(local, tense="future", lean=_LEAN_NEAR)
        if (
            name == "weekday"
            and following is not None
            and following[2] == "clock"
            and re.fullmatch(r"[ \t]", text[end : following[0]])
            and re.fullmatch(rf"{WEEKDAY}", text[start:end])
        ):
            # "as of Saturday 8:00 p.m. (1200 UTC)": one expression, the time on that day.
            day = _mention(text, (start, end, name), document_date, local)
            clock = _clock_on(text, following[0], following[1], day, following[1] - following[0])
            if clock.value is not None:
                mentions.append(replace(clock, start=start, text=text[start : following[1]]))
                anchors.append((following[1], anchors_of(day.value)))
                index += 2
                continue
        if (
            name == "weekday"
            and _PLAN_BEFORE_DAY.search(text, max(0, start - 30), start)
            and _TO_AFTER_DAY.match(text, end)
        ) or (
            name == "weekday"
            and local.tense is None
            and _BY_BEFORE.search(text, max(0, start - 4), start)
        ):
            # "is scheduled Friday to host a rally": the plan's verb around its day; "which it
            # could by Wednesday": a deadline no verb places, ahead.
            local = replace(local, tense="future", lean=_LEAN_NEAR)
        mention = _mention(text, (start, end, name), document_date, local)
        if (
            name == "ago"
            and mention.value
            and "decade" in mention.text.lower()
            and _ROUGHLY_BEFORE.search(text, max(0, start - 12), start)
        ):
            # "more than two decades ago", written in 2019: no year but the decade ("199").
            mention = replace(mention, value=mention.value[:3])
        if name == "clock" and (
            _RECURRING_BEFORE.search(text, max(0, start - 50), start)
            or _SLOT_AFTER.match(text, end)
            or (
                _SHOW_AFTER.match(text, end)
                and _POSSESSIVE_BEFORE.search(text, max(0, start - 30), start)
            )
        ):
            # "airs weekdays from 6:00 a.m. to 9:00 a.m.": a time of every such day, not of
            # the document's.
            mention = replace(mention, value="XXXX-XX-XXT" + clock_time(mention.text))
        week_of = _WEEK_OF_BEFORE.search(text, max(0, start - 16), start)
        if week_of and name in ("absolute", "numeric", "iso") and mention.value:
            # "the week of March 6": the week that day is in.
            week = week_of_day(mention.value)
            if week:
                mention = replace(
                    mention, start=week_of.start(), text=text[week_of.start() : end], value=week
                )
        if (
            name == "absolute"
            and document_date is not None
            and document_date.year > 2001
            and re.fullmatch(r"\d{4}-09-11", mention.value or "")
            and not re.search(r"\d{4}", mention.text)
            and _SEPTEMBER_11_ATTACKS.match(text, end)
        ):
            # "the Sept. 11 attacks", "Sept. 11 conspiracy theories": 2001, whenever written.
            mention = replace(mention, value="2001-09-11")
        if (
            name == "anaphoric"
            and re.search(r"(?i:\b(?:before|after))$", mention.text)
            and _EVENT_AFTER.match(text, end)
        ):
            # "the day before the stock market plunge": a day counted from an event, not
            # from the date named last. Set beside a date ("Oct. 12, the day before the
            # plunge", "in March, the month after Justice Scalia died") it is that date;
            # with no date of its kind named shortly before ("a day before voters head to
            # the polls"), it is no date the text gives.
            unit = _ANAPHORIC_UNIT.search(mention.text)
            shape = _UNIT_SHAPE.get(unit.group(1).lower() if unit else "", "")
            previous = mentions[-1] if mentions else None
            if (
                previous is not None
                and re.fullmatch(r",[ \t]*", text[previous.end : start])
                and re.fullmatch(shape, previous.value or "")
            ):
                mention = replace(mention, value=previous.value)
            elif not any(
                start - m.end <= _ANCHOR_REACH and re.match(shape, m.value or "")
                for m in mentions[-3:]
            ):
                index += 1
                continue
        if name == "anaphoric" and mention.value is None:
            index += 1  # "that day" with no day named before it: nothing to point at
            continue
        if (
            name == "clock"
            and mentions
            # (or a part of a day: "Very early yesterday morning, …")
            and (mentions[-1].type == "DATE" or _PART_OF_A_DAY.fullmatch(mentions[-1].value or ""))
        ):
            # "Friday, March 22, 2013 12:05 PM EDT": the time is on the date just named.
            previous = mentions[-1]
            gap = text[previous.end : start]
            if re.fullmatch(r"[ \t]*(?:,|at)?[ \t]*", gap) or (
                # "made its first test flight Tuesday in Everett, Washington at 18:00 UTC":
                # a time later in the clause of a day is on that day.
                len(gap) <= _SAME_CLAUSE_GAP
                and re.fullmatch(r"\d{4}-\d\d-\d\d", previous.value or "")
                and not _SENTENCE_BREAK.search(gap)
                and not _CLAUSE_BREAK.search(gap)
            ):
                mention = _clock_on(text, start, end, previous, end - start)
            elif (
                document_date is not None
                and (mention.value or "").startswith(document_date.isoformat())
                and re.fullmatch(r"\d{4}-\d\d-\d\d(?:T(?:MO|AF|EV|NI))?", previous.value or "")
                and len(gap) <= _PREVIOUS_SENTENCE_GAP
                and (
                    ("\n" not in gap and len(_SENTENCE_BREAK.findall(gap)) <= 1)
                    # A few sentences on, even past a paragraph's end ("caught fire yesterday.
                    # … ¶ The fire started at about 19:00 local time"), a day gone still is.
                    or (
                        (previous.value or "")[:10] < document_date.isoformat()
                        and len(_SENTENCE_BREAK.findall(gap.replace("\n\n", "\n"))) <= 3
                    )
                )
            ):
                # "Yesterday, an Air India Express flight crashed … The aircraft overshot
                # the runway around 7:38 pm IST": a clock time with no day of its own is on
                # the day the text has just named, in its sentence or the one before (as
                # TimeML anchors it), not on the document's.
                mention = _clock_on(text, start, end, previous, end - start)
        if name == "clock" and mentions and mentions[-1].type == "TIME":
            # "from 6AM to 9AM EST" on November 24: the end of the span on the same day.
            previous = mentions[-1]
            on = re.match(r"(\d{4}-\d\d-\d\d|XXXX-XX-XX)T\d", previous.value or "")
            joined = re.fullmatch(
                r"[ \t]*(?:to|until|till|and|or|[-–])[ \t]*", text[previous.end : start]
            )
            paired = re.fullmatch(
                r"[ \t]*(?:local[ \t]+time[ \t]*)?[({][ \t]*", text[previous.end : start]
            )
            if on and paired and not on.group(1).startswith("X"):
                # "7:38 pm IST (1408 UTC)", "8:30 p.m. (0030 UTC)": one moment told twice,
                # the second on the day the difference of the two clocks puts it.
                mention = _paired_clock(text, start, end, previous)
            elif on and joined and on.group(1).startswith("X"):
                mention = replace(mention, value="XXXX-XX-XXT" + clock_time(mention.text))
            elif on and joined:
                mention = _clock_on(
                    text, start, end, replace(previous, value=on.group(1)), end - start
                )
        if (
            name == "absolute"
            and mentions
            and re.fullmatch(r"\d{4}", mentions[-1].value or "")
            and re.fullmatch(r"\d{4}-\d\d-\d\d", mention.value or "")
            and not re.search(r"\d{4}", mention.text)
            and _YEAR_THEN_DAY_GAP.fullmatch(text, mentions[-1].end, start)
        ):
            # "signed up last year on Dec. 15", "Last year August 8 was": the day of that year.
            mention = replace(mention, value=(mentions[-1].value or "") + (mention.value or "")[4:])
        weekday = _WEEKDAY_PREFIX.match(text, start, end) if name == "absolute" else None
        if weekday is not None:
            # "Friday, March 22, 2013": the weekday and the date are two expressions (as
            # TimeML tags them), both on that day.
            day_start = weekday.end()
            mentions.append(replace(mention, end=weekday.end(1), text=weekday.group(1)))
            mention = replace(mention, start=day_start, text=text[day_start:end])
        mentions.append(mention)
        anchors.append((end, anchors_of(mention.value)))
        second_day = _second_day(text, name, mention, following)
        if second_day is not None:
            mentions.append(second_day)
        index += 1
    return mentions


def _second_day(
    text: str, name: str, mention: DateMention, following: tuple[int, int, str] | None
) -> DateMention | None:
    """ "April 24 and 25": the second day of the month is a date too (TimeML tags it), in the
    month and year of the first."""
    if (
        name != "absolute"
        or not mention.value
        or not re.search(r"\d(?:st|nd|rd|th)?$", mention.text)
    ):
        return None
    day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", mention.value)
    match = _SECOND_DAY_AFTER.match(text, mention.end)
    if match is None and _FROM_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        # "Running from August 22 to 25, the event": the range's last day too (not "rose
        # on July 1 to 15", a figure; nor "from July 13 to 17 of last year", whose year the
        # first day does not give).
        match = _RANGE_END_AFTER.match(text, mention.end)
    if day is None or match is None or (following is not None and following[0] < match.end()):
        return None
    number = int(match.group(2))
    try:
        value = date(int(day.group(1)), int(day.group(2)), number)
    except ValueError:
        return None
    if number <= int(day.group(3)):
        return None
    start, end = match.start(1), match.end(1)
    return replace(mention, start=start, end=end, text=text[start:end], value=value.isoformat())


def _mention(
    text: str, candidate: tuple[int, int, str], dct: date | None, frame: Frame
) -> DateMention:
    start, end, name = candidate
    return normalise(text[start:end], name, dct, start, end, frame=frame)


# What follows "Sept. 11" when it names the attacks of 2001 ("the September 11 attack" in
# Benghazi, 2012, is one attack).
_SEPTEMBER_11_ATTACKS = re.compile(
    r"\s+(?:(?:terrorist|terror)\s+)?(?:attacks|hijackers|[Cc]ommission|conspiracy|plot(?:ters)?"
    r"|truthers?)\b"
)
# ("the March On website": a capitalised "On" is a title's word)
_MARCH_NAMED_AFTER = re.compile(r"\s+(?:on|for|against|of|to)\s+(?:the\s+)?[A-Z]|\s+On\b")
# "a dress she hasn't worn in six months", "the first rally he has held in four years": a
# length of time up to now, not a date to come.
_PERFECT_BEFORE = re.compile(
    r"(?i:\b(?:has|have|had|hasn[’']t|haven[’']t|hadn[’']t|never)(?:\s+not)?(?:\s+[a-z]+){1,3}"
    r"\s+)$"
)
# "the city's first teachers strike in 25 years", "the highest murder rate in this country in 45
# years", "the first Democrat to win a second term in 76 years": a length of time up to now
# after a superlative or an ordinal (not "The first payment will be made in 30 days").
_SUPERLATIVE_BEFORE = re.compile(
    r"(?i:\b(?:first|second|third|last|only|(?:the|its|his|her|their|our|[’']s)\s+(?:most|least)"
    r"|best|(?!(?:interest|protest|request"
    r"|suggest|invest|contest|forest|honest|modest|manifest|arrest|harvest|conquest|inquest|digest"
    r"|attest|detest|infest|divest|molest|tempest|earnest|behest|unrest|priest|midwest|southwest"
    r"|northwest)\b)[a-z]{2,}est)\b(?:(?!\b(?:will|would|shall|is|are|was|were|be|can|could"
    r"|should|may|might|must)\b)[^.;!?\n])*)$"
)
_CLAUSE_OPENING = re.compile(r"\W*(?:(?i:on|by|in|since|until|early|late|earlier|later)\s+)?")
_EVENT_AFTER = re.compile(
    r"[ \t]+(?!(?i:at|in|on|by|to|from|with|and|but|or|as|for|of|that|when|while|than)\b)[A-Za-z]"
)
_ANAPHORIC_UNIT = re.compile(r"(?i:\b(year|month|week|day)\b)")
_UNIT_SHAPE = {
    "year": r"\d{4}",
    "month": r"\d{4}-\d\d",
    "week": r"\d{4}-\d\d-\d\d",
    "day": r"\d{4}-\d\d-\d\d",
}
# "the last week of October": the month the week is in.
_WEEK_OF_MONTH_AFTER = re.compile(rf"[ \t]+of[ \t]+({MONTH})\b(?![ \t]*\d)")
# Events set for a day ahead of time.
_SCHEDULED_EVENT = (
    r"primary|primaries|caucus(?:es)?|elections?|midterms?|contests?|debate|runoff|referendum"
    r"|summit|hearing"
)
# "Tuesday's California primary", "Thursday's debate": an event set for that day.
_EVENT_OF_DAY_AFTER = re.compile(
    r"['’]s[ \t]+(?:[A-Z][\w.-]*[ \t]+){0,3}(?:(?:Democratic|Republican|presidential|GOP)[ \t]+)?"
    rf"(?:{_SCHEDULED_EVENT}|vote)\b"
)
# "the Indiana primary Tuesday", "Wisconsin's contest on Tuesday": the same.
_EVENT_BEFORE_DAY = re.compile(rf"\b(?:{_SCHEDULED_EVENT})[ \t]+(?:on[ \t]+)?$")
_WEEKDAY_NUMBER = {
    word: number
    for number, word in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
# "weekdays from 6:00 a.m.", "daily at noon", "every night at 9 p.m.": a time of a set of days.
_RECURRING_BEFORE = re.compile(
    r"(?i:\b(?:weekdays|weeknights|weekends|daily|nightly|every[ \t]+(?:day|night|morning"
    r"|evening|afternoon|weekday|week)|each[ \t]+(?:day|night|morning|evening|afternoon)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days)(?:[ \t]+(?:from|at|between|starting[ \t]+at"
    r"|beginning[ \t]+at|until|till|through))?[ \t]+)$"
)
_AFTER_MIDNIGHT = re.compile(r"(?i:\b(?:after|past|since|from)\s+$)")


def _clock_on(text: str, start: int, end: int, day: DateMention, clock_length: int) -> DateMention:
    """The clock time at ``start`` (``clock_length`` characters) on the day of ``day``: one
    expression "10 p.m. Wednesday" when ``end`` takes the day in, else the clock alone."""
    clock_text = text[start : start + clock_length]
    value = day.value
    # "6 p.m. this afternoon", "9 p.m. tonight": the clock time on that day.
    part = re.fullmatch(r"((?:\d{4}|XXXX)-\d\d-\d\d)T(MO|AF|EV|NI|DT)", value or "")
    if part:
        value = part.group(1)
    if value and re.fullmatch(r"(?:\d{4}|XXXX)-\d\d-\d\d", value):
        clock = clock_time(clock_text)
        hour = int(clock[:2]) if clock[:2].isdigit() else None
        if part and hour is not None and not re.search(r"(?i)[ap]\.?m\b|noon|midnight", clock_text):
            # "6 o'clock this afternoon" is 18:00, "at 10 o'clock tonight" 22:00.
            if (part.group(2) in ("AF", "EV") and hour < 12) or (
                part.group(2) == "NI" and 6 <= hour < 12
            ):
                clock = f"{hour + 12:02d}{clock[2:]}"
        elif clock.startswith("00:00") and not _AFTER_MIDNIGHT.search(
            text, max(0, start - 12), start
        ):
            # "the deadline at midnight Friday" is the end of Friday (TimeML writes T24);
            # "shortly after midnight Saturday" is early on Saturday.
            clock = "24:00" + clock[5:]
        value = f"{value}T{clock}"
    elif value is not None:
        value = None
    return DateMention(start, end, text[start:end], value, day.resolved, True, "TIME")


def _paired_clock(text: str, start: int, end: int, first: DateMention) -> DateMention:
    """The clock time at ``start`` given beside ``first`` in brackets ("7:38 pm IST (1408
    UTC)", "8:30 p.m. (0030 UTC)"): the same moment, so on the day the two clocks' difference
    (at most twelve hours either way) puts it."""
    clock = clock_time(text[start:end])
    on = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)", first.value or "")
    if on is None or not re.match(r"\d\d:\d\d", clock):
        same = replace(first, value=on.group(1) if on else first.value)
        return _clock_on(text, start, end, same, end - start)
    here = int(on.group(2)) * 60 + int(on.group(3))
    there = int(clock[:2]) * 60 + int(clock[3:5])
    shift = (there - here + 720) % 1440 - 720  # minutes, in [-12 h, +12 h)
    days = (here + shift) // 1440
    day = date.fromisoformat(on.group(1)) + timedelta(days=days)
    return DateMention(
        start, end, text[start:end], f"{day.isoformat()}T{clock}", True, True, "TIME"
    )


def _longest_first(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The candidates that survive "longest first, then earliest", in text order.

    Kept spans never overlap, so their starts and ends are sorted alike: a new candidate only
    has to be checked against its two neighbours (linear-log in the number of candidates).
    """
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], _RANK[c[2]]))
    starts: list[int] = []
    kept: list[tuple[int, int, str]] = []
    for candidate in candidates:
        start, end, _ = candidate
        position = bisect_right(starts, start)
        if position > 0 and kept[position - 1][1] > start:
            continue
        if position < len(kept) and kept[position][0] < end:
            continue
        starts.insert(position, start)
        kept.insert(position, candidate)
    return kept


def _reference_quarter(text: str, dct: date | None) -> tuple[int, int] | None:
    """The quarter a report of quarterly results is about: the first quarter it names (none
    without a document date, so the text is not searched then)."""
    if dct is None:
        return None
    match = _REFERENCE_QUARTER.search(text)
    if match is None:
        return None
    number = _QUARTER_NUMBER[match.group(1).lower()]
    year = dct.year if 3 * number - 2 <= dct.month else dct.year - 1
    return year, number


def _local_frame(
    text: str, start: int, end: int, frame: Frame, anchors: list[tuple[int, Frame]]
) -> Frame:
    """What the text around ``[start, end)`` says: the tense of the nearest verb, whether the
    sentence reports financial results, and the dates the text named shortly before."""
    left = max(0, start - _WINDOW)
    right = min(len(text), end + _WINDOW)
    # (Read up to the expression's first character: a sentence that ends just before it,
    # "in Fairfield, Iowa.  Monday, Clinton held", is seen to end only with the capital after.)
    breaks = [b for b in _SENTENCE_BREAK.finditer(text, left, start + 1) if b.end() <= start]
    if breaks:
        left = breaks[-1].end()
    after = _SENTENCE_BREAK.search(text, end, right)
    if after is not None:
        right = after.start() + 1
    quarter = frame.quarter
    if quarter is not None and _MONTHS_LONG_PERIOD.search(text, left, right):
        # "In the first nine months, net was $306 million, compared with a loss of $195
        # million in the 1988 period": the year before, not the reported quarter.
        quarter = None
    # The tense is the clause's: in "will host the summit in May, and he was the only
    # leader", "was" says nothing of May.
    clause_breaks = list(_CLAUSE_BREAK.finditer(text, left, start))
    if clause_breaks:
        left = clause_breaks[-1].end()
    clause_after = _CLAUSE_BREAK.search(text, end, right)
    if clause_after is not None:
        right = clause_after.start()
    tense, lean, weak = _tense(text, left, right, start, end)
    financial = bool(_FINANCIAL.search(text, left, right))
    year = month = day = None
    near_year = False
    near_month = None
    position = bisect_left(anchors, start, key=lambda a: a[0])
    for anchor_end, anchor in reversed(anchors[max(0, position - 6) : position]):
        if start - anchor_end > _ANCHOR_REACH:
            break
        if year is None and anchor_end > left and anchor.day is None:
            near_month = anchor.month  # "in February": the month this clause names last
        if year is None and anchor.year is not None:
            year, near_year = anchor.year, anchor_end > left  # named in this sentence
        month = month if month is not None else anchor.month
        day = day if day is not None else anchor.day
    return replace(
        frame,
        quarter=quarter,
        tense=tense,
        lean=lean,
        weak=weak,
        financial=financial,
        year=year,
        near_year=near_year,
        near_month=near_month,
        month=month,
        day=day,
    )


def _tense(text: str, left: int, right: int, start: int, end: int) -> tuple[str | None, int, bool]:
    """("past", "future" or None; how hard it leans, in days; whether the cue is a word in -ed
    read as an adjective): what the cue word nearest to the expression says."""
    best: tuple[int, int, str | None, bool, str] | None = None
    fallback: tuple[int, int, str | None, bool, str] | None = None
    reporting = quoted = False
    opening = bool(_CLAUSE_OPENING.fullmatch(text, left, start))
    for cue in _TENSE_CUES.finditer(text, left, right):
        if start <= cue.start() < end:
            continue  # the expression's own words ("last year", "three weeks ago")
        if cue.end() <= start:
            distance, side = start - cue.end(), 0
        else:
            distance, side = cue.start() - end, 1
        weak = bool(cue.group("weak_past"))
        if weak and text[cue.start() - 1 : cue.start()] == "-":
            continue  # "a Senate-approved budget plan": a compound adjective, no verb
        if (
            weak
            and side == 0
            and distance <= _WEAK_NEAR
            and text[cue.start() - 1 : cue.start()] != "-"  # "the delegate-packed April 19"
            and _VERB_USE_AFTER.match(text, cue.end())
        ):
            weak = bool(_OBJECT_AFTER_IS_DATE.match(text, end))  # a verb, unless before a name
        if (
            weak
            and side == 0
            and _SUBJECT_BEFORE.search(text, max(left, cue.start() - 8), cue.start())
        ):
            weak = False  # "he banned travel from China in January": a pronoun's verb
        if (
            cue.group("future")
            and cue.group(0).lower() in ("until", "till")
            and _PAST_BEFORE_UNTIL.search(text, max(left, cue.start() - 30), cue.start())
        ):
            continue  # "was not reported until after August 7": how long a past lasted
        if cue.group("planned") and (
            side == 1
            or distance > _NEAR
            or not text[cue.end() : start].strip()
            or not _ARTICLE_ADVERB_BEFORE.search(text, max(left, cue.start() - 30), cue.start())
        ):
            # (only of the thing it names, just before the date: not "a planned Wednesday
            # special", nor "the hastily planned trip" a clause away)
            continue
        if (
            cue.group("future")
            and cue.group(0).lower() in ("until", "till")
            and _POSSESSIVE_WORD.search(text, cue.end(), start)
        ):
            continue  # "until his death at age 68 on Oct. 17": an event's date, not a plan
        kind = (
            "future"
            if cue.group("future") or cue.group("scheduled")
            else None
            if cue.group("neutral")
            else "past"
        )
        word = cue.group(0).lower()
        if (
            kind == "past"
            and (word == "were" or text.endswith("were ", 0, cue.start()))
            and _IF_BEFORE_WERE.search(text, max(left, cue.start() - 50), cue.start())
        ):
            kind = None  # "If those polls were borne out on Election Day": a supposition
        if (
            kind == "past"
            and word not in _AUXILIARIES
            and _AUXILIARY_BEFORE.search(text, max(left, cue.start() - 16), cue.start())
        ):
            continue  # "is due to be published", "will be paid", "has identified"
        if side == 1 and re.match(r"to\s", word) and distance > _NEAR:
            # "his victory Tuesday, it remains impossible for him to win": another aim (not
            # "rolls through the caucuses Monday, goes on to win").
            continue
        if side == 1 and kind == "future" and _THAT_BETWEEN.match(text, end, cue.start()):
            # "expressed confidence on Monday that Clinton will still win": what was said,
            # not when; it speaks only when nothing else does. (A past there is mostly a
            # relative clause's, the event's own: "the crash Sunday that left one dead".)
            if fallback is None or (distance, side) < fallback[:2]:
                fallback = (distance, side, kind, weak, word)
            continue
        if side == 1 and cue.group("scheduled"):
            continue  # "the debate Thursday night before Iowans kick off the voting Monday"
        if side == 1 and word in _REPORTING and not opening:
            # (After a date that opens the sentence, "On Saturday, the minister said public
            # transport would be shut", the report is the date's.)
            continue  # "payable Jan. 3, the company said": when it was said, not the date
        if side == 1 and not opening and "," in text[end : cue.start()]:
            # "which is set to host the contest Tuesday, Bush referred to Rubio": a verb
            # after a comma is another clause's; it speaks only when nothing else does, or
            # when what else there is reports ("said Friday that if she were to win in
            # November, she would sign"). (After a date that opens the sentence, "Monday,
            # Clinton held a call", the verb after the comma is the date's.)
            if fallback is None or (distance, side) < fallback[:2]:
                fallback = (distance, side, kind, weak, word)
                quoted = bool(re.search(r"[“\"]|''", text[end : cue.start()]))
            continue
        if best is None or (distance, side) < best[:2]:
            best = (distance, side, kind, weak, word)
            reporting = word in _REPORTING
    if best is None or (
        reporting and fallback is not None and not quoted and fallback[:2] < best[:2]
    ):
        best = fallback
    if best is None:
        return None, 0, False
    distance, _, kind, weak, word = best
    if weak or (
        # (a deadline after a past verb may fall later, "extended to Nov. 16"; after a verb
        # that looks ahead it is ahead too, "would fund the government through September";
        # "until" itself only leans: "had been paying … until May")
        (kind != "future" or word in ("until", "till"))
        and _DEADLINE_BEFORE.search(text, max(left, start - 20), start)
    ):
        return kind, _LEAN_FAR, weak
    lean = _LEAN_NEAR if distance <= _NEAR else _LEAN_MID if distance <= _MID else _LEAN_FAR
    return kind, lean, False


def _in_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` stands in a short quotation written as a title (“Sunday
    Morning Futures”, "This Week With David Brinkley"): then it is part of a name.

    Read from the nearest quotation marks on either side, on the same line, so a stray quote
    elsewhere in the document cannot turn every later pair inside out.
    """
    left = max(0, start - 60)
    openings = [(text.rfind(q, left, start), len(q)) for q in _OPENING_QUOTES]
    opening, width = max(openings)
    if opening == -1 or "\n" in text[opening:start]:
        return False
    closings = [i for i in (text.find(q, end, end + 60) for q in _CLOSING_QUOTES) if i != -1]
    if not closings or "\n" in text[end : min(closings)]:
        return False
    inner = text[opening + width : min(closings)]
    words = re.findall(r"[A-Za-z][\w’'-]*", inner)
    if not words or len(words) > 8 or re.search(r"[.!?;]\s|,\s", inner):
        return False
    return all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words)


# "this Morning Edition", "last Week Tonight": a period's word with a capital after a word
# without one is a title's.
_CAPITAL_PERIOD_LAST = re.compile(
    r"[a-z]+\s+(?:Morning|Afternoon|Evening|Night|Week(?:end)?|Month|Year|Quarter|Decade"
    r"|Century|Spring|Summer|Fall|Autumn|Winter)"
)
# A capitalised word right before a holiday, not an adjective of a people ("American
# Thanksgiving"), a greeting's ("Merry Christmas") or a sentence's first word, makes it a word of
# a name: a surname ("Abbi Easter") or another day ("Holocaust Remembrance Day").
_QUALIFIER_OK = re.compile(
    rf"(?:[A-Z][a-z]*(?:an|ic|ish|ese)|Merry|Happy|Last|Next|This|Every|Each|Since|Until|Till"
    rf"|Before|After|During|Through|On|In|By|Over|Around|For|Post|Pre|Of|As|At|To|With|And|But"
    rf"|So|If|When|While|The|An?|That|From|Until|{MONTH_NAME}|{WEEKDAY})"
)


def _name_before_holiday(text: str, start: int, before: str) -> bool:
    capital = _GIVEN_NAME_BEFORE.search(before)
    return bool(
        capital
        and not _QUALIFIER_OK.fullmatch(capital.group(1).rstrip("."))
        and not _SENTENCE_START_BEFORE.search(before[: capital.start()])
        and not _title_case_line(text, start)
    )


# "Sean Hannity's 9 p.m. time slot", "Shep Smith's 7 p.m. show": an hour of every day.
_SLOT_AFTER = re.compile(r"[ \t]+(?:time[ \t]*slot|timeslot|slot)\b")
_SHOW_AFTER = re.compile(r"[ \t]+(?:show|newscast|program)\b")
_POSSESSIVE_BEFORE = re.compile(r"(?:['’]s|\b(?:his|her|their|its))[ \t]+$")
_DEGREES = re.compile(r"(?i)\b(?:temperatures?|degrees?|highs?|lows?)\b")
_LEVEL_WORDS = re.compile(
    r"(?i)\b(?:ratings?|approval|percent|polls?|polling|support|figures?|temperatures?|degrees?"
    r"|highs?|lows?)\b|%"
)
_TAG_BEFORE = re.compile(r"[#@][\w-]*$")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:km|kilomet(?:er|re)s?|mi|miles?|metres?|meters?|ft|feet|kg|kilograms?|lbs?"
    r"|tons?|tonnes?|hectares?|ha|acres?|sq|square|mph|kph|km/h|[kKMG]W|MWh|GWh|barrels)\b"
)
# "1600 Pennsylvania Avenue": a number before a street's name is an address.
_STREET_AFTER = re.compile(
    r"[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}(?:Avenue|Ave\.|Street|St\.|Road|Rd\.|Boulevard|Blvd\.?"
    r"|Drive|Lane|Place|Parkway|Pike|Highway|Terrace)(?!\w)"
)
_IN_BEFORE = re.compile(r"(?i:\b(?:in|since|during|until|by|before|after)\s*)$")
# A capitalised word after a holiday that is not a day of it ("Christmas Day", "Easter Sunday"
# are in the pattern) makes the holiday a word of a name: "Christmas Charity", "Easter Rising".
_CAPITAL_AFTER_HOLIDAY = re.compile(rf"[ \t]+(?!{WEEKDAY}\b|{MONTH}\b)[A-Z][a-z]")
# The Doomsday Clock's midnight is a figure of speech, not a time of any day.
_FIGURATIVE_MIDNIGHT = re.compile(
    r"(?i:\bdoomsday\s+clock\b|\b(?:seconds|minutes)\s+to\s+midnight\b)"
)


# "(Audio begins at 1:30)": a place in a recording, not a time of day.
_RECORDING_BEFORE = re.compile(
    r"(?i:\((?:audio|video|clip|interview|segment|recording)\s+(?:begins|starts)\s+at\s+)$"
)
# "Get THE CHRISTIAN PERSPECTIVE on Today's Headlines": "Today's" and a capitalised word in a
# line that shouts (a promotion's) are a name.
_TODAYS_TITLE_AFTER = re.compile(r"['’]s[ \t]+[A-Z][a-z]+")
_SHOUTED_WORDS = re.compile(r"\b[A-Z]{3,}[ \t]+[A-Z]{3,}\b")


def _line_end(text: str, end: int) -> int:
    found = text.find("\n", end, end + 120)
    return found if found != -1 else min(len(text), end + 120)


# "the traditional midnight Mass": a service's name.
_MASS_AFTER = re.compile(r"[ \t]+[Mm]ass\b")
# "June Medical Services v. Gee": a month opening a party's name in a case.
_CASE_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w.&'’-]*){0,4}[ \t]+v(?:s)?\.[ \t]+[A-Z]")
# "— This Week (@ThisWeekABC) January 28, 2018": a name signing a post, before its handle.
_HANDLE_AFTER = re.compile(r"[ \t]*\(@\w+\)")
# "We can't Monday-morning quarterback the officers", "so-called Saturday-night specials": a
# weekday joined by a hyphen to a word is a day only after an article, an owner or a
# preposition, with an adjective between or not ("the Thursday-night event", "Trump's
# mysterious Saturday-afternoon trip").
_DAY_COMPOUND_AFTER = re.compile(r"-[a-z]+[ \t]+[a-z]")
_DAY_COMPOUND_OK_BEFORE = re.compile(
    r"(?i:\b(?:the|an?|his|her|their|its|our|my|your|this|that|last|next|on|at|by|since|until"
    r"|before|after|from|during|for|in|over|late|early)|['’]s)[ \t]+(?:[a-z]+[ \t]+)?$"
)
# "1846 persons were hospitalized and 1720 had already been discharged": a number that is the
# subject of a verb, joined to a count of things before it, is a count too.
_COUNT_CLAUSE_BEFORE = re.compile(
    r"\b\d[\d,]*[ \t]+(?!(?:was|is|has|does)\b)[a-z]+s\b[^.;!?]{0,80}"
    r"(?:,|\band|\bwhile|\bbut|\bwhereas)[ \t]+$"
)
_VERB_AFTER_COUNT = re.compile(
    r"[ \t]+(?:had|have|has|were|was|are|is|will|would|remain(?:ed)?|died|recovered)\b"
)
# "after April Ryan asked": a month that is a first name, before a surname and a verb of saying.
_GIVEN_NAME_MONTH = frozenset({"April", "June", "May"})
_SURNAME_AND_VERB_AFTER = re.compile(
    r"[ \t]+[A-Z][a-z]+(?:['’]s\b|[ \t]+(?:asked|said|says|told|wrote|tweeted|questioned"
    r"|pressed|reported|replied)\b)"
)


def _acceptable(text: str, start: int, end: int, name: str) -> bool:
    """Whether the candidate is a date, not a count, a clock time or part of a name."""
    if _in_quoted_title(text, start, end):
        return False
    if text[start : start + 1].isupper() and _HANDLE_AFTER.match(text, end):
        return False  # "— This Week (@ThisWeekABC) January 28, 2018": a signature's name
    expression = text[start:end]
    before = text[max(0, start - 40) : start]
    if name == "bare_year":
        if _VERB_AFTER_COUNT.match(text, end) and _COUNT_CLAUSE_BEFORE.search(
            text, max(0, start - 120), start
        ):
            return False  # "1846 persons were hospitalized and 1720 had been discharged"
        return _looks_like_year(text, start, end)
    if name == "spelled_year":
        return _looks_like_spelled_year(text, start, end)
    if name == "apostrophe_year":
        return bool(re.search(rf"(?i:\b(?:{_DATE_PREPOSITIONS}|class\s+of)\s*)$", before)) or bool(
            re.search(rf"{MONTH_NAME}\s*$", before)
        )
    if name == "season":
        return _looks_like_season(text, start, end)
    if name == "decade" and not re.search(r"\d{4}s", expression):
        # "the 70s" is a decade; "in the 70s" of a thermometer is not, nor "approval ratings
        # from the mid-50s to 80%", "their ratings were in the thirties": a level.
        if re.search(r"\d0['’]?s$", expression) and _DEGREES.search(before):
            return False
        after = re.split(r"[.;!?]", text[end : end + 80], maxsplit=1)[0]
        return not (
            (_LEVEL_WORDS.search(text, max(0, start - 60), start) or _LEVEL_WORDS.search(after))
            and re.search(r"(?i:\b(?:in|into|from|to|than|at|and)\s+(?:the\s+)?)$", before)
        )
    if name in _NAMEABLE and _in_a_name(text, start, end, name):
        return False
    if (
        name in ("deictic", "this_last_next")
        and _CAPITAL_PERIOD_LAST.fullmatch(expression)
        and not _title_case_line(text, start)
    ):
        return False  # "see this Morning Edition report": a title's words
    if (
        name == "century"
        and expression.endswith("Century")
        and _CAPITALIZED_AFTER.match(text, end)
        and not _title_case_line(text, start)
    ):
        return False  # "21st Century Fox", "the 21st Century Cures Act": a name
    if (
        name == "holiday"
        and not expression[-1].isdigit()
        and _CAPITAL_AFTER_HOLIDAY.match(text, end)
    ):
        return False  # "the Great Orchestra of Christmas Charity": a name's word
    if name == "holiday" and re.match(r"-[a-z]", text[end : end + 2]):
        return False  # "Halloween-themed", "Christmas-style": an adjective, no day
    if name == "holiday" and _name_before_holiday(text, start, before):
        return False  # "Julie Dime, Abbi Easter, Mike Farris", "Holocaust Remembrance Day"
    if (
        name == "clock"
        and expression.lower() == "midnight"
        and _FIGURATIVE_MIDNIGHT.search(text, max(0, start - 250), min(len(text), end + 150))
    ):
        return False  # "the Doomsday Clock is close to midnight", "100 seconds to midnight"
    if (
        name in ("present", "deictic")
        and expression[:1].isupper()
        and not _SENTENCE_START_BEFORE.search(before)
        and _TODAYS_TITLE_AFTER.match(text, end)
        and _SHOUTED_WORDS.search(
            text,
            text.rfind("\n", max(0, start - 120), start) + 1 or max(0, start - 120),
            _line_end(text, end),
        )
    ):
        return False  # "Get THE CHRISTIAN PERSPECTIVE on Today's Headlines": a newsletter
    if name == "clock" and (
        _RECORDING_BEFORE.search(before)
        or (expression.lower() == "midnight" and _MASS_AFTER.match(text, end))
    ):
        return False  # "(Audio begins at 1:30)", "the traditional midnight Mass"
    if (
        name == "weekday"
        and _DAY_COMPOUND_AFTER.match(text, end)
        and not _DAY_COMPOUND_OK_BEFORE.search(before)
    ):
        return False  # "We can't Monday-morning quarterback", "so-called Saturday-night specials"
    if name == "bare_month" and (
        _CASE_AFTER.match(text, end)
        or (
            expression in _GIVEN_NAME_MONTH
            and _SURNAME_AND_VERB_AFTER.match(text, end)
            and not _MONTH_PREPOSITION_BEFORE.search(before)  # "In June Trump's rating fell"
        )
    ):
        return False  # "June Medical Services v. Gee", "after April Ryan asked"
    if name in ("bare_month", "weekday") and re.search(r"(?i:\b(?:every|each)\s+)$", before):
        return False  # "every Friday", "each December": a set of days, not one
    if name == "bare_month":
        after_preposition = bool(re.search(rf"(?i:\b{_DATE_PREPOSITIONS})[ -]$", before))
        if not after_preposition and re.match(r"Ma[ry]", expression):
            return False  # "may" the verb, "March" the walk
        if expression == "March" and _MARCH_NAMED_AFTER.match(text, end):
            return False  # "at the March on Washington in 1963", "the March of Dimes"
    return not (
        name in ("bare_month", "weekday") and _month_or_day_in_a_name(text, start, end, name)
    )


# A month that is a person's surname: after a capitalised first name ("Theresa May", "Mrs.
# May", "Brian May"), not a preposition's or a day's word nor a sentence's first word.
_SURNAME_USE_AFTER = re.compile(
    r"['’]s\b|[ \t]+(?:(?:has|had|is|was|would|will|could|did)[ \t]+)?(?:said|says|told|hoped|hopes"
    r"|wrote|writes|added|argued|insisted|warned|announced|resigned|met|called|urged|wants"
    r"|wanted|faces|faced|survived|lost|won)\b"
)
_MONTH_PREPOSITION_BEFORE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|from|during|through|early|late|mid|last|next|this|of"
    r"|before|between)[ \t-]*)$"
)


_GIVEN_NAME_BEFORE = re.compile(
    r"\b([A-Z][a-z]+|Mrs?\.|Ms\.|Dr\.)[ \t]+$"
)  # (not "Obama’s November order")


def _month_surnames(text: str, words: set[str]) -> set[str]:
    """Which of the bare months ``words`` the text uses as a person's surname."""
    found = set()
    for word in words:
        # (str.find, not a pattern's scan: a long text is read once per month word, quickly)
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if (at and text[at - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                at = text.find(word, end)
                continue
            before = text[max(0, at - 40) : at]
            capital = _GIVEN_NAME_BEFORE.search(before)
            if (
                capital
                and not _SENTENCE_START_BEFORE.search(before[: capital.start()])
                and not re.fullmatch(
                    rf"(?i:{_DATE_PREPOSITIONS}|{MONTH_NAME}|{WEEKDAY}|Mid|Every|Each)",
                    capital.group(1),
                )
                and not re.match(r"[ \t]*,?[ \t]*\d", text[end : end + 4])
            ):
                found.add(word)
                break
            at = text.find(word, end)
    return found


def _is_surname(text: str, start: int, end: int, name: str, surnames: set[str]) -> bool:
    """Whether the bare month at ``[start, end)`` is the surname the text gave a person."""
    if text[start:end] not in surnames:
        return False
    before = text[max(0, start - 30) : start]
    return bool(_SURNAME_USE_AFTER.match(text, end)) or not _MONTH_PREPOSITION_BEFORE.search(before)


def _looks_like_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    if start and (text[start - 1].isalpha() or _TAG_BEFORE.search(before)):
        return False  # "#TRUMP2020", "MAGA2020", "@user2016": part of a tag or a name
    if _UNIT_AFTER.match(text, end):
        return False  # "the 2000 km long pipeline": a length, not a year
    if _ZONE_AFTER.match(text, end):
        return False  # "1750 GMT"
    if _STREET_AFTER.match(text, end) and not _IN_BEFORE.search(before):
        return False  # "lives at 1600 Pennsylvania Avenue": an address
    if _PREPOSITION_BEFORE.search(before) or re.search(r"\b(?:[Pp]re|[Pp]ost)-$", before):
        return True  # "in 1959", "the post-1959 politics"
    if re.search(r"(?:'s|’s)\s*$", before):
        return True
    if _DETERMINER_BEFORE.search(before):
        return bool(_SINGULAR_AFTER.match(text, end) or _CAPITALIZED_AFTER.match(text, end))
    if _CAPITAL_WORD_BEFORE.search(before):
        return False  # "Orion 1980", "Windows 2000": a name
    approximately = _APPROXIMATELY_BEFORE.search(before)
    if approximately and not _PREPOSITION_BEFORE.search(before, 0, approximately.start()):
        return False  # "its roughly 2000 Thai and 74 Malaysian stores": a count
    return _YEAR_AFTER_OK.match(text, end) is not None


def _looks_like_spelled_year(text: str, start: int, end: int) -> bool:
    expression = text[start:end].lower()
    if expression.startswith("the year"):
        return True
    if _SINGULAR_AFTER.match(text, end) is None and re.match(r"\s+[a-z]+s\b", text[end : end + 30]):
        return False  # "nineteen ninety-six dollars"
    if expression.startswith(("two", "the year two")):
        return expression.startswith("the year") or bool(
            _PREPOSITION_BEFORE.search(text[max(0, start - 30) : start])
        )
    return True


def _looks_like_season(text: str, start: int, end: int) -> bool:
    expression = text[start:end]
    word = re.search(r"(?i)(spring|summer|fall|autumn|winter)$", expression)
    assert word is not None
    season = word.group(1)
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    if season[0].isupper():
        # "Autumn came": a season opens a sentence; "the Arab Spring", "Autumn Statement": names.
        return bool(_SENTENCE_START_BEFORE.search(before)) and not _CAPITALIZED_AFTER.match(after)
    if re.match(
        r"\s*(?:-|of\b|in\b|from\b|off\b|out\b|back\b|into\b|on\b|to\b)", after
    ) and season in (
        "fall",
        "spring",
    ):
        return False  # "the fall of Rome", "the fall in prices", "spring into action"
    if re.match(r"(?i)the\b", expression) or re.match(r"(?i)(?:early|late|mid)", expression):
        return season != "fall" or bool(
            re.search(r"(?i)\b(?:in|during|by|until|through|since|this|last|next|over)\s+$", before)
        )
    return bool(
        re.search(
            r"(?i)\b(?:in|during|by|until|till|through|since|over|throughout|until|this|last"
            r"|next|every|each|early|late)\s+$",
            before,
        )
    )


def _in_a_name(text: str, start: int, end: int, name: str) -> bool:
    """ "USA TODAY", NBC's "Today", ABC's "This Week": a date word in a name."""
    expression = text[start:end]
    letters = [c for c in expression if c.isalpha()]
    window = text[max(0, start - 60) : end + 60]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        # In capitals inside ordinary text: a name ("USA TODAY"), unless the line shouts.
        return sum(c.islower() for c in window) >= 10
    if not expression[:1].isupper():
        return False
    before = text[max(0, start - 40) : start]
    if _SENTENCE_START_BEFORE.search(before) or _title_case_line(text, start):
        return False
    if name == "weekday":
        return bool(re.search(r"\bNews\s+$", before))  # "Fox News Sunday"
    # A capital in mid-sentence: "on NBC's Today show", "told ABC's This Week".
    return name != "present" or bool(_CAPITAL_WORD_BEFORE.search(before))


def _month_or_day_in_a_name(text: str, start: int, end: int, name: str) -> bool:
    """ "April Ryan", "Black September", "the Sunday Times": a month or a weekday in a name."""
    after = text[end : end + 30]
    before = text[max(0, start - 40) : start]
    if name == "weekday":
        if _NAMED_DAY_BEFORE.search(before):
            return True
        if (
            re.search(r"\s(?:Morning|Afternoon|Evening|Night)$", text[start:end])
            and _CAPITALIZED_AFTER.match(after)
            and not _title_case_line(text, start)
        ):
            return True  # "Saturday Night Live", "Monday Night Football": a title
        if _ARTICLE_BEFORE.search(before) and _NAME_ENDS_AFTER_DAY.match(after):
            return True  # "the Tuesday Group and the", "told The Saturday Oklahoman that"
        if (
            _ARTICLE_OWNER_BEFORE.search(before) and _NAME_ENDS_AFTER_DAY.match(after)
        ) or _TITLE_AFTER_NAME.match(after):
            # "the House's moderate Tuesday Group, signalled", "Tuesday Group co-chair Dent":
            # the same name after an owner or an adjective, or before a member's title.
            return True
        return bool(_NAME_WORD_AFTER_WEEKDAY.match(after)) and not re.search(
            r"(?i)\b(?:on|by|until|since|from|last|next|this)\s+$", before
        )
    after_preposition = re.search(rf"(?i:\b{_DATE_PREPOSITIONS})[ -]$", before)
    if (
        not after_preposition  # "In August Trump met", "a June Trump event": dates
        and _CAPITALIZED_AFTER.match(after)
        and not re.match(rf"\s+(?:{MONTH_NAME}|{WEEKDAY}|[A-Z]{{2,}}\b)", after)
    ):
        return True
    capital = _CAPITAL_WORD_BEFORE.search(before)
    return bool(
        capital
        and not _SENTENCE_START_BEFORE.search(before[: capital.start()])
        and not re.fullmatch(rf"(?i:{_DATE_PREPOSITIONS}|{MONTH_NAME}|{WEEKDAY})", capital.group(1))
    )


def _title_case_line(text: str, position: int) -> bool:
    """Whether the line around ``position`` is written in title case (a headline)."""
    # At most 200 characters either side: a line may be a whole paragraph, or the whole text
    # (looking back to the text's start when no line break was near made this quadratic).
    reach = max(0, position - 200)
    found = text.rfind("\n", reach, position)
    line_start = found + 1 if found != -1 else reach
    line_end = text.find("\n", position, position + 200)
    line = text[line_start : line_end if line_end != -1 else position + 200]
    if line.count(", ") >= 4 and re.search(r"[a-z]{3,}[^\n]*:\s", line):
        # "The following programs were included in the data: World News with Diane Sawyer,
        # This Week with George Stephanopoulos, …": a sentence that lists names, no headline.
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if w.lower() not in _MINOR_WORDS]
    if len(words) < 3:
        return False
    capitalized = len([w for w in words if w[0].isupper()])
    return capitalized >= 0.8 * len(words)
