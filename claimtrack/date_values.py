"""Normalised values of date expressions, against the document's date when known.

Values follow ISO 8601 and TimeML's TIMEX3 conventions, partial where the text is partial:
``2023-03-16``, ``2022-02`` (a month), ``2011`` (a year), ``199`` (the 1990s), ``2023-W11`` (a
week), ``2023-W11-WE`` (a weekend), ``2023-Q1``, ``2023-H2`` (a half year), ``2023-SP``
(spring), ``2023-03-16TNI`` (that night), ``2023-03-16T17:50`` (``T17:50Z`` when stated in UTC
or GMT; a local zone is not written), ``199X`` ("a few years ago"),
``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``. A date whose year the text does not give is
written ``XXXX-03-16`` and a relative one ("last weekend") is ``None``; both are flagged
unresolved until a document date is known.

Everything is computed here, from the expression, the document date and a ``Frame``: what the
text around the expression says (the tense of the nearest verb, the dates it named just before,
the quarter a results report is about). No library is asked, so no value depends on today's
clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_NUMBER_WORDS = {"a": 1, "an": 1, **_UNITS, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER_WORDS |= {"fifteen": 15, "twenty": 20, "thirty": 30}

_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# "nineteen ninety-six", "eighteen hundred", "nineteen oh five", "two thousand and one".
SPELLED_YEAR = (
    rf"(?:(?:nineteen|eighteen|twenty)[ -](?:hundred|{_TEEN_WORD}|{_TENS_WORD}(?:[ -]{_UNIT_WORD})?"
    rf"|oh[ -]{_UNIT_WORD})|two[ -]thousand(?:[ -](?:and[ -])?(?:{_TEEN_WORD}|{_TENS_WORD}"
    rf"(?:[ -]{_UNIT_WORD})?|{_UNIT_WORD}))?)"
)
SPELLED_ORDINAL = (
    r"(?:(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|thirtieth)"
)
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``[start, end)`` of the text, with its normalised value."""

    start: int
    end: int
    text: str
    value: str | None
    resolved: bool
    relative: bool
    type: str = "DATE"  # or TIME


@dataclass(frozen=True)
class Frame:
    """What the text around an expression says, for its value.

    ``tense``: "past", "future" or None, from the verb nearest to the expression, and ``lean``,
    how many days it pushes a date to its side (next to the expression it decides; from
    further away it only leans); ``weak``: the tense was read from a word in -ed that reads as
    an adjective ("the measure approved before year's end"); ``financial``:
    the sentence reports figures; ``quarter``: the (year, number) of the quarter a results
    report is about; ``year``, ``month``, ``day``: the dates the text named shortly before
    (for "that year", "the following month", "the next day"); ``near_month``: the month its
    clause names just before it, when that is a month, not a day ("in February, compared to
    the same period last year").
    """

    tense: str | None = None
    lean: int = 120
    weak: bool = False
    financial: bool = False
    quarter: tuple[int, int] | None = None
    year: int | None = None
    near_year: bool = False
    near_month: tuple[int, int] | None = None
    month: tuple[int, int] | None = None
    day: date | None = None


def anchors_of(value: str | None) -> Frame:
    """The year, month and day a value names, as a frame later expressions can refer to."""
    match = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?![\dX])", value or "")
    if match is None:
        return Frame()
    year = int(match.group(1))
    month = (year, int(match.group(2))) if match.group(2) else None
    day = None
    if match.group(3):
        try:
            day = date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            day = None
    return Frame(year=year, month=month, day=day)


_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|previously|[a-z]{3,}ed)\b", re.IGNORECASE
)
_FUTURE_CUES = re.compile(
    r"\b(?:will|'ll|’ll|shall|plans?\s+to|scheduled|expected|set to|is to|are to|due|next"
    r"|upcoming|coming)\b",
    re.IGNORECASE,
)


def normalise(
    expression: str,
    name: str,
    document_date: date | None,
    start: int = 0,
    end: int | None = None,
    sentence: str = "",
    frame: Frame | None = None,
) -> DateMention:
    """The normalised value of one expression found by the pattern called ``name``.

    ``frame`` says what the text around it says (see ``Frame``); without one, the tense is
    read from ``sentence``.
    """
    end = start + len(expression) if end is None else end
    if frame is None:
        future = bool(_FUTURE_CUES.search(sentence))
        past = not future and bool(_PAST_CUES.search(sentence))
        frame = Frame(tense="future" if future else "past" if past else None)
    value, resolved, relative, kind = _value(expression, name, document_date, frame)
    return DateMention(start, end, expression, value, resolved, relative, kind)


