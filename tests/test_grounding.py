from claimtrack.grounding import check_claim, check_span, ground
from claimtrack.records import Span, StatementClaim

TEXT = "He said it was “outraged by the cruelty” of  Russian\nsoldiers — in Bucha."


def test_exact():
    g = ground(TEXT, "outraged by the cruelty")
    assert (g.method, g.exact, TEXT[g.start : g.end]) == ("exact", True, "outraged by the cruelty")


def test_normalized_quotes_dashes_whitespace_case():
    g = ground(TEXT, '"Outraged by the cruelty" of Russian soldiers - in Bucha')
    assert g is not None and g.method == "normalized" and not g.exact
    # Edge quotation marks are not part of the passage: the span starts at the first word.
    assert TEXT[g.start : g.end] == "outraged by the cruelty” of  Russian\nsoldiers — in Bucha"


def test_not_in_the_text():
    assert ground(TEXT, "pleased by the kindness") is None
    assert ground(TEXT, "   ") is None


def test_near_picks_the_closest_occurrence():
    text = "a b a b a b"
    assert ground(text, "a b", near=7).start == 8
    assert ground(text, "a b").start == 0


def test_check_span_relocates_or_marks_ungrounded():
    moved = check_span(TEXT, Span(start=0, end=5, text="Bucha"))
    assert TEXT[moved.start : moved.end] == "Bucha" and moved.grounding == "exact"
    missing = check_span(TEXT, Span(start=0, end=5, text="Kyiv!"))
    assert missing.grounding == "ungrounded" and missing.score == 0.0
    assert TEXT[missing.start : missing.end] == missing.text


def test_check_claim_keeps_a_correct_claim_as_is():
    claim = StatementClaim(claim="c", confidence=0.5, spans={"evidence": Span.of(TEXT, 0, 7)})
    assert check_claim(TEXT, claim) is claim
