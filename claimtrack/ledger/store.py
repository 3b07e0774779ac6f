"""The single writer of a ledger: runs, documents and their sources, claims, model calls and
status events.

Every write is one transaction that takes the write lock first and waits its turn (see
``connection``), so several processes can use one ledger at once: a document's extraction is
stored once — the second process to finish it finds it done, inside the same transaction, and
stores nothing — and a status set during a batch always lands. A run's counts are added with
each document it stores, so they are true whenever the run stops, even by ``kill -9``. The
verification history is append-only (triggers refuse updates and deletes), and a claim's current
status is written by a trigger from its latest event, never by hand.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack import __version__

if TYPE_CHECKING:
    import sqlite_utils

    from claimtrack.injection import Flag
    from claimtrack.records import CallRecord, ClaimBase, Document, Extractor
from claimtrack.errors import LedgerError, LedgerLockedError, NotFoundError, UsageError
from claimtrack.history import StatusEvent
from claimtrack.ledger import process
from claimtrack.ledger.connection import (
    lock_timeout,
    open_for_writing,
    translated,
    write_transaction,
)
from claimtrack.ledger.read import LedgerReader, extraction_done, find_answer
from claimtrack.ledger.upgrade import apply_migrations
from claimtrack.vocabulary import STATUSES

# The one way a status event is written, by the library, the review page and the canned query
# alike (``{by}`` is the parameter that names the reviewer). The ledger's triggers refuse a bad
# status, an unknown claim, an empty reviewer or a long note, and set the claim's status.
STATUS_EVENT_SQL = (
    "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
    "(:claim_id, :status, nullif(trim(:note), ''), {by}, "
    "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
)
_RUN_COUNTS = (
    "documents_done",
    "documents_skipped",
    "documents_failed",
    "claims_added",
    "prompt_tokens",
    "completion_tokens",
    "calls",
    "calls_reused",
    "reasks",
    "cost_usd",
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Stored:
    """What storing one document's extraction did."""

    added: int = 0  # claims new to the ledger
    already_done: bool = False  # another process stored this extraction first: nothing stored
    same_text_as: str | None = None  # the source this text was first read from, when another
    instruction_like: int = 0  # of the claims added, those whose evidence reads as instructions


