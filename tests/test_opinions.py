"""Opinions among statement candidates: a judgement with no hard anchor (offline/opinions.py),
and the anchor every statement needs in its main clause (offline/anchors.py)."""

from __future__ import annotations

from datetime import date

import pytest

from claimtrack.offline import opinions
from claimtrack.offline.anchors import has_hard_anchor
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import DateClaim, Document, QuoteClaim, StatementClaim


def statements(text: str, published: str | None = None) -> list[StatementClaim]:
    day = date.fromisoformat(published) if published else None
    claims = OfflineExtractor().extract(Document(text=text, source="t", published=day))
    return [c for c in claims if isinstance(c, StatementClaim)]


@pytest.mark.parametrize(
    "sentence",
    [
        # judging words and nothing to check them against
        "For more than three decades, the party in Ohio was dismal at best in the cities.",
        "That mood encapsulates one of the governor's biggest vulnerabilities in Ohio.",
        "Two past contests, a century apart, suggest the questions the party must resolve.",
        # an event outweighs one judging word, not two
        "Most rivals invested in Ohio, but their showing was dismal, and largely self-inflicted.",
    ],
)
def test_a_judgement_with_no_anchor_is_an_opinion(sentence):
    assert opinions.is_unanchored_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure
        "Their showing in Ohio was dismal: 12 percent of the vote, down from 31 percent.",
        "The dismal season cost the club $4 million in Ohio.",
        "Already, he would be the oldest person to take the office in U.S. history.",
        # a reported source
        "The governor said the results in Ohio were dismal.",
        "A state audit found the program was largely mismanaged.",
        # a concrete event and one judging word
        "The council in Toledo passed the budget after a dismal debate.",
        # no judging word at all
        "The council in Toledo met on the budget for the third time.",
    ],
)
def test_an_anchor_or_no_judgement_keeps_a_statement(sentence):
    assert not opinions.is_unanchored_judgement(sentence)


def test_judging_words_are_counted_outside_quotations_and_names():
    assert opinions.judgements("The mayor called the plan “dismal and shameful” twice.") == set()
    assert opinions.judgements("The Ohio Legacy Fund will still own the bridge.") == set()
    assert opinions.judgements("Legacy costs were dismal.") == {"legacy", "dismal"}


def test_would_of_a_named_planner_is_a_plan_not_a_guess():
    assert opinions.judgements("Mr. Rubio would eliminate taxes on investment income.") == set()
    assert opinions.judgements("She would also close the loophole.") == set()
    assert opinions.judgements("A loss there would end his bid.") == {"would"}


def test_a_quality_said_with_a_copula_judges_but_a_kind_does_not():
    assert opinions.judgements("The reasons are deeply insidious.") == {
        "are deeply insidious",
        "deeply",
    }
    assert opinions.judgements("The process was needlessly expensive.") == {
        "was needlessly expensive",
        "needlessly",
    }
    assert opinions.judgements("The vote was unanimous and the race was presidential.") == set()


@pytest.mark.parametrize(
    ("text", "anchored"),
    [
        ("about 16,000 a year", True),
        ("the 41st president", True),
        ("a 5-4 ruling", True),
        ("the world's largest drugmaker", True),
        ("at least 24.", True),
        ("the 335 accounts", True),
        ("hundreds of thousands of parents", False),  # a vague magnitude is a soft anchor
        ("2016 teaches graduates", False),  # a year
        ("the 9/11 attacks", False),  # part of a date
        ("1) The race", False),  # a list's number
        ("in its 20 years", False),  # a span of time
        ("a 46-year run", False),
        ("students at Intermediate School 285", False),  # part of a name
        ("Sanders, 74, will not run", False),  # an age in apposition
    ],
)
def test_hard_figures(text, anchored):
    assert opinions.hard_figure(text) is anchored


@pytest.mark.parametrize(
    ("text", "soft"),
    [
        ("two past elections", True),
        ("in the wake of six corporate bankruptcies", True),
        ("over 76 minutes", True),
        ("those two billionaires", False),  # points back at what the text named
        ("the final two debates", False),
        ("his six corporate bankruptcies", False),
        ("four years later", False),  # time in words
    ],
)
def test_soft_figures(text, soft):
    assert opinions.soft_figures(text) is soft


