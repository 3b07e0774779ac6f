"""pysbd, the sentence splitter ``segment`` uses, made fast without changing what it finds.

pysbd splits a paragraph by rewriting it with about a hundred regular-expression rules (each
turning the periods, quotes and parentheses it protects into placeholder characters), then
cutting at what is left. As it comes, it is slow on news for three reasons, each undone here
in a way that leaves its output the same, string for string:

- it compiles most of its patterns again in every call (``re`` keeps 512 and pysbd builds a few
  hundred per paragraph): here each is compiled once per process (``_PatternCache``);
- it runs every rule over every paragraph and sentence, though most find nothing: here a rule
  is skipped when the text lacks every string that each of its matches needs (read from the
  pattern itself, ``claimtrack.regex_shape.needs``), and a group of rules when it lacks all
  of theirs; a few slow rules first look for their period with a faster pattern
  (``_LOOKOUTS``);
- for each abbreviation of its list found in a line, it rewrites the line once per occurrence
  and finds the occurrences with a pattern of its own, for each of the 188 abbreviations
  (``_AbbreviationReplacer``: each pass once, and only for an abbreviation a period follows),
  and it looks for numbered and lettered lists with slow patterns in every paragraph
  (``_ListItemReplacer``: only where two items can be).

Everything here replaces pysbd's functions in its own modules, once (``segmenter``): pysbd
then runs its own code with these pieces in it. ``tests/test_pysbd_fast.py`` checks the
sentences against pysbd's own, run in a process of its own, on generated text, and the claims
about each piece; the sentences of the five dev sets' 20,289 paragraphs are pysbd's own too.
"""

from __future__ import annotations

import importlib
import re
import types
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.utils import Rule, Text, TextSpan

from claimtrack.regex_shape import needs

# For pysbd's patterns that a text holding the strings they need often still fails, and
# that are slow to fail: a pattern that finds something wherever the rule's does, found fast
# (it opens with a literal character, which ``re`` looks for before trying the rest). Each
# is checked against its rule by a property test.
_LOOKOUTS: dict[tuple[str, int], str] = {
    # "e.g." "U.S.": a letter, then ".", a letter, and "." again
    (English.MULTI_PERIOD_ABBREVIATION_REGEX, re.IGNORECASE): r"\.[^\s.]\.",
    # ". . . ." and " . . . ": a period, spaces, a period
    (English.EllipsisRules.ThreeSpaceRule.pattern, 0): r"\.\s\.",
    (English.EllipsisRules.FourSpaceRule.pattern, 0): r"\.\s\.",
    # a period (or one already protected) before a reference number or "[1]"
    (English.NUMBERED_REFERENCE_REGEX, 0): r"[.∯][\[\d]",
    # "a.b": a period between letters or digits
    (English.Abbreviation.WithMultiplePeriodsAndEmailRule.pattern, 0): r"\.[a-zA-Z0-9_]",
    # at the start of the line only: "1.", "12.", "A."
    (English.Numbers.StartLineNumberPeriodRule.pattern, 0): r"\A\d\.",
    (English.Numbers.StartLineTwoDigitNumberPeriodRule.pattern, 0): r"\A\d\d\.",
    (English.SingleLetterAbbreviationRules.SingleUpperCaseLetterAtStartOfLineRule.pattern, 0): (
        r"\A[A-Z]\."
    ),
    # the same as the rule's own look-behind, read from the period instead of before it
    (English.SingleLetterAbbreviationRules.SingleUpperCaseLetterRule.pattern, 0): (
        r"\.(?<=\s[A-Z]\.)"
    ),
    (English.Numbers.NumberAfterPeriodBeforeLetterRule.pattern, 0): r"\.(?<=\d\.)",
    (English.FileFormatRule.pattern, 0): r"\.(?<=\s\.)",
}


class _Gated:
    """A compiled pattern and what a text must hold for it to match."""

    __slots__ = ("lookout", "needs", "regex")

    def __init__(self, pattern: str | re.Pattern[str], flags: int) -> None:
        self.regex = re.compile(pattern, flags)
        self.needs = needs(self.regex.pattern, self.regex.flags) or ()
        lookout = _LOOKOUTS.get((self.regex.pattern, self.regex.flags & re.IGNORECASE))
        self.lookout = None if lookout is None else re.compile(lookout)

    def cannot_match(self, text: str) -> bool:
        if self.needs:
            for need in self.needs:
                if need in text:
                    break
            else:
                return True
        return self.lookout is not None and self.lookout.search(text) is None


