"""claimtrack.offline.quotes.cues: the reporting verbs and the words around a speaker."""

import re

from claimtrack.offline.quotes.cues import _CUE, _DOCUMENTS, _READ, _TITLES_OF, CUES


def test_reporting_verbs_are_cues_in_any_form_and_nouns_are_not():
    assert _CUE.search("Doe said") and _CUE.search("…, adding that") and _CUE.search("he told")
    assert not _CUE.search("the United States")
    assert not _CUE.search("unsaid")


def test_the_cue_alternation_is_usable_in_other_patterns():
    assert re.fullmatch(CUES, "said")


def test_speaking_of_something_is_a_cue_speaking_alone_is_not():
    assert _CUE.search("The mayor spoke of the “long road ahead”")
    assert _CUE.search("She talked about a “new start”")
    assert not _CUE.search("As he spoke, the crowd went quiet for “a few seconds”")


def test_what_a_document_reads_and_titles_before_of():
    assert _CUE.search("the letter reads") and _CUE.search("the note read")
    assert {"read", "reads"} <= _READ
    assert "statement" in _DOCUMENTS and "release" in _DOCUMENTS
    assert "Secretary" in _TITLES_OF and "Doe" not in _TITLES_OF


def test_cue_words_grouped_by_letter_match_as_the_plain_list():
    from claimtrack.offline.quotes import cues

    words = sorted(cues._FINITE_WORDS | cues._PARTICIPLE_WORDS, key=lambda w: (-len(w), w))
    plain = re.compile(rf"(?<![\w’'\-])(?:{'|'.join((*cues._MULTIWORD, *words))})(?![\w’'\-])")
    # Every word, its prefixes and its extensions ("says", "say", "sayings"), in sentences.
    pieces = [f"{w} {w[:-1]} {w}s, {w}ing went on: {w}-{w} pointed out {w}." for w in words]
    text = " ".join(pieces)
    assert [(m.span(), m.group()) for m in _CUE.finditer(text)] == [
        (m.span(), m.group()) for m in plain.finditer(text)
    ]
