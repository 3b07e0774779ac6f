"""Sending a batch: the requests the documents need, as JSONL, uploaded and created at the
provider, and recorded in the ledger with their documents."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.errors import BackendConfigError, ClaimtrackError, DocumentError
from claimtrack.ledger import batches as stored
from claimtrack.pipeline import RunSummary, extract_documents, identity

if TYPE_CHECKING:
    import openai

    from claimtrack.ledger import Ledger
    from claimtrack.llm.batch import BatchLine
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.pipeline import Backend, Progress
    from claimtrack.records import Document


from claimtrack.batch.answers import BatchAnswers


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


def check_backend(backend: Backend) -> OpenAIBackend:
    """The backend, if it can send batches (the openai backend)."""
    from claimtrack.llm.extractor import OpenAIBackend

    if not isinstance(backend, OpenAIBackend):
        raise BackendConfigError("--batch sends model calls: use it with --backend openai")
    return backend
