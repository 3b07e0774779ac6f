"""What a regular expression needs from a text to match it: strings, one of which must be there.

A pattern that cannot match a text need not be run on it. ``needs`` reads, from the pattern's
parse tree, strings of which every match needs one in the text searched (``"a∯m"`` for
``(?<=a∯m)∯``); a text holding none of them is one the pattern cannot match, which a few
``in`` tests tell, faster than the pattern's own scan. ``claimtrack.pysbd_fast`` skips pysbd's
rules that way.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

# The parser of ``re`` (a private module, read only here: if its trees ever look different,
# ``needs`` finds nothing it knows and says nothing is needed).
_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_C: Any = importlib.import_module(
    "re._constants" if sys.version_info >= (3, 11) else "sre_constants"
)

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
    if flags & re.IGNORECASE:
        return None
    try:
        tree = _parser.parse(pattern, flags)
        if tree.state.flags & re.IGNORECASE:
            return None
        found = _needs_in(tree.data)
    except Exception:  # a tree of a shape not known here: no gate, the pattern always runs
        return None
    return None if found is None else tuple(sorted(found))
