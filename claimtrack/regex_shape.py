"""What a regular expression's parse tree tells about its matches, to run it less.

Python's ``re`` has no idea, before trying a pattern at a place, whether it can match there;
these functions read the pattern's parse tree (``re``'s own parser) once and say:

- ``needs``: strings one of which every match needs in the text (``"a∯m"`` for
  ``(?<=a∯m)∯``): in a text holding none of them the pattern cannot match, which a few ``in``
  tests tell faster than the pattern's scan (``claimtrack.pysbd_fast`` skips pysbd's rules so);
- ``quick``: the pattern with a look-ahead in front for where its matches can start (the
  characters they start with, and a word boundary before them when every way in has one):
  ``\\b(?:today|tomorrow)`` becomes ``(?=\\b[t])\\b(?:today|tomorrow)``. ``re`` tries a
  pattern at every position, and for one that opens with ``\\b`` and a long alternation of
  words each try walks the alternation before failing, at every letter of every word; with
  the look-ahead it fails after one test. And a list of words that ignores case, where a
  match starts, is written with each word's first letter in each of its cases, which ``re``
  skips past at once. The matches, spans and groups are the same (written back from the parse
  tree); the rewritten pattern is compiled again, which costs about what compiling it did;
- ``longest_match``: how many characters a match, with what its look-arounds read, can span
  when runs of spaces and of word characters are bounded (``claimtrack.dates`` scans each
  pattern only that far around the words it needs).

A tree of a shape not known here gives no answer (None): the pattern is then run as it is.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

# The parser of ``re``: a private module, read only here.
_NEW_RE = sys.version_info >= (3, 11)
_parser: Any = importlib.import_module("re._parser" if _NEW_RE else "sre_parse")
_C: Any = importlib.import_module("re._constants" if _NEW_RE else "sre_constants")


def _tree(pattern: str | re.Pattern[str], flags: int = 0) -> tuple[Any, int]:
    """The parse tree of ``pattern`` and the flags it applies to the whole of it."""
    if isinstance(pattern, re.Pattern):
        tree = _parser.parse(pattern.pattern, pattern.flags)
    else:
        tree = _parser.parse(pattern, flags)
    return tree.data, tree.state.flags


# --- what every match needs --------------------------------------------------------------

# A character class counts as needed characters only when it is this small (checking that
# none of its characters is in a text must stay cheaper than the pattern's own scan).
_MOST_NEEDED = 16


def _commonness(needs: frozenset[str]) -> float:
    """How likely a text is to hold one of ``needs`` (a rough order, to choose a gate by): a
    string with a character beyond ASCII (pysbd's placeholders, curly quotes) is rare, and a
    longer string rarer than a shorter one."""
    return sum(0.0 if not text.isascii() else 1 / len(text) for text in needs)


def _needs_in(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which every match of this sequence holds (or looks at), or None: the
    rarest of its parts' needs, a run of literal characters counting as one string."""
    best: frozenset[str] | None = None
    run = ""
    for index, (op, argument) in enumerate(items):
        found = None
        if op is _C.LITERAL:
            run += chr(argument)
            if index + 1 < len(items) and items[index + 1][0] is _C.LITERAL:
                continue
            found, run = frozenset([run]), ""
        else:
            found = _needs_one(op, argument)
        if found is not None and (best is None or _commonness(found) < _commonness(best)):
            best = found
    return best


def _needs_one(op: Any, argument: Any) -> frozenset[str] | None:
    if op is _C.IN:  # a class: [abc], [a-c]; negated classes and \s, \d need nothing given
        chars: set[str] = set()
        for kind, value in argument:
            if kind is _C.LITERAL:
                chars.add(chr(value))
            elif kind is _C.RANGE and value[1] - value[0] < _MOST_NEEDED:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None
        return frozenset(chars) if len(chars) <= _MOST_NEEDED else None
    if op is _C.SUBPATTERN:  # a group; one that turns on IGNORECASE is not read
        _, add_flags, _, items = argument
        return None if add_flags & re.IGNORECASE else _needs_in(items)
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _needs_in(argument)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        least, _, items = argument
        return _needs_in(items) if least >= 1 else None
    if op is _C.BRANCH:  # one of the alternatives: what each needs, together
        together: set[str] = set()
        for items in argument[1]:
            found = _needs_in(items)
            if found is None:
                return None
            together |= found
        return frozenset(together) if len(together) <= _MOST_NEEDED else None
    if op is _C.ASSERT:  # a look-ahead or look-behind that must hold reads the same text
        return _needs_in(argument[1])
    return None  # anything else (".", \b, a negative look-around, a back-reference): nothing


def needs(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` needs one in the text searched, or None.

    Read from the pattern's parse tree: a run of literal characters is needed; so is one of
    a small class's characters, one of each alternative's needs, a repeated part's needs when
    it must occur at least once, and a look-around's (which reads the same text); of a
    sequence's parts, the rarest need is taken. A case-blind pattern needs nothing known here.
    In a text holding none of these strings the pattern cannot match: a substitution changes
    nothing, a search finds nothing.
    """
    try:
        items, all_flags = _tree(pattern, flags)
        if all_flags & re.IGNORECASE:
            return None
        found = _needs_in(items)
    except Exception:  # a tree of a shape not known here: no gate, the pattern always runs
        return None
    return None if found is None else tuple(sorted(found))


# --- where a match can start ------------------------------------------------------------

# A start: (a word boundary comes first, case ignored, the class's source inside "[...]").
_Start = tuple[bool, bool, str]


class _Unknown(Exception):
    """A part of the pattern whose first character is not read here."""


def _class_source(items: Sequence[tuple[Any, Any]]) -> str:
    """The source, inside brackets, of a parsed character class."""
    out = []
    for op, value in items:
        if op is _C.NEGATE:
            out.append("^")
        elif op is _C.LITERAL:
            out.append(_escaped(value))
        elif op is _C.RANGE:
            out.append(f"{_escaped(value[0])}-{_escaped(value[1])}")
        elif op is _C.CATEGORY and value in _CATEGORIES:
            out.append(_CATEGORIES[value])
        else:
            raise _Unknown
    return "".join(out)


def _escaped(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else re.escape(char)


_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d",
    _C.CATEGORY_NOT_DIGIT: r"\D",
    _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S",
    _C.CATEGORY_WORD: r"\w",
    _C.CATEGORY_NOT_WORD: r"\W",
}


def _starts(
    items: Sequence[tuple[Any, Any]], flags: int, boundary: bool
) -> tuple[set[_Start], bool]:
    """The ways a match of ``items`` can start (with ``boundary`` if a ``\\b`` came before
    on the way here), and whether it can match nothing at all (then what follows starts it)."""
    found: set[_Start] = set()
    for op, value in items:
        folded = bool(flags & re.IGNORECASE)
        if op is _C.AT:
            boundary = boundary or value is _C.AT_BOUNDARY
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            continue  # reads around the start without moving: leaving it out lets more through
        if op is _C.LITERAL:
            found.add((boundary, folded, _escaped(value)))
            return found, False
        if op is _C.NOT_LITERAL:
            found.add((boundary, folded, "^" + _escaped(value)))
            return found, False
        if op is _C.IN:
            found.add((boundary, folded, _class_source(value)))
            return found, False
        if op is _C.ANY:
            found.add((boundary, False, r"\s\S" if flags & re.DOTALL else r"^\n"))
            return found, False
        if op is _C.SUBPATTERN:
            _, add_flags, del_flags, inner = value
            starts, empty = _starts(inner, (flags | add_flags) & ~del_flags, boundary)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            starts, empty = _starts(value, flags, boundary)
        elif op is _C.BRANCH:
            starts, empty = set(), False
            for alternative in value[1]:
                more, alternative_empty = _starts(alternative, flags, boundary)
                starts |= more
                empty = empty or alternative_empty
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            least, _, inner = value
            starts, empty = _starts(inner, flags, boundary)
            empty = empty or least == 0
        else:
            raise _Unknown
        found |= starts
        if not empty:
            return found, False
    return found, True


def start_lookahead(pattern: re.Pattern[str]) -> str | None:
    """A look-ahead that holds wherever ``pattern`` can start a match, or None if none is known
    (the pattern can match nothing at all, or has parts not read here)."""
    try:
        items, all_flags = _tree(pattern)
    except Exception:
        return None
    return _lookahead(items, all_flags)


def _lookahead(items: Sequence[tuple[Any, Any]], all_flags: int) -> str | None:
    try:
        starts, empty = _starts(items, all_flags, False)
    except Exception:  # a tree of a shape not known here (``_Unknown`` among them)
        return None
    if empty or not starts:
        return None
    ways: list[str] = []
    for boundary in (True, False):
        classes = []
        for folded in (False, True):
            sources = sorted(c for b, f, c in starts if b is boundary and f is folded)
            plain = "".join(c for c in sources if not c.startswith("^"))
            parts = ([f"[{plain}]"] if plain else []) + [
                f"[{c}]" for c in sources if c.startswith("^")
            ]
            if not parts:
                continue
            body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
            classes.append(f"(?i:{body})" if folded else body)
        if classes:
            either = classes[0] if len(classes) == 1 else "(?:" + "|".join(classes) + ")"
            ways.append(("\\b" if boundary else "") + either)
    return "(?=" + "|".join(ways) + ")"


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` written so that ``re`` finds its matches faster: the same matches, spans and
    groups (see the module's docstring). In front, a look-ahead for where its matches can
    start; and each alternation of words that ignores case is written with the first letter
    of each word in each of its cases ("(?-i:t)his|(?-i:T)his" for "this"): ``re`` skips an
    alternative whose first character is a plain one unlike the text's at once, where it has
    to enter one whose first letter ignores case (only in lists of ``_MANY_WORDS`` or more,
    where that pays for the longer pattern). A pattern whose parts are not all known here
    comes back as it is."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        lookahead = _lookahead(tree.data, tree.state.flags)
        names = {number: name for name, number in tree.state.groupdict.items()}
        source = _Writer(names).sequence(tree.data, tree.state.flags)
        quicker = re.compile((lookahead or "") + "(?:" + source + ")", pattern.flags)
    except Exception:  # a part not written back here (``_Unknown``), or not compiled
        return pattern
    if quicker.groupindex != pattern.groupindex or quicker.groups != pattern.groups:
        return pattern
    return quicker


_ANCHORS = {
    _C.AT_BEGINNING: "^",
    _C.AT_BEGINNING_STRING: r"\A",
    _C.AT_END: "$",
    _C.AT_END_STRING: r"\Z",
    _C.AT_BOUNDARY: r"\b",
    _C.AT_NON_BOUNDARY: r"\B",
}
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_SCOPED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE
# An alternation of fewer alternatives is written as it is: re enters each in turn anyway, and
# a short list gains less than the longer pattern costs to compile.
_MANY_WORDS = 8
# Characters that match an ASCII letter when case is ignored, beyond its two cases.
_OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


class _Writer:
    """Writes a parse tree back as a pattern, splitting the case of alternatives' first
    letters where case is ignored (see ``quick``)."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names
        # Still where a match starts: no character read yet (only there does a case-blind
        # alternation get tried at every position, and its splitting pay).
        self.opening = True

    def sequence(self, items: Sequence[tuple[Any, Any]], flags: int) -> str:
        written = []
        for op, value in items:
            written.append(self.item(op, value, flags))
            if op not in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
                self.opening = False  # past the match's first character
        return "".join(written)

    def item(self, op: Any, value: Any, flags: int) -> str:
        if op is _C.LITERAL:
            return _escaped(value)
        if op is _C.NOT_LITERAL:
            return "[^" + _escaped(value) + "]"
        if op is _C.ANY:
            return "."
        if op is _C.IN:
            return "[" + _class_source(value) + "]"
        if op is _C.AT and value in _ANCHORS:
            return _ANCHORS[value]
        if op is _C.BRANCH:
            return "(?:" + "|".join(self.alternatives(value[1], flags, self.opening)) + ")"
        if op is _C.SUBPATTERN:
            return self.group(value, flags)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            return self.repeat(op, value, flags)
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            direction, inner = value
            kind = (
                ("=" if op is _C.ASSERT else "!")
                if direction == 1
                else ("<=" if op is _C.ASSERT else "<!")
            )
            opening = self.opening
            inside = self.sequence(inner, flags)
            self.opening = opening  # a look-around reads without moving
            return f"(?{kind}" + inside + ")"
        if op is _C.GROUPREF:
            name = self.names.get(value)
            return f"(?P={name})" if name else f"(?:\\{value})"
        if op is getattr(_C, "ATOMIC_GROUP", None):
            return "(?>" + self.sequence(value, flags) + ")"
        raise _Unknown

    def group(self, value: Any, flags: int) -> str:
        number, add_flags, del_flags, inner = value
        if (add_flags | del_flags) & ~_SCOPED_FLAGS:
            raise _Unknown
        body = self.sequence(inner, (flags | add_flags) & ~del_flags)
        if number is not None:
            name = self.names.get(number)
            return (f"(?P<{name}>" if name else "(") + body + ")"
        added = "".join(letter for flag, letter in _FLAG_LETTERS if add_flags & flag)
        removed = "".join(letter for flag, letter in _FLAG_LETTERS if del_flags & flag)
        return "(?" + added + ("-" + removed if removed else "") + ":" + body + ")"

    def repeat(self, op: Any, value: Any, flags: int) -> str:
        least, most, inner = value
        if len(inner) == 1 and inner[0][0] in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            one, argument = inner[0]
            atom = self.item(one, argument, flags)
        else:
            atom = "(?:" + self.sequence(inner, flags) + ")"
        if most == _C.MAXREPEAT:
            count = {0: "*", 1: "+"}.get(least, f"{{{least},}}")
        else:
            count = "?" if (least, most) == (0, 1) else f"{{{least},{most}}}"
        lazy = "?" if op is _C.MIN_REPEAT else "+" if op is not _C.MAX_REPEAT else ""
        return atom + count + lazy

    def alternatives(self, branches: Sequence[Any], flags: int, opening: bool) -> list[str]:
        """Each alternative written (each from where the alternation stands); one that opens
        with an ASCII letter while case is ignored, in a list of ``_MANY_WORDS`` or more where
        a match starts, once for each case of that letter, in place: at one position of the
        text only the one whose letter is there can match, so the order of trying is kept."""
        # Each alternative as (its first character, when it is one plain character, or "";
        # how that character is written; the rest), in order.
        written: list[tuple[str, str, str]] = []
        many = opening and len(branches) >= _MANY_WORDS
        splits = many and flags & re.IGNORECASE and not flags & (re.ASCII | re.LOCALE)
        for items in branches:
            self.opening = opening
            first = chr(items[0][1]) if items and items[0][0] is _C.LITERAL else ""
            if splits and first.isascii() and first.isalpha():
                self.opening = False
                rest = self.sequence(items[1:], flags)
                lower = first.lower()
                for case in lower + lower.upper() + _OTHER_CASES.get(lower, ""):
                    written.append((case, "(?-i:" + re.escape(case) + ")", rest))
            elif first and not flags & re.IGNORECASE:
                self.opening = False
                written.append((first, _escaped(items[0][1]), self.sequence(items[1:], flags)))
            else:
                written.append(("", "", self.sequence(items, flags)))
        if many and not any(_captures(items) for items in branches):
            return _grouped(written)
        return [start + rest for _, start, rest in written]


def _grouped(written: list[tuple[str, str, str]]) -> list[str]:
    """Alternatives that open with the same plain character written as one ("s(?:ays|ay)"), in
    each stretch of such alternatives: ``re`` tries the alternatives of a list in turn, and then
    tries only the group of the character there. At one position only alternatives that open
    with the character there can match, so the order in which they are tried, and what
    matches, is kept; one that does not open with a plain character keeps its place."""
    out: list[str] = []
    stretch: dict[str, tuple[str, list[str]]] = {}

    def close() -> None:
        for start, rests in stretch.values():
            out.append(start + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")"))
        stretch.clear()

    for first, start, rest in written:
        if not first:
            close()
            out.append(rest)
        else:
            stretch.setdefault(first, (start, []))[1].append(rest)
    close()
    return out


def _captures(items: Sequence[tuple[Any, Any]]) -> bool:
    """Whether a part of the pattern holds a capturing group (or a part not known here): its
    alternatives are not moved, which would renumber the groups."""
    for op, value in items:
        if op is _C.SUBPATTERN:
            if value[0] is not None or _captures(value[3]):
                return True
        elif op is _C.BRANCH:
            if any(_captures(branch) for branch in value[1]):
                return True
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            if _captures(value[2]):
                return True
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if _captures(value[1]):
                return True
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            if _captures(value):
                return True
        elif op not in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN, _C.AT, _C.GROUPREF):
            return True
    return False


# --- how long a match can be -------------------------------------------------------------


def longest_match(pattern: re.Pattern[str], space_run: int, word_run: int) -> int | None:
    """The most characters a match of ``pattern`` and what its look-arounds read can span, in a
    text whose runs of whitespace are at most ``space_run`` long and whose runs of word
    characters at most ``word_run``; None if no bound is known (a repeat without end of
    anything but spaces or word characters, a back-reference)."""
    try:
        items, _ = _tree(pattern)
        return _width(items, space_run, word_run)
    except Exception:  # ``_Unknown`` or a tree of a shape not known here
        return None


def _width(items: Sequence[tuple[Any, Any]], space_run: int, word_run: int) -> int:
    total = 0
    for op, value in items:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            total += 1
        elif op is _C.AT:
            continue
        elif op in (_C.ASSERT, _C.ASSERT_NOT):  # counted as if it read on from here
            total += _width(value[1], space_run, word_run)
        elif op is _C.SUBPATTERN:
            total += _width(value[3], space_run, word_run)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            total += _width(value, space_run, word_run)
        elif op is _C.BRANCH:
            total += max(_width(alternative, space_run, word_run) for alternative in value[1])
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            _, most, inner = value
            if most == _C.MAXREPEAT:
                kind = _run_kind(inner)
                if kind is None:
                    raise _Unknown
                most = space_run if kind == "space" else word_run
            total += most * _width(inner, space_run, word_run)
        else:
            raise _Unknown
    return total


def _run_kind(items: Sequence[tuple[Any, Any]]) -> str | None:
    """ "space" if ``items`` is one character of whitespace, "word" if one word character."""
    if len(items) != 1 or items[0][0] not in (_C.IN, _C.LITERAL):
        return None
    op, value = items[0]
    kinds: set[str] = set()
    for kind, item in [(_C.LITERAL, value)] if op is _C.LITERAL else value:
        if kind is _C.LITERAL:
            kinds.add(_char_kind(chr(item)))
        elif kind is _C.RANGE and item[1] - item[0] < 256:
            kinds.update(_char_kind(chr(code)) for code in range(item[0], item[1] + 1))
        elif kind is _C.CATEGORY and item in (_C.CATEGORY_SPACE, _C.CATEGORY_UNI_SPACE):
            kinds.add("space")
        elif kind is _C.CATEGORY and item in _WORD_CATEGORIES:
            kinds.add("word")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 and "" not in kinds else None


def _char_kind(char: str) -> str:
    return "space" if char.isspace() else "word" if _WORD.match(char) else ""


_WORD = re.compile(r"\w")
_WORD_CATEGORIES = (
    _C.CATEGORY_WORD, _C.CATEGORY_DIGIT, _C.CATEGORY_UNI_WORD, _C.CATEGORY_UNI_DIGIT
)  # fmt: skip
