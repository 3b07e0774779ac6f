"""Agreements: who agreed what, named in a claim that stands on its own."""

from __future__ import annotations

import pytest

from claimtrack.offline.agreements import agreement_claims
from claimtrack.offline.context import DocumentContext
from claimtrack.records import Document


def agreements(text):
    return agreement_claims(DocumentContext(Document(text=text, source="t")))


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # The terms end with their clause, not with the sentence.
        (
            "Images of China and Russia pledging to expand and deepen their commercial ties, "
            "and raising glasses together, gave Putin what he needed.",
            "expand and deepen their commercial ties",
        ),
        (
            "Raymond Roth agreed to plead guilty to the conspiracy charge, the district "
            "attorney's office said.",
            "plead guilty to the conspiracy charge",
        ),
        # A decimal point is no end of a clause.
        (
            "BP agreed to sell its stake in TNK-BP to Russia's Rosneft for $17.1bn in cash.",
            "sell its stake in TNK-BP to Russia's Rosneft for $17.1bn in cash",
        ),
        # The counterparty is not part of the terms.
        (
            "Benjamin Netanyahu also agreed with his Turkish counterpart Recep Tayyip Erdogan "
            "to compensate the families of the victims.",
            "compensate the families of the victims",
        ),
        # An agreement that names only its party has the agreement as its terms.
        (
            "Kishida's trip to Ukraine followed an important new agreement with South Korea.",
            "an important new agreement with South Korea",
        ),
        (
            "Speaking of North Korea, the agreement between Japan and South Korea was "
            "announced just hours after the launch.",
            "the agreement between Japan and South Korea",
        ),
    ],
)
def test_terms_say_what_was_agreed(text, terms):
    (claim,) = agreements(text)
    assert claim.terms == terms


def test_the_two_countries_are_named_in_the_claim():
    text = (
        "Japan and South Korea have long disputed the history of the war. "
        "On March 16, the leaders announced a breakthrough between the two countries."
    )
    claims = agreements(text)
    assert claims[-1].claim == (
        "On March 16, the leaders announced a breakthrough between Japan and South Korea."
    )


def test_they_are_the_parties_of_their_agreement():
    text = (
        "Xi Jinping met Vladimir Putin in Moscow. "
        "The joint statement they agreed to make clear that they are not allies."
    )
    (claim,) = agreements(text)
    assert claim.claim.startswith("The joint statement Xi Jinping and Vladimir Putin agreed")


def test_the_deal_named_before_keeps_its_parties():
    text = (
        "Prime Minister Benjamin Netanyahu agreed with Prime Minister Recep Tayyip Erdogan to "
        "compensate the families of the victims. "
        "The deal was brokered by President Obama during a visit to Israel."
    )
    first, second = agreements(text)
    assert second.parties == first.parties


def test_a_buyer_is_a_party_of_a_sale():
    (claim,) = agreements("BP agreed to sell back its stake in TNK-BP to Rosneft in October.")
    assert claim.parties == ["BP", "Rosneft"]


def test_a_visit_is_no_party():
    text = (
        "Prime Minister Benjamin Netanyahu agreed with Prime Minister Recep Tayyip Erdogan to "
        "compensate the families. "
        "The deal was brokered by President Obama during a visit to Israel."
    )
    assert "Israel" not in agreements(text)[-1].parties