def test_a_statement_dropped_as_an_opinion_leaves_the_other_claims_of_its_sentence():
    # Each sentence judges with no anchor. The first holds a date, the second a quote: their
    # date and quote claims stay, and no statement is made of either.
    text = (
        "Ohio's turnout in the primary on March 15, 2016 was dismal at best for the party. "
        "“The party's showing in Ohio was dismal at best,” Governor John Kasich said."
    )
    claims = OfflineExtractor().extract(
        Document(text=text, source="t", published=date(2016, 3, 20))
    )
    assert [c.date_text for c in claims if isinstance(c, DateClaim)] == ["March 15, 2016"]
    assert [c.speaker for c in claims if isinstance(c, QuoteClaim)] == ["John Kasich"]
    assert not [c for c in claims if isinstance(c, StatementClaim)]


def test_the_extractor_drops_an_unanchored_judgement_but_keeps_its_checkable_neighbour():
    text = (
        "For more than two decades, the network in Ohio helped legitimize fringe issues. "
        "The network in Ohio reached 2.3 million homes, its owners reported."
    )
    kept = [s.claim for s in statements(text)]
    assert len(kept) == 1 and "2.3 million homes" in kept[0]


@pytest.mark.parametrize(
    "sentence",
    [
        # the main clause judges; the figure, the event, the source are in the lead
        "While rivals in Ohio are vowing to bring back millions of jobs, public sentiment there"
        " reflects deeper challenges.",
        "Now, armed with a victory and $7 million in new cash, he is poised to argue he is in"
        " this race for the long haul.",
        "Though in most cases he has lost the vote in Ohio, Indiana appears to be a break.",
    ],
)
def test_an_anchor_in_a_leading_phrase_does_not_anchor_a_judging_main_clause(sentence):
    assert opinions.is_unanchored_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # the judgement is only in the lead: the main clause's event anchors as before
        "After a dismal debate in Ohio, the council passed the budget.",
        # a lead that is a record, or says whose words the main clause is
        "For the first time in the parade's 46-year history, attendees had to pass checkpoints.",
        "As the audit found, the program in Ohio was largely mismanaged.",
        # a figure in the main clause
        "While the party in Ohio lost ground, its turnout was dismal: 12 percent of voters.",
    ],
)
def test_a_lead_that_states_or_attributes_keeps_the_anchor(sentence):
    assert not opinions.is_unanchored_judgement(sentence)


def test_main_clause_is_cut_at_the_leads_first_comma():
    assert opinions.main_clause("Armed with $7 million, he is poised to run.") == (
        "he is poised to run."
    )
    assert opinions.main_clause("The council in Toledo, Ohio, passed it.") == (
        "The council in Toledo, Ohio, passed it."
    )


def test_a_source_in_a_trailing_relative_clause_speaks_only_for_that_clause():
    # the judgement is in the main clause, the estimate only about the deals
    assert opinions.is_unanchored_judgement(
        "The problem, however, is finding the legal basis for ending these deals, which he"
        " estimates will not expire for another decade."
    )
    # the relative clause holds the judgement and its source: what the critics argued
    assert not opinions.is_unanchored_judgement(
        "But the policy in Ohio also faced critics, who argued that it would draw a new line."
    )


def test_an_appeal_is_no_statement_even_with_a_figure():
    assert opinions.is_unanchored_judgement(
        "In lieu of flowers, please send contributions to the Siegel Fund, 100 Haven Avenue."
    )
    assert opinions.is_unanchored_judgement("Please text WORK to 82623 for me.")
    # a request someone else made, quoted, is reported
    assert not opinions.is_unanchored_judgement(
        "Two men carried a banner that said ``President Clinton, Please keep Elian here.''"
    )


def test_if_will_is_the_writers_prediction_unless_a_named_party_plans_it():
    assert "if … will" in opinions.judgements(
        "If a Democrat succeeds Obama, he or she will spend years stopping bills."
    )
    assert "if … will" in opinions.judgements("The plan will fail if the Senate objects.")
    assert opinions.judgements("If elected, Mr. Rubio will cut taxes on investment.") == set()
    assert opinions.is_unanchored_judgement(
        "If a Democrat succeeds Obama in Ohio, he or she will spend years stopping bills."
    )


