"""The types that travel between the stages of the pipeline.

documents → chunk → extract → ground → ledger: each stage takes and returns these, and none of them
knows about SQLite, HTTP or the terminal. Claims are pydantic models (one per kind, sharing
``ClaimBase``) so that both extractors, the ledger and the exporters agree on one typed shape.
The plain dataclasses — ``Document``, ``Extractor``, ``CallRecord`` — are defined in
``claimtrack.plain_records`` (no pydantic) and importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimtrack.history import StatusEvent
from claimtrack.plain_records import CallRecord as CallRecord  # (plain dataclasses, defined
from claimtrack.plain_records import Document as Document  # without pydantic; readers
from claimtrack.plain_records import Extractor as Extractor  # import them from here too)
from claimtrack.plain_records import content_id as content_id
from claimtrack.weakest import weakest_span as weakest_span  # readers import it from here too

ClaimKind = Literal["date", "quote", "agreement", "statement"]
GroundingMethod = Literal["exact", "normalized", "elided", "fuzzy", "ungrounded"]

AgreementState = Literal[
    "proposed", "negotiating", "announced", "agreed", "signed", "in_force", "ended", "denied"
]


class Span(BaseModel):
    """``[start, end)`` character offsets into a document's text, and the text found there.

    A span is only ever built from the document itself, so ``text == document.text[start:end]``
    holds for every stored span; ``grounding`` says how the span was found from what the
    extractor wrote, and ``score`` how close that was (1.0 up to harmless differences).
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    grounding: GroundingMethod = "exact"
    score: float = Field(default=1.0, ge=0.0, le=1.0)
    pieces: tuple[tuple[int, int], ...] = Field(
        default=(), description="For an elided excerpt, the spans of the pieces it kept."
    )
    discrepancies: tuple[str, ...] = Field(
        default=(), description="Numbers and names of the excerpt that the passage lacks."
    )
    claimed: str | None = Field(
        default=None,
        description="What the extractor wrote, when it could not be found as written: kept so "
        "a reviewer can see what an ungrounded claim rested on.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The exact span ``text[start:end]``."""
        return cls(start=start, end=end, text=text[start:end])


class ClaimBase(BaseModel):
    """What every claim has: a standalone sentence, a confidence, and where it comes from.

    ``spans`` maps a field name to its span; ``evidence`` (the passage that supports the whole
    claim) is always present. ``grounding`` is the evidence's grounding method: a claim whose
    evidence could not be found in the source is ``ungrounded`` and is never shown as grounded.
    """

    # Schemas are built on first validation, not at import: commands that only read the ledger
    # start without paying for them.
    model_config = ConfigDict(defer_build=True)

    kind: str  # each kind of claim narrows it to its own literal
    claim: str = Field(min_length=1, description="One sentence that stands on its own.")
    confidence: float = Field(ge=0.0, le=1.0)
    spans: dict[str, Span]

    @model_validator(mode="after")
    def _has_evidence(self) -> ClaimBase:
        if "evidence" not in self.spans:
            raise ValueError("a claim needs an 'evidence' span")
        return self

    @property
    def evidence(self) -> Span:
        return self.spans["evidence"]

    @property
    def weakest(self) -> Span:
        """The least grounded of the claim's spans (the evidence when it is as good as any)."""
        return self.spans[weakest_span((n, s.grounding, s.score) for n, s in self.spans.items())]

    @property
    def grounding(self) -> GroundingMethod:
        """How well the whole claim is grounded: the weakest of its evidence and of the spans
        of its verbatim fields, so that a fabricated speaker, date or quote is never hidden
        behind a real evidence."""
        return self.weakest.grounding

    @property
    def grounding_score(self) -> float:
        return min(span.score for span in self.spans.values())

    def fields(self) -> dict[str, object]:
        """The kind-specific fields, without the common ones."""
        # Read from the attributes, not model_dump(): the kind fields are plain values and lists,
        # and this way a reader of the ledger never builds a serializer it does not need.
        return {
            name: list(value) if isinstance(value, list) else value
            for name in type(self).model_fields
            if name not in _COMMON_FIELDS
            for value in (getattr(self, name),)
        }

    def verbatim_fields(self) -> dict[str, str]:
        """The fields that quote the document, by span name: each must be found in it.

        A field listed here with a value but no span is looked up in the document when the
        claim is checked, and stored as an ``ungrounded`` span when it is not there.
        """
        return {}


_COMMON_FIELDS = frozenset(ClaimBase.model_fields)


class DateClaim(ClaimBase):
    """A dated event: what happened, who took part, and when (as written and normalised)."""

    kind: Literal["date"] = "date"
    event: str = Field(description="What happened, in a few words.")
    participants: list[str] = Field(default_factory=list)
    date_text: str = Field(description="The date expression exactly as written.")
    date_value: str | None = Field(
        default=None,
        description="ISO 8601, partial where the text is (2022-02, 2011); TimeML-style "
        "XXXX-03-16 when the year is unknown; None when a relative date cannot be resolved.",
    )
    date_resolved: bool = Field(
        default=True, description="False when the date depends on a document date we lack."
    )
    date_relative: bool = Field(default=False, description="'last weekend', 'three weeks ago'.")

    def verbatim_fields(self) -> dict[str, str]:
        named = {f"participant:{i}": p for i, p in enumerate(self.participants)}
        return {"date": self.date_text, **named}


class QuoteClaim(ClaimBase):
    """Words attributed to a speaker, verbatim when direct."""

    kind: Literal["quote"] = "quote"
    speaker: str | None = None
    quote: str
    cue: str | None = Field(default=None, description="The reporting verb: said, declared...")
    direct: bool = True

    def verbatim_fields(self) -> dict[str, str]:
        named = {"quote": self.quote, "speaker": self.speaker, "cue": self.cue}
        return {name: value for name, value in named.items() if value}


class AgreementClaim(ClaimBase):
    """Parties that agreed (or proposed, signed, ended, denied) something."""

    kind: Literal["agreement"] = "agreement"
    parties: list[str] = Field(default_factory=list)
    terms: str
    date_text: str | None = None
    date_value: str | None = None
    state: AgreementState = "announced"

    def verbatim_fields(self) -> dict[str, str]:
        named = {f"party:{i}": p for i, p in enumerate(self.parties)}
        return {**named, **({"date": self.date_text} if self.date_text else {})}


class StatementClaim(ClaimBase):
    """Any other checkable statement: numbers, events, attributions."""

    kind: Literal["statement"] = "statement"
    subject: str | None = None
    quantities: list[str] = Field(default_factory=list)

    def verbatim_fields(self) -> dict[str, str]:
        named = {f"quantity:{i}": q for i, q in enumerate(self.quantities)}
        return {**({"subject": self.subject} if self.subject else {}), **named}


Claim = Annotated[
    DateClaim | QuoteClaim | AgreementClaim | StatementClaim, Field(discriminator="kind")
]

CLAIM_MODELS: dict[str, type[ClaimBase]] = {
    "date": DateClaim,
    "quote": QuoteClaim,
    "agreement": AgreementClaim,
    "statement": StatementClaim,
}


@dataclass(frozen=True)
class StoredClaim:
    """A claim as the ledger holds it: the typed claim, and where and when it was stored.

    Every reader of the ledger gets these (``claims``, ``show``, export, the review desk), so
    that what went in typed comes out typed. ``grounding`` is the claim's weakest span.
    """

    id: int
    claim: ClaimBase
    document_id: str
    document_source: str
    run_id: int
    extractor: str
    model: str
    prompt_name: str
    prompt_hash: str
    extracted_at: str
    status: str
    status_at: str | None
    history: tuple[StatusEvent, ...] | None = None
    # The latest verdict a judge suggested (``claimtrack verify``), never the claim's status.
    verdict: str | None = None

    @property
    def kind(self) -> str:
        return self.claim.kind

    @property
    def grounding(self) -> GroundingMethod:
        return self.claim.grounding

    @property
    def grounding_score(self) -> float:
        return self.claim.grounding_score

    @property
    def ungrounded_fields(self) -> list[str]:
        """The spans (evidence or fields) whose text is not in the document."""
        return [name for name, span in self.claim.spans.items() if span.grounding == "ungrounded"]

    def fields(self) -> dict[str, Any]:
        return self.claim.fields()
