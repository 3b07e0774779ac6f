"""Every error claimtrack raises on purpose, in one small hierarchy.

The CLI turns each of these into a one-line message and an exit code; a library user catches
``ClaimtrackError`` to catch them all. Anything else that escapes is a bug.
"""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base of every error claimtrack reports to its user."""

    exit_code = 1


class UsageError(ClaimtrackError):
    """The command was asked for something that cannot be done as asked."""

    exit_code = 2


class DocumentError(ClaimtrackError):
    """A document cannot be read: missing, empty, binary, wrongly encoded, too large."""

    exit_code = 2

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LedgerError(ClaimtrackError):
    """The ledger file cannot be used: not a claimtrack ledger, locked, or corrupt."""

    exit_code = 3


class LedgerLockedError(LedgerError):
    """Another process holds the ledger's write lock for longer than we wait."""


class NotFoundError(ClaimtrackError):
    """A claim, document or run asked for by id is not in the ledger."""

    exit_code = 4


class ExtractionError(ClaimtrackError):
    """A backend could not extract claims from one document; the batch goes on without it.

    ``transient`` marks failures worth another try (timeouts, 429s and 5xx after the client's
    own retries, a truncated answer), as opposed to a refused key or a bad request.
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class BackendConfigError(ClaimtrackError):
    """A backend is missing configuration it needs (a key, a base URL, a model name)."""

    exit_code = 2
