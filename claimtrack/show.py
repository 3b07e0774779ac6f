"""How a span is shown to a reader: inside the text around it."""

from __future__ import annotations


def context_of(text: str, start: int, end: int, width: int = 160) -> tuple[str, str, str]:
    """``(before, span, after)``: the span with up to ``width`` characters either side, cut at
    word boundaries so that the context reads as text."""
    left = max(0, start - width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(text), end + width)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return text[left:start], text[start:end], text[end:right]
