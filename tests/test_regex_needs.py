import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.regex_needs import needs


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
    r"(?<=\sMr)\.(?=(\s|:\d+))", r"ab|c[de]", r"(x|yz)+w?", r"(?<=[ab])c{2,}", r"(?=ab)",
    r"a(?:b|)c", r"[a-c]{0,2}d", r"(?>ab|c)d", r"(a)(?P=1)?", r"\bab\b", r"(ab)*c",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PATTERNS), st.text(alphabet="abcdexyzwM. :1", max_size=20))
def test_a_pattern_matches_only_where_one_of_its_needs_is(pattern, text):
    found = needs(pattern)
    if found is not None and re.search(pattern, text):
        assert any(need in text for need in found)
