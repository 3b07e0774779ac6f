"""The tables of the match graph and of near-duplicate documents: nodes, edges, the
full-text index of block keys, document groups and their sketches.

Every function here runs inside the caller's write transaction (see ``store``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.tracking.cluster import Edge
from claimtrack.tracking.keys import key_token
from claimtrack.tracking.similar import Sketch
from claimtrack.tracking.store import chunks, marks, now

# -- documents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    published: str | None
    seen: str
    sources: int


def document_info(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, DocumentInfo]:
    """When each document was published (else first read) and from how many sources.

    Read from ``document_sources`` and the columns of ``documents`` before its text: a
    column after the text would make SQLite read through the whole text of every document."""
    found: dict[str, DocumentInfo] = {}
    for part in chunks(sorted(set(ids))):
        rows = conn.execute(
            "SELECT d.id, d.published, min(s.first_seen), count(s.source) FROM documents d "
            "LEFT JOIN document_sources s ON s.document_id = d.id "
            f"WHERE d.id IN ({marks(part)}) GROUP BY d.id",
            list(part),
        )
        for doc, published, first, sources in rows:
            found[doc] = DocumentInfo(published, published or first or "", max(1, sources))
    return found


def grouped(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """The group of each of ``ids`` that is already grouped."""
    found: dict[str, str] = {}
    for part in chunks(sorted(set(ids))):
        rows = conn.execute(
            f"SELECT document_id, group_id FROM document_groups WHERE document_id IN "
            f"({marks(part)})",
            list(part),
        )
        found.update({str(d): str(g) for d, g in rows})
    return found


def document_texts(conn: sqlite3.Connection, ids: Sequence[str]) -> Iterable[tuple[str, str]]:
    for part in chunks(sorted(set(ids)), 200):
        yield from conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({marks(part)}) ORDER BY id", list(part)
        )


def copies_of(
    conn: sqlite3.Connection, bands: Sequence[tuple[int, int]]
) -> list[tuple[str, str, int, int]]:
    """Grouped documents sharing a band with ``bands``: their id, group, and each band
    ``(band, hash)`` of ``bands`` they hold."""
    found: set[tuple[str, str, int, int]] = set()
    for part in chunks(list(bands), 400):
        rows = conn.execute(
            "SELECT b.document_id, g.group_id, b.band, b.hash FROM document_bands b "
            "JOIN document_groups g ON g.document_id = b.document_id "
            f"WHERE (b.band, b.hash) IN (VALUES {', '.join('(?, ?)' for _ in part)})",
            [v for band in part for v in band],
        )
        found.update((str(d), str(g), int(b), int(h)) for d, g, b, h in rows)
    return sorted(found)


def sketches(conn: sqlite3.Connection, documents: Sequence[str]) -> dict[str, Sketch]:
    found: dict[str, Sketch] = {}
    for part in chunks(sorted(set(documents))):
        for doc, shingles, blob in conn.execute(
            "SELECT document_id, shingles, sketch FROM document_groups "
            f"WHERE document_id IN ({marks(part)})",
            list(part),
        ):
            found[str(doc)] = Sketch.from_blob(blob, shingles)
    return found


def write_groups(
    conn: sqlite3.Connection,
    new: dict[str, tuple[str, Sketch]],
    relabel: dict[str, str],
) -> None:
    """Store new documents with their group, sketch and what facts count of them, and rename
    merged groups."""
    for old, label in sorted(relabel.items()):
        conn.execute("UPDATE document_groups SET group_id = ? WHERE group_id = ?", [label, old])
    stamp = now()
    info = document_info(conn, sorted(new))
    conn.executemany(
        "INSERT OR REPLACE INTO document_groups (document_id, group_id, published, seen, "
        "sources, shingles, sketch, grouped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc,
                group,
                info[doc].published,
                info[doc].seen,
                info[doc].sources,
                sketch.shingles,
                sketch.blob(),
                stamp,
            )
            for doc, (group, sketch) in sorted(new.items())
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO document_bands (band, hash, document_id) VALUES (?, ?, ?)",
        [(b, h, doc) for doc, (_, sketch) in sorted(new.items()) for b, h in sketch.bands()],
    )


def stale_sources(conn: sqlite3.Connection) -> list[str]:
    """Documents read from more sources since they were grouped (the same text extracted
    again from another file adds no claim, but one more source); their counts are renewed."""
    stale = [
        (n, doc)
        for doc, n in conn.execute(
            "SELECT g.document_id, (SELECT count(*) FROM document_sources s "
            "WHERE s.document_id = g.document_id) AS n FROM document_groups g "
            "WHERE g.sources != n AND n > 0"
        )
    ]
    conn.executemany("UPDATE document_groups SET sources = ? WHERE document_id = ?", stale)
    return sorted(doc for _, doc in stale)


def facts_of_groups(conn: sqlite3.Connection, groups: Sequence[str]) -> list[int]:
    """Facts with a claim from a document of these near-duplicate groups."""
    found: set[int] = set()
    for part in chunks(list(groups)):
        found.update(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT f.fact_id FROM document_groups g "
                "JOIN fact_claims f ON f.document_id = g.document_id "
                f"WHERE g.group_id IN ({marks(part)})",
                list(part),
            )
        )
    return sorted(found)


# -- nodes and edges ------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeRow:
    id: int
    signature: str
    claim_id: int
    split: bool
    fact_id: int | None


def _node_rows(conn: sqlite3.Connection, column: str, values: Sequence[Any]) -> list[NodeRow]:
    found: list[NodeRow] = []
    for part in chunks(list(values)):
        found.extend(
            NodeRow(i, s, c, bool(sp), f)
            for i, s, c, sp, f in conn.execute(
                f"SELECT id, signature, claim_id, split, fact_id FROM fact_nodes "
                f"WHERE {column} IN ({marks(part)})",
                list(part),
            )
        )
    return found


def nodes_by_signature(conn: sqlite3.Connection, signatures: Sequence[str]) -> dict[str, NodeRow]:
    return {row.signature: row for row in _node_rows(conn, "signature", signatures)}


def nodes_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, NodeRow]:
    return {row.id: row for row in _node_rows(conn, "id", ids)}


def nodes_of_facts(conn: sqlite3.Connection, fact_ids: Sequence[int]) -> list[int]:
    return sorted(row.id for row in _node_rows(conn, "fact_id", fact_ids))


def count_nodes(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM fact_nodes").fetchone()[0])


def next_node_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM fact_nodes").fetchone()[0])


def insert_nodes(
    conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str, int, bool, list[int]]]
) -> None:
    """New nodes ``(id, signature, kind, claim, split, keys)``, and their keys in the index."""
    conn.executemany(
        "INSERT INTO fact_nodes (id, signature, kind, claim_id, split) VALUES (?, ?, ?, ?, ?)",
        [(n, s, k, c, int(sp)) for n, s, k, c, sp, _ in rows],
    )
    conn.executemany(
        "INSERT INTO fact_keys (rowid, keys) VALUES (?, ?)",
        [(n, " ".join(map(key_token, keys))) for n, _, _, _, _, keys in rows],
    )


def delete_node(conn: sqlite3.Connection, node: int, keys: list[int]) -> None:
    """Drop a node left without claims (its only claim was split out)."""
    conn.execute(
        "INSERT INTO fact_keys (fact_keys, rowid, keys) VALUES ('delete', ?, ?)",
        [node, " ".join(map(key_token, keys))],
    )
    conn.execute("DELETE FROM fact_edges WHERE node_a = ? OR node_b = ?", [node, node])
    conn.execute("DELETE FROM fact_nodes WHERE id = ?", [node])


def candidate_nodes(conn: sqlite3.Connection, keys: Sequence[int]) -> list[int]:
    """Stored nodes sharing a block key with ``keys`` (the full-text index answers; BM25 puts
    the nodes sharing the rarest keys first, which matters to no result: all are compared)."""
    found: set[int] = set()
    for part in chunks(list(keys), 200):
        query = " OR ".join(map(key_token, part))
        found.update(
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM fact_keys WHERE fact_keys MATCH ? ORDER BY rank", [query]
            )
        )
    return sorted(found)


def insert_edges(conn: sqlite3.Connection, edges: Iterable[Edge]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO fact_edges (node_a, node_b, relation, score, method) "
        "VALUES (?, ?, ?, ?, ?)",
        [(e.a, e.b, e.relation, e.score, e.method) for e in edges],
    )


def edges_of(conn: sqlite3.Connection, nodes: Sequence[int]) -> list[Edge]:
    found: dict[tuple[int, int], Edge] = {}
    for part in chunks(list(nodes), 450):
        qs = marks(part)
        for a, b, relation, score, method in conn.execute(
            "SELECT node_a, node_b, relation, score, method FROM fact_edges "
            f"WHERE node_a IN ({qs}) OR node_b IN ({qs})",
            [*part, *part],
        ):
            found[(a, b)] = Edge(a, b, relation, score, method)
    return [found[k] for k in sorted(found)]
