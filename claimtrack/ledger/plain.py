"""A stored claim as plain values: what a reader that shows one claim needs (``show``), read
through the codec's plain-value functions (``rows.stored_values``, ``kind_fields``,
``span_values``), so that it never loads pydantic or the claim models.

Readers that work with claims (export, tracking, the desk) get typed ``StoredClaim`` records
from ``LedgerReader``; this is the same claim, the same values, without the types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimtrack.history import StatusEvent
from claimtrack.weakest import weakest_span


@dataclass(frozen=True)
class PlainClaim:
    """One stored claim: ``values`` as ``rows.stored_values`` names them (``id``, ``kind``,
    ``claim``, ``confidence``, ``document_id``, ``document_source``, ``run_id``, ``extractor``
    … ``status_at``), its kind ``fields`` in its model's order, its ``spans`` by name (each
    as ``rows.span_values``: ``start``, ``end``, ``text``, ``grounding``, ``score``,
    ``claimed`` …) in reading order, evidence first, and its history."""

    values: dict[str, Any]
    fields: dict[str, Any]
    spans: dict[str, dict[str, Any]]
    history: tuple[StatusEvent, ...]

    @property
    def grounding(self) -> str:
        """The claim's grounding: its weakest span's (``weakest.weakest_span``)."""
        spans = self.spans
        name = weakest_span((n, s["grounding"], s["score"]) for n, s in spans.items())
        return str(spans[name]["grounding"])

    @property
    def ungrounded_fields(self) -> list[str]:
        return [name for name, span in self.spans.items() if span["grounding"] == "ungrounded"]

    def span_tuples(self) -> list[tuple[str, int, int, str, str, float]]:
        """The spans as ``export.record_of`` takes them: ``(name, start, end, text,
        grounding, score)``; ``record_of(values, span_tuples(), fields)`` is the claim's
        export record, as ``export.record`` makes it of the typed claim."""
        return [
            (name, s["start"], s["end"], s["text"], s["grounding"], s["score"])
            for name, s in self.spans.items()
        ]
