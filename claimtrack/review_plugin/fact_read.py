"""What a fact's page shows, read in bounded steps so that a fact of forty thousand claims
costs what a fact of four does, save one pass over its links.

- The fact's independent sources (its documents grouped by copies, the first of each the
  earliest seen) come from ``fact_claims`` joined to ``document_groups`` by key, through
  covering indexes, grouped by SQLite: one pass over the fact's index entries, no claim rows,
  no document texts; the result is kept while the fact is unchanged. In the order seen, it is
  the timeline (who reported the fact first). The pages of every copy come from the fact's
  documents in the order seen, read in one more such pass and kept the same way, so that
  paging through them costs nothing more.
- The sources shown side by side are one page of documents (one per independent source and
  every copy that disagrees with another source, or every copy), each with up to
  ``CLAIMS_PER_SOURCE`` of its claims of the fact loaded in full (spans) and its text, for
  the claim's context.
- Conflicts: the fact's counts, its first ``CONFLICTS_SHOWN`` (open first), and those of the
  claims on the page, by the conflicts' own indexes.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from claimtrack.errors import NotFoundError
from claimtrack.ledger import LedgerReader
from claimtrack.records import StoredClaim
from claimtrack.tracking import FactReader, FactStatusEvent

SOURCES_PER_PAGE = 12
CLAIMS_PER_SOURCE = 3
CONFLICTS_SHOWN = 50
TIMELINE_SHOWN = 25
CANDIDATES = 10

# The span names a conflict's field is marked on (a list field's items are ``name:index``).
CONFLICT_SPANS = {
    "date": ("date",),
    "speaker": ("speaker",),
    "quote": ("quote",),
    "parties": ("party",),
    "quantities": ("quantity",),
    "state": ("evidence",),
}


@dataclass(frozen=True)
class SourceRow:
    """A document reporting the fact: its group of copies and when it was seen."""

    document_id: str
    group: str
    seen: str
    published: str | None
    claims: int
    title: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """An independent source: its first document, when it was seen, its copies."""

    position: int
    group: str
    first: SourceRow
    documents: int
    claims: int


@dataclass(frozen=True)
class ConflictRow:
    id: int
    kind: str
    field: str
    claim_a: int
    claim_b: int
    value_a: str | None
    value_b: str | None
    status: str
    title_a: str
    title_b: str


@dataclass
class ShownSource:
    """One card of the side-by-side view: a document and its claims of the fact."""

    row: SourceRow
    title: str
    sources: list[str]
    text: str
    claims: list[tuple[StoredClaim, str]]  # the claim and how it matched (same, variant…)
    more_claims: int
    copies: int  # documents in its group (1: no copy)
    disputed: bool  # holds a claim in an open conflict
    conflicts: dict[int, list[ConflictRow]] = field(default_factory=dict)


@dataclass
class FactView:
    fact: dict[str, Any]
    status: list[FactStatusEvent]
    timeline: list[TimelineEntry]
    independent: int
    documents: int
    shown: list[ShownSource]
    total_shown: int  # sources in the side-by-side list (independent ones, or every document)
    first: int  # 0-based position of the first card
    conflicts: list[ConflictRow]
    open_conflicts: int
    all_conflicts: int
    decisions: list[Any]
    candidates: list[dict[str, Any]]


# A fact's independent sources: its documents (counted from the covering index of its links),
# each joined to its group of copies and when it was seen (``idx_document_groups_seen``), then
# grouped; the first of a group is its earliest document (then the smallest id).
_GROUPS = """
SELECT coalesce(g.group_id, d.document_id) AS grp,
    min(coalesce(g.seen, '') || ' ' || d.document_id), count(*), sum(d.n)