def _value(
    expression: str, name: str, dct: date | None, frame: Frame
) -> tuple[str | None, bool, bool, str]:
    lowered = " ".join(expression.lower().split())
    tense = frame.tense
    if name in ("iso", "numeric", "absolute", "absolute_spelled"):
        if name == "absolute_spelled":
            expression = _digits_for_words(expression)
        return (*_absolute(expression, name, dct, frame), "DATE")
    if name == "spelled_year":
        spelled = spelled_year(lowered)
        return (str(spelled) if spelled else None), spelled is not None, False, "DATE"
    if name == "decade":
        return _decade(lowered, dct), True, False, "DATE"
    if name == "fuzzy_year":
        digits = re.search(r"\d{4}", lowered)
        assert digits is not None
        if lowered.endswith("s"):
            return digits.group(0)[:3], True, False, "DATE"
        return digits.group(0), True, False, "DATE"
    if name == "apostrophe_year":
        return str(_century_for(int(lowered[-2:]), dct)), True, False, "DATE"
    if name in ("season_year", "season"):
        season = next(code for word, code in _SEASONS.items() if word in lowered)
        year_match = re.search(r"\d{4}", _digits_for_words(lowered))
        if year_match:
            return f"{year_match.group(0)}-{season}", True, False, "DATE"
        if dct is None:
            return f"XXXX-{season}", False, True, "DATE"
        return f"{_season_year(season, dct, tense)}-{season}", True, True, "DATE"
    if name == "quarter":
        return _quarter(lowered, dct, tense)
    if name == "year_quarter":
        year = int(re.search(r"\d{4}", lowered).group(0))  # type: ignore[union-attr]
        number = next((n for word, n in _QUARTERS.items() if word in lowered), None)
        if number is None and frame.quarter:
            number = frame.quarter[1]
        return (f"{year}-Q{number}" if number else str(year)), True, False, "DATE"
    if name == "half":
        half = "H1" if re.search(r"\bfirst\b", lowered) else "H2"
        year_match = re.search(r"\d{4}", lowered)
        if year_match:
            return f"{year_match.group(0)}-{half}", True, False, "DATE"
        if dct is None:
            return f"XXXX-{half}", False, True, "DATE"
        shift = -1 if "last year" in lowered else 1 if "next year" in lowered else 0
        return f"{dct.year + shift}-{half}", True, True, "DATE"
    if name == "year_range":
        return lowered[:4], True, False, "DATE"
    if name == "bare_year":
        return lowered, True, False, "DATE"
    if name == "bare_month":
        month = _month_number(lowered)
        if dct is None:
            return f"XXXX-{month:02d}", False, False, "DATE"
        if tense is None and frame.near_year and frame.year is not None:
            # "a high for the year of $42.875 in June from $29.75 in March": that year's.
            return f"{frame.year}-{month:02d}", True, False, "DATE"
        return (
            f"{_nearest_year(dct, month, None, tense, frame.lean)}-{month:02d}",
            True,
            False,
            "DATE",
        )
    if name == "century":
        ordinal = re.search(r"\d+", lowered)
        assert ordinal is not None
        return str(int(ordinal.group(0)) - 1), True, False, "DATE"
    if name == "present":
        return "PRESENT_REF", True, True, "DATE"
    if name == "recent":
        return "PAST_REF", True, True, "DATE"
    if name == "future":
        return "FUTURE_REF", True, True, "DATE"
    if name == "clock":
        prefix = dct.isoformat() if dct else "XXXX-XX-XX"
        return f"{prefix}T{clock_time(expression)}", dct is not None, True, "TIME"
    if name == "anaphoric":
        return _anaphoric(lowered, dct, frame)
    # Everything below is relative to the document date.
    if dct is None:
        return None, False, True, "TIME" if _part_in(lowered) else "DATE"
    if name == "deictic":
        return _deictic(lowered, dct)
    if name == "part_of_day":
        day = frame.day or dct
        return f"{day.isoformat()}T{_part_in(lowered) or 'AF'}", True, True, "TIME"
    if name == "this_last_next":
        return _this_last_next(lowered, dct, frame), True, True, _kind(lowered)
    if name == "month_rel_year":
        month = _month_number(lowered.split()[0])
        shift = -1 if "last" in lowered else 1 if "next" in lowered else 0
        return f"{dct.year + shift}-{month:02d}", True, True, "DATE"
    if name == "boundary":
        return _boundary(lowered, dct), True, True, "DATE"
    if name in ("ago", "in_future"):
        return _ago(lowered, dct, -1 if name == "ago" else 1), True, True, "DATE"
    if name == "year_ago":
        return _year_ago(lowered, dct, frame), True, True, "DATE"
    if name == "year_ago_quarter":
        if (frame.near_month is not None and "quarter" not in lowered) or "month" in lowered:
            # "rose 43% in February compared to the same period last year": that month's.
            year, month = frame.near_month or (dct.year, dct.month)
            return f"{year - 1}-{month:02d}", True, True, "DATE"
        year, number = _reporting_quarter(dct, frame, lowered)
        return f"{year - 1}-Q{number}", True, True, "DATE"
    if name == "fin_quarter":
        if "current" in lowered or (lowered.startswith("this") and frame.quarter is None):
            return f"{dct.year}-Q{(dct.month - 1) // 3 + 1}", True, True, "DATE"
        year, number = _reporting_quarter(dct, frame, lowered)
        return f"{year}-Q{number}", True, True, "DATE"
    if name == "fiscal_year":
        shift = 0
        if re.search(r"\b(?:latest|last|previous)\b", lowered):
            shift = -1
        elif re.search(r"\b(?:next|coming|new)\b", lowered):
            shift = 1
        return str(dct.year + shift), True, True, "DATE"
    if name == "this_year":
        if (
            frame.near_year
            and frame.year is not None
            and "current" not in lowered
            and not (frame.tense == "future" and frame.year < dct.year)
        ):
            # "a loss in the fourth quarter of 2005 and for the entire year", "in 2010, the
            # year the court ruled": that year (not one gone when the verb looks ahead).
            return str(frame.year), True, True, "DATE"
        return str(dct.year), True, True, "DATE"
    if name == "year_end":
        # (a past read from a word in -ed that is no verb, "to get the measure approved before
        # year's end", leaves the year ahead)
        past = tense == "past" and not frame.weak
        return str(dct.year - 1 if past else dct.year), True, True, "DATE"
    if name == "trading_day":
        # The day a market report tells of: the day it named last, if in the week before the
        # document ("posted gains on Friday, ... ending the day at 8,017"), else its own.
        day = frame.day if frame.day is not None and 0 <= (dct - frame.day).days <= 6 else dct
        return (_week(day) if "week" in lowered else day.isoformat()), True, True, "DATE"
    if name == "the_weekend":
        monday = dct - timedelta(days=dct.weekday())
        if tense == "future":
            week = monday if dct.weekday() < 5 else monday + timedelta(weeks=1)
        else:
            week = monday if dct.weekday() >= 5 else monday - timedelta(weeks=1)
        return _week(week) + "-WE", True, True, "DATE"
    if name == "holiday":
        holiday = _holiday(lowered, dct, tense, frame.lean)
        return holiday, True, True, "TIME" if holiday.endswith("TNI") else "DATE"
    if name == "weekday":
        word = re.search(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", lowered)
        assert word is not None
        day = _weekday(word.group(1), dct, tense)
        part = _part_in(lowered[word.end() :])
        if part:
            return f"{day.isoformat()}T{part}", True, True, "TIME"
        return day.isoformat(), True, True, "DATE"
    raise ValueError(f"no normaliser for pattern {name!r}")


def _kind(lowered: str) -> str:
    return (
        "TIME"
        if re.search(r"(?:day|\b\w+day)\s+(?:morning|afternoon|evening|night)$", lowered)
        else "DATE"
    )


def spelled_year(words: str) -> int | None:
    """The year "nineteen ninety-six", "two thousand and one" or "the year two thousand" is."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t not in ("the", "year", "and")]
    if tokens[:2] == ["two", "thousand"]:
        rest = _small_number(tokens[2:])
        return 2000 + (rest or 0)
    if not tokens or tokens[0] not in ("nineteen", "eighteen", "twenty"):
        return None
    century = (_TEENS | _TENS)[tokens[0]] * 100
    rest_tokens = tokens[1:]
    if rest_tokens == ["hundred"]:
        return century
    if rest_tokens[:1] == ["oh"]:
        rest_tokens = rest_tokens[1:]
    rest = _small_number(rest_tokens)
    return century + rest if rest is not None else None


def _small_number(tokens: list[str]) -> int | None:
    """1 to 99 written out, as tokens ("ninety", "six")."""
    if not tokens:
        return None
    total = 0
    for token in tokens:
        if token in _TENS and total == 0:
            total += _TENS[token]
        elif token in _TEENS and total == 0:
            total += _TEENS[token]
        elif token in _UNITS and total % 10 == 0 and total < 100:
            total += _UNITS[token]
        else:
            return None
    return total


def _digits_for_words(expression: str) -> str:
    """ "March eighth" → "March 8"; "January nineteen ninety-seven" → "January 1997"."""

    def year(match: re.Match[str]) -> str:
        value = spelled_year(match.group(0))
        return str(value) if value else match.group(0)

    def ordinal(match: re.Match[str]) -> str:
        tokens = re.split(r"[ -]", match.group(0).lower())
        number = sum(_TENS.get(t, 0) for t in tokens[:-1]) + _ORDINALS[tokens[-1]]
        return str(number)

    expression = re.sub(rf"(?i)\b{SPELLED_YEAR}\b", year, expression)
    expression = re.sub(rf"(?i)\b(?:the\s+)?{SPELLED_ORDINAL}\b", ordinal, expression)
    return expression


def _century_for(two_digits: int, dct: date | None) -> int:
    """'82 → 1982, '12 → 2012: the latest year with those digits not after the document."""
    limit = dct.year + 1 if dct else 2029
    return 2000 + two_digits if 2000 + two_digits <= limit else 1900 + two_digits


def _decade(lowered: str, dct: date | None) -> str:
    # "the 1800s", "the early 1900s": a century (TimeML "18"), not the decade 1800-1809 ("the
    # 2000s" stays the decade its readers mean).
    hundreds = re.search(r"\b(1[6-9])00s", lowered)
    if hundreds:
        return hundreds.group(1)
    four = re.search(r"(\d{3})0s", lowered)
    if four:
        return four.group(1)
    two = re.search(r"(\d)0['’]?s", lowered)
    digit = int(two.group(1)) if two else next(d for w, d in _DECADE_WORDS.items() if w in lowered)
    century = _century_for(digit * 10, dct) // 100
    return f"{century}{digit}"


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".").split("-")[-1].split()[-1]]


_ABSOLUTE_MONTH = re.compile(
    r"(?i)\b(january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b"
)


def _absolute(
    expression: str, name: str, dct: date | None, frame: Frame
) -> tuple[str | None, bool, bool]:
    """A calendar date as written: "March 16", "16 March 2023", "Feb. 2022", "3/16/23"."""
    year: int | None
    if name == "iso":
        year, month, day = (int(part) for part in expression.split("-"))
    elif name == "numeric":
        month, day, year = (int(part) for part in expression.split("/"))
        if year < 100:
            year = _century_for(year, dct)
    else:
        month_match = _ABSOLUTE_MONTH.search(expression)
        if month_match is None:
            return None, False, False
        month = _MONTHS[month_match.group(1).lower()]
        rest = expression[: month_match.start()] + " " + expression[month_match.end() :]
        year_match = re.search(r"\b(\d{4})\b", rest)
        year = int(year_match.group(1)) if year_match else None
        if year_match:
            rest = rest[: year_match.start()] + rest[year_match.end() :]
        day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", rest)
        day = int(day_match.group(1)) if day_match else 0
    if not 1 <= month <= 12 or day > 31:
        return None, False, False
    if year is None:
        if dct is None:
            text = f"XXXX-{month:02d}-{day:02d}" if day else f"XXXX-{month:02d}"
            return text, False, False
        year = _year_of_weekday(expression, dct, month, day) or _nearest_year(
            dct, month, day or None, frame.tense, frame.lean
        )
    if not day:
        return f"{year}-{month:02d}", True, False
    try:
        return date(year, month, day).isoformat(), True, False
    except ValueError:
        return None, False, False


def _year_of_weekday(expression: str, dct: date, month: int, day: int) -> int | None:
    """ "Saturday, April 25": the year near the document date in which that day is a
    Saturday, when there is one."""
    word = re.match(r"(?i)(mon|tue|wed|thu|fri|sat|sun)", expression.strip())
    if word is None or not day:
        return None
    target = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(word.group(1).lower())
    fitting = []
    for year in range(dct.year - 1, dct.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == target:
            fitting.append((abs((candidate - dct).days), year))
    return min(fitting)[1] if fitting else None


def _nearest_year(
    dct: date, month: int, day: int | None, tense: str | None, lean: int = 120
) -> int:
    """The year that puts month (and day) closest to the document date (news rarely looks
    far), leaning to the side the tense of the sentence points to: "was fired in July" is the
    last July, "will host in May" the next May. A tense from a verb next to the date decides;
    one from further away only leans (the date of "declared a dividend, payable Dec. 15" is
    to come).
    """
    years = list(range(dct.year - 1, dct.year + 2))
    if (month, day) == (2, 29):  # only a leap year has one: the nearest leap years
        years = [y for y in range(dct.year - 4, dct.year + 5) if calendar.isleap(y)]
    best: tuple[int, int] | None = None
    nearest = _nearest_year(dct, month, day, None) if tense and day is not None else None
    if nearest is not None:
        # A day within two weeks of the document date is that one, whatever the verb near
        # it ("gave no reason for the Jan. 14 deadline", written on Jan. 5).
        distance = abs((_safe_date(nearest, month, day) - dct).days)
        if distance <= _CLOSE_DAYS:
            return nearest
    for year in years:
        if day is None:
            distance = 30 * ((year * 12 + month) - (dct.year * 12 + dct.month))
        else:
            try:
                distance = (date(year, month, day) - dct).days
            except ValueError:
                continue
        key = abs(distance)
        if (tense == "past" and distance > 0) or (tense == "future" and distance < 0):
            key += lean
        if best is None or key < best[0]:
            best = (key, year)
    assert best is not None
    return best[1]


_CLOSE_DAYS = 14


def _safe_date(year: int, month: int, day: int | None) -> date:
    try:
        return date(year, month, day or 15)
    except ValueError:
        return date(year, month, 28)


def _season_year(season: str, dct: date, tense: str | None) -> int:
    first, last = _SEASON_MONTHS[season]
    if season == "WI":
        return dct.year if dct.month >= 3 or tense != "past" else dct.year - 1
    if tense == "past" and first > dct.month:
        return dct.year - 1
    if tense == "future" and last < dct.month:
        return dct.year + 1
    return dct.year


def _quarter(
    lowered: str, dct: date | None, tense: str | None
) -> tuple[str | None, bool, bool, str]:
    number = next(
        (n for word, n in _QUARTERS.items() if re.search(rf"\b{word}\b", lowered)), 4
    )  # "the final quarter of 2009"
    year_match = re.search(r"\d{4}", lowered)
    if year_match:
        return f"{year_match.group(0)}-Q{number}", True, False, "DATE"
    if dct is None:
        return f"XXXX-Q{number}", False, True, "DATE"
    shift = -1 if "last year" in lowered else 1 if "next year" in lowered else None
    if "this year" in lowered:
        shift = 0  # "the second quarter of this year"
    if shift is not None:
        return f"{dct.year + shift}-Q{number}", True, True, "DATE"
    year = dct.year
    ahead = 3 * number - 2 - dct.month  # months until this year's quarter begins
    since = dct.month + 12 - 3 * number  # months since last year's ended
    if ahead > 0 and (tense == "past" or (tense is None and since <= ahead)):
        # "the fourth quarter" reported in January is last year's; in August, with no verb
        # saying which, the one to come is nearer.
        year -= 1
    return f"{year}-Q{number}", True, True, "DATE"


def _reporting_quarter(dct: date, frame: Frame, lowered: str) -> tuple[int, int]:
    """The quarter a results report is about: named in the expression, else the document's,
    else the last quarter that has ended."""
    if frame.quarter:
        year, number = frame.quarter
    else:
        ended = (dct.month - 1) // 3 - 1
        year, number = dct.year + ended // 4, ended % 4 + 1
    named = next((n for word, n in _QUARTERS.items() if re.search(rf"\b{word}\b", lowered)), None)
    return year, named or number


def _year_ago(lowered: str, dct: date, frame: Frame) -> str:
    if "later" in lowered:
        return str((frame.year if frame.year is not None else dct.year) + 1)
    if frame.financial and frame.quarter:
        year, number = frame.quarter
        return f"{year - 1}-Q{number}"  # "up from $3 million a year ago": the same quarter
    if frame.year is not None and frame.near_year and re.search(r"earlier|before", lowered):
        return str(frame.year - 1)  # "in 1995 ... a year earlier"
    return str(dct.year - 1)


def _anaphoric(lowered: str, dct: date | None, frame: Frame) -> tuple[str | None, bool, bool, str]:
    """ "that year", "the following month", "the day before", "the next morning": from the
    date named before."""
    unit = re.search(r"(year|month|day|week|morning|afternoon|evening|night)", lowered)
    assert unit is not None
    shift = 0
    if re.search(r"following|next|after|later", lowered):
        shift = 1
    elif re.search(r"previous|prior|preceding|before|earlier", lowered):
        shift = -1
    value: str | None = None
    if unit.group(1) == "year":
        base = frame.year if frame.year is not None else (dct.year if dct and shift else None)
        value = str(base + shift) if base is not None else None
    elif unit.group(1) == "month":
        anchor = frame.month or ((dct.year, dct.month) if dct and shift else None)
        if anchor is not None:
            year, month = _shift_month(date(anchor[0], anchor[1], 1), shift)
            value = f"{year}-{month:02d}"
    elif frame.day is not None:
        days = 7 if unit.group(1) == "week" else 1
        day = frame.day + timedelta(days=shift * days)
        value = _week(day) if unit.group(1) == "week" else day.isoformat()
        part = _PARTS_OF_DAY.get(unit.group(1))
        if part and frame.month != (frame.day.year, frame.day.month):
            # A month named after the day ("Election Day ... in July ... the following
            # morning"): the morning is after some other day.
            return None, False, True, "TIME"
        if part:
            return f"{value}T{part}", True, True, "TIME"
    return value, value is not None, True, "DATE"


def week_of_day(value: str) -> str | None:
    """The ISO week (``2000-W10``) of a day's value (``2000-03-06``); None for another value."""
    try:
        return _week(date.fromisoformat(value))
    except ValueError:
        return None


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _part_in(lowered: str) -> str | None:
    if "tonight" in lowered:
        return "NI"
    match = re.search(r"(morning|afternoon|evening|night)", lowered)
    return _PARTS_OF_DAY[match.group(1)] if match else None


def _deictic(lowered: str, dct: date) -> tuple[str, bool, bool, str]:
    offsets = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}
    word = re.search(r"\b(today|tonight|this|yesterday|tomorrow|last)\b", lowered)
    assert word is not None
    day = dct + timedelta(days=offsets[word.group(1)])
    part = _part_in(lowered)
    if part:
        return f"{day.isoformat()}T{part}", True, True, "TIME"
    return day.isoformat(), True, True, "DATE"


