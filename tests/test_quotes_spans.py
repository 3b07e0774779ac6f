"""claimtrack.offline.quotes.spans: where quotes are."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import quote_claims
from claimtrack.offline.quotes.spans import find_quotes
from claimtrack.records import Document


def quotes(text):
    context = DocumentContext(Document(text=text, source="t"))
    return [(c.speaker, c.quote, c.cue) for c in quote_claims(context)]


def test_quote_across_sentences_is_one_quote():
    text = "“It was hard. We kept going. Then we won,” the coach said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "It was hard. We kept going. Then we won,"
    assert quotes(text)[0][0] == "the coach"


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    text = "He said: “This goes on and on\n\nNext paragraph."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "This goes on and on"


def test_straight_quotes_pair_within_a_line():
    text = 'He said "yes" and "no to it.\n"We will go there tomorrow," Smith said.'
    assert quotes(text)[-1] == ("Smith", "We will go there tomorrow,", "said")
