"""The LLM backend: instructor on the openai client, for any OpenAI-compatible server.

Configured the way this ecosystem expects: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` (OpenAI,
Azure, Ollama, vLLM, llama.cpp...), a model from ``--model`` or ``CLAIMTRACK_MODEL``, and a mode
(``tools`` by default; ``json_schema`` or ``json`` for servers that need them). Transport
retries (429 with Retry-After, 5xx, timeouts, connection errors) belong to the openai client;
re-asks after an answer that does not validate — including excerpts that are not in the
document — belong to instructor. A document that still fails raises ``ExtractionError`` with
the reason, which the pipeline records while the batch goes on. The API key is only ever
handed to the client: it is not logged, stored or put in a run's parameters.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorError, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from claimtrack.calls import CallContext, PlannedCall, request_hash
from claimtrack.chunking import Chunk, chunk_by_tokens
from claimtrack.costs import count_tokens, exact_tokens, load_prices, price_for, token_counter
from claimtrack.errors import BackendConfigError, ExtractionError
from claimtrack.instructor_checks import memoize_async_validator_check
from claimtrack.llm_schema import RESPONSE_MODELS, Extraction, grounding_against, to_claims
from claimtrack.llm_settings import MODE_NAMES, LLMSettings
from claimtrack.prompts import PromptTemplate, get_prompt
from claimtrack.records import CallRecord, ClaimBase, Document

# instructor logs every failed attempt at ERROR; with no logging configured, Python prints
# those to stderr. A library must not: failures come back as ExtractionError with a reason,
# and the CLI prints one line. Applications that configure logging still see them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_INSTRUCTOR_MODES = (instructor.Mode.TOOLS, instructor.Mode.JSON_SCHEMA, instructor.Mode.JSON)
MODES = dict(zip(MODE_NAMES, _INSTRUCTOR_MODES, strict=True))


@dataclass
class OpenAIBackend:
    """Extracts claims with a language model behind an OpenAI-compatible API."""

    settings: LLMSettings
    api_key: str | None = field(default=None, repr=False)
    name: str = "openai"
    threadsafe: bool = True  # calls run in worker threads; shared state is behind locks
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __post_init__(self) -> None:
        if self.settings.mode not in MODES:
            raise BackendConfigError(
                f"unknown mode {self.settings.mode!r}; use one of {', '.join(MODES)}"
            )
        key = self.api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if not self.settings.base_url:
                raise BackendConfigError(
                    "the openai backend needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                    "server); without either, use --backend offline"
                )
            key = "no-key"  # local servers accept any key; the client insists on one
        self.template: PromptTemplate = get_prompt(self.settings.prompt, self.settings.prompts_dirs)
        if self.template.response_model not in RESPONSE_MODELS:
            raise BackendConfigError(
                f"{self.template.path}: unknown response model {self.template.response_model!r}"
            )
        self._client = openai.OpenAI(
            api_key=key,
            base_url=self.settings.base_url,
            timeout=self.settings.timeout,
            max_retries=self.settings.max_retries,
        )
        self._instructor = instructor.from_openai(self._client, mode=MODES[self.settings.mode])
        self._instructor.on("completion:response", _count_attempt)
        self.price = price_for(self.settings.model, load_prices(self.settings.prices))
        self._lock = threading.Lock()
        self._warm_up()

    def _warm_up(self) -> None:
        """Do before any call the first-use work that the first call of every worker thread
        would otherwise wait on together, under one interpreter lock (~50 ms of CPU): the tool
        schema (instructor caches it per class), the prompt template's compiled form, and the
        validators of openai's response types, which pydantic builds on first use."""
        _RESPONSE_MODEL.openai_schema  # noqa: B018  (a cached class property)
        sample = Document(".", "warm-up")
        self.messages(sample, self.chunks(sample)[0])
        ChatCompletion.model_validate(_SAMPLE_COMPLETION)

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def prompt_name(self) -> str:
        return self.template.name

    @property
    def prompt_hash(self) -> str:
        return self.template.hash

    def parameters(self) -> dict[str, object]:
        s = self.settings
        return {
            "base_url": s.base_url,
            "mode": s.mode,
            "max_reasks": s.max_reasks,
            "max_retries": s.max_retries,
            "timeout": s.timeout,
            "chunk_tokens": s.chunk_tokens,
            "overlap_tokens": s.overlap,
            "tokenizer": "tiktoken" if exact_tokens(s.model) else "4 characters a token",
            "temperature": s.temperature,
            "prompt_version": self.template.version,
        }

    def usage(self) -> tuple[int, int]:
        return self.prompt_tokens, self.completion_tokens

    def extract(self, document: Document, calls: CallContext | None = None) -> Sequence[ClaimBase]:
        """Claims of one document, chunk by chunk; every call is appended to ``calls``."""
        calls = calls or CallContext()
        claims: list[ClaimBase] = []
        seen: set[str] = set()
        for chunk in self.chunks(document):
            extraction = self._answer(document, chunk, calls)
            for claim in to_claims(document.text, extraction, chunk.start):
                key = same_claim_key(claim)
                if key in seen:
                    continue  # the same claim, found again in the overlap of two chunks
                seen.add(key)
                claims.append(claim)
        return claims

    def chunks(self, document: Document) -> list[Chunk]:
        return chunk_by_tokens(
            document.text,
            self.settings.chunk_tokens,
            self.settings.overlap,
            token_counter(self.settings.model),
        )

    def messages(self, document: Document, chunk: Chunk) -> list[dict[str, str]]:
        return self.template.render(
            document={
                "published": document.published.isoformat() if document.published else None,
                "title": document.title,
            },
            chunk={"text": chunk.text(document.text), "number": chunk.number, "total": chunk.total},
        )

    def request(self, document: Document, chunk: Chunk) -> dict[str, Any]:
        """Everything that decides the answer to one chunk; its hash is the cache key."""
        return {
            "model": self.settings.model,
            "mode": self.settings.mode,
            "temperature": self.settings.temperature,
            "max_reasks": self.settings.max_reasks,
            "max_tokens": self.settings.max_tokens,
            "schema": _SCHEMA_HASH,
            "prompt_hash": self.template.hash,
            "messages": self.messages(document, chunk),
        }

    def estimate(
        self, document: Document, chunk: Chunk, messages: list[dict[str, str]] | None = None
    ) -> tuple[int, int, float]:
        """Prompt tokens, completion tokens and dollars one call is expected to take."""
        messages = messages or self.messages(document, chunk)
        tool_schema = 400
        prompt = sum(count_tokens(m["content"], self.settings.model) for m in messages)
        prompt += tool_schema
        completion = max(200, prompt // 3)
        return prompt, completion, self.price.cost(prompt, completion)

    def planned_calls(self, document: Document) -> list[PlannedCall]:
        """One call per chunk, with its request hash and expected tokens and cost."""
        planned = []
        for chunk in self.chunks(document):
            request = self.request(document, chunk)
            prompt, completion, cost = self.estimate(document, chunk, request["messages"])
            planned.append(PlannedCall(request_hash(request), prompt, completion, cost))
        return planned

    def _answer(self, document: Document, chunk: Chunk, calls: CallContext) -> Extraction:
        request = self.request(document, chunk)
        key = request_hash(request)
        record = CallRecord(
            key,
            chunk.start,
            chunk.end,
            self.settings.model,
            self.template.name,
            self.template.hash,
            "ok",
        )
        cached = calls.lookup(key)
        if cached is not None:
            record.outcome, record.response, record.attempts = "reused", cached, 0
            calls.add(record)
            return Extraction.model_validate_json(cached)
        _, _, estimate = self.estimate(document, chunk, request["messages"])
        calls.budget.reserve(estimate)
        calls.limiter.wait()
        record.sent_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        started = time.perf_counter()
        _ATTEMPTS.count = 0
        usage = _Usage()
        try:
            extraction, exhausted = self._call_again(
                request["messages"], chunk.text(document.text), usage
            )
        except ExtractionError as error:
            record.outcome, record.error = "error", str(error)
            raise
        finally:
            record.latency_ms = int((time.perf_counter() - started) * 1000)
            record.attempts = max(1, getattr(_ATTEMPTS, "count", 1))
            record.prompt_tokens, record.completion_tokens = usage.prompt, usage.completion
            record.cost_usd = self.price.cost(usage.prompt, usage.completion)
            calls.budget.settle(estimate, record.cost_usd)
            if record.outcome == "error":
                calls.add(record)  # complete: kept the moment the call has failed
        record.outcome = "exhausted" if exhausted else "ok"
        record.response = extraction.model_dump_json()
        calls.add(record)
        return extraction

    def _call_again(
        self, messages: list[dict[str, str]], chunk: str, usage: _Usage
    ) -> tuple[Extraction, bool]:
        """``_call``, tried again after transient failures that outlasted the client's own
        retries (a truncated answer, a run of 5xx), with jittered backoff."""
        for attempt in range(self.settings.extra_tries + 1):
            try:
                return self._call(messages, chunk, usage)
            except ExtractionError as error:
                if not error.transient or attempt == self.settings.extra_tries:
                    raise
                time.sleep(min(8.0, 0.25 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _call(
        self, messages: list[dict[str, str]], chunk: str, usage: _Usage
    ) -> tuple[Extraction, bool]:
        """One request with instructor's re-asks: the answer, and whether the re-asks ran out
        (then the last answer is returned as it is, to be stored with what it grounds).
        API faults become ``ExtractionError``."""
        try:
            with grounding_against(chunk):
                answer, completion = self._instructor.chat.completions.create_with_completion(
                    model=self.settings.model,
                    messages=messages,  # type: ignore[arg-type]
                    response_model=_RESPONSE_MODEL,
                    max_retries=self.settings.max_reasks,
                    temperature=self.settings.temperature,
                    max_tokens=self.settings.max_tokens,
                )
            self._add_usage(getattr(completion, "usage", None), usage)
            return answer, False  # an Extraction: the wrapped class is a subclass
        except InstructorRetryException as error:
            cause = _api_error(error)
            if cause is not None:
                raise ExtractionError(_describe(cause), transient=_transient(cause)) from error
            self._add_usage(getattr(error, "total_usage", None), usage)
            # The re-asks ran out: keep what the last answer said, grounded where it can be.
            last = _last_answer(getattr(error, "last_completion", None))
            if last is not None:
                return last, True
            raise ExtractionError(
                f"the model's answer did not validate after {self.settings.max_reasks + 1} "
                "attempt(s): malformed, truncated or schema-invalid JSON"
            ) from error
        except IncompleteOutputException as error:
            raise ExtractionError(
                "the model's answer was cut off at its token limit (truncated)", transient=True
            ) from error
        except InstructorError as error:
            cause = _api_error(error)
            raise ExtractionError(
                _describe(cause) if cause else f"the model's answer failed: {_first_line(error)}",
                transient=cause is None or _transient(cause),
            ) from error
        except openai.APIError as error:
            raise ExtractionError(_describe(error), transient=_transient(error)) from error

    def _add_usage(self, reported: Any, usage: _Usage) -> None:
        if reported is None:
            return
        usage.prompt += getattr(reported, "prompt_tokens", 0) or 0
        usage.completion += getattr(reported, "completion_tokens", 0) or 0
        with self._lock:
            self.prompt_tokens += getattr(reported, "prompt_tokens", 0) or 0
            self.completion_tokens += getattr(reported, "completion_tokens", 0) or 0


@dataclass
class _Usage:
    prompt: int = 0
    completion: int = 0


_ATTEMPTS = threading.local()
_SCHEMA_HASH = request_hash(Extraction.model_json_schema())
# instructor wraps a plain model in a new class on every call, which defeats its own schema
# cache; a model wrapped once is taken as it is, so the tool schema is built once per process
# (about 10 ms of CPU per call otherwise: at 40 calls a second, most of one core).
_RESPONSE_MODEL: Any = instructor.response_schema(Extraction)
memoize_async_validator_check()
_SAMPLE_COMPLETION = {
    "id": "warm-up",
    "object": "chat.completion",
    "created": 0,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "Extraction", "arguments": "{}"},
                    }
                ],
            },
        }
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def same_claim_key(claim: ClaimBase) -> str:
    """What makes two answers the same claim: its kind, every field, and where every span is —
    not how the claim sentence is worded or how confident the model was. Two quotes (or two
    dates) of one sentence share their evidence but not their fields: both are kept."""
    return json.dumps(
        [
            claim.kind,
            claim.fields(),
            sorted((name, span.start, span.end) for name, span in claim.spans.items()),
            claim.claim if claim.evidence.grounding == "ungrounded" else "",
        ],
        sort_keys=True,
        default=str,
    )


