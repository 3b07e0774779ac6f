"""Paragraphs and sentences of a document, as character offsets into its text.

Every later stage works on offsets into the original text, never on copies, so that a span found
in a sentence is already a span of the document. Paragraphs are split on blank lines (headlines
and bylines stand alone that way); sentences inside a paragraph come from pysbd, a rule-based
splitter that knows abbreviations ("Dr.", "U.S.") and needs no model download.

A plain paragraph (no abbreviation, list, parenthesis or other punctuation that pysbd's rules
read; see ``_plain_sentences``) is split at its sentence ends without pysbd, as pysbd splits
it. Any other is given to pysbd, called once per paragraph, which as it comes spends most of
that call compiling regular expressions (see ``_PatternCache``) and rewriting a line once per
occurrence of each abbreviation in it (see ``_AbbreviationReplacer``); both are done once here,
and the sentences are the same either way (checked on every dev set, byte for byte).
"""

from __future__ import annotations

import importlib
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.utils import TextSpan

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


# Enough for every pattern pysbd's English rules build: about 600 distinct ones over the
# PolNeAR dev articles (a few per abbreviation that occurs: "(?<=\sCorp)\.(?=...)", and the
# same with the case the text used), and a bounded set, since they come from its fixed list.
_PATTERN_CACHE_SIZE = 4096


