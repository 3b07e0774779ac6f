"""Batches sent to a provider's Batch API, as the ledger keeps them (the ``batches`` and
``batch_requests`` tables): what was sent, for which documents and chunks, and where each
batch stands, so that any later process can collect it.

A batch is recorded in the transaction that stores the documents it asks about, right after
the provider accepted it; its answers are kept as model calls (``llm_calls``, through the
call codec) as they are collected, each once, whatever how often collection is tried.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from claimtrack.ledger.connection import write_transaction
from claimtrack.ledger.store import insert_call, now, upsert_document

if TYPE_CHECKING:
    from claimtrack.ledger.store import Ledger
    from claimtrack.records import CallRecord, Document

_COLUMNS = (
    "id, provider_id, run_id, base_url, model, extractor, settings, input_file_id, "
    "output_file_id, error_file_id, status, requests, answered, failed, cost_usd, created_at, "
    "checked_at, collected_at"
)


@dataclass(frozen=True)
class BatchRow:
    """One batch as the ledger holds it."""

    id: int
    provider_id: str
    run_id: int
    base_url: str | None
    model: str
    extractor: str
    settings: str
    input_file_id: str
    output_file_id: str | None
    error_file_id: str | None
    status: str
    requests: int
    answered: int
    failed: int
    cost_usd: float
    created_at: str
    checked_at: str | None
    collected_at: str | None


@dataclass(frozen=True)
class RequestRow:
    """One request of a batch: its custom id (the request hash) and what it asks about."""

    custom_id: str
    document_id: str
    source: str
    chunk_start: int
    chunk_end: int


def record_batch(
    ledger: Ledger,
    *,
    provider_id: str,
    run_id: int,
    base_url: str | None,
    model: str,
    extractor: str,
    settings: str,
    input_file_id: str,
    status: str,
    requests: Sequence[RequestRow],
    documents: Sequence[Document],
) -> int:
    """Record a batch the provider accepted, with its documents, in one transaction."""
    with write_transaction(ledger.conn, ledger.path):
        for document in documents:
            upsert_document(ledger.conn, document, run_id)
        cursor = ledger.conn.execute(
            "INSERT INTO batches (provider_id, run_id, base_url, model, extractor, settings, "
            "input_file_id, status, requests, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                provider_id,
                run_id,
                base_url,
                model,
                extractor,
                settings,
                input_file_id,
                status,
                len({r.custom_id for r in requests}),
                now(),
            ],
        )
        batch_id = int(cursor.lastrowid or 0)
        ledger.conn.executemany(
            "INSERT OR IGNORE INTO batch_requests (batch_id, custom_id, document_id, source, "
            "chunk_start, chunk_end) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (batch_id, r.custom_id, r.document_id, r.source, r.chunk_start, r.chunk_end)
                for r in requests
            ],
        )
    return batch_id


def list_batches(connection: sqlite3.Connection, *, uncollected: bool = False) -> list[BatchRow]:
    """Every batch of the ledger (or those not collected yet), oldest first; none on a ledger
    made before batches were kept."""
    where = " WHERE collected_at IS NULL" if uncollected else ""
    try:
        rows = connection.execute(f"SELECT {_COLUMNS} FROM batches{where} ORDER BY id").fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise
    return [BatchRow(*row) for row in rows]


def batch_requests(connection: sqlite3.Connection, batch_id: int) -> list[RequestRow]:
    rows = connection.execute(
        "SELECT custom_id, document_id, source, chunk_start, chunk_end FROM batch_requests "
        "WHERE batch_id = ? ORDER BY document_id, chunk_start, custom_id",
        [batch_id],
    ).fetchall()
    return [RequestRow(*row) for row in rows]


def batch_documents(connection: sqlite3.Connection, batch_id: int) -> list[Document]:
    """The documents a batch asks about, as they were read (each under the source the batch
    named), in the order they were sent."""
    from claimtrack.records import Document

    rows = connection.execute(
        "SELECT d.id, d.text, r.source, s.title, s.url, s.published FROM "
        "(SELECT document_id, min(source) AS source, min(rowid) AS first FROM batch_requests "
        " WHERE batch_id = ? GROUP BY document_id) r "
        "JOIN documents d ON d.id = r.document_id "
        "LEFT JOIN document_sources s ON s.document_id = r.document_id AND s.source = r.source "
        "ORDER BY r.first",
        [batch_id],
    ).fetchall()
    return [
        Document(
            text,
            source,
            title=title,
            url=url,
            published=date.fromisoformat(published) if published else None,
            id=document_id,
        )
        for document_id, text, source, title, url, published in rows
    ]


def update_status(
    ledger: Ledger,
    batch_id: int,
    *,
    status: str,
    output_file_id: str | None,
    error_file_id: str | None,
) -> None:
    with write_transaction(ledger.conn, ledger.path):
        ledger.conn.execute(
            "UPDATE batches SET status = ?, output_file_id = ?, error_file_id = ?, "
            "checked_at = ? WHERE id = ?",
            [status, output_file_id, error_file_id, now(), batch_id],
        )


def keep_answer(ledger: Ledger, batch: BatchRow, document: Document, call: CallRecord) -> bool:
    """One answer (or failure) of a batch, kept as a model call of the batch's run, unless it
    is kept already (collection tried again, or by two processes at once): checked and written
    in one transaction that holds the write lock."""
    with write_transaction(ledger.conn, ledger.path):
        found = ledger.conn.execute(
            "SELECT 1 FROM llm_calls WHERE run_id = ? AND request_hash = ? AND outcome != 'reused'",
            [batch.run_id, call.request_hash],
        ).fetchone()
        if found is None:
            insert_call(ledger.conn, document, batch.run_id, call)
    return found is None


def mark_collected(
    ledger: Ledger, batch_id: int, *, answered: int, failed: int, cost: float
) -> None:
    with write_transaction(ledger.conn, ledger.path):
        ledger.conn.execute(
            "UPDATE batches SET collected_at = ?, answered = ?, failed = ?, cost_usd = ? "
            "WHERE id = ?",
            [now(), answered, failed, cost, batch_id],
        )


def batch_answer(connection: sqlite3.Connection, request_hash: str) -> str | None:
    """The answer a batch brought to a request: its latest that parsed, with or without the
    grounding check (a batch cannot re-ask; the claims are grounded when they are stored)."""
    row = connection.execute(
        "SELECT response FROM llm_calls WHERE request_hash = ? AND response IS NOT NULL "
        "AND outcome IN ('ok', 'exhausted') ORDER BY outcome = 'ok' DESC, id DESC LIMIT 1",
        [request_hash],
    ).fetchone()
    return str(row[0]) if row else None


def batch_failure(connection: sqlite3.Connection, request_hash: str) -> str | None:
    """Why the latest failed answer to a request failed."""
    row = connection.execute(
        "SELECT error FROM llm_calls WHERE request_hash = ? AND outcome = 'error' "
        "ORDER BY id DESC LIMIT 1",
        [request_hash],
    ).fetchone()
    return str(row[0]) if row and row[0] else None
