"""Whether a matched prediction got a gold claim's fields right, one rule a field.

- **date value**: the same string (``2013-03-22``, ``XXXX-03-16``, ``2013-W12``), or the same
  instant written the other way ISO 8601 allows: the end of a day, ``2019-07-19T24:00``, is the
  start of the next, ``2019-07-20T00:00`` (TimeML gold writes midnight either way). No value is
  wrong.
- **speaker**: right when the predicted speaker equals one of the gold names, or ends with the
  same surname as one of them. Names are compared case-insensitively, with whitespace collapsed,
  curly apostrophes made straight, a final possessive ``'s`` and edge punctuation dropped; the
  surname is the last word once a suffix (Jr., Sr., II, III, IV) is dropped. So "Mr. Jhung",
  "Tom Jhung" and "jhung" are all right for "Jhung"; "Ahmed Maher" is wrong for "Ahmed Maher
  el-Sayed". The rule cannot tell two people of one family apart ("Bill Clinton" counts for
  "Hillary Clinton"): list a first name in the gold when that matters. No speaker, or a
  pronoun the extractor left unresolved, is wrong.
- **parties**: compared as sets. A predicted party stands for a gold party when they are equal
  or one holds the other as whole words ("Netanyahu" and "Benjamin Netanyahu"; "Korea" and
  "South Korea", but not "North Korea" and "South Korea"), ignoring case and a leading "the";
  a gold party may list several names, any of which counts. Parties are paired one to one; the
  set is exact when every gold party is paired and no predicted party is left, and its Jaccard
  index is paired / (gold + predicted - paired).
- **quantities**: compared as sets of strings, ignoring case, whitespace, edge punctuation and
  thousands separators ("1,000" = "1000"); exact set and Jaccard index as for parties.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_EDGE = " \t\n.,;:!?\"'()[]{}“”‘’«»—–-"


def normalize_name(name: str) -> str:
    """A name as names are compared: case, spacing, apostrophes, possessive, punctuation."""
    text = " ".join(name.replace("’", "'").replace("‘", "'").split()).casefold()
    text = text.strip(_EDGE)
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    return text.strip(_EDGE)


def surname(name: str) -> str:
    """The last word of a name once a suffix (Jr., III) is dropped; '' for no name."""
    words = [w.strip(_EDGE) for w in normalize_name(name).split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def speaker_right(predicted: str | None, gold_names: Sequence[str]) -> bool:
    """Whether ``predicted`` names the gold speaker (see the module's rule)."""
    if not predicted or not normalize_name(predicted):
        return False
    ours = normalize_name(predicted)
    last = surname(predicted)
    return any(ours == normalize_name(name) or last == surname(name) for name in gold_names)


_END_OF_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})T24:00((?::00)?(?:Z|[+-]\d{2}:?\d{2})?)")


def _midnight_as_start(value: str) -> str:
    """``YYYY-MM-DDT24:00`` (the end of a day) as the next day's ``T00:00``; others unchanged."""
    match = _END_OF_DAY.fullmatch(value)
    if match is None:
        return value
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return value
    return f"{(day + timedelta(days=1)).isoformat()}T00:00{match[4]}"


def date_value_right(predicted: object, gold: str) -> bool:
    if not isinstance(predicted, str):
        return False
    return predicted == gold or _midnight_as_start(predicted) == _midnight_as_start(gold)


def _party(name: str) -> str:
    text = normalize_name(name)
    return text[4:] if text.startswith("the ") else text


def _holds(a: str, b: str) -> bool:
    """Equal, or one of them found in the other as whole words."""
    if not a or not b:
        return False
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def parties_score(predicted: Sequence[str], gold: Sequence[Sequence[str]]) -> tuple[bool, float]:
    """(exact set, Jaccard index) of predicted parties against gold parties."""
    ours: list[str] = []
    for name in predicted:
        value = _party(name)
        if value and value not in ours:
            ours.append(value)
    used: set[int] = set()
    paired = 0
    for names in gold:
        accepted = [_party(n) for n in names]
        for index, value in enumerate(ours):
            if index not in used and any(_holds(value, a) for a in accepted):
                used.add(index)
                paired += 1
                break
    return _set_score(paired, len(gold), len(ours))


def _quantity(value: str) -> str:
    text = " ".join(value.split()).casefold().strip(_EDGE)
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


def quantities_score(predicted: Sequence[str], gold: Sequence[str]) -> tuple[bool, float]:
    """(exact set, Jaccard index) of predicted quantities against gold ones."""
    ours = {_quantity(q) for q in predicted} - {""}
    theirs = {_quantity(q) for q in gold} - {""}
    paired = len(ours & theirs)
    return _set_score(paired, len(theirs), len(ours))


def _set_score(paired: int, gold: int, predicted: int) -> tuple[bool, float]:
    union = gold + predicted - paired
    exact = paired == gold == predicted
    return exact, (paired / union if union else 1.0)
