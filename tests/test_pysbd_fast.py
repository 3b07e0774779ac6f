import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pristine_pysbd import pristine
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer

from claimtrack.pysbd_fast import (
    _LOOKOUTS,
    _AbbreviationReplacer,
    _before_periods,
    _compiled,
    _ListItemReplacer,
    _stripped_abbreviations,
    segmenter,
)

# Pieces of news and of the things pysbd's rules look for: abbreviations in several cases,
# initials, lists, quotes of every kind, parentheses, ellipses, numbers, file names, the
# letters that match ASCII ones when case is ignored, and pysbd's own placeholder characters.
_PIECES = [
    "he", "said", "Trump", "the", "plan", "was", "It's", "left.", "won.", "I", "I'm", "A",
    "Mr.", "Mrs.", "Sen.", "Gen.", "Dr.", "St.", "Co.", "Corp.", "Inc.", "No.", "no.", "p.",
    "pp.", "Jan.", "Calif.", "is.", "me.", "man.", "U.S.", "u.s.", "U.S", "USS.", "e.g.",
    "i.e.", "Ph.D.", "a.m.", "p.m.", "A.M.", "P.M.", "J.", "J.R.R.", "A.", "a.", "b.", "c.",
    "i.", "ii.", "iv.", "1.", "2.", "3.", "10.", "11.", "1)", "2)", "a)", "b)", "(a)", "(b)",
    "(iv)", "(v)", "-1.", "⁃2.", "“Go,”", "“win.”", "“Why?”", "”", "“", '"yes"', '"no."',
    '"', "'no'", "'", "‘so’", "’", "«oui»", "(so)", "(in part.)", "[1]", "[2, 3]", ")", "(",
    "--", "—", "...", "....", ". . .", ". . . .", "…", "?", "!", "?!", "!!", "??", "!!!",
    "Yahoo!", "3.5", "2016.", "12.", "8.5%", "9:30", "45°.", ".jpg", ".pdf", "a@b.com",
    "x.y", ";", ":", ",", "&", "{Mr} x", "\n", "\r", "\t", "  ", "\u00a0", "\u212a", "\u017f",
    "\u0130", "\u0131", "∯", "♨", "☝", "ȸ", "&ᓴ&", "&⎋&", "ƪ", "。", "！", "？",
]  # fmt: skip


def _texts(count: int, seed: int) -> list[str]:
    chosen = random.Random(seed)
    texts = []
    for _ in range(count):
        words = [chosen.choice(_PIECES) for _ in range(chosen.randint(1, 24))]
        texts.append(" ".join(words).strip() or "x")
    return texts


def _ours(texts: list[str]) -> list[object]:
    out: list[object] = []
    for text in texts:
        try:
            out.append([[s.sent, s.start, s.end] for s in segmenter().segment(text)])
        except Exception as error:
            out.append(type(error).__name__)
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_sentences_are_pysbds_own_on_generated_text(seed):
    texts = _texts(1500, seed)
    assert _ours(texts) == pristine(texts)


def test_sentences_are_pysbds_own_on_the_seed(seed_text):
    texts = [p for p in seed_text.split("\n\n") if p.strip()]
    assert _ours(texts) == pristine(texts)


def _pysbd_patterns() -> list[tuple[str, int]]:
    """The patterns of pysbd's English rules and modules, as they are written."""
    import pysbd.abbreviation_replacer
    import pysbd.between_punctuation
    import pysbd.lists_item_replacer
    import pysbd.processor

    found: list[tuple[str, int]] = []

    def read(holder: object) -> None:
        for name in dir(holder):
            value = getattr(holder, name)
            if name.isupper() and isinstance(value, str) and name != "ROMAN_NUMERALS":
                found.append((value, 0))
            elif hasattr(value, "pattern") and hasattr(value, "replacement"):
                found.append((value.pattern, 0))
            elif isinstance(value, type) and value.__module__.startswith("pysbd.lang"):
                read(value)

    read(English)
    read(pysbd.between_punctuation.BetweenPunctuation)
    read(ListItemReplacer)
    found.append((English.MULTI_PERIOD_ABBREVIATION_REGEX, re.IGNORECASE))
    for abbreviation in ("Mr", "p", "Calif", "u\\.s"):
        found.append((rf"(?<=\s{abbreviation})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|\d|\())))", 0))
    return [(p, f) for p, f in found if p not in ("en", "ȸ")]


