"""The ledger: one SQLite file holding documents, runs, claims, spans and verification history.

It is a plain file that ``sqlite-utils`` and Datasette open as they are. Everything a document
yields lands in one transaction, so a failure at any point leaves the ledger as it was. The
verification history is append-only (triggers refuse updates and deletes), and a claim's
current status is written by a trigger from its latest event, never by hand.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from claimtrack import __version__
from claimtrack.calls import CallRecord
from claimtrack.errors import LedgerError, LedgerLockedError, NotFoundError, UsageError
from claimtrack.migrations import migrations
from claimtrack.records import STATUSES, ClaimBase, Document

_SQLITE_HEADER = b"SQLite format 3\x00"
_JSON_FIELDS = ("participants", "parties", "quantities")
_KIND_COLUMNS = {
    "date": ("event", "date_text", "date_value", "date_resolved", "date_relative", "participants"),
    "quote": ("speaker", "quote", "cue", "direct"),
    "agreement": ("parties", "terms", "date_text", "date_value", "agreement_state"),
    "statement": ("subject", "quantities"),
}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Extractor:
    """Who extracts: the identity a run and every claim record, and the key that makes re-runs
    skip what is done (the same backend, model and prompt template)."""

    backend: str
    model: str
    prompt_name: str
    prompt_hash: str

    @property
    def key(self) -> str:
        return f"{self.backend}:{self.model}:{self.prompt_name}:{self.prompt_hash}"


def _fingerprint(document_id: str, extractor: Extractor, claim: ClaimBase) -> str:
    payload = json.dumps(
        [document_id, extractor.key, claim.model_dump(mode="json")], sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Ledger:
    """A claimtrack ledger file. Opening one creates it or brings its schema up to date."""

    def __init__(self, path: str | Path, *, timeout: float = 5.0, create: bool = True) -> None:
        self.path = Path(path)
        self._check_file(create)
        try:
            conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            with self._translated():
                self._check_schema()
                if self.db.journal_mode != "wal":
                    self.db.enable_wal()
                # In WAL mode NORMAL keeps the file consistent through any crash; only the last
                # commits before a power loss can be lost. It saves an fsync per document.
                self.db.execute("PRAGMA synchronous=NORMAL")
                migrations.apply(self.db)
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path}: cannot open as a ledger: {error}") from error

    # -- opening -----------------------------------------------------------------------------

    def _check_file(self, create: bool) -> None:
        if self.path.is_dir():
            raise LedgerError(f"{self.path}: is a directory, not a ledger file")
        if not self.path.exists():
            if not create:
                raise LedgerError(f"{self.path}: no such ledger (run 'claimtrack extract' first)")
            if not self.path.parent.exists():
                raise LedgerError(f"{self.path}: folder {self.path.parent} does not exist")
            return
        try:
            with self.path.open("rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except OSError as error:
            raise LedgerError(f"{self.path}: cannot read: {error.strerror}") from error
        if header and header != _SQLITE_HEADER:
            raise LedgerError(f"{self.path}: not a claimtrack ledger (not a SQLite database)")

    def _check_schema(self) -> None:
        tables = set(self.db.table_names())
        if tables and "_claimtrack" not in tables:
            raise LedgerError(
                f"{self.path}: not a claimtrack ledger (a SQLite database with other tables); "
                "choose another --db file"
            )

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """SQLite's lock and corruption errors, as ledger errors a user can act on."""
        try:
            yield
        except sqlite3.OperationalError as error:
            message = str(error)
            if "locked" in message or "busy" in message:
                raise LedgerLockedError(
                    f"{self.path}: the ledger is locked by another process; try again when it "
                    "has finished"
                ) from error
            raise LedgerError(f"{self.path}: {message}") from error
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path}: {error}") from error

    def close(self) -> None:
        self.db.close()

    # -- runs and extraction -----------------------------------------------------------------

    def start_run(self, extractor: Extractor, parameters: dict[str, Any] | None = None) -> int:
        with self._translated(), self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO runs (backend, model, prompt_name, prompt_hash, parameters, "
                "claimtrack_version, started_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    extractor.backend,
                    extractor.model,
                    extractor.prompt_name,
                    extractor.prompt_hash,
                    json.dumps(parameters or {}, sort_keys=True),
                    __version__,
                    now(),
                    "running",
                ],
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int | float]) -> None:
        with self._translated(), self.db.atomic():
            self.db.table("runs").update(run_id, {"status": status, "finished_at": now(), **counts})

    def is_done(self, document_id: str, extractor: Extractor) -> bool:
        rows = self.db.execute(
            "SELECT 1 FROM extractions WHERE document_id = ? AND extractor = ? AND status = 'done'",
            [document_id, extractor.key],
        ).fetchall()
        return bool(rows)

    def _upsert_document(self, document: Document) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO documents (id, source, title, url, published, text, chars, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                document.id,
                document.source,
                document.title,
                document.url,
                document.published.isoformat() if document.published else None,
                document.text,
                len(document.text),
                now(),
            ],
        )

    def _mark(
        self,
        document_id: str,
        extractor: Extractor,
        run_id: int,
        status: str,
        error: str | None,
        claims: int,
    ) -> None:
        self.db.execute(
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
        calls: Sequence[CallRecord] = (),
    ) -> int:
        """Store a document, its claims and the model calls behind them in one transaction;
        returns how many claims were new.

        A claim already in the ledger (same document, extractor and content) is not added again,
        so re-running the same extraction adds nothing.
        """
        added = 0
        stamp = now()
        with self._translated(), self.db.atomic():
            self._upsert_document(document)
            self._insert_calls(document, run_id, calls, stamp)
            for claim in claims:
                if self._insert_claim(document, run_id, extractor, claim, stamp):
                    added += 1
            self._mark(document.id, extractor, run_id, "done", None, len(claims))
        return added

    def record_failure(
        self,
        document: Document,
        run_id: int,
        extractor: Extractor,
        error: str,
        calls: Sequence[CallRecord] = (),
    ) -> None:
        """Remember that a document failed and why (and the calls it cost), so a re-run retries
        it and reuses whatever answers it already paid for."""
        with self._translated(), self.db.atomic():
            self._upsert_document(document)
            self._insert_calls(document, run_id, calls, now())
            self._mark(document.id, extractor, run_id, "failed", error, 0)

    def record_calls(self, document: Document, run_id: int, calls: Sequence[CallRecord]) -> None:
        """Keep the calls of a document left undone (a budget stop), so none is paid twice."""
        if not calls:
            return
        with self._translated(), self.db.atomic():
            self._upsert_document(document)
            self._insert_calls(document, run_id, calls, now())

    def _insert_calls(
        self, document: Document, run_id: int, calls: Sequence[CallRecord], stamp: str
    ) -> None:
        for call in calls:
            self.db.execute(
                "INSERT INTO llm_calls (request_hash, run_id, document_id, chunk_start, "
                "chunk_end, model, prompt_name, prompt_hash, attempts, outcome, error, "
                "prompt_tokens, completion_tokens, latency_ms, cost_usd, response, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    call.request_hash,
                    run_id,
                    document.id,
                    call.chunk_start,
                    call.chunk_end,
                    call.model,
                    call.prompt_name,
                    call.prompt_hash,
                    call.attempts,
                    call.outcome,
                    call.error,
                    call.prompt_tokens,
                    call.completion_tokens,
                    call.latency_ms,
                    call.cost_usd,
                    call.response,
                    call.sent_at or stamp,
                ],
            )

    def _insert_claim(
        self, document: Document, run_id: int, extractor: Extractor, claim: ClaimBase, stamp: str
    ) -> bool:
        for name, span in claim.spans.items():
            if document.text[span.start : span.end] != span.text:
                raise LedgerError(f"refusing to store span {name!r}: it is not the document's text")
        fingerprint = _fingerprint(document.id, extractor, claim)
        fields = claim.fields()
        kind = str(claim.model_dump(include={"kind"})["kind"])
        row: dict[str, Any] = {
            "fingerprint": fingerprint,
            "document_id": document.id,
            "run_id": run_id,
            "kind": kind,
            "claim": claim.claim,
            "confidence": claim.confidence,
            "grounding": claim.evidence.grounding,
            "grounding_score": claim.evidence.score,
            "evidence_start": claim.evidence.start,
            "evidence_end": claim.evidence.end,
            "evidence_text": claim.evidence.text,
            "extractor": extractor.key,
            "model": extractor.model,
            "prompt_name": extractor.prompt_name,
            "prompt_hash": extractor.prompt_hash,
            "extracted_at": stamp,
        }
        for column, value in fields.items():
            column = "agreement_state" if column == "state" else column
            if column in _JSON_FIELDS:
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, bool):
                value = int(value)
            row[column] = value
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO claims ({columns}) VALUES ({marks})", list(row.values())
        )
        if cursor.rowcount == 0:
            return False
        claim_id = cursor.lastrowid
        for name, span in claim.spans.items():
            self.db.execute(
                'INSERT INTO spans (claim_id, field, start, "end", text, grounding, score, '
                "claimed, pieces, discrepancies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    claim_id,
                    name,
                    span.start,
                    span.end,
                    span.text,
                    span.grounding,
                    span.score,
                    span.claimed,
                    json.dumps(span.pieces) if span.pieces else None,
                    json.dumps(span.discrepancies) if span.discrepancies else None,
                ],
            )
        self.db.execute(
            "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES (?, ?, ?, ?, ?)",
            [claim_id, "unverified", f"extracted by run {run_id}", "claimtrack", stamp],
        )
        return True

    # -- reading -----------------------------------------------------------------------------

    def claims(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        grounding: str | None = None,
        document: str | None = None,
        speaker: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Claims matching every filter given, in document order."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("kind", kind),
            ("status", status),
            ("grounding", grounding),
            ("speaker", speaker),
        ):
            if value is not None:
                where.append(f"c.{column} = ?")
                params.append(value)
        if document is not None:
            where.append("(c.document_id = ? OR d.source = ?)")
            params.extend([document, document])
        if search:
            where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(_fts_query(search))
        sql = (
            "SELECT c.*, d.source AS document_source FROM claims c "
            "JOIN documents d ON d.id = c.document_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.document_id, c.evidence_start, c.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._translated():
            return [_decode(row) for row in self.db.query(sql, params)]

    def claim(self, claim_id: int) -> dict[str, Any]:
        """One claim with its spans, its document's text and its whole history."""
        rows = self.claims_by_ids([claim_id])
        if not rows:
            raise NotFoundError(f"no claim with id {claim_id}")
        return rows[0]

    def claims_by_ids(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        with self._translated():
            rows = [
                _decode(row)
                for row in self.db.query(
                    "SELECT c.*, d.source AS document_source, d.text AS document_text "
                    "FROM claims c JOIN documents d ON d.id = c.document_id "
                    f"WHERE c.id IN ({marks})",
                    list(ids),
                )
            ]
            for row in rows:
                row["spans"] = {
                    span["field"]: _decode_span(span)
                    for span in self.db.query(
                        'SELECT field, start, "end", text, grounding, score, claimed, pieces, '
                        "discrepancies FROM spans "
                        "WHERE claim_id = ? ORDER BY start",
                        [row["id"]],
                    )
                }
                row["history"] = self.history(row["id"])
        return rows

    def history(self, claim_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT id, status, note, by, at FROM claim_events WHERE claim_id = ? ORDER BY id",
                [claim_id],
            )
        )

    def set_status(
        self, claim_id: int, status: str, *, note: str | None = None, by: str
    ) -> dict[str, Any]:
        """Append a verification event; the claim's current status follows from it."""
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}; choose one of: {', '.join(STATUSES)}")
        if not by.strip():
            raise UsageError("a status change needs a reviewer name (--by)")
        with self._translated(), self.db.atomic():
            exists = self.db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone()
            if not exists:
                raise NotFoundError(f"no claim with id {claim_id}")
            stamp = now()
            cursor = self.db.execute(
                "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES (?, ?, ?, ?, ?)",
                [claim_id, status, note, by, stamp],
            )
        return {
            "id": cursor.lastrowid,
            "claim_id": claim_id,
            "status": status,
            "note": note,
            "by": by,
            "at": stamp,
        }

    def stats(self) -> dict[str, Any]:
        def grouped(column: str) -> dict[str, int]:
            return {
                str(row[column]): row["n"]
                for row in self.db.query(
                    f"SELECT {column}, count(*) AS n FROM claims GROUP BY {column} ORDER BY n DESC"
                )
            }

        with self._translated():
            counts = {
                table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "runs", "claims", "claim_events")
            }
            failed = self.db.execute(
                "SELECT count(*) FROM extractions WHERE status = 'failed'"
            ).fetchone()[0]
            return {
                **counts,
                "failed_extractions": failed,
                "by_kind": grouped("kind"),
                "by_status": grouped("status"),
                "by_grounding": grouped("grounding"),
            }

    def failures(self) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT e.document_id, d.source, e.extractor, e.error, e.at FROM extractions e "
                "JOIN documents d ON d.id = e.document_id WHERE e.status = 'failed'"
            )
        )


def _fts_query(search: str) -> str:
    """A user's words as an FTS5 query of quoted terms, so punctuation cannot break it."""
    terms = [t.replace('"', '""') for t in search.split()]
    return " ".join(f'"{t}"' for t in terms)


def _decode_span(span: dict[str, Any]) -> dict[str, Any]:
    for column in ("pieces", "discrepancies"):
        span[column] = json.loads(span[column]) if span[column] else []
    return span


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for column in _JSON_FIELDS:
        if row.get(column):
            row[column] = json.loads(row[column])
    return row


def kind_columns(kind: str) -> tuple[str, ...]:
    """The per-kind columns of the claims table, for display and export."""
    return _KIND_COLUMNS[kind]
