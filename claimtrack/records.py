"""The types that travel between the stages of the pipeline.

documents → chunk → extract → ground → ledger: each stage takes and returns these, and none of them
knows about SQLite, HTTP or the terminal. Claims are pydantic models (one per kind, sharing
``ClaimBase``) so that both extractors, the ledger and the exporters agree on one typed shape.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ClaimKind = Literal["date", "quote", "agreement", "statement"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("date", "quote", "agreement", "statement")

GroundingMethod = Literal["exact", "normalized", "elided", "fuzzy", "ungrounded"]

AgreementState = Literal[
    "proposed", "negotiating", "announced", "agreed", "signed", "in_force", "ended", "denied"
]

STATUSES: tuple[str, ...] = (
    "unverified",
    "supported",
    "refuted",
    "disputed",
    "unverifiable",
    "needs_work",
)


def content_id(text: str) -> str:
    """The id of a document: the first 16 hex digits of the SHA-256 of its text.

    Ids come from content so that the same text reached by two paths (a file and a JSONL line,
    say) is one document in the ledger, and re-running a batch recognises what it already has.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One source text, already decoded and checked, with what we know about where it came from."""

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


class Span(BaseModel):
    """``[start, end)`` character offsets into a document's text, and the text found there.

    A span is only ever built from the document itself, so ``text == document.text[start:end]``
    holds for every stored span; ``grounding`` says how the span was found from what the
    extractor wrote, and ``score`` how close that was (1.0 up to harmless differences).
    """

    model_config = ConfigDict(frozen=True)

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
    def grounding(self) -> GroundingMethod:
        return self.evidence.grounding

    def fields(self) -> dict[str, object]:
        """The kind-specific fields, without the common ones."""
        common = set(ClaimBase.model_fields) | {"kind"}
        return {k: v for k, v in self.model_dump().items() if k not in common}


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


class QuoteClaim(ClaimBase):
    """Words attributed to a speaker, verbatim when direct."""

    kind: Literal["quote"] = "quote"
    speaker: str | None = None
    quote: str
    cue: str | None = Field(default=None, description="The reporting verb: said, declared...")
    direct: bool = True


class AgreementClaim(ClaimBase):
    """Parties that agreed (or proposed, signed, ended, denied) something."""

    kind: Literal["agreement"] = "agreement"
    parties: list[str] = Field(default_factory=list)
    terms: str
    date_text: str | None = None
    date_value: str | None = None
    state: AgreementState = "announced"


class StatementClaim(ClaimBase):
    """Any other checkable statement: numbers, events, attributions."""

    kind: Literal["statement"] = "statement"
    subject: str | None = None
    quantities: list[str] = Field(default_factory=list)


Claim = Annotated[
    DateClaim | QuoteClaim | AgreementClaim | StatementClaim, Field(discriminator="kind")
]