class Ledger(LedgerReader):
    """A claimtrack ledger opened for writing (and reading). Opening one creates it or brings
    its schema up to date."""

    def __init__(
        self, path: str | Path, *, timeout: float | None = None, create: bool = True
    ) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise LedgerError(f"{self.path}: no such ledger (run 'claimtrack extract' first)")
        self.conn = open_for_writing(self.path, timeout=timeout)
        try:
            self._prepare(lock_timeout() if timeout is None else timeout)
        except BaseException:
            self.conn.close()
            raise

    def _prepare(self, timeout: float) -> None:
        """Check the file, switch it to WAL and migrate it. Two processes creating one ledger at
        once can meet here while the file is still in rollback-journal mode, where SQLite
        refuses a lock at once instead of waiting: those steps are tried again until the lock
        timeout, as a writer waits for its turn."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with translated(self.path):
                    self._check_schema()
                    if self.conn.execute("PRAGMA journal_mode").fetchall()[0][0] != "wal":
                        self.conn.execute("PRAGMA journal_mode=wal").fetchall()
                    # In WAL mode NORMAL keeps the file consistent through any crash; only the
                    # last commits before a power loss can be lost. It saves an fsync a document.
                    self.conn.execute("PRAGMA synchronous=NORMAL")
                if self._pending_migrations():
                    apply_migrations(self.conn, self.path)
                return
            except LedgerLockedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def db(self) -> sqlite_utils.Database:
        """The ledger as a ``sqlite_utils.Database`` (on the same connection), for the
        migrations and for whoever wants sqlite-utils' helpers."""
        import sqlite_utils

        if self._db is None:
            self._db = sqlite_utils.Database(self.conn)
        return self._db

    _db: sqlite_utils.Database | None = None

    def _pending_migrations(self) -> bool:
        tables = {
            row[0]
            for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        return "_sqlite_migrations" not in tables or super()._pending_migrations()

    def _check_schema(self) -> None:
        tables = {
            row[0]
            for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if tables and "_claimtrack" not in tables:
            raise LedgerError(
                f"{self.path}: not a claimtrack ledger (a SQLite database with other tables); "
                "choose another --db file"
            )

    def _write(self) -> Any:
        return write_transaction(self.conn, self.path)

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, extractor: Extractor, parameters: dict[str, Any] | None = None) -> int:
        """Record a new run (and close, as interrupted, runs whose process has died)."""
        me = process.current()
        with self._write():
            self._close_dead_runs()
            cursor = self.conn.execute(
                "INSERT INTO runs (backend, model, prompt_name, prompt_hash, parameters, "
                "claimtrack_version, started_at, status, pid, host, process_started) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                [
                    extractor.backend,
                    extractor.model,
                    extractor.prompt_name,
                    extractor.prompt_hash,
                    json.dumps(parameters or {}, sort_keys=True),
                    __version__,
                    now(),
                    me.pid,
                    me.host,
                    me.started,
                ],
            )
            return int(cursor.lastrowid or 0)

    def _close_dead_runs(self) -> None:
        rows = self.conn.execute(
            "SELECT id, host, pid, process_started FROM runs WHERE status = 'running'"
        ).fetchall()
        for run_id, host, pid, started in rows:
            if process.is_gone(host, pid, started):
                self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", [run_id])

    def count_run(self, run_id: int, **counts: int | float) -> None:
        """Add to a run's counts (documents skipped, say) outside a document's transaction."""
        if any(counts.values()):
            with self._write():
                self._add_counts(run_id, counts)

    def _add_counts(self, run_id: int, counts: dict[str, int | float]) -> None:
        changed = {k: v for k, v in counts.items() if v}
        unknown = set(changed) - set(_RUN_COUNTS)
        if unknown:
            raise ValueError(f"not a run count: {', '.join(sorted(unknown))}")
        if changed:
            assignments = ", ".join(f"{k} = {k} + :{k}" for k in changed)
            self.conn.execute(
                f"UPDATE runs SET {assignments} WHERE id = :run_id", {**changed, "run_id": run_id}
            )

    def finish_run(self, run_id: int, status: str, **counts: int | float) -> None:
        """Close a run with its status (``finished``, ``failed``, ``interrupted``), adding the
        counts not yet added."""
        with self._write():
            self._add_counts(run_id, counts)
            self.conn.execute(
                "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                [status, now(), run_id],
            )

    # -- documents and their extractions -----------------------------------------------------

    def add_source(self, document: Document, run_id: int | None = None) -> str | None:
        """Record one more source of a document already extracted (the same text under another
        name); returns the first source of that text when this source is new and differs.

        A source already recorded (every document of a re-run) is found by a read, so a re-run
        of a large batch takes no write lock per document."""
        known = self.conn.execute(
            "SELECT 1 FROM document_sources WHERE document_id = ? AND source = ?",
            [document.id, document.source],
        ).fetchall()
        if known:
            return None
        with self._write():
            return upsert_document(self.conn, document, run_id)

    def _mark(
        self,
        document_id: str,
        extractor: Extractor,
        run_id: int,
        status: str,
        error: str | None,
        claims: int,
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO extractions (document_id, extractor, run_id, status, error, "
            "claims, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [document_id, extractor.key, run_id, status, error, claims, now()],
        )

    def add_claims(
        self,
        document: Document,
        run_id: int,
        extractor: Extractor,
        claims: Sequence[ClaimBase],
    ) -> Stored:
        """Store a document and its claims in one transaction, unless another process stored
        this document's extraction by the same extractor first (then nothing but the source is
        added, and ``already_done`` says so).

        A claim already in the ledger (same document, extractor and content) is not added
        again, so re-running the same extraction adds nothing.
        """
        from claimtrack.injection import instruction_like, overlaps

        stamp = now()
        flags = instruction_like(document.text)
        with self._write():
            same = upsert_document(self.conn, document, run_id, flags)
            if extraction_done(self.conn, document.id, extractor):
                self._add_counts(run_id, {"documents_skipped": 1})
                return Stored(already_done=True, same_text_as=same)
            added = marked = 0
            for claim in claims:
                suspect = overlaps(claim.evidence.start, claim.evidence.end, flags)
                if self._insert_claim(document, run_id, extractor, claim, stamp, suspect):
                    added += 1
                    marked += suspect
            self._mark(document.id, extractor, run_id, "done", None, len(claims))
            self._add_counts(run_id, {"documents_done": 1, "claims_added": added})
        return Stored(added=added, same_text_as=same, instruction_like=marked)

    def record_failure(
        self, document: Document, run_id: int, extractor: Extractor, error: str
    ) -> None:
        """Remember that a document failed and why, so a re-run retries it; a document another
        process has extracted meanwhile stays done."""
        with self._write():
            upsert_document(self.conn, document, run_id)
            if not extraction_done(self.conn, document.id, extractor):
                self._mark(document.id, extractor, run_id, "failed", error, 0)
            self._add_counts(run_id, {"documents_failed": 1})

    def _insert_claim(
        self,
        document: Document,
        run_id: int,
        extractor: Extractor,
        claim: ClaimBase,
        stamp: str,
        instruction_like: bool = False,
    ) -> bool:
        from claimtrack.ledger.rows import SPAN_COLUMNS, claim_row, span_rows

        for name, span in claim.spans.items():
            if document.text[span.start : span.end] != span.text:
                raise LedgerError(f"refusing to store span {name!r}: it is not the document's text")
        row = claim_row(
            claim, document_id=document.id, run_id=run_id, extractor=extractor, stamp=stamp
        )
        # Its evidence lies in text that reads as instructions to a model (claimtrack.injection).
        row["instruction_like"] = int(instruction_like)
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO claims ({columns}) VALUES ({marks})", list(row.values())
        )
        if cursor.rowcount == 0:
            return False
        claim_id = int(cursor.lastrowid or 0)
        self.conn.executemany(
            f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            span_rows(claim_id, claim),
        )
        self.conn.execute(
            "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES (?, ?, ?, ?, ?)",
            [claim_id, "unverified", f"extracted by run {run_id}", "claimtrack", stamp],
        )
        return True

    # -- verification ------------------------------------------------------------------------

    def set_status(
        self, claim_id: int, status: str, *, note: str | None = None, by: str
    ) -> StatusEvent:
        """Append a verification event; the claim's current status follows from it."""
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}; choose one of: {', '.join(STATUSES)}")
        if not by.strip():
            raise UsageError("a status change needs a reviewer name (--by)")
        with self._write():
            found = self.conn.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id])
            if found.fetchone() is None:
                raise NotFoundError(f"no claim with id {claim_id}")
            cursor = self.conn.execute(
                STATUS_EVENT_SQL.format(by=":by"),
                {"claim_id": claim_id, "status": status, "note": note or "", "by": by},
            )
            written = self.conn.execute(
                "SELECT id, claim_id, status, note, by, at FROM claim_events WHERE id = ?",
                [cursor.lastrowid],
            )
            event = StatusEvent(*written.fetchone())
        return event


