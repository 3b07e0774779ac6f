"""The model call client: one structured answer from any OpenAI-compatible server, paid once.

Every LLM stage (the claim extractor today; a judge or a matcher next) asks its questions
through ``LLMClient.ask``: a list of chat messages and the pydantic model the answer must
fit. The client owns what each stage would otherwise copy — the request in the chosen mode
(``claimtrack.llm.modes``) posted to the server (``claimtrack.llm.wire``), the cache of answers
already paid for (``CallContext.lookup``), the run's budget and rate limit, retries and the
translation of faults into ``ExtractionError``, token and dollar accounting, and the
``CallRecord`` of every call, handed to ``CallContext.add`` the moment the call is over.

Configured the way this ecosystem expects: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` (OpenAI,
Azure, Ollama, vLLM, llama.cpp...), a model, and a mode (``tools`` by default; ``json_schema``
or ``json`` for servers that need them). Transport retries (429 with Retry-After, 5xx,
timeouts, connection errors) are the wire's, with openai's policy; an answer that does not
validate — including excerpts that are not in the grounding text — is asked again with what
was wrong (``max_reasks`` times), as instructor asked it; a transient fault that outlasts both
is tried again here, with jittered backoff. A call that still fails raises ``ExtractionError``
with the reason. The API key is only ever put in the request's headers: it is not logged,
stored or put in a request's identity.

Neither openai nor instructor is imported on this path (they took ~1 s of CPU to import, and
most of the client's CPU per call); the requests are the bytes instructor sent
(``tests/test_llm_modes.py``), so recorded cassettes replay unchanged. Nor is pydantic needed
until an answer is read: a response model may be named (``claimtrack.llm.responses``) and its
schemas are then read from the package's data, so a run's first requests go out while pydantic
and the claim models are still being imported. ``ask`` is ``start`` (what comes before the
request: its identity, the answer already paid for, the budget), then ``PendingCall.result``
(the request sent and its answer read), which may run in another thread.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from claimtrack.errors import BackendConfigError, ExtractionError
from claimtrack.llm.calls import CallContext, request_hash
from claimtrack.llm.costs import count_tokens, load_prices, price_for, price_known
from claimtrack.llm.modes import (
    Asking,
    Truncated,
    Unreadable,
    answer_text,
    asking,
    first_messages,
    reask_messages,
    request_body,
)
from claimtrack.llm.refusals import (
    Refusals,
    describe_api_error,
    is_transient,
    mode_refused,
    prose_instead_of_tool_call,
)
from claimtrack.llm.responses import NamedModel, resolve, schemas
from claimtrack.llm.servers import endpoint_for, resolve_server
from claimtrack.llm.settings import MODE_NAMES, LLMSettings
from claimtrack.llm.wire import APIFault, Wire
from claimtrack.plain_records import CallRecord

if TYPE_CHECKING:
    from pydantic import BaseModel

    from claimtrack.llm.completion import Completion

__all__ = ["MODES", "LLMClient", "PendingCall", "schema_hash", "tool_model"]

MODES = MODE_NAMES

Answer = TypeVar("Answer", bound="BaseModel")

# What the server was told about a mode it refused (or ignored), per server and model, for the
# life of the process: the calls after the first fail at once, without being sent.
REFUSALS = Refusals()


class LLMClient:
    """Structured answers from a model behind an OpenAI-compatible API, for any stage.

    Thread-safe: one client serves every worker thread of a run (the token totals are behind
    a lock; connections are pooled by the wire).
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
        self.wire = Wire(
            endpoint_for(self.server, api_key),
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        prices = load_prices(settings.prices)
        self.priced = price_known(settings.model, prices)
        self.price = price_for(settings.model, prices)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LLMClient({self.settings!r})"  # never the key

    @property
    def model(self) -> str:
        return self.settings.model

    def prepare(self, response_model: type[BaseModel] | NamedModel[Any]) -> None:
        """Build ``response_model``'s request fields, schema hash and schema tokens now (each
        is cached), so that the first calls of a run's threads do not all wait on them."""
        asking(response_model, self.settings.mode)
        self._schema_hash(response_model)
        self.schema_tokens(response_model)

    def sent_model(self, response_model: type[BaseModel] | NamedModel[Any]) -> type[BaseModel]:
        """The model whose schema is sent: in ``json_schema`` mode its strict form
        (``claimtrack.llm.strict``), which validates answers as ``response_model`` does."""
        return asking(response_model, self.settings.mode).model

    def schema_tokens(self, response_model: type[BaseModel] | NamedModel[Any]) -> int:
        """What the schema sent with every call costs in prompt tokens, counted from the JSON
        that is sent (the tool definition, or the response format's schema)."""
        key = (response_model, self.settings.mode, self.settings.model)
        found = _SCHEMA_TOKENS.get(key)
        if found is None:
            sent = schemas(response_model)
            if self.settings.mode == "tools":
                payload = sent.tool
            else:
                payload = sent.strict if self.settings.mode == "json_schema" else sent.plain
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            found = _SCHEMA_TOKENS[key] = count_tokens(text, self.settings.model)
        return found

    def _schema_hash(self, response_model: type[BaseModel] | NamedModel[Any]) -> str:
        """The hash of the schema sent (``schema_hash`` of ``sent_model``)."""
        key = (response_model, self.settings.mode)
        found = _SENT_HASHES.get(key)
        if found is None:
            sent = schemas(response_model)
            schema = sent.strict if self.settings.mode == "json_schema" else sent.plain
            found = _SENT_HASHES[key] = request_hash(schema)
        return found

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens the server reported over every call of this client."""
        return self.prompt_tokens, self.completion_tokens

    def request(
        self,
        messages: list[dict[str, str]],
        response_model: type[BaseModel] | NamedModel[Any],
        prompt_hash: str,
    ) -> dict[str, Any]:
        """Everything that decides the answer to one call; its hash is the cache key."""
        s = self.settings
        return {
            "model": s.model,
            "mode": s.mode,
            "temperature": s.temperature,
            "max_reasks": s.max_reasks,
            "max_tokens": s.max_tokens,
            "schema": self._schema_hash(response_model),
            "prompt_hash": prompt_hash,
            "messages": messages,
        }

    def estimate(
        self,
        messages: list[dict[str, str]],
        response_model: type[BaseModel] | NamedModel[Any] | None = None,
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
        response_model: ResponseModel[Answer],
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
        return self.start(
            messages,
            response_model,
            grounding_text=grounding_text,
            calls=calls,
            chunk_start=chunk_start,
            chunk_end=chunk_end,
            prompt_name=prompt_name,
            prompt_hash=prompt_hash,
        ).result()

    def start(
        self,
        messages: list[dict[str, str]],
        response_model: ResponseModel[Answer],
        *,
        grounding_text: str | None,
        calls: CallContext,
        chunk_start: int,
        chunk_end: int,
        prompt_name: str,
        prompt_hash: str,
    ) -> PendingCall[Answer]:
        """``ask`` up to its request: the request's identity, the answer already paid for, the
        estimate reserved from the budget (``BudgetExceeded`` is raised here) and the first
        request's body, in this thread; ``result`` does the rest, in any thread. Nothing here
        needs pydantic, nor waits on the network or the rate limit."""
        request = self.request(messages, response_model, prompt_hash)
        key = request_hash(request)
        record = CallRecord(
            key, chunk_start, chunk_end, self.settings.model, prompt_name, prompt_hash, "ok"
        )
        pending = PendingCall(self, messages, response_model, grounding_text, calls, record)
        pending.cached = calls.lookup(key)
        if pending.cached is not None:
            return pending
        _, _, pending.estimate = self.estimate(messages, response_model)
        pending.refused = REFUSALS.get(self.server, self.settings)
        if pending.refused is not None:
            return pending
        calls.budget.reserve(pending.estimate)
        pending.first_body = self._body(pending.ask, first_messages(pending.ask, messages))
        return pending

    def _body(self, ask: Asking, conversation: list[dict[str, Any]]) -> bytes:
        s = self.settings
        return request_body(
            ask, conversation, model=s.model, temperature=s.temperature, max_tokens=s.max_tokens
        )

    def _call_again(
        self,
        pending: PendingCall[Answer],
        usage: _Usage,
    ) -> tuple[Answer, bool]:
        """``_call``, tried again after transient failures that outlasted the client's own
        retries (a truncated answer, a run of 5xx), with jittered backoff."""
        for attempt in range(self.settings.extra_tries + 1):
            try:
                return self._call(pending, usage)
            except ExtractionError as error:
                if not error.transient or attempt == self.settings.extra_tries:
                    raise
                time.sleep(min(8.0, 0.25 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def _call(self, pending: PendingCall[Answer], usage: _Usage) -> tuple[Answer, bool]:
        """One request, asked again (up to ``max_reasks`` times) while the answer does not
        validate: the answer, and whether the re-asks ran out (then the last answer is
        returned as it is, to be stored with what it grounds). API faults become
        ``ExtractionError``."""
        s = self.settings
        ask = pending.ask
        conversation = first_messages(ask, pending.messages)
        tries = s.max_reasks + 1
        failed: Completion | None = None  # the last answer that was asked about again
        body = pending.first_body
        for _ in range(tries):
            try:
                data = self.wire.post(body, sent=pending.written)
            except APIFault as error:
                raise self._api_failure(error) from error
            # What reading an answer takes is imported once there is one to read.
            from claimtrack.llm.completion import read_completion
            from claimtrack.llm.schema import grounding_against

            try:
                completion = read_completion(data)
            except ValueError:
                continue  # not a completion at all: the same request again
            usage.answers += 1
            self._add_usage(completion, usage)
            prose = s.mode == "tools" and prose_instead_of_tool_call(completion)
            try:
                with grounding_against(pending.grounding_text):
                    answer = ask.model.model_validate_json(
                        answer_text(ask, completion), strict=True
                    )
            except Truncated:
                raise ExtractionError(
                    "the model's answer was cut off at its token limit (truncated)",
                    transient=True,
                ) from None
            except ValueError as error:  # malformed, schema-invalid or ungrounded: ask again
                failed = completion
                if prose:
                    # A server that ignores tools answers every re-ask the same way.
                    raise ExtractionError(REFUSALS.ignored(self.server, s)) from error
                try:
                    conversation = conversation + reask_messages(ask, completion, error)
                except Unreadable:
                    break
                body = self._body(ask, conversation)
                continue
            except Exception:  # no choices, a refusal, a validator's own fault: not asked again
                break
            REFUSALS.worked(self.server, s)
            # In json_schema mode, an instance of the strict subclass of ``response_model``.
            return answer, False  # type: ignore[return-value]
        # The re-asks ran out: keep what the last answer said, grounded where it can be.
        last = _last_answer(failed, resolve(pending.response_model))
        if last is not None:
            return last, True
        raise ExtractionError(
            f"the model's answer did not validate after {tries} "
            "attempt(s): malformed, truncated or schema-invalid JSON"
        )

    def _api_failure(self, error: APIFault) -> ExtractionError:
        """An API fault as an ``ExtractionError`` with a readable reason; a server's refusal of
        the mode (tools, or a JSON schema) names the mode to use, and is remembered."""
        refused = mode_refused(error, self.settings.mode)
        if refused is not None:
            return ExtractionError(REFUSALS.refused(self.server, self.settings, refused))
        return ExtractionError(describe_api_error(error), transient=is_transient(error))

    def _add_usage(self, completion: Completion, usage: _Usage) -> None:
        reported = completion.usage
        if reported is None:
            return
        prompt, answered = reported.tokens()
        usage.prompt += prompt
        usage.completion += answered
        with self._lock:
            self.prompt_tokens += prompt
            self.completion_tokens += answered


@dataclass
class _Usage:
    prompt: int = 0
    completion: int = 0
    answers: int = 0  # answers read from the server, re-asks and extra tries included


class PendingCall(Generic[Answer]):
    """A call ``LLMClient.start`` has readied: ``result`` sends it (unless its answer was paid
    for already, or the server refuses the mode) and returns the answer and the call's record,
    from any thread, once. ``sent`` is set once its first request has been written (or has
    failed to be)."""

    def __init__(
        self,
        client: LLMClient,
        messages: list[dict[str, str]],
        response_model: ResponseModel[Answer],
        grounding_text: str | None,
        calls: CallContext,
        record: CallRecord,
    ) -> None:
        self.client = client
        self.messages = messages
        self.response_model = response_model
        self.grounding_text = grounding_text
        self.calls = calls
        self.record = record
        self.ask = asking(response_model, client.settings.mode)
        self.cached: str | None = None
        self.refused: str | None = None
        self.estimate = 0.0
        self.first_body = b""
        self.sent = threading.Event()

    def written(self) -> None:
        """The request is written (or could not be): said, then the answer waited for only
        once it may be read (``CallContext.readable``)."""
        self.sent.set()
        if self.calls.readable is not None:
            self.calls.readable.wait()

    def result(self) -> tuple[Answer, CallRecord]:
        """The answer, as ``LLMClient.ask`` returns it."""
        record, calls = self.record, self.calls
        if self.cached is not None:
            self.sent.set()
            record.outcome, record.response, record.attempts = "reused", self.cached, 0
            calls.add(record)
            model = resolve(self.response_model)
            return model.model_validate_json(self.cached), record
        if self.refused is not None:
            self.sent.set()
            record.outcome, record.error, record.attempts = "error", self.refused, 0
            calls.add(record)
            raise ExtractionError(self.refused)
        client = self.client
        calls.limiter.wait()
        record.sent_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        started = time.perf_counter()
        usage = _Usage()
        try:
            answer, exhausted = client._call_again(self, usage)
        except ExtractionError as error:
            record.outcome, record.error = "error", str(error)
            raise
        finally:
            self.sent.set()
            record.latency_ms = int((time.perf_counter() - started) * 1000)
            record.attempts = max(1, usage.answers)
            record.prompt_tokens, record.completion_tokens = usage.prompt, usage.completion
            record.cost_usd = client.price.cost(usage.prompt, usage.completion)
            calls.budget.settle(self.estimate, record.cost_usd)
            if record.outcome == "error":
                calls.add(record)  # complete: kept the moment the call has failed
        record.outcome = "exhausted" if exhausted else "ok"
        record.response = answer.model_dump_json()
        calls.add(record)
        return answer, record


# A response model: its class, or its name (``claimtrack.llm.responses``: its schemas are
# known before the class is imported).
ResponseModel = type[Answer] | NamedModel[Answer]

_SCHEMA_HASHES: dict[type[BaseModel], str] = {}
_SENT_HASHES: dict[tuple[type[BaseModel] | NamedModel[Any], str], str] = {}
_SCHEMA_TOKENS: dict[tuple[type[BaseModel] | NamedModel[Any], str, str], int] = {}
_TOOL_MODELS: dict[type[BaseModel], Any] = {}
_CACHE_LOCK = threading.Lock()


def tool_model(response_model: type[BaseModel]) -> Any:
    """``response_model`` wrapped for instructor, once per class: for the Batch API's answers
    (``claimtrack.llm.batch``), which are still read by instructor; imports instructor."""
    wrapped = _TOOL_MODELS.get(response_model)
    if wrapped is None:
        import instructor

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
        found = _SCHEMA_HASHES[response_model] = request_hash(schemas(response_model).plain)
    return found


def _last_answer(completion: Completion | None, response_model: type[Answer]) -> Answer | None:
    """The last answer, parsed without the grounding check, if it parses at all."""
    try:
        message = completion.choices[0].message  # type: ignore[union-attr, index]
        calls = message.tool_calls or []  # type: ignore[union-attr]
        payload = calls[0].function.arguments if calls else message.content  # type: ignore[union-attr]
        return response_model.model_validate(json.loads(payload))
    except (AttributeError, IndexError, TypeError, ValueError):  # pydantic's ValidationError too
        return None
