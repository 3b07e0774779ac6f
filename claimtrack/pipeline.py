"""The extraction pipeline: documents → extractor → grounding check → ledger, one run.

A run is recorded before the first document and closed after the last, with its counts. A
document already extracted by the same extractor (backend, model, prompt) is skipped; one that
fails is recorded with its reason and the batch goes on; one that succeeds lands with all its
claims in one transaction. Progress is reported through a callback so that the CLI can draw it
and a library user can ignore it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from claimtrack.errors import ClaimtrackError, DocumentError, ExtractionError
from claimtrack.grounding import check_claim
from claimtrack.ledger import Extractor, Ledger
from claimtrack.records import ClaimBase, Document


class Backend(Protocol):
    """What the pipeline needs of an extractor: its identity and ``extract``."""

    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    @property
    def prompt_name(self) -> str: ...

    @property
    def prompt_hash(self) -> str: ...

    def parameters(self) -> dict[str, object]: ...

    def extract(self, document: Document) -> Sequence[ClaimBase]: ...

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens spent so far."""
        ...


@dataclass
class RunSummary:
    run_id: int
    backend: str
    model: str
    documents_done: int = 0
    documents_skipped: int = 0
    documents_failed: int = 0
    claims_added: int = 0
    claims_ungrounded: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    input_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.input_errors


Progress = Callable[[str, Document | None], None]


def identity(backend: Backend) -> Extractor:
    return Extractor(backend.name, backend.model, backend.prompt_name, backend.prompt_hash)


def extract_documents(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    *,
    progress: Progress | None = None,
) -> RunSummary:
    """Run ``backend`` over documents (or the errors met reading them) into ``ledger``."""
    extractor = identity(backend)
    run_id = ledger.start_run(extractor, backend.parameters())
    summary = RunSummary(run_id, backend.name, backend.model)
    status = "failed"
    try:
        for item in items:
            if isinstance(item, DocumentError):
                summary.input_errors.append(str(item))
                if progress:
                    progress("error", None)
                continue
            _one(ledger, item, backend, extractor, summary)
            if progress:
                progress("document", item)
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary.prompt_tokens, summary.completion_tokens = backend.usage()
        ledger.finish_run(
            run_id,
            status,
            {
                "documents_done": summary.documents_done,
                "documents_skipped": summary.documents_skipped,
                "documents_failed": summary.documents_failed + len(summary.input_errors),
                "claims_added": summary.claims_added,
                "prompt_tokens": summary.prompt_tokens,
                "completion_tokens": summary.completion_tokens,
            },
        )
    return summary


def _one(
    ledger: Ledger, document: Document, backend: Backend, extractor: Extractor, summary: RunSummary
) -> None:
    if ledger.is_done(document.id, extractor):
        summary.documents_skipped += 1
        return
    try:
        claims = [check_claim(document.text, claim) for claim in backend.extract(document)]
    except ClaimtrackError as error:
        message = str(error) if isinstance(error, ExtractionError) else f"{error}"
        ledger.record_failure(document, summary.run_id, extractor, message)
        summary.documents_failed += 1
        summary.failures.append(f"{document.source}: {message}")
        return
    summary.claims_ungrounded += sum(1 for c in claims if c.grounding == "ungrounded")
    summary.claims_added += ledger.add_claims(document, summary.run_id, extractor, claims)
    summary.documents_done += 1
