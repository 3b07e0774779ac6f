"""Chunks within a token budget, on sentence or paragraph boundaries, overlapping, as offsets
into the whole document."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.chunking import chunk_by_tokens, chunk_text, estimate_tokens


def words(text: str) -> int:
    """A stand-in tokenizer: one token a word."""
    return max(1, len(text.split()))


PARAGRAPHS = "\n\n".join(
    " ".join(f"Sentence {p}.{s} has a few words in it." for s in range(12)) for p in range(30)
)


def test_a_short_text_is_one_chunk():
    assert [(c.start, c.end) for c in chunk_by_tokens("One. Two.", 300, 15)] == [(0, 9)]


@pytest.mark.parametrize("count", [estimate_tokens, words])
def test_every_chunk_is_within_the_budget_and_they_cover_the_text(count):
    chunks = chunk_by_tokens(PARAGRAPHS, 300, 15, count)
    assert len(chunks) > 1
    assert all(count(c.text(PARAGRAPHS)) <= 300 for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(PARAGRAPHS)
    for before, after in pairwise(chunks):
        assert after.start < before.end  # they overlap
        assert after.start > before.start
    assert [c.number for c in chunks] == list(range(1, len(chunks) + 1))
    assert {c.total for c in chunks} == {len(chunks)}


def test_chunks_end_on_sentence_or_paragraph_boundaries():
    for chunk in chunk_by_tokens(PARAGRAPHS, 300, 15, words)[:-1]:
        assert PARAGRAPHS[chunk.end - 1] == "." or PARAGRAPHS[chunk.end : chunk.end + 2] == "\n\n"


def test_a_denser_tokenizer_gives_more_chunks():
    def dense(text: str) -> int:
        return max(1, len(text) // 2)

    many = chunk_by_tokens(PARAGRAPHS, 300, 15, dense)
    assert len(many) > len(chunk_by_tokens(PARAGRAPHS, 300, 15, estimate_tokens))
    assert all(dense(c.text(PARAGRAPHS)) <= 300 for c in many)


def test_the_overlap_must_leave_room():
    with pytest.raises(ValueError):
        chunk_by_tokens(PARAGRAPHS, 100, 50)
    with pytest.raises(ValueError):
        chunk_text(PARAGRAPHS, 100, 50)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="ab .\n", min_size=1, max_size=3000), st.integers(60, 400))
def test_any_text_is_covered_within_budget(text, budget):
    chunks = chunk_by_tokens(text, budget, budget // 20, estimate_tokens)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    assert all(estimate_tokens(c.text(text)) <= budget for c in chunks)
    covered = 0
    for chunk in chunks:
        assert chunk.start <= covered  # no gap: every character is in some chunk
        covered = max(covered, chunk.end)
