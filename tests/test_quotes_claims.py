"""claimtrack.offline.quotes.claims: which quotes become claims, and how they read."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import quote_claims
from claimtrack.records import Document


def quotes(text):
    context = DocumentContext(Document(text=text, source="t"))
    return [(c.speaker, c.quote, c.cue) for c in quote_claims(context)]


def test_continued_quote_keeps_its_speaker():
    text = (
        "“We had issues with the facts,” Davis told CNN on Thursday. "
        "“He has admitted it now. He has accepted responsibility.”"
    )
    assert [q[0] for q in quotes(text)] == ["Davis", "Davis"]


def test_scare_quotes_are_not_claims():
    text = "They are not establishing a “military-political alliance” that would matter."
    assert quotes(text) == []


def test_two_quotes_of_one_sentence_are_two_claims_that_read_differently():
    context = DocumentContext(
        Document(text="Trump called Clinton “crooked” and “a liar” at the rally.", source="t")
    )
    texts = [c.claim for c in quote_claims(context)]
    assert len(texts) == 2 and len(set(texts)) == 2


def test_the_same_words_from_the_same_speaker_are_one_claim():
    text = "“We will win,” Trump said. Later, at the rally: “We will win,” Trump said again."
    assert len(quotes(text)) == 1


def test_a_quote_of_several_paragraphs_has_one_speaker():
    before = (
        "Jones wrote:\n\n“The first paragraph of the letter goes on\n\n“and the second ends it.”"
    )
    assert [q[0] for q in quotes(before)] == ["Jones", "Jones"]
    after = "“A long quote that runs on into the next paragraph\n\n“and ends here,” said Jane Doe."
    assert [q[0] for q in quotes(after)] == ["Jane Doe", "Jane Doe"]


def test_titles_are_not_quotes():
    assert quotes("Clinton said on “Meet the Press” that she would run.") == []
    show = "“I had issues with it,” Weiner said in May on the podcast “Here’s the Thing.”"
    assert [q[1] for q in quotes(show)] == ["I had issues with it,"]


def test_a_code_or_a_name_in_quotation_marks_is_no_quote():
    text = (
        'The agency announced the official name of the disease: "ZX-24" is to replace the '
        'temporary designation "2031-zVX." A fisherman identified only as "K Rahman" was '
        'arrested on Monday. Jones says his event, "Storm the Old Fort, They Can\'t Stop Us", '
        'was posted as a joke. "We will keep the station open all winter," the agency said.'
    )
    found = [q for _, q, _ in quotes(text)]
    assert found == ["We will keep the station open all winter,"]


def test_the_second_half_of_a_quote_split_by_its_attribution():
    text = (
        'The council met on Monday. "We are ready" tweeted Mayor Lin Ross "to send every '
        'truck we have to the flooded towns."'
    )
    assert [s for s, _, _ in quotes(text)] == ["Lin Ross", "Lin Ross"]
