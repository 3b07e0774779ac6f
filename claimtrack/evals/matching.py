"""Pairing predicted claims with gold claims, one to one, by how much their key spans overlap.

Within one document and one kind, every (prediction, gold) pair whose key spans share at least
one character is a candidate; candidates are taken greedily, highest IoU (intersection over
union of the two spans, in characters) first, each claim in at most one pair. A pair counts at
"overlap" when the spans share a character and at "IoU >= 0.5" when its IoU is at least 0.5.
Because the greedy pass takes every pair of IoU >= 0.5 before any lower one, the pairs of
IoU >= 0.5 it keeps are exactly what the same greedy pass over those pairs alone would keep: one
matching gives both figures.

Predictions are matched to the required gold claims first; what is left is then matched to the
optional ones (scare quotes, vague dates), and a prediction paired with an optional claim is not
scored either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimtrack.evals.gold import GoldClaim

IOU_THRESHOLD = 0.5  # the usual "mostly the same span" bar; overlap is the lenient one


@dataclass(frozen=True)
class Prediction:
    """A predicted claim as the evaluation sees it.

    ``span`` is its key span (the quote span of a quote, the date span of a date, else the
    evidence; the evidence when the claim lacks its key span), or ``None`` when that span is
    ``ungrounded``: a claim whose key text is not in the document matches nothing.
    """

    kind: str
    span: tuple[int, int] | None
    claim: str
    fields: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class Pair:
    """A prediction (by index) matched to a gold claim (by index), and their spans' IoU."""

    prediction: int
    gold: int
    iou: float

    @property
    def at_iou(self) -> bool:
        return self.iou >= IOU_THRESHOLD


@dataclass(frozen=True)
class Matching:
    """The pairs with required gold claims, and the predictions paired with optional ones."""

    pairs: tuple[Pair, ...]
    ignored: frozenset[int]


def shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two ``[start, end)`` spans have in common."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two spans, in characters (0.0 when they do not overlap)."""
    inter = shared(a, b)
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def match(predictions: Sequence[Prediction], gold: Sequence[GoldClaim]) -> Matching:
    """Pair ``predictions`` with ``gold`` (one document, one kind), one to one."""
    required = [i for i, claim in enumerate(gold) if not claim.optional]
    optional = [i for i, claim in enumerate(gold) if claim.optional]
    pairs = _greedy(predictions, range(len(predictions)), gold, required)
    taken = {pair.prediction for pair in pairs}
    left = [i for i in range(len(predictions)) if i not in taken]
    ignored = _greedy(predictions, left, gold, optional)
    return Matching(tuple(pairs), frozenset(pair.prediction for pair in ignored))


def _greedy(
    predictions: Sequence[Prediction],
    which: Sequence[int],
    gold: Sequence[GoldClaim],
    gold_which: Sequence[int],
) -> list[Pair]:
    candidates: list[tuple[float, int, int]] = []
    for p in which:
        span = predictions[p].span
        if span is None:
            continue
        for g in gold_which:
            if shared(span, gold[g].key_span) > 0:
                candidates.append((iou(span, gold[g].key_span), g, p))
    # Highest IoU first; ties go to the earlier gold claim, then the earlier prediction, so the
    # answer never depends on the order of a set.
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[Pair] = []
    for score, g, p in candidates:
        if p in used_p or g in used_g:
            continue
        used_p.add(p)
        used_g.add(g)
        pairs.append(Pair(p, g, score))
    return sorted(pairs, key=lambda pair: (pair.gold, pair.prediction))
