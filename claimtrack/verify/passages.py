"""A text cut into the passages retrieval searches: its sentences and its paragraphs, as
offsets into the text (a paragraph of one sentence is one passage, not two).

Sentences let a judge cite exactly what it rests on; paragraphs keep what a sentence leaves to
its neighbours (a transcript's speaker label, "he said" a sentence later).
"""

from __future__ import annotations

from claimtrack.segment import paragraphs, sentences

# A paragraph longer than this is not a useful passage (its sentences are): a page of text
# would outrank every sentence on sheer word count and crowd the judge's context.
MAX_PARAGRAPH_CHARS = 2_000


def passages_of(text: str) -> list[tuple[str, int, int]]:
    """``(unit, start, end)`` of every sentence and paragraph of ``text``, in order."""
    found: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for segment in sentences(text):
        seen.add((segment.start, segment.end))
        found.append(("sentence", segment.start, segment.end))
    for start, end in paragraphs(text):
        if (start, end) in seen or end - start > MAX_PARAGRAPH_CHARS:
            continue
        found.append(("paragraph", start, end))
    found.sort(key=lambda item: (item[1], -item[2], item[0]))
    return found
