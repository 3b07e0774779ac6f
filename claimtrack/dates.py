"""Find date expressions in text: where they are, and (via ``date_values``) what they mean.

A tagger of patterns a news reader knows — "March 16", "February 2022", "last weekend", "three
weeks ago", "the third quarter", "Tuesday night" — with the longest match winning, and checks
that keep counts ("2000 people") and modal verbs ("may") from passing for dates.
"""

from __future__ import annotations

import re
from datetime import date

from claimtrack.date_values import DateMention, normalise

__all__ = ["DateMention", "find_dates", "normalise"]

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|several|a few|few|many)"
)
UNIT = r"(?:day|week|month|year|decade|fortnight)s?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
# Words before a bare month or year that make it a date rather than a name or a number.
_DATE_PREPOSITIONS = (
    r"(?:in|on|since|by|until|till|through|from|before|after|during|between|and|to|of|early"
    r"|late|mid|last|next|this|fiscal|around|circa|as of|beginning|end|start|the|its|a)"
)

_PATTERNS: list[tuple[str, str]] = [
    # (name, pattern); the name picks the normaliser. Longest match wins over shorter overlaps.
    ("iso", rf"\b{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    ("numeric", r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2})\b"),
    ("absolute", rf"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?:,?\s+{YEAR})?\b"),
    ("absolute", rf"\b(?:{WEEKDAY},?\s+)?{DAY}\s+{MONTH}(?:,?\s+{YEAR})?\b"),
    ("absolute", rf"\b(?:(?:early|mid|late)[- ])?{MONTH},?\s+(?:of\s+)?{YEAR}\b"),
    ("season_year", rf"\b(?:(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+(?:of\s+)?{YEAR})\b"),
    ("quarter", rf"(?i:\b(?:the\s+)?(?:first|second|third|fourth)[- ]quarter)(?:\s+of\s+{YEAR})?"),
    ("decade", r"\b(?:the\s+)?(?:(?:1[6-9]|20)\d0s|'\d0s)"),
    ("fuzzy_year", rf"\b(?:early|mid|late)[- ](?:{YEAR}|(?:1[6-9]|20)\d0s)\b"),
    ("deictic", rf"(?i:\b(?:today|tonight|yesterday|tomorrow)(?:\s+{PART_OF_DAY})?\b)"),
    ("deictic", rf"(?i:\bthis\s+{PART_OF_DAY}\b|\blast\s+night\b)"),
    (
        "this_last_next",
        r"(?i:\b(?:(?:earlier|later)\s+)?(?:this|last|next|past|coming|previous)\s+"
        r"(?:fiscal\s+)?(?:week(?:end)?|month|year|quarter|spring|summer|fall|autumn|winter|decade|century)\b)",
    ),
    ("this_last_next", rf"\b(?i:this|last|next)\s+{MONTH}\b"),
    ("this_last_next", rf"\b(?i:this|last|next)\s+{WEEKDAY}(?:\s+{PART_OF_DAY})?\b"),
    (
        "boundary",
        r"(?i:\bthe\s+(?:end|beginning|start|middle)\s+of\s+(?:this|last|next|the)\s+"
        r"(?:week|month|year|decade)\b)",
    ),
    ("ago", rf"(?i:\b{NUM}\s+{UNIT}\s+ago\b)"),
    ("year_ago", r"(?i:\b(?:a\s+year\s+(?:ago|earlier|before)|year[- ](?:earlier|ago))\b)"),
    (
        "fin_quarter",
        r"(?i:\bthe\s+(?:latest|current|most\s+recent|recent|fiscal|same|)\s*quarter\b)",
    ),
    (
        "this_year",
        r"(?i:\bthe\s+(?:full\s+|current\s+)?year\b(?![-–]|\s+(?:before|after|earlier|"
        r"later|ago|of|\d|in\s+which|when|that)))",
    ),
    ("year_end", r"(?i:\b(?:year[- ]end|the\s+end\s+of\s+(?:the\s+)?year)\b)"),
    ("the_weekend", r"(?i:\bthe\s+weekend\b)"),
    ("century", r"(?i:\b(?:the\s+)?(?:1[0-9]|2[01])(?:st|nd|rd|th)[- ]century\b)"),
    (
        "holiday",
        r"\b(?:(?:last|this|next)\s+)?(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year[’']s"
        r"(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Election\s+Day|Independence\s+Day"
        r"|Halloween|Valentine[’']s\s+Day|Labor\s+Day|Memorial\s+Day|Easter(?:\s+Sunday)?)\b",
    ),
    (
        "recent",
        r"(?i:\bin\s+recent\s+(?:days|weeks|months|years)\b|\brecent(?:ly)?\b|\bthe\s+past\b"
        r"(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|century|quarters?)))",
    ),
    ("present", r"(?i:\b(?:now|currently|current|nowadays|at\s+present|these\s+days)\b)"),
    ("future", r"(?i:\bthe\s+(?:near\s+)?future\b)"),
    ("weekday", rf"\b{WEEKDAY}(?:\s+{PART_OF_DAY})?\b"),
    (
        "clock",
        r"(?i:\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
        r"(?:\s+(?:[A-Z]{2,4}T|GMT|UTC))?)",
    ),
    ("clock", r"(?i:\b(?:noon|midnight|midday)\b)"),
    ("clock", r"\b(?:[01]\d|2[0-3]):[0-5]\d\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|[A-Z]{2,4}T)\b"),
    ("bare_month", rf"(?i:\b{_DATE_PREPOSITIONS})[ -](?P<d>{MONTH})\b(?!\s+\d)"),
    (
        "bare_month",
        r"\b(?:January|February|April|June|July|August|September|October|November"
        r"|December)\b",
    ),
    ("year_range", rf"\b{YEAR}[-–](?:\d\d|{YEAR})\b(?![-–/]\d)"),
    ("bare_year", rf"(?<![$#£€\d.,/:-]){YEAR}\b(?![-–/]\d|,\d|\.\d|%|\s*percent)"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in _PATTERNS]

# Lower-case words that, after a bare four-digit number, say it counts things rather than names a
# year ("2000 people", "1800 troops").
_YEAR_AFTER_OK = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|to|when|as|after|before|until|election|elections|season|budget"
    r"|campaign|census|summit|games|olympics|world|cup|race|war|crisis|invasion|agreement|deal"
    r"|law|act|report|survey|model|levels?|figures?|returns?|was|is|were|had|has|saw|will|would"
    r"|in|on|at|for|by|with|the|a|an|that|which|who|while|because|but|from|through|he|she|it"
    r"|they|we|I)\b|[A-Z])"
)


def find_dates(text: str, document_date: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, normalised against ``document_date``."""
    candidates: list[tuple[int, int, str]] = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            # A pattern may look at context it does not include: then group "d" is the date.
            start, end = match.span("d") if "d" in pattern.groupindex else match.span()
            if name == "bare_year" and not _looks_like_year(text, start, end):
                continue
            candidates.append((start, end, name))
    # Longest first, then earliest: a shorter candidate inside a longer one is dropped.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, name in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, name))
    taken.sort()
    mentions = []
    for start, end, name in taken:
        expression = text[start:end]
        sentence = _sentence_around(text, start, end)
        mentions.append(normalise(expression, name, document_date, start, end, sentence))
    return mentions


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


def _looks_like_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    if re.search(rf"\b{_DATE_PREPOSITIONS}\s*$", before, re.IGNORECASE):
        return True
    if re.search(r"(?:'s|’s)\s*$", before):
        return True
    return _YEAR_AFTER_OK.match(text, end) is not None
