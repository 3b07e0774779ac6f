"""Whether two claims report one fact, and how: the same, a variant, or in conflict.

Typed, not only text similarity. Claims meet only within their kind and only when they share a
block key (``keys.block_keys``: runs of words of the quote, or of the claim sentence); then

- **quotes** are aligned word by word (rapidfuzz, on words rather than characters): the same
  words are the same quote (re-punctuated, or in the other quote-mark style: a variant); a
  quote inside a longer one is a partial quote (a variant); a quote whose pieces between
  ellipses appear in order in the other is an elided quote (a variant); a quote that aligns
  with a few words changed is a misquote (a ``wording`` conflict). Two named speakers who
  cannot be one person are a ``speaker`` conflict. A short overlap (fewer than five words)
  counts only between quotes of the same known speaker.
- **dated events, statements and agreements** are compared sentence to sentence: at least
  80% of the words the same, and no name changed; what differs is read by ``conflicts``.

``decide`` depends on its two arguments only, is symmetric (``decide(b, a)`` is
``decide(a, b)`` with each conflict's values swapped), and reads only what a node's signature
covers, so the match graph is the same whatever order claims arrive in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from math import inf
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from claimtrack.tracking.conflicts import (
    Change,
    FieldConflict,
    compare_text,
    quote_change_kind,
)
from claimtrack.tracking.features import SHORT_QUOTE, Features
from claimtrack.tracking.keys import names_compatible

Relation = Literal["same", "variant", "conflicting"]

# A misquote keeps most of the quote: at least 80% of the shorter quote's words aligned, at
# most one word in seven changed (one always allowed), and at least four words in common.
MISQUOTE_ALIGNED = 0.8
MISQUOTE_CHANGED = 0.15
MIN_ALIGNED = 4
# Fewer words in common than this is a match only between quotes of one known speaker, or
# quotes in the same sentence (a copy of it).
SHORT_OVERLAP = SHORT_QUOTE
# Claim sentences: the same fact when 80% of the longer sentence's words align.
TEXT_ALIGNED = 0.8
MIN_TEXT_WORDS = 5


@dataclass(frozen=True)
class Match:
    """How report ``b`` matches report ``a``."""

    relation: Relation
    score: float
    method: str
    conflicts: tuple[FieldConflict, ...] = ()

    def mirrored(self) -> Match:
        return replace(self, conflicts=tuple(c.mirrored() for c in self.conflicts))


def _changes(
    a: Features, b: Features, b_lo: int, b_hi: int, *, trim: bool
) -> tuple[int, list[Change]]:
    """Words aligned and the changes between ``a.words`` and ``b.words[b_lo:b_hi]`` (rapidfuzz
    aligns the word sequences as they are). With ``trim``, words of ``b`` only at either end
    are not changes (the rest of a longer quote)."""
    ops = list(Indel.opcodes(a.words, b.words[b_lo:b_hi]))
    if trim:
        while ops and ops[0].tag == "insert":
            ops.pop(0)
        while ops and ops[-1].tag == "insert":
            ops.pop()
    matched = 0
    changes: list[Change] = []
    pending: list[tuple[int, int, int, int]] = []

    def flush(after: str | None) -> None:
        if not pending:
            return
        sa, sb = pending[0][0], pending[0][2] + b_lo
        ea, eb = pending[-1][1], pending[-1][3] + b_lo
        changes.append(
            Change(
                a.words[sa:ea],
                b.words[sb:eb],
                a.caps[sa:ea],
                b.caps[sb:eb],
                a.words[sa - 1] if sa > 0 else None,
                after,
                sa,
            )
        )
        pending.clear()

    for op in ops:
        if op.tag == "equal":
            flush(a.words[op.src_start])
            matched += op.src_end - op.src_start
        else:
            pending.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    flush(None)
    return matched, changes


def _find(whole: Sequence[str], part: Sequence[str], start: int = 0) -> int:
    """Where ``part`` first occurs in ``whole`` from ``start`` on, or -1."""
    n = len(part)
    first = part[0] if n else None
    for i in range(start, len(whole) - n + 1):
        if whole[i] == first and tuple(whole[i : i + n]) == tuple(part):
            return i
    return -1


def _in_order(words: Sequence[str], gaps: Sequence[int], whole: Sequence[str]) -> bool:
    """Whether the pieces of ``words`` between its gaps appear in ``whole`` in order."""
    position = 0
    for s, e in pairwise([0, *gaps, len(words)]):
        if e > s:
            found = _find(whole, words[s:e], position)
            if found < 0:
                return False
            position = found + e - s
    return True


def align_quotes(a: Features, b: Features) -> tuple[str, int, list[Change]] | None:
    """How quote ``a`` (the shorter) sits in quote ``b``: ``identical``, ``punctuation``,
    ``partial``, ``elided`` or ``changed``, with the words aligned and the changes; ``None``
    when it does not."""
    n = len(a.words)
    if not n or not b.words:
        return None
    if a.words == b.words:
        return ("identical" if a.text == b.text else "punctuation"), n, []
    # the best window of b for a, word by word (100: a is a run of b's words)
    found = fuzz.partial_ratio_alignment(a.words, b.words)
    if found is None:
        return None
    if n >= 3 and found.score == 100:
        return "partial", n, []
    if a.gaps and _in_order(a.words, a.gaps, b.words):
        return "elided", n, []
    if n < MIN_ALIGNED or found.score < 100 * MISQUOTE_ALIGNED - 10:
        return None
    lo = max(0, found.dest_start - 3)
    hi = min(len(b.words), found.dest_end + 3)
    matched, changes = _changes(a, b, lo, hi, trim=True)
    changes = [c for c in changes if c.a or c.at not in a.gaps]
    changed = sum(max(len(c.a), len(c.b)) for c in changes)
    if matched < max(MIN_ALIGNED, MISQUOTE_ALIGNED * n):
        return None
    if changed > max(1, int(MISQUOTE_CHANGED * n)):
        return None
    return ("changed" if changes else "elided"), matched, changes


def _same_sentence(a: Features, b: Features) -> bool:
    """Whether two short quotes stand in one sentence (copies of one text)."""
    if not a.context or not b.context:
        return False
    la, lb = len(a.context), len(b.context)
    if min(la, lb) < MIN_TEXT_WORDS:
        return a.context == b.context
    return Indel.normalized_similarity(a.context, b.context, score_cutoff=TEXT_ALIGNED) > 0


def _short_quotes(a: Features, b: Features) -> tuple[str, int, list[Change]] | None:
    """Two short quotes of one sentence, with at most one word changed."""
    matched, changes = _changes(a, b, 0, len(b.words), trim=False)
    if sum(max(len(c.a), len(c.b)) for c in changes) > 1 or not matched:
        return None
    return "changed", matched, changes


def _decide_quote(a: Features, b: Features) -> Match | None:
    aligned = align_quotes(a, b)
    sentence = _same_sentence(a, b)
    if aligned is None and sentence:
        if a.context == b.context:
            return None  # two quotes of one sentence ("judgment" and "honesty")
        aligned = _short_quotes(a, b)
    if aligned is None:
        return None
    how, matched, changes = aligned
    compatible = names_compatible(a.speaker, b.speaker)
    if matched < SHORT_OVERLAP and not (a.speaker and b.speaker and compatible) and not sentence:
        return None
    conflicts: list[FieldConflict] = []
    if not compatible and a.speaker_explicit and b.speaker_explicit:
        conflicts.append(FieldConflict("speaker", "speaker", (a.speaker_name, b.speaker_name)))
    if how == "changed":
        if a.direct and b.direct:
            conflicts.append(FieldConflict(quote_change_kind(changes), "quote", (a.text, b.text)))
        else:
            how = "paraphrase"
    score = round(matched / max(1, len(a.words)), 4)
    if conflicts:
        return Match("conflicting", score, how, tuple(conflicts))
    if how == "identical" and compatible:
        return Match("same", 1.0, how)
    return Match("variant", score, how)


def _decide_text(a: Features, b: Features) -> Match | None:
    la, lb = len(a.words), len(b.words)
    if min(la, lb) < MIN_TEXT_WORDS or min(la, lb) < TEXT_ALIGNED * max(la, lb):
        return None
    changes: list[Change] = []
    if a.words == b.words:
        matched = la
    else:
        if Indel.normalized_similarity(a.words, b.words, score_cutoff=TEXT_ALIGNED) == 0:
            return None
        matched, changes = _changes(a, b, 0, lb, trim=False)
        if matched < TEXT_ALIGNED * max(la, lb):
            return None
    conflicts = compare_text(a, b, changes)
    if conflicts is None:
        return None
    score = round(matched / max(la, lb), 4)
    if conflicts:
        return Match("conflicting", score, "changed", tuple(conflicts))
    if not changes and a.date_value == b.date_value and a.state == b.state:
        return Match("same", 1.0, "identical" if a.text == b.text else "punctuation")
    if not changes and a.date_value != b.date_value:
        return Match("variant", score, "relative-date")
    method = "precision" if a.date_words != b.date_words else "wording"
    return Match("variant", score, method)


def keys_needed(a: Features, b: Features) -> float:
    """How many block keys two claims must share to be worth comparing: one for short quotes,
    a share of the shorter quote's keys for longer ones; for two claim sentences, which match
    only when most of their words align, a third of the shorter's length (a sentence that
    shares one stock phrase with another is not compared with it); never, for sentences whose
    lengths differ too much. A function of the two claims only, so it decides nothing by
    arrival order."""
    if a.kind != b.kind:
        return inf
    la, lb = len(a.words), len(b.words)
    if a.kind == "quote":
        if min(la, lb) <= SHORT_OVERLAP:
            return 1
        # a part of a quote shares all its keys; a misquote (a word in seven changed, each
        # breaking at most seven keys of about two and a half a word) most of them
        return max(1, int(0.15 * min(len(a.keys()), len(b.keys()))))
    if min(la, lb) < TEXT_ALIGNED * max(la, lb):
        return inf
    # one changed word breaks at most five keys
    return max(1, min((min(la, lb) - 2) // 3, len(a.keys()), len(b.keys())))


def decide(x: Features, y: Features) -> Match | None:
    """How ``y`` matches ``x`` (``None``: they are not one fact). Symmetric up to the order
    of each conflict's values."""
    if x.kind != y.kind or not x.words or not y.words:
        return None
    swap = (len(x.words), x.signature) > (len(y.words), y.signature)
    a, b = (y, x) if swap else (x, y)
    found = _decide_quote(a, b) if a.kind == "quote" else _decide_text(a, b)
    if found is None:
        return None
    return found.mirrored() if swap else found