def upsert_document(
    connection: sqlite3.Connection,
    document: Document,
    run_id: int | None,
    flags: tuple[Flag, ...] | None = None,
) -> str | None:
    """Store a document (once: ids are content hashes) and this source of it; returns the first
    source of the same text when it was read under another name before."""
    stamp = now()
    published = document.published.isoformat() if document.published else None
    pages = json.dumps(list(document.pages)) if document.pages else None
    connection.execute(
        "INSERT OR IGNORE INTO documents (id, source, title, url, published, text, chars, "
        "ingested_at, format, author, raw_sha256, pages) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            document.id,
            document.source,
            document.title,
            document.url,
            published,
            document.text,
            len(document.text),
            stamp,
            document.format,
            document.author,
            document.raw_sha256,
            pages,
        ],
    )
    connection.execute(
        "INSERT OR IGNORE INTO document_sources (document_id, source, title, url, published, "
        "run_id, first_seen, format, author, raw_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            document.id,
            document.source,
            document.title,
            document.url,
            published,
            run_id,
            stamp,
            document.format,
            document.author,
            document.raw_sha256,
        ],
    )
    first = connection.execute(
        "SELECT source, instruction_like FROM documents WHERE id = ?", [document.id]
    )
    source, flagged = first.fetchone()
    if flagged is None:
        _flag_instructions(connection, document, flags)
    return None if source == document.source else str(source)


def _flag_instructions(
    connection: sqlite3.Connection, document: Document, flags: tuple[Flag, ...] | None
) -> None:
    """Keep the passages of a document that read as instructions to a model (once per
    document: its count is NULL until then), before any claim of it is stored, so that the
    ledger marks the claims whose evidence lies in one."""
    from claimtrack.injection import instruction_like

    if flags is None:
        flags = instruction_like(document.text)
    connection.executemany(
        'INSERT OR IGNORE INTO document_flags (document_id, start, "end", reason, text) '
        "VALUES (?, ?, ?, ?, ?)",
        [(document.id, f.start, f.end, f.reason, f.text) for f in flags],
    )
    connection.execute(
        "UPDATE documents SET instruction_like = ? WHERE id = ?", [len(flags), document.id]
    )


