"""Predicted claims for the gold documents: read from a ledger, or extracted afresh.

Either way the claims come out of a ledger as ``StoredClaim`` records, exactly as every other
reader sees them, so what is scored is what a user of the ledger would get.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.errors import NotFoundError
from claimtrack.evals.gold import GoldDocument, key_span_name
from claimtrack.evals.matching import Prediction

if TYPE_CHECKING:
    from claimtrack.ledger import LedgerReader
    from claimtrack.pipeline import Backend, Progress, RunOptions, RunSummary
    from claimtrack.records import StoredClaim


def prediction(stored: StoredClaim) -> Prediction:
    """A stored claim as the evaluation sees it: kind, key span (``None`` when the span it is
    matched on is ungrounded), claim text and fields."""
    claim = stored.claim
    span = claim.spans.get(key_span_name(claim.kind)) or claim.spans["evidence"]
    key = None if span.grounding == "ungrounded" else (span.start, span.end)
    return Prediction(claim.kind, key, claim.claim, claim.fields(), stored.id)


@dataclass
class Predictions:
    """Predictions by gold document id, with what a reader of the report needs to know: the
    extractors whose claims were read, and the gold documents absent from the ledger or whose
    extraction failed (their gold claims all count as missed)."""

    by_document: dict[str, list[Prediction]] = field(default_factory=dict)
    extractors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def read_predictions(reader: LedgerReader, documents: Sequence[GoldDocument]) -> Predictions:
    """The claims ``reader``'s ledger holds for each gold document (found by content id)."""
    from claimtrack.ledger import ClaimFilter

    found = Predictions()
    extractors: set[str] = set()
    for document in documents:
        try:
            reader.document_text(document.id)
        except NotFoundError:
            found.missing.append(document.name)
            continue
        stored = reader.claims(ClaimFilter(document=document.id))
        stored = [s for s in stored if s.document_id == document.id]
        extractors.update(s.extractor for s in stored)
        found.by_document[document.id] = [prediction(s) for s in stored]
    found.extractors = sorted(extractors)
    return found


def extract_predictions(
    documents: Sequence[GoldDocument],
    backend: Backend,
    *,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> tuple[Predictions, RunSummary]:
    """Extract the gold documents with ``backend`` into a temporary ledger and read back their
    claims; the ledger is deleted afterwards (extract into a ledger of your own with
    ``claimtrack extract GOLD.jsonl`` to keep it, and evaluate that with ``--db``)."""
    from claimtrack.ledger import Ledger
    from claimtrack.pipeline import extract_documents
    from claimtrack.records import Document

    items = [
        Document(text=d.text, source=d.name, published=d.published, id=d.id) for d in documents
    ]
    with tempfile.TemporaryDirectory(prefix="claimtrack-eval-") as folder:
        ledger = Ledger(Path(folder) / "eval.db")
        try:
            summary = extract_documents(ledger, items, backend, options=options, progress=progress)
            found = read_predictions(ledger, documents)
        finally:
            ledger.close()
    found.failed = list(summary.failures)
    return found, summary
