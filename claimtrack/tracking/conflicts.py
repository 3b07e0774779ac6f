"""Field-by-field comparison of two reports of one fact: where they disagree, and how.

The matcher (``match``) has decided that two claims report one fact and aligned their words;
this module reads the words that differ and the typed fields, and names each disagreement:

- ``date``: the dates cannot be one date at their precision ("March 16" / "March 18"; not
  "March" / "March 16", and not "Tuesday" / "Tuesday" read against two publication dates);
- ``number``: a number changed ("12 percent" / "15 percent"; not "two" / "2");
- ``speaker``: two named speakers who cannot be one person (only names written next to the
  quote count: a pronoun resolved to someone is no evidence against another report);
- ``wording``: the same quote with other words inside it (a misquote);
- ``parties``: an agreement between other parties, sharing at least one;
- ``state``: an agreement reported as made by one source and denied by another.

A change of a name outside a quote (another country, another person) means another fact, not
a conflict: ``compare_text`` says so by returning ``None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from claimtrack.tracking.keys import (
    MONTHS,
    STOPWORDS,
    UNITS,
    WEEKDAYS,
    dates_compatible,
    is_number,
    is_year,
)

ConflictKind = Literal["date", "speaker", "wording", "number", "parties", "state"]
CONFLICT_KINDS: tuple[str, ...] = ("date", "speaker", "wording", "number", "parties", "state")
ChangeClass = Literal["date", "number", "name", "words"]

# Agreement states that say no agreement exists: one of these against any other is a conflict.
_NEGATIVE_STATES = frozenset({"denied"})


@dataclass(frozen=True)
class FieldConflict:
    """One disagreement between report ``a`` and report ``b`` on ``field``."""

    kind: ConflictKind
    field: str
    values: tuple[str | None, str | None]

    def mirrored(self) -> FieldConflict:
        return FieldConflict(self.kind, self.field, (self.values[1], self.values[0]))


class TextSide(Protocol):
    """What ``compare_text`` reads of each side (``features.Features`` has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def words(self) -> tuple[str, ...]: ...
    @property
    def date_value(self) -> str | None: ...
    @property
    def date_words(self) -> tuple[str, ...]: ...
    @property
    def parties(self) -> tuple[str, ...]: ...
    @property
    def state(self) -> str | None: ...


@dataclass(frozen=True)
class Change:
    """Words of ``a`` replaced by words of ``b`` (either side may be empty), with the equal
    words just before and after them."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    a_caps: tuple[bool, ...]
    b_caps: tuple[bool, ...]
    before: str | None
    after: str | None
    at: int = -1  # where in ``a`` the change is (before which word of it)


def _numeric(word: str) -> bool:
    return is_number(word) or word in UNITS


def classify(change: Change) -> ChangeClass:
    """What kind of words changed: a date (a month, a weekday, a year, a day of a month), a
    number (a count, an amount: "19 years ago" is a number), a name, or other words."""
    changed = change.a + change.b
    if not changed:
        return "words"
    names = [
        w
        for w, cap in zip(changed, change.a_caps + change.b_caps, strict=True)
        if cap and w not in STOPWORDS and w not in MONTHS and w not in WEEKDAYS
    ]
    if names:
        return "name"  # "Ai Jun" is a name, not June
    numbers = all(_numeric(w) for w in changed) and any(is_number(w) for w in changed)
    counted = change.after in UNITS  # "1500 people" is a count, not a year
    dated = any(w in MONTHS or w in WEEKDAYS for w in changed) and len(changed) <= 4
    if dated or (
        numbers
        and not counted
        and (any(is_year(w) for w in changed) or change.before in MONTHS or change.after in MONTHS)
    ):
        return "date"
    return "number" if numbers else "words"


def _yearless(value: str | None) -> str | None:
    """A month or a day without its year: "2016-10-22" is "XXXX-10-22"."""
    if value and re.match(r"\d{4}-\d{2}(?:-\d{2})?(?:T.*)?$", value):
        return "XXXX" + value[4:]
    return value


def _without(words: Sequence[str], part: Sequence[str]) -> tuple[str, ...]:
    """``words`` without the first occurrence of ``part``."""
    n = len(part)
    for i in range(len(words) - n + 1):
        if n and tuple(words[i : i + n]) == tuple(part):
            return (*words[:i], *words[i + n :])
    return tuple(words)


def _holds(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return n > 0 and any(tuple(words[i : i + n]) == tuple(part) for i in range(len(words) - n + 1))


def _shown(words: Sequence[str], after: str | None) -> str:
    return " ".join([*words, *([after] if after in UNITS and after else [])])


def _same_numbers(change: Change) -> bool:
    """The same numbers (and month names), only reordered: "March 16" / "16 March"."""
    return Counter(change.a) == Counter(change.b)


def compare_text(
    a: TextSide,
    b: TextSide,
    changes: Sequence[Change],
) -> list[FieldConflict] | None:
    """The conflicts between two near-identical claim sentences (dates, statements,
    agreements), or ``None`` when they are two facts: a changed name, or two dates of one
    sentence (one side also holds the other's date)."""
    conflicts: list[FieldConflict] = []
    if a.date_words != b.date_words and (
        _holds(_without(a.words, a.date_words), b.date_words)
        or _holds(_without(b.words, b.date_words), a.date_words)
    ):
        return None
    classes = [classify(c) for c in changes]
    if "name" in classes:
        if a.kind == "agreement" and _one_party_changed(a.parties, b.parties, changes, classes):
            conflicts.append(
                FieldConflict("parties", "parties", (", ".join(a.parties), ", ".join(b.parties)))
            )
        else:
            return None
    dated = bool(a.date_value and b.date_value)
    a_value, b_value = a.date_value, b.date_value
    if not any(is_year(w) for w in (*a.date_words, *b.date_words)):
        # neither text gives a year ("Oct. 22", "Oct."): the years were inferred from the
        # publication dates, and only what the texts say can disagree
        a_value, b_value = _yearless(a_value), _yearless(b_value)
    date_changes = [
        c
        for c in changes
        if (c.a and _holds(a.date_words, c.a)) or (c.b and _holds(b.date_words, c.b))
    ]
    if dated and a.date_words != b.date_words and not dates_compatible(a_value, b_value):
        numeric = date_changes and all(classify(c) == "number" for c in date_changes)
        kind: ConflictKind = "number" if numeric else "date"
        conflicts.append(FieldConflict(kind, "date", (a.date_value, b.date_value)))
    for change, found in zip(changes, classes, strict=True):
        if found not in ("date", "number") or _same_numbers(change):
            continue
        if not change.a or not change.b:
            continue  # a number one sentence lacks (cut short) is no other number
        if dated and change in date_changes:
            continue  # the date fields said whether they conflict
        values = (_shown(change.a, change.after), _shown(change.b, change.after))
        field = "date" if found == "date" else "quantities"
        conflict = FieldConflict(found, field, values)
        if conflict not in conflicts:
            conflicts.append(conflict)
    if (
        a.kind == "agreement"
        and a.state
        and b.state
        and a.state != b.state
        and ((a.state in _NEGATIVE_STATES) != (b.state in _NEGATIVE_STATES))
    ):
        conflicts.append(FieldConflict("state", "state", (a.state, b.state)))
    return conflicts


def _one_party_changed(
    a_parties: Sequence[str],
    b_parties: Sequence[str],
    changes: Sequence[Change],
    classes: Sequence[ChangeClass],
) -> bool:
    """Whether the only names that changed replace one party of an agreement by another:
    "Japan and South Korea" / "Japan and North Korea", not a sentence about others."""
    only_a, only_b = set(a_parties) - set(b_parties), set(b_parties) - set(a_parties)
    if len(a_parties) != len(b_parties) or len(a_parties) < 2:
        return False  # an agreement needs two parties: one of them is no agreement to dispute
    if len(only_a) != 1 or len(only_b) != 1:
        return False
    named = [c for c, found in zip(changes, classes, strict=True) if found == "name"]
    return (
        len(named) == 1
        and " ".join(named[0].a) in next(iter(only_a))
        and " ".join(named[0].b) in next(iter(only_b))
    )


def quote_change_kind(changes: Sequence[Change]) -> ConflictKind:
    """The kind of a misquote: ``number`` or ``date`` when only numbers or a date changed
    inside the quote, else ``wording``."""
    classes = {classify(c) for c in changes}
    if classes == {"number"}:
        return "number"
    if "date" in classes and classes <= {"date", "number"}:
        return "date"
    return "wording"
