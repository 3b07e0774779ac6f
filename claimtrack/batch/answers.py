"""The LLM backend answered from the ledger alone, for a batch's documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ExtractionError
from claimtrack.ledger import batches as stored
from claimtrack.ledger.connection import open_for_reading
from claimtrack.llm.calls import CallContext, PlannedCall

if TYPE_CHECKING:
    from claimtrack.llm.extractor import OpenAIBackend
    from claimtrack.records import ClaimBase, Document


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
