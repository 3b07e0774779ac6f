"""Reading and writing the tracking tables on a connection inside a write transaction.

Every function here runs inside ``claimtrack.ledger.connection.write_transaction`` (the caller
opens it), so that a tracking run reads the state it changes under the write lock: two
processes tracking one ledger at once wait their turn instead of both adding the same claim.
Facts are rewritten only where something changed: a fact's row, a claim's link or a conflict
that is already as computed is left alone, so re-tracking writes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from claimtrack.records import CallRecord
from claimtrack.tracking.cluster import Member, PlannedConflict, Reports

_CHUNK = 900  # ids per IN (...) list


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sequence[Any]) -> str:
    return ", ".join("?" for _ in items)


# -- state ----------------------------------------------------------------------------------


def state(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM fact_state WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO fact_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value != excluded.value",
        [key, value],
    )


def untracked(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[int]:
    """Of ``ids`` (every claim when ``None``), those not yet in a fact, ascending."""
    if ids is None:
        rows = conn.execute(
            "SELECT id FROM claims c WHERE NOT EXISTS "
            "(SELECT 1 FROM fact_claims f WHERE f.claim_id = c.id) ORDER BY id"
        )
        return [r[0] for r in rows]
    found: list[int] = []
    for part in chunks(sorted(set(ids))):
        rows = conn.execute(
            f"SELECT id FROM claims c WHERE id IN ({marks(part)}) AND NOT EXISTS "
            "(SELECT 1 FROM fact_claims f WHERE f.claim_id = c.id)",
            list(part),
        )
        found.extend(r[0] for r in rows)
    return sorted(found)


# Each node's claims by independent source, summarised in ``fact_reports`` (migration
# m015_fact_reports): how many, the first by rank and the earliest seen (with the keys that
# rank them: ``Member.rank`` and ``Member.earliness`` as fixed-width text, a space between),
# and when the last was seen. A summary of new claims is folded into the stored one (the
# fold is associative and commutative: counts add, keys compare), so adding a claim to a
# node of a thousand copies costs what adding it to a node of one does; where claims leave a
# node or groups of copies merge, the node's summary is computed again from its claims.
_REPORT_COLUMNS = (
    "node_id, group_id, claims, last_seen, first_key, first_claim_id, first_document_id, "
    "first_published, first_seen, first_start, earliest_key, earliest_claim_id, "
    "earliest_document_id, earliest_published, earliest_seen, earliest_start"
)

# SQLite gives an aggregate's other columns from the row holding its min()
_SUMMARY = """
WITH m AS (
    SELECT f.node_id, f.claim_id, f.document_id, f.start,
        coalesce(g.group_id, f.document_id) AS grp, g.published,
        coalesce(g.seen, '') AS seen,
        coalesce(g.published, '~') || ' ' || f.document_id || ' ' || printf('%012d', f.start)
            || ' ' || printf('%015d', f.claim_id) AS rank
    FROM fact_claims f LEFT JOIN document_groups g ON g.document_id = f.document_id
    WHERE f.node_id IN ({marks})
),
a AS (
    SELECT node_id, grp, count(*) AS n, max(seen) AS last, min(rank) AS k, claim_id,
        document_id, published, seen, start
    FROM m GROUP BY node_id, grp
),
b AS (
    SELECT node_id, grp, min(seen || ' ' || rank) AS k, claim_id, document_id, published, seen,
        start
    FROM m GROUP BY node_id, grp
)
SELECT a.node_id, a.grp, a.n, a.last, a.k, a.claim_id, a.document_id, a.published, a.seen,
    a.start, b.k, b.claim_id, b.document_id, b.published, b.seen, b.start
