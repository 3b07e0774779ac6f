"""Opening a ledger file: checks, WAL, transactions that wait their turn, and errors a user can
act on.

Writers take SQLite's write lock up front (``BEGIN IMMEDIATE``) and wait for it as long as the
lock timeout allows: a transaction that reads and then writes inside a deferred transaction is
refused at once ("database is locked", whatever the busy timeout) when another process committed
in between, so a status set during a batch, or a second extract on the same ledger, would fail
instead of waiting. Readers open the file read-only (``mode=ro``), so listing, showing and
exporting work on a ledger in a folder the user cannot write to.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack.errors import LedgerError, LedgerLockedError

# The name of the last migration in ``migrations``: a ledger that has it is up to date. Kept
# here so that opening a ledger need not import the migrations (and sqlite-utils) to know.
LATEST_MIGRATION = "m015_fact_reports"


def lock_timeout() -> float:
    """Seconds a writer waits for another process's write lock before saying the ledger is
    locked: ``$CLAIMTRACK_LOCK_TIMEOUT``, else 60. Every write transaction is short (one
    document, one call, one status), so a writer that waits this long waits on something stuck.
    """
    try:
        return float(os.environ.get("CLAIMTRACK_LOCK_TIMEOUT") or 60)
    except ValueError:
        return 60.0


def check_file(path: Path, *, create: bool) -> None:
    """Refuse, with a message, a path that cannot be a ledger: a folder, a missing file (when
    not creating one), a file in a missing folder, a file that is not SQLite."""
    try:
        _check_file(path, create)
    except OSError as error:  # a folder on the way that we may not enter, say
        raise LedgerError(f"{path}: cannot read: {error.strerror or error}") from error


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise LedgerError(f"{path}: is a directory, not a ledger file")
    if not path.exists():
        if not create:
            raise LedgerError(f"{path}: no such ledger (run 'claimtrack extract' first)")
        if not path.parent.exists():
            raise LedgerError(f"{path}: folder {path.parent} does not exist")
        return
    # The file is never opened here to look at its header: closing any descriptor of a file
    # drops every POSIX lock this process holds on it, the locks of open SQLite connections
    # included (a reader elsewhere then sees a WAL being reset under it: "disk I/O error").
    # SQLite itself says when a file is not a database (see ``not_a_database``).


def open_for_writing(path: Path, *, timeout: float | None = None) -> sqlite3.Connection:
    """A read-write connection in autocommit mode: transactions are opened explicitly."""
    check_file(path, create=True)
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise LedgerError(
            f"{path}: the ledger is read-only here (no write access to it or its folder); "
            "claims, show, stats and export still work"
        )
    try:
        connection = sqlite3.connect(
            str(path),
            timeout=lock_timeout() if timeout is None else timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise not_a_database(path, error) from error
    return connection


def open_for_reading(path: Path, *, timeout: float | None = None) -> sqlite3.Connection:
    """A read-only connection. In a folder nobody can write to (no ``-wal``/``-shm`` can be
    made there, so nobody can be writing either) the file is opened as immutable."""
    check_file(path, create=False)
    base = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(
                base + query,
                uri=True,
                timeout=lock_timeout() if timeout is None else timeout,
                check_same_thread=False,
            )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError as error:
            last = error
            if os.access(path.parent, os.W_OK):
                break  # not a read-only folder: the error is real
        except sqlite3.DatabaseError as error:
            raise not_a_database(path, error) from error
    raise LedgerError(f"{path}: cannot open as a ledger: {last}")


def not_a_database(path: Path, error: sqlite3.Error) -> LedgerError:
    """The error for a file SQLite cannot open as a database."""
    if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(error):
        return LedgerError(f"{path}: not a claimtrack ledger (not a SQLite database)")
    return LedgerError(f"{path}: cannot open as a ledger: {error}{_code(error)}")


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """SQLite's lock and corruption errors, as ledger errors a user can act on."""
    try:
        yield
    except sqlite3.OperationalError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise LedgerLockedError(
                f"{path}: the ledger is locked by another process; try again when it has "
                "finished (or raise CLAIMTRACK_LOCK_TIMEOUT)"
            ) from error
        if "readonly" in message:
            raise LedgerError(f"{path}: the ledger is read-only here: {message}") from error
        raise LedgerError(f"{path}: {message}{_code(error)}") from error
    except sqlite3.DatabaseError as error:
        raise LedgerError(f"{path}: {error}{_code(error)}") from error


def _code(error: sqlite3.Error) -> str:
    """SQLite's own name for an error (``SQLITE_IOERR_SHORT_READ``…), when it says more than
    its message."""
    name = getattr(error, "sqlite_errorname", None)
    return f" ({name})" if name and name not in ("SQLITE_ERROR",) else ""


@contextmanager
def write_transaction(connection: sqlite3.Connection, path: Path) -> Iterator[None]:
    """One transaction holding the write lock from its start: waits for other writers, then
    commits everything or nothing.

    Writers of one process (a run's worker threads keeping model calls, the thread storing
    documents) take turns on a lock of the process first, and SQLite's lock only after: a
    thread that found SQLite's lock taken would poll for it, sleeping 1, 2, 5, 10 ms... between
    tries, long after the other thread's few-millisecond transaction was over."""
    with _process_lock(path), translated(path):
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


_PROCESS_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_LOCK = threading.Lock()


def _process_lock(path: Path) -> threading.RLock:
    """This process's lock on the ledger at ``path`` (re-entrant: a thread that nests a write
    in its own write still meets SQLite's lock, and its timeout, as before)."""
    key = os.path.abspath(path)
    found = _PROCESS_LOCKS.get(key)
    if found is None:
        with _LOCKS_LOCK:
            found = _PROCESS_LOCKS.setdefault(key, threading.RLock())
    return found
