"""Normalised keys: the forms in which two reports of one fact are compared.

Pure functions of their input, the same in every process (no ``hash()``, no set iteration in
an answer): words of a text as they are compared, a speaker's name as a set of name words, a
date as the interval it covers at its precision, parties as a set, and the block keys under
which two claims can meet at all.

- Words: case-folded, accents dropped, one kind of apostrophe, numbers without thousands
  separators, small number words as digits ("two" = "2"), "%" as "percent". Punctuation is not
  a word, so a re-punctuated quote has the same words.
- Names: "Kishida", "Kishida Fumio" and "Japanese Prime Minister Fumio Kishida" are the name
  words {kishida}, {fumio, kishida}, {fumio, kishida}: titles, nationalities and descriptions
  are not name words. Two names are compatible when they share a name word.
- Dates: ``2023-03`` covers March 2023, ``2023-03-16`` one day, ``XXXX-03-16`` March 16 of any
  year, ``2023-W11`` a week; two dates are compatible when their intervals meet.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# -- words ----------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*|[$€£%]")
# An elision or an editor's insertion inside a quote: "…", "...", ". . .", "[...]", "[he]".
_GAP = re.compile(r"\[[^\]]{0,60}\]|\.\s?\.\s?\.|…")

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "dozen": "12",
}  # fmt: skip
_SYMBOLS = {"%": "percent", "€": "euro", "£": "pound"}
MONTHS = frozenset(
    [m.lower() for m in calendar.month_name if m]
    + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
WEEKDAYS = frozenset(d.lower() for d in calendar.day_name)
UNITS = frozenset(
    "percent per cent million billion trillion thousand dollars dollar euros euro pounds pound "
    "yen people percentage points point years year months days km miles tons tonnes $".split()
)

# Words that carry no content on their own: a block key made only of these joins nothing.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say told also s t don didn doesn isn wasn weren won wouldn couldn shouldn aren
    ve ll re d m o going get got like just want us
    """.split()
)


@dataclass(frozen=True)
class Words:
    """A text as compared: its words, which of them are capitalised in the text (names, in a
    sentence), and where an elision or an editor's insertion interrupts it (the position of
    the word after each gap)."""

    words: tuple[str, ...]
    caps: tuple[bool, ...]
    gaps: tuple[int, ...] = ()


