"""Paragraphs and sentences of a document, as character offsets into its text.

Every later stage works on offsets into the original text, never on copies, so that a span found
in a sentence is already a span of the document. Paragraphs are split on blank lines (headlines
and bylines stand alone that way); sentences inside a paragraph come from pysbd, a rule-based
splitter that knows abbreviations ("Dr.", "U.S.") and needs no model download.

A plain paragraph (no abbreviation, list, parenthesis or other punctuation that pysbd's rules
read; see ``_plain_sentences``) is split at its sentence ends without pysbd, as pysbd splits
it. Any other is given to pysbd, called once per paragraph, with the changes of
``claimtrack.pysbd_fast`` that make it fast; the sentences are the same either way (checked on
every dev set, byte for byte).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pysbd.lang.english import English

from claimtrack.pysbd_fast import segmenter
from claimtrack.regex_shape import quick

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# pysbd slows down sharply on very long runs without breaks; such "paragraphs" are split on single
# newlines first, and anything still longer is cut at this length (on a space where possible).
_MAX_PARAGRAPH = 20_000


@dataclass(frozen=True)
class Segment:
    """A stretch ``[start, end)`` of a document: a paragraph or a sentence."""

    start: int
    end: int
    paragraph: int

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = _trimmed(text, start, end)
        if start >= end:
            continue
        if end - start <= _MAX_PARAGRAPH:
            out.append((start, end))
            continue
        out.extend(_split_long(text, start, end))
    return out


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while start < end:
        stop = min(end, start + _MAX_PARAGRAPH)
        if stop < end:
            cut = text.rfind("\n", start, stop)
            if cut <= start:
                cut = text.rfind(" ", start, stop)
            if cut > start:
                stop = cut
        s, e = _trimmed(text, start, stop)
        if s < e:
            pieces.append((s, e))
        start = stop
    return pieces


def sentences(text: str) -> list[Segment]:
    """Every sentence of ``text`` with its paragraph number, in order, trimmed of whitespace."""
    out: list[Segment] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        paragraph = text[p_start:p_end]
        simple = _plain_sentences(paragraph)
        if simple is not None:
            out.extend(Segment(p_start + s, p_start + e, number) for s, e in simple)
            continue
        for piece in segmenter().segment(paragraph):
            start, end = _trimmed(text, p_start + piece.start, p_start + piece.end)
            if start < end:
                out.append(Segment(start, end, number))
    return out


# A plain paragraph (see ``_plain_sentences``) splits only where a word of two or more lower-case
# letters ends in "." and spaces and a capital follow.
# After a closing quote, pysbd splits only at one space and a capital ("win.” Then", not
# "win.”  Then" or "win.” “Then": those stay one sentence).
_PLAIN_BREAK = re.compile(r"[.?](?<=[a-z][a-z][.?])(?:[”\"] (?=[A-Z])| +(?=[“\"]?[A-Z]))")
# Its last sentence: a word, then nothing, "." or "?"/"!", with or without a closing quote.
_PLAIN_ENDINGS = (".”", "?”", "!”", "”.", '."', '?"', '!"', '".', ".", "?", "!")
_CLOSING_QUOTES = ("”", '"')
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _tail_start(paragraph: str) -> int:
    """Where the paragraph's final punctuation starts (its end if the last word ends it)."""
    for ending in _PLAIN_ENDINGS:
        if paragraph.endswith(ending) and paragraph[: -len(ending)][-1:] in _ASCII_LETTERS:
            return len(paragraph) - len(ending)
    return len(paragraph)


def _last_word(paragraph: str, position: int) -> int | None:
    """Where the paragraph's last word starts, if it ends in one of ``_PLAIN_ENDINGS`` or
    none, and the word (ASCII letters) starts at or after ``position``; else None."""
    end = _tail_start(paragraph)
    start = end
    while start > 0 and paragraph[start - 1] in _ASCII_LETTERS:
        start -= 1
    if start == end or start < position:
        return None
    return start


def _word_before(paragraph: str, position: int, end: int) -> str | None:
    r"""The word of ASCII letters that ends at ``end`` and starts at or after ``position``,
    at the paragraph's start or after whitespace (what ``(?:(?<=\s)|^)([A-Za-z]+)\Z`` finds
    between them), read back from ``end`` rather than searched for from ``position``."""
    start = end
    while start > position and paragraph[start - 1] in _ASCII_LETTERS:
        start -= 1
    if start == end or (start > 0 and not paragraph[start - 1].isspace()):
        return None
    return paragraph[start:end]


