"""Paragraphs and sentences of a document, as character offsets into its text.

Every later stage works on offsets into the original text, never on copies, so that a span found
in a sentence is already a span of the document. Paragraphs are split on blank lines (headlines
and bylines stand alone that way); sentences inside a paragraph come from pysbd, a rule-based
splitter that knows abbreviations ("Dr.", "U.S.") and needs no model download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

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


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


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
