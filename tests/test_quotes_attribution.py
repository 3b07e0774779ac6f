"""claimtrack.offline.quotes.attribution: who said each quote."""

from claimtrack.offline.context import DocumentContext
from claimtrack.offline.quotes import quote_claims
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


def test_a_partial_quote_inside_a_sentence_is_its_subjects():
    assert quotes("Trump called the election “rigged” on Tuesday.") == [
        ("Trump", "rigged", "called")
    ]
    assert quotes("Clinton described him as a “very weak and ineffective leader.”")[0][0] == (
        "Clinton"
    )
    both = quotes("Trump called Clinton “crooked” and “a liar” at the rally.")
    assert [(speaker, words) for speaker, words, _ in both] == [
        ("Trump", "crooked"),
        ("Trump", "a liar"),
    ]


def test_name_and_outlet_before_a_colon():
    text = "Ben Smith, BuzzFeed: “The race is over and everyone knows it.”"
    assert quotes(text)[0][0] == "Ben Smith"
    headline = "Ryan: ‘Anti-Semitic Images’ Have ‘No Place In A Presidential Campaign.’"
    assert {q[0] for q in quotes(headline)} == {"Ryan"}


def test_a_colon_ending_the_paragraph_before_introduces_the_quote():
    text = "Dr. Kelli Ward stated:\n\n“The Department of Justice is not about equal justice.”"
    assert quotes(text)[0][:1] == ("Kelli Ward",)


def test_an_outlet_speaks_for_itself_not_for_the_candidate_it_endorses():
    text = (
        "The New York Times endorsed Hillary Clinton on Saturday. The influential US daily "
        "wrote, adding, “No, we are not making this endorsement lightly at all.”"
    )
    assert quotes(text)[0][0] == "New York Times"


def test_a_new_sentence_after_a_quote_has_its_own_speaker():
    text = (
        'Japan branded North Korea an "outlaw nation in the neighborhood." Russia insisted that '
        'Pyongyang "stop its dangerous escapades."'
    )
    assert [q[0] for q in quotes(text)] == ["Japan", "Russia"]


def test_signed_and_labelled_quotes():
    assert quotes("“Maybe we can build a wall around him.” ― Steve Quinlan")[0][0] == (
        "Steve Quinlan"
    )
    assert quotes('"WALLACE: Let us start with the news of the day."')[0][0] == "WALLACE"


def test_what_a_document_reads_is_its_authors():
    owned = (
        "“We never stopped trying to help them,” reads Mayor Joe Clark's statement, “and we "
        "will go on doing so for as long as it takes.”"
    )
    assert [q[0] for q in quotes(owned)] == ["Joe Clark", "Joe Clark"]
    assert {q[2] for q in quotes(owned)} == {"reads"}
    release = "“Jane was loved by all of her colleagues and friends,” reads an ACME press release."
    assert quotes(release)[0][0] == "ACME"
    # A person who reads is reading someone else's words: no speaker from "read" alone.
    reader = "Every night Tom read “the whole of the story of the three little pigs” aloud."
    assert quotes(reader)[0][0] is None


def test_a_sentence_opening_with_its_reporting_verb():
    text = 'Remarked Red Cross field officer Joe Clark, "I have seen floods before, but not this."'
    assert quotes(text)[0][:1] + quotes(text)[0][2:] == ("Joe Clark", "remarked")
    named = 'Observed Center for Flood Studies scientist Ann Lee, "No year was as wet as this one."'
    assert quotes(named)[0][0] == "Ann Lee"


def test_a_stop_after_the_closing_mark_ends_the_attribution():
    text = (
        'The campaign described the aide as "just another careerist who wanted a book deal". '
        "The agency released a report showing growth of two percent."
    )
    assert quotes(text)[0][0] == "The campaign"
    # The verb of a sentence of its own still attributes when nothing follows it.
    assert quotes('"We will win this fight in the courts". Doe said on Monday.')[0][0] == "Doe"


