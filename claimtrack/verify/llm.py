"""The model judge: a verdict on a claim from the passages retrieved for it, asked of a model
through the shared call client (``claimtrack.llm.client.LLMClient``: its cache of answers
already paid for, budget, retries, costs and call log are extraction's own).

The prompt is a template file (``prompts/judge-claim.j2``: versioned, and hashed into every
verdict's judge). The model writes excerpts, never offsets; each is grounded in the passages
it was shown (``cite``), and one that is not there is dropped and reported. A verdict left
with no grounded evidence is ``not_enough_info``, whatever the model said.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from claimtrack.errors import BackendConfigError
from claimtrack.ledger import Ledger
from claimtrack.ledger.store import write_call
from claimtrack.llm.calls import Budget, CallContext
from claimtrack.llm.client import LLMClient
from claimtrack.llm.settings import LLMSettings
from claimtrack.prompts import PromptTemplate, get_prompt
from claimtrack.records import CallRecord, Document, StoredClaim
from claimtrack.verify.cite import cite_all
from claimtrack.verify.types import JudgeIdentity, Judgement, Passage, Sources

__all__ = ["JudgeAnswer", "LLMJudge"]

MAX_EXCERPTS = 6
MAX_RATIONALE = 600


class JudgeAnswer(BaseModel):
    """What the model returns for one claim."""

    excerpts: list[str] = Field(
        default_factory=list,
        max_length=MAX_EXCERPTS,
        description="The passages' words the verdict rests on, each copied verbatim from one "
        "passage, character for character.",
    )
    rationale: str = Field(max_length=MAX_RATIONALE, description="Why, in one or two sentences.")
    verdict: Literal["supported", "refuted", "not_enough_info", "conflicting"]


RESPONSE_MODELS: dict[str, type[BaseModel]] = {"JudgeAnswer": JudgeAnswer}


class LLMJudge:
    """Judges claims with a model behind an OpenAI-compatible API."""

    def __init__(
        self,
        settings: LLMSettings,
        calls: CallContext | None = None,
        *,
        api_key: str | None = None,
        keep: Any = None,
    ) -> None:
        self.settings = settings
        self.template: PromptTemplate = get_prompt(settings.prompt, settings.prompts_dirs)
        if self.template.response_model not in RESPONSE_MODELS:
            raise BackendConfigError(
                f"{self.template.path}: a judge's template answers with JudgeAnswer, not "
                f"{self.template.response_model!r}"
            )
        self.client = LLMClient(settings, api_key)
        self.client.prepare(JudgeAnswer)
        self.calls = calls or CallContext()
        self._keep = keep  # (document, record) -> None: where each call is kept
        self.identity = JudgeIdentity(
            "openai", settings.model, self.template.name, self.template.hash
        )

    @classmethod
    def for_ledger(
        cls, settings: LLMSettings, ledger: Ledger, *, max_cost: float | None = None
    ) -> LLMJudge:
        """A judge whose calls are kept in the ledger's call log (with the claim's document)
        and answered from it when the same request was paid for before."""

        def keep(document: Document, record: CallRecord) -> None:
            write_call(ledger.conn, ledger.path, document, None, record)

        return cls(settings, CallContext(Budget(max_cost), lookup=ledger.answer), keep=keep)

    def messages(self, stored: StoredClaim, passages: Sequence[Passage]) -> list[dict[str, str]]:
        fields = [
            (name, "; ".join(map(str, value)) if isinstance(value, list) else str(value))
            for name, value in stored.claim.fields().items()
            if value not in (None, "", [])
        ]
        return self.template.render(
            claim={"kind": stored.kind, "text": stored.claim.claim, "fields": fields},
            passages=[
                {"text": p.text, "source": p.source or p.origin, "reference": p.reference}
                for p in passages
            ],
        )

    def judge(self, stored: StoredClaim, passages: Sequence[Passage], texts: Sources) -> Judgement:
        if not passages:
            return Judgement("not_enough_info", "no passage matched the claim (no call made)")
        document = Document(
            texts.text("document", stored.document_id),
            stored.document_source,
            id=stored.document_id,
        )
        keep = None if self._keep is None else (lambda r: self._keep(document, r))
        answer, record = self.client.ask(
            self.messages(stored, passages),
            JudgeAnswer,
            grounding_text=None,
            calls=self.calls.for_document(keep),
            chunk_start=stored.claim.evidence.start,
            chunk_end=stored.claim.evidence.end,
            prompt_name=self.template.name,
            prompt_hash=self.template.hash,
        )
        cited, dropped = cite_all(texts, passages, answer.excerpts)
        verdict, rationale = answer.verdict, answer.rationale
        if verdict != "not_enough_info" and not cited:
            verdict = "not_enough_info"
            rationale = (
                f"(the model said {answer.verdict}, citing nothing found in the passages) "
                + rationale
            )
        return Judgement(
            verdict,
            rationale,
            tuple(cited),
            tuple(dropped),
            record.prompt_tokens,
            record.completion_tokens,
            record.cost_usd,
            reused=record.outcome == "reused",
        )
