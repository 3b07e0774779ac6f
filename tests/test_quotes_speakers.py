"""claimtrack.offline.quotes.speakers: the speaker a noun phrase names."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import quote_claims
from claimtrack.records import Document


def quotes(text):
    context = DocumentContext(Document(text=text, source="t"))
    return [(c.speaker, c.quote, c.cue) for c in quote_claims(context)]


def test_the_speaker_is_the_name_not_its_description_or_apposition():
    said = "“We expect a long fight,” said Huckabee campaign spokesman Hogan Gidley."
    assert quotes(said)[0][0] == "Hogan Gidley"
    apposed = "Kristen Day, executive director of Democrats for Life, said: “You are not welcome.”"
    assert quotes(apposed)[0][0] == "Kristen Day"
    party = "“No one knows,” said Sen. Lindsey Graham, R-S.C. “We will see.”"
    assert [q[0] for q in quotes(party)] == ["Lindsey Graham", "Lindsey Graham"]
    named = "Her campaign manager, Robby Mook, said: “We are confident about Iowa.”"
    assert quotes(named)[0][0] == "Robby Mook"


def test_pronoun_speaker_is_resolved():
    text = "Senator Amy Klobuchar spoke first. “We are growing in number and in power,” she said."
    assert quotes(text)[0][0] == "Amy Klobuchar"
