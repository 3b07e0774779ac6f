from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import find_quotes, quote_claims
from claimtrack.records import Document


def quotes(text):
    context = DocumentContext(Document(text=text, source="t"))
    return [(c.speaker, c.quote, c.cue) for c in quote_claims(context)]


def test_typographic_quote_with_speaker_after():
    text = "“We appear to be getting close to the end of flu season,” Jhung said."
    assert quotes(text) == [
        ("Jhung", "We appear to be getting close to the end of flu season,", "said")
    ]


def test_straight_quote_with_verb_first():
    text = 'The plan failed. "No one knows what will be available," said Allan Friedman, a surgeon.'
    assert quotes(text)[0][0] == "Allan Friedman"


def test_speaker_before_with_colon():
    text = 'BP chairman Carl-Henric Svanberg said: "We expect our stake will generate value."'
    assert quotes(text)[0][0] == "Carl-Henric Svanberg"


def test_quote_across_sentences_is_one_quote():
    text = "“It was hard. We kept going. Then we won,” the coach said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "It was hard. We kept going. Then we won,"
    assert quotes(text)[0][0] == "the coach"


def test_pronoun_speaker_is_resolved():
    text = "Senator Amy Klobuchar spoke first. “We are growing in number and in power,” she said."
    assert quotes(text)[0][0] == "Amy Klobuchar"


def test_continued_quote_keeps_its_speaker():
    text = (
        "“We had issues with the facts,” Davis told CNN on Thursday. "
        "“He has admitted it now. He has accepted responsibility.”"
    )
    assert [q[0] for q in quotes(text)] == ["Davis", "Davis"]


def test_scare_quotes_are_not_claims():
    text = "They are not establishing a “military-political alliance” that would matter."
    assert quotes(text) == []


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    text = "He said: “This goes on and on\n\nNext paragraph."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "This goes on and on"
