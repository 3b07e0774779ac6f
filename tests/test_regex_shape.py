import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.regex_shape import longest_match, needs, quick, start_lookahead


def test_needs_are_read_from_the_pattern():
    assert needs(r"(?<=a∯m)∯(?=\s[A-Z])") == ("a∯m",)  # a run of literals, the rarest part
    assert needs(r"\.(?='s\s)|\.(?='s$)") == ("'s",)  # each alternative's, together
    assert needs(r"(?<=\S)(!|\?){3,}") == ("!", "?")
    assert needs(r"[a-c]x*") == ("a", "b", "c")
    assert needs(r"[^a]x?") is None  # nothing is needed
    assert needs(r"abc", re.IGNORECASE) is None  # case-blind: not read
    assert needs(r"(?i:abc)d*") is None
    assert needs(r"(?!ab)c") == ("c",)  # what must not be there is no need


_PATTERNS = [
    r"(?<=\sMr)\.(?=(\s|:\d+))", r"ab|c[de]", r"(x|yz)+w?", r"(?<=[ab])c{2,}", r"(?=ab)c",
    r"a(?:b|)c", r"[a-c]{0,2}d", r"(?>ab|c)d", r"(a)\1?", r"\bab\b", r"(ab)*c", r"\Bb",
    r"(?i:\bthe\s+)(?P<d>ab|c)", r"\b(?:(?i:early|late)\s+)?M[a-z]*", r"(?<![\w’'])['’]\d\d\b",
    r"[^\W\d_]\w+", r"(?s:.)b", r".x|y", r"(?i)MAY|\d+", r"(?:\b[A-Z]{1,2})?[$€]\s?\d",
    r"(?:the\s+|['’]s\s+)big", r"(?=[a-z])\b(?:ab|c)",
    r"(?i)\b(?:sky|is|ink|Ski|kiss|sit|kit|Sin)\b",
    r"(?i:ab|Ac|b+?c|(?-i:A)x)", r"(?i)(?P<w>is|it)(?P=w)?", r"(?m)^ab$|c\Z", r"a*+b|(?>a|ab)c",
    r"(?i)[^a]s|k{2,3}?", r"(?s).b|a.", r"(?x) a b  # spaced", r"(?i)\bthe\s+(?:is|ski)\b",
]  # fmt: skip
_TEXT = st.text(alphabet="abcdeiksABCIKSMxyzw. :1'’$€\n_\u0130\u0131\u212a\u017f", max_size=24)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_PATTERNS), _TEXT)
def test_a_pattern_matches_only_where_one_of_its_needs_is(pattern, text):
    found = needs(pattern)
    if found is not None and re.search(pattern, text):
        assert any(need in text for need in found)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(_PATTERNS), _TEXT)
def test_a_quick_pattern_finds_what_the_pattern_finds(pattern, text):
    slow = re.compile(pattern)
    fast = quick(slow)
    assert [(m.span(), m.groups(), m.groupdict()) for m in fast.finditer(text)] == [
        (m.span(), m.groups(), m.groupdict()) for m in slow.finditer(text)
    ]
    assert fast.sub("#", text) == slow.sub("#", text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        # the other cases of i, k and s
        (r"(?i)\b(?:sky|ink|kin|is|sit|kit|sin|ski)\b", "\u017fky \u212aink \u0130nk \u0131s SK"),
        (r"a+?", "aaa"),  # lazy
        (r"a{2,3}?", "aaaa"),
        (r"a*+a", "aaa"),  # possessive: no match
        (r"(?>a|ab)c", "abc ac"),  # atomic
        (r"(?P<x>a)(?P=x)|(b)\2", "aa bb"),  # back-references
        (r"(?i)(?-i:A)b|c|d|e|f|g|h|j", "Ab ab AB c"),  # case kept inside
        # alternatives grouped by first letter, in stretches: the order at a position is kept
        (r"sa|b|s|say|says|\ws|c|d|e|sz|saying", "say says saying sz ss bs"),
        (r"(?i)sa|b|s|say|says|[a-z]s|c|d|e|sz|saying", "Say SAYS saying sZ ſs bs"),
        (r"\b(?:ab|ac|a|b(a)|bb|c|cc|d)\b", "ab ac a ba bb c cc d"),  # a group: not moved
    ],
)
def test_quick_patterns_find_what_the_pattern_finds_on_hard_cases(pattern, text):
    slow = re.compile(pattern)
    fast = quick(slow)
    assert fast.pattern != slow.pattern  # written again
    found = [(m.span(), m.groups()) for m in slow.finditer(text)]
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == found


