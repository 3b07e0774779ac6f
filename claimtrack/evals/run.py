"""The two evaluations a user runs, one call each (what ``claimtrack eval`` does).

``evaluate_extraction`` extracts the gold documents with a backend and scores what it found;
``evaluate_ledger`` scores the claims an existing ledger holds for the gold documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.evals.gold import GoldDocument, read_gold
from claimtrack.evals.predictions import Predictions, extract_predictions, read_predictions
from claimtrack.evals.report import EvalReport, evaluate

if TYPE_CHECKING:
    from claimtrack.pipeline import Backend, Progress, RunOptions


def evaluate_extraction(
    gold_path: str | Path,
    backend: Backend,
    *,
    documents: Sequence[GoldDocument] | None = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Extract the documents of the gold file with ``backend`` and score the claims
    (``documents``: the file's documents, when they are already read)."""
    documents = read_gold(gold_path) if documents is None else documents
    found, _ = extract_predictions(documents, backend, options=options, progress=progress)
    about = {"backend": backend.name, "model": backend.model}
    return _report(gold_path, documents, found, about)


def evaluate_ledger(gold_path: str | Path, ledger_path: str | Path) -> EvalReport:
    """Score the claims the ledger at ``ledger_path`` holds for the gold file's documents."""
    from claimtrack.ledger import LedgerReader

    documents = read_gold(gold_path)
    with LedgerReader(ledger_path) as reader:
        found = read_predictions(reader, documents)
    return _report(gold_path, documents, found, {"ledger": str(ledger_path)})


def _report(
    gold_path: str | Path,
    documents: Sequence[GoldDocument],
    found: Predictions,
    about: dict[str, Any],
) -> EvalReport:
    report = evaluate(documents, found.by_document)
    report.about = {
        "gold": str(gold_path),
        **about,
        "extractors": found.extractors,
        "documents_missing": found.missing,
        "documents_failed": found.failed,
    }
    return report
