"""The ledger: one SQLite file holding documents, runs, claims, spans and verification history.

It is a plain file that ``sqlite-utils`` and Datasette open as they are. The package's modules,
each with one job:

- ``connection``: opening a file, checks, WAL, transactions that wait their turn, errors;
- ``migrations``: the schema's history, as frozen SQL;
- ``rows``: the one codec between a claim and its rows;
- ``read``: typed reads (``LedgerReader``, ``ClaimFilter``) on read-only connections;
- ``plain``: one claim as plain values, for a reader that shows it without the claim models;
- ``store``: the single writer (``Ledger``), and the call log model calls are kept in;
- ``upgrade``: applying pending migrations under the write lock;
- ``process``: which process runs a run, to tell an interrupted run from a running one.
"""

from claimtrack.ledger.read import ClaimFilter, ClaimPage, LedgerReader
from claimtrack.ledger.store import STATUS_EVENT_SQL, CallLog, Ledger, Stored

__all__ = [
    "STATUS_EVENT_SQL",
    "CallLog",
    "ClaimFilter",
    "ClaimPage",
    "Ledger",
    "LedgerReader",
    "Stored",
]