def test_a_compound_word_is_judged_whole():
    assert opinions.judgements("That is five days before New York's high-stakes primary.") == (
        set()
    )
    assert opinions.judgements("The stakes for the party in Ohio are high.") == {"the stakes"}


@pytest.mark.parametrize(
    ("sentence", "judged"),
    [
        ("Indiana appears to be a break from the norm.", {"appears to", "be a break"}),
        ("The primary is playing a key role in the race.", {"key role"}),
        ("The ruling in Ohio was a setback for Trump.", {"was a setback"}),
        ("The real problem is finding the legal basis.", {"the real problem is"}),
        # no judgement: nouns, figures and verbs that only look like one
        ("Energy companies invest billions in fossil fuels.", set()),
        ("GM will buy 15% stakes in Jaguar.", set()),
        ("Her margin shrank from 12 percentage points to 8 percentage points.", set()),
        ("More than $800,000 was spent on ads and the dividend had been five cents.", set()),
    ],
)
def test_verdicts_hedges_and_what_is_no_judgement(sentence, judged):
    assert opinions.judgements(sentence) == judged


def test_a_number_joined_to_a_name_by_a_hyphen_is_no_figure():
    assert not opinions.hard_figure("the EB-5 program and the F-35 jet")
    assert opinions.hard_figure("the program drew 5 investors")


@pytest.mark.parametrize(
    ("headline", "opinion"),
    [
        ("Post-9/11 Rebuilding Isn't The Only Reason Hedge Funds Support Hillary Clinton.", True),
        ("BOOM: Trump Just Fired A 5-Word Missile Directly At Hillary.", True),
        ("9 (More) Offensive Things Donald Trump Has Said About Latinos.", True),
        # a figure: the headline reports it
        ("Only 24 Percent of Hillary Clinton's Contributors Are Small Donors.", False),
        ("Kasich Scores All 66 Delegates After Ohio Win.", False),
    ],
)
def test_a_headline_in_title_case_needs_a_figure(headline, opinion):
    assert opinions.is_title_case(headline)
    assert opinions.is_unanchored_judgement(headline) is opinion


def test_title_case_is_not_a_sentence_nor_a_list_of_names():
    assert not opinions.is_title_case("Sen. Ted Cruz and Gov. John Kasich won in Ohio.")
    assert not opinions.is_title_case("Jeb Bush fired at Trump, Ted Cruz and Marco Rubio.")
    assert opinions.is_title_case("U.S. Nominates Jim Yong Kim for 2nd Term at World Bank.")
    assert not opinions.is_title_case(
        "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell."
    )


def test_the_extractor_drops_a_teaser_headline_and_keeps_the_report():
    text = (
        "Trump Just Fired A 5-Word Missile At Hillary She Won't Want To See.\n\n"
        "Donald Trump told 4,000 supporters in Ohio that Hillary Clinton lied."
    )
    kept = [s.claim for s in statements(text)]
    assert len(kept) == 1 and "4,000 supporters" in kept[0]


@pytest.mark.parametrize(
    "sentence",
    [
        # the judgement is outside the aside, the figure or the event inside it
        "The new rule in Ohio was largely symbolic (it covered 4 percent of the land).",
        "But after his glaring display - in which he seemed to falter before 4 million"
        " viewers - the question was not whether he had harmed his campaign in Ohio.",
    ],
)
def test_an_anchor_in_an_aside_does_not_anchor_a_judgement_outside_it(sentence):
    assert opinions.is_unanchored_judgement(sentence)


def test_an_aside_keeps_its_source_and_a_judging_lead_keeps_any_anchor():
    # a source anywhere
    assert not opinions.is_unanchored_judgement(
        "The rule in Ohio was largely symbolic - the audit found - and hardly used."
    )
    # the judgement is in the lead only: the aside's figure anchors the main clause's fact
    assert not opinions.is_unanchored_judgement(
        "While it does appear on rankings of the most dangerous places, Oakland did not make"
        " the council's list - which was 50 cities long - of the most violent."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "A summary of the results is here: http://bit.ly/1Tnr3QM.",
        "Story by Scott Conroy Video produced by Jon Strauss and Sam Wilkes in Ohio.",
    ],
)
def test_a_link_pointer_or_a_credit_line_is_no_statement(sentence):
    assert opinions.is_unanchored_judgement(sentence)