# Enough for every pattern pysbd's English rules build: about 600 distinct ones over the
# PolNeAR dev articles (a few per abbreviation that occurs: "(?<=\sCorp)\.(?=...)", and the
# same with the case the text used), and a bounded set, since they come from its fixed list.
_PATTERN_CACHE_SIZE = 4096


@lru_cache(maxsize=_PATTERN_CACHE_SIZE)
def _compiled(pattern: str | re.Pattern[str], flags: int) -> _Gated:
    return _Gated(pattern, flags)


class _PatternCache(types.ModuleType):
    """Stands in for the ``re`` module inside pysbd's modules: a larger cache, and gates.

    pysbd calls ``re.sub(pattern_string, ...)`` with patterns it builds per abbreviation, a few
    hundred of them in every call, and ``re`` keeps only the last 512 compiled patterns (and
    drops the oldest first, however often it is used). Called once per paragraph, pysbd
    therefore compiled most of its patterns again in every call: 46% of the offline extractor's
    time on news. Here each pattern is compiled once per process (least recently used first out,
    beyond ``_PATTERN_CACHE_SIZE``), and not run at all on a text that lacks every character
    its matches need (``regex_shape.needs``); otherwise the functions are ``re``'s own.
    """

    def __init__(self) -> None:
        super().__init__("re")

    def __getattr__(self, name: str) -> Any:  # flags, escape, error: as ``re`` has them
        return getattr(re, name)

    @staticmethod
    def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
        return _compiled(pattern, flags).regex

    @staticmethod
    def sub(
        pattern: str | re.Pattern[str],
        repl: str | Callable[[re.Match[str]], str],
        string: str,
        count: int = 0,
        flags: int = 0,
    ) -> str:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return string
        return gated.regex.sub(repl, string, count)

    @staticmethod
    def search(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return None
        return gated.regex.search(string)

    @staticmethod
    def match(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> re.Match[str] | None:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return None
        return gated.regex.match(string)

    @staticmethod
    def findall(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> list[Any]:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return []
        return gated.regex.findall(string)

    @staticmethod
    def finditer(
        pattern: str | re.Pattern[str], string: str, flags: int = 0
    ) -> Iterator[re.Match[str]]:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return iter(())
        return gated.regex.finditer(string)

    @staticmethod
    def split(
        pattern: str | re.Pattern[str], string: str, maxsplit: int = 0, flags: int = 0
    ) -> list[str | Any]:
        gated = _compiled(pattern, flags)
        if gated.cannot_match(string):
            return [string]
        return gated.regex.split(string, maxsplit)


@lru_cache(maxsize=256)
def _group(rules: tuple[Rule, ...]) -> tuple[tuple[str, ...], tuple[tuple[_Gated, str], ...]]:
    """Each of ``rules`` compiled, and what a text must hold for any of them to match: their
    needs together (none known, an empty tuple, if one of them needs nothing known)."""
    gated = tuple((_compiled(rule.pattern, 0), rule.replacement) for rule in rules)
    together: set[str] = set()
    for pattern, _ in gated:
        if not pattern.needs:
            return (), gated
        together.update(pattern.needs)
    return tuple(sorted(together)), gated


def _apply(self: str, *rules: Rule) -> str:
    """pysbd's ``Text.apply`` (each rule's substitution in turn), skipped at once when the text
    holds nothing any of the rules needs: the ending symbols, placeholders and ellipsis rules
    run on every sentence and almost never match."""
    needs, gated = _group(rules)
    if needs:
        for need in needs:
            if need in self:
                break
        else:
            return self
    text = self
    for pattern, replacement in gated:
        if not pattern.cannot_match(text):
            text = pattern.regex.sub(replacement, text)
    return text


class _ListItemReplacer(ListItemReplacer):  # type: ignore[misc]
    """pysbd's lists ("a. … b. …", "1) … 2) …", "(iv)"), not looked for where none can be.

    pysbd marks a numbered or lettered list only when two of its items follow each other (1
    and 2, a and b, ix and x), and it looks for them with patterns of several look-behinds each,
    in every paragraph (a tenth of its time on news). Each of its four steps changes nothing
    unless the paragraph has at least two of the items that step looks for, or a character it
    replaces as it goes ("♨", "☝"); this skips a step that cannot have them (items with a
    parenthesis: no ")"; "a." items: fewer than two letters standing alone before a period;
    "1." items: fewer than two digits before a period and a space or ")").
    """

    def add_line_break(self) -> str:
        text: str = self.text
        if ")" in text or _two_or_more(_LETTER_ITEM, text, start=_LETTER_ITEM_AT_START):
            self.format_alphabetical_lists()
            self.format_roman_numeral_lists()
        if "♨" in self.text or (
            _two_or_more(_NUMBER_ITEM_LOOKOUT, self.text) and _two_or_more(_NUMBER_ITEM, self.text)
        ):
            self.format_numbered_list_with_periods()
        if ")" in self.text or "☝" in self.text:
            self.format_numbered_list_with_parens()
        result: str = self.text
        return result


# "a." standing alone: what pysbd's ALPHABETICAL_LIST_WITH_PERIODS finds (a letter at the
# start or after whitespace, before "."), with the whitespace; at the very start, on its own.
_LETTER_ITEM = re.compile(r"\s[a-z]\.")
_LETTER_ITEM_AT_START = re.compile(r"[a-z]\.")
# "1." and "12." items: one or two digits after whitespace, "-" or "⁃" (or at the start), then
# "." and whitespace or ")", as NUMBERED_LIST_REGEX_1 has them; and a looser pattern, faster
# to fail, that finds every one of them.
_NUMBER_ITEM = re.compile(r"(?<![^\s\-⁃])\d{1,2}\.(?=[\s)])")
_NUMBER_ITEM_LOOKOUT = re.compile(r"\d\.[\s)]")


def _two_or_more(pattern: re.Pattern[str], text: str, start: re.Pattern[str] | None = None) -> bool:
    """Whether ``pattern`` matches ``text`` twice or more (``start`` counting once more when
    it matches at the text's start)."""
    count = 0 if start is None or start.match(text) is None else 1
    for _ in pattern.finditer(text):
        count += 1
        if count >= 2:
            return True
    return False


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    """pysbd's segmenter, finding each sentence's offsets without a regular expression.

    pysbd finds where a sentence it produced lies in the paragraph by compiling
    ``re.escape(sentence) + r"\\s*"`` for every sentence (a pattern used once, which also
    pushed the rule patterns out of ``re``'s cache) and taking the first of the non-overlapping
    matches, scanned from the paragraph's start, that ends after the previous sentence. This
    does the same with ``str.find``: the same occurrences, in the same order, extended over the
    same whitespace (``\\s`` in a ``str`` pattern is ``str.isspace``).
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text: str = self.original_text
        if not all(sentences):  # pysbd's pattern for "" matches everywhere: its own way
            return list(super().sentences_with_char_spans(sentences))
        spans: list[TextSpan] = []
        prior_end = 0
        for sentence in sentences:
            found = _first_occurrence_after(text, sentence, prior_end)
            if found is not None:
                start, end = found
                spans.append(TextSpan(text[start:end], start, end))
                prior_end = end
        return spans


def _first_occurrence_after(text: str, sentence: str, prior_end: int) -> tuple[int, int] | None:
    """The first of the non-overlapping occurrences of ``sentence`` (with the whitespace after
    it), scanned from the start of ``text``, that ends after ``prior_end``."""
    position = 0
    while True:
        start = text.find(sentence, position)
        if start == -1:
            return None
        end = start + len(sentence)
        while end < len(text) and text[end].isspace():
            end += 1
        if end > prior_end:
            return start, end
        position = end


class _AbbreviationReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    """pysbd's English abbreviation rules, each replacement made once per line, and only for
    an abbreviation that a period follows somewhere in the line.

    For every abbreviation of its list (about 190) that it finds in a line, pysbd rewrites the
    whole line once per occurrence ("a" at the start of 40 words: 40 passes over the line),
    each pass turning the periods that follow that abbreviation in a given context into "∯".
    Such a pass only ever turns "." into "∯", and no pattern of pysbd's can match at a place
    because a "." near it became "∯" (the contexts they look at are whitespace, letters,
    digits and punctuation other than "∯"), so a pass made again with the same arguments
    changes nothing: this makes each distinct pass once, in pysbd's order, and the text comes
    out the same. And each pass's pattern is the abbreviation, as the line spells it, then a
    literal "."; in a line with no case oddity (``_CASE_ODDITIES``) the abbreviation as spelt
    lower-cases to the list's, so an abbreviation that is nowhere in the lower-cased line with
    a "." after it gets no pass: the abbreviations looked at are those that end just before one
    of the line's periods (``_before_periods``), not the whole list.
    """

    text: str  # the text being rewritten, as pysbd's replacer keeps it

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        if any(odd in text for odd in _CASE_ODDITIES):
            candidates = [a for a in _stripped_abbreviations(self.lang) if a in lowered]
        else:
            candidates = _before_periods(lowered, self.lang)
        done: set[tuple[str, bool]] = set()
        for stripped in candidates:
            found = _compiled(rf"(?:^|\s|\r|\n){stripped}", re.IGNORECASE).regex.findall(text)
            if not found:
                continue
            if "{" in text:  # the pattern pysbd wrote looks for "{abbreviation} "
                next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
                char_array = _compiled(next_word_start, 0).regex.findall(text)
            else:
                char_array = []
            for index, match in enumerate(found):
                char = char_array[index] if index < len(char_array) else ""
                key = (match, str(char).isupper())
                if key in done:
                    continue
                done.add(key)
                text = self.scan_for_replacements(text, match, index, char_array)
        return text

    def replace_abbreviation_as_sentence_boundary(self) -> str:
        """pysbd's, with its pattern (the same each time) written once."""
        starters: list[str] = self.SENTENCE_STARTERS
        self.text = _PatternCache.sub(_boundary_pattern(tuple(starters)), "\\1.", self.text)
        return self.text


@lru_cache(maxsize=4)
def _boundary_pattern(starters: tuple[str, ...]) -> str:
    """The pattern pysbd's ``replace_abbreviation_as_sentence_boundary`` writes ("U.S. The")."""
    looks = "|".join(rf"(?=\s{word}\s)" for word in starters)
    return rf"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({looks})"


# Letters that match an ASCII letter when case is ignored but do not lower-case to it alone
# (the Kelvin sign, the long s, dotted and dotless i): a line with one gets pysbd's full search.
_CASE_ODDITIES = ("\u212a", "\u017f", "\u0130", "\u0131")


@lru_cache(maxsize=4)
def _stripped_abbreviations(lang: Any) -> tuple[str, ...]:
    return tuple(abbreviation.strip() for abbreviation in lang.Abbreviation.ABBREVIATIONS)


@lru_cache(maxsize=4)
def _abbreviation_order(
    lang: Any,
) -> tuple[dict[str, int], frozenset[str], int, tuple[str, ...]]:
    """Each abbreviation of the list with its place in it; those made of letters only, and the
    longest of them; and the others ("u.s", "e.g"), whose "." pysbd's search reads as any
    character."""
    listed = _stripped_abbreviations(lang)
    order = {abbreviation: place for place, abbreviation in reversed(list(enumerate(listed)))}
    letters = frozenset(abbreviation for abbreviation in listed if abbreviation.isalpha())
    return order, letters, max(map(len, letters)), tuple(a for a in listed if not a.isalpha())


def _before_periods(lowered: str, lang: Any) -> list[str]:
    """The abbreviations pysbd's search can make a pass for in a line (lower-cased, with no
    case oddity), in the list's order.

    One made of letters only needs a "." right after it in the line: those that end just
    before one of its periods. One with a period inside ("u.s") is searched for with that
    period matching any character ("u s", "USS"), so it is taken whenever the line holds it,
    as pysbd takes it.
    """
    order, letters, longest, dotted = _abbreviation_order(lang)
    found: set[str] = set()
    period = lowered.find(".")
    while period != -1:
        for size in range(1, min(longest, period) + 1):
            if lowered[period - size : period] in letters:
                found.add(lowered[period - size : period])
        period = lowered.find(".", period + 1)
    found.update(abbreviation for abbreviation in dotted if abbreviation in lowered)
    return sorted(found, key=order.__getitem__)


# pysbd's modules that call ``re`` while segmenting (the others compile once, at import).
_PYSBD_MODULES = (
    "abbreviation_replacer",
    "between_punctuation",
    "cleaner",
    "exclamation_words",
    "lists_item_replacer",
    "processor",
    "punctuation_replacer",
    "segmenter",
    "utils",
)


@lru_cache(maxsize=1)
def segmenter() -> pysbd.Segmenter:
    """pysbd's English segmenter (offsets, no cleaning) with the pieces above put in."""
    cache = _PatternCache()
    for name in _PYSBD_MODULES:
        module = importlib.import_module(f"pysbd.{name}")
        if getattr(module, "re", None) is re:
            module.re = cache  # type: ignore[attr-defined]
    English.AbbreviationReplacer = _AbbreviationReplacer
    processor: Any = importlib.import_module("pysbd.processor")
    processor.ListItemReplacer = _ListItemReplacer
    Text.apply = _apply
    return _Segmenter(language="en", clean=False, char_span=True)
