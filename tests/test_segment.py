from hypothesis import given
from hypothesis import strategies as st

from claimtrack.segment import paragraphs, sentences


def test_sentences_are_exact_offsets_and_headlines_stand_alone():
    text = "Kishida in Kiev\n\nDr. Smith arrived in the U.S. on Monday. He left.  \n\nEnd."
    found = [s.text(text) for s in sentences(text)]
    assert found == [
        "Kishida in Kiev",
        "Dr. Smith arrived in the U.S. on Monday.",
        "He left.",
        "End.",
    ]
    assert [s.paragraph for s in sentences(text)] == [0, 1, 1, 2]


def test_seed_sentences_map_back(seed_text):
    for sentence in sentences(seed_text):
        body = sentence.text(seed_text)
        assert body == body.strip() and body


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=200))
def test_paragraphs_cover_all_non_blank_text(text):
    kept = "".join(text[s:e] for s, e in paragraphs(text))
    assert "".join(kept.split()) == "".join(text.split())


def test_a_huge_paragraph_is_cut_into_pieces():
    text = ("word " * 10_000).strip()
    pieces = paragraphs(text)
    assert len(pieces) > 1
    assert all(e - s <= 20_000 for s, e in pieces)
