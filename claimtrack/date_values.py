"""Normalised values of date expressions, against the document's date when known.

Values follow ISO 8601 and TimeML's TIMEX3 conventions, partial where the text is partial:
``2023-03-16``, ``2022-02`` (a month), ``2011`` (a year), ``199`` (the 1990s), ``2023-W11`` (a
week), ``2023-W11-WE`` (a weekend), ``2023-Q1``, ``2023-SP`` (spring), ``2023-03-16TNI`` (that
night), ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``. A date whose year the text does not give
is written ``XXXX-03-16`` and a relative one ("last weekend") is ``None``; both are flagged
unresolved until a document date is known. Absolute expressions are read by dateparser; relative
ones are computed here from the document date, because dateparser resolves them against today's
clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateparser.date import DateDataParser

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
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "several": None,
    "few": None,
    "a few": None,
    "many": None,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
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


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|ago|last|earlier|previously|\w{3,}ed)\b", re.IGNORECASE
)
_FUTURE_CUES = re.compile(
    r"\b(?:will|'ll|’ll|shall|plans?|planned|scheduled|expected|set to|is to|are to|due|next"
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
) -> DateMention:
    """The normalised value of one expression found by the pattern called ``name``."""
    end = start + len(expression) if end is None else end
    value, resolved, relative, kind = _value(expression, name, document_date, sentence)
    return DateMention(start, end, expression, value, resolved, relative, kind)


def _value(
    expression: str, name: str, dct: date | None, sentence: str
) -> tuple[str | None, bool, bool, str]:
    lowered = expression.lower().strip()
    future = bool(_FUTURE_CUES.search(sentence))
    past = not future and bool(_PAST_CUES.search(sentence))
    if name in ("iso", "numeric", "absolute"):
        return (*_absolute(expression, dct, future, past), "DATE")
    if name == "decade":
        digits = re.search(r"(\d+)0s", lowered)
        assert digits is not None
        number = digits.group(1)
        if len(number) == 1:  # '90s
            century = "19" if int(number) >= 3 else "20"
            return century + number, True, False, "DATE"
        return number, True, False, "DATE"
    if name == "fuzzy_year":
        year = re.search(r"\d{4}", lowered)
        assert year is not None
        if lowered.endswith("s"):
            return year.group(0)[:3], True, False, "DATE"
        return year.group(0), True, False, "DATE"
    if name == "season_year":
        year = re.search(r"\d{4}", lowered)
        season = next(code for word, code in _SEASONS.items() if word in lowered)
        assert year is not None
        return f"{year.group(0)}-{season}", True, False, "DATE"
    if name == "quarter":
        number = next(n for word, n in _QUARTERS.items() if word in lowered)
        year_match = re.search(r"\d{4}", lowered)
        if year_match:
            return f"{year_match.group(0)}-Q{number}", True, False, "DATE"
        if dct is None:
            return f"XXXX-Q{number}", False, True, "DATE"
        return f"{dct.year}-Q{number}", True, True, "DATE"
    if name == "year_range":
        return lowered[:4], True, False, "DATE"
    if name == "bare_year":
        return lowered, True, False, "DATE"
    if name == "bare_month":
        month = _month_number(lowered)
        if dct is None:
            return f"XXXX-{month:02d}", False, False, "DATE"
        nearest = _nearest_year(dct, month, 15, future, past)
        return f"{nearest}-{month:02d}", True, False, "DATE"
    if name == "century":
        number = re.search(r"\d+", lowered)
        assert number is not None
        return str(int(number.group(0)) - 1), True, False, "DATE"
    if name == "present":
        return "PRESENT_REF", True, True, "DATE"
    if name == "recent":
        return "PAST_REF", True, True, "DATE"
    if name == "future":
        return "FUTURE_REF", True, True, "DATE"
    if name == "clock":
        return _clock(lowered, dct), dct is not None, True, "TIME"
    # Everything below is relative to the document date.
    if dct is None:
        return None, False, True, "TIME" if _part_of_day(lowered) else "DATE"
    if name == "deictic":
        return _deictic(lowered, dct)
    if name == "this_last_next":
        return _this_last_next(lowered, dct, future), True, True, "DATE"
    if name == "boundary":
        return _boundary(lowered, dct), True, True, "DATE"
    if name == "ago":
        return _ago(lowered, dct), True, True, "DATE"
    if name == "year_ago":
        return str(dct.year - 1), True, True, "DATE"
    if name == "fin_quarter":
        quarter = (dct.month - 1) // 3 - 1  # the last quarter that has ended
        return f"{dct.year + quarter // 4}-Q{quarter % 4 + 1}", True, True, "DATE"
    if name in ("this_year", "year_end"):
        return str(dct.year), True, True, "DATE"
    if name == "the_weekend":
        return _this_last_next("last weekend", dct, future), True, True, "DATE"
    if name == "holiday":
        return _holiday(lowered, dct, future), True, True, "DATE"
    if name == "weekday":
        day = _weekday(lowered.split()[0], dct, future)
        part = _part_of_day(lowered)
        if part:
            return f"{day.isoformat()}T{part}", True, True, "TIME"
        return day.isoformat(), True, True, "DATE"
    raise ValueError(f"no normaliser for pattern {name!r}")


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".").split("-")[-1].split()[-1]]


def _absolute(
    expression: str, dct: date | None, future: bool = False, past: bool = False
) -> tuple[str | None, bool, bool]:
    cleaned = re.sub(r"\b(early|mid|late)[- ]", "", expression)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned).replace(" of ", " ")
    parsed = _parser().get_date_data(cleaned)
    if parsed.date_obj is None:
        return None, False, False
    when = parsed.date_obj.date()
    parts = set(getattr(parsed, "parts", None) or ())
    has_day = "day" in parts
    if "year" not in parts:
        if dct is None:
            return (
                (f"XXXX-{when.month:02d}-{when.day:02d}" if has_day else f"XXXX-{when.month:02d}"),
                False,
                False,
            )
        year = _nearest_year(dct, when.month, when.day if has_day else 15, future, past)
        when = when.replace(year=year)
    if has_day:
        return when.isoformat(), True, False
    if "month" in parts:
        return f"{when.year}-{when.month:02d}", True, False
    return str(when.year), True, False


def _nearest_year(dct: date, month: int, day: int, future: bool, past: bool = False) -> int:
    """The year that puts month/day closest to the document date (news rarely looks far).

    The tense of the sentence breaks near-ties: "in March" said in January is last March when
    the sentence is in the past tense, next March when it speaks of the future.
    """
    best = dct.year
    best_distance = None
    years = range(dct.year - 1, dct.year + 2)
    if (month, day) == (2, 29):  # only a leap year has one: the nearest leap years
        years = range(dct.year - 4, dct.year + 5)
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        distance = abs((candidate - dct).days)
        if future and candidate < dct:
            distance += 120
        if past and candidate > dct:
            distance += 120
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    return best


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _part_of_day(lowered: str) -> str | None:
    for word, code in _PARTS_OF_DAY.items():
        if lowered.endswith(word):
            return code
    return None


def _deictic(lowered: str, dct: date) -> tuple[str, bool, bool, str]:
    offsets = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}
    first = lowered.split()[0]
    day = dct + timedelta(days=offsets[first])
    part = _part_of_day(lowered) or ("NI" if first == "tonight" else None)
    if part:
        return f"{day.isoformat()}T{part}", True, True, "TIME"
    return day.isoformat(), True, True, "DATE"


def _shift_month(dct: date, months: int) -> tuple[int, int]:
    index = dct.year * 12 + dct.month - 1 + months
    return index // 12, index % 12 + 1


def _this_last_next(lowered: str, dct: date, future: bool) -> str:
    words = lowered.split()
    if words[0] in ("earlier", "later"):
        words = words[1:]
    direction = {"this": 0, "coming": 1, "next": 1, "last": -1, "past": -1, "previous": -1}[
        words[0]
    ]
    unit = words[1].rstrip(".")
    if unit in _MONTHS:
        month = _MONTHS[unit]
        year = dct.year + (direction if direction else 0)
        if direction == -1 and month < dct.month:
            year = dct.year
        if direction == 1 and month > dct.month:
            year = dct.year
        return f"{year}-{month:02d}"
    if unit in _WEEKDAYS:
        target = _WEEKDAYS[unit]
        monday = dct - timedelta(days=dct.weekday())
        day = monday + timedelta(days=target, weeks=direction)
        if direction == -1 and (dct - timedelta(days=7)) > day:
            day += timedelta(weeks=1)
        part = _part_of_day(lowered)
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


def _ago(lowered: str, dct: date) -> str | None:
    parsed = dateparser.parse(lowered, languages=["en"], settings={"RELATIVE_BASE": _midnight(dct)})
    unit = re.search(r"(day|week|month|year|decade|fortnight)", lowered)
    assert unit is not None
    number_text = lowered.split(unit.group(1))[0].strip()
    vague = _NUMBER_WORDS.get(number_text, 0) is None
    if parsed is None or vague:
        # "several years ago": the granularity is known, the value is not.
        if unit.group(1) == "year":
            return "PAST_REF"
        return "PAST_REF"
    when = parsed.date()
    name = unit.group(1)
    if name == "day":
        return when.isoformat()
    if name in ("week", "fortnight"):
        return _week(when)
    if name == "month":
        return f"{when.year}-{when.month:02d}"
    if name == "year":
        return str(when.year)
    return str(when.year // 10)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


_FIXED_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's": (1, 1),
    "independence day": (7, 4),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
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


def _holiday(lowered: str, dct: date, future: bool) -> str:
    words = lowered.split()
    direction = {"last": -1, "next": 1, "this": 0}.get(words[0])
    name = " ".join(words[1:]) if direction is not None else lowered
    candidates = [_holiday_in(name, year) for year in (dct.year - 1, dct.year, dct.year + 1)]
    if direction == -1 or (direction is None and not future):
        past = [d for d in candidates if d <= dct]
        return max(past).isoformat()
    upcoming = [d for d in candidates if d >= dct]
    return min(upcoming).isoformat()


def _weekday(word: str, dct: date, future: bool) -> date:
    target = _WEEKDAYS[word.lower()]
    delta = (dct.weekday() - target) % 7
    if future and delta:
        return dct + timedelta(days=7 - delta)
    return dct - timedelta(days=delta)


def _clock(lowered: str, dct: date | None) -> str | None:
    if "noon" in lowered or "midday" in lowered:
        hour, minute = 12, 0
    elif "midnight" in lowered:
        hour, minute = 0, 0
    else:
        match = re.match(r"(\d{1,2})(?::(\d\d))?", lowered)
        assert match is not None
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if "p" in lowered[match.end() : match.end() + 3] and hour < 12:
            hour += 12
        if "a" in lowered[match.end() : match.end() + 3] and hour == 12:
            hour = 0
    prefix = dct.isoformat() if dct else "XXXX-XX-XX"
    return f"{prefix}T{hour:02d}:{minute:02d}"
