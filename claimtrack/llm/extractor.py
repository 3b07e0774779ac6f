"""The LLM extractor: claims from a document, chunk by chunk, asked of a model through
``LLMClient``.

This module holds what is particular to extracting claims: the document cut into chunks within
the model's token budget, each chunk rendered into the prompt template's messages, the answer
(an ``Extraction``) turned into claims with spans into the whole document, and a claim found
twice in the overlap of two chunks kept once. Everything about the call itself — caching,
budget, rate, retries, faults, costs — is the client's (``claimtrack.llm.client``).
``start`` does what comes before a document's first request in the calling thread (the
pipeline readies the first documents so); nothing of it needs pydantic, which reading answers
takes (``load``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimtrack.chunking import Chunk, chunk_by_tokens
from claimtrack.errors import BackendConfigError
from claimtrack.llm.calls import CallContext, PlannedCall, request_hash
from claimtrack.llm.client import LLMClient, PendingCall
from claimtrack.llm.costs import exact_tokens, token_counter
from claimtrack.llm.responses import NamedModel
from claimtrack.llm.settings import LLMSettings
from claimtrack.plain_records import Document
from claimtrack.prompts import PromptTemplate, get_prompt

if TYPE_CHECKING:
    from claimtrack.llm.schema import Extraction
    from claimtrack.records import ClaimBase

# What the extractor asks for, by name: its schemas ship with the package, so the first calls go
# out before pydantic and the claim models are imported (``claimtrack.llm.responses``).
EXTRACTION: NamedModel[Extraction] = NamedModel("claimtrack.llm.schema", "Extraction")
RESPONSE_MODELS: dict[str, NamedModel[Extraction]] = {"Extraction": EXTRACTION}

__all__ = ["EXTRACTION", "OpenAIBackend", "Started", "same_claim_key"]


@dataclass
class OpenAIBackend:
    """Extracts claims with a language model behind an OpenAI-compatible API."""

    settings: LLMSettings
    api_key: str | None = field(default=None, repr=False)
    name: str = "openai"
    threadsafe: bool = True  # calls run in worker threads; shared state is behind locks

    def __post_init__(self) -> None:
        self._chunk_pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self.client = LLMClient(self.settings, self.api_key)
        self.template: PromptTemplate = get_prompt(self.settings.prompt, self.settings.prompts_dirs)
        if self.template.response_model not in RESPONSE_MODELS:
            raise BackendConfigError(
                f"{self.template.path}: unknown response model {self.template.response_model!r}"
            )
        self._warm_up()

    def _warm_up(self) -> None:
        """Do before any call the first-use work that the first call of every worker thread
        would otherwise wait on together, under one interpreter lock: the request's fields
        and schema hash (from the shipped schemas: no pydantic) and the prompt template's
        compiled form."""
        self.client.prepare(EXTRACTION)
        sample = Document(".", "warm-up")
        self.messages(sample, self.chunks(sample)[0])

    def load(self) -> None:
        """Import what reading answers takes — pydantic, the response and claim models, the
        answer's shape, the grounding check — and build their validators: what a run's main
        thread does once its first calls are out (``claimtrack.pipeline``)."""
        from claimtrack.llm.completion import read_completion
        from claimtrack.llm.schema import Extraction, to_claims

        read_completion(b'{"choices": []}')
        text = "Warm-up text."
        claim = {"kind": "statement", "claim": text, "evidence": text, "confidence": 1.0}
        to_claims(text, Extraction.model_validate({"claims": [claim]}))

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
            "tokenizer": "tiktoken" if exact_tokens(s.model) else "estimate by script",
            "server": self.client.server.describe(),
            "temperature": s.temperature,
            "prompt_version": self.template.version,
        }

    def usage(self) -> tuple[int, int]:
        return self.client.usage()

    @property
    def priced(self) -> bool:
        """Whether the price table names the model (else its calls are counted at $0)."""
        return self.client.priced

    def extract(self, document: Document, calls: CallContext | None = None) -> Sequence[ClaimBase]:
        """Claims of one document; every call is appended to ``calls``.

        The chunks of a long document are asked for together: the first in this thread, the
        others in the backend's own pool (``settings.concurrency`` threads shared by every
        document), so a long document takes about as long as its slowest chunk, not the sum.
        Answers are read in chunk order whatever order they arrive in, so the claims are the
        same as one by one; when a chunk fails, the calls already in flight finish (each is
        kept) and the first failure in chunk order is raised.
        """
        return self.start(document, calls).finish()

    def start(self, document: Document, calls: CallContext | None = None) -> Started:
        """``extract`` up to its first request: the document cut into chunks, the first chunk's
        call readied in this thread (``LLMClient.start``: nothing of it waits on the network,
        and ``BudgetExceeded`` is raised here), the later chunks' calls handed to the backend's
        pool; ``Started.finish`` does the rest, in any thread."""
        calls = calls or CallContext()
        chunks = self.chunks(document)
        first = self._start(document, chunks[0], calls)
        later = [self._pool().submit(self._ask, document, c, calls) for c in chunks[1:]]
        return Started(document.text, chunks, first, later)

    def _start(self, document: Document, chunk: Chunk, calls: CallContext) -> PendingCall[Any]:
        return self.client.start(
            self.messages(document, chunk),
            EXTRACTION,
            grounding_text=chunk.text(document.text),
            calls=calls,
            chunk_start=chunk.start,
            chunk_end=chunk.end,
            prompt_name=self.template.name,
            prompt_hash=self.template.hash,
        )

    def _ask(self, document: Document, chunk: Chunk, calls: CallContext) -> Extraction:
        extraction: Extraction = self._start(document, chunk, calls).result()[0]
        return extraction

    def _pool(self) -> ThreadPoolExecutor:
        """The threads that ask for the later chunks of long documents (made on first use)."""
        with self._pool_lock:
            if self._chunk_pool is None:
                self._chunk_pool = ThreadPoolExecutor(
                    max_workers=max(1, self.settings.concurrency),
                    thread_name_prefix="claimtrack-chunk",
                )
            return self._chunk_pool

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
        return self.client.request(self.messages(document, chunk), EXTRACTION, self.template.hash)

    def estimate(
        self, document: Document, chunk: Chunk, messages: list[dict[str, str]] | None = None
    ) -> tuple[int, int, float]:
        """Prompt tokens, completion tokens and dollars one call is expected to take."""
        return self.client.estimate(messages or self.messages(document, chunk), EXTRACTION)

    def planned_calls(self, document: Document) -> list[PlannedCall]:
        """One call per chunk, with its request hash and expected tokens and cost."""
        planned = []
        for chunk in self.chunks(document):
            request = self.request(document, chunk)
            prompt, completion, cost = self.estimate(document, chunk, request["messages"])
            planned.append(PlannedCall(request_hash(request), prompt, completion, cost))
        return planned


@dataclass
class Started:
    """A document whose extraction ``OpenAIBackend.start`` has begun: the first chunk's call
    readied, the later chunks' asked in the backend's pool."""

    text: str
    chunks: list[Chunk]
    first: PendingCall[Any]
    later: list[Future[Extraction]]

    def wait_sent(self, timeout: float) -> bool:
        """Whether the first chunk's request has been written (waiting up to ``timeout``)."""
        return self.first.sent.wait(timeout)

    def finish(self) -> list[ClaimBase]:
        """The document's claims: the first chunk's call made, every answer read in chunk
        order, a claim found again in the overlap of two chunks kept once; when a chunk fails,
        the calls already in flight finish (each is kept) and the first failure in chunk order
        is raised."""
        answers: list[Extraction] = []
        failure: BaseException | None = None
        try:
            answers.append(self.first.result()[0])
        except Exception as error:
            failure = error
        for future in self.later:
            if failure is not None and future.cancel():
                continue
            try:
                answers.append(future.result())
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure
        from claimtrack.llm.schema import to_claims

        claims: list[ClaimBase] = []
        seen: set[str] = set()
        for chunk, extraction in zip(self.chunks, answers, strict=True):
            for claim in to_claims(self.text, extraction, chunk.start):
                key = same_claim_key(claim)
                if key in seen:
                    continue  # the same claim, found again in the overlap of two chunks
                seen.add(key)
                claims.append(claim)
        return claims


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
