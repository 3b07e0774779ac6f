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


def test_where_a_person_is_from_is_not_part_of_the_name():
    observed = (
        "In remarks to a news agency, Joe Clark of UNICEF observed, “I have seen campaigns "
        "before, but not over a whole country.”"
    )
    assert quotes(observed)[0][0] == "Joe Clark"
    gathered = (
        "“Bringing the herd back is going to heal all of us,” Jane Doe of the Northern Ute "
        "tribal heritage office told those gathered."
    )
    assert quotes(gathered)[0][0] == "Jane Doe"
    # A title with "of" stays the person's: "Director of Public Health Ann Lee".
    titled = (
        "Director of Public Health Ann Lee said the water was “safe to drink for everyone in "
        "the city.”"
    )
    assert quotes(titled)[0][0].endswith("Ann Lee")


def test_a_documents_author_speaks_for_it():
    memo = (
        "According to a memo posted online by Senator Jane Doe, the council cancelled its "
        "meeting because the mayor did “not accept the authority of the council on this.”"
    )
    assert quotes(memo)[0][0] == "Jane Doe"
    website = (
        "The Red Cross's website said: “There is no evidence that any medicine can prevent or "
        "cure the disease.”"
    )
    assert quotes(website)[0][0] == "Red Cross"
    # "her Twitter account": the platform is no author.
    account = "Her Twitter account posted: “We will not stop until every vote is counted.”"
    assert quotes(account)[0][0] != "Twitter"
    aired = "A TV ad said: “He has never once kept a promise he made to this city.”"
    assert quotes(aired)[0][0] != "TV"


def test_a_disease_or_product_is_no_outlet_or_body():
    text = (
        "The XYZ-19 virus has spread to every region. The website said: “There is no evidence "
        "that home remedies can prevent or cure the disease.”"
    )
    assert quotes(text)[0][0] == "The website"


def test_who_put_a_document_out_speaks_for_it():
    piece = (
        "The Daily Star recently ran a piece that noted his “plan would help rich households "
        "more than it would help poorer ones.”"
    )
    assert quotes(piece)[0][0] == "Daily Star"
    video = (
        "In selling the course, Clark released a video that said, “We are going to have the "
        "best teachers in the whole country.”"
    )
    assert quotes(video)[0][0] == "Clark"
