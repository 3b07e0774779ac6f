import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pristine_pysbd import pristine

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


def _pysbd_spans(paragraph):
    """pysbd's own sentence offsets (its regular-expression way of finding them)."""
    import pysbd

    return [
        (s.start, s.end)
        for s in pysbd.Segmenter(language="en", clean=False, char_span=True).segment(paragraph)
    ]


def _our_spans(paragraph):
    from claimtrack.pysbd_fast import segmenter

    return [(s.start, s.end) for s in segmenter().segment(paragraph)]


def test_offsets_are_pysbds_on_repeated_and_spaced_sentences(seed_text):
    texts = [
        "Yes. Yes. Yes.",
        "No!  No!\u00a0No.",
        "A. A. A. B. A.",
        "He said. \u2028He said.\x1c He said.",
        "Dr. Smith went to Washington, D.C. on Monday. He left.",
        "“It was hard,” he said. “It was hard.” It was.",
        *[p for p in seed_text.split("\n\n") if p.strip()],
    ]
    for text in texts:
        assert _our_spans(text) == _pysbd_spans(text)


@given(
    st.lists(
        st.sampled_from(["Yes.", "No!", "Dr.", "U.S.", "he said", "“Go,”", "Mr. Lee", " ", "  "]),
        max_size=12,
    )
)
def test_offsets_are_pysbds_on_generated_text(words):
    text = " ".join(words).strip()
    if text:
        assert _our_spans(text) == _pysbd_spans(text)


def _pysbd_sentences(paragraph):
    from claimtrack.segment import _trimmed

    spans = (_trimmed(paragraph, start, end) for start, end in _pysbd_spans(paragraph))
    return [(start, end) for start, end in spans if start < end]


def test_plain_paragraphs_are_split_without_pysbd_as_pysbd_splits_them():
    from claimtrack.segment import _plain_sentences

    plain = [
        "Trump spoke on Monday. Clinton answered.",
        "“We will win,” he said. The crowd cheered loudly?",
        "It's the campaign's plan.  Voters heard “it all.”",
        "Donald Trump",
        "He met Gen. Smith. They left.",  # a title's period is no break
        "It rose 3.5 percent. Then it fell.",
        "He said “we win.” Then he left. “Go,” she said.",
        "“We win,” Trump said. Was it true? Nobody knew.",
        'He said "we win." Then he left.',  # straight quotes as curly ones
        '"Go," she said. "We win." Voters heard "it all."',
        'They called it "great".',
    ]
    for paragraph in plain:
        assert _plain_sentences(paragraph) == _pysbd_sentences(paragraph)
    not_plain = [
        "The U.S. economy grew. Yes.",  # an abbreviation of several periods
        "World War II. Last week he left.",  # a capital before the break
        "No. Trump has money.",  # "No." is a number abbreviation
        "It was in the jan. Then it fell.",  # an abbreviation before a break
        "He said “we win” Then he left.",  # a quote before a capital
        "Listing his ventures she added, Trump is a failure.”",  # an unpaired quote
        "The plan (in part) works. Yes.",
        "in chapter viii. Then",
        '"yes" Go!',  # a capital after a quote: two sentences for pysbd (found by the test below)
        # after a closing quote pysbd splits only at one space and a capital
        "He said “we win.”  Then he left.",
        "It was “we win.” “Then he left.”",
        'It was "we win." "Then he left."',
        "He said “It “Go,” he said.”",  # a quotation inside another
        '"" "Yes."',  # an empty one
    ]
    for paragraph in not_plain:
        assert _plain_sentences(paragraph) is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "he",
                "said",
                "Trump",
                "It's",
                "plan.",
                "left.",
                "Gen.",
                "ii.",
                "No.",
                "Go!",
                "why?",
                "“Go,”",
                "“win.”",
                '"yes"',
                "'no'",
                "(so)",
                "U.S.",
                "3.5",
                "--",
                ";",
                " ",
                "  ",
            ]
        ),
        max_size=14,
    )
)
def test_plain_sentences_are_pysbds_on_generated_text(words):
    from claimtrack.segment import _plain_sentences

    text = " ".join(words).strip()
    found = _plain_sentences(text) if text else None
    if found is not None:
        assert found == _pysbd_sentences(text)


_PROTECTED_PERIOD = re.compile(r"(?<=\d)\.(?=\d)|(?<!\S)[A-Za-z]+\.(?=\s)")


def _masked(found):
    text = found.group()
    if text == ".":
        return "\0"
    from claimtrack.segment import _prepositive

    return text[:-1] + "\0" if text[:-1].lower() in _prepositive() else text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="MrSenGovx39٣ .\n\t\u00a0", max_size=30))
def test_protected_periods_are_those_the_pattern_finds(text):
    from claimtrack.segment import _protected

    assert _protected(text) == _PROTECTED_PERIOD.sub(_masked, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abZ .\n\u00a0é-", max_size=20), st.integers(0, 20), st.integers(0, 20))
def test_the_word_before_a_break_is_what_the_pattern_finds(text, position, end):
    from claimtrack.segment import _word_before

    position, end = min(position, len(text)), min(end, len(text))
    if position > end:
        position, end = end, position
    found = re.compile(r"(?:(?<=\s)|^)([A-Za-z]+)\Z").search(text, position, end)
    assert _word_before(text, position, end) == (found.group(1) if found else None)


# Pieces of plain paragraphs and of what makes one not plain, quotes of both kinds above all.
_PLAIN_PIECES = [
    "he", "said", "Trump", "It's", "plan.", "left.", "won.", "Gen.", "Go!", "why?", "“Go,”",
    "“win.”", "“Win.”", "“we", "win.”", '"yes"', '"Yes."', '"we', 'win."', 'Win."', '"Go,"', '"',
    "“", "”", '""', "“”", "3.5", "Then", "The", "A", "she", "it.", "it?", 'it?"', "it?”", 'it!"',
    '"It', "“It", "'no'", '"Why?"', 'so."', "so.”", "Mr.", "U.S.", "  ", "\u00a0",
]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2])
def test_plain_sentences_are_pristine_pysbds_on_generated_text(seed):
    from claimtrack.segment import _plain_sentences, _trimmed

    chosen = random.Random(seed)
    texts = []
    for _ in range(6000):
        text = " ".join(chosen.choice(_PLAIN_PIECES) for _ in range(chosen.randint(1, 12)))
        if text.strip() and _plain_sentences(text.strip()) is not None:
            texts.append(text.strip())
    assert len(texts) > 200
    for text, spans in zip(texts, pristine(texts), strict=True):
        expected = [_trimmed(text, start, end) for _, start, end in spans]
        assert _plain_sentences(text) == [(s, e) for s, e in expected if s < e], text