def _shift_month(dct: date, months: int) -> tuple[int, int]:
    index = dct.year * 12 + dct.month - 1 + months
    return index // 12, index % 12 + 1


def _this_last_next(lowered: str, dct: date, frame: Frame) -> str:
    words = lowered.split()
    if words[0] in ("earlier", "later", "early", "late"):
        words = words[1:]
    if words[0] == "the":  # "the previous Friday", "the following Monday"
        target = _WEEKDAYS[words[2]]
        base = frame.day or dct
        step = -1 if words[1] in ("previous", "preceding") else 1
        day = base + timedelta(days=step)
        while day.weekday() != target:
            day += timedelta(days=step)
        part = _part_in(" ".join(words[3:]))
        return f"{day.isoformat()}T{part}" if part else day.isoformat()
    if words[:2] == ["this", "coming"]:
        words = ["coming", *words[2:]]
    if words[1] == "fiscal":
        words = [words[0], *words[2:]]
    direction = {"this": 0, "coming": 1, "next": 1, "last": -1, "past": -1, "previous": -1}[
        words[0]
    ]
    unit = words[1].rstrip(".")
    if unit in _MONTHS:
        month = _MONTHS[unit]
        year = dct.year
        if direction == -1 and month >= dct.month - 1:
            year -= 1  # "last February" said in March is a year ago
        if direction == 1 and month <= dct.month:
            year += 1
        return f"{year}-{month:02d}"
    if unit in _WEEKDAYS:
        target = _WEEKDAYS[unit]
        if words[0] == "coming":  # "this coming Sunday": the next one
            day = dct + timedelta(days=(target - dct.weekday()) % 7 or 7)
        else:
            monday = dct - timedelta(days=dct.weekday())
            day = monday + timedelta(days=target, weeks=direction)
            if direction == -1 and (dct - timedelta(days=7)) > day:
                day += timedelta(weeks=1)
            if direction == 0 and day > dct and frame.tense == "past":
                day -= timedelta(weeks=1)  # "This Sunday, Zapata crossed", written on Tuesday
        part = _part_in(" ".join(words[2:]))
        return f"{day.isoformat()}T{part}" if part else day.isoformat()
    if unit in ("week", "weekend"):
        value = _week(dct + timedelta(weeks=direction))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        year, month = _shift_month(dct, direction)
        return f"{year}-{month:02d}"
    if unit == "year":
        return str(dct.year + direction)
    if unit == "quarter":
        quarter = (dct.month - 1) // 3 + direction
        year = dct.year + (quarter // 4)
        return f"{year}-Q{quarter % 4 + 1}"
    if unit in _SEASONS:
        code = _SEASONS[unit]
        ends = {"SP": 6, "SU": 9, "FA": 12, "WI": 3}[code]
        year = dct.year
        if direction == -1 and (dct.month <= ends or code == "FA"):
            year -= 1
        if direction == 1 and dct.month >= ends - 3 and code != "WI":
            year += 1
        return f"{year}-{code}"
    if unit == "decade":
        return str(dct.year // 10 + direction)
    return str(dct.year // 100 + direction)  # century


def _boundary(lowered: str, dct: date) -> str:
    words = lowered.split()
    reference, unit = words[-2], words[-1]
    direction = {"this": 0, "the": 0, "last": -1, "next": 1}[reference]
    if unit == "year":
        return str(dct.year + direction)
    if unit == "month":
        year, month = _shift_month(dct, direction)
        return f"{year}-{month:02d}"
    if unit == "week":
        return _week(dct + timedelta(weeks=direction))
    return str(dct.year // 10 + direction)


def _ago(lowered: str, dct: date, direction: int) -> str:
    """ "three weeks ago" (``direction`` -1) or "in three weeks" (+1), from the document date."""
    unit = re.search(r"(day|week|month|year|decade|fortnight)", lowered)
    assert unit is not None
    name = unit.group(1)
    head = lowered[: unit.start()].replace("in ", "", 1).replace("about ", "").strip()
    number = int(head) if head.isdigit() else _NUMBER_WORDS.get(head)
    if number is None:
        number = _small_number(head.replace("-", " ").split())  # "twenty-two"
    if number is None and head == "many":
        # "many years ago" (NATO's founding, written in 2016): long ago, no decade to name.
        return "PAST_REF" if direction < 0 else "FUTURE_REF"
    if number is None:
        # "a few years ago": the granularity is known, the value is not.
        if name == "year":  # TimeML writes "a few years ago" as the decade
            return str(dct.year + 3 * direction)[:3]
        if name == "decade":
            return f"{str(dct.year)[:2]}XX"
        if name == "month":
            return f"{dct.year}-XX"
        if name in ("week", "fortnight"):
            return f"{dct.year}-WXX"
        return f"{dct.year}-XX-XX"
    if name == "day":
        return (dct + timedelta(days=direction * number)).isoformat()
    if name in ("week", "fortnight"):
        days = 7 if name == "week" else 14
        return _week(dct + timedelta(days=direction * number * days))
    if name == "month":
        year, month = _shift_month(dct, direction * number)
        return f"{year}-{month:02d}"
    if name == "year":
        return str(dct.year + direction * number)
    # "a decade ago", written in 1999, is 1989 (a year), not the 1980s.
    return str(dct.year + direction * 10 * number)


_FIXED_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's": (1, 1),
    "independence day": (7, 4),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "bastille day": (7, 14),
    "canada day": (7, 1),
    "boxing day": (12, 26),
    "veterans day": (11, 11),
    "remembrance day": (11, 11),
}


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based; -1 for the last) given weekday of a month."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def _holiday_in(name: str, year: int) -> date:
    from dateutil.easter import easter

    name = name.replace("’", "'").replace(" day", "") if name.startswith("new year") else name
    name = name.replace("’", "'")
    for key, (month, day) in _FIXED_HOLIDAYS.items():
        if name.startswith(key):
            return date(year, month, day)
    if name.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if name.startswith("election"):
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name.startswith("labor"):
        return _nth_weekday(year, 9, 0, 1)
    if name.startswith("memorial"):
        return _nth_weekday(year, 5, 0, -1)
    sunday: date = easter(year)
    return sunday


def last_week_of(month_value: str) -> str | None:
    """The last full week (Monday to Sunday) of a month's value (``2009-03`` → ``2009-W13``);
    None for another value."""
    match = re.fullmatch(r"(\d{4})-(\d\d)", month_value)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    last = date(year, month, calendar.monthrange(year, month)[1])
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)
    return _week(sunday)


def super_tuesday(dct: date, year: int | None = None) -> date | None:
    """The Super Tuesday of ``year`` or, without one, of the US presidential election year
    nearest the document date: the first Tuesday of March since 2012 (in 2008 it was February
    5); None before 2008, when its day moved from one cycle to the next, or in a year with no
    presidential primaries."""
    if year is None:
        year = min(
            (y for y in range(dct.year - 3, dct.year + 4) if y % 4 == 0),
            key=lambda y: (abs((date(y, 3, 1) - dct).days), y),
        )
    if year < 2008 or year % 4:
        return None
    if year == 2008:
        return date(2008, 2, 5)
    return _nth_weekday(year, 3, 1, 1)


def _holiday(lowered: str, dct: date, tense: str | None, lean: int = 120) -> str:
    """The day of a holiday (the week of "Easter week"): the nearest one, leaning to the side
    the verb points to as a month does ("was fired in July"): "the conversation after Labor
    Day", written in July, is the September ahead, not the one ten months gone; one within two
    weeks of the document date is that one, whatever the verb ("protesters prayed as Easter
    week began", written six days before Easter)."""
    year = re.search(r"\d{4}$", lowered)
    if year is not None:
        # "Christmas Eve 2009", "Election Day, 2016": that year's.
        name = re.sub(r"[ ,]+(?:of[ \t]+)?$", "", lowered[: year.start()])
        words = name.split()
        if words[0] in ("last", "next", "this"):
            name = " ".join(words[1:])
        day = _holiday_in(name.removesuffix(" week"), int(year.group(0)))
        if name == "election night":
            return f"{day.isoformat()}TNI"
        return _week(day) if name.endswith(" week") else day.isoformat()
    words = lowered.split()
    direction = {"last": -1, "next": 1, "this": 0}.get(words[0])
    name = " ".join(words[1:]) if direction is not None else lowered
    week = name.endswith(" week")
    if week:
        name = name[: -len(" week")]
    night = name == "election night"  # the night of Election Day (TimeML "TNI")
    candidates = [_holiday_in(name, year) for year in (dct.year - 1, dct.year, dct.year + 1)]
    close = [d for d in candidates if abs((d - dct).days) <= _CLOSE_DAYS]
    if direction is None and close:
        day = close[0]
    elif direction == -1:
        day = max(d for d in candidates if d <= dct)
    elif direction is not None:  # "next Christmas", "this Thanksgiving": the one ahead
        day = min(d for d in candidates if d >= dct)
    else:
        day = min(
            candidates,
            key=lambda d: (
                abs((d - dct).days)
                + (lean if (tense == "past" and d > dct) or (tense == "future" and d < dct) else 0)
            ),
        )
    return _week(day) if week else f"{day.isoformat()}TNI" if night else day.isoformat()


def _weekday(word: str, dct: date, tense: str | None) -> date:
    """The day a weekday names: the next one when the verb is in the future, else the last
    one ("said Friday"). With no tense cue news mostly tells of days gone ("the attacks in
    Paris on Friday", written on Wednesday): choosing the nearest day instead, or the next one
    when it is a day or two away, was tried and made more mistakes on PolNeAR than it mended
    on AQUAINT."""
    target = _WEEKDAYS[word.lower()]
    delta = (dct.weekday() - target) % 7
    if not delta:
        return dct
    last, following = dct - timedelta(days=delta), dct + timedelta(days=7 - delta)
    return following if tense == "future" else last


# A time stated in Coordinated Universal Time (or in GMT, its civil name at the same offset,
# or military "Zulu"): the one zone an ISO 8601 value can name without an offset. Not "GMT+8"
# ("6:40 p.m. (GMT +8)"), which names another zone by its offset.
_UTC = re.compile(r"\b(?:UTC|GMT|Zulu)\b(?!\s*[+-]\s*\d)|(?<=\d)Z\b")


def clock_time(expression: str) -> str:
    """ "HH:MM" of a clock time: "3:30 p.m.", "10 pm", "noon", "1750 GMT" ("17:50Z").

    A time stated in UTC or GMT ends in ``Z``, the zone designator of ISO 8601, so that
    "16:08 UTC" and "1608 GMT" are one moment wherever the reader is (MEANTIME writes them so,
    and so does a model asked for ISO 8601). A time in a local zone ("5 p.m. EST", "9 p.m.
    ET") stays the clock time as written, with no zone: TimeML corpora write it so, and an
    offset would be a guess (EST or EDT, and which "ET") rather than what the text says.
    """
    zone = "Z" if _UTC.search(expression) else ""
    return _clock_time(expression.lower()) + zone


def _clock_time(lowered: str) -> str:
    if "noon" in lowered or "midday" in lowered:
        return "12:00"
    if "midnight" in lowered:
        return "00:00"
    military = re.match(r"([01]\d|2[0-3])([0-5]\d)\b", lowered)
    if military:
        return f"{military.group(1)}:{military.group(2)}"
    match = re.match(r"(\d{1,2})(?:[:.](\d\d))?", lowered)  # ("12.20pm": a British stop)
    if match is None:
        return "XX:XX"
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = lowered[match.end() : match.end() + 4]
    if "p" in suffix and hour < 12:
        hour += 12
    if "a" in suffix and hour == 12:
        hour = 0
    if re.search(r"\bin the (?:afternoon|evening)", lowered) and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"
