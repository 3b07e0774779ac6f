"""The extraction pipeline: documents → extractor → grounding check → ledger, one run.

A run is recorded before the first document and closed after the last. A document already
extracted by the same extractor (backend, model, prompt) is skipped — also when another process
stored it while this one was extracting it; one that fails is recorded with its reason and the
batch goes on; one that succeeds lands with all its claims and the run's counts in one
transaction. Extraction may run in worker threads (``concurrency``); each model call is kept in
the ledger from the thread that made it, the moment it is made; documents are stored from the
calling thread. A budget stop (``max_cost``) leaves the remaining documents undone for the next
run, not failed.

With a backend that can start a document here (the LLM's ``start``), the first ``concurrency``
documents' calls are readied by the calling thread and handed to the workers together, so that
the first requests go out together; what reading their answers takes (pydantic, the claim
models, grounding) is loaded while they are out.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from claimtrack.errors import ClaimtrackError, DocumentError, ExtractionError
from claimtrack.ledger import CallLog, Ledger, LedgerReader
from claimtrack.llm.calls import Budget, BudgetExceeded, CallContext, PlannedCall, RateLimiter
from claimtrack.plain_records import Document, Extractor

if TYPE_CHECKING:
    from claimtrack.records import ClaimBase


class Backend(Protocol):
    """Everything the pipeline asks of an extractor."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def prompt_name(self) -> str: ...

    @property
    def prompt_hash(self) -> str: ...

    @property
    def threadsafe(self) -> bool:
        """Whether documents may be extracted in several threads at once."""
        ...

    def parameters(self) -> dict[str, object]:
        """What a run records about how it extracted (never a secret)."""
        ...

    def extract(
        self, document: Document, calls: CallContext | None = None
    ) -> Sequence[ClaimBase]: ...

    def planned_calls(self, document: Document) -> Sequence[PlannedCall]:
        """The model calls extracting ``document`` would make (none for a rule-based
        extractor), for a dry run."""
        ...


class Started(Protocol):
    """A document whose extraction has begun in the run's main thread (a backend that has a
    ``start(document, calls)`` method returns one): its first model call readied, nothing of
    it sent yet."""

    def finish(self) -> Sequence[ClaimBase]:
        """The document's claims (the call sent, its answer read), in any thread."""
        ...

    def wait_sent(self, timeout: float) -> bool:
        """Whether the first request has been written, waiting up to ``timeout`` seconds."""
        ...


