"""Extraction through a provider's Batch API: send every request at once, collect later.

``claimtrack extract --batch`` sends, for the documents not yet extracted, one request per
chunk that has no answer in the ledger yet, as a JSONL file uploaded with the files API
(``purpose="batch"``), and creates a batch of it; the batch is recorded in the ledger with its
documents (``ledger.batches``), so that collecting it needs nothing but the ledger and the key —
the process that sent it may be long gone (``claimtrack batches --collect``).

Collecting a finished batch keeps every answer as the model call it stands for (under the run
that sent it, at batch prices; a request the batch failed is kept with its reason), and then
extracts the batch's documents through the pipeline's one path (``extract_documents``): each
chunk's answer is found by its request hash as a paid answer is on any re-run, and turned into
claims, grounded and stored exactly as a live call's answer. A document with a chunk the batch
did not answer is recorded as failed, with the reason, and is sent again by the next run; no
call is ever made live while collecting.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.errors import BackendConfigError, ClaimtrackError, DocumentError, ExtractionError
from claimtrack.ledger import batches as stored
from claimtrack.ledger.connection import open_for_reading
from claimtrack.llm.calls import CallContext, PlannedCall
from claimtrack.pipeline import RunOptions, RunSummary, extract_documents, identity

if TYPE_CHECKING:
    import openai

    from claimtrack.ledger import Ledger
    from claimtrack.llm.batch import BatchLine
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.pipeline import Backend, Progress
    from claimtrack.records import ClaimBase, Document


class BatchError(ClaimtrackError):
    """The provider refused a batch, or it cannot be reached."""


@dataclass
class Submitted:
    """What sending a batch did."""

    run_id: int
    batches: list[str] = field(default_factory=list)  # the provider's batch ids
    requests: int = 0
    documents: int = 0
    skipped: int = 0
    reused: int = 0  # chunks whose answer the ledger had already
    input_errors: list[str] = field(default_factory=list)
    ready: RunSummary | None = None  # documents whose every chunk was answered already


@dataclass
class Collected:
    """What checking (and collecting) one batch did."""

    batch: str
    status: str
    collected: bool = False
    answered: int = 0
    failed: int = 0
    cost_usd: float = 0.0
    summary: RunSummary | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "summary"}
        data["run"] = self.summary.as_dict() if self.summary else None
        return data


def provider_client(
    base_url: str | None, timeout: float = 60.0, retries: int = 4, api_key: str | None = None
) -> openai.OpenAI:
    """The openai client for the files and batches endpoints (key: ``api_key``, else
    ``OPENAI_API_KEY``)."""
    import openai

    key = api_key or os.environ.get("OPENAI_API_KEY")
    if not key and not base_url:
        raise BackendConfigError("the Batch API needs OPENAI_API_KEY (or OPENAI_BASE_URL)")
    return openai.OpenAI(
        api_key=key or "no-key", base_url=base_url, timeout=timeout, max_retries=retries
    )


def submit_batch(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: OpenAIBackend,
    *,
    progress: Progress | None = None,
) -> Submitted:
    """Send the requests the documents need as one batch (several past the Batch API's limits)
    and record it. Documents already extracted are skipped; chunks already answered are not
    sent (the collection reuses their answers)."""
    import openai

    from claimtrack.llm.batch import MAX_BYTES, MAX_REQUESTS, batch_lines

    extractor = identity(backend)
    run_id = ledger.start_run(extractor, {**backend.parameters(), "batch": True})
    done = Submitted(run_id)
    lines: dict[str, BatchLine] = {}
    wanted: list[BatchLine] = []
    ready: list[Document] = []
    status = "failed"
    try:
        for item in items:
            if isinstance(item, DocumentError):
                done.input_errors.append(str(item))
                continue
            if ledger.is_done(item.id, extractor):
                done.skipped += 1
                ledger.add_source(item, run_id)
                if progress:
                    progress("skipped", item)
                continue
            done.documents += 1
            needed = 0
            for line in batch_lines(backend, item):
                wanted.append(line)
                if ledger.answer(line.custom_id) is not None:
                    done.reused += 1
                else:
                    needed += 1
                    lines.setdefault(line.custom_id, line)
            if not needed:
                ready.append(item)  # every chunk answered already: nothing to send
        client = provider_client(
            backend.settings.base_url,
            backend.settings.timeout,
            backend.settings.max_retries,
            backend.api_key,
        )
        for part in _parts(list(lines.values()), MAX_REQUESTS, MAX_BYTES):
            try:
                uploaded = client.files.create(
                    file=("claimtrack-batch.jsonl", b"".join(line.line for line in part)),
                    purpose="batch",
                )
                batch = client.batches.create(
                    input_file_id=uploaded.id,
                    endpoint="/v1/chat/completions",
                    completion_window="24h",
                    metadata={"claimtrack_run": str(run_id)},
                )
            except openai.APIError as error:
                raise BatchError(f"the Batch API refused the batch: {error}") from error
            # Every chunk of the part's documents, answered already or not: collecting extracts
            # those documents, and reads them all.
            documents = {line.document.id for line in part}
            rows = [
                stored.RequestRow(
                    line.custom_id, line.document.id, line.document.source, *_span(line)
                )
                for line in wanted
                if line.document.id in documents
            ]
            stored.record_batch(
                ledger,
                provider_id=batch.id,
                run_id=run_id,
                base_url=backend.settings.base_url,
                model=backend.model,
                extractor=extractor.key,
                settings=json.dumps(_settings(backend), sort_keys=True),
                input_file_id=uploaded.id,
                status=batch.status,
                requests=rows,
                documents=list({line.document.id: line.document for line in part}.values()),
            )
            done.batches.append(batch.id)
            done.requests += len(part)
        status = "finished"
    finally:
        ledger.finish_run(run_id, status, documents_failed=len(done.input_errors))
    if ready:
        with BatchAnswers(backend, ledger.path) as answered:
            done.ready = extract_documents(ledger, ready, answered)
    return done


def _span(line: BatchLine) -> tuple[int, int]:
    return line.chunk_start, line.chunk_end


def _parts(lines: list[BatchLine], most: int, size: int) -> Iterable[list[BatchLine]]:
    """The lines cut into files within the Batch API's limits; a document's lines stay in
    one file."""
    part: list[BatchLine] = []
    used = 0
    for line in lines:
        starts_document = not part or part[-1].document.id != line.document.id
        if part and starts_document and (len(part) >= most or used + len(line.line) > size):
            yield part
            part, used = [], 0
        part.append(line)
        used += len(line.line)
    if part:
        yield part


def _settings(backend: OpenAIBackend) -> dict[str, Any]:
    """What the backend that reads the batch's answers back must be built with: every field of
    its settings (which hold no key; anything named like a secret is left out all the same)."""
    from dataclasses import fields

    values: dict[str, Any] = {}
    for item in fields(backend.settings):
        name = item.name
        if name.endswith(("key", "secret", "password", "ad_token")):
            continue
        value = getattr(backend.settings, name)
        values[name] = list(value) if isinstance(value, tuple) else value
    return values


def collect_batches(
    ledger: Ledger,
    *,
    wait: bool = False,
    poll: float = 30.0,
    on_check: Callable[[Collected], None] | None = None,
) -> list[Collected]:
    """Check every batch not yet collected, once (``wait``: until each has finished, every
    ``poll`` seconds), and collect those that have finished."""
    results: list[Collected] = []
    waiting = stored.list_batches(ledger.conn, uncollected=True)
    while waiting:
        still: list[stored.BatchRow] = []
        for batch in waiting:
            result = collect_batch(ledger, batch)
            if on_check:
                on_check(result)
            if result.collected or not wait:
                results.append(result)
            else:
                still.append(batch)
        waiting = still
        if waiting:
            time.sleep(poll)
    return results


def collect_batch(ledger: Ledger, batch: stored.BatchRow) -> Collected:
    """Check one batch with the provider; when it has finished, keep its answers and extract
    its documents."""
    import openai

    from claimtrack.llm.batch import FINISHED

    settings = json.loads(batch.settings)
    client = provider_client(batch.base_url, settings["timeout"], settings["max_retries"])
    try:
        remote = client.batches.retrieve(batch.provider_id)
    except openai.APIError as error:
        raise BatchError(f"batch {batch.provider_id}: cannot check it: {error}") from error
    stored.update_status(
        ledger,
        batch.id,
        status=remote.status,
        output_file_id=remote.output_file_id,
        error_file_id=remote.error_file_id,
    )
    result = Collected(batch.provider_id, remote.status)
    if remote.status not in FINISHED:
        return result
    ended: str = remote.status
    problems = getattr(getattr(remote, "errors", None), "data", None) or []
    if problems and getattr(problems[0], "message", None):
        ended = f"{remote.status}: {problems[0].message}"
    answers: dict[str, dict[str, Any]] = {}
    from claimtrack.llm.batch import read_answers

    for file_id in (remote.error_file_id, remote.output_file_id):  # answers win over errors
        if file_id:
            try:
                answers.update(read_answers(client.files.content(file_id).text))
            except openai.APIError as error:
                raise BatchError(
                    f"batch {batch.provider_id}: cannot read its results: {error}"
                ) from error
    backend = _backend(settings)
    _keep_answers(ledger, batch, backend, answers, ended, result)
    documents = stored.batch_documents(ledger.conn, batch.id)
    with BatchAnswers(backend, ledger.path) as answered:
        result.summary = extract_documents(ledger, documents, answered, options=RunOptions())
    stored.mark_collected(
        ledger, batch.id, answered=result.answered, failed=result.failed, cost=result.cost_usd
    )
    result.collected = True
    return result


def _backend(settings: dict[str, Any]) -> OpenAIBackend:
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.llm.settings import LLMSettings

    return OpenAIBackend(LLMSettings(**settings))


def _keep_answers(
    ledger: Ledger,
    batch: stored.BatchRow,
    backend: OpenAIBackend,
    answers: dict[str, dict[str, Any]],
    ended: str,
    result: Collected,
) -> None:
    """Each request's answer kept as a model call of the batch's run (once, however often
    collection is tried)."""
    from claimtrack.llm.batch import answer_record, batch_price

    price = batch_price(backend.model, backend.settings.prices)
    kept = stored.kept_calls(ledger.conn, batch.run_id)
    documents = {d.id: d for d in stored.batch_documents(ledger.conn, batch.id)}
    seen: set[str] = set()
    for request in stored.batch_requests(ledger.conn, batch.id):
        answered_before = ledger.answer(request.custom_id) is not None
        if request.custom_id in seen or (answered_before and request.custom_id not in answers):
            continue  # a chunk answered before the batch was sent
        seen.add(request.custom_id)
        document = documents[request.document_id]
        record = answer_record(
            backend.settings,
            custom_id=request.custom_id,
            item=answers.get(request.custom_id),
            chunk_text=document.text[request.chunk_start : request.chunk_end],
            chunk=(request.chunk_start, request.chunk_end),
            prompt_name=backend.prompt_name,
            prompt_hash=backend.prompt_hash,
            price=price,
            ended=ended,
        )
        if record.outcome == "error":
            result.failed += 1
        else:
            result.answered += 1
        result.cost_usd += record.cost_usd
        if request.custom_id not in kept:
            stored.keep_answer(ledger, batch, document, record)


class BatchAnswers:
    """The LLM backend, answered from the ledger alone: each chunk's answer is the one its
    batch brought (found by request hash); a chunk without one fails its document with the
    batch's reason, and nothing is ever sent live."""

    threadsafe = False

    def __init__(self, backend: OpenAIBackend, path: Any) -> None:
        self.backend = backend
        self.path = path
        self._conn = open_for_reading(path)

    def __enter__(self) -> BatchAnswers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.close()

    @property
    def name(self) -> str:
        return self.backend.name

    @property
    def model(self) -> str:
        return self.backend.model

    @property
    def prompt_name(self) -> str:
        return self.backend.prompt_name

    @property
    def prompt_hash(self) -> str:
        return self.backend.prompt_hash

    def parameters(self) -> dict[str, object]:
        return {**self.backend.parameters(), "batch": True, "collected": True}

    def planned_calls(self, document: Document) -> Sequence[PlannedCall]:
        return self.backend.planned_calls(document)

    def _answer(self, request_hash: str) -> str | None:
        return stored.batch_answer(self._conn, request_hash)

    def extract(self, document: Document, calls: CallContext | None = None) -> Sequence[ClaimBase]:
        for chunk in self.backend.chunks(document):
            from claimtrack.llm.calls import request_hash

            key = request_hash(self.backend.request(document, chunk))
            if self._answer(key) is None:
                reason = stored.batch_failure(self._conn, key) or "no answer in the batch"
                raise ExtractionError(
                    f"characters {chunk.start}-{chunk.end} were not answered by the batch: {reason}"
                )
        calls = calls or CallContext()
        answered = CallContext(calls.budget, calls.limiter, self._answer, calls.keep, calls.records)
        return self.backend.extract(document, answered)


def check_backend(backend: Backend) -> OpenAIBackend:
    """The backend, if it can send batches (the openai backend)."""
    from claimtrack.llm.extractor import OpenAIBackend

    if not isinstance(backend, OpenAIBackend):
        raise BackendConfigError("--batch sends model calls: use it with --backend openai")
    return backend