def write_call(
    connection: sqlite3.Connection,
    path: Path,
    document: Document,
    run_id: int | None,
    call: CallRecord,
) -> None:
    """One model call in its own transaction (with its document, so the call has one), and the
    run's call counts with it."""
    with write_transaction(connection, path):
        insert_call(connection, document, run_id, call)


def insert_call(
    connection: sqlite3.Connection, document: Document, run_id: int | None, call: CallRecord
) -> None:
    """``write_call`` inside a transaction the caller holds."""
    from claimtrack.ledger.rows import call_row

    row = call_row(run_id, document.id, call, now())
    upsert_document(connection, document, run_id)
    connection.execute(
        f"INSERT INTO llm_calls ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )
    if run_id is not None:
        reused = call.outcome == "reused"
        connection.execute(
            "UPDATE runs SET calls = calls + ?, calls_reused = calls_reused + ?, "
            "reasks = reasks + ?, cost_usd = cost_usd + ?, prompt_tokens = prompt_tokens + ?, "
            "completion_tokens = completion_tokens + ? WHERE id = ?",
            [
                0 if reused else 1,
                1 if reused else 0,
                0 if reused else max(0, call.attempts - 1),
                call.cost_usd,
                call.prompt_tokens,
                call.completion_tokens,
                run_id,
            ],
        )


class CallLog:
    """Model calls kept as they are made, from the worker threads that make them, and past
    answers looked up: each thread has its own connection to the ledger.

    ``keep`` returns once the call is committed. The calls that threads hand in together are
    committed together (group commit): the first thread to find no commit under way writes
    every call waiting, in one transaction, while the others wait for it. Sixty-four threads
    each taking the write lock for their own call spent ~13 ms a call waiting on each other
    (the lock's waits back off in steps of 1 to 100 ms), and up to a second.
    """

    def __init__(self, path: str | Path, run_id: int | None, *, timeout: float | None = None):
        self.path = Path(path)
        self.run_id = run_id
        self.timeout = timeout
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._spare: list[sqlite3.Connection] = []  # opened ahead, for threads to take
        self._lock = threading.Lock()
        self._waiting: list[_Kept] = []  # calls handed in, not yet being written
        self._writing = False
        self._written = threading.Condition()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            with self._lock:
                connection = self._spare.pop() if self._spare else None
            if connection is None:
                connection = self._open()
            self._local.connection = connection
        return connection

    def _open(self) -> sqlite3.Connection:
        connection = open_for_writing(self.path, timeout=self.timeout)
        # As the ledger's own connection (WAL: consistent through any crash): no fsync a call,
        # which every worker would otherwise wait for in turn, holding the lock.
        connection.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._opened.append(connection)
        return connection

    def open_ahead(self, count: int) -> None:
        """Open ``count`` connections now, for threads about to keep calls to take at their
        first use (a run's main thread does it while its first calls are out, instead of each
        worker opening its own once its first answer is in)."""
        opened = [self._open() for _ in range(count)]
        with self._lock:
            self._spare.extend(opened)

    def lookup(self, request_hash: str) -> str | None:
        with translated(self.path):
            return find_answer(self._connection(), request_hash)

    def keep(self, document: Document, call: CallRecord) -> None:
        kept = _Kept(document, call)
        with self._written:
            self._waiting.append(kept)
            while not kept.done and self._writing:
                self._written.wait()
            if kept.done:
                if kept.error is not None:
                    raise kept.error
                return
            batch, self._waiting, self._writing = self._waiting, [], True
        error: BaseException | None = None
        try:
            connection = self._connection()
            with write_transaction(connection, self.path):
                for each in batch:
                    insert_call(connection, each.document, self.run_id, each.call)
        except BaseException as failed:
            error = failed
        with self._written:
            for each in batch:
                each.done, each.error = True, error
            self._writing = False
            self._written.notify_all()
        if error is not None:
            raise error

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()
            self._spare.clear()


@dataclass
class _Kept:
    """A call handed to ``CallLog.keep``, and whether (and how) its commit ended."""

    document: Document
    call: CallRecord
    done: bool = False
    error: BaseException | None = None
