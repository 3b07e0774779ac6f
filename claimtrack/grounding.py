"""Grounding: find where an excerpt stands in a document, or say truthfully that it does not.

Language models do not copy faithfully: they collapse whitespace, straighten or curl quotation
marks, turn dashes into hyphens, change the case of a first letter, drop or add final
punctuation, elide the middle of a long quote ("...", "…", "[...]"), make small slips — and
sometimes write what is not there, or change a number or a name in an otherwise faithful copy.
``ground`` tells these apart, in order of trust:

1. ``exact``: the excerpt is in the text as it is.
2. ``normalized``: it is there up to harmless differences (Unicode compatibility forms and
   accents, quote and dash style, whitespace runs, case, edge punctuation). Score 1.0.
3. ``elided``: its pieces around an ellipsis are there, in order, close together.
4. ``fuzzy``: a passage is close enough (rapidfuzz's Levenshtein similarity) — scored below 1.0,
   with the numbers and names that differ listed as ``discrepancies``.

Offsets always point into the original text: the comparison runs on a folded copy that keeps,
for every folded character, the offset it came from. Each answer depends on its excerpt alone.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimtrack.records import ClaimBase, GroundingMethod, Span

_FOLD = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-", "⁃": "-",
    "…": "...",
}  # fmt: skip
# Edge characters a copy may drop or add without changing what it says. Not "-" or "$": a
# minus sign or a currency is part of a number.
_EDGE = " .,;:!?\"'()[]{}*"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s*){3}|…)\s*")
_WORD = re.compile(r"\w+")
# What a copy must not change: figures, number words and capitalised words (names, months).
_CRITICAL = re.compile(
    r"\d[\d,.]*\d|\d|[A-Z][\w'’-]*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozen"
    r"|half|quarter|first|second|third|fourth|fifth|tenth|once|twice|no|none|never|not)\b"
)

# A fuzzy passage must be at least this similar to the excerpt to be returned at all. Below it,
# the excerpt is treated as not in the document.
FUZZY_THRESHOLD = 0.85
# Excerpts shorter than this (folded) are grounded exactly or not at all: a short string is too
# easy to find "nearly" anywhere.
FUZZY_MIN_CHARS = 16
# The longest differing stretch a fuzzy copy may have: this many characters, or this share of the
# excerpt when that is more.
MAX_EDIT_RUN = 6
MAX_EDIT_SHARE = 0.08
# A fuzzy passage whose numbers or names differ from the excerpt's must be at least this
# similar to be returned (a changed figure in a faithful copy), and then scores at most the cap.
DISCREPANCY_MIN = 0.9
DISCREPANCY_CAP = 0.9
# A fuzzy copy this close, with no number or name changed, counts as faithful (small slips).
FAITHFUL_FUZZY = 0.9
# How far apart the pieces of an elided excerpt may stand, in characters of folded text.
ELISION_MAX_GAP = 3000


@dataclass(frozen=True)
class Grounding:
    """Where an excerpt stands: ``text[start:end]``, how it was found and how close it was."""

    start: int
    end: int
    score: float
    method: GroundingMethod
    exact: bool
    pieces: tuple[tuple[int, int], ...] = ()
    discrepancies: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Folded:
    """A text folded for comparison, with the original offset of every folded character."""

    text: str
    offsets: list[int]
    words: dict[str, list[int]] = field(default_factory=dict)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of folded ``[start, end)``, whole characters included."""
        first = self.offsets[start]
        last = self.offsets[end - 1] + 1 if end > start else first
        return first, last

    def folded_position(self, original: int) -> int:
        return bisect_left(self.offsets, original)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: compatibility form, no accents, case-folded, quotes and dashes
    plain; whitespace becomes a single space."""
    if char.isspace():
        return " "
    mapped = _FOLD.get(char)
    if mapped is not None:
        return mapped
    decomposed = unicodedata.normalize("NFKD", char)
    mapped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_FOLD.get(c, c) for c in mapped)


def _fold_chars(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    previous_space = True
    for index, char in enumerate(text):
        mapped = _fold_char(char)
        if mapped == " ":
            if not previous_space:
                out.append(" ")
                offsets.append(index)
            previous_space = True
            continue
        previous_space = False
        if len(mapped) == 1:
            out.append(mapped)
            offsets.append(index)
            continue
        for piece in mapped:
            out.append(piece)
            offsets.append(index)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return "".join(out), offsets


@lru_cache(maxsize=16)
def _folded(text: str) -> _Folded:
    """The folded text, computed once per text for all the excerpts grounded in it."""
    folded, offsets = _fold_chars(text)
    words: dict[str, list[int]] = {}
    for match in _WORD.finditer(folded):
        words.setdefault(match.group(0), []).append(match.start())
    return _Folded(folded, offsets, words)


def _fold_excerpt(excerpt: str) -> str:
    folded, _ = _fold_chars(excerpt)
    return folded.strip(_EDGE)


def _nearest(starts: list[int], near: int | None) -> int:
    if near is None:
        return starts[0]
    return min(starts, key=lambda s: (abs(s - near), s))


def _occurrences(haystack: str, needle: str, limit: int = 10_000) -> list[int]:
    found: list[int] = []
    position = haystack.find(needle)
    while position != -1 and len(found) < limit:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


def ground(text: str, excerpt: str, *, near: int | None = None) -> Grounding | None:
    """The span of ``text`` that ``excerpt`` copies, or ``None`` when it is not there.

    ``near`` (a character offset into ``text``) picks among equally good occurrences.
    """
    if not excerpt or not excerpt.strip():
        return None
    starts = _occurrences(text, excerpt)
    if starts:
        start = _nearest(starts, near)
        return Grounding(start, start + len(excerpt), 1.0, "exact", True)
    folded = _folded(text)
    wanted = _fold_excerpt(excerpt)
    if not wanted:
        return None
    folded_near = folded.folded_position(near) if near is not None else None
    hits = _occurrences(folded.text, wanted)
    if hits:
        hit = _nearest(hits, folded_near)
        start, end = folded.original(hit, hit + len(wanted))
        return Grounding(start, end, 1.0, "normalized", False)
    pieces = [_fold_excerpt(p) for p in _ELLIPSIS.split(excerpt)]
    pieces = [p for p in pieces if p]
    if len(pieces) > 1:
        return _elided(text, folded, excerpt, pieces, folded_near)
    if len(pieces) == 1 and pieces[0] != wanted:
        wanted = pieces[0]  # a trailing or leading ellipsis only: ground the rest
        hits = _occurrences(folded.text, wanted)
        if hits:
            hit = _nearest(hits, folded_near)
            start, end = folded.original(hit, hit + len(wanted))
            return Grounding(start, end, 1.0, "normalized", False)
    found = _fuzzy(folded, wanted, 0, len(folded.text), folded_near)
    if found is None:
        return None
    f_start, f_end, score = found
    start, end = folded.original(f_start, f_end)
    discrepancies = _discrepancies(excerpt, text[start:end])
    if discrepancies:
        if score < DISCREPANCY_MIN:
            return None  # names or numbers differ and much else does: not this passage
        score = min(score, DISCREPANCY_CAP)
    return Grounding(start, end, score, "fuzzy", False, discrepancies=discrepancies)


def is_faithful(grounding: Grounding | None) -> bool:
    """Whether a grounding shows a faithful copy: found exactly, up to harmless differences,
    around ellipses, or with small slips that change no number or name."""
    if grounding is None:
        return False
    if grounding.method == "fuzzy":
        return not grounding.discrepancies and grounding.score >= FAITHFUL_FUZZY
    return not grounding.discrepancies


def _elided(
    text: str, folded: _Folded, excerpt: str, pieces: list[str], folded_near: int | None
) -> Grounding | None:
    """Pieces found in order, each normalized (or fuzzy), no further apart than allowed."""
    best: tuple[int, int, list[tuple[int, int]], float] | None = None
    for first in _occurrences(folded.text, pieces[0], limit=200):
        spans = [(first, first + len(pieces[0]))]
        score = 1.0
        for piece in pieces[1:]:
            low = spans[-1][1]
            high = min(len(folded.text), low + ELISION_MAX_GAP + len(piece))
            position = folded.text.find(piece, low, high)
            if position != -1:
                spans.append((position, position + len(piece)))
                continue
            fuzzy = _fuzzy(folded, piece, low, high, None)
            if fuzzy is None:
                break
            spans.append((fuzzy[0], fuzzy[1]))
            score = min(score, fuzzy[2])
        else:
            candidate = (spans[0][0], spans[-1][1], spans, score)
            if best is None or _better(candidate, best, folded_near):
                best = candidate
    if best is None:
        return None
    start, end = folded.original(best[0], best[1])
    original_pieces = tuple(folded.original(s, e) for s, e in best[2])
    discrepancies = () if best[3] == 1.0 else _discrepancies(excerpt, text[start:end])
    score = min(best[3], DISCREPANCY_CAP) if discrepancies else best[3]
    return Grounding(start, end, score, "elided", False, original_pieces, discrepancies)


def _better(
    candidate: tuple[int, int, list[tuple[int, int]], float],
    best: tuple[int, int, list[tuple[int, int]], float],
    near: int | None,
) -> bool:
    """Higher score, then a tighter passage, then nearer to ``near``."""
    if candidate[3] != best[3]:
        return candidate[3] > best[3]
    if (candidate[1] - candidate[0]) != (best[1] - best[0]):
        return (candidate[1] - candidate[0]) < (best[1] - best[0])
    if near is None:
        return False
    return abs(candidate[0] - near) < abs(best[0] - near)


def _fuzzy(
    folded: _Folded, wanted: str, low: int, high: int, near: int | None
) -> tuple[int, int, float] | None:
    """The passage of ``folded.text[low:high]`` most like ``wanted``, if like enough.

    Candidate places come from the excerpt's rarer words (where they stand in the text, shifted
    by where they stand in the excerpt), so a long document is never scanned as a whole; each
    candidate window is aligned with rapidfuzz and its edges moved to the best word boundaries.
    """
    if len(wanted) < FUZZY_MIN_CHARS:
        return None
    votes: Counter[int] = Counter()
    words = list(_WORD.finditer(wanted))
    ranked = sorted(
        words, key=lambda m: (len(folded.words.get(m.group(0), ())) or 10**9, -len(m.group(0)))
    )
    for match in ranked[:8]:
        for position in folded.words.get(match.group(0), ())[:500]:
            start = position - match.start()
            if low - len(wanted) <= start <= high:
                votes[start // 16] += 1
    if not votes:
        return None
    candidates = sorted(votes, key=lambda b: (-votes[b], abs(b * 16 - near) if near else 0))[:4]
    slack = max(16, len(wanted) // 3)
    best: tuple[int, int, float] | None = None
    for bucket in candidates:
        window_start = max(low, bucket * 16 - slack)
        window_end = min(high, bucket * 16 + 16 + len(wanted) + slack)
        window = folded.text[window_start:window_end]
        alignment = fuzz.partial_ratio_alignment(wanted, window)
        if alignment is None or alignment.score < FUZZY_THRESHOLD * 100 - 10:
            continue
        start, end = _refine(
            folded.text,
            wanted,
            window_start + alignment.dest_start,
            window_start + alignment.dest_end,
            low,
            high,
        )
        # No edge the excerpt does not have: punctuation, or a dash that is not a minus.
        lead = _EDGE if wanted.startswith("-") else _EDGE + "-"
        tail = _EDGE if wanted.endswith("-") else _EDGE + "-"
        while start < end and folded.text[start] in lead:
            start += 1
        while end > start and folded.text[end - 1] in tail:
            end -= 1
        score = Levenshtein.normalized_similarity(wanted, folded.text[start:end])
        if best is None or score > best[2]:
            best = (start, end, score)
    if best is None or best[2] < FUZZY_THRESHOLD:
        return None
    if _longest_edit(wanted, folded.text[best[0] : best[1]]) > max(
        MAX_EDIT_RUN, len(wanted) * MAX_EDIT_SHARE
    ):
        return None
    return best[0], best[1], min(best[2], 0.99)


def _longest_edit(wanted: str, passage: str) -> int:
    """The longest stretch of the excerpt that differs from the passage.

    Slips are small edits spread out; a splice of two half-sentences, or a sentence written
    around a real fragment, differs in one long stretch even when the overall similarity is
    high. Edits separated by two characters or fewer of agreement count as one stretch.
    """
    longest = run = 0
    for opcode in Levenshtein.opcodes(wanted, passage):
        size = max(opcode.src_end - opcode.src_start, opcode.dest_end - opcode.dest_start)
        if opcode.tag == "equal" and size > 2:
            run = 0
            continue
        run += size
        longest = max(longest, run)
    return longest


def _refine(text: str, wanted: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """Edges of the aligned passage moved to the word boundaries that fit ``wanted`` best."""
    reach = max(4, len(wanted) // 8)

    def boundaries(center: int, starts: bool) -> list[int]:
        out = [center]
        for position in range(max(low, center - reach), min(high, center + reach) + 1):
            before = text[position - 1] if position > 0 else " "
            after = text[position] if position < len(text) else " "
            if starts and not before.isalnum() and after.isalnum():
                out.append(position)
            if not starts and before.isalnum() and not after.isalnum():
                out.append(position)
        return out

    best = (start, end, Levenshtein.normalized_similarity(wanted, text[start:end]))
    for s in boundaries(start, True):
        for e in boundaries(end, False):
            if e - s < len(wanted) // 2:
                continue
            score = Levenshtein.normalized_similarity(wanted, text[s:e])
            if score > best[2]:
                best = (s, e, score)
    return best[0], best[1]


def _discrepancies(excerpt: str, passage: str) -> tuple[str, ...]:
    """Numbers and capitalised words of the excerpt that the passage does not have."""
    found = set(_CRITICAL.findall(passage))
    return tuple(dict.fromkeys(t for t in _CRITICAL.findall(excerpt) if t not in found))


def check_span(text: str, span: Span) -> Span:
    """The span as stored: unchanged when it is the document's text, else re-grounded.

    A span whose offsets do not hold its text is looked up by its text near where it claimed to
    be; if the text is nowhere in the document the span becomes an empty span where it claimed
    to start, marked ``ungrounded`` with a score of 0 and the claimed text kept aside, so it is
    never shown as grounded and never highlights text it does not stand for.
    """
    if 0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text:
        return span
    found = ground(text, span.text, near=span.start)
    if found is None:
        return ungrounded_span(text, span.start, span.text)
    return span_of(text, found, span.text)


def span_of(text: str, found: Grounding, claimed: str) -> Span:
    """The stored span for a grounding; what was claimed is kept when it was not copied as is."""
    return Span(
        start=found.start,
        end=found.end,
        text=text[found.start : found.end],
        grounding=found.method,
        score=found.score,
        pieces=found.pieces,
        discrepancies=found.discrepancies,
        claimed=None if found.score == 1.0 else claimed,
    )


def ungrounded_span(text: str, near: int, claimed: str) -> Span:
    """An empty span where the excerpt claimed to be, marked ungrounded, the claim kept aside."""
    start = min(max(near, 0), len(text))
    return Span(start=start, end=start, text="", grounding="ungrounded", score=0.0, claimed=claimed)


def check_claim(text: str, claim: ClaimBase) -> ClaimBase:
    """The claim with every span checked against the document it claims to come from, and a
    span for every verbatim field that has none: found in the document (inside the evidence
    first), or stored ``ungrounded`` with what was claimed, so a field that is not in the source
    is never shown as grounded and makes the whole claim ungrounded."""
    spans = {name: check_span(text, span) for name, span in claim.spans.items()}
    evidence = spans["evidence"]
    for name, value in claim.verbatim_fields().items():
        if name in spans or not value.strip():
            continue
        spans[name] = field_span(text, value, evidence)
    if spans == claim.spans:
        return claim
    return claim.model_copy(update={"spans": spans})


def field_span(text: str, excerpt: str, evidence: Span) -> Span:
    """The span of a field's words: inside the evidence when they are there, else the occurrence
    nearest to it; an empty ``ungrounded`` span at the evidence when they are nowhere."""
    found: Grounding | None = None
    if evidence.end > evidence.start:
        local = ground(text[evidence.start : evidence.end], excerpt)
        if local is not None:
            shift = evidence.start
            found = Grounding(
                local.start + shift,
                local.end + shift,
                local.score,
                local.method,
                local.exact,
                tuple((s + shift, e + shift) for s, e in local.pieces),
                local.discrepancies,
            )
    if found is None:
        found = ground(text, excerpt, near=evidence.start)
    if found is None:
        return ungrounded_span(text, evidence.start, excerpt)
    return span_of(text, found, excerpt)
