"""claimtrack.offline.quotes.tokens: words with offsets, and the walk back to a subject."""

from claimtrack.offline.quotes.tokens import _is_punctuation, _tokens


def test_tokens_carry_offsets_into_the_text():
    text = "“No,” said Sen. Lindsey Graham, R-S.C."
    tokens = _tokens(text, 5, len(text))
    assert [t.text for t in tokens][:4] == ["said", "Sen.", "Lindsey", "Graham"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[2].capitalised and not tokens[0].capitalised


def test_punctuation_tokens():
    tokens = _tokens("Doe, ‘a’ & co.", 0, 14)
    assert [t.text for t in tokens if _is_punctuation(t)] == [",", "‘"]


def test_a_title_with_of_is_not_skipped_as_a_phrase_between_subject_and_verb():
    from claimtrack.offline.quotes.tokens import _skip_back

    titled = "Secretary of State Jane Doe"
    tokens = _tokens(titled, 0, len(titled))
    assert _skip_back(tokens, len(tokens) - 1) == len(tokens) - 1
    located = "Jane Doe of UNICEF"
    tokens = _tokens(located, 0, len(located))
    assert tokens[_skip_back(tokens, len(tokens) - 1)].text == "Doe"
