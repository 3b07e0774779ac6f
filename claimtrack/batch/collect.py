"""Collecting a batch: its status checked, its answers kept as model calls (at batch prices),
its documents extracted through the pipeline from those answers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from claimtrack.ledger import batches as stored
from claimtrack.pipeline import RunOptions, RunSummary, extract_documents

if TYPE_CHECKING:
    from claimtrack.ledger import Ledger
    from claimtrack.llm.extractor import OpenAIBackend


from claimtrack.batch.answers import BatchAnswers
from claimtrack.batch.send import BatchError, provider_client


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
        stored.keep_answer(ledger, batch, document, record)
