"""Paragraphs and sentences of a document, as character offsets into its text.

Every later stage works on offsets into the original text, never on copies, so that a span found
in a sentence is already a span of the document. Paragraphs are split on blank lines (headlines
and bylines stand alone that way); sentences inside a paragraph come from pysbd, a rule-based
splitter that knows abbreviations ("Dr.", "U.S.") and needs no model download.

pysbd is called once per paragraph, and as it comes it spends most of that call compiling
regular expressions (see ``_PatternCache``); the sentences it gives are the same either way.
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


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    cache = _PatternCache()
    for name in _PYSBD_MODULES:
        module = importlib.import_module(f"pysbd.{name}")
        if getattr(module, "re", None) is re:
            module.re = cache  # type: ignore[attr-defined]
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
        for piece in _segmenter().segment(paragraph):
            start, end = _trimmed(text, p_start + piece.start, p_start + piece.end)
            if start < end:
                out.append(Segment(start, end, number))
    return out