FROM a JOIN b ON b.node_id = a.node_id AND b.grp = a.grp
"""

_Summary = tuple[Any, ...]  # a row of fact_reports, in _REPORT_COLUMNS order


def summarised(conn: sqlite3.Connection, nodes: Sequence[int]) -> list[_Summary]:
    """The summaries of ``nodes`` computed from every claim they hold (what ``fact_reports``
    must equal)."""
    found: list[_Summary] = []
    for part in chunks(sorted(set(nodes))):
        found.extend(conn.execute(_SUMMARY.format(marks=marks(part)), list(part)))
    return sorted(found, key=lambda row: (row[0], row[1]))


def stored_summaries(conn: sqlite3.Connection, nodes: Sequence[int]) -> list[_Summary]:
    found: list[_Summary] = []
    for part in chunks(sorted(set(nodes))):
        found.extend(
            conn.execute(
                f"SELECT {_REPORT_COLUMNS} FROM fact_reports WHERE node_id IN ({marks(part)})",
                list(part),
            )
        )
    return sorted(found, key=lambda row: (row[0], row[1]))


def resummarise(conn: sqlite3.Connection, nodes: Sequence[int]) -> None:
    """Compute the summaries of ``nodes`` again from their claims (after claims left them)."""
    for part in chunks(sorted(set(nodes))):
        conn.execute(f"DELETE FROM fact_reports WHERE node_id IN ({marks(part)})", list(part))
    _put(conn, summarised(conn, nodes))


def resummarise_groups(conn: sqlite3.Connection, groups: Sequence[str]) -> None:
    """Compute again the summaries of the nodes with claims from these groups of copies (their
    groups were merged into one)."""
    found: set[int] = set()
    for part in chunks(sorted(set(groups))):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT node_id FROM fact_reports WHERE group_id IN ({marks(part)})", list(part)
            )
        )
    resummarise(conn, sorted(found))


def _put(conn: sqlite3.Connection, rows: Sequence[_Summary]) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO fact_reports ({_REPORT_COLUMNS}) "
        f"VALUES ({marks(_REPORT_COLUMNS.split(', '))})",
        rows,
    )


def _fold(a: _Summary, b: _Summary) -> _Summary:
    """Two summaries of one node and group as one."""
    first = a[4:10] if a[4] <= b[4] else b[4:10]
    earliest = a[10:16] if a[10] <= b[10] else b[10:16]
    return (a[0], a[1], a[2] + b[2], max(a[3], b[3]), *first, *earliest)


def fold_links(conn: sqlite3.Connection, rows: Sequence[tuple[int, int, str, int]]) -> None:
    """Fold newly linked claims ``(claim, node, document, start)`` into their nodes'
    summaries (their documents are grouped already)."""
    if not rows:
        return
    info: dict[str, tuple[str, str | None, str]] = {}
    for part in chunks(sorted({doc for _, _, doc, _ in rows})):
        for doc, group, published, seen in conn.execute(
            "SELECT document_id, group_id, published, seen FROM document_groups "
            f"WHERE document_id IN ({marks(part)})",
            list(part),
        ):
            info[doc] = (group, published, seen or "")
    new: dict[tuple[int, str], _Summary] = {}
    for claim, node, doc, start in rows:
        group, published, seen = info.get(doc, (doc, None, ""))
        rank = f"{published or '~'} {doc} {start:012d} {claim:015d}"
        member = (claim, doc, published, seen, start)
        one = (node, group, 1, seen, rank, *member, f"{seen} {rank}", *member)
        key = (node, group)
        new[key] = _fold(new[key], one) if key in new else one
    stored = {(r[0], r[1]): r for r in stored_summaries(conn, sorted({n for n, _ in new}))}
    _put(
        conn,
        [_fold(stored[k], v) if k in stored else v for k, v in sorted(new.items())],
    )


def node_reports(conn: sqlite3.Connection, nodes: Sequence[int]) -> dict[int, list[Reports]]:
    """Each node's claims by independent source: how many, the first by rank, the earliest
    seen, the last seen — read from the stored summaries, however many copies there are."""
    reports: dict[int, list[Reports]] = {n: [] for n in nodes}
    for row in stored_summaries(conn, nodes):
        node, group, claims, last = row[:4]
        first = Member(row[5], row[6], group, row[7], row[8], row[9])
        earliest = Member(row[11], row[12], group, row[13], row[14], row[15])
        if node in reports:
            reports[node].append(Reports(group, claims, first, earliest, last))
    return reports


def write_node_links(
    conn: sqlite3.Connection,
    links: Sequence[tuple[int, int, str, float, str]],
    canonical: Sequence[tuple[int, int]],
    new: Sequence[tuple[int, int, str, int]] = (),
) -> None:
    """``(node, fact, relation, score, method)`` for every claim of each node but the
    canonical claims ``(claim, fact)``, which are ``same``/``canonical``. The claims ``new``
    to the ledger's links ``(claim, node, document, start)`` are inserted as they belong; of
    the others only rows that change are written, and nodes holding new claims only are not
    read again."""
    canon = {fact: claim for claim, fact in canonical}
    if new:
        link_of = {n: (f, r, s, m) for n, f, r, s, m in links}
        is_canonical = {claim for claim, _ in canonical}
        rows = []
        for claim, node, doc, start in new:
            fact, relation, score, method = link_of[node]
            if claim in is_canonical:
                relation, score, method = "same", 1.0, "canonical"
            rows.append((claim, fact, node, doc, start, relation, score, method))
        conn.executemany(
            "INSERT OR REPLACE INTO fact_claims (claim_id, fact_id, node_id, document_id, start, "
            "relation, score, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    fresh = _only_new(conn, new)
    conn.executemany(
        "UPDATE fact_claims SET fact_id = ?, relation = ?, score = ?, method = ? "
        "WHERE node_id = ? AND claim_id != ? AND NOT (fact_id = ? AND relation = ? "
        "AND score = ? AND method = ?)",
        [(f, r, s, m, n, canon.get(f, 0), f, r, s, m) for n, f, r, s, m in links if n not in fresh],
    )
    conn.executemany(
        "UPDATE fact_claims SET fact_id = ?, relation = 'same', score = 1.0, "
        "method = 'canonical' WHERE claim_id = ? AND NOT (fact_id = ? AND relation = 'same' "
        "AND score = 1.0 AND method = 'canonical')",
        [(f, c, f) for c, f in canonical],
    )


def _only_new(conn: sqlite3.Connection, new: Sequence[tuple[int, int, str, int]]) -> set[int]:
    """The nodes all of whose claims are among the links ``new`` (their summaries, which
    count every claim a node holds, count no other)."""
    count: dict[int, int] = {}
    for _, node, _, _ in new:
        count[node] = count.get(node, 0) + 1
    held: dict[int, int] = {}
    for part in chunks(sorted(count)):
        held.update(
            conn.execute(
                "SELECT node_id, sum(claims) FROM fact_reports "
                f"WHERE node_id IN ({marks(part)}) GROUP BY node_id",
                list(part),
            ).fetchall()
        )
    return {n for n, c in count.items() if held.get(n) == c}


def source_counts(conn: sqlite3.Connection, facts: Sequence[int]) -> dict[int, int]:
    """How many sources the documents of each fact were read from (a document read from two
    files counts twice; each document once however many of its claims the fact holds)."""
    found = {f: 0 for f in facts}
    for part in chunks(sorted(set(facts))):
        for fact, n in conn.execute(
            "SELECT d.fact_id, sum(coalesce(g.sources, 1)) FROM (SELECT DISTINCT fact_id, "
            f"document_id FROM fact_claims WHERE fact_id IN ({marks(part)})) d "
            "LEFT JOIN document_groups g ON g.document_id = d.document_id GROUP BY d.fact_id",
            list(part),
        ):
            found[fact] = int(n)
    return found


def facts_of_documents(conn: sqlite3.Connection, documents: Sequence[str]) -> list[int]:
    found: set[int] = set()
    for part in chunks(sorted(set(documents))):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT fact_id FROM fact_claims WHERE document_id IN ({marks(part)})",
                list(part),
            )
        )
    return sorted(found)


def facts_of_claims(conn: sqlite3.Connection, claims: Sequence[int]) -> list[int]:
    found: set[int] = set()
    for part in chunks(sorted(set(claims))):
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT fact_id FROM fact_claims WHERE claim_id IN ({marks(part)})", list(part)
            )
        )
    return sorted(found)


def claims_of_node(conn: sqlite3.Connection, node: int) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT claim_id FROM fact_claims WHERE node_id = ? ORDER BY claim_id", [node]
        )
    ]


def claim_nodes(conn: sqlite3.Connection, claims: Sequence[int]) -> dict[int, int]:
    """The node of each tracked claim among ``claims``."""
    found: dict[int, int] = {}
    for part in chunks(list(claims)):
        found.update(
            conn.execute(
                f"SELECT claim_id, node_id FROM fact_claims WHERE claim_id IN ({marks(part)})",
                list(part),
            ).fetchall()
        )
    return found


def insert_calls(conn: sqlite3.Connection, records: Sequence[CallRecord]) -> None:
    """Model calls of a tracking run (adjudicated pairs) into ``llm_calls``: no run, no
    document; their answers are reused by request hash like extraction's."""
    from claimtrack.ledger.rows import call_row

    stamp = now()
    for record in records:
        row = {**call_row(None, "", record, stamp), "document_id": None}
        conn.execute(
            f"INSERT INTO llm_calls ({', '.join(row)}) VALUES ({marks(list(row))})",
            list(row.values()),
        )


