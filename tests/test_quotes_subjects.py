"""claimtrack.offline.quotes.subjects: the subject of a reporting verb."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import quote_claims
from claimtrack.records import Document


def quotes(text):
    context = DocumentContext(Document(text=text, source="t"))
    return [(c.speaker, c.quote, c.cue) for c in quote_claims(context)]


def test_no_speaker_from_a_prepositional_phrase_or_across_a_sentence():
    arm = "The guard grabbed him by the arm and said: “Get out of here right now, all of you.”"
    assert quotes(arm)[0][0] == "The guard"
    voice = (
        "Senator Amy Klobuchar arrived late. “I am not leaving this room without an answer,” "
        "she said in a low voice."
    )
    assert quotes(voice)[0][0] == "Amy Klobuchar"
    award = "The award went to John Smith. He said: “This is the best day of my life.”"
    assert quotes(award)[0][0] == "John Smith"


def test_a_verb_in_ing_takes_the_subject_of_its_clause():
    text = (
        "Howard Dean, a former party chairman, poked fun at him, tweeting, “Notice him sniffing "
        "all the time.”"
    )
    assert quotes(text)[0][:1] == ("Howard Dean",)
    cited = (
        'On Tuesday, Gov. Jerry Brown endorsed her, citing her "long experience," "firm grasp '
        'of the issues" and preparedness.'
    )
    assert {q[0] for q in quotes(cited)} == {"Jerry Brown"}