def fold(text: str) -> str:
    """Case-folded, accents dropped, one kind of apostrophe."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 17)
def _word(token: str) -> str:
    if token[0].isdigit():
        if "," in token and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
            token = token.replace(",", "")
        if "." in token and re.fullmatch(r"\d+\.\d+", token):
            token = token.rstrip("0").rstrip(".")
        return token
    folded = fold(token)
    if folded.endswith("'s"):
        folded = folded[:-2]
    return NUMBER_WORDS.get(folded) or _SYMBOLS.get(folded) or folded


_CONTRACTIONS = {
    "n't": "not",
    "'re": "are",
    "'ll": "will",
    "'ve": "have",
    "'m": "am",
    "'d": "would",
}
_IRREGULAR = {"won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not")}


@lru_cache(maxsize=1 << 14)
def _expanded(word: str) -> tuple[str, ...]:
    """A contraction as its words ("we're" = "we are"), so that a quote written out in full
    is the same quote."""
    if not word:
        return ()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if "'" in word:
        for ending, full in _CONTRACTIONS.items():
            if word.endswith(ending) and len(word) > len(ending):
                return word[: -len(ending)], full
    return (word,)


def words(text: str, *, gaps: bool = False) -> Words:
    """The words of ``text``; with ``gaps``, elisions and bracketed insertions are gaps."""
    text = text.translate(_APOSTROPHES)
    found: list[str] = []
    caps: list[bool] = []
    breaks: list[int] = []
    pieces = _GAP.split(text) if gaps else [text]
    for index, piece in enumerate(pieces):
        if index and (not breaks or breaks[-1] != len(found)):
            breaks.append(len(found))
        for match in _TOKEN.finditer(piece):
            token = match.group(0)
            for word in _expanded(_word(token)):
                found.append(word)
                caps.append(token[0].isupper())
    return Words(tuple(found), tuple(caps), tuple(b for b in breaks if 0 < b < len(found)))


def plain(text: str) -> str:
    """The text with its punctuation but not its typography: one kind of quotation mark and
    apostrophe, one space; so a quote in the other quote-mark style is the same text."""
    text = text.translate(_APOSTROPHES)
    text = re.sub(r"[“”„«»\"]", '"', text)
    text = re.sub(r"[–—]", "-", text)
    return " ".join(text.split()).strip(" \"'")


def is_number(word: str) -> bool:
    return word[:1].isdigit()


def is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2100


# -- block keys ----------------------------------------------------------------------------


def block_keys(
    namespace: str, found: Sequence[str], *, skips: bool = True, pairs: bool = False
) -> list[int]:
    """The keys under which two word sequences can meet: each run of three words and, with
    ``skips``, each pair of words one apart (so one changed word in a short quote still leaves
    a shared key), with ``pairs`` each two words in a row, leaving out those made only of
    stop words. A pure function of the words: two claims are candidates exactly when their
    key lists share enough keys, whatever else is in the ledger."""
    n = len(found)
    space = namespace.encode("utf-8")
    encoded = [w.encode("utf-8") for w in found]
    content = [w not in STOPWORDS for w in found]
    crc = zlib.crc32
    keys: set[int] = set()
    for i in range(n - 2):
        a, b, c = encoded[i], encoded[i + 1], encoded[i + 2]
        if content[i] or content[i + 2]:
            if skips:
                keys.add(crc(b"%s\x1e%s %s" % (space, a, c)))
            keys.add(crc(b"%s\x1f%s %s %s" % (space, a, b, c)))
        elif content[i + 1]:
            keys.add(crc(b"%s\x1f%s %s %s" % (space, a, b, c)))
    for i in range(n - 1):
        if (pairs or n == 2) and (content[i] or content[i + 1]):
            keys.add(crc(b"%s\x1d%s %s" % (space, encoded[i], encoded[i + 1])))
    return sorted(keys)


def extra_key(namespace: str, value: str) -> int:
    """A key for a whole value (an agreement's set of parties, say)."""
    return zlib.crc32(f"{namespace}\x1c{value}".encode())


def key_token(key: int) -> str:
    """A key as one token of the full-text index (letters and digits only)."""
    return f"k{key:08x}"


# -- names ---------------------------------------------------------------------------------

_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
PRONOUNS = frozenset(
    "he she they we i it him her them us me his hers their our you who one someone".split()
)
_NOT_NAME_WORDS = frozenset(
    """
    president vice prime minister foreign defense defence finance interior justice trade
    secretary state chancellor king queen prince princess pope mr mrs ms miss dr prof professor
    sen senator rep representative congressman congresswoman gov governor gen general lt col
    colonel adm admiral judge justice mayor chairman chairwoman chair chief executive ambassador
    premier speaker lord lady sir dame bishop archbishop rev reverend coach detective officer
    sgt sergeant capt captain commissioner director spokesman spokeswoman spokesperson former
    leader candidate presidential democratic democrat republican gop deputy assistant acting
    then house white press senior official officials minority majority whip attorney ceo cfo
    founder head told said the a an of for and to in at on by with from his her their its
    party senate national security adviser advisor council member members analyst economist
    correspondent reporter editor author expert lawmaker lawmakers minister's u s us uk un eu
    american british chinese japanese korean south north east west russian ukrainian french
    german italian spanish indian iranian iraqi israeli palestinian syrian turkish canadian
    mexican brazilian australian european saudi egyptian pakistani afghan taiwanese vietnamese
    polish dutch swedish greek irish scottish welsh english jr sr ii iii iv late
    """.split()
)


@lru_cache(maxsize=1 << 15)
def name_words(name: str | None) -> tuple[str, ...]:
    """The words of a person's name, without titles, roles, nationalities or descriptions;
    ``()`` when nothing of a name is left (a pronoun, "a spokesman for the ministry")."""
    if not name:
        return ()
    best: tuple[str, ...] = ()
    # "Jane Doe, the chief executive" / "the company's chief executive, Jane Doe"
    for part in name.split(","):
        found = []
        for match in _NAME_TOKEN.finditer(part.translate(_APOSTROPHES)):
            token = match.group(0)
            if not token[0].isupper():
                continue
            word = fold(token)
            if word.endswith("'s"):
                word = word[:-2]
            for piece in re.split(r"[-']", word):
                if len(piece) > 1 and piece not in _NOT_NAME_WORDS and piece not in PRONOUNS:
                    found.append(piece)
        if found:
            best = tuple(sorted(set(found)))
            break
    return best


def names_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names (as ``name_words``) can be one person: either is unknown, or they
    share a name word ("Kishida" and "Fumio Kishida")."""
    return not a or not b or bool(set(a) & set(b))


# -- parties -------------------------------------------------------------------------------

_PARTY_ALIASES = {
    "us": "united states",
    "u s": "united states",
    "usa": "united states",
    "america": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "russian federation": "russia",
    "republic of korea": "south korea",
    "rok": "south korea",
    "dprk": "north korea",
    "prc": "china",
    "people's republic of china": "china",
}


def party(name: str) -> str:
    """One party as compared: folded, without "the" and dots, with common aliases."""
    folded = fold(name).replace(".", " ").strip()
    folded = re.sub(r"^the\s+", "", " ".join(folded.split()))
    return _PARTY_ALIASES.get(folded, folded)


def parties(names: Iterable[str]) -> tuple[str, ...]:
    """A set of parties, sorted: the order a text names them in does not matter."""
    return tuple(sorted({party(n) for n in names if n.strip()}))


# -- dates ---------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4}|XXXX)-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_QUARTER = re.compile(r"^(\d{4}|XXXX)-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass(frozen=True)
class DateSpan:
    """The days a date value covers, ``[first, last]``; ``year_known`` is False for
    ``XXXX-…`` values, whose days are given in the year 2000 (a leap year)."""

    first: date
    last: date
    year_known: bool = True

    def in_year(self, year: int) -> DateSpan:
        def move(day: date) -> date:
            try:
                return day.replace(year=year + (day.year - 2000))
            except ValueError:  # February 29 in a year without one
                return day.replace(year=year + (day.year - 2000), day=28)

        return DateSpan(move(self.first), move(self.last), True)


def _month_end(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def date_span(value: str | None) -> DateSpan | None:
    """The interval of a normalised date value; ``None`` when it names no interval (missing,
    ``PRESENT_REF``, an unreadable value): such a date is compatible with any other."""
    if not value:
        return None
    try:
        return _span(value)
    except ValueError:
        return None


def _span(value: str) -> DateSpan | None:
    if m := _DAY.match(value):
        known = m.group(1) != "XXXX"
        day = date(int(m.group(1)) if known else 2000, int(m.group(2)), int(m.group(3)))
        return DateSpan(day, day, known)
    if m := _MONTH.match(value):
        known = m.group(1) != "XXXX"
        year, month = (int(m.group(1)) if known else 2000), int(m.group(2))
        return DateSpan(date(year, month, 1), _month_end(year, month), known)
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if m.group(3):
            return DateSpan(monday + timedelta(days=5), monday + timedelta(days=6))
        return DateSpan(monday, monday + timedelta(days=6))
    if m := _QUARTER.match(value):
        known = m.group(1) != "XXXX"
        year, quarter = (int(m.group(1)) if known else 2000), int(m.group(2))
        return DateSpan(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), known)
    if m := _SEASON.match(value):
        year = int(m.group(1))
        first, last = _SEASON_MONTHS[m.group(2)]
        return DateSpan(date(year, first, 1), _month_end(year, last))
    if re.fullmatch(r"\d{4}", value):
        return DateSpan(date(int(value), 1, 1), date(int(value), 12, 31))
    if re.fullmatch(r"\d{3}", value):  # a decade
        return DateSpan(date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31))
    if re.fullmatch(r"\d{2}", value):  # a century
        return DateSpan(date(max(1, int(value) * 100), 1, 1), date(int(value) * 100 + 99, 12, 31))
    return None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Whether two date values can be the same date at their precision: "2023-03" and
    "2023-03-16" can, "XXXX-03-16" and "2023-03-16" can, "2023-03-16" and "2023-03-17"
    cannot. A value that names no interval is compatible with everything."""
    first, second = date_span(a), date_span(b)
    if first is None or second is None:
        return True
    if first.year_known == second.year_known:
        return first.first <= second.last and second.first <= first.last
    known, unknown = (first, second) if first.year_known else (second, first)
    return any(
        (moved := unknown.in_year(year)).first <= known.last and known.first <= moved.last
        for year in range(known.first.year - 1, known.last.year + 1)
    )


def precision(value: str | None) -> int:
    """How much of a date a value gives: 3 a day, 2 a month or week, 1 a year or more."""
    span = date_span(value)
    if span is None:
        return 0
    days = (span.last - span.first).days
    return 3 if days == 0 else 2 if days <= 31 else 1
