"""Recomputing the facts of the parts of the match graph a run touched, and writing what
changed: fact rows (reusing ids), each node's link, the canonical claims, conflicts.

Every claim is already folded into its node's stored summary by independent source before
this runs (new claims' links are written here, with their facts), so each node's claims are
read as a few summaries (``store.node_reports``) and the ledger counts a fact's sources
itself: a fact of five hundred syndicated copies costs a handful of rows here, not five
hundred.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.tracking import nodes, store
from claimtrack.tracking.cluster import Edge, FactPlan, Node, partition, plan_fact
from claimtrack.tracking.graph import MatchGraph
from claimtrack.tracking.prepare import Reading, reading_of


@dataclass
class _Part:
    plans: list[FactPlan]
    old: list[int]  # the facts its nodes were in
    fact_of_node: dict[int, int | None]


def refresh(
    graph: MatchGraph,
    parts: list[list[int]],
    edges: Sequence[Edge],
    together: Sequence[tuple[int, int]],
    apart: Sequence[tuple[int, int]],
    readings: dict[int, Reading],
    *,
    new_links: Sequence[tuple[int, int, str, int]] = (),
) -> tuple[int, int]:
    """Recompute and write the facts of ``parts``, with the claims newly placed in their nodes
    (``new_links``: ``(claim, node, document, start)``, not yet in ``fact_claims``); how many
    facts were written, removed."""
    conn = graph.conn
    every = sorted({n for part in parts for n in part})
    rows = nodes.nodes_by_id(conn, every)
    graph.load(every)
    reports = store.node_reports(conn, every)
    by_part: dict[int, list[Edge]] = {}
    part_of = {n: i for i, part in enumerate(parts) for n in part}
    for e in edges:
        if e.a in part_of and part_of[e.a] == part_of.get(e.b):
            by_part.setdefault(part_of[e.a], []).append(e)
    planned: list[_Part] = []
    for i, part in enumerate(parts):
        members = {
            n: Node(n, graph.features[n], reports[n]) for n in part if reports.get(n) and n in rows
        }
        inside = by_part.get(i, [])
        plans = [
            plan_fact([members[n] for n in fact], inside, graph.decide)
            for fact in partition(members, inside, together, apart, graph.decide)
        ]
        fact_of_node = {n: rows[n].fact_id for n in part if n in rows}
        old = sorted({f for f in fact_of_node.values() if f})
        planned.append(_Part(plans, old, fact_of_node))
    return _write(graph, planned, readings, new_links)


def statuses(conn: Any) -> dict[tuple[int, int, str], str]:
    """Review status of conflicts, by the claims and field they are about: the latest
    resolve or reopen decision."""
    found: dict[tuple[int, int, str], str] = {}
    for row in store.decisions(conn, ("resolve", "reopen")):
        status = "resolved" if row.action == "resolve" else "open"
        if row.other_claim_id is not None and row.field:
            found[(row.claim_id, row.other_claim_id, row.field)] = status
            found[(row.other_claim_id, row.claim_id, row.field)] = status
    return found


def _write(
    graph: MatchGraph,
    planned: list[_Part],
    readings: dict[int, Reading],
    new_links: Sequence[tuple[int, int, str, int]] = (),
) -> tuple[int, int]:
    """Give each planned fact an id (the id its canonical node's fact had, else one of its
    nodes' old facts, else a new one) and write links, counts, rows and conflicts."""
    conn = graph.conn
    review = statuses(conn)
    canon_ids = {p.canonical.claim_id for part in planned for p in part.plans}
    canonical = {i: readings[i] for i in canon_ids if i in readings}
    for chunk in store.chunks(sorted(canon_ids - set(canonical)), 2000):
        canonical.update((c.id, reading_of(c)) for c in graph.ledger.claims_by_ids(list(chunk)))
    olds = sorted({f for part in planned for f in part.old})
    next_id = store.next_fact_id(conn)
    assigned: list[tuple[int, FactPlan]] = []
    gone: list[int] = []
    for part in planned:
        taken: set[int] = set()
        for plan in sorted(part.plans, key=lambda p: p.canonical.rank()):
            choices = [
                part.fact_of_node.get(plan.canonical_node),
                *sorted(f for n in plan.nodes if (f := part.fact_of_node.get(n)) is not None),
            ]
            fact_id = next((f for f in choices if f is not None and f not in taken), None)
            if fact_id is None:
                fact_id, next_id = next_id, next_id + 1
            taken.add(fact_id)
            assigned.append((fact_id, plan))
        gone.extend(f for f in part.old if f not in taken)
    store.write_node_links(
        conn,
        [(k.node_id, f, k.relation, k.score, k.method) for f, p in assigned for k in p.links],
        [(p.canonical.claim_id, f) for f, p in assigned],
        new_links,
    )
    sources = store.source_counts(conn, [f for f, _ in assigned])
    rows = []
    for fact_id, plan in assigned:
        open_count = sum(
            review.get((c.claim_a, c.claim_b, c.field), "open") == "open" for c in plan.conflicts
        )
        row = _fact_row(plan, canonical[plan.canonical.claim_id], sources[fact_id], open_count)
        rows.append((fact_id, tuple(row[n] for n in store.FACT_NAMES)))
    written = store.write_facts(conn, rows, store.current_facts(conn, olds))
    store.set_node_facts(conn, [(n, f) for f, p in assigned for n in p.nodes])
    store.write_conflicts(conn, [(f, p.conflicts) for f, p in assigned], olds, review)
    store.delete_facts(conn, gone)
    return written, len(gone)


def _fact_row(plan: FactPlan, claim: Reading, sources: int, open_conflicts: int) -> dict[str, Any]:
    fields = claim.fields

    def listed(name: str) -> str | None:
        value = fields.get(name)
        return json.dumps(value, ensure_ascii=False) if value else None

    return {
        "kind": plan.kind,
        "claim": fields["claim"],
        "claim_id": claim.id,
        "speaker": plan.speaker if plan.kind == "quote" else None,
        "quote": fields.get("quote"),
        "event": fields.get("event"),
        "date_value": fields.get("date_value"),
        "parties": listed("parties"),
        "terms": fields.get("terms"),
        "state": fields.get("state"),
        "subject": fields.get("subject"),
        "quantities": listed("quantities"),
        "first_seen": plan.first.seen,
        "first_claim_id": plan.first.claim_id,
        "last_seen": plan.last_seen,
        "claim_count": plan.claim_count,
        "source_count": sources,
        "independent_count": plan.independent_count,
        "open_conflicts": open_conflicts,
        "has_conflicts": int(open_conflicts > 0),
    }