FROM (SELECT document_id, count(*) AS n FROM fact_claims WHERE fact_id = ? GROUP BY document_id) d
LEFT JOIN document_groups g {indexed} ON g.document_id = d.document_id
GROUP BY grp
"""
_DOCUMENT_ROWS = (
    "SELECT fc.document_id, coalesce(g.group_id, fc.document_id), coalesce(g.seen, ''), "
    "g.published, count(*), (SELECT coalesce(d.title, d.source) FROM documents d "
    "WHERE d.id = fc.document_id) FROM fact_claims fc "
    "LEFT JOIN document_groups g {indexed} ON g.document_id = fc.document_id "
    "WHERE fc.fact_id = ? "
)
# Every document of a fact in the order seen, with its group of copies: one pass over the
# covering index of its links; titles are read only for the documents shown.
_DOCUMENTS = """
SELECT d.document_id, coalesce(g.group_id, d.document_id), coalesce(g.seen, '') AS seen,
    g.published, d.n
FROM (SELECT document_id, count(*) AS n FROM fact_claims WHERE fact_id = ?
    GROUP BY document_id) d
LEFT JOIN document_groups g {indexed} ON g.document_id = d.document_id
ORDER BY seen, d.document_id
"""
Document = tuple[str, str, str, str | None, int]  # id, group, seen, published, claims
_DOCUMENTS_CACHE: dict[tuple[str, int, str, int], list[Document]] = {}
_CACHE: dict[tuple[str, int, str, int], list[TimelineEntry]] = {}
_INDEX = "idx_document_groups_seen"  # m011_fact_desk


def _indexed(conn: sqlite3.Connection) -> str:
    """``INDEXED BY`` the covering index of documents' groups, where the ledger has it: SQLite
    prefers the primary key's index, which reads each group's row (and its sketch) — 2 s
    for the 44,000 documents of one fact instead of 0.2 s."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [_INDEX]
    ).fetchone()
    return f"INDEXED BY {_INDEX}" if found else ""


def _rows_of(conn: sqlite3.Connection, fact_id: int, documents: list[str]) -> list[SourceRow]:
    """The rows of some of a fact's documents, in the order they were seen."""
    found: list[SourceRow] = []
    for start in range(0, len(documents), 500):
        part = documents[start : start + 500]
        marks = ", ".join("?" for _ in part)
        rows = conn.execute(
            _DOCUMENT_ROWS.format(indexed=_indexed(conn))
            + f"AND fc.document_id IN ({marks}) GROUP BY fc.document_id",
            [fact_id, *part],
        )
        found.extend(SourceRow(*row) for row in rows)
    found.sort(key=lambda r: (r.seen, r.document_id))
    return found


def _documents(conn: sqlite3.Connection, path: str, fact: dict[str, Any]) -> list[Document]:
    """Every document of the fact, in the order seen (kept for the process, for a few facts,
    while the fact is unchanged): each page of every copy is a slice of it, not one more
    pass over the fact's links sorted and skipped to the page (0.25-0.35 s for the last page
    of 44,000 documents)."""
    key = (path, int(fact["id"]), str(fact["updated_at"]), int(fact["claim_count"]))
    if key not in _DOCUMENTS_CACHE:
        rows = conn.execute(_DOCUMENTS.format(indexed=_indexed(conn)), [fact["id"]])
        if len(_DOCUMENTS_CACHE) >= 4:
            _DOCUMENTS_CACHE.clear()
        _DOCUMENTS_CACHE[key] = [(str(d), str(g), str(s), p, int(n)) for d, g, s, p, n in rows]
    return _DOCUMENTS_CACHE[key]


def _titled(conn: sqlite3.Connection, documents: list[Document]) -> list[SourceRow]:
    """Some of a fact's documents as rows, with their titles."""
    titles: dict[str, str] = {}
    ids = sorted({d[0] for d in documents})
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        titles.update(
            conn.execute(
                f"SELECT id, coalesce(title, source) FROM documents WHERE id IN ({marks})", part
            ).fetchall()
        )
    return [SourceRow(d, g, s, p, n, titles.get(d, "")) for d, g, s, p, n in documents]


