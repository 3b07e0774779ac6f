"""claimtrack: extract checkable claims from documents into a SQLite ledger.

The library is what the CLI calls; everything it offers is importable from here::

    from claimtrack import Ledger, OfflineExtractor, extract_documents, load_documents, ground

Everything but the errors and the vocabulary loads on first use (the typed records, the
ledger, the extractors, grounding), so that ``import claimtrack`` — and every command that
does not need them — stays quick.
"""

__version__ = "0.1.0"

from claimtrack.errors import (
    ClaimtrackError,
    DocumentError,
    ExtractionError,
    LedgerError,
    LedgerLockedError,
    NotFoundError,
    UsageError,
)
from claimtrack.vocabulary import STATUSES

_RECORDS = (
    "AgreementClaim",
    "Claim",
    "ClaimBase",
    "DateClaim",
    "Document",
    "QuoteClaim",
    "Span",
    "StatementClaim",
    "StoredClaim",
)
_LAZY = {
    **dict.fromkeys(_RECORDS, "claimtrack.records"),
    "Ledger": "claimtrack.ledger",
    "LedgerReader": "claimtrack.ledger",
    "ClaimFilter": "claimtrack.ledger",
    "make_backend": "claimtrack.backends",
    "OfflineExtractor": "claimtrack.offline.extractor",
    "OpenAIBackend": "claimtrack.llm.extractor",
    "LLMSettings": "claimtrack.llm.settings",
    "RunOptions": "claimtrack.pipeline",
    "extract_documents": "claimtrack.pipeline",
    "load_documents": "claimtrack.documents",
    "find_sources": "claimtrack.documents",
    "ground": "claimtrack.grounding",
    "export_ledger": "claimtrack.export",
    "ExportOptions": "claimtrack.formats",
    "write_report": "claimtrack.formats.report",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")


__all__ = [
    *_LAZY,
    "STATUSES",
    "ClaimtrackError",
    "DocumentError",
    "ExtractionError",
    "LedgerError",
    "LedgerLockedError",
    "NotFoundError",
    "UsageError",
    "__version__",
]