def test_quick_patterns_of_the_offline_extractor_find_what_they_find(seed_text):
    import importlib

    modules = ["dates", "offline.events", "offline.names", "offline.agreements", "segment"]
    patterns = [
        value
        for module in modules
        for value in vars(importlib.import_module(f"claimtrack.{module}")).values()
        if isinstance(value, re.Pattern)
    ]
    texts = [seed_text, seed_text.upper(), seed_text.lower()]
    for pattern in patterns:
        fast = quick(pattern)
        for text in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
                (m.span(), m.groups()) for m in pattern.finditer(text)
            ], pattern.pattern


def test_where_a_match_can_start_is_read_from_the_pattern():
    assert start_lookahead(re.compile(r"\b(?:today|tomorrow)")) == "(?=\\b[t])"
    assert start_lookahead(re.compile(r"(?i:\bthe|\bthis)")) == "(?=\\b(?i:[t]))"
    assert start_lookahead(re.compile(r"(?:\b[A-Z]{1,2})?[$€]")) == "(?=\\b[A-Z]|[\\$€])"
    assert start_lookahead(re.compile(r"(?<!\w)['’]\d")) == "(?=['’])"
    assert start_lookahead(re.compile(r"a?")) is None  # matches nothing too: no start known
    assert start_lookahead(re.compile(r"(a)(?(1)b|c)")) == "(?=[a])"
    assert start_lookahead(re.compile(r"(a)?(?(1)b|c)")) is None  # not read here


def test_quick_keeps_groups_and_flags():
    pattern = re.compile(r"(?i)(?P<word>\bmay)\b", re.MULTILINE)
    fast = quick(pattern)
    assert fast is not pattern
    assert fast.groupindex == pattern.groupindex and fast.flags == pattern.flags
    assert fast.search("In MAY").group("word") == "MAY"
    verbose = re.compile("a  # a comment", re.VERBOSE)
    assert quick(verbose).findall("aaa") == ["a", "a", "a"]


@pytest.mark.parametrize(
    ("pattern", "longest"),
    [
        (r"abc", 3),
        (r"a|bcd", 3),
        (r"(?<=xy)a\b(?!z)", 4),  # the look-arounds read too
        (r"a\s+b", 2 + 19),  # runs of spaces are at most 19 long
        (r"\d+(?:\.\d+)?", 39 + 1 + 39),  # runs of word characters at most 39
        (r"a{2,5}", 5),
        (r"(?:ab){0,3}", 6),
    ],
)
def test_longest_match_is_read_from_the_pattern(pattern, longest):
    assert longest_match(re.compile(pattern), space_run=19, word_run=39) == longest


def test_longest_match_is_unknown_for_unbounded_repeats_of_anything_else():
    assert longest_match(re.compile(r"a.*b"), 19, 39) is None
    assert longest_match(re.compile(r"[\w-]+"), 19, 39) is None
    assert longest_match(re.compile(r"(a)\1"), 19, 39) is None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([r"\b\w+\s+\d+\b", r"(?:ab|c\s*)+d", r"[a-z]+(?:\s+[a-z]+){0,3}"]),
    st.lists(st.tuples(st.sampled_from(["ab", "c", "d", "12", "xyz"]), st.integers(0, 4))),
)
def test_no_match_is_longer_than_longest_match(pattern, pieces):
    text = "".join(word + " " * spaces for word, spaces in pieces)
    compiled = re.compile(pattern)
    word_run = max((len(run) for run in re.findall(r"\w+", text)), default=0)
    space_run = max((len(run) for run in re.findall(r"\s+", text)), default=0)
    bound = longest_match(compiled, space_run=space_run, word_run=word_run)
    if bound is None:
        return
    for match in compiled.finditer(text):
        assert match.end() - match.start() <= bound


def test_quick_groups_the_alternatives_of_a_list_by_first_letter():
    fast = quick(re.compile(r"\b(?:says|said|told|adds|added|asked|noted|warned)\b"))
    assert "s(?:ays|aid)" in fast.pattern and "a(?:dds|dded|sked)" in fast.pattern
    assert [m.group() for m in fast.finditer("he says, she added, they warned")] == [
        "says",
        "added",
        "warned",
    ]