_ALPHABET = "aAbcsSUmMpPKiI1290 .,;:?!'\"“”‘’()[]-\n\r∯♨☝&ᓴ⎋°«»"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_a_pattern_matches_only_in_a_text_with_what_it_needs(text):
    for pattern, flags in _pysbd_patterns():
        gated = _compiled(pattern, flags)
        if re.search(pattern, text, flags) is not None:
            assert not gated.cannot_match(text), (pattern, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbeguUsSjpf1290 .,\t\n∯[]°", max_size=40))
def test_a_lookout_finds_something_wherever_its_rule_does(text):
    for (pattern, flags), lookout in _LOOKOUTS.items():
        if re.search(pattern, text, flags) is not None:
            assert re.search(lookout, text) is not None, (pattern, text)


_LOOKOUT_SAMPLES = [
    "the U.S. and e.g. this", "a . . . . b", "x . . . y", "word.12 Then", "word.[1] Then",
    "a.b", "1. First", "12. Twelve", "A. Smith", "met J. Smith", "in 3.x", "see .jpg files",
    "the .pdf copy", "the end. . . .",
]  # fmt: skip


@pytest.mark.parametrize(("rule", "lookout"), list(_LOOKOUTS.items()))
def test_a_lookout_finds_its_rule_on_samples(rule, lookout):
    pattern, flags = rule
    found = [text for text in _LOOKOUT_SAMPLES if re.search(pattern, text, flags)]
    assert found  # the rule has something to find here
    assert all(re.search(lookout, text) for text in found)


_LIST_PIECES = [
    "a.", "b.", "c.", "i.", "ii.", "iii.", "x.", "1.", "2.", "3.", "9.", "10.", "0.", "1)",
    "2)", "a)", "b)", "(a)", "(iv)", "-1.", "⁃2.", "for", "the", "word", ")", "♨", "☝", " ",
    "\r",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LIST_PIECES), max_size=10))
def test_lists_are_marked_as_pysbd_marks_them(words):
    text = " ".join(words)
    assert _ListItemReplacer(text).add_line_break() == ListItemReplacer(text).add_line_break()


@pytest.mark.parametrize(
    "text",
    ["a. b.", "x a. word b. word", "the i. the ii.", "1. one 2. two", "-1. one -2. two",
     "1) one 2) two", "(a) one (b) two", "a) one b) two", "(iv) one (v) two", "for 1. a 2. b",
     "a. ♨ b", "1☝ x", "a. only", "1. only", "in 2016. Then 2017. Then"],
)  # fmt: skip
def test_list_items_are_marked_as_pysbd_marks_them(text):
    for line in (text, text.replace(" ", "\r")):
        ours = _ListItemReplacer(line).add_line_break()
        assert ours == ListItemReplacer(line).add_line_break()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="adeginoprsuvxyz .", max_size=30))
def test_abbreviations_looked_at_are_those_a_pass_can_change(lowered):
    expected = [
        a for a in _stripped_abbreviations(English) if (a + "." if a.isalpha() else a) in lowered
    ]
    assert _before_periods(lowered, English) == expected


_ABBREVIATION_PIECES = [
    "Mr.", "mr.", "MR.", "Sen.", "p.", "P.", "pp.", "No.", "is.", "I", "he", "said", "Go",
    "U.S.", "u.s", "uss.", "USS.", "e.g.", "3", "(", ":4", ",", "Co.", "{Co} x", "\u017f",
    "\u212a", "\n", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ABBREVIATION_PIECES), max_size=12))
def test_abbreviation_passes_are_pysbds(words):
    text = " ".join(words)
    pysbds = _AbbreviationReplacer.__bases__[0]
    assert _AbbreviationReplacer(text, English).replace() == pysbds(text, English).replace()


def test_pysbds_patterns_are_compiled_once():
    from claimtrack.segment import sentences

    text = "Sen. Smith of Ala. and Gov. Jones of Calif. met Prof. Lee on Monday. They talked."
    sentences(text)
    misses = _compiled.cache_info().misses
    sentences(text)
    assert _compiled.cache_info().misses == misses
