"""The extraction pipeline: documents → extractor → grounding check → ledger, one run.

A run is recorded before the first document and closed after the last, with its counts. A
document already extracted by the same extractor (backend, model, prompt) is skipped; one that
fails is recorded with its reason and the batch goes on; one that succeeds lands with all its
claims and model calls in one transaction. Extraction may run in worker threads
(``concurrency``); the ledger is only ever written from the calling thread. A budget stop
(``max_cost``) leaves the remaining documents undone for the next run, not failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Protocol

from claimtrack.calls import (
    AnswerCache,
    Budget,
    BudgetExceeded,
    CallContext,
    RateLimiter,
    request_hash,
)
from claimtrack.errors import ClaimtrackError, DocumentError
from claimtrack.grounding import check_claim
from claimtrack.ledger import Extractor, Ledger
from claimtrack.records import ClaimBase, Document


class Backend(Protocol):
    """What the pipeline needs of an extractor: its identity and ``extract``."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def prompt_name(self) -> str: ...

    @property
    def prompt_hash(self) -> str: ...

    def parameters(self) -> dict[str, object]: ...

    def extract(
        self, document: Document, calls: CallContext | None = None
    ) -> Sequence[ClaimBase]: ...

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens spent so far."""
        ...


@dataclass
class RunSummary:
    run_id: int
    backend: str
    model: str
    documents_done: int = 0
    documents_skipped: int = 0
    documents_failed: int = 0
    documents_left: int = 0
    claims_added: int = 0
    claims_ungrounded: int = 0
    claims_dropped: int = 0
    calls: int = 0
    calls_reused: int = 0
    reasks: int = 0
    cost_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    budget_stop: str | None = None
    input_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.input_errors and self.budget_stop is None


@dataclass
class RunOptions:
    concurrency: int = 1
    max_cost: float | None = None
    rate: float | None = None
    drop_ungrounded: bool = False


Progress = Callable[[str, Document | None], None]
_Outcome = tuple[Document, CallContext, Sequence[ClaimBase] | None, BaseException | None]


def identity(backend: Backend) -> Extractor:
    return Extractor(backend.name, backend.model, backend.prompt_name, backend.prompt_hash)


def extract_documents(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    *,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Run ``backend`` over documents (or the errors met reading them) into ``ledger``.

    Only a backend that says it is ``threadsafe`` runs in several threads: the offline
    extractor is CPU-bound (threads would not help it) and its sentence splitter keeps state.
    """
    options = options or RunOptions()
    if not getattr(backend, "threadsafe", False):
        options = replace(options, concurrency=1)
    extractor = identity(backend)
    parameters = {
        **backend.parameters(),
        "concurrency": options.concurrency,
        "max_cost": options.max_cost,
        "rate": options.rate,
        "drop_ungrounded": options.drop_ungrounded,
    }
    run_id = ledger.start_run(extractor, parameters)
    summary = RunSummary(run_id, backend.name, backend.model)
    shared = CallContext(
        AnswerCache(ledger.path), Budget(options.max_cost), RateLimiter(options.rate)
    )
    status = "failed"
    try:
        for outcome in _outcomes(
            ledger, items, backend, extractor, shared, options, summary, progress
        ):
            _store(ledger, outcome, extractor, summary, options)
            if progress:
                progress("document", outcome[0])
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary.prompt_tokens, summary.completion_tokens = backend.usage()
        ledger.finish_run(
            run_id,
            status,
            {
                "documents_done": summary.documents_done,
                "documents_skipped": summary.documents_skipped,
                "documents_failed": summary.documents_failed + len(summary.input_errors),
                "claims_added": summary.claims_added,
                "prompt_tokens": summary.prompt_tokens,
                "completion_tokens": summary.completion_tokens,
                "calls": summary.calls,
                "calls_reused": summary.calls_reused,
                "reasks": summary.reasks,
                "cost_usd": round(summary.cost_usd, 6),
            },
        )
    return summary


