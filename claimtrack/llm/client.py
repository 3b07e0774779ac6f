"""The model call client: one structured answer from any OpenAI-compatible server, paid once.

Every LLM stage (the claim extractor today; a judge or a matcher next) asks its questions
through ``LLMClient.ask``: a list of chat messages and the pydantic model the answer must
fit. The client owns what each stage would otherwise copy — the openai client and instructor
on it, the cache of answers already paid for (``CallContext.lookup``), the run's budget and
rate limit, retries and the translation of faults into ``ExtractionError``, token and dollar
accounting, and the ``CallRecord`` of every call, handed to ``CallContext.add`` the moment the
call is over.

Configured the way this ecosystem expects: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` (OpenAI,
Azure, Ollama, vLLM, llama.cpp...), a model, and a mode (``tools`` by default; ``json_schema``
or ``json`` for servers that need them). Transport retries (429 with Retry-After, 5xx,
timeouts, connection errors) belong to the openai client; re-asks after an answer that does
not validate — including excerpts that are not in the grounding text — belong to instructor;
a transient fault that outlasts both is tried again here, with jittered backoff. A call that
still fails raises ``ExtractionError`` with the reason. The API key is only ever handed to the
openai client: it is not logged, stored or put in a request's identity.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorError, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception, stop_after_attempt

from claimtrack.errors import BackendConfigError, ExtractionError
from claimtrack.llm.calls import CallContext, request_hash
from claimtrack.llm.costs import count_tokens, load_prices, price_for, price_known
from claimtrack.llm.instructor_checks import memoize_async_validator_check
from claimtrack.llm.refusals import (
    Refusals,
    api_error,
    describe_api_error,
    is_transient,
    mode_refused,
    prose_instead_of_tool_call,
)
from claimtrack.llm.schema import grounding_against
from claimtrack.llm.servers import make_client, resolve_server
from claimtrack.llm.settings import MODE_NAMES, LLMSettings
from claimtrack.llm.strict import mark_strict, strict_model
from claimtrack.llm.transport import instructor_on
from claimtrack.records import CallRecord

__all__ = ["MODES", "LLMClient", "schema_hash", "tool_model"]

# instructor logs every failed attempt at ERROR; with no logging configured, Python prints
# those to stderr. A library must not: failures come back as ExtractionError with a reason,
# and the CLI prints one line. Applications that configure logging still see them.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_INSTRUCTOR_MODES = (instructor.Mode.TOOLS, instructor.Mode.JSON_SCHEMA, instructor.Mode.JSON)
MODES = dict(zip(MODE_NAMES, _INSTRUCTOR_MODES, strict=True))

Answer = TypeVar("Answer", bound=BaseModel)

# What the server was told about a mode it refused (or ignored), per server and model, for the
# life of the process: the calls after the first fail at once, without being sent.
REFUSALS = Refusals()


class LLMClient:
    """Structured answers from a model behind an OpenAI-compatible API, for any stage.

    Thread-safe: one client serves every worker thread of a run (the token totals are behind
    a lock; the attempt counter is per thread).
    """

    def __init__(self, settings: LLMSettings, api_key: str | None = None) -> None:
        if settings.mode not in MODES:
            raise BackendConfigError(
                f"unknown mode {settings.mode!r}; use one of {', '.join(MODES)}"
            )
        self.settings = settings
        self.prompt_tokens = 0  # over every call of this client, re-asks included
        self.completion_tokens = 0
        self.server = resolve_server(settings.base_url, settings.model)
        self._client = make_client(
            self.server, api_key, timeout=settings.timeout, max_retries=settings.max_retries
        )
        self._instructor = instructor_on(self._client, MODES[settings.mode])
        self._attempts = threading.local()
        self._instructor.on("completion:response", self._count_attempt)
        if settings.mode == "json_schema":
            self._instructor.on("completion:kwargs", mark_strict)
        prices = load_prices(settings.prices)
        self.priced = price_known(settings.model, prices)
        self.price = price_for(settings.model, prices)
        self._lock = threading.Lock()
        # The validators of openai's response types, which pydantic builds on first use: built
        # here, not by the first call of every worker thread together under one interpreter lock.
        ChatCompletion.model_validate(_SAMPLE_COMPLETION)

    def __repr__(self) -> str:
        return f"LLMClient({self.settings!r})"  # never the key

    @property
    def model(self) -> str:
        return self.settings.model

    def prepare(self, response_model: type[BaseModel]) -> None:
        """Build ``response_model``'s tool schema and schema hash now (both are cached per
        class), so that the first calls of a run's threads do not all wait on it."""
        tool_model(self.sent_model(response_model)).openai_schema  # noqa: B018  (cached)
        schema_hash(self.sent_model(response_model))
        self.schema_tokens(response_model)

    def sent_model(self, response_model: type[BaseModel]) -> type[BaseModel]:
        """The model whose schema is sent: in ``json_schema`` mode its strict form
        (``claimtrack.llm.strict``), which validates answers as ``response_model`` does."""
        return (
            strict_model(response_model) if self.settings.mode == "json_schema" else response_model
        )

    def schema_tokens(self, response_model: type[BaseModel]) -> int:
        """What the schema sent with every call costs in prompt tokens, counted from the JSON
        that is sent (the tool definition, or the response format's schema)."""
        key = (response_model, self.settings.mode, self.settings.model)
        found = _SCHEMA_TOKENS.get(key)
        if found is None:
            sent = self.sent_model(response_model)
            if self.settings.mode == "tools":
                payload = tool_model(sent).openai_schema
            else:
                payload = sent.model_json_schema()
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            found = _SCHEMA_TOKENS[key] = count_tokens(text, self.settings.model)
        return found

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens the server reported over every call of this client."""
        return self.prompt_tokens, self.completion_tokens

    def request(
        self, messages: list[dict[str, str]], response_model: type[BaseModel], prompt_hash: str
    ) -> dict[str, Any]:
        """Everything that decides the answer to one call; its hash is the cache key."""
        s = self.settings
        return {
            "model": s.model,
            "mode": s.mode,
            "temperature": s.temperature,
            "max_reasks": s.max_reasks,
            "max_tokens": s.max_tokens,
            "schema": schema_hash(self.sent_model(response_model)),
            "prompt_hash": prompt_hash,
            "messages": messages,
        }

    def estimate(
        self, messages: list[dict[str, str]], response_model: type[BaseModel] | None = None
    ) -> tuple[int, int, float]:
        """Prompt tokens, completion tokens and dollars one call is expected to take (the
        schema sent with it included when ``response_model`` is given)."""
        prompt = sum(count_tokens(m["content"], self.settings.model) for m in messages)
        prompt += 0 if response_model is None else self.schema_tokens(response_model)
        completion = max(200, prompt // 3)
        return prompt, completion, self.price.cost(prompt, completion)

    def ask(
        self,
        messages: list[dict[str, str]],
        response_model: type[Answer],
        *,
        grounding_text: str | None,
        calls: CallContext,
        chunk_start: int,
        chunk_end: int,
        prompt_name: str,
        prompt_hash: str,
    ) -> tuple[Answer, CallRecord]:
        """The answer to ``messages`` as a ``response_model``, and the call's record.

        An identical request already paid for (``calls.lookup``) is answered from its stored
        response (outcome ``reused``). Otherwise the call's estimated cost is reserved from the
        run's budget (``BudgetExceeded`` before anything is sent), the rate limit waited for,
        the model asked — excerpts checked against ``grounding_text`` while its answer is
        validated — and the reservation settled with what the call cost. Every call is handed
        to ``calls.add`` once it is over: ``ok``, ``exhausted`` (the re-asks ran out; the last
        answer is returned as it is) or ``error`` (then ``ExtractionError`` is raised, after
        the record with its attempts, tokens and latency has been added).
        """
        request = self.request(messages, response_model, prompt_hash)
        key = request_hash(request)
        record = CallRecord(
            key, chunk_start, chunk_end, self.settings.model, prompt_name, prompt_hash, "ok"
        )
        cached = calls.lookup(key)
        if cached is not None:
            record.outcome, record.response, record.attempts = "reused", cached, 0
            calls.add(record)
            return response_model.model_validate_json(cached), record
        _, _, estimate = self.estimate(messages, response_model)
        refused = REFUSALS.get(self.server, self.settings)
        if refused is not None:
            record.outcome, record.error, record.attempts = "error", refused, 0
            calls.add(record)
            raise ExtractionError(refused)
        calls.budget.reserve(estimate)
        calls.limiter.wait()
        record.sent_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        started = time.perf_counter()
        self._attempts.count = 0
        usage = _Usage()
        try:
            answer, exhausted = self._call_again(messages, response_model, grounding_text, usage)
        except ExtractionError as error:
            record.outcome, record.error = "error", str(error)
            raise
        finally:
            record.latency_ms = int((time.perf_counter() - started) * 1000)
            record.attempts = max(1, getattr(self._attempts, "count", 1))
            record.prompt_tokens, record.completion_tokens = usage.prompt, usage.completion
            record.cost_usd = self.price.cost(usage.prompt, usage.completion)
            calls.budget.settle(estimate, record.cost_usd)
            if record.outcome == "error":
                calls.add(record)  # complete: kept the moment the call has failed
        record.outcome = "exhausted" if exhausted else "ok"
        record.response = answer.model_dump_json()
        calls.add(record)
        return answer, record

    def _call_again(
        self,
        messages: list[dict[str, str]],
        response_model: type[Answer],
        grounding_text: str | None,
        usage: _Usage,
    ) -> tuple[Answer, bool]:
        """``_call``, tried again after transient failures that outlasted the client's own
        retries (a truncated answer, a run of 5xx), with jittered backoff."""
        for attempt in range(self.settings.extra_tries + 1):
            try:
                return self._call(messages, response_model, grounding_text, usage)
            except ExtractionError as error:
                if not error.transient or attempt == self.settings.extra_tries:
                    raise
                time.sleep(min(8.0, 0.25 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _call(
        self,
        messages: list[dict[str, str]],
        response_model: type[Answer],
        grounding_text: str | None,
        usage: _Usage,
    ) -> tuple[Answer, bool]:
        """One request with instructor's re-asks: the answer, and whether the re-asks ran out
        (then the last answer is returned as it is, to be stored with what it grounds).
        API faults become ``ExtractionError``."""
        self._attempts.ignored_tools = False
        try:
            with grounding_against(grounding_text):
                answer, completion = self._instructor.chat.completions.create_with_completion(
                    model=self.settings.model,
                    messages=messages,  # type: ignore[arg-type]
                    response_model=tool_model(self.sent_model(response_model)),
                    max_retries=self._reasks(),
                    temperature=self.settings.temperature,
                    max_tokens=self.settings.max_tokens,
                )
            self._add_usage(getattr(completion, "usage", None), usage)
            REFUSALS.worked(self.server, self.settings)
            return answer, False  # a response_model: the wrapped class is a subclass
        except InstructorRetryException as error:
            cause = api_error(error)
            if cause is not None:
                raise self._api_failure(cause) from error
            self._add_usage(getattr(error, "total_usage", None), usage)
            if getattr(self._attempts, "ignored_tools", False):
                reason = REFUSALS.ignored(self.server, self.settings)
                raise ExtractionError(reason) from error
            # The re-asks ran out: keep what the last answer said, grounded where it can be.
            last = _last_answer(getattr(error, "last_completion", None), response_model)
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
            cause = api_error(error)
            if cause is not None:
                raise self._api_failure(cause) from error
            raise ExtractionError(
                f"the model's answer failed: {_first_line(error)}", transient=True
            ) from error
        except openai.APIError as error:
            raise self._api_failure(error) from error

    def _api_failure(self, error: openai.APIError) -> ExtractionError:
        """An API fault as an ``ExtractionError`` with a readable reason; a server's refusal of
        the mode (tools, or a JSON schema) names the mode to use, and is remembered."""
        refused = mode_refused(error, self.settings.mode)
        if refused is not None:
            return ExtractionError(REFUSALS.refused(self.server, self.settings, refused))
        return ExtractionError(describe_api_error(error), transient=is_transient(error))

    def _reasks(self) -> Any:
        """instructor's re-asks, as a tenacity policy: a parse or validation failure is asked
        again up to ``max_reasks`` times, except an answer in prose to a call that asked for a
        tool call (a server that ignores tools answers every re-ask the same way)."""

        def worth_asking_again(error: BaseException) -> bool:
            return isinstance(error, _REASKED) and not getattr(
                self._attempts, "ignored_tools", False
            )

        return Retrying(
            stop=stop_after_attempt(self.settings.max_reasks + 1),
            retry=retry_if_exception(worth_asking_again),
            reraise=True,
        )

    def _add_usage(self, reported: Any, usage: _Usage) -> None:
        if reported is None:
            return
        usage.prompt += getattr(reported, "prompt_tokens", 0) or 0
        usage.completion += getattr(reported, "completion_tokens", 0) or 0
        with self._lock:
            self.prompt_tokens += getattr(reported, "prompt_tokens", 0) or 0
            self.completion_tokens += getattr(reported, "completion_tokens", 0) or 0

    def _count_attempt(self, completion: Any = None, *args: Any, **kwargs: Any) -> None:
        """instructor hook: one more answer from the model in this thread's current call (and
        whether it was prose where a tool call was asked for)."""
        self._attempts.count = getattr(self._attempts, "count", 0) + 1
        if self.settings.mode == "tools" and prose_instead_of_tool_call(completion):
            self._attempts.ignored_tools = True


@dataclass
class _Usage:
    prompt: int = 0
    completion: int = 0


# instructor wraps a plain model in a new class on every call, which defeats its own schema
# cache; a model wrapped once is taken as it is, so each tool schema is built once per process
# (about 10 ms of CPU per call otherwise: at 40 calls a second, most of one core).
_TOOL_MODELS: dict[type[BaseModel], Any] = {}
_SCHEMA_HASHES: dict[type[BaseModel], str] = {}
_SCHEMA_TOKENS: dict[tuple[type[BaseModel], str, str], int] = {}
# What instructor re-asks after (its parse errors, validation errors and JSON errors are all
# ValueErrors).
_REASKED = (ValueError,)
_CACHE_LOCK = threading.Lock()


def tool_model(response_model: type[BaseModel]) -> Any:
    """``response_model`` wrapped for instructor, once per class."""
    wrapped = _TOOL_MODELS.get(response_model)
    if wrapped is None:
        with _CACHE_LOCK:
            wrapped = _TOOL_MODELS.get(response_model)
            if wrapped is None:
                wrapped = _TOOL_MODELS[response_model] = instructor.response_schema(response_model)
    return wrapped


def schema_hash(response_model: type[BaseModel]) -> str:
    """The hash of ``response_model``'s JSON schema: part of every request's identity, so a
    changed schema is never answered from the cache."""
    found = _SCHEMA_HASHES.get(response_model)
    if found is None:
        found = _SCHEMA_HASHES[response_model] = request_hash(response_model.model_json_schema())
    return found


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


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _last_answer(completion: Any, response_model: type[Answer]) -> Answer | None:
    """The last answer, parsed without the grounding check, if it parses at all."""
    try:
        message = completion.choices[0].message
        calls = getattr(message, "tool_calls", None) or []
        payload = calls[0].function.arguments if calls else message.content
        return response_model.model_validate(json.loads(payload))
    except (AttributeError, IndexError, TypeError, ValueError, ValidationError):
        return None
