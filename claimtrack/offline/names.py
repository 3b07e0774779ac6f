"""Proper names in a document — people, places, organisations — and what a pronoun refers to.

The offline extractor has no trained named-entity model (none can be downloaded at run time
here), so names are capitalised word runs, typed by cues a reader would use: a title before
them ("President", "Dr."), a reporting verb after them, a country list (pycountry), and
organisation words ("Court", "Ministry"). A pronoun is resolved to the most *salient* person
before it: mentioned often, recently, and as a subject — which is how "he" in a paragraph about
Kishida stays Kishida even when the previous sentence mentions Xi's trip in passing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import pycountry

from claimtrack.regex_shape import quick

NameKind = Literal["person", "place", "organization", "other"]

_TITLES = (
    r"(?:President|Vice\s+President|Prime\s+Minister|Foreign\s+Minister|Defense\s+Minister"
    r"|Finance\s+Minister|Minister|Secretary(?:\s+of\s+State)?|Chancellor|King|Queen|Prince"
    r"|Princess|Pope|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.|Professor|Sen\.|Senator|Rep\.|Representative"
    r"|Gov\.|Governor|Gen\.|General|Lt\.|Col\.|Adm\.|Admiral|Judge|Justice|Mayor|Chairman"
    r"|Chairwoman|Chief\s+Executive|Ambassador|Premier|Speaker|Lord|Lady|Sir|Dame|Bishop"
    r"|Archbishop|Rev\.|Coach|Detective|Officer|Sgt\.|Capt\.|Captain|Commissioner|Director"
    r"|Majority\s+Leader|Minority\s+Leader|Leader|Del\.|Delegate|Attorney\s+General)"
)
# The lower-case roles of _TITLE_BEFORE (matched anywhere, "chief" in "mischief" too); every
# other title it knows holds a capital.
_LOWER_CASE_ROLES = (
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "official",
    "analyst",
    "professor",
    "director",
    "minister",
    "president",
)
_TITLE_BEFORE = quick(
    re.compile(
        rf"(?:\b{_TITLES}|(?:\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+)?(?:President|Prime\s+Minister"
        rf"|Minister|CEO|{'|'.join(_LOWER_CASE_ROLES)}))\s+$"
    )
)
_TITLE_PREFIX = re.compile(rf"^{_TITLES}\s+")
_ORG_WORDS = frozenset(
    """
    court council ministry department agency bank party union organization organisation
    association company corp corp. inc inc. ltd university committee commission army navy forces
    force government group fund institute congress senate parliament house office administration
    service police times news post journal reuters press network foundation center centre board
    authority alliance federation league church school college hospital nato un eu g7 g20 who
    imf opec cdc fbi cia pentagon kremlin white exchange airlines motors systems technologies
    dprk
    """.split()
)
_PLACE_WORDS = frozenset(
    """
    city county state province region island islands sea ocean river mountains valley coast
    street avenue square asia europe africa america americas east west north south middle
    pacific atlantic gulf moscow tokyo kiev kyiv beijing washington london paris berlin seoul
    hiroshima bucha brussels geneva jerusalem gaza baghdad tehran new york los angeles hong kong
    taipei
    """.split()
)
# Capitalised words that begin sentences or name no one.
_NOT_NAMES = frozenset(
    """
    the a an in on at but and or if when while as it its he she they we i you his her their our
    this that these those there here then so yet still also after before since for from to of
    with by about most more many some each every all both no not what who why how where which
    speaking aside read contact leave however meanwhile last next monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december images even only just one two three first other another such my
    your mr mrs ms dr world war ii according despite although because during until under over
    than did does do is was are were will would could should can has have had be been let please
    thank thanks yes oh well editor now today yesterday tomorrow instead indeed perhaps
    """.split()
)
_DEMONYM_STEMS = re.compile(
    r"^(?:American|British|Chinese|Japanese|Korean|South\s+Korean|North\s+Korean|Russian"
    r"|Ukrainian|French|German|Italian|Spanish|Indian|Iranian|Iraqi|Israeli|Palestinian"
    r"|Syrian|Turkish|Canadian|Mexican|Brazilian|Australian|European|Western|Eastern"
    r"|Asian|African|Arab|Saudi|Egyptian|Pakistani|Afghan|Taiwanese|Vietnamese|Polish"
    r"|Dutch|Swedish|Greek|Cypriot|Irish|Scottish|Welsh|English|Chinese-sponsored|Russian-)$"
)
_WORD = r"[A-Z][\w’'.\-]*[\w.]|[A-Z]"
# A run of capitalised words, with the particles names carry ("Ludwig van Beethoven"), also
# joined by a hyphen ("Bashar al-Assad", "Ahmed Maher el-Sayed").
_NAME_RUN = quick(
    re.compile(
        rf"(?<![\w’'])(?:{_WORD})(?:(?:[ \t]+|[ \t]+(?:of|de|da|del|la|le|van|von|der|bin|al|el|du)"
        rf"[ \t]+|[ \t]+(?:al|el|ul|bin|ibn|abu|ben|de|di|du|da|le|la)-)(?:{_WORD}))*"
    )
)
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z][a-z]{0,2}\.$|^(?:Prof|Capt|Sept|Corp)\.$")
_TITLE_INSIDE = re.compile(rf"\b{_TITLES}[ \t]+(?=[A-Z])")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_POSSESSIVE_WORD = re.compile(r"\w(?:’s|'s|s’|s')$")
_NON_SPACE = re.compile(r"\S+")
_WORD_BREAK = re.compile(r"[\s-]")


@dataclass(frozen=True)
class Name:
    """A name at ``[start, end)`` of the text; ``kind`` is our best reading of what it names."""

    start: int
    end: int
    text: str
    kind: NameKind
    possessive: bool = False


_COMMON_COUNTRY_NAMES = (
    "russia",
    "south korea",
    "north korea",
    "iran",
    "syria",
    "taiwan",
    "vietnam",
    "laos",
    "bolivia",
    "venezuela",
    "tanzania",
    "moldova",
    "britain",
    "great britain",
    "uk",
    "u.k.",
    "us",
    "u.s.",
    "usa",
    "united states",
    "america",
    "europe",
    "czech republic",
    "ivory coast",
    "the netherlands",
    "palestine",
    "kosovo",
    "east asia",
    "the west",
    "west bank",
    "dprk",
    "prc",
    "hong kong",
    "turkey",
    "czechia",
    "bosnia",
    "congo",
    "the gambia",
    "micronesia",
)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names.add(value.lower())
    # Common names that pycountry spells otherwise ("Korea, Republic of", "Türkiye").
    names |= set(_COMMON_COUNTRY_NAMES)
    return frozenset(names)


def is_country(name: str) -> bool:
    lowered = name.lower()
    return lowered in _countries() or lowered.removeprefix("the ") in _countries()


def _classify(text: str, before: str, after: str) -> NameKind:
    lowered = text.lower()
    words = lowered.replace(".", "").split()
    if lowered in _countries() or lowered.removeprefix("the ") in _countries():
        return "place"
    if _title_before(before) or _TITLE_PREFIX.match(text):
        return "person"
    if any(w in _ORG_WORDS for w in words) or (text.isupper() and len(text) > 1):
        return "organization"
    if any(w in _PLACE_WORDS for w in words):
        return "place"
    if len(words) >= 2:
        return "person"
    return "other"


def _title_before(before: str) -> bool:
    """Whether ``before`` ends with a title and a space ("Prime Minister ", "the spokesman ").

    ``_TITLE_BEFORE`` is tried at every place of ``before`` where a title can start, so it is
    only tried where it can match: a match ends with its title's last word and spaces, so the
    last word of ``before`` then holds a capital or ends with a lower-case role.
    """
    stripped = before.rstrip()
    if len(stripped) == len(before) or not stripped:
        return False  # no space at the end
    last = stripped.rsplit(None, 1)[-1]
    if last.islower() and not last.endswith(_LOWER_CASE_ROLES):
        return False
    return _TITLE_BEFORE.search(before) is not None


def find_names(text: str) -> list[Name]:
    """Every proper name in ``text`` in order, typed, with single-word repeats of known people.

    A surname or given name on its own ("Kishida") is a person when it is part of a person's
    name already seen; the first full mention gives it its kind.
    """
    raw: list[Name] = []
    for start, end in _runs(text):
        value = text[start:end]
        # A title inside a run starts the person's name: "Japanese Prime Minister Kishida Fumio".
        # (a title needs a space or tab after it: a run of one word has none)
        titles = list(_TITLE_INSIDE.finditer(value)) if " " in value or "\t" in value else []
        inside = titles[-1] if titles else None
        if inside is not None and inside.start() > 0:
            start += inside.end()
            value = text[start:end]
        # Drop leading words that begin sentences but name nothing ("The", "Kishida" stays).
        words = value.split()
        while words and _plain(words[0]) in _NOT_NAMES:
            start += len(words[0])
            rest = text[start:end]
            start += len(rest) - len(rest.lstrip())
            words = words[1:]
        while words and _plain(words[-1]) in _NOT_NAMES:
            end = text.rfind(words[-1], start, end)
            end = len(text[:end].rstrip())
            words = words[:-1]
        if not words:
            continue
        value = text[start:end]
        possessive = bool(_POSSESSIVE.search(value))
        # "Sanders’ campaign": the apostrophe after a final s is not part of the run.
        after = text[end : end + 2]
        if value.endswith("s") and after[:1] in ("’", "'") and not after[1:].isalnum():
            possessive = True
        if possessive:
            value = _POSSESSIVE.sub("", value)
            end = start + len(value)
        value = value.rstrip(".")
        end = start + len(value)
        if not value or len(value) < 2 or _is_adjective(value):
            continue
        kind = _classify(value, text[max(0, start - 40) : start], text[end : end + 30])
        raw.append(Name(start, end, value, kind, possessive))
    # Single words that repeat part of a person's name are that person, wherever they stand.
    person_parts = {
        part
        for name in raw
        if name.kind == "person"
        for part in _TITLE_PREFIX.sub("", name.text).split()
        if len(part) > 1
    }
    out: list[Name] = []
    for name in raw:
        parts = name.text.split()
        if name.kind == "other" and len(parts) == 1 and parts[0] in person_parts:
            name = Name(name.start, name.end, name.text, "person", name.possessive)
        out.append(name)
    return out


def _plain(word: str) -> str:
    return _POSSESSIVE.sub("", word).lower().strip(".’'")


def _is_adjective(value: str) -> bool:
    """Demonyms and compounds of them ("US-South Korean", "Japanese") describe, not name.

    Beyond the listed demonyms, a word ending like one ("Nigerian", "Congolese") is taken for
    one when it stands alone or after a qualifier ("Costa Rican"), and is not a given name:
    "Howard Dean" and "Brian" name people.
    """
    words = _WORD_BREAK.split(value)
    last = words[-1]
    if _DEMONYM_STEMS.match(value) or _DEMONYM_STEMS.match(last):
        return True
    if not last.endswith(("ean", "ese", "ian")) or value.lower() in _countries():
        return False
    if last in _GIVEN_NAMES_LIKE_DEMONYMS:
        return False
    return all(word in _DEMONYM_QUALIFIERS for word in words[:-1])


# Given names that end like a demonym.
_GIVEN_NAMES_LIKE_DEMONYMS = frozenset(
    "Dean Sean Jean Brian Ian Christian Julian Adrian Vivian Lillian Gillian Jillian Sebastian "
    "Damian Fabian Marian Florian Kilian Killian Dorian Lucian Cassian Maximilian Vivien".split()
)
_DEMONYM_QUALIFIERS = frozenset(
    "North South East West Central Northern Southern Eastern Western Saudi Costa Puerto Sri "
    "New Latin Papua US U.S. Sino Anglo Afro Indo Euro Pan".split()
)


def _runs(text: str) -> list[tuple[int, int]]:
    """Capitalised word runs, cut after a word that ends a sentence ("Putin." but not "U.S.")
    and after a possessive ("Trump’s Virginia director" is Trump's, then Virginia)."""
    spans: list[tuple[int, int]] = []
    for match in _NAME_RUN.finditer(text):
        start = match.start()
        run = match.group(0)
        if "." not in run and "'" not in run and "’" not in run:
            # no word in it ends a sentence or is a possessive: the run is one name's
            if start < match.end():
                spans.append((start, match.end()))
            continue
        for word in _NON_SPACE.finditer(run):
            token = word.group(0)
            ends_sentence = token.endswith(".") and not _ABBREVIATION.match(token)
            possessive = word.end() < len(match.group(0)) and _POSSESSIVE_WORD.search(token)
            if ends_sentence or possessive:
                end = match.start() + word.end()
                spans.append((start, end))
                rest = re.search(r"\S", text[end : match.end()])
                start = end + rest.start() if rest else match.end()
        if start < match.end():
            spans.append((start, match.end()))
    return spans


def bare_name(name: str) -> str:
    """The name without a leading title: "Prime Minister Kishida Fumio" → "Kishida Fumio"."""
    return _TITLE_PREFIX.sub("", name).strip()


_SAID_BEFORE = re.compile(r"(?:said|says|told|according\s+to)\s+(?:[A-Z][\w.]*\s+)?$")
_VERB_AFTER = re.compile(
    r"^(?:,[^,]{1,80},)?\s+(?:(?:also|then|later|has|had|have|was|is|did|does|will|would|not)\s+)*"
    r"(?:[a-z]+ed|said|says|told|met|went|made|took|gave|wrote|spoke|saw|won|lost|did|has|had"
    r"|was|is|will|would|can|could)\b"
)
# The most text a pronoun's antecedent is looked for in (six sentences of news are ~1,000).
_WINDOW_CHARACTERS = 4000
_PERSONAL = quick(re.compile(r"(?<![\w’'])(he|she|He|She)(?![\w’'])"))


@dataclass
class Resolver:
    """Finds what a pronoun at a position refers to, from the names and pronouns before it.

    A pronoun already resolved counts as a mention of its person, so a paragraph that keeps
    saying "he" keeps its person salient.
    """

    text: str
    names: list[Name]
    sentence_starts: list[int]
    quoted: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._memo: dict[int, Name | None] = {}
        self._weights: dict[tuple[int, int, bool], float] = {}
        self._starts = [n.start for n in self.names]
        self._quote_starts = [start for start, _ in self.quoted]
        self.canonical = Canonical(self.names)
        self._pronouns = [m.start() for m in _PERSONAL.finditer(self.text)]

    def sentence_index(self, position: int) -> int:
        return max(0, bisect_right(self.sentence_starts, position) - 1)

    def _weight(self, start: int, end: int, possessive: bool) -> float:
        """How much a mention makes its referent salient: most as a subject (worked out once
        per mention: every pronoun after it weighs it again)."""
        key = (start, end, possessive)
        if key not in self._weights:
            self._weights[key] = self._weighed(start, end, possessive)
        return self._weights[key]

    def _weighed(self, start: int, end: int, possessive: bool) -> float:
        sentence_start = self.sentence_starts[self.sentence_index(start)]
        lead = self.text[sentence_start:start]
        after = self.text[end : end + 40]
        is_subject = (
            len(lead.split()) <= 3
            or bool(_SAID_BEFORE.search(lead))
            or bool(_VERB_AFTER.match(after))
        )
        return (1.0 if is_subject else 0.35) * (0.5 if possessive else 1.0)

    def _in_quote(self, position: int) -> bool:
        index = bisect_right(self._quote_starts, position) - 1
        return index >= 0 and position < self.quoted[index][1]

    def antecedent(self, position: int, kind: NameKind = "person", window: int = 6) -> Name | None:
        """The most salient name of ``kind`` in the ``window`` sentences up to ``position``."""
        if kind == "person" and position in self._memo:
            return self._memo[position]
        here = self.sentence_index(position)
        if kind == "person":
            # Centering: the subject of this sentence (before the pronoun) or of the one before
            # is what a pronoun most often continues.
            for index in (here, here - 1):
                subject = self.subject_of_sentence(index, before=position)
                if subject is not None and subject.kind == "person":
                    self._memo[position] = subject
                    return subject
        scores: dict[str, float] = {}
        best_mention: dict[str, Name] = {}

        def count(name: Name, at: int, weight: float) -> None:
            distance = here - self.sentence_index(at)
            if distance > window:
                return
            key = self.canonical(name.text)
            scores[key] = scores.get(key, 0.0) + weight * (0.5**distance)
            best_mention.setdefault(key, name)
            if len(name.text) >= len(best_mention[key].text):
                best_mention[key] = name

        floor = self.sentence_starts[max(0, here - window)] if self.sentence_starts else 0
        # The window is also bounded in characters: six "sentences" of a text without full
        # stops can hold thousands of pronouns, each weighed again for every later one.
        floor = max(floor, position - _WINDOW_CHARACTERS)
        first = bisect_left(self._starts, floor)
        for name in self.names[first:]:
            if name.start >= position:
                break
            if name.kind == kind and not self._in_quote(name.start):
                count(name, name.start, self._weight(name.start, name.end, name.possessive))
        if kind == "person":
            for pronoun_at in self._pronouns[bisect_left(self._pronouns, floor) :]:
                if pronoun_at >= position:
                    break
                if self._in_quote(pronoun_at):
                    continue
                referent = self.antecedent(pronoun_at, kind, window)
                if referent is not None:
                    count(referent, pronoun_at, self._weight(pronoun_at, pronoun_at + 2, False))
        result = best_mention[max(scores, key=lambda k: scores[k])] if scores else None
        if kind == "person":
            self._memo[position] = result
        return result

    def subject_of_sentence(self, index: int, before: int | None = None) -> Name | None:
        """The name a sentence opens with (after at most a short introductory phrase), not
        counting what stands inside quotation marks."""
        if not 0 <= index < len(self.sentence_starts):
            return None
        start = self.sentence_starts[index]
        end = (
            self.sentence_starts[index + 1]
            if index + 1 < len(self.sentence_starts)
            else len(self.text)
        )
        if before is not None:
            end = min(end, before)
        if self._in_quote(start):
            start = self.quoted[bisect_right(self._quote_starts, start) - 1][1]
        for name in self.names[bisect_left(self._starts, start) :]:
            if name.start >= end:
                break
            if name.kind != "other":
                lead = self.text[start : name.start]
                if (
                    len(lead.split()) <= 3
                    and not name.possessive
                    and not self._in_quote(name.start)
                ):
                    return name
                return None
        return None


class Canonical:
    """Maps a name to the fullest name of the document that contains all its words, so that
    "Kishida" and "Prime Minister Kishida Fumio" are one person. Computed once per distinct
    name, over the distinct names of the document (far fewer than its mentions).

    When several names of the same length contain all the words ("Kim" in "Kim Jong Un" and
    "Kim Yo Jong"), the one the document mentions first wins. The distinct names are kept in
    document order (a dict, not a set: a set of strings iterates in an order that changes with
    the process's hash seed) and sorted stably, so the answer is the same in every process.

    Each word points at the positions (in that order) of the names that hold it, so a lookup
    reads only the names that share a word with it: a long document has thousands of distinct
    names, and scanning all of them for every name was quadratic (1.4 s of a 1 MB document).
    """

    def __init__(self, names: list[Name]) -> None:
        distinct = dict.fromkeys(tuple(bare_name(n.text).split()) for n in names)
        self._full = sorted(distinct, key=len, reverse=True)
        self._holding: dict[str, list[int]] = {}
        for position, candidate in enumerate(self._full):
            for word in dict.fromkeys(candidate):
                self._holding.setdefault(word, []).append(position)
        self._cache: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        parts = bare_name(name).split()
        best = parts
        # The first name in (length, first mention) order that is longer and holds every word:
        # among the names holding the rarest word, the first that holds the others too.
        if parts:
            lists = sorted((self._holding.get(word, []) for word in set(parts)), key=len)
            wanted = set(parts)
            for position in lists[0]:
                candidate = self._full[position]
                if len(candidate) <= len(parts):
                    break
                if wanted <= set(candidate):
                    best = list(candidate)
                    break
        elif self._full and self._full[0]:
            best = list(self._full[0])
        result = " ".join(best)
        self._cache[name] = result
        return result
