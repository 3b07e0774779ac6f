"""What a language model is asked to return, and how its answer becomes grounded claims.

The model writes excerpts, not offsets: ``evidence``, ``quote`` and ``date_text`` are copied
from the document. When the document's text is in the validation context, each of those is
grounded on the spot and an excerpt that is not in the document fails validation with a
message that says which one and how to fix it, so instructor re-asks. ``to_claims`` then turns
an answer into claim records whose spans are offsets into the whole document; an evidence that
still cannot be found is kept visibly ``ungrounded``, never as grounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from claimtrack.records import CLAIM_MODELS, AgreementState, ClaimBase, Span

# The text the excerpts of an answer are checked against while it is validated. It travels in
# a context variable, not in instructor's ``context=``: instructor renders every message as a
# Jinja template when it is given a context, and the messages carry the document, which is
# untrusted text that must reach the model exactly as it is.
_GROUNDING_TEXT: ContextVar[str | None] = ContextVar("claimtrack_grounding_text", default=None)


@contextmanager
def grounding_against(text: str | None) -> Iterator[None]:
    """Answers validated inside this block must quote ``text`` (the chunk sent to the model;
    ``None``: no check)."""
    token = _GROUNDING_TEXT.set(text)
    try:
        yield
    finally:
        _GROUNDING_TEXT.reset(token)


_VERBATIM = "copied verbatim from the document, character for character"
MAX_CLAIMS = 40
MAX_TEXT = 800


class _Extracted(BaseModel):
    claim: str = Field(
        max_length=MAX_TEXT,
        description="One sentence that states the claim and stands on its own: names, not "
        "pronouns, wherever the document says who.",
    )
    evidence: str = Field(
        max_length=MAX_TEXT, description=f"The passage that supports the claim, {_VERBATIM}."
    )
    confidence: float = Field(ge=0.0, le=1.0, description="How sure you are, 0 to 1.")

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        """A strict JSON schema (``claimtrack.llm.strict``) makes the model give every field of
        every kind, null where its kind has none: a null for a field with a default is that
        default. A null for a required field still fails, and is re-asked."""
        if not isinstance(data, dict):
            return data
        return {
            name: value
            for name, value in data.items()
            if value is not None or name not in _defaulted(cls)
        }

    def _verbatim_fields(self) -> dict[str, str]:
        return {"evidence": self.evidence}

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Any:
        context = info.context if isinstance(info.context, dict) else {}
        text = context.get("text", _GROUNDING_TEXT.get())
        if text is None:
            return self
        from claimtrack.grounding import ground, is_faithful

        missing = [
            f"{name} {value!r}"
            for name, value in self._verbatim_fields().items()
            if value and not is_faithful(ground(text, value))
        ]
        if missing:
            raise ValueError(
                f"{'; '.join(missing)} not found in the document. Copy each excerpt verbatim, "
                "character for character, from the document text, or leave the claim out."
            )
        return self


@lru_cache(maxsize=16)
def _defaulted(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that have a default other than None."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if not info.is_required() and info.default is not None
    )


# ``kind`` tells the claims apart and has no default: a field with a default is optional in the
# JSON schema, and a grammar-constrained server (llama.cpp) then lets the model leave it out,
# after which no answer can be read (seen with SmolLM2).


class ExtractedDate(_Extracted):
    kind: Literal["date"]
    event: str = Field(description="What happened, in a few words.")
    participants: list[str] = Field(default_factory=list, description="Who took part.")
    date_text: str = Field(description=f"The date expression, {_VERBATIM}.")
    date_value: str | None = Field(
        default=None,
        description="The date in ISO 8601, partial where the text is (2022-02, 2011); null when "
        "it cannot be worked out.",
    )

    def _verbatim_fields(self) -> dict[str, str]:
        return {"evidence": self.evidence, "date_text": self.date_text}


class ExtractedQuote(_Extracted):
    kind: Literal["quote"]
    speaker: str | None = Field(default=None, description="Who said it, by name when known.")
    quote: str = Field(description=f"The quoted words, {_VERBATIM}, without quotation marks.")
    cue: str | None = Field(default=None, description="The reporting verb: said, declared...")
    direct: bool = Field(default=True, description="True for words in quotation marks.")

    def _verbatim_fields(self) -> dict[str, str]:
        return {"evidence": self.evidence, "quote": self.quote}


class ExtractedAgreement(_Extracted):
    kind: Literal["agreement"]
    parties: list[str] = Field(description="Every party to the agreement, by name.")
    terms: str = Field(description="What was agreed.")
    date_text: str | None = Field(default=None, description=f"When, {_VERBATIM}.")
    state: AgreementState = Field(default="announced")

    def _verbatim_fields(self) -> dict[str, str]:
        return {"evidence": self.evidence, "date_text": self.date_text or ""}


class ExtractedStatement(_Extracted):
    kind: Literal["statement"]
    subject: str | None = Field(default=None, description="Who or what the statement is about.")
    quantities: list[str] = Field(
        default_factory=list, description="Numbers, amounts and shares, as written."
    )


ExtractedClaim = Annotated[
    ExtractedDate | ExtractedQuote | ExtractedAgreement | ExtractedStatement,
    Field(discriminator="kind"),
]


class Extraction(BaseModel):
    """The claims found in a document (or a chunk of it)."""

    # Bounds a grammar-constrained server can enforce, so that a small model cannot run on
    # until it hits the token limit.
    claims: list[ExtractedClaim] = Field(default_factory=list, max_length=MAX_CLAIMS)


RESPONSE_MODELS: dict[str, type[BaseModel]] = {"Extraction": Extraction}


def _evidence_span(text: str, item: _Extracted, chunk_start: int) -> Span:
    """The evidence's span, nearest the chunk it came from; empty and ``ungrounded`` when the
    evidence is not in the text."""
    from claimtrack.grounding import ground, span_of, ungrounded_span

    found = ground(text, item.evidence, near=chunk_start)
    if found is None:
        return ungrounded_span(text, chunk_start, item.evidence)
    return span_of(text, found, item.evidence)


def to_claims(text: str, extraction: Extraction, chunk_start: int = 0) -> list[ClaimBase]:
    """Claim records with spans into ``text`` (the whole document) for one answer.

    The answer's fields carry over as they are; the evidence and every field that quotes the
    document become spans (``check_claim``: a field that is not in the document is an
    ``ungrounded`` span), and a date is resolved when the model could give its value.
    """
    from claimtrack.grounding import check_claim

    claims: list[ClaimBase] = []
    for item in extraction.claims:
        fields = item.model_dump(exclude={"evidence"})
        if isinstance(item, ExtractedDate):
            fields["date_resolved"] = item.date_value is not None
        spans = {"evidence": _evidence_span(text, item, chunk_start)}
        claim = CLAIM_MODELS[item.kind].model_validate({**fields, "spans": spans})
        claims.append(check_claim(text, claim))
    return claims
