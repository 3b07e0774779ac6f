"""Chunks of a long document, on paragraph or sentence boundaries, overlapping.

A chunk is a pair of offsets into the whole document, so whatever is found in a chunk is
already placed in the document. Chunks end at a paragraph break where one falls inside the
budget, else at a sentence end, else at a space; each chunk after the first starts a little
before the previous one ended, so that a claim cut by a boundary is seen whole once.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimtrack.segment import sentences


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    number: int
    total: int

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]


def chunk_text(text: str, max_chars: int = 12_000, overlap_chars: int = 600) -> list[Chunk]:
    """``text`` cut into chunks of at most ``max_chars`` characters."""
    if max_chars <= overlap_chars * 2:
        raise ValueError("max_chars must be more than twice overlap_chars")
    if len(text) <= max_chars:
        return [Chunk(0, len(text), 1, 1)]
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
