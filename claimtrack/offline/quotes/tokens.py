"""Words around a quote as tokens with offsets, and the steps a reader takes over them back from
a reporting verb to its subject."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.offline.quotes.cues import (
    _BETWEEN_SUBJECT_AND_VERB,
    _CLAUSE_WORDS,
    _PREPOSITIONS,
    _TIME_WORDS,
    _TITLES_OF,
    _VERB_TO,
)

_TOKEN = re.compile(r"[\w’'.\-&]+|[^\w\s]")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and "-" in self.text)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [
        _Token(m.group(0), start + m.start(), start + m.end())
        for m in _TOKEN.finditer(text[start:end])
    ]


# Nouns that end like adverbs: "the family said" has a subject, "Cruz gingerly said" skips one.
_LY_NOUNS = frozenset(
    "family ally rally daily weekly monthly quarterly assembly supply bully".split()
)


def _skip_back(tokens: list[_Token], index: int) -> int:
    """``index`` moved back over what stands between a subject and its verb: adverbs and
    auxiliaries ("also", "has", "gingerly"), a time ("on Tuesday"), a parenthesis ("(D-Nev.)")."""
    while index >= 0:
        token = tokens[index]
        lowered = token.lower
        adverb = (
            token.text.islower()
            and lowered.endswith("ly")
            and len(lowered) > 4
            and lowered not in _LY_NOUNS
        )
        if lowered in _BETWEEN_SUBJECT_AND_VERB or lowered in _TIME_WORDS or adverb:
            index -= 1
            if index >= 0 and tokens[index].lower in ("on", "last", "this", "late", "early"):
                index -= 1
            continue
        if token.text == ")":
            opening = next(
                (i for i in range(index - 1, max(-1, index - 12), -1) if tokens[i].text == "("),
                None,
            )
            if opening is None:
                return index
            index = opening - 1
            continue
        if lowered == "to" and index > 0 and tokens[index - 1].lower in _VERB_TO:
            index -= 2
            continue
        phrase = _phrase_between_subject_and_verb(tokens, index)
        if phrase is None:
            phrase = _gerund_phrase(tokens, index)
        if phrase is not None:
            index = phrase
            continue
        return index
    return index


def _phrase_between_subject_and_verb(tokens: list[_Token], index: int) -> int | None:
    """Where a prepositional phrase ending at ``index`` starts, when it stands between a
    subject and its verb ("Beck, who has in the past described", "Doe on Twitter wrote"): after
    an auxiliary, an adverb or a name. ``None`` when ``index`` ends no such phrase."""
    for start in range(index, max(-1, index - 5), -1):
        if tokens[start].lower not in _PREPOSITIONS:
            continue
        inside = tokens[start + 1 : index + 1]
        if not inside or any(_is_punctuation(t) or t.lower in _CLAUSE_WORDS for t in inside):
            return None
        if start == 0:
            return None
        before = tokens[start - 1]
        if tokens[start].lower in ("of", "for") and before.text in _TITLES_OF:
            # "Secretary of State Jane Doe said", "Special Representative for Iran Jane Doe
            # said": a title, then the name
            return None
        if (
            before.lower in _BETWEEN_SUBJECT_AND_VERB
            or before.lower == "who"  # "Doe who said on the floor": the relative's own verb
            or (before.capitalised and not _is_punctuation(before))
        ):
            return start - 1
        return None
    return None


# Words that open a phrase of what the subject was doing: "Doe in relaying the news said".
_GERUND_OPENERS = frozenset("in by after while when before on upon".split())


def _gerund_phrase(tokens: list[_Token], index: int) -> int | None:
    """Where a phrase like "in relaying the news to parliament" ending at ``index`` starts,
    when a name comes before it ("Jane Doe in relaying the news said"): the index before it."""
    for start in range(index - 1, max(0, index - 9), -1):
        token = tokens[start]
        if _is_punctuation(token) or token.lower in _CLAUSE_WORDS - _GERUND_OPENERS:
            return None
        following = tokens[start + 1]
        if (
            token.lower in _GERUND_OPENERS
            and token.text.islower()
            and following.text.islower()
            and following.lower.endswith("ing")
            and len(following.lower) > 5
            and tokens[start - 1].capitalised
            and not _is_punctuation(tokens[start - 1])
        ):
            return start - 1
    return None


def _is_punctuation(token: _Token) -> bool:
    return not (token.text[:1].isalnum() or token.text[:1] in "’'&")


class _Coordinated:
    """The verb shares its subject with the clause before it ("…and said", "…, adding")."""


_COORDINATED = _Coordinated()
