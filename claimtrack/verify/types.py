"""The types that travel through verification: passages retrieved for a claim, the exact
characters a verdict cites, a judge's identity, and its verdict.

Plain frozen dataclasses with no behaviour beyond naming: retrieval, the judges and the ledger
all agree on them, and none of them knows about SQLite or a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from claimtrack.plain_records import ModelIdentity
from claimtrack.vocabulary import VERDICTS

__all__ = [
    "VERDICTS",
    "Cited",
    "JudgeIdentity",
    "Judgement",
    "Passage",
    "Sources",
    "StoredVerdict",
]


class Sources(Protocol):
    """The texts of documents and evidence sources, and what is known of them (``source``,
    ``label``, ``published``, ``title``), by origin and id."""

    def text(self, origin: str, source_id: str) -> str: ...

    def meta(self, origin: str, source_id: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Passage:
    """A sentence or paragraph of a document (``origin`` ``document``) or of an evidence source
    (``evidence``): ``[start, end)`` of that source's text, and the text there."""

    id: int
    origin: str
    source_id: str
    unit: str
    start: int
    end: int
    text: str
    score: float = 0.0  # how well it matched the claim (higher is better)
    source: str = ""  # where the source was read from, or its label

    @property
    def reference(self) -> bool:
        """Material a desk trusts (an evidence source), not another report."""
        return self.origin == "evidence"


@dataclass(frozen=True)
class Cited:
    """Characters a verdict rests on: ``text == source_text[start:end]``, always; ``claimed``
    is what the judge wrote when it was not copied exactly."""

    origin: str
    source_id: str
    start: int
    end: int
    text: str
    grounding: str = "exact"
    score: float = 1.0
    claimed: str | None = None


JudgeIdentity = ModelIdentity  # who judged: backend, model and prompt (name and file hash)


@dataclass(frozen=True)
class Judgement:
    """A judge's answer for one claim, its evidence grounded; ``dropped``: excerpts the judge
    cited that are not in the passages it was shown (never stored as evidence)."""

    verdict: str
    rationale: str
    evidence: tuple[Cited, ...] = ()
    dropped: tuple[str, ...] = ()
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    reused: bool = False  # answered from a call already paid for

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"not a verdict: {self.verdict!r}")


@dataclass(frozen=True)
class StoredVerdict:
    """A verdict as the ledger keeps it, with its evidence and the reviewers' answers to it
    (``(action, by, at, note)``, oldest first)."""

    id: int
    claim_id: int
    verdict: str
    rationale: str | None
    judge: JudgeIdentity
    passages: int
    dropped: tuple[str, ...]
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    at: str
    evidence: tuple[Cited, ...] = ()
    reviews: tuple[tuple[str, str, str, str | None], ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "claim_id": self.claim_id,
            "verdict": self.verdict,
            "rationale": self.rationale,
            "judge": {
                "backend": self.judge.backend,
                "model": self.judge.model,
                "prompt_name": self.judge.prompt_name,
                "prompt_hash": self.judge.prompt_hash,
            },
            "passages": self.passages,
            "dropped": list(self.dropped),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
            "at": self.at,
            "evidence": [
                {
                    "origin": c.origin,
                    "source_id": c.source_id,
                    "span": [c.start, c.end],
                    "text": c.text,
                    "grounding": c.grounding,
                    "score": c.score,
                }
                for c in self.evidence
            ],
            "reviews": [{"action": a, "by": b, "at": t, "note": n} for a, b, t, n in self.reviews],
        }
