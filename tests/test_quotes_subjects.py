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


def test_an_opening_phrase_comes_before_the_subject():
    following = (
        "Following the result of the vote, Clark issued a statement at his farm near Boston, "
        "saying, “The simple fact is this vote is far from over and we will win it.”"
    )
    assert quotes(following)[0][0] == "Clark"
    posted = (
        "In a note posted to her Facebook page before the vote, then-Mayor Clark backed the "
        "plan, writing, “The simple fact is this vote is far from over and we will win it.”"
    )
    assert quotes(posted)[0][0] == "Clark"


def test_a_description_before_a_name_is_not_the_speaker():
    party = (
        "Since then, a Democrat, Joe Clark, has publicly backed the inquiry, telling the Boston "
        "Globe: “We will not sign a deal that leaves our farmers worse off.”"
    )
    assert quotes(party)[0][0] == "Joe Clark"
    envoy = (
        "The Canadian envoy to the United Nations, Joe Clark, told reporters: “We will not sign "
        "a deal that leaves our farmers worse off.”"
    )
    assert quotes(envoy)[0][0] == "Joe Clark"
    hopeful = (
        "In line with most of his voters, Democratic presidential hopeful Sen. Joe Clark was "
        "also critical of the plan, telling the Daily Star: “The plan is typical of this "
        "government and it will not work.”"
    )
    assert quotes(hopeful)[0][0] == "Joe Clark"
    apposed = (
        "“We will need every vote we can get in this state,” said Clark’s deputy campaign "
        "manager, Jane Doe, who ran the 2012 effort."
    )
    assert quotes(apposed)[0][0] == "Jane Doe"


def test_the_subject_is_before_the_clauses_that_describe_it():
    text = (
        "The account for The Morning and Noon Show, which replaced Breakfast Time, hosted by "
        "Joe Clark and Sam Wood, who both worked for Ray, tweeted: “We salute you. You paved "
        "the way for all of us.”"
    )
    assert quotes(text)[0][0] == "Morning and Noon Show"
    group = (
        "To this, Peter Lee of worldwide victims' group Never Again said, “The church should "
        "set the rule for reporting and keep to it.”"
    )
    assert quotes(group)[0][0] == "Peter Lee"


def test_a_role_between_a_describing_name_and_the_persons_name():
    front = (
        "Republican presidential front-runner Joe Clark is insisting that he has “grown the "
        "party by a lot this year,” claiming credit for the turnout."
    )
    assert quotes(front)[0][0] == "Joe Clark"
    director = (
        "In early October, Clark’s Ohio state director, Ann Lee, reached out to the firm, "
        "writing in an email: “We want to use this data right away.”"
    )
    assert quotes(director)[0][0] == "Ann Lee"


def test_party_and_state_after_a_name():
    text = (
        "“Our view is that the veto will be overridden,” Senate Majority Leader Joe Clark, "
        "R-Ky., said Tuesday."
    )
    assert quotes(text)[0][0] == "Joe Clark"


def test_a_description_then_a_role_and_the_name_in_its_apposition():
    lead = (
        "The report's main author, research fellow Laura Brennan, said, “We measured the soot "
        "from every chimney in the valley.”"
    )
    assert quotes(lead)[0][0] == "Laura Brennan"
    other = (
        "Another reviewer, marine and coastal biology lecturer Omar Haddad, said, “The reef has "
        "lost half of its coral.”"
    )
    assert quotes(other)[0][0] == "Omar Haddad"
    # An apposition that is a description of its own keeps the name before it.
    plain = "Tom Reyes, a spokesman for the port, said, “No ship has left the harbour today.”"
    assert quotes(plain)[0][0] == "Tom Reyes"


def test_a_phrase_of_what_the_subject_was_doing_stands_before_the_verb():
    text = (
        "Council chair Maria Lindqvist in announcing the result to the press said, “This town "
        "has chosen its own way.”"
    )
    assert quotes(text)[0][0] == "Maria Lindqvist"
    after = "Coach Dan Ortiz after watching the replay said, “We were robbed in the last minute.”"
    assert quotes(after)[0][0] == "Dan Ortiz"


def test_a_name_with_of_before_the_verb_is_one_subject():
    text = 'The Health Ministry of Peru described the outbreak as "a danger to every village".'
    assert quotes(text)[0][0] == "Health Ministry of Peru"


def test_a_title_for_a_country_then_the_name():
    text = 'UN Special Envoy for Yemen Hans Grundberg said, "Both sides have agreed to talk."'
    assert quotes(text)[0][0] == "Hans Grundberg"


def test_the_name_before_who_said():
    text = (
        "The motion was written by Clara Voss who said in the chamber, “Nobody in this town "
        "should go hungry.”"
    )
    assert quotes(text)[0][0] == "Clara Voss"
