"""Where quotes are: the words inside each pair of quotation marks, paired within a paragraph
(a line, unless the text is hard-wrapped), a quote left open running to its paragraph's end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.regex_shape import quick

_OPENER = quick(re.compile(r"[“\"«]|(?<![\w’'])‘"))
_SINGLE_CLOSE = re.compile(r"’(?![\w])")
_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "«": "»"}
_QUOTE_MARKS = '“”"‘’«»'

# How far (in characters) an attribution on the same line is looked for, and how much of a
# quote's sentence is read on either side of it.
_ATTRIBUTION_REACH = 400
_SENTENCE_REACH = 600
# A quote needs this many words to be a claim when nobody is said to have said it.
_UNATTRIBUTED_MIN_WORDS = 6
# ... and this many to take the speaker of the quote it continues.
_CONTINUED_MIN_WORDS = 3


@dataclass(frozen=True)
class QuoteMention:
    """The words inside one pair of quotation marks, ``[start, end)`` without the marks.

    ``close_at`` is the closing mark, or the end of the paragraph when the quote is left open
    there (``closed`` is then false).
    """

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool = True


def _paragraphs_for_quotes(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the stretches inside which quotation marks pair.

    A paragraph (lines between blank lines) is one stretch when it is hard-wrapped — every line
    but the last short, and most of them ending mid-sentence — and otherwise each of its lines
    is one: web text writes a paragraph a line.
    """
    stretches: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []

    def close_block() -> None:
        if not block:
            return
        if len(block) > 1 and _hard_wrapped(text, block):
            stretches.append((block[0][0], block[-1][1]))
        else:
            stretches.extend(block)
        block.clear()

    for line in re.finditer(r"[^\n]+", text):
        if line.group(0).isspace():
            close_block()
            continue
        if block and text.count("\n", block[-1][1], line.start()) > 1:
            close_block()
        block.append((line.start(), line.end()))
    close_block()
    return stretches


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    inner = lines[:-1]
    if any(end - start > 100 for start, end in inner):
        return False
    open_ended = sum(1 for _, end in inner if text[end - 1] not in '.!?:;”"’')
    return 2 * open_ended >= len(inner)


def find_quotes(text: str) -> list[QuoteMention]:
    """Every quoted stretch of ``text``; an unclosed quote runs to the end of its paragraph."""
    quotes: list[QuoteMention] = []
    for block_start, block_end in _paragraphs_for_quotes(text):
        position = block_start
        while True:
            match = _OPENER.search(text, position, block_end)
            if match is None:
                break
            closing = _OPEN_CLOSE[match.group(0)]
            if closing == "’":
                close = _SINGLE_CLOSE.search(text, match.end(), block_end)
                close_at = close.start() if close else -1
            else:
                close_at = text.find(closing, match.end(), block_end)
            closed = close_at != -1
            if not closed:
                close_at = block_end
            start, end = match.end(), close_at
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                quotes.append(QuoteMention(start, end, match.start(), close_at, closed))
            position = close_at + 1
    return quotes
