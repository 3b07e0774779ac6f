"""The shapes facts and conflicts are read in: typed records whose ``as_dict()`` is the JSON
of ``--json``.

- a fact: ``id``, ``kind``, ``claim`` (its canonical claim's text), ``canonical_claim``, its key
  fields (``speaker`` and ``quote``; ``event`` and ``date``; ``parties``, ``terms``, ``state``
  and ``date``; ``subject`` and ``quantities``), ``claims`` (claim ids), ``claim_count``,
  ``sources``, ``independent_sources``, ``first_seen``, ``first_claim``, ``last_seen``,
  ``open_conflicts``, ``conflicts``, ``status`` (a reviewer's verification status of the fact,
  ``unverified`` until one is set);
- a conflict: ``id``, ``fact``, ``kind`` (``date``, ``speaker``, ``wording``, ``number``,
  ``parties``, ``state``), ``field``, ``claims`` (the two claim ids), ``values`` (the two
  values), ``status`` (``open``, ``resolved``), ``detected_at``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimtrack.tracking.store import DecisionRow


@dataclass(frozen=True)
class Conflict:
    """Two claims of one fact that disagree on ``field``."""

    id: int
    fact: int
    kind: str  # date, speaker, wording, number, parties, state
    field: str
    claims: tuple[int, int]
    values: tuple[str | None, str | None]
    status: str  # open, resolved
    detected_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fact": self.fact,
            "kind": self.kind,
            "field": self.field,
            "claims": list(self.claims),
            "values": list(self.values),
            "status": self.status,
            "detected_at": self.detected_at,
        }


@dataclass(frozen=True)
class Fact:
    """One fact: the claims that report it, its canonical claim and key fields, who reported
    it first, how many sources and independent sources, and its conflicts."""

    id: int
    kind: str
    claim: str
    canonical_claim: int
    fields: dict[str, Any]
    claims: tuple[int, ...]
    sources: int
    independent_sources: int
    first_seen: str | None
    first_claim: int | None
    last_seen: str | None
    open_conflicts: int
    conflicts: tuple[Conflict, ...]
    updated_at: str
    status: str = "unverified"

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "claim": self.claim,
            "canonical_claim": self.canonical_claim,
            **self.fields,
            "claims": list(self.claims),
            "claim_count": len(self.claims),
            "sources": self.sources,
            "independent_sources": self.independent_sources,
            "first_seen": self.first_seen,
            "first_claim": self.first_claim,
            "last_seen": self.last_seen,
            "open_conflicts": self.open_conflicts,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "status": self.status,
        }


@dataclass
class FactPage:
    """One page of facts, how many match in all, and where the next page starts (``None`` on
    the last page; pass it back as ``after``)."""

    facts: list[Fact]
    total: int
    next_after: str | None = None


@dataclass
class ConflictPage:
    conflicts: list[Conflict]
    total: int
    next_after: int | None = None


@dataclass(frozen=True)
class FactClaim:
    """One claim of a fact, with how it matched and where it was published."""

    claim_id: int
    relation: str  # same, variant, conflicting
    score: float
    method: str
    claim: str
    document_id: str
    source: str
    published: str | None
    seen: str
    group: str  # its near-duplicate group: one independent source
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim_id,
            "relation": self.relation,
            "score": self.score,
            "method": self.method,
            "text": self.claim,
            "document": self.document_id,
            "source": self.source,
            "published": self.published,
            "seen": self.seen,
            "group": self.group,
            **self.fields,
        }


@dataclass(frozen=True)
class FactSource:
    """A document reporting the fact: every source it was read from, its group of copies (the
    group is named by its first document) and its claims of the fact."""

    document_id: str
    group: str
    title: str | None
    published: str | None
    seen: str
    sources: tuple[str, ...]
    claims: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document_id,
            "group": self.group,
            "copy_of": self.group if self.group != self.document_id else None,
            "title": self.title,
            "published": self.published,
            "seen": self.seen,
            "sources": list(self.sources),
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on facts (see the ``fact_decisions`` table)."""

    id: int
    action: str
    fact: int | None
    other_fact: int | None
    claim: int
    other_claim: int | None
    claims: tuple[int, ...]
    conflict: int | None
    field: str | None
    note: str | None
    by: str
    at: str

    @classmethod
    def of(cls, row: DecisionRow) -> Decision:
        return cls(
            row.id,
            row.action,
            row.fact_id,
            row.other_fact_id,
            row.claim_id,
            row.other_claim_id,
            row.claims,
            row.conflict_id,
            row.field,
            row.note,
            row.by,
            row.at,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "fact": self.fact,
            "other_fact": self.other_fact,
            "claim": self.claim,
            "other_claim": self.other_claim,
            "claims": list(self.claims),
            "conflict": self.conflict,
            "field": self.field,
            "note": self.note,
            "by": self.by,
            "at": self.at,
        }


@dataclass(frozen=True)
class FactStatusEvent:
    """A reviewer's verification status for a fact (the ``fact_status_events`` history)."""

    id: int
    fact: int
    claim: int | None  # the fact's canonical claim when the status was set
    status: str
    note: str | None
    by: str
    at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fact": self.fact,
            "claim": self.claim,
            "status": self.status,
            "note": self.note,
            "by": self.by,
            "at": self.at,
        }


@dataclass(frozen=True)
class FactDetail:
    """One fact's page: the fact, its claims (canonical first, then by when they were seen),
    the documents reporting it in the order they were seen (the timeline: who reported it
    first), and the reviewers' decisions on it."""

    fact: Fact
    claims: list[FactClaim]
    documents: list[FactSource]
    decisions: list[Decision]
    statuses: list[FactStatusEvent] = field(default_factory=list)
    # a page (``FactReader.fact(limit=...)``): how many claims and documents in all, where
    # this page starts in each, and where the next starts (``None``: no more)
    totals: tuple[int, int] | None = None
    offset: int = 0
    next_offset: int | None = None

    def as_dict(self) -> dict[str, Any]:
        shape = {
            **self.fact.as_dict(),
            "members": [c.as_dict() for c in self.claims],
            "timeline": [d.as_dict() for d in self.documents],
            "decisions": [d.as_dict() for d in self.decisions],
            "status_history": [s.as_dict() for s in self.statuses],
        }
        if self.totals is not None:
            shape.update(
                members_total=self.totals[0],
                timeline_total=self.totals[1],
                offset=self.offset,
                next_offset=self.next_offset,
            )
        return shape