@pytest.mark.parametrize(
    ("sentence", "judged"),
    [
        ("Mr. Trump seemed to overstay his welcome.", {"seemed to"}),
        ("Facebook has in many ways emerged as the rival.", {"in many ways"}),
        ("The court sent an assertive signal to the states.", {"sent an assertive signal"}),
        ("The question was not whether he had harmed his bid.", {"the question was"}),
        # a question put to voters is a fact about a poll
        ("In one of the seven states where the question was asked, most agreed.", set()),
    ],
)
def test_round_6_judging_forms(sentence, judged):
    assert opinions.judgements(sentence) == judged


@pytest.mark.parametrize(
    ("sentence", "judged"),
    [
        ("It’s going to be a long eight months.", {"s going to"}),
        ("If Trump were to turn Ohio, he’d have enough votes.", {"d have"}),
        ("If she wins, she’ll cut taxes.", {"if … will"}),
        ("The win is a boost for the rivals.", {"is a boost"}),
        # "'d" of "had" is no "would"
        ("He’d been in Ohio twice and she’d voted.", set()),
    ],
)
def test_contracted_predictions_judge_like_the_full_words(sentence, judged):
    assert opinions.judgements(sentence) == judged


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure, a source
        "The Clinton Foundation refused to release the names of 1,076 foreign donors.",
        "Bloomberg also reported that roughly 1,100 foreign donor names were not disclosed.",
        "The Orlando attack now ranks as the deadliest mass shooting in United States history.",
        "(About 46 detainees fall under that category.)",
        "The two women spoke for about five minutes.",
        # a named or counted actor's act, a plan
        "Justice Antonin Scalia, who voted in the majority, died four days later.",
        "Peter Holland, 45, deputy general manager, becomes director of corporate affairs.",
        "Two of the officers are kneeling over him.",
        "Mr. Rubio would eliminate taxes on investment income.",
        "UPDATE: 5/12 — The website has removed the listing from its site.",
        # a common noun's act in the past, a named party's status
        "The establishment spent more than a million dollars against her in the primary.",
        "He's the GOP's district chairman in Ohio.",
    ],
)
def test_a_statement_with_a_hard_anchor_in_its_main_clause_is_kept(sentence):
    assert has_hard_anchor(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a copula's verdict, its figure in a clause that follows the main one
        "The win is a boost for anti-Trump forces as they try to prevent him from reaching the"
        " 1,237 delegates.",
        # a copula's verdict, a span of time in words
        "National security has been the party's issue for most of the past six decades.",
        # what something is taken to be, "seems", a prediction
        "Many voters in Ohio are expected to delay casting their ballots.",
        "The court seemed to send a signal to the states.",
        "Trump is going to need all the local knowledge he can get in Ohio.",
        # the figure in the lead only
        "For eight years, the party in Ohio has been the home of the moderates.",
        # a common noun's present: not read as an act
        "That longtime support cuts against another line: that donors gave out of gratitude.",
    ],
)
def test_a_statement_without_an_anchor_of_its_own_is_dropped(sentence):
    assert not has_hard_anchor(sentence)


def test_the_gate_drops_what_the_judging_words_keep_and_no_other_claim():
    # The verdict's only figure is in the clause that follows it: the judging words let it
    # through (a figure anywhere outweighs them), the anchor gate does not. The quote and the
    # date of the next sentences stay.
    text = (
        "The win is a boost for anti-Trump forces as they try to prevent him from reaching the"
        " 1,237 delegates. “The win is a boost for us,” Governor John Kasich said. The Ohio"
        " primary on March 15, 2016 drew 1.9 million voters, the state reported."
    )
    verdict = text.split(". ")[0] + "."
    assert not opinions.is_unanchored_judgement(verdict)
    claims = OfflineExtractor().extract(
        Document(text=text, source="t", published=date(2016, 3, 20))
    )
    assert [c.speaker for c in claims if isinstance(c, QuoteClaim)] == ["John Kasich"]
    assert [c.date_text for c in claims if isinstance(c, DateClaim)] == ["March 15, 2016"]
    assert not any("boost" in c.claim for c in claims if isinstance(c, StatementClaim))