# -- decisions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    id: int
    action: str
    fact_id: int | None
    other_fact_id: int | None
    claim_id: int
    other_claim_id: int | None
    claims: tuple[int, ...]
    conflict_id: int | None
    field: str | None
    note: str | None
    by: str
    at: str


DECISION_COLUMNS = (
    "id, action, fact_id, other_fact_id, claim_id, other_claim_id, claims, conflict_id, field, "
    "note, by, at"
)


def decision_row(row: Sequence[Any]) -> DecisionRow:
    return DecisionRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        tuple(json.loads(row[6])) if row[6] else (),
        row[7],
        row[8],
        row[9],
        row[10],
        row[11],
    )


def decisions(conn: sqlite3.Connection, actions: Sequence[str]) -> list[DecisionRow]:
    rows = conn.execute(
        f"SELECT {DECISION_COLUMNS} FROM fact_decisions WHERE action IN ({marks(actions)}) "
        "ORDER BY id",
        list(actions),
    )
    return [decision_row(r) for r in rows]


def insert_decision(conn: sqlite3.Connection, **values: Any) -> DecisionRow:
    values = {k: v for k, v in values.items() if v is not None}
    if "claims" in values:
        values["claims"] = json.dumps(sorted(values["claims"]))
    values.setdefault("at", now())
    columns = ", ".join(values)
    cursor = conn.execute(
        f"INSERT INTO fact_decisions ({columns}) VALUES ({marks(list(values))})",
        list(values.values()),
    )
    row = conn.execute(
        f"SELECT {DECISION_COLUMNS} FROM fact_decisions WHERE id = ?", [cursor.lastrowid]
    ).fetchone()
    return decision_row(row)


