"""claimtrack: extract checkable claims from documents into a SQLite ledger.

The library is what the CLI calls; everything it offers is importable from here::

    from claimtrack import Ledger, OfflineExtractor, extract_documents, load_documents
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

__all__ = [
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
