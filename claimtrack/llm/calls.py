"""Model calls: what each cost, whether an identical one was already paid for, and the limits
a run puts on them.

The LLM client (``claimtrack.llm.client``), in a run's worker threads, asks
``CallContext.lookup`` for past answers and hands every call it makes to ``CallContext.add``,
which keeps it at once (the pipeline points that at the ledger's call log); ``Budget`` and
``RateLimiter`` are shared by all threads of a run.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from claimtrack.errors import ClaimtrackError
from claimtrack.plain_records import CallRecord


class BudgetExceeded(ClaimtrackError):
    """The next call would take the run past ``--max-cost``; the document is left undone."""


def request_hash(payload: dict[str, Any]) -> str:
    """The identity of a request: everything that decides the answer, nothing secret."""
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PlannedCall:
    """A call a backend would make for a document, as a dry run sees it."""

    request_hash: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


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
    """What a backend needs to be careful with money for one document: answers already paid
    for (``lookup`` by request hash), the run's budget and rate, and where each call goes the
    moment it is made (``keep``), so a run killed mid-document has lost no paid answer."""

    budget: Budget = field(default_factory=Budget)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(None))
    lookup: Callable[[str], str | None] = field(default=lambda key: None)
    keep: Callable[[CallRecord], None] | None = None
    records: list[CallRecord] = field(default_factory=list)
    # Set when the answers may be read: a call waits for it between writing its request and
    # reading the answer (a run's first documents wait so while the run's main thread loads
    # what reading answers takes, instead of contending with it for the interpreter lock).
    readable: threading.Event | None = None

    def for_document(
        self,
        keep: Callable[[CallRecord], None] | None = None,
        readable: threading.Event | None = None,
    ) -> CallContext:
        return CallContext(self.budget, self.limiter, self.lookup, keep, [], readable)

    def add(self, record: CallRecord) -> None:
        """One call made (or answered from the ledger) for this document."""
        if self.keep is not None:
            self.keep(record)
        self.records.append(record)
