"""The one rule for a claim's grounding: the weakest of its spans.

Plain values in, a span's name out, with no import beyond the vocabulary: the typed claim
(``records.ClaimBase.grounding``), an export record and ``show`` all decide by this rule, and
the last two without loading the claim models.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimtrack.vocabulary import GROUNDING_METHODS


def weakest_span(spans: Iterable[tuple[str, str, float]]) -> str:
    """The name of the least grounded of ``(name, grounding, score)`` spans: the worst method,
    then the lowest score, then the evidence, then the first. The one rule for a claim's
    grounding, whether it is read as a model or straight from its rows (export)."""
    rank = GROUNDING_METHODS.index
    worst: tuple[int, float, bool] | None = None
    found = ""
    for name, grounding, score in spans:
        key = (rank(grounding), -score, name == "evidence")
        if worst is None or key > worst:
            worst, found = key, name
    return found