STATUS_COLUMNS = "id, fact_id, claim_id, status, note, by, at"


def last_decision(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM fact_decisions").fetchone()[0])


# -- facts ----------------------------------------------------------------------------------


_FACT_FIELDS = (
    "kind, claim, claim_id, speaker, quote, event, date_value, parties, terms, state, subject, "
    "quantities, first_seen, first_claim_id, last_seen, claim_count, source_count, "
    "independent_count, open_conflicts, has_conflicts"
)


FACT_NAMES = tuple(_FACT_FIELDS.split(", "))


def current_facts(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    found: dict[int, tuple[Any, ...]] = {}
    for part in chunks(sorted(set(ids))):
        for row in conn.execute(
            f"SELECT id, {_FACT_FIELDS} FROM facts WHERE id IN ({marks(part)})", list(part)
        ):
            found[row[0]] = tuple(row[1:])
    return found


def next_fact_id(conn: sqlite3.Connection) -> int:
    """The first id never given to a fact (ids are not reused)."""
    row = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'facts'), 0), "
        "coalesce((SELECT max(id) FROM facts), 0))"
    ).fetchone()
    return int(row[0]) + 1


def write_facts(
    conn: sqlite3.Connection,
    rows: Sequence[tuple[int, tuple[Any, ...]]],
    current: dict[int, tuple[Any, ...]],
) -> int:
    """Insert or update facts (``(id, values in FACT_NAMES order)``), leaving alone those
    already as given; how many were written."""
    stamp = now()
    inserts = [(i, *values, stamp) for i, values in rows if i not in current]
    updates = [
        (*values, stamp, i) for i, values in rows if i in current and current[i] != tuple(values)
    ]
    conn.executemany(
        f"INSERT INTO facts (id, {_FACT_FIELDS}, updated_at) VALUES (?, {marks(FACT_NAMES)}, ?)",
        inserts,
    )
    assignments = ", ".join(f"{n} = ?" for n in FACT_NAMES)
    conn.executemany(f"UPDATE facts SET {assignments}, updated_at = ? WHERE id = ?", updates)
    return len(inserts) + len(updates)


