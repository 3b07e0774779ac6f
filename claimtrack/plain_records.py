"""The pipeline's plain records: a document, a model's identity (an extractor's, a judge's) and a
model call.

They are dataclasses, kept apart from the claim models of ``claimtrack.records`` (which
re-exports them) so that reading documents and sending a run's first model calls do not wait
for pydantic and the claim models to be imported: an LLM run loads those while its first
calls are out with the model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_id(text: str) -> str:
    """The id of a document: the first 16 hex digits of the SHA-256 of its text.

    Ids come from content so that the same text reached by two paths (a file and a JSONL line,
    say) is one document in the ledger, and re-running a batch recognises what it already has.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One source text, already decoded and checked, with what we know about where it came from.

    For a document extracted from another format (``format``: html, pdf, docx), ``text`` is the
    extracted text that spans point into, ``raw_sha256`` the hash of the file or response it was
    extracted from, and ``pages`` (PDF) the offset in ``text`` where each page starts.
    """

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    id: str = field(default="")
    author: str | None = None
    format: str | None = None
    raw_sha256: str | None = None
    pages: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


@dataclass(frozen=True)
class ModelIdentity:
    """Who made a record with a model or a rule set: backend, model and prompt (the name and the
    hash of its file). An extractor's identity is stamped on its run and on every claim it
    makes; a judge's on every verdict. ``key`` is what makes a re-run skip what is done (the
    same backend, model and prompt template)."""

    backend: str
    model: str
    prompt_name: str
    prompt_hash: str

    @property
    def key(self) -> str:
        return f"{self.backend}:{self.model}:{self.prompt_name}:{self.prompt_hash}"


Extractor = ModelIdentity  # who extracts (a run, a claim record)


@dataclass
class CallRecord:
    """One model call as the ledger keeps it: what was asked (its hash), what it cost, and the
    answer, so that an identical request is never paid for twice."""

    request_hash: str
    chunk_start: int
    chunk_end: int
    model: str
    prompt_name: str
    prompt_hash: str
    outcome: str  # ok, exhausted, error, reused
    attempts: int = 1
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    cost_usd: float = 0.0
    response: str | None = None
    sent_at: str | None = None  # UTC, ISO 8601 to the millisecond; stored as ``created_at``
