"""What a quote's reader keeps at hand: the document, its quotes, and where a position stands
(inside a quote, in which sentence)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from claimtrack.offline.context import DocumentContext, sentence_at
from claimtrack.offline.quotes.spans import (
    _SENTENCE_REACH,
    QuoteMention,
)
from claimtrack.segment import Segment


class _QuoteReader:
    """One document and its quotes, with where a position of it stands."""

    def __init__(self, context: DocumentContext, quotes: list[QuoteMention]) -> None:
        self.context = context
        self.text = context.text
        self.quotes = quotes
        self._quote_opens = [q.open_at for q in quotes]

    # -- where quotes are ---------------------------------------------------------------

    def _inside_quote(self, position: int) -> QuoteMention | None:
        index = bisect_right(self._quote_opens, position) - 1
        if index >= 0:
            quote = self.quotes[index]
            if quote.open_at <= position <= quote.close_at:
                return quote
        return None

    def _sentence(self, position: int) -> Segment | None:
        """The sentence at ``position``, no more than ``_SENTENCE_REACH`` characters either
        side of it: a "sentence" of thousands of characters (a list, a text with no full stops)
        would otherwise be read again for every quote in it."""
        sentence = sentence_at(self.context, position)
        if sentence is None:
            return None
        return Segment(
            max(sentence.start, position - _SENTENCE_REACH),
            min(sentence.end, position + _SENTENCE_REACH),
            sentence.paragraph,
        )

    def _skip_space(self, position: int) -> int:
        while position < len(self.text) and self.text[position].isspace():
            position += 1
        return position

    def _outside_quotes(self, start: int, end: int) -> int:
        """``start`` moved past the last quote that ends between ``start`` and ``end``."""
        index = bisect_left(self._quote_opens, end) - 1
        while index >= 0 and self.quotes[index].open_at >= start:
            if self.quotes[index].close_at < end:
                return self.quotes[index].close_at + 1
            index -= 1
        return start