_ROMAN = re.compile(r"[ivxlcdm]+\Z")
# Anything in a sentence's body (its final punctuation left out) that pysbd's rules read more
# into than "a sentence ends here": other sentence punctuation, parentheses and brackets (lists,
# protected stretches), pysbd's own placeholder characters, dashes, "/" and "@" (URLs, emails),
# a quote that stands alone or is followed by a capital (pysbd makes a sentence of some quoted
# stretches), and single quotes that are not apostrophes.
_NOT_PLAIN = quick(  # told where its matches can start: the same matches, found faster
    re.compile(
        r"[.!?;\n\r\t…。．！？ȸȹ☉☈☇☄（）「」()\[\]{}«»\\*•&✂⌬∯♨☝✠ƪ¡¿@/]|--"
        r"|(?<!\S)'|'(?=\s)|'\Z|‘|’(?!\w)|(?<!,)”\s+[A-Z]|“\s|\s”|(?<!,)\"\s+[A-Z]|\s\"\s"
        r'|""|“”'  # an empty quotation: pysbd pairs the quotes after it the other way
    )
)
# Curly quotes out of turn: a quotation opened inside another, or closed before it opens
# (pysbd pairs them first to first).
_UNPAIRED_CURLY = re.compile(r"\A[^“”]*”|“[^”]*“|”[^“]*”")


def _protected(paragraph: str) -> str:
    """The paragraph with the periods pysbd never ends a sentence at as NUL (the same length:
    offsets stay): those between digits ("3.5"), and those after a title of its prepositive
    list ("Mr.", "Sen.", "Gov.") that starts a word, before whitespace. Each period is read
    where it is; what ``(?<=\\d)\\.(?=\\d)|(?<!\\S)[A-Za-z]+\\.(?=\\s)`` finds, the title's kept."""
    masked: list[int] = []
    period = paragraph.find(".")
    while period != -1:
        after = paragraph[period + 1 : period + 2]
        if after.isdecimal() and paragraph[period - 1 : period].isdecimal():
            masked.append(period)
        elif after.isspace():
            start = period
            while start > 0 and paragraph[start - 1] in _ASCII_LETTERS:
                start -= 1
            if (
                start < period
                and (start == 0 or paragraph[start - 1].isspace())
                and paragraph[start:period].lower() in _prepositive()
            ):
                masked.append(period)
        period = paragraph.find(".", period + 1)
    if not masked:
        return paragraph
    pieces = []
    previous = 0
    for period in masked:
        pieces.append(paragraph[previous:period])
        previous = period + 1
    pieces.append(paragraph[previous:])
    return "\0".join(pieces)


@lru_cache(maxsize=1)
def _prepositive() -> frozenset[str]:
    return frozenset(English.Abbreviation.PREPOSITIVE_ABBREVIATIONS)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    rules = English.Abbreviation
    every = [a.strip().lower() for a in rules.ABBREVIATIONS]
    return frozenset(
        every + list(rules.PREPOSITIVE_ABBREVIATIONS) + list(rules.NUMBER_ABBREVIATIONS)
    )


def _plain_word(word: str) -> bool:
    """A word whose "." ends a sentence for pysbd: no abbreviation of its list, no roman numeral."""
    lowered = word.lower()
    return len(lowered) > 1 and lowered not in _abbreviations() and _ROMAN.match(lowered) is None


def _plain_sentences(paragraph: str) -> list[tuple[int, int]] | None:
    """The sentences pysbd finds in a plain paragraph, without pysbd; None if it is not plain.

    Plain: every sentence but the last ends in a word of two or more lower-case letters (no
    abbreviation of pysbd's list, no roman numeral) and "." or "?" (a closing quote may follow),
    then spaces and a capital (an opening quote may come first); the last ends in a word and at
    most a ".", "?" or "!" and a closing quote; its other periods are a title's ("Mr.", "Sen.")
    or between digits; no sentence holds anything else that pysbd's rules look at
    (``_NOT_PLAIN``), and its curly and straight double quotes are paired. Almost half of the
    text of news is in such paragraphs, and for them pysbd does nothing but split at those
    breaks, which this does by itself: the same sentences, checked paragraph by paragraph
    against pysbd on all five dev sets (20,289 paragraphs, 10,800 of them plain) and by a
    property test.
    """
    if "\0" in paragraph:  # a protected period is masked as NUL below
        return None
    paragraph = _protected(paragraph)
    pieces: list[tuple[int, int]] = []
    position = 0
    for found in _PLAIN_BREAK.finditer(paragraph):
        word = _word_before(paragraph, position, found.start())
        if word is None or not _plain_word(word):
            return None
        pieces.append((position, found.start() + (2 if found.group()[1] in _CLOSING_QUOTES else 1)))
        position = found.end()
    last = _last_word(paragraph, position)
    if last is None or not _plain_word(paragraph[last : _tail_start(paragraph)]):
        return None
    pieces.append((position, len(paragraph)))
    # each sentence is checked but for its final punctuation; the last one's last word too: a
    # capital after a quote ('"Yes" Go!') is a sentence break for pysbd
    tail = _tail_start(paragraph)
    for start, end in pieces:
        closed = paragraph[end - 1] in _CLOSING_QUOTES
        body_end = end - (2 if closed else 1) if end < len(paragraph) else tail
        whole = paragraph[start:end]
        if (
            _NOT_PLAIN.search(paragraph, start, body_end) is not None
            or whole.count("“") != whole.count("”")
            or _UNPAIRED_CURLY.search(whole) is not None
            or whole.count('"') % 2
        ):
            return None
    return pieces
