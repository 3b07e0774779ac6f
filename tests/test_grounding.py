"""Grounding: the kinds of copy a model makes, the honesty rules, and the offset mapping."""

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimtrack.grounding import check_claim, check_span, ground, is_faithful
from claimtrack.records import Span, StatementClaim

TEXT = (
    "His March 21 stop in Bucha, where he declared he was “outraged by the cruelty” of  Russian\n"
    "soldiers — highlighted the accusation. Then on March 22, it fired 3 cruise missiles.\n\n"
    "The ﬁnal report, published in 2011, cost $4.5 million."
)


def found(excerpt, **kwargs):
    g = ground(TEXT, excerpt, **kwargs)
    return g and (g.method, TEXT[g.start : g.end])


def test_exact():
    g = ground(TEXT, "outraged by the cruelty")
    assert (g.method, g.exact, g.score) == ("exact", True, 1.0)
    assert TEXT[g.start : g.end] == "outraged by the cruelty"


def test_harmless_differences_are_normalized_with_full_score():
    excerpt = 'He declared he was "Outraged by the cruelty" of Russian soldiers - highlighted'
    g = ground(TEXT, excerpt)
    assert (g.method, g.exact, g.score) == ("normalized", False, 1.0)
    assert TEXT[g.start : g.end].startswith("he declared") and g.end < TEXT.index("the accusation")


def test_edge_punctuation_and_compatibility_forms():
    # A ligature in the text, a lower-case first letter and a final full stop in the copy.
    assert found("the final report, published in 2011.") == (
        "normalized",
        "The ﬁnal report, published in 2011",
    )
    # A minus sign or a currency is part of the number, not edge punctuation.
    assert found("-$4.5 million") is None


def test_elided_excerpts_report_their_pieces():
    for mark in ("...", "…", "[...]", " [ … ] "):
        g = ground(TEXT, f"His March 21 stop in Bucha{mark}highlighted the accusation")
        assert g.method == "elided" and g.score == 1.0
        assert TEXT[g.start : g.end].startswith("His March 21") and TEXT[g.end - 10 : g.end] == (
            "accusation"
        )
        assert [TEXT[s:e] for s, e in g.pieces] == [
            "His March 21 stop in Bucha",
            "highlighted the accusation",
        ]


def test_small_slips_are_fuzzy_and_still_faithful():
    g = ground(TEXT, "where he declard he was outraged by the crulety of Russian soldiers")
    assert g.method == "fuzzy" and 0.9 <= g.score < 1.0 and not g.discrepancies
    assert is_faithful(g)
    assert TEXT[g.start : g.end].startswith("where he declared")


def test_changed_number_date_or_name_is_never_exact():
    for altered, changed in [
        ("Then on March 23, it fired 3 cruise missiles.", "23"),
        ("Then on March 22, it fired 5 cruise missiles.", "5"),
        ("His March 21 stop in Kyiv, where he declared he was", "Kyiv"),
        ("The final report, published in 2012, cost $4.5 million.", "2012"),
    ]:
        g = ground(TEXT, altered)
        assert g is None or (not g.exact and g.score < 1.0 and changed in g.discrepancies)
        assert not is_faithful(g)


def test_fabrications_and_prefixes_are_not_found():
    assert ground(TEXT, "Kishida ate forty apples in Bucha and was very happy.") is None
    assert (
        ground(
            TEXT,
            "Then on March 22, it fired 3 cruise missiles at the moon and Mars, "
            "officials in Paris said on Friday.",
        )
        is None
    )
    assert ground(TEXT, "   ") is None


def test_near_picks_the_closest_of_equal_occurrences():
    text = "a b c. a b c. a b c."
    assert ground(text, "a b c", near=8).start == 7
    assert ground(text, "A B C", near=15).start == 14
    assert ground(text, "a b c").start == 0


def test_answers_do_not_depend_on_other_excerpts():
    first = ground(TEXT, "he declared he was outraged")
    ground(TEXT, "3 cruise missiles")
    ground("another text entirely", "another")
    assert ground(TEXT, "he declared he was outraged") == first


def test_check_span_relocates_or_marks_ungrounded():
    moved = check_span(TEXT, Span(start=0, end=5, text="Bucha"))
    assert TEXT[moved.start : moved.end] == "Bucha" and moved.grounding == "exact"
    missing = check_span(TEXT, Span(start=3, end=8, text="Kyiv!"))
    assert (missing.grounding, missing.score, missing.text, missing.claimed) == (
        "ungrounded",
        0.0,
        "",
        "Kyiv!",
    )
    assert missing.start == missing.end == 3


def test_check_claim_keeps_a_correct_claim_as_is():
    claim = StatementClaim(claim="c", confidence=0.5, spans={"evidence": Span.of(TEXT, 0, 7)})
    assert check_claim(TEXT, claim) is claim


# -- properties: harmless distortions always find the passage ---------------------------------

WORDS = st.text(alphabet=st.sampled_from("abcdeéfgxyzABCQ0123"), min_size=1, max_size=8)
SEPARATORS = st.sampled_from([" ", "  ", "\n", " — ", ", ", " “", "” ", "'s ", " - ", "\t"])


@st.composite
def documents(draw):
    words = draw(st.lists(WORDS, min_size=3, max_size=60))
    separators = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators, strict=True))


def distort(passage, draw):
    out = passage
    if draw(st.booleans()):
        out = re.sub(r"\s+", " ", out)
    if draw(st.booleans()):
        out = out.replace("“", '"').replace("”", '"').replace("’", "'")
    if draw(st.booleans()):
        out = out.replace("—", "-").replace("–", "-")
    if draw(st.booleans()) and out:
        out = out[0].swapcase() + out[1:]
    if draw(st.booleans()):
        out = out.rstrip(".,;:!? ")
    return out


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_harmlessly_distorted_substring_grounds_to_its_own_span(data):
    text = data.draw(documents())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = text[start:end]
    core = passage.strip(" \t\n.,;:!?\"'“”’()")
    assume(len(core) >= 3 and any(c.isalnum() for c in core))
    excerpt = distort(passage, data.draw)
    g = ground(text, excerpt)
    assert g is not None and g.score == 1.0 and g.method in ("exact", "normalized")
    found = text[g.start : g.end]
    # The passage itself, or an occurrence that reads the same once folded.
    from claimtrack.grounding import _fold_excerpt

    assert _fold_excerpt(found) == _fold_excerpt(excerpt)
    if g.method == "exact":
        assert found == excerpt


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(0, 10_000))
def test_offsets_always_point_into_the_original_text(text, seed):
    words = re.findall(r"\w+", text)
    assume(words)
    excerpt = " ".join(words[seed % len(words) :][:3]).upper()
    g = ground(text, excerpt)
    if g is not None:
        assert 0 <= g.start < g.end <= len(text)
        assert text[g.start].isalnum() and text[g.end - 1].isalnum()
