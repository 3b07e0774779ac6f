"""Search syntax for ``claimtrack claims -q``: what a user types, checked and written out as an
SQLite FTS5 query, or refused with one line that says what is wrong.

The syntax is FTS5's, made safe for words with punctuation in them:

- ``putin xi``: claims with both words (any word form: the index stems, so ``meet`` finds
  ``meeting``); case and accents do not matter;
- ``"no limits"``: the words as a phrase, in that order;
- ``putin OR xi``, ``putin NOT xi``, ``putin AND xi``: operators, in capitals (``NOT`` binds
  tightest, then ``AND``, then ``OR``); ``(xi OR putin) summit`` groups;
- ``kish*``: words that start with ``kish`` (also ``"no lim"*``);
- ``speaker:kishida``, ``quote:"no limits"``: only in one field (``claim``, ``quote``,
  ``speaker``, ``event``, ``terms``).

Every word is passed to FTS5 quoted, so ``U.S.``, ``don't`` or ``5%`` are words, never syntax;
lowercase ``and``, ``or``, ``not`` are words. What cannot be read (an unclosed quote or
parenthesis, an operator with nothing on one side, ``NOT`` first) is a ``UsageError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.errors import UsageError

COLUMNS = ("claim", "quote", "speaker", "event", "terms")
OPERATORS = ("AND", "OR", "NOT")
_COLUMN = re.compile(rf"^({'|'.join(COLUMNS)}):(.*)$", re.DOTALL)
_SPECIAL = '"()'


@dataclass(frozen=True)
class _Token:
    kind: str  # term, op, open, close, column
    value: str = ""
    prefix: bool = False


def _quoted(text: str, prefix: bool) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _tokens(query: str) -> list[_Token]:
    found: list[_Token] = []
    at = 0
    while at < len(query):
        char = query[at]
        if char.isspace():
            at += 1
        elif char in "()":
            found.append(_Token("open" if char == "(" else "close"))
            at += 1
        elif char == '"':
            end = query.find('"', at + 1)
            if end < 0:
                raise UsageError(f"search: a quote is not closed: {query[at:]}")
            prefix = query.startswith("*", end + 1)
            found.append(_Token("term", query[at + 1 : end], prefix))
            at = end + 1 + prefix
        else:
            end = at
            while end < len(query) and not query[end].isspace() and query[end] not in _SPECIAL:
                end += 1
            word = query[at:end]
            at = end
            column = _COLUMN.match(word)
            if column:
                found.append(_Token("column", column.group(1)))
                word = column.group(2)
                if not word:
                    continue
            if word in OPERATORS:
                found.append(_Token("op", word))
                continue
            stem = word.rstrip("*")
            if not stem:
                raise UsageError(f"search: {word} needs letters before the * (kish* finds Kishida)")
            found.append(_Token("term", stem, stem != word))
    return found


class _Parser:
    """expression := all (OR all)*; all := one ((AND)? one)*; one := unit (NOT unit)*;
    unit := [column:] (term | "(" expression ")")."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _is_op(self, value: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "op" and token.value == value

    def parse(self) -> str:
        if not self.tokens:
            raise UsageError("search: nothing to search for")
        found = self._expression()
        token = self._peek()
        if token is not None:
            raise UsageError(f"search: unexpected {_shown(token)} in: {self.query}")
        return found

    def _expression(self) -> str:
        parts = [self._all()]
        while self._is_op("OR"):
            self.at += 1
            parts.append(self._all())
        return " OR ".join(parts)

    def _all(self) -> str:
        parts = [self._one()]
        while True:
            if self._is_op("AND"):
                self.at += 1
                parts.append(self._one())
                continue
            token = self._peek()
            if token is None or token.kind == "close" or token.kind == "op":
                return " AND ".join(parts)
            parts.append(self._one())

    def _one(self) -> str:
        found = self._unit()
        while self._is_op("NOT"):
            self.at += 1
            found += " NOT " + self._unit()
        return found

    def _unit(self) -> str:
        token = self._peek()
        column = ""
        if token is not None and token.kind == "column":
            column = f"{token.value} : "
            self.at += 1
            token = self._peek()
        if token is None:
            raise UsageError(f"search: something is missing at the end of: {self.query}")
        if token.kind == "term":
            self.at += 1
            return column + _quoted(token.value, token.prefix)
        if token.kind == "open":
            self.at += 1
            inner = self._expression()
            closing = self._peek()
            if closing is None or closing.kind != "close":
                raise UsageError(f"search: a parenthesis is not closed in: {self.query}")
            self.at += 1
            return f"{column}({inner})"
        if token.kind == "op":
            where = "at the start" if self.at == 0 else "after another operator or ("
            hint = " (write: putin NOT xi)" if token.value == "NOT" else ""
            raise UsageError(f"search: {token.value} {where} of: {self.query}{hint}")
        raise UsageError(f"search: unexpected {_shown(token)} in: {self.query}")


def _shown(token: _Token) -> str:
    return {"close": ")", "open": "("}.get(token.kind, token.value or token.kind)


def fts_syntax(query: str) -> str:
    """A user's search (the syntax above) as an FTS5 query; ``UsageError`` when it cannot be
    read."""
    return _Parser(query).parse()


def speaker_words(speaker: str) -> list[str]:
    """LIKE patterns for a speaker given in part: every word of it, anywhere in the name, in
    any order (``kishida`` and ``Kishida Fumio`` both find "Fumio Kishida")."""
    escaped = [
        w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in speaker.split()
    ]
    return [f"%{word}%" for word in escaped]


# The speakers of the ledger, one index seek each (a walk of idx_claims_speaker from one name to
# the next), rather than a scan of every claim: at a million claims with a few thousand
# speakers, a millisecond or so. The filter keeps the names that contain every word.
SPEAKERS_LIKE = (
    "WITH RECURSIVE names(name) AS (SELECT min(speaker) FROM claims UNION ALL "
    "SELECT (SELECT min(speaker) FROM claims WHERE speaker > names.name) FROM names "
    "WHERE names.name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL AND {likes}"
)


def speakers_matching(words: list[str]) -> str:
    """The SQL subquery of the speakers whose names contain every one of ``words`` (LIKE
    patterns: ASCII letters match in any case)."""
    likes = " AND ".join("name LIKE ? ESCAPE '\\'" for _ in words) or "1"
    return SPEAKERS_LIKE.format(likes=likes)
