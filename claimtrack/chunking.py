"""Chunks of a long document within a token budget, on paragraph or sentence boundaries,
overlapping.

A chunk is a pair of offsets into the whole document, so whatever is found in a chunk is
already placed in the document. Chunks end at a paragraph break where one falls inside the
budget, else at a sentence end, else at a space; each chunk after the first starts a little
before the previous one ended, so that a claim cut by a boundary is seen whole once.

The budget is in tokens, counted by the function given (the model's tokenizer where tiktoken
knows the model, see ``claimtrack.llm.costs.token_counter``): boundaries are searched in
characters at this document's own characters-per-token rate, and every chunk is then counted;
if one is over, the rate is lowered and the cut made again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    number: int
    total: int

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]


# Characters that modern tokenizers spend about a token each on: Han, kana, Hangul, CJK
# punctuation and full-width forms (cl100k and o200k alike: a Chinese sentence of 255 tokens
# is about 250 characters).
_WIDE = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
# Latin letters with accents merge into words as plain letters do.
_OTHER = re.compile("[^\x00-\u024f]")


def estimate_tokens(text: str) -> int:
    """Tokens in ``text`` by script, when no tokenizer is at hand: four characters a token in
    Latin scripts (the usual rate for English), a token a character in Chinese, Japanese and
    Korean, two characters a token in other scripts (Cyrillic, Greek, Arabic, Hebrew, Indic,
    Thai...). Within a fifth of tiktoken's count for prose in each (tests/test_chunking.py)."""
    if text.isascii():
        return max(1, len(text) // 4)
    wide = len(text) - len(_WIDE.sub("", text))
    other = len(text) - len(_OTHER.sub("", text)) - wide
    latin = len(text) - wide - other
    return max(1, wide + other // 2 + latin // 4)


def chunk_by_tokens(
    text: str,
    max_tokens: int = 3_000,
    overlap_tokens: int = 150,
    count: Callable[[str], int] = estimate_tokens,
) -> list[Chunk]:
    """``text`` cut into chunks of at most ``max_tokens`` tokens as ``count`` counts them."""
    if max_tokens <= overlap_tokens * 2:
        raise ValueError("max_tokens must be more than twice overlap_tokens")
    total = count(text)
    if total <= max_tokens:
        return [Chunk(0, len(text), 1, 1)]
    rate = max(1.0, len(text) / total)  # characters a token, in this document
    for _ in range(8):
        chunks = chunk_text(text, int(max_tokens * rate), max(1, int(overlap_tokens * rate)))
        largest = max(count(c.text(text)) for c in chunks)
        if largest <= max_tokens:
            return chunks
        rate = max(1.0, rate * max_tokens / largest * 0.95)
    return chunk_text(text, max_tokens, max(1, overlap_tokens))  # a token is at least a character


def chunk_text(text: str, max_chars: int = 12_000, overlap_chars: int = 600) -> list[Chunk]:
    """``text`` cut into chunks of at most ``max_chars`` characters."""
    if max_chars <= overlap_chars * 2:
        raise ValueError("max_chars must be more than twice overlap_chars")
    if len(text) <= max_chars:
        return [Chunk(0, len(text), 1, 1)]
    from claimtrack.segment import sentences  # pysbd: only for a text that needs cutting

    boundaries = sorted({s.end for s in sentences(text)} | {len(text)})
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        limit = start + max_chars
        if limit >= len(text):
            spans.append((start, len(text)))
            break
        paragraph = text.rfind("\n\n", start + max_chars // 2, limit)
        candidates = [b for b in boundaries if start + max_chars // 2 < b <= limit]
        if paragraph != -1:
            end = paragraph
        elif candidates:
            end = candidates[-1]
        else:
            space = text.rfind(" ", start + max_chars // 2, limit)
            end = space if space != -1 else limit
        spans.append((start, end))
        next_start = max(start + 1, end - overlap_chars)
        # Start the overlap at a sentence start when one is near.
        starts = [b for b in boundaries if next_start <= b < end]
        start = starts[0] if starts else next_start
        while start < len(text) and text[start].isspace():
            start += 1
    total = len(spans)
    return [Chunk(s, e, i + 1, total) for i, (s, e) in enumerate(spans)]