def _work(backend: Backend, document: Document, shared: CallContext) -> _Outcome:
    calls = shared.for_document()
    try:
        claims = [check_claim(document.text, c) for c in backend.extract(document, calls)]
    except (ClaimtrackError, BudgetExceeded) as error:
        return document, calls, None, error
    return document, calls, claims, None


def _outcomes(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    extractor: Extractor,
    shared: CallContext,
    options: RunOptions,
    summary: RunSummary,
    progress: Progress | None,
) -> Iterator[_Outcome]:
    """Extraction outcomes in completion order, at most ``concurrency`` at a time.

    As many documents again wait in the pool's queue, so that a worker that finishes takes
    its next document at once instead of waiting for this thread (which stores outcomes) to
    hand it one; the read-ahead stays bounded, so a batch of any size is never all in memory.
    """
    pending: set[Future[_Outcome]] = set()
    workers = max(1, options.concurrency)
    limit = 2 * workers
    queue = iter(items)
    stopped = False

    def top_up(pool: ThreadPoolExecutor) -> None:
        nonlocal stopped
        while len(pending) < limit:
            item = next(queue, None)
            if item is None:
                return
            if isinstance(item, DocumentError):
                summary.input_errors.append(str(item))
                if progress:
                    progress("error", None)
            elif ledger.is_done(item.id, extractor):
                summary.documents_skipped += 1
                if progress:
                    progress("skipped", item)
            elif stopped or shared.budget.exhausted:
                stopped = True
                summary.documents_left += 1
            else:
                pending.add(pool.submit(_work, backend, item, shared))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        top_up(pool)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            pending.difference_update(done)
            top_up(pool)
            yield from (future.result() for future in done)


def _store(
    ledger: Ledger,
    outcome: _Outcome,
    extractor: Extractor,
    summary: RunSummary,
    options: RunOptions,
) -> None:
    document, calls, claims, error = outcome
    for record in calls.records:
        if record.outcome == "reused":
            summary.calls_reused += 1
        else:
            summary.calls += 1
            summary.reasks += max(0, record.attempts - 1)
            summary.cost_usd += record.cost_usd
    if isinstance(error, BudgetExceeded):
        ledger.record_calls(document, summary.run_id, calls.records)
        summary.budget_stop = str(error)
        summary.documents_left += 1
        return
    if error is not None or claims is None:
        message = str(error)
        ledger.record_failure(document, summary.run_id, extractor, message, calls.records)
        summary.documents_failed += 1
        summary.failures.append(f"{document.source}: {message}")
        return
    ungrounded = [c for c in claims if c.grounding == "ungrounded"]
    summary.claims_ungrounded += len(ungrounded)
    if options.drop_ungrounded and ungrounded:
        claims = [c for c in claims if c.grounding != "ungrounded"]
        summary.claims_dropped += len(ungrounded)
    summary.claims_added += ledger.add_claims(
        document, summary.run_id, extractor, claims, calls.records
    )
    summary.documents_done += 1


@dataclass
class Estimate:
    documents: int = 0
    skipped: int = 0
    calls: int = 0
    reused: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0


def estimate_documents(ledger: Ledger, documents: Iterable[Document], backend: Backend) -> Estimate:
    """What a run would send and cost, without sending anything (``--dry-run``)."""
    estimate = Estimate()
    extractor = identity(backend)
    cache = AnswerCache(ledger.path)
    chunks_of = getattr(backend, "chunks", None)
    cost_of = getattr(backend, "estimate", None)
    key_of = getattr(backend, "request", None)
    for document in documents:
        if ledger.is_done(document.id, extractor):
            estimate.skipped += 1
            continue
        estimate.documents += 1
        if chunks_of is None or cost_of is None or key_of is None:
            continue
        for chunk in chunks_of(document):
            if cache.lookup(request_hash(key_of(document, chunk))) is not None:
                estimate.reused += 1
                continue
            prompt, completion, cost = cost_of(document, chunk)
            estimate.calls += 1
            estimate.prompt_tokens += prompt
            estimate.completion_tokens += completion
            estimate.cost_usd += cost
    return estimate
