"""The main clause's subject and verb kind, read without a tagger (offline/clauses.py)."""

from __future__ import annotations

import pytest

from claimtrack.offline.clauses import read_clause


@pytest.mark.parametrize(
    ("text", "subject", "subject_kind", "verb_kind"),
    [
        # an apposition or a relative clause between commas is not the subject
        (
            "Justice Antonin Scalia, who voted in the majority, died four days later.",
            ("Justice", "Antonin", "Scalia"),
            "named",
            "past",
        ),
        (
            "Pierre Lortie, chairman and chief executive, resigned.",
            ("Pierre", "Lortie"),
            "named",
            "past",
        ),
        (
            "Peter Holland, 45, deputy general manager, becomes director of corporate affairs.",
            ("Peter", "Holland"),
            "named",
            "present",
        ),
        # a leading phrase cut at its comma
        (
            "More importantly, three months before the primary, his campaign shelled out.",
            ("his", "campaign"),
            "common",
            "past",
        ),
        ("The win is a boost for the rivals.", ("The", "win"), "common", "copula"),
        (
            "Mr. Obama's presidency has muted disagreement within the party.",
            ("Mr.", "Obama", "'s", "presidency"),
            "possessive",
            "perfect",
        ),
        ("Mr. Lewandowski was fired by the campaign.", ("Mr.", "Lewandowski"), "named", "passive"),
        # a participle that says what a thing is taken to be is no act done to it
        ("Many voters are expected to delay voting.", ("Many", "voters"), "common", "copula"),
        ("Ted Cruz is protesting the actions.", ("Ted", "Cruz"), "named", "progressive"),
        ("He's the GOP's district chairman.", ("He",), "named", "copula"),
        (
            "Two of the officers are kneeling.",
            ("Two", "of", "the", "officers"),
            "count",
            "progressive",
        ),
        ("Mr. Rubio would eliminate taxes.", ("Mr.", "Rubio"), "named", "modal"),
        ("Trump is going to need every vote.", ("Trump",), "named", "modal"),
        ("The court seemed to send a signal.", ("The", "court"), "common", "seem"),
        ("Their network has for months weighed it.", ("Their", "network"), "common", "perfect"),
        ("Any agreement had to be led by them.", ("Any", "agreement"), "common", "modal"),
        # a vague magnitude counts no one, an age is no count
        (
            "Hundreds of thousands of parents are suffering.",
            ("Hundreds", "of", "thousands", "of", "parents"),
            "common",
            "progressive",
        ),
        (
            "82-year-old Richard Viguerie makes the case.",
            ("82-year-old", "Richard", "Viguerie"),
            "named",
            "present",
        ),
        # a plural after a capitalised determiner is a noun, not a verb
        ("Some families have kept their secrets.", ("Some", "families"), "common", "perfect"),
    ],
)
def test_the_subject_and_the_kind_of_its_verb(text, subject, subject_kind, verb_kind):
    clause = read_clause(text)
    assert clause is not None
    assert (clause.subject, clause.subject_kind, clause.verb_kind) == (
        subject,
        subject_kind,
        verb_kind,
    )


def test_the_verb_is_found_where_it_stands():
    text = "Justice Antonin Scalia, who voted in the majority, died four days later."
    clause = read_clause(text)
    assert clause is not None
    assert text[clause.verb_at :].startswith("died")
    assert clause.predicate == "died four days later"


@pytest.mark.parametrize(
    "text",
    [
        # a colon or a complement clause before any verb: not read
        "That longtime support cuts against another line: that donors gave out of gratitude.",
        "The humbling of the party in Ohio and that of its rivals",
    ],
)
def test_no_verb_no_clause(text):
    assert read_clause(text) is None


@pytest.mark.parametrize(
    ("text", "subject", "verb_kind"),
    [
        # a plain present after a determiner's noun: the verb the -s rule cannot see
        ("The ads come from Our Principles PAC.", ("The", "ads"), "present"),
        ("The investor group includes Mr. Smith.", ("The", "investor", "group"), "present"),
        # a perfect progressive is an act under way
        ("Dunn and Klain have been peppering her.", ("Dunn", "and", "Klain"), "progressive"),
    ],
)
def test_round_8_verbs(text, subject, verb_kind):
    clause = read_clause(text)
    assert clause is not None
    assert clause.subject == subject
    assert clause.verb_kind == verb_kind


def test_the_first_person_is_the_writer():
    clause = read_clause("I have encountered a sense of achievement.")
    assert clause is not None
    assert clause.subject_kind == "first"


def test_a_noun_phrase_is_no_plural_present():
    # "cuts" is the noun's head, "plan" no verb: no word that follows verbs comes after it
    assert read_clause("The tax cuts plan hurt them.") is not None
    clause = read_clause("The tax cuts plan hurt them.")
    assert clause is not None and clause.predicate.startswith("hurt")
