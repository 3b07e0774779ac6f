"""Typed reads of facts and conflicts, on a ledger reader's (read-only) connection.

``Fact.as_dict()`` and ``Conflict.as_dict()`` are the JSON shapes of ``--json``. Lists come a
page at a time by keyset (``after`` the last one seen), with their total, so that the first
page of a hundred thousand facts costs what the first page of a hundred does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.ledger import LedgerReader
from claimtrack.ledger.read import fts_query
from claimtrack.tracking.shapes import (
    Conflict,
    ConflictPage,
    Decision,
    Fact,
    FactClaim,
    FactDetail,
    FactPage,
    FactSource,
    FactStatusEvent,
)
from claimtrack.tracking.store import DECISION_COLUMNS, STATUS_COLUMNS, decision_row

Order = Literal["id", "sources"]

_KIND_FIELDS = {
    "quote": ("speaker", "quote"),
    "date": ("event", "date_value"),
    "agreement": ("parties", "terms", "state", "date_value"),
    "statement": ("subject", "quantities"),
}
_FACT_COLUMNS = (
    "id, kind, claim, claim_id, speaker, quote, event, date_value, parties, terms, state, "
    "subject, quantities, first_seen, first_claim_id, last_seen, claim_count, source_count, "
    "independent_count, open_conflicts, updated_at, status"
)
_CONFLICT_COLUMNS = (
    "id, fact_id, kind, field, claim_a, claim_b, value_a, value_b, status, detected_at"
)


@dataclass(frozen=True)
class FactFilter:
    """Which facts: every filter given must match. ``min_sources`` counts independent sources
    (copies of one story are one); ``conflicts`` keeps facts with open conflicts; ``search``
    is full-text over the facts' claims and key fields; ``claim`` the fact of that claim."""

    kind: str | None = None
    min_sources: int | None = None
    min_claims: int | None = None
    conflicts: bool = False
    search: str | None = None
    claim: int | None = None
    document: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.kind is not None:
            clauses.append("f.kind = ?")
            params.append(self.kind)
        if self.min_sources is not None:
            clauses.append("f.independent_count >= ?")
            params.append(self.min_sources)
        if self.min_claims is not None:
            clauses.append("f.claim_count >= ?")
            params.append(self.min_claims)
        if self.conflicts:
            clauses.append("f.has_conflicts = 1")
        if self.search:
            clauses.append("f.id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)")
            params.append(fts_query(self.search))
        if self.claim is not None:
            clauses.append("f.id IN (SELECT fact_id FROM fact_claims WHERE claim_id = ?)")
            params.append(self.claim)
        if self.document is not None:
            clauses.append(
                "f.id IN (SELECT fact_id FROM fact_claims WHERE document_id IN "
                "(SELECT ? UNION SELECT document_id FROM document_sources WHERE source = ?))"
            )
            params.extend([self.document, self.document])
        return (" AND ".join(clauses) or "1"), params


def _fact_fields(kind: str, row: sqlite3.Row) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _KIND_FIELDS.get(kind, ()):
        value = row[name]
        if name in ("parties", "quantities"):
            value = json.loads(value) if value else []
        found["date" if name == "date_value" else name] = value
    return found


def _conflict(row: Sequence[Any]) -> Conflict:
    return Conflict(
        row[0], row[1], row[2], row[3], (row[4], row[5]), (row[6], row[7]), row[8], row[9]
    )


_MEMBERS = (
    "SELECT fc.claim_id, fc.relation, fc.score, fc.method, c.claim, c.document_id, "
    "d.source, d.title, d.published, coalesce(d.published, (SELECT min(s.first_seen) "
    "FROM document_sources s WHERE s.document_id = d.id)) AS seen, "
    "coalesce(g.group_id, c.document_id) AS grp, c.speaker, c.quote, c.date_value, "
    "c.parties, c.agreement_state, c.quantities "
    "FROM fact_claims fc JOIN claims c ON c.id = fc.claim_id "
    "JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN document_groups g ON g.document_id = c.document_id"
)


def _member(row: sqlite3.Row) -> FactClaim:
    extra = {
        name: row[name] for name in ("speaker", "quote", "date_value") if row[name] is not None
    }
    return FactClaim(
        row["claim_id"],
        row["relation"],
        row["score"],
        row["method"],
        row["claim"],
        row["document_id"],
        row["source"],
        row["published"],
        row["seen"],
        row["grp"],
        extra,
    )


