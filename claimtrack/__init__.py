"""claimtrack: extract checkable claims from documents into a SQLite ledger.

The library is what the CLI calls; everything it offers is importable from here::

    from claimtrack import Ledger, OfflineExtractor, extract_documents, load_documents, ground

The heavier parts (the ledger, the extractors, grounding) load on first use, so that
``import claimtrack`` stays quick.
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
from claimtrack.records import (
    STATUSES,
    AgreementClaim,
    Claim,
    ClaimBase,
    DateClaim,
    Document,
    QuoteClaim,
    Span,
    StatementClaim,
)

_LAZY = {
    "Ledger": "claimtrack.ledger",
    "OfflineExtractor": "claimtrack.offline.extractor",
    "OpenAIBackend": "claimtrack.openai_backend",
    "LLMSettings": "claimtrack.llm_settings",
    "RunOptions": "claimtrack.pipeline",
    "extract_documents": "claimtrack.pipeline",
    "load_documents": "claimtrack.documents",
    "ground": "claimtrack.grounding",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")


__all__ = [
    *_LAZY,
    "STATUSES",
    "AgreementClaim",
    "Claim",
    "ClaimBase",
    "ClaimtrackError",
    "DateClaim",
    "Document",
    "DocumentError",
    "ExtractionError",
    "LedgerError",
    "LedgerLockedError",
    "NotFoundError",
    "QuoteClaim",
    "Span",
    "StatementClaim",
    "UsageError",
    "__version__",
]