@pytest.mark.parametrize(
    "sentence",
    [
        "As POLITICO revealed, the campaign's lawyers met on Tuesday.",
        "The ads come from Our Principles PAC, a Super PAC aimed at the frontrunner.",
        "The investor group includes Mr. Smith and Jones Corp.",
    ],
)
def test_round_8_anchors(sentence):
    assert has_hard_anchor(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure or a source inside the clause a pronoun's frame judges
        "It's a down-ballot twist on how Bernie Sanders, who has endorsed Canova, was able to"
        " raise more than $235 million.",
        # the writer's own account
        "Reporting among farm workers, I have encountered a sense of achievement.",
        # a common noun's present with no name: still a judgement
        "The ads reflect a deeper anxiety in the party.",
    ],
)
def test_round_8_no_anchor(sentence):
    assert not has_hard_anchor(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Justice Antonin Scalia, who voted in the majority, died in February.", "named act"),
        ("Two of the officers were wounded in the shooting.", "count"),
        ("The establishment spent heavily on the race.", "common act"),
        ("As the audit found, the agency lost track of the money.", "attribution"),
        ("The win is a boost for anti-Trump forces.", None),
    ],
)
def test_anchor_kind_names_the_anchor_the_gate_found(sentence, kind):
    from claimtrack.offline.anchors import anchor_kind

    assert anchor_kind(sentence) == kind
    assert has_hard_anchor(sentence) == (kind is not None)


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("The establishment spent heavily on the race.", "weak"),
        ("The fate of coal country has grabbed the headlines.", "weak"),
        ("The establishment spent $5 million on the race.", "strong"),
        ("The establishment spent heavily on the race, officials said.", "strong"),
        ("The bill was passed by the Senate.", "strong"),
        ("Justice Antonin Scalia, who voted in the majority, died in February.", "strong"),
        ("The win is a boost for anti-Trump forces.", None),
    ],
)
def test_anchor_strength_is_weak_only_for_a_common_nouns_past_or_perfect_act(sentence, strength):
    from claimtrack.offline.anchors import anchor_strength

    assert anchor_strength(sentence) == strength
    assert has_hard_anchor(sentence) == (strength is not None)


@pytest.mark.parametrize(
    "sentence",
    [
        # signposts and list introductions
        "Here are five questions about the mayor's extraordinary fourth week in office.",
        "Along with 29 recommendations from the board, here is a sample of new actions taken:",
        # a scrap of markup
        'poster="http://example.com/images/1155968404.jpg" Critics scoff at the campaign shuffle.',
        # a judging frame around the claim, even with a figure in it
        "The fact is many of these narratives bear the same hallmarks as the 17 agencies mess.",
        "The problem is, the hearings will be run by the same 40 members who oppose the law.",
        "Evidence is clear that families with two married parents do best for children.",
        # the writer's reading of what something raises or how it is seen
        "The governor's repeated agitating raises questions about whether the move is political.",
        "The president's rhetoric is seen further undermining the image of the economy.",
        # the writer weighing possibilities
        "At the time, there were two possible interpretations of the events in Ohio.",
        "Two possibilities if the governor can't be swayed are Mark Hutchinson and Joe Heck.",
        "The Bible presents a stark choice between two paths: one leads to bliss.",
        # the writer's conditional, even with a sum
        "If the court rules for insurers, it could force the government to pay $12 billion.",
    ],
)
def test_the_writers_frames_are_no_statements(sentence):
    assert opinions.is_writers_frame(sentence)
    assert opinions.is_unanchored_judgement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # a colon alone introduces a quote or a report
        "Local politicians also fired back at the comments, including Rep. Lacy Clay (D-Mo.):",
        # someone else's frame or conditional
        "The problem is that the plant lost $5 million, the company said.",
        "If the bill passes, it would cost $150 billion, according to the budget office.",
        # a frame's words not opening the sentence, a conditional inside a report of a law
        "She said the fact is on the record, and the vote was 52 to 48.",
        "The new election would start with a new primary, under a recently passed state law.",
        "The majority leader scheduled 12 votes for Tuesday.",
        "Two possible sites for the plant were named by the county, officials said.",
        "The company possibly lost $5 million in the quarter, it reported.",
    ],
)
def test_reports_and_plain_facts_are_no_writers_frames(sentence):
    assert not opinions.is_writers_frame(sentence)
