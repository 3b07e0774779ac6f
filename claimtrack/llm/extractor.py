"""The LLM extractor: claims from a document, chunk by chunk, asked of a model through
``LLMClient``.

This module holds what is particular to extracting claims: the document cut into chunks within
the model's token budget, each chunk rendered into the prompt template's messages, the answer
(an ``Extraction``) turned into claims with spans into the whole document, and a claim found
twice in the overlap of two chunks kept once. Everything about the call itself — caching,
budget, rate, retries, faults, costs — is the client's (``claimtrack.llm.client``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from claimtrack.chunking import Chunk, chunk_by_tokens
from claimtrack.errors import BackendConfigError
from claimtrack.llm.calls import CallContext, PlannedCall, request_hash
from claimtrack.llm.client import LLMClient
from claimtrack.llm.costs import exact_tokens, token_counter
from claimtrack.llm.schema import RESPONSE_MODELS, Extraction, to_claims
from claimtrack.llm.settings import LLMSettings
from claimtrack.prompts import PromptTemplate, get_prompt
from claimtrack.records import ClaimBase, Document

__all__ = ["OpenAIBackend", "same_claim_key"]


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
        would otherwise wait on together, under one interpreter lock (~50 ms of CPU): the tool
        schema (cached per class) and the prompt template's compiled form; the client has
        built the validators of openai's response types."""
        self.client.prepare(Extraction)
        sample = Document(".", "warm-up")
        self.messages(sample, self.chunks(sample)[0])

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
        calls = calls or CallContext()
        chunks = self.chunks(document)
        later = [self._pool().submit(self._ask, document, c, calls) for c in chunks[1:]]
        answers: list[Extraction] = []
        failure: BaseException | None = None
        try:
            answers.append(self._ask(document, chunks[0], calls))
        except Exception as error:
            failure = error
        for future in later:
            if failure is not None and future.cancel():
                continue
            try:
                answers.append(future.result())
            except Exception as error:
                failure = failure or error
        if failure is not None:
            raise failure
        claims: list[ClaimBase] = []
        seen: set[str] = set()
        for chunk, extraction in zip(chunks, answers, strict=True):
            for claim in to_claims(document.text, extraction, chunk.start):
                key = same_claim_key(claim)
                if key in seen:
                    continue  # the same claim, found again in the overlap of two chunks
                seen.add(key)
                claims.append(claim)
        return claims

    def _ask(self, document: Document, chunk: Chunk, calls: CallContext) -> Extraction:
        extraction, _ = self.client.ask(
            self.messages(document, chunk),
            Extraction,
            grounding_text=chunk.text(document.text),
            calls=calls,
            chunk_start=chunk.start,
            chunk_end=chunk.end,
            prompt_name=self.template.name,
            prompt_hash=self.template.hash,
        )
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
        return self.client.request(self.messages(document, chunk), Extraction, self.template.hash)

    def estimate(
        self, document: Document, chunk: Chunk, messages: list[dict[str, str]] | None = None
    ) -> tuple[int, int, float]:
        """Prompt tokens, completion tokens and dollars one call is expected to take."""
        return self.client.estimate(messages or self.messages(document, chunk), Extraction)

    def planned_calls(self, document: Document) -> list[PlannedCall]:
        """One call per chunk, with its request hash and expected tokens and cost."""
        planned = []
        for chunk in self.chunks(document):
            request = self.request(document, chunk)
            prompt, completion, cost = self.estimate(document, chunk, request["messages"])
            planned.append(PlannedCall(request_hash(request), prompt, completion, cost))
        return planned


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
