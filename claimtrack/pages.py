"""Pages of a document read from a PDF: which page a span of its text is on.

A document's ``pages`` are the offsets in its text where each page starts (page 1 at the first);
a span is on the page whose start is the last at or before it, and runs on to the page of its
last character.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def page_of(pages: Sequence[int], offset: int) -> int | None:
    """The page (counted from 1) that the character at ``offset`` is on; None without pages."""
    if not pages:
        return None
    return max(1, bisect_right(pages, offset))


def page_label(pages: Sequence[int], start: int, end: int) -> str | None:
    """``p. 3`` or ``pp. 3–4`` for the span ``[start, end)``; None without pages."""
    first = page_of(pages, start)
    if first is None:
        return None
    last = page_of(pages, max(start, end - 1)) or first
    return f"p. {first}" if last == first else f"pp. {first}–{last}"