def delete_facts(conn: sqlite3.Connection, fact_ids: Sequence[int]) -> None:
    for part in chunks(list(fact_ids)):
        qs = marks(part)
        conn.execute(f"DELETE FROM conflicts WHERE fact_id IN ({qs})", list(part))
        conn.execute(f"DELETE FROM facts WHERE id IN ({qs})", list(part))


def set_node_facts(conn: sqlite3.Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """``(node, fact)``: the fact each node is now in."""
    conn.executemany(
        "UPDATE fact_nodes SET fact_id = ? WHERE id = ? AND fact_id IS NOT ?",
        [(fact, node, fact) for node, fact in pairs],
    )


def write_conflicts(
    conn: sqlite3.Connection,
    planned: Sequence[tuple[int, Sequence[PlannedConflict]]],
    old_facts: Sequence[int],
    statuses: dict[tuple[int, int, str], str],
) -> dict[int, int]:
    """The conflicts of the facts of one component, ``(fact id, conflicts)`` each, replacing
    those of the facts it had before (``old_facts``). A conflict is kept, with its id and its
    review status, by the claims and field it is about, even when it moves to another fact;
    returns how many are open in each fact."""
    current: dict[tuple[int, int, str], tuple[Any, ...]] = {}
    for part in chunks(sorted(set(old_facts) | {f for f, _ in planned})):
        for row in conn.execute(
            "SELECT id, fact_id, kind, value_a, value_b, status, claim_a, claim_b, field "
            f"FROM conflicts WHERE fact_id IN ({marks(part)})",
            list(part),
        ):
            current[(row[6], row[7], row[8])] = tuple(row[:6])
    keep: set[tuple[int, int, str]] = set()
    open_counts: dict[int, int] = {}
    stamp = now()
    for fact_id, conflicts in planned:
        open_counts[fact_id] = 0
        for c in conflicts:
            key = (c.claim_a, c.claim_b, c.field)
            keep.add(key)
            status = statuses.get(key, "open")
            open_counts[fact_id] += status == "open"
            found = current.get(key)
            if found is None:
                conn.execute(
                    "INSERT OR REPLACE INTO conflicts (fact_id, kind, field, claim_a, claim_b, "
                    "value_a, value_b, status, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [fact_id, c.kind, c.field, *key[:2], c.value_a, c.value_b, status, stamp],
                )
            elif found[1:] != (fact_id, c.kind, c.value_a, c.value_b, status):
                conn.execute(
                    "UPDATE conflicts SET fact_id = ?, kind = ?, value_a = ?, value_b = ?, "
                    "status = ? WHERE id = ?",
                    [fact_id, c.kind, c.value_a, c.value_b, status, found[0]],
                )
    stale = [found[0] for key, found in current.items() if key not in keep]
    for part in chunks(stale):
        conn.execute(f"DELETE FROM conflicts WHERE id IN ({marks(part)})", list(part))
    return open_counts