@lru_cache(maxsize=_PATTERN_CACHE_SIZE)
def _compiled(pattern: str | re.Pattern[str], flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


class _PatternCache(types.ModuleType):
    """Stands in for the ``re`` module inside pysbd's modules, with a larger cache.

    pysbd calls ``re.sub(pattern_string, ...)`` with patterns it builds per abbreviation, a few
    hundred of them in every call, and ``re`` keeps only the last 512 compiled patterns (and
    drops the oldest first, however often it is used). Called once per paragraph, pysbd
    therefore compiled most of its patterns again in every call: 46% of the offline extractor's
    time on news. Here each pattern is compiled once per process (least recently used first out,
    beyond ``_PATTERN_CACHE_SIZE``); the functions are ``re``'s own, so the sentences are the same.
    """

    def __init__(self) -> None:
        super().__init__("re")

    def __getattr__(self, name: str) -> Any:  # flags, escape, error: as ``re`` has them
        return getattr(re, name)

    @staticmethod
    def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
        return _compiled(pattern, flags)

    @staticmethod
    def sub(
        pattern: str | re.Pattern[str],
        repl: str | Callable[[re.Match[str]], str],
        string: str,
        count: int = 0,
        flags: int = 0,
    ) -> str:
        return _compiled(pattern, flags).sub(repl, string, count)

    @staticmethod
    def search(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).search(string)

    @staticmethod
    def match(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).match(string)

    @staticmethod
    def findall(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> list[Any]:
        return _compiled(pattern, flags).findall(string)

    @staticmethod
    def finditer(
        pattern: str | re.Pattern[str], string: str, flags: int = 0
    ) -> Iterator[re.Match[str]]:
        return _compiled(pattern, flags).finditer(string)

    @staticmethod
    def split(
        pattern: str | re.Pattern[str], string: str, maxsplit: int = 0, flags: int = 0
    ) -> list[str | Any]:
        return _compiled(pattern, flags).split(string, maxsplit)


# pysbd's modules that call ``re`` while segmenting (the others compile once, at import).
_PYSBD_MODULES = (
    "abbreviation_replacer",
    "between_punctuation",
    "cleaner",
    "exclamation_words",
    "lists_item_replacer",
    "processor",
    "punctuation_replacer",
    "segmenter",
    "utils",
)


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    """pysbd's segmenter, finding each sentence's offsets without a regular expression.

    pysbd finds where a sentence it produced lies in the paragraph by compiling
    ``re.escape(sentence) + r"\\s*"`` for every sentence (a pattern used once, which also
    pushed the rule patterns out of ``re``'s cache) and taking the first of the non-overlapping
    matches, scanned from the paragraph's start, that ends after the previous sentence. This
    does the same with ``str.find``: the same occurrences, in the same order, extended over the
    same whitespace (``\\s`` in a ``str`` pattern is ``str.isspace``).
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text: str = self.original_text
        if not all(sentences):  # pysbd's pattern for "" matches everywhere: its own way
            return list(super().sentences_with_char_spans(sentences))
        spans: list[TextSpan] = []
        prior_end = 0
        for sentence in sentences:
            found = _first_occurrence_after(text, sentence, prior_end)
            if found is not None:
                start, end = found
                spans.append(TextSpan(text[start:end], start, end))
                prior_end = end
        return spans


def _first_occurrence_after(text: str, sentence: str, prior_end: int) -> tuple[int, int] | None:
    """The first of the non-overlapping occurrences of ``sentence`` (with the whitespace after
    it), scanned from the start of ``text``, that ends after ``prior_end``."""
    position = 0
    while True:
        start = text.find(sentence, position)
        if start == -1:
            return None
        end = start + len(sentence)
        while end < len(text) and text[end].isspace():
            end += 1
        if end > prior_end:
            return start, end
        position = end


class _AbbreviationReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    """pysbd's English abbreviation rules, each replacement made once per line.

    For every abbreviation found in a line, pysbd rewrites the whole line once per occurrence
    ("a" at the start of 40 words: 40 passes over the line), each pass turning the periods
    that follow that abbreviation in a given context into "∯". Such a pass only ever turns
    "." into "∯", and no pattern of pysbd's can match at a place because a "." near it became
    "∯" (the contexts they look at are whitespace, letters, digits and punctuation other than
    "∯"), so a pass made again with the same arguments changes nothing: this makes each
    distinct pass once, in pysbd's order, and the text comes out the same.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        done: set[tuple[str, bool]] = set()
        words: dict[str, list[int]] | None = None
        plain = not any(odd in text for odd in _CASE_ODDITIES)
        for stripped in _stripped_abbreviations(self.lang):
            if stripped not in lowered:
                continue
            if plain and stripped.isalpha() and stripped.isascii():
                if words is None:
                    words = _word_starts(text)
                found = _at_word_starts(text, stripped, words)
            else:
                found = _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).findall(text)
            if not found:
                continue
            if "{" in text:  # the pattern pysbd wrote looks for "{abbreviation} "
                next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
                char_array = _compiled(next_word_start, 0).findall(text)
            else:
                char_array = []
            for index, match in enumerate(found):
                char = char_array[index] if index < len(char_array) else ""
                key = (match, str(char).isupper())
                if key in done:
                    continue
                done.add(key)
                text = self.scan_for_replacements(text, match, index, char_array)
        return text


# Letters that match an ASCII letter when case is ignored but do not lower-case to it alone
# (the Kelvin sign, the long s, dotted and dotless i): a line with one is left to pysbd's pattern.
_CASE_ODDITIES = ("\u212a", "\u017f", "\u0130", "\u0131")


def _word_starts(text: str) -> dict[str, list[int]]:
    """Positions where a word of ASCII letters may start (the text's start, and after each
    whitespace), by the lower-cased letter found there."""
    starts: dict[str, list[int]] = {}
    for match in _ASCII_WORD_START.finditer(text):
        starts.setdefault(match.group().lower(), []).append(match.start())
    return starts


# An ASCII letter at the start of the text or after whitespace (``\s`` is ``str.isspace``):
# where an abbreviation of ASCII letters can be found.
_ASCII_WORD_START = re.compile(r"(?:^|(?<=\s))[A-Za-z]")


def _at_word_starts(text: str, letters: str, starts: dict[str, list[int]]) -> list[str]:
    r"""What ``re.findall(r"(?:^|\s){letters}", text, re.IGNORECASE)`` finds, for ASCII letters
    in a text with no case oddity: the abbreviation at the start or after a whitespace (with
    it). Such matches cannot overlap, as the letters hold no whitespace."""
    size = len(letters)
    found = []
    for position in starts.get(letters[0], ()):
        if text[position : position + size].lower() == letters:
            found.append(text[max(0, position - 1) : position + size])
    return found


@lru_cache(maxsize=4)
def _stripped_abbreviations(lang: Any) -> tuple[str, ...]:
    return tuple(abbreviation.strip() for abbreviation in lang.Abbreviation.ABBREVIATIONS)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    cache = _PatternCache()
    for name in _PYSBD_MODULES:
        module = importlib.import_module(f"pysbd.{name}")
        if getattr(module, "re", None) is re:
            module.re = cache  # type: ignore[attr-defined]
    English.AbbreviationReplacer = _AbbreviationReplacer
    return _Segmenter(language="en", clean=False, char_span=True)


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
        for piece in _segmenter().segment(paragraph):
            start, end = _trimmed(text, p_start + piece.start, p_start + piece.end)
            if start < end:
                out.append(Segment(start, end, number))
    return out


# A plain paragraph (see ``_plain_sentences``) splits only where a word of two or more lower-case
# letters ends in "." and spaces and a capital follow.
_PLAIN_BREAK = re.compile(r"[.?](?<=[a-z][a-z][.?])”? +(?=“?[A-Z])")
# Its last sentence: a word, then nothing, "." or "?"/"!", with or without a closing quote.
_PLAIN_ENDINGS = (".”", "?”", "!”", "”.", ".", "?", "!")
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


_WORD_BEFORE = re.compile(r"(?:(?<=\s)|^)([A-Za-z]+)\Z")
_ROMAN = re.compile(r"[ivxlcdm]+\Z")
# Anything in a sentence's body (its final punctuation left out) that pysbd's rules read more
# into than "a sentence ends here": other sentence punctuation, parentheses and brackets (lists,
# protected stretches), pysbd's own placeholder characters, dashes, "/" and "@" (URLs, emails),
# a quote that stands alone or is followed by a capital (pysbd makes a sentence of some quoted
# stretches), and single quotes that are not apostrophes.
_NOT_PLAIN = re.compile(
    r"[.!?;\n\r\t…。．！？ȸȹ☉☈☇☄（）「」()\[\]{}«»\\*•&✂⌬∯♨☝✠ƪ¡¿@/]|--"
    r"|(?<!\S)'|'(?=\s)|'\Z|‘|’(?!\w)|(?<!,)”\s+[A-Z]|“\s|\s”|(?<!,)\"\s+[A-Z]|\s\"\s"
)


# Periods pysbd never ends a sentence at: between digits ("3.5"), and after a title of its
# prepositive list ("Mr.", "Sen.", "Gov.") at a word's start, before a space.
_PROTECTED_PERIOD = re.compile(r"(?<=\d)\.(?=\d)|(?<!\S)[A-Za-z]+\.(?=\s)")


def _masked(found: re.Match[str]) -> str:
    """A protected period as NUL (the same length: offsets stay), anything else as it was."""
    text = found.group()
    if text == ".":
        return "\0"
    if text[:-1].lower() in _prepositive():
        return text[:-1] + "\0"
    return text


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
    if "." in paragraph:
        paragraph = _PROTECTED_PERIOD.sub(_masked, paragraph)
    pieces: list[tuple[int, int]] = []
    position = 0
    for found in _PLAIN_BREAK.finditer(paragraph):
        word = _WORD_BEFORE.search(paragraph, position, found.start())
        if word is None or not _plain_word(word.group(1)):
            return None
        pieces.append((position, found.start() + (2 if found.group()[1] == "”" else 1)))
        position = found.end()
    last = _last_word(paragraph, position)
    if last is None or not _plain_word(paragraph[last : _tail_start(paragraph)]):
        return None
    pieces.append((position, len(paragraph)))
    # each sentence is checked but for its final punctuation; the last one's last word too: a
    # capital after a quote ('"Yes" Go!') is a sentence break for pysbd
    tail = _tail_start(paragraph)
    for start, end in pieces:
        body_end = end - (2 if paragraph[end - 1] == "”" else 1) if end < len(paragraph) else tail
        whole = paragraph[start:end]
        if (
            _NOT_PLAIN.search(paragraph, start, body_end) is not None
            or whole.count("“") != whole.count("”")
            or whole.count('"') % 2
        ):
            return None
    return pieces
