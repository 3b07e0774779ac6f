"""claimtrack.offline.quotes.reader: where a position stands among the quotes and sentences."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes.reader import _QuoteReader
from claimtrack.offline.quotes.spans import find_quotes
from claimtrack.records import Document


def test_a_position_is_inside_its_quote_and_in_its_sentence():
    text = "He spoke first. “We won,” Doe said. It rained."
    context = DocumentContext(Document(text=text, source="t"))
    reader = _QuoteReader(context, find_quotes(text))
    inside = reader._inside_quote(text.index("won"))
    assert inside is not None and text[inside.start : inside.end] == "We won,"
    assert reader._inside_quote(text.index("rained")) is None
    sentence = reader._sentence(text.index("rained"))
    assert sentence is not None and sentence.text(text) == "It rained."