@dataclass
class RunSummary:
    """What one run did; the ledger's ``runs`` row holds the same counts."""

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
    claims_instruction_like: int = 0  # evidence in text that reads as instructions to a model
    calls: int = 0
    calls_reused: int = 0
    reasks: int = 0
    cost_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    budget_stop: str | None = None
    input_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.input_errors and self.budget_stop is None

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (``claimtrack extract --json``)."""
        return {
            "run": self.run_id,
            "backend": self.backend,
            "model": self.model,
            "documents_done": self.documents_done,
            "documents_skipped": self.documents_skipped,
            "documents_failed": self.documents_failed + len(self.input_errors),
            "documents_left": self.documents_left,
            "claims_added": self.claims_added,
            "claims_ungrounded": self.claims_ungrounded,
            "claims_dropped": self.claims_dropped,
            "claims_instruction_like": self.claims_instruction_like,
            "calls": self.calls,
            "calls_reused": self.calls_reused,
            "reasks": self.reasks,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "budget_stop": self.budget_stop,
            "errors": self.input_errors + self.failures,
            "merged": self.merged,
        }


@dataclass(kw_only=True)
class RunOptions:
    """How a run goes: documents in flight, money and rate limits, and whether claims whose
    evidence is not in the document are kept (marked ungrounded) or dropped."""

    concurrency: int = 1
    max_cost: float | None = None
    rate: float | None = None
    drop_ungrounded: bool = False


Progress = Callable[[str, Document | None], None]
_Outcome = tuple[Document, CallContext, "Sequence[ClaimBase] | None", BaseException | None]


def identity(backend: Backend) -> Extractor:
    return Extractor(backend.name, backend.model, backend.prompt_name, backend.prompt_hash)


def extract_documents(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    *,
    options: RunOptions | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> RunSummary:
    """Run ``backend`` over documents (or the errors met reading them) into ``ledger``.

    Only a backend that says it is ``threadsafe`` runs in several threads. Every model call is
    kept in the ledger as it is made; every document lands in its own transaction with the
    run's counts, so a run stopped at any point has true counts and has lost no paid answer.

    With an ``executor`` (Dask's, see ``claimtrack.dask_cluster``), documents are extracted by
    ``extract_elsewhere`` in its workers, ``concurrency`` at a time, and stored here as they
    come back: for a backend that makes no model calls.
    """
    options = options or RunOptions()
    if not backend.threadsafe and executor is None:
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
    log = CallLog(ledger.path, run_id)
    shared = CallContext(Budget(options.max_cost), RateLimiter(options.rate), log.lookup)
    status = "failed"
    try:
        for outcome in _outcomes(
            ledger, items, backend, extractor, shared, log, options, summary, progress, executor
        ):
            _store(ledger, outcome, extractor, summary, options)
            if progress:
                progress("document", outcome[0])
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        log.close()
        ledger.finish_run(run_id, status, documents_failed=len(summary.input_errors))
    return summary


def _work(backend: Backend, document: Document, shared: CallContext, log: CallLog) -> _Outcome:
    calls = shared.for_document(partial(log.keep, document))
    claims, error = _extract(backend, document, calls)
    return document, calls, claims, error


def _finish(
    backend: Backend, document: Document, calls: CallContext, started: Started | BaseException
) -> _Outcome:
    """``_work`` for a document whose extraction the main thread has started."""
    claims, error = _extract(backend, document, calls, started)
    return document, calls, claims, error


def _extract(
    backend: Backend,
    document: Document,
    calls: CallContext | None,
    started: Started | BaseException | None = None,
) -> tuple[list[ClaimBase] | None, BaseException | None]:
    """A document's checked claims, or why there are none."""
    try:
        if isinstance(started, BaseException):
            raise started
        claims = backend.extract(document, calls) if started is None else started.finish()
        from claimtrack.grounding import check_claim  # loaded by now (``_load_checks``)

        return [check_claim(document.text, c) for c in claims], None
    except (ClaimtrackError, BudgetExceeded) as error:
        return None, error
    except Exception as error:  # a bug met on one document must not end the batch
        reason = f"the {backend.name} extractor failed on this document ({type(error).__name__}"
        return None, ExtractionError(f"{reason}: {error}); please report it")


def extract_elsewhere(
    backend: Backend, document: Document
) -> tuple[list[ClaimBase] | None, str | None]:
    """What ``_work`` does, in another process (a Dask worker): a backend that makes no model
    calls, a document in, its checked claims (or the reason it failed, as text: an exception
    need not survive the trip back) out."""
    claims, error = _extract(backend, document, None)
    return claims, None if error is None else str(error)


def _elsewhere(document: Document, future: Future[Any]) -> _Outcome:
    """The outcome of a document extracted by ``extract_elsewhere``."""
    claims, error = future.result()
    return document, CallContext(), claims, None if error is None else ExtractionError(error)


def _outcomes(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    extractor: Extractor,
    shared: CallContext,
    log: CallLog,
    options: RunOptions,
    summary: RunSummary,
    progress: Progress | None,
    executor: Executor | None = None,
) -> Iterator[_Outcome]:
    """Extraction outcomes in completion order, at most ``concurrency`` at a time.

    As many documents again wait in the pool's queue, so that a worker that finishes takes
    its next document at once instead of waiting for this thread (which stores outcomes) to
    hand it one; the read-ahead stays bounded, so a batch of any size is never all in memory.
    """
    # Each future with its place in the input: outcomes that finish together are stored in
    # input order (a set of futures iterates in an order that differs between processes).
    pending: dict[Future[Any], int] = {}
    documents: dict[Future[Any], Document] = {}  # of the futures run by ``executor``
    submitted = 0
    workers = max(1, options.concurrency)
    limit = 2 * workers
    queue = iter(items)
    stopped = False
    skipped = 0
    # A backend that can start a document's extraction here (``Started``) has the first
    # documents' calls readied by this thread, one after the other, before any worker runs,
    # and handed to the workers together: the first requests go out together, instead of each
    # worker readying its own while the others wait for the interpreter lock. Not with a rate
    # limit (readying does not wait for it, sending does).
    starts: Callable[[Document, CallContext], Started] | None = (
        getattr(backend, "start", None)
        if executor is None and not shared.limiter.interval
        else None
    )

    def next_document() -> Document | None:
        """The next document to extract (``None``: no more), counting on the way the input
        errors, the documents done before and those left by a budget stop."""
        nonlocal stopped, skipped
        for item in queue:
            if isinstance(item, DocumentError):
                summary.input_errors.append(str(item))
                if progress:
                    progress("error", None)
            elif ledger.is_done(item.id, extractor):
                _skip(ledger, item, summary)
                skipped += 1
                if progress:
                    progress("skipped", item)
            elif stopped or shared.budget.exhausted:
                stopped = True
                summary.documents_left += 1
            else:
                return item
        return None

    # What the first documents' calls wait for between writing their requests and reading the
    # answers: this thread's loading what reading them takes (``_load_checks``). An answer that
    # comes back meanwhile waits in its socket, and no worker wakes to contend for the
    # interpreter lock with the loading (on a loaded machine each such hand-over cost ms).
    loaded = threading.Event()

    def start_first(pool: Executor) -> list[Started | BaseException]:
        """The first ``workers`` documents started here, then handed to the workers."""
        nonlocal submitted
        first: list[tuple[Document, CallContext, Started | BaseException]] = []
        while starts is not None and len(first) < workers:
            document = next_document()
            if document is None:
                break
            calls = shared.for_document(partial(log.keep, document), loaded)
            first.append((document, calls, _start(starts, document, calls)))
        for document, calls, started in first:
            pending[pool.submit(_finish, backend, document, calls, started)] = submitted
            submitted += 1
        return [started for _, _, started in first]

    def top_up(pool: Executor) -> None:
        nonlocal submitted
        while len(pending) < limit:
            document = next_document()
            if document is None:
                return
            if executor is not None:
                future = pool.submit(extract_elsewhere, backend, document)
                pending[future], documents[future] = submitted, document
            else:
                pending[pool.submit(_work, backend, document, shared, log)] = submitted
            submitted += 1

    def outcome(future: Future[Any]) -> _Outcome:
        document = documents.pop(future, None)
        return future.result() if document is None else _elsewhere(document, future)

    opened: AbstractContextManager[Executor] = (
        ThreadPoolExecutor(max_workers=workers) if executor is None else nullcontext(executor)
    )
    with opened as pool:
        try:
            # The first documents' calls go out first; what checking their answers takes is
            # loaded while they are out.
            if starts is not None:
                first = start_first(pool)
                _wait_sent(first, _FIRST_CALLS)
                top_up(pool)
                log.open_ahead(len(first))  # for the workers' first keep
            else:
                top_up(pool)
                wait(pending, timeout=_FIRST_CALLS, return_when=FIRST_COMPLETED)
            _load_checks(backend)
            loaded.set()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                finished = sorted(done, key=pending.__getitem__)
                for future in finished:
                    del pending[future]
                top_up(pool)
                yield from (outcome(future) for future in finished)
        finally:
            loaded.set()  # whatever happened here, no worker is left waiting
            ledger.count_run(summary.run_id, documents_skipped=skipped)


# The longest the main thread waits for the first documents' requests to be written before it
# loads what reading their answers takes (their connections may take long to open).
_FIRST_CALLS = 0.05


def _start(
    starts: Callable[[Document, CallContext], Started], document: Document, calls: CallContext
) -> Started | BaseException:
    """``backend.start``, or what it raised (raised again by the worker that finishes the
    document, where any failure of its extraction is taken in)."""
    try:
        return starts(document, calls)
    except Exception as error:
        return error


def _wait_sent(started: Sequence[Started | BaseException], timeout: float) -> None:
    """Wait (up to ``timeout`` in all) until the first requests have been written."""
    deadline = time.monotonic() + timeout
    for each in started:
        if not isinstance(each, BaseException):
            each.wait_sent(max(0.0, deadline - time.monotonic()))


def _load_checks(backend: Backend) -> None:
    """Load what checking the claims of an answer takes (grounding, and rapidfuzz under it;
    what the backend reads answers with: ``load``) while the first documents are out with the
    model, not before their calls are sent. For a backend that loads (the LLM's), the cyclic
    garbage collector is held meanwhile and what was loaded is frozen out of its later
    collections (as ``claimtrack.backends`` does for the backend's own imports): it lives as
    long as the process."""
    load = getattr(backend, "load", None)
    if load is None:
        import claimtrack.grounding

        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        import claimtrack.grounding  # noqa: F401

        load()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _skip(ledger: Ledger, document: Document, summary: RunSummary) -> None:
    """A document this extractor has done: nothing to extract, but a new source of its text
    is kept and reported."""
    summary.documents_skipped += 1
    same = ledger.add_source(document, summary.run_id)
    if same is not None:
        summary.merged.append(f"{document.source}: the same text as {same}, extracted once")


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
        summary.prompt_tokens += record.prompt_tokens
        summary.completion_tokens += record.completion_tokens
    if isinstance(error, BudgetExceeded):
        summary.budget_stop = str(error)
        summary.documents_left += 1
        return
    if error is not None or claims is None:
        message = str(error)
        ledger.record_failure(document, summary.run_id, extractor, message)
        summary.documents_failed += 1
        summary.failures.append(f"{document.source}: {message}")
        return
    ungrounded = sum(c.grounding == "ungrounded" for c in claims)
    dropped = 0
    if options.drop_ungrounded:
        kept = [c for c in claims if c.evidence.grounding != "ungrounded"]
        dropped, claims = len(claims) - len(kept), kept
    stored = ledger.add_claims(document, summary.run_id, extractor, claims)
    if stored.same_text_as is not None:
        summary.merged.append(
            f"{document.source}: the same text as {stored.same_text_as}, extracted once"
        )
    if stored.already_done:
        summary.documents_skipped += 1
        return
    summary.claims_ungrounded += ungrounded
    summary.claims_dropped += dropped
    summary.claims_added += stored.added
    summary.claims_instruction_like += stored.instruction_like
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
    input_errors: list[str] = field(default_factory=list)


def estimate_documents(
    ledger: LedgerReader, items: Iterable[Document | DocumentError], backend: Backend
) -> Estimate:
    """What a run would send and cost, without sending anything (``--dry-run``); documents that
    cannot be read are reported, as a run would."""
    estimate = Estimate()
    extractor = identity(backend)
    for item in items:
        if isinstance(item, DocumentError):
            estimate.input_errors.append(str(item))
            continue
        if ledger.is_done(item.id, extractor):
            estimate.skipped += 1
            continue
        estimate.documents += 1
        for call in backend.planned_calls(item):
            if ledger.answer(call.request_hash) is not None:
                estimate.reused += 1
                continue
            estimate.calls += 1
            estimate.prompt_tokens += call.prompt_tokens
            estimate.completion_tokens += call.completion_tokens
            estimate.cost_usd += call.cost_usd
    return estimate