class FactReader:
    """Facts and conflicts of a ledger, read through a ``LedgerReader`` (or a writer)."""

    def __init__(self, reader: LedgerReader) -> None:
        self.reader = reader
        self.conn = reader.conn

    @classmethod
    def open(cls, path: str | Path, *, timeout: float | None = None) -> FactReader:
        return cls(LedgerReader(path, timeout=timeout))

    def close(self) -> None:
        self.reader.close()

    def __enter__(self) -> FactReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        from claimtrack.ledger.connection import translated

        with translated(self.reader.path):
            cursor = self.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    # -- facts -------------------------------------------------------------------------------

    def count(self, where: FactFilter | None = None) -> int:
        clause, params = (where or FactFilter()).where()
        return int(self._rows(f"SELECT count(*) FROM facts f WHERE {clause}", params)[0][0])

    def facts(
        self,
        where: FactFilter | None = None,
        *,
        limit: int | None = 50,
        after: str | int | None = None,
        order: Order = "id",
    ) -> list[Fact]:
        """Facts matching ``where``: by id, or most independent sources first (``order=
        "sources"``), after the cursor ``after`` (a ``next_after`` of a page)."""
        clause, params = (where or FactFilter()).where()
        if order == "sources":
            sort = "f.independent_count DESC, f.id"
            if after:
                count, _, last = str(after).partition(":")
                if not last:
                    raise UsageError(f"not a cursor of this order: {after!r}")
                clause += " AND (f.independent_count < ? OR (f.independent_count = ? AND f.id > ?))"
                params += [int(count), int(count), int(last)]
        elif order == "id":
            sort = "f.id"
            if after:
                clause += " AND f.id > ?"
                params.append(int(str(after).rpartition(":")[2]))
        else:
            raise UsageError(f"unknown order {order!r}; choose id or sources")
        sql = f"SELECT {_FACT_COLUMNS} FROM facts f WHERE {clause} ORDER BY {sort}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._build(self._rows(sql, params))

    def page(
        self,
        where: FactFilter | None = None,
        *,
        limit: int = 50,
        after: str | int | None = None,
        order: Order = "id",
    ) -> FactPage:
        found = self.facts(where, limit=limit + 1, after=after, order=order)
        more = len(found) > limit
        found = found[:limit]
        cursor = None
        if more and found:
            last = found[-1]
            cursor = f"{last.independent_sources}:{last.id}" if order == "sources" else str(last.id)
        return FactPage(found, self.count(where), cursor)

    def _build(self, rows: list[sqlite3.Row]) -> list[Fact]:
        ids = [row["id"] for row in rows]
        claims: dict[int, list[int]] = {i: [] for i in ids}
        conflicts: dict[int, list[Conflict]] = {i: [] for i in ids}
        if ids:
            marks = ", ".join("?" for _ in ids)
            for fact, claim in self.conn.execute(
                f"SELECT fact_id, claim_id FROM fact_claims WHERE fact_id IN ({marks}) "
                "ORDER BY fact_id, claim_id",
                ids,
            ):
                claims[fact].append(claim)
            for row in self.conn.execute(
                f"SELECT {_CONFLICT_COLUMNS} FROM conflicts WHERE fact_id IN ({marks}) ORDER BY id",
                ids,
            ):
                conflicts[row[1]].append(_conflict(row))
        return [
            Fact(
                id=row["id"],
                kind=row["kind"],
                claim=row["claim"],
                canonical_claim=row["claim_id"],
                fields=_fact_fields(row["kind"], row),
                claims=tuple(claims[row["id"]]),
                sources=row["source_count"],
                independent_sources=row["independent_count"],
                first_seen=row["first_seen"],
                first_claim=row["first_claim_id"],
                last_seen=row["last_seen"],
                open_conflicts=row["open_conflicts"],
                conflicts=tuple(conflicts[row["id"]]),
                updated_at=row["updated_at"],
                status=row["status"],
            )
            for row in rows
        ]

    def get(self, fact_id: int) -> Fact:
        found = self._build(
            self._rows(f"SELECT {_FACT_COLUMNS} FROM facts f WHERE id = ?", [fact_id])
        )
        if not found:
            raise NotFoundError(f"no fact with id {fact_id}")
        return found[0]

    def fact_of_claim(self, claim_id: int) -> Fact | None:
        """The fact a claim is in (``None`` when it is not tracked yet)."""
        row = self.conn.execute(
            "SELECT fact_id FROM fact_claims WHERE claim_id = ?", [claim_id]
        ).fetchone()
        return self.get(row[0]) if row else None

    def fact(self, fact_id: int, *, limit: int | None = None, offset: int = 0) -> FactDetail:
        """One fact with its claims, its documents in the order they were seen, and its
        history of decisions. With ``limit``, a page of its claims (the canonical claim first,
        then by when they were seen) and of its documents (the timeline), ``offset`` into each:
        a fact of thousands of copies costs a page, and ``FactDetail.next_offset`` says where
        the next one starts (``fact.claims`` always lists every claim id)."""
        fact = self.get(fact_id)
        if limit is None:
            rows = self._rows(
                f"{_MEMBERS} WHERE fc.fact_id = ? ORDER BY seen, c.document_id, "
                "c.evidence_start, c.id",
                [fact_id],
            )
            members = sorted(map(_member, rows), key=lambda m: m.claim_id != fact.canonical_claim)
            documents = self._documents(fact_id, rows)
            totals: tuple[int, int] | None = None
            next_offset = None
        else:
            rows = self._rows(
                f"{_MEMBERS} WHERE fc.fact_id = ? ORDER BY fc.claim_id != ?, seen, "
                "c.document_id, c.evidence_start, c.id LIMIT ? OFFSET ?",
                [fact_id, fact.canonical_claim, limit, offset],
            )
            members = [_member(row) for row in rows]
            documents = self._timeline(fact_id, limit, offset)
            total_documents = int(
                self._rows(
                    "SELECT count(DISTINCT document_id) FROM fact_claims WHERE fact_id = ?",
                    [fact_id],
                )[0][0]
            )
            totals = (len(fact.claims), total_documents)
            more = offset + limit < max(totals)
            next_offset = offset + limit if more else None
        decisions = self.decisions(fact=fact_id, claims=list(fact.claims))
        return FactDetail(
            fact,
            members,
            documents,
            decisions,
            self.status_history(fact_id),
            totals=totals,
            offset=offset,
            next_offset=next_offset,
        )

    def _timeline(self, fact_id: int, limit: int, offset: int) -> list[FactSource]:
        """A page of the documents reporting a fact, in the order they were seen."""
        docs = self._rows(
            "SELECT d.id, coalesce(d.published, (SELECT min(s.first_seen) FROM document_sources "
            "s WHERE s.document_id = d.id)) AS seen FROM documents d WHERE d.id IN (SELECT "
            "document_id FROM fact_claims WHERE fact_id = ?) ORDER BY seen, d.id LIMIT ? OFFSET ?",
            [fact_id, limit, offset],
        )
        if not docs:
            return []
        wanted = [row["id"] for row in docs]
        rows = self._rows(
            f"{_MEMBERS} WHERE fc.fact_id = ? AND fc.document_id IN "
            f"({', '.join('?' for _ in wanted)}) ORDER BY seen, c.document_id, "
            "c.evidence_start, c.id",
            [fact_id, *wanted],
        )
        return self._documents(fact_id, rows)

    def status_history(self, fact_id: int) -> list[FactStatusEvent]:
        """The reviewers' statuses for a fact, oldest first (its current status is the last)."""
        rows = self.conn.execute(
            f"SELECT {STATUS_COLUMNS} FROM fact_status_events WHERE fact_id = ? ORDER BY id",
            [fact_id],
        )
        return [FactStatusEvent(*row) for row in rows]

    def _documents(self, fact_id: int, rows: list[sqlite3.Row]) -> list[FactSource]:
        docs: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            docs.setdefault(row["document_id"], []).append(row)
        sources: dict[str, list[str]] = {d: [] for d in docs}
        if docs:
            marks = ", ".join("?" for _ in docs)
            for doc, source in self.conn.execute(
                f"SELECT document_id, source FROM document_sources WHERE document_id IN ({marks}) "
                "ORDER BY first_seen, source",
                list(docs),
            ):
                sources[doc].append(source)
        return [
            FactSource(
                doc,
                found[0]["grp"],
                found[0]["title"],
                found[0]["published"],
                found[0]["seen"],
                tuple(sources[doc] or [found[0]["source"]]),
                tuple(r["claim_id"] for r in found),
            )
            for doc, found in docs.items()
        ]

    # -- conflicts and decisions -------------------------------------------------------------

    def conflicts(
        self,
        *,
        kind: str | None = None,
        status: str | None = None,
        fact: int | None = None,
        limit: int = 50,
        after: int = 0,
    ) -> ConflictPage:
        """Conflicts by kind (``date``, ``speaker``, ``wording``, ``number``, ``parties``,
        ``state``) and review status, a page at a time by id."""
        clauses, params = ["1"], []
        for column, value in (("kind", kind), ("status", status), ("fact_id", fact)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        clause = " AND ".join(clauses)
        total = int(self._rows(f"SELECT count(*) FROM conflicts WHERE {clause}", params)[0][0])
        rows = self.conn.execute(
            f"SELECT {_CONFLICT_COLUMNS} FROM conflicts WHERE {clause} AND id > ? "
            "ORDER BY id LIMIT ?",
            [*params, after, limit + 1],
        ).fetchall()
        found = [_conflict(r) for r in rows[:limit]]
        return ConflictPage(found, total, found[-1].id if len(rows) > limit and found else None)

    def conflict(self, conflict_id: int) -> Conflict:
        row = self.conn.execute(
            f"SELECT {_CONFLICT_COLUMNS} FROM conflicts WHERE id = ?", [conflict_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no conflict with id {conflict_id}")
        return _conflict(row)

    def decisions(
        self, *, fact: int | None = None, claims: Sequence[int] | None = None
    ) -> list[Decision]:
        """Decisions on a fact (made on it, or on any of ``claims``), or all of them."""
        if fact is None and claims is None:
            rows = self.conn.execute(f"SELECT {DECISION_COLUMNS} FROM fact_decisions ORDER BY id")
            return [Decision.of(decision_row(r)) for r in rows]
        wanted = sorted(set(claims or []))
        marks = ", ".join("?" for _ in wanted) or "NULL"
        rows = self.conn.execute(
            f"SELECT {DECISION_COLUMNS} FROM fact_decisions WHERE fact_id = ? "
            f"OR other_fact_id = ? OR claim_id IN ({marks}) OR other_claim_id IN ({marks}) "
            "ORDER BY id",
            [fact, fact, *wanted, *wanted],
        )
        return [Decision.of(decision_row(r)) for r in rows]

    def stats(self) -> dict[str, Any]:
        """Counts: facts by kind, conflicts by kind and status, claims tracked and not."""

        def grouped(sql: str) -> dict[str, int]:
            return {str(r[0]): int(r[1]) for r in self.conn.execute(sql)}

        one = self.conn.execute
        return {
            "facts": int(one("SELECT count(*) FROM facts").fetchone()[0]),
            "facts_by_kind": grouped(
                "SELECT kind, count(*) AS n FROM facts GROUP BY kind ORDER BY n DESC, kind"
            ),
            "facts_with_conflicts": int(
                one("SELECT count(*) FROM facts WHERE has_conflicts = 1").fetchone()[0]
            ),
            "conflicts_by_kind": grouped(
                "SELECT kind, count(*) AS n FROM conflicts WHERE status = 'open' GROUP BY kind "
                "ORDER BY n DESC, kind"
            ),
            "conflicts_by_status": grouped(
                "SELECT status, count(*) FROM conflicts GROUP BY status ORDER BY status"
            ),
            "claims_tracked": int(one("SELECT count(*) FROM fact_claims").fetchone()[0]),
            "claims_untracked": int(
                one(
                    "SELECT count(*) FROM claims c WHERE NOT EXISTS "
                    "(SELECT 1 FROM fact_claims f WHERE f.claim_id = c.id)"
                ).fetchone()[0]
            ),
            "document_groups": int(
                one("SELECT count(DISTINCT group_id) FROM document_groups").fetchone()[0]
            ),
            "documents_grouped": int(one("SELECT count(*) FROM document_groups").fetchone()[0]),
        }