def test_the_verb_of_a_clause_inside_the_sentence_before_is_not_the_speakers():
    text = (
        "“We cannot wait any longer for the council,” Jane Doe said after Tom Lee warned of it. "
        "“My biggest worry is the flooding.”"
    )
    assert [q[0] for q in quotes(text)] == ["Jane Doe", "Jane Doe"]
    where = (
        "“We will not back down now,” Jane Doe said at the dinner, where Tom Lee also spoke of it. "
        "“Not now and not ever again.”"
    )
    assert [q[0] for q in quotes(where)] == ["Jane Doe", "Jane Doe"]


def test_whom_someone_told_is_not_the_speaker():
    told = (
        "Calling it “just another excuse”, Jane Doe of “Safe Homes”, a tenants charity, told "
        "Reuters “it looks as if the letter was written before the owners saw the flats”."
    )
    assert quotes(told)[-1][0] == "Jane Doe"
    after = (
        "“Positions are going to soften on this bill, now or later,” the mayor's chief of staff, "
        "Tom Lee, told the Daily Star before Doe's statement."
    )
    assert quotes(after)[0][0] != "Daily Star"


def test_who_does_the_first_of_two_verbs_in_ing_does_the_second():
    text = (
        "Democrats were quick to respond, with Joe Clark tweeting that it was a mess and "
        "asking, “How can someone with such poor judgement lead us?”"
    )
    assert quotes(text)[0][0] == "Joe Clark"


def test_a_quote_of_its_own_after_a_sentence_about_a_person():
    text = (
        "On Sunday, Sen. Jane Doe, who lost the race, named the young as her hope for the "
        "party. “The younger people are more than any generation before them sick of it.”"
    )
    assert quotes(text)[0][0] == "Jane Doe"
    # Not when the sentence before quotes someone else, nor across a paragraph.
    quoted = (
        "Jane Doe named the young as her “hope for the party and for all of us.” "
        "“The younger people are more than any generation before them sick of it.”"
    )
    assert [q[0] for q in quotes(quoted)] == [None, None]
    apart = (
        "On Sunday, Sen. Jane Doe named the young as her hope for the party.\n\n"
        "“The younger people are more than any generation before them sick of it.”"
    )
    assert quotes(apart)[0][0] is None


def test_an_inverted_verb_needs_its_speaker_to_end_the_clause():
    text = (
        "Jerry Lee, publisher of Beer Weekly, a trade newsletter, said Acme's announcement means "
        "“everybody else in the trade is going to have a hard time.”"
    )
    assert quotes(text)[0][0] is None


def test_a_quote_its_sentence_introduced_and_ended_is_not_the_next_sentences():
    colon = (
        "Fire chief Ana Ruiz said at a briefing: “The crews worked through the night. Nobody was "
        "hurt.” The Red Cross has opened a shelter for the families."
    )
    assert quotes(colon)[0][0] == "Ana Ruiz"
    comma = (
        'Speaking to the local radio, Ravi Menon said, "It is a great day for the whole '
        'station". Station manager Priya Das told reporters only a few trains run at night.'
    )
    assert quotes(comma)[0][0] == "Ravi Menon"
    saying = (
        'Senator Jo Park posted a message online blaming the mayor, saying there was "no plan at '
        'all for the flood." Analyst Ben Ward said questions remain about the budget.'
    )
    assert quotes(saying)[0][0] == "Jo Park"
    # A quote with no verb before it still takes the sentence after it.
    after = "“The roads are closed until Monday.” Mayor Lena Fox said on Friday."
    assert quotes(after)[0][0] == "Lena Fox"


def test_a_reporting_word_after_an_article_is_a_noun():
    text = (
        "Foreign Minister Ida Berg wrote a letter to the council blaming Ruritania for the "
        'attacks, saying there was "no doubt about who planned them."'
    )
    assert quotes(text)[0][0] == "Ida Berg"


def test_underlined_reports_what_was_said():
    text = (
        "Prime Minister Ana Costa underlined that the talks would go on and that she would be "
        '"very glad if the other side came back to the table".'
    )
    assert quotes(text)[0][0] == "Ana Costa"