def _timeline(conn: sqlite3.Connection, path: str, fact: dict[str, Any]) -> list[TimelineEntry]:
    """The fact's independent sources in the order they were first seen (kept for the
    process while the fact is unchanged: a fact's row changes whenever its claims do)."""
    key = (path, int(fact["id"]), str(fact["updated_at"]), int(fact["claim_count"]))
    if key in _CACHE:
        return _CACHE[key]
    groups = conn.execute(_GROUPS.format(indexed=_indexed(conn)), [fact["id"]]).fetchall()
    firsts = {str(first).rpartition(" ")[2]: (g, docs, n) for g, first, docs, n in groups}
    entries = [
        TimelineEntry(0, firsts[row.document_id][0], row, *firsts[row.document_id][1:])
        for row in _rows_of(conn, int(fact["id"]), sorted(firsts))
    ]
    timeline = [
        TimelineEntry(i, e.group, e.first, e.documents, e.claims)
        for i, e in enumerate(entries, start=1)
    ]
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = timeline
    return timeline


def _conflict_rows(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[ConflictRow]:
    rows = conn.execute(
        "SELECT k.id, k.kind, k.field, k.claim_a, k.claim_b, k.value_a, k.value_b, k.status, "
        "(SELECT coalesce(d.title, d.source) FROM claims c JOIN documents d "
        "ON d.id = c.document_id WHERE c.id = k.claim_a), "
        "(SELECT coalesce(d.title, d.source) FROM claims c JOIN documents d "
        f"ON d.id = c.document_id WHERE c.id = k.claim_b) FROM conflicts k WHERE {where}",
        params,
    ).fetchall()
    return [ConflictRow(*row) for row in rows]


def read_fact(
    conn: sqlite3.Connection, path: str, fact_id: int, *, copies: bool, at: int
) -> FactView:
    """Everything the fact page shows (see the module's docstring)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    found = cursor.execute("SELECT * FROM facts WHERE id = ?", [fact_id]).fetchone()
    if found is None:
        raise NotFoundError(f"no fact with id {fact_id}")
    fact = dict(found)
    for name in ("parties", "quantities"):
        fact[name] = json.loads(fact[name]) if fact.get(name) else []
    reader = LedgerReader.using(conn, path)
    facts = FactReader(reader)
    timeline = _timeline(conn, path, fact)
    group_size = {t.group: t.documents for t in timeline}
    documents = sum(t.documents for t in timeline)
    disputed = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT document_id FROM fact_claims WHERE claim_id IN "
            "(SELECT claim_a FROM conflicts WHERE fact_id = ? AND status = 'open' UNION "
            "SELECT claim_b FROM conflicts WHERE fact_id = ? AND status = 'open')",
            [fact_id, fact_id],
        )
    }
    if copies:
        # every document, a page of them, sorted by the ledger
        total = documents
        first = max(0, min(at, max(0, total - 1)))
        first -= first % SOURCES_PER_PAGE
        page = _titled(conn, _documents(conn, path, fact)[first : first + SOURCES_PER_PAGE])
    else:
        # one card per independent source, and every copy that disagrees with another source
        firsts = {t.first.document_id for t in timeline}
        listed = _rows_of(conn, fact_id, sorted(firsts | disputed))
        total = len(listed)
        first = max(0, min(at, max(0, total - 1)))
        first -= first % SOURCES_PER_PAGE
        page = listed[first : first + SOURCES_PER_PAGE]
    shown: list[ShownSource] = []
    if page:
        ids = [r.document_id for r in page]
        marks = ", ".join("?" for _ in ids)
        members: dict[str, list[tuple[int, str]]] = {d: [] for d in ids}
        for claim_id, document_id, relation in conn.execute(
            "SELECT claim_id, document_id, relation FROM fact_claims "
            f"WHERE fact_id = ? AND document_id IN ({marks}) ORDER BY start, claim_id",
            [fact_id, *ids],
        ):
            members[document_id].append((claim_id, relation))
        wanted = [c for d in ids for c, _ in members[d][:CLAIMS_PER_SOURCE]]
        claims = {c.id: c for c in reader.claims_by_ids(wanted, history=False)}
        titles = {
            d: (t, s)
            for d, t, s in conn.execute(
                f"SELECT id, coalesce(title, source), source FROM documents WHERE id IN ({marks})",
                ids,
            )
        }
        sources: dict[str, list[str]] = {d: [] for d in ids}
        for d, s in conn.execute(
            f"SELECT document_id, source FROM document_sources WHERE document_id IN ({marks}) "
            "ORDER BY first_seen, source",
            ids,
        ):
            sources[d].append(s)
        by_claim: dict[int, list[ConflictRow]] = {c: [] for c in wanted}
        if wanted:
            cmarks = ", ".join("?" for _ in wanted)
            for conflict in _conflict_rows(
                conn,
                f"k.fact_id = ? AND (k.claim_a IN ({cmarks}) OR k.claim_b IN ({cmarks})) "
                "ORDER BY k.status != 'open', k.id LIMIT 200",
                [fact_id, *wanted, *wanted],
            ):
                for side in (conflict.claim_a, conflict.claim_b):
                    if side in by_claim:
                        by_claim[side].append(conflict)
        for row in page:
            mine = members[row.document_id]
            title, source = titles.get(row.document_id, (row.document_id, row.document_id))
            shown.append(
                ShownSource(
                    row=row,
                    title=title,
                    sources=sources[row.document_id] or [source],
                    text=reader.document_text(row.document_id),
                    claims=[(claims[c], rel) for c, rel in mine[:CLAIMS_PER_SOURCE] if c in claims],
                    more_claims=max(0, len(mine) - CLAIMS_PER_SOURCE),
                    copies=group_size.get(row.group, 1),
                    disputed=row.document_id in disputed,
                    conflicts={c: by_claim.get(c, []) for c, _ in mine[:CLAIMS_PER_SOURCE]},
                )
            )
    counts = conn.execute(
        "SELECT count(*), coalesce(sum(status = 'open'), 0) FROM conflicts WHERE fact_id = ?",
        [fact_id],
    ).fetchone()
    conflicts = _conflict_rows(
        conn,
        "k.fact_id = ? ORDER BY k.status != 'open', k.id LIMIT ?",
        [fact_id, CONFLICTS_SHOWN],
    )
    decisions = [
        d
        for d in facts.decisions(fact=fact_id, claims=[int(fact["claim_id"])])
        if d.fact == fact_id or d.other_fact == fact_id or d.claim == fact["claim_id"]
    ]
    return FactView(
        fact=fact,
        status=facts.status_history(fact_id),
        timeline=timeline,
        independent=len(timeline),
        documents=documents,
        shown=shown,
        total_shown=total,
        first=first,
        conflicts=conflicts,
        open_conflicts=int(counts[1]),
        all_conflicts=int(counts[0]),
        decisions=decisions,
        candidates=_candidates(conn, fact),
    )


@dataclass(frozen=True)
class FactSummary:
    """What a claim's page says of its fact: a row of ``facts``, not its forty thousand
    claims."""

    id: int
    sources: int
    independent_sources: int
    first_seen: str | None
    open_conflicts: int


def fact_summary(conn: sqlite3.Connection, claim_id: int) -> FactSummary | None:
    """The fact a claim is in (``None`` when it is not tracked yet)."""
    row = conn.execute(
        "SELECT f.id, f.source_count, f.independent_count, f.first_seen, f.open_conflicts "
        "FROM fact_claims fc JOIN facts f ON f.id = fc.fact_id WHERE fc.claim_id = ?",
        [claim_id],
    ).fetchone()
    return FactSummary(*row) if row else None


_SAME_KEY = {
    "quote": "speaker",
    "date": "date_value",
    "agreement": "parties",
    "statement": "subject",
}


def _candidates(conn: sqlite3.Connection, fact: dict[str, Any]) -> list[dict[str, Any]]:
    """Other facts of the same kind with the same key (speaker, date, parties, subject): what
    a reviewer may mean to merge this one with (any fact id can be typed)."""
    column = _SAME_KEY.get(str(fact["kind"]))
    value = fact.get(column) if column else None
    if column is None or value in (None, "", []):
        return []
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    rows = conn.execute(
        f"SELECT id, claim, independent_count FROM facts INDEXED BY idx_facts_kind_sources "
        f"WHERE kind = ? AND {column} = ? AND id != ? ORDER BY independent_count DESC, id LIMIT ?",
        [fact["kind"], value, fact["id"], CANDIDATES],
    )
    return [{"id": r[0], "claim": r[1], "sources": r[2]} for r in rows]
