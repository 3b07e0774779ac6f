"""claimtrack.offline.quotes.cues: the reporting verbs and the words around a speaker."""

import re

from claimtrack.offline.quotes.cues import _CUE, CUES


def test_reporting_verbs_are_cues_in_any_form_and_nouns_are_not():
    assert _CUE.search("Doe said") and _CUE.search("…, adding that") and _CUE.search("he told")
    assert not _CUE.search("the United States")
    assert not _CUE.search("unsaid")


def test_the_cue_alternation_is_usable_in_other_patterns():
    assert re.fullmatch(CUES, "said")
