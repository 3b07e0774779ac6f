"""A verification run: for each claim, retrieve passages, ask a judge, keep its verdict.

``verify_claims`` is the library call behind ``claimtrack verify``: it indexes the passages of
any ledger document not yet indexed, then for each claim retrieves the ``top_k`` passages,
asks the judge, and appends the verdict with its evidence (a claim's status never changes
here). The summary counts verdicts, dropped excerpts, tokens and dollars, in all and per claim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from claimtrack.errors import ExtractionError
from claimtrack.ledger import Ledger
from claimtrack.ledger.store import now
from claimtrack.llm.calls import BudgetExceeded
from claimtrack.records import StoredClaim
from claimtrack.verify.retrieve import retrieve
from claimtrack.verify.store import SourceTexts, index_documents, store_verdict
from claimtrack.verify.types import JudgeIdentity, Judgement, Passage, Sources

__all__ = ["Judge", "VerifyResult", "verify_claims"]


class Judge(Protocol):
    """Anything that judges a claim against passages (``OfflineJudge``, ``LLMJudge``)."""

    @property
    def identity(self) -> JudgeIdentity: ...

    def judge(
        self, stored: StoredClaim, passages: Sequence[Passage], texts: Sources
    ) -> Judgement: ...


@dataclass
class VerifyResult:
    """What a run did: verdicts by label, excerpts dropped, model usage and cost."""

    claims: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    evidence: int = 0
    dropped: int = 0
    documents_indexed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    calls_reused: int = 0
    skipped: int = 0  # claims this judge has judged since the last passages were indexed
    failed: int = 0  # claims whose judge call failed: no verdict stored
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early (the budget)
    verdict_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        per = max(1, self.claims)
        return {
            "claims": self.claims,
            "verdicts": dict(sorted(self.verdicts.items())),
            "evidence_spans": self.evidence,
            "excerpts_dropped": self.dropped,
            "documents_indexed": self.documents_indexed,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "tokens_per_claim": round((self.prompt_tokens + self.completion_tokens) / per, 1),
            "cost_per_claim_usd": round(self.cost_usd / per, 6),
            "calls_reused": self.calls_reused,
            "skipped": self.skipped,
            "failed": self.failed,
            "errors": self.errors[:20],
            "stopped": self.stopped,
            "verdict_ids": self.verdict_ids,
        }


def verify_claims(
    ledger: Ledger,
    claims: Iterable[StoredClaim],
    judge: Judge,
    *,
    top_k: int = 5,
    again: bool = False,
    progress: Callable[[StoredClaim, Judgement, int], None] | None = None,
) -> VerifyResult:
    """Judge each claim against the passages retrieved for it and append the verdicts. A claim
    whose model call fails gets no verdict (counted, with the reason); the budget running out
    stops the run, every verdict so far kept.

    A claim this judge has judged since the last evidence source or document was indexed is
    skipped (nothing it could be shown has changed, so a re-run stores nothing twice), unless
    ``again``."""
    result = VerifyResult(documents_indexed=index_documents(ledger))
    texts = SourceTexts(ledger)
    fresh = set() if again else _judged_since_indexing(ledger, judge.identity.key)
    started = now()
    for stored in claims:
        if stored.id in fresh:
            result.skipped += 1
            continue
        passages = retrieve(ledger.conn, stored, top_k=top_k)
        try:
            judgement = judge.judge(stored, passages, texts)
        except BudgetExceeded as error:
            result.stopped = str(error)
            break
        except ExtractionError as error:
            result.failed += 1
            result.errors.append(f"claim {stored.id}: {error}")
            continue
        verdict_id = store_verdict(
            ledger,
            stored.id,
            judge.identity,
            judgement,
            passages=len(passages),
            unless_since=None if again else started,
        )
        if verdict_id is None:  # another process judged it meanwhile
            result.skipped += 1
            continue
        result.claims += 1
        result.verdicts[judgement.verdict] += 1
        result.evidence += len(judgement.evidence)
        result.dropped += len(judgement.dropped)
        result.prompt_tokens += judgement.prompt_tokens
        result.completion_tokens += judgement.completion_tokens
        result.cost_usd += judgement.cost_usd
        result.calls_reused += int(judgement.reused)
        result.verdict_ids.append(verdict_id)
        if progress is not None:
            progress(stored, judgement, verdict_id)
    return result


def claims_to_verify(
    ledger: Ledger, ids: Sequence[int], *, every: bool = False, fact: int | None = None
) -> Iterable[StoredClaim]:
    """The claims a run is asked about: these ids (each must exist), every claim, or the
    claims of one fact (a tracked ledger)."""
    import sqlite3

    from claimtrack.errors import NotFoundError, UsageError

    chosen = sum([bool(ids), every, fact is not None])
    if chosen != 1:
        raise UsageError("name the claims to verify: CLAIM_ID..., --all or --fact ID")
    if every:
        return ledger.iter_claims()
    if fact is not None:
        try:
            rows = ledger.conn.execute(
                "SELECT claim_id FROM fact_claims WHERE fact_id = ? ORDER BY claim_id", [fact]
            ).fetchall()
        except sqlite3.OperationalError:
            rows = []
        if not rows:
            raise NotFoundError(f"no fact with id {fact} (run 'claimtrack track' first)")
        ids = [int(r[0]) for r in rows]
    found = ledger.claims_by_ids(list(dict.fromkeys(ids)))
    missing = sorted(set(ids) - {c.id for c in found})
    if missing:
        raise NotFoundError(f"no claim with id {', '.join(map(str, missing))}")
    return found


def _judged_since_indexing(ledger: Ledger, judge_key: str) -> set[int]:
    """Claims with a verdict of this judge no older than the newest indexed passages."""
    rows = ledger.conn.execute(
        "SELECT DISTINCT claim_id FROM verdicts WHERE judge = ? AND at >= "
        "coalesce((SELECT max(indexed_at) FROM passage_sources), '')",
        [judge_key],
    ).fetchall()
    return {int(row[0]) for row in rows}