def _count_attempt(*args: Any, **kwargs: Any) -> None:
    """instructor hook: one more answer from the model in this thread's current call."""
    _ATTEMPTS.count = getattr(_ATTEMPTS, "count", 0) + 1


def _api_error(error: BaseException) -> openai.APIError | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, openai.APIError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _transient(error: openai.APIError) -> bool:
    if isinstance(error, openai.APIConnectionError | openai.RateLimitError):
        return True  # timeouts are connection errors too
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500


def _describe(error: openai.APIError) -> str:
    if isinstance(error, openai.APITimeoutError):
        return "the model server did not answer in time (timeout)"
    if isinstance(error, openai.APIConnectionError):
        return "cannot reach the model server (connection error)"
    if isinstance(error, openai.RateLimitError):
        return "rate limited by the model server (HTTP 429), retries used up"
    if isinstance(error, openai.AuthenticationError):
        return "the model server refused the API key (HTTP 401)"
    if isinstance(error, openai.APIStatusError):
        return f"the model server answered HTTP {error.status_code}: {_first_line(error)}"
    return f"the model server failed: {_first_line(error)}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _last_answer(completion: Any) -> Extraction | None:
    """The last answer's claims, parsed without the grounding check, if it parses at all."""
    try:
        message = completion.choices[0].message
        calls = getattr(message, "tool_calls", None) or []
        payload = calls[0].function.arguments if calls else message.content
        return Extraction.model_validate(json.loads(payload))
    except (AttributeError, IndexError, TypeError, ValueError, ValidationError):
        return None
