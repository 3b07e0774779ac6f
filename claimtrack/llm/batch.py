"""The provider Batch API, on the LLM side: requests written as JSONL lines, answers read back.

Each chunk the extractor would send is one line ``{"custom_id", "method", "url", "body"}``:
the ``custom_id`` is the request hash the call cache keys answers by (``LLMClient.request``),
and the body is the chat completion request instructor would send for it (tools, JSON schema
or JSON, as the mode says). Answers come back in any order and are mapped by ``custom_id``;
each becomes the ``CallRecord`` a live call would have made — ``ok`` when it validates with
its excerpts checked against the chunk, ``exhausted`` when only its shape does (a batch
cannot re-ask; its claims are grounded when stored, as those of a live call that ran out of
re-asks are), ``error`` with a readable reason otherwise — with its tokens, at batch prices.

Batch prices are ``batch_input``/``batch_output`` of a model's entry in the price table;
a model without them is charged half its live prices (the Batch API's discount at OpenAI).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from claimtrack.llm.calls import request_hash
from claimtrack.llm.costs import BUILTIN_PRICES, Price, load_prices, price_for
from claimtrack.records import CallRecord

if TYPE_CHECKING:
    from claimtrack.chunking import Chunk
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.llm.settings import LLMSettings
    from claimtrack.records import Document

ENDPOINT = "/v1/chat/completions"
# The Batch API's limits for one input file (documented by OpenAI): a larger batch is sent as
# several.
MAX_REQUESTS = 50_000
MAX_BYTES = 190 * 1024 * 1024
# Statuses after which a batch changes no more.
FINISHED = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchLine:
    """One request of a batch: its line of JSONL, and the document and chunk it asks about."""

    custom_id: str
    document: Document
    chunk_start: int
    chunk_end: int
    line: bytes


def batch_lines(backend: OpenAIBackend, document: Document) -> list[BatchLine]:
    """The requests extracting ``document`` takes, one per chunk."""
    lines = []
    for chunk in backend.chunks(document):
        messages = backend.messages(document, chunk)
        key = request_hash(backend.request(document, chunk))
        body = chat_body(backend.settings, messages)
        line = {"custom_id": key, "method": "POST", "url": ENDPOINT, "body": body}
        encoded = json.dumps(line, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        lines.append(BatchLine(key, document, chunk.start, chunk.end, encoded))
    return lines


def chat_body(settings: LLMSettings, messages: list[dict[str, str]]) -> dict[str, Any]:
    """The chat completion request instructor sends for these messages in the settings' mode."""
    from instructor.processing.response import handle_response_model

    from claimtrack.llm.client import tool_model
    from claimtrack.llm.schema import Extraction

    _, body = handle_response_model(
        tool_model(Extraction),
        mode=_instructor_mode(settings.mode),
        messages=messages,
        model=settings.model,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
    )
    return dict(body)


def batch_price(model: str, prices: str | Path | None = None) -> Price:
    """What a model's tokens cost in a batch, in dollars per million."""
    live = price_for(model, load_prices(prices))  # also checks the table
    chosen = Path(prices or os.environ.get("CLAIMTRACK_PRICES") or BUILTIN_PRICES)
    raw = yaml.safe_load(chosen.read_text(encoding="utf-8")) or {}
    matches = [n for n in raw if model == str(n) or model.startswith(f"{n}-")]
    entry = raw[max(matches, key=len)] if matches else {}
    return Price(
        float(entry.get("batch_input", live.input / 2)),
        float(entry.get("batch_output", live.output / 2)),
    )


def read_answers(text: str) -> dict[str, dict[str, Any]]:
    """The lines of a batch's output or error file, by custom id (their order means nothing)."""
    answers: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        if line.strip():
            item = json.loads(line)
            answers[str(item.get("custom_id"))] = item
    return answers


def answer_record(
    settings: LLMSettings,
    *,
    custom_id: str,
    item: dict[str, Any] | None,
    chunk_text: str,
    chunk: Chunk | tuple[int, int],
    prompt_name: str,
    prompt_hash: str,
    price: Price,
    ended: str,
) -> CallRecord:
    """The call record of one request's line (``None``: the batch ended, ``ended`` says how,
    without answering it)."""
    start, end = chunk if isinstance(chunk, tuple) else (chunk.start, chunk.end)
    record = CallRecord(custom_id, start, end, settings.model, prompt_name, prompt_hash, "error")
    if item is None:
        record.error = f"the batch ended ({ended}) without an answer to this request"
        return record
    response = item.get("response") or {}
    body = response.get("body") or {}
    usage = body.get("usage") or {}
    record.prompt_tokens = int(usage.get("prompt_tokens") or 0)
    record.completion_tokens = int(usage.get("completion_tokens") or 0)
    record.cost_usd = price.cost(record.prompt_tokens, record.completion_tokens)
    error = item.get("error")
    status = response.get("status_code")
    if error or status != 200:
        message = (error or {}).get("message") or ((body.get("error") or {}).get("message"))
        record.error = (
            f"the model server answered HTTP {status}: {message or 'no reason given'}"
            if status and status != 200
            else f"the batch could not run this request: {message or 'no reason given'}"
        )
        return record
    parsed = _parse(settings, body, chunk_text)
    if isinstance(parsed, str):
        record.error = parsed
        return record
    answer, grounded = parsed
    record.outcome = "ok" if grounded else "exhausted"
    record.response = answer
    return record


def _parse(settings: LLMSettings, body: dict[str, Any], chunk_text: str) -> tuple[str, bool] | str:
    """The answer as the stored JSON of an ``Extraction``, and whether its excerpts passed the
    grounding check; or why it cannot be read."""
    from instructor.core import IncompleteOutputException
    from openai.types.chat import ChatCompletion
    from pydantic import ValidationError

    from claimtrack.llm.client import tool_model
    from claimtrack.llm.schema import Extraction, grounding_against

    try:
        completion = ChatCompletion.model_validate(body)
    except ValidationError:
        return "the batch's answer is not a chat completion"
    model = tool_model(Extraction)
    try:
        with grounding_against(chunk_text):
            answer = model.from_response(completion, mode=_instructor_mode(settings.mode))
        return answer.model_dump_json(), True
    except IncompleteOutputException:
        return "the model's answer was cut off at its token limit (truncated)"
    except Exception:  # any answer that does not validate is tried without the check
        pass
    try:
        answer = model.from_response(completion, mode=_instructor_mode(settings.mode))
        return answer.model_dump_json(), False
    except Exception:  # reported as a reason on the request
        return "the model's answer in the batch did not validate: malformed or schema-invalid JSON"


def _instructor_mode(name: str) -> Any:
    """instructor's mode for a ``--mode`` name (the Batch API's requests and answers are
    still built and read by instructor)."""
    import instructor

    from claimtrack.llm.instructor_checks import memoize_async_validator_check

    memoize_async_validator_check()
    modes = {
        "tools": instructor.Mode.TOOLS,
        "json_schema": instructor.Mode.JSON_SCHEMA,
        "json": instructor.Mode.JSON,
    }
    return modes[name]
