"""Model calls as records: what each cost, and whether an identical one was already paid for.

A backend running in worker threads reads past answers through its own read-only connection
(SQLite in WAL mode lets readers run beside the writer) and appends what it did to a
per-document list; the pipeline writes that list in the same transaction as the document's
claims or its failure, so the ledger never holds a call without its outcome. ``Budget`` and
``RateLimiter`` are shared by all threads of a run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.errors import ClaimtrackError


class BudgetExceeded(ClaimtrackError):
    """The next call would take the run past ``--max-cost``; the document is left undone."""


def request_hash(payload: dict[str, Any]) -> str:
    """The identity of a request: everything that decides the answer, nothing secret."""
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass
class CallRecord:
    request_hash: str
    chunk_start: int
    chunk_end: int
    model: str
    prompt_name: str
    prompt_hash: str
    outcome: str  # ok, exhausted, error, reused
    attempts: int = 1
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    cost_usd: float = 0.0
    response: str | None = None
    sent_at: str | None = None  # UTC, ISO 8601 to the millisecond; stored as ``created_at``


class AnswerCache:
    """Past successful answers in a ledger, read from any thread."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = str(path) if path else None
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = Path(self.path).resolve().as_uri() + "?mode=ro"
            connection = sqlite3.connect(uri, uri=True, timeout=10)
            self._local.connection = connection
        return connection

    def lookup(self, key: str) -> str | None:
        connection = self._connection()
        if connection is None:
            return None
        row = connection.execute(
            "SELECT response FROM llm_calls WHERE request_hash = ? AND outcome = 'ok' "
            "AND response IS NOT NULL ORDER BY id DESC LIMIT 1",
            [key],
        ).fetchone()
        return row[0] if row else None


@dataclass
class Budget:
    """Spending so far against an optional limit, shared by the run's threads."""

    limit: float | None = None
    spent: float = 0.0
    exhausted: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, estimate: float) -> None:
        with self._lock:
            if self.limit is not None and self.spent + estimate > self.limit:
                self.exhausted = True
                raise BudgetExceeded(
                    f"the next call (about ${estimate:.4f}) would pass --max-cost "
                    f"${self.limit:.2f} (spent ${self.spent:.4f})"
                )
            self.spent += estimate

    def settle(self, estimate: float, actual: float) -> None:
        with self._lock:
            self.spent += actual - estimate


class RateLimiter:
    """At most ``per_second`` calls a second across threads (``None``: no limit)."""

    def __init__(self, per_second: float | None) -> None:
        self.interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            time.sleep(at - now)


@dataclass
class CallContext:
    """What a backend needs to be careful with money for one document."""

    cache: AnswerCache = field(default_factory=lambda: AnswerCache(None))
    budget: Budget = field(default_factory=Budget)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(None))
    records: list[CallRecord] = field(default_factory=list)

    def for_document(self) -> CallContext:
        return CallContext(self.cache, self.budget, self.limiter, [])
