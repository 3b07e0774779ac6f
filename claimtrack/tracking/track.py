"""Tracking claims into facts: ``track_ledger`` for a whole ledger, ``track_claims`` for the
claims that just landed.

Incremental: only claims not yet in a fact are read; a new claim is compared with the stored
claims it shares block keys with (found through the full-text index of keys), and only the
facts it touches are recomputed — adding one document to a ledger of a hundred thousand claims
reads that document's claims and a handful of facts. Deterministic: the match graph is a set
of pairwise decisions, facts are its connected parts (with the reviewers' decisions on top),
and every choice inside a fact is made by content, so tracking the same claims in any order, in
one run or many, gives the same facts; tracking again changes nothing.

The expensive part of a run — reading claims and documents, normalising them — happens before
the write lock is taken (``prepare``); matching and writing happen under it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.ledger import Ledger
from claimtrack.ledger.connection import write_transaction
from claimtrack.tracking import facts, nodes, store
from claimtrack.tracking.features import Features
from claimtrack.tracking.graph import MatchGraph
from claimtrack.tracking.prepare import Prepared, Reading, prepare, reading_of
from claimtrack.tracking.similar import Groups, Sketch

if TYPE_CHECKING:
    from claimtrack.tracking.adjudicate import Adjudicator


@dataclass(frozen=True)
class TrackResult:
    """What one tracking run did."""

    claims: int = 0  # claims newly tracked
    documents: int = 0  # documents newly grouped with their copies
    nodes: int = 0  # new nodes of the match graph
    edges: int = 0  # new edges of the match graph
    facts_written: int = 0  # facts created or changed
    facts_removed: int = 0  # facts merged into others
    adjudicated: int = 0  # ambiguous pairs a model decided (asked now, or answered before)
    calls: int = 0  # model calls made (not answered from the ledger's paid answers)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def track_ledger(
    path: str | Path, *, timeout: float | None = None, adjudicator: Adjudicator | None = None
) -> TrackResult:
    """Track every claim of the ledger at ``path`` that is not yet in a fact (and apply the
    reviewers' decisions recorded since the last run); with an ``adjudicator``, a model
    decides the ambiguous pairs (``adjudicate``)."""
    ledger = Ledger(path, timeout=timeout, create=False)
    try:
        return Tracker(ledger, adjudicator).run(None)
    finally:
        ledger.close()


def track_claims(ledger: Ledger, claim_ids: Iterable[int]) -> TrackResult:
    """Track these claims (those already in a fact are left as they are)."""
    return Tracker(ledger).run(sorted(set(claim_ids)))


def is_tracked(ledger: Ledger) -> bool:
    """Whether the ledger was tracked before (a tracking run has recorded where it got to)."""
    row = ledger.conn.execute("SELECT 1 FROM fact_state LIMIT 1").fetchone()
    return row is not None


def track_run(ledger: Ledger, run_id: int) -> TrackResult:
    """Track the claims one extraction run stored (as they land: ``claimtrack extract`` calls
    this at the end of its run), with the reviewers' decisions since the last run and the
    documents read again from new sources. Reads the run's claims through their index, so
    its cost is the run's, not the ledger's."""
    ids = [r[0] for r in ledger.conn.execute("SELECT id FROM claims WHERE run_id = ?", [run_id])]
    return Tracker(ledger).run(ids)


class _Rehearsed(Exception):
    """Ends a rehearsal: its transaction is rolled back."""


class Tracker:
    """One tracking run on an open ledger."""

    def __init__(self, ledger: Ledger, adjudicator: Adjudicator | None = None) -> None:
        self.ledger = ledger
        self.conn = ledger.conn
        self.adjudicator = adjudicator
        self.graph = MatchGraph(ledger, adjudicator)
        self._split: set[int] = set()

    def run(self, ids: Sequence[int] | None, *, facts: Sequence[int] = ()) -> TrackResult:
        """Track the claims ``ids`` (all untracked when ``None``); ``facts`` are recomputed
        whatever happens (after a reviewer's decision)."""
        started = time.perf_counter()
        wanted = store.untracked(self.conn, ids)
        split = frozenset(row.claim_id for row in store.decisions(self.conn, ("split",)))
        prepared = prepare(self.ledger, wanted, split)
        adjudicator = self.adjudicator
        if adjudicator is not None:
            self._rehearse(adjudicator, prepared, facts)
        try:
            with write_transaction(self.conn, self.ledger.path):
                result = self.apply(prepared, list(facts))
                if adjudicator is not None and adjudicator.answers:
                    store.set_state(self.conn, "adjudicated", "1")
        finally:
            if adjudicator is not None:
                self._keep_calls(adjudicator)
        seconds = round(time.perf_counter() - started, 3)
        extra: dict[str, Any] = {"seconds": seconds}
        if adjudicator is not None:
            extra.update(adjudicated=len(adjudicator.answers), calls=adjudicator.asked)
        return TrackResult(**{**result.as_dict(), **extra})

    def _rehearse(self, adjudicator: Adjudicator, prepared: Prepared, facts: Sequence[int]) -> None:
        """Run once without writing (rolled back) to find the pairs the model must decide,
        then ask it with no lock held: the real run has the answers in hand."""
        adjudicator.rehearsing = True
        try:
            with write_transaction(self.conn, self.ledger.path):
                Tracker(self.ledger, adjudicator).apply(prepared, list(facts))
                raise _Rehearsed
        except _Rehearsed:
            pass
        finally:
            adjudicator.rehearsing = False
        try:
            adjudicator.answer_pending()
        finally:
            self._keep_calls(adjudicator)

    def _keep_calls(self, adjudicator: Adjudicator) -> None:
        """The model calls made so far, into the ledger's call log (their own transaction)."""
        records, adjudicator.records = adjudicator.records, []
        if records:
            with write_transaction(self.conn, self.ledger.path):
                store.insert_calls(self.conn, records)

    def apply(self, prepared: Prepared, dirty: list[int]) -> TrackResult:
        """The part of a run that holds the write lock: whatever another process tracked
        since ``prepared`` was read is left out."""
        conn = self.conn
        still = set(store.untracked(conn, [c.id for c in prepared.readings]))
        claims = [c for c in prepared.readings if c.id in still]
        dirty_facts = set(dirty)
        merges, splits = self._decisions()
        dirty_facts.update(self._pending_decisions())
        claims = self._with_splits(claims, splits, dirty_facts)
        grouped, merged = self._group_documents(prepared.sketches)
        dirty_facts.update(nodes.facts_of_groups(conn, merged))
        dirty_facts.update(store.facts_of_documents(conn, nodes.stale_sources(conn)))

        new, touched, links = self._place(claims, dirty_facts)
        edges = self.graph.new_edges(new, nodes.count_nodes(conn) > len(new))
        nodes.insert_edges(conn, edges)
        dirty_nodes = touched | set(nodes.nodes_of_facts(conn, sorted(dirty_facts)))
        together, apart = self._constraints(merges, splits, links)
        parts, all_edges = self.graph.components(dirty_nodes, edges, together)
        readings = {c.id: c for c in claims}
        written, removed = facts.refresh(
            self.graph, parts, all_edges, together, apart, readings, new_links=links
        )
        store.set_state(conn, "decisions_applied", str(store.last_decision(conn)))
        return TrackResult(
            claims=len(claims),
            documents=grouped,
            nodes=len(new),
            edges=len(edges),
            facts_written=written,
            facts_removed=removed,
        )

    def _place(
        self, claims: list[Reading], dirty_facts: set[int]
    ) -> tuple[dict[int, Features], set[int], list[tuple[int, int, str, int]]]:
        """Put each claim in its node (claims with equal features share one; a new signature
        is a new node) and fold it into the node's summary; the new nodes, every node given
        claims, and the links ``(claim, node, document, start)``, written with their facts."""
        conn = self.conn
        by_signature: dict[str, list[Reading]] = {}
        for claim in claims:
            by_signature.setdefault(claim.features.signature, []).append(claim)
        existing = nodes.nodes_by_signature(conn, sorted(by_signature))
        new: dict[int, Features] = {}
        rows: list[tuple[int, str, str, int, bool, list[int]]] = []
        links: list[tuple[int, int, str, int]] = []
        next_node = nodes.next_node_id(conn)
        for signature in sorted(by_signature):
            reports = by_signature[signature]
            features = reports[0].features
            row = existing.get(signature)
            if row is None:
                node, next_node = next_node, next_node + 1
                first = min(c.id for c in reports)
                split = features.split_from is not None
                rows.append((node, signature, features.kind, first, split, features.keys()))
                new[node] = features
            else:
                node = row.id
                if row.fact_id is not None:
                    dirty_facts.add(row.fact_id)
            self.graph.features[node] = features
            links.extend((c.id, node, c.document_id, c.start) for c in reports)
        nodes.insert_nodes(conn, rows)
        store.fold_links(conn, links)
        return new, {link[1] for link in links}, links

    # -- documents ---------------------------------------------------------------------------

    def _group_documents(self, sketches: dict[str, Sketch]) -> tuple[int, list[str]]:
        """Group new documents with their copies; how many, and the groups that were merged
        into one (their facts' counts of independent sources change)."""
        conn = self.conn
        done = nodes.grouped(conn, sorted(sketches))
        new = {d: s for d, s in sorted(sketches.items()) if d not in done}
        if not new:
            return 0, []
        groups = Groups()
        old_label: dict[str, str] = {}
        shared: dict[str, list[tuple[int, int]]] = {}
        for doc, group, band, value in nodes.copies_of(
            conn, sorted({b for s in new.values() for b in s.bands()})
        ):
            old_label[doc] = group
            shared.setdefault(doc, []).append((band, value))
        found = nodes.sketches(conn, sorted(set(old_label) | set(old_label.values())))
        for lead in sorted(set(old_label.values())):
            groups.lead(lead, found[lead])
        for other in sorted(old_label):
            # filed under the bands the new documents look up, not all of its own
            groups.known(other, found[other], old_label[other], shared[other])
        for doc in sorted(new):
            groups.add(doc, new[doc])
        labels = groups.partition()
        relabel = {old: labels[doc] for doc, old in old_label.items() if labels[doc] != old}
        joined: dict[str, set[str]] = {}
        for doc, old in old_label.items():
            joined.setdefault(labels[doc], set()).add(old)
        merged = sorted(old for olds in joined.values() if len(olds) > 1 for old in olds)
        nodes.write_groups(conn, {d: (labels[d], s) for d, s in new.items()}, relabel)
        store.resummarise_groups(conn, sorted(relabel))
        return len(new), sorted({relabel.get(m, m) for m in merged})

    # -- decisions ---------------------------------------------------------------------------

    def _decisions(self) -> tuple[list[store.DecisionRow], list[store.DecisionRow]]:
        merges: list[store.DecisionRow] = []
        splits: list[store.DecisionRow] = []
        for row in store.decisions(self.conn, ("merge", "split")):
            (merges if row.action == "merge" else splits).append(row)
        self._split = {row.claim_id for row in splits}
        return merges, splits

    def _pending_decisions(self) -> set[int]:
        """Facts touched by decisions recorded since the last run (by the review desk, say,
        straight into the table): they are recomputed now."""
        applied = int(store.state(self.conn, "decisions_applied", "0") or 0)
        rows = self.conn.execute(
            "SELECT claim_id, other_claim_id FROM fact_decisions WHERE id > ?", [applied]
        ).fetchall()
        claims = sorted({c for row in rows for c in row if c is not None})
        return set(store.facts_of_claims(self.conn, claims))

    def _with_splits(
        self, claims: list[Reading], splits: Sequence[store.DecisionRow], dirty: set[int]
    ) -> list[Reading]:
        """The claims to place, with the claims a reviewer split out that still share a node:
        they leave it (and their facts are recomputed) to stand alone in a node of their own."""
        if not splits:
            return claims
        conn = self.conn
        again: list[int] = []
        placed = store.claim_nodes(conn, sorted(self._split))
        rows = nodes.nodes_by_id(conn, sorted(set(placed.values())))
        for claim_id, node in sorted(placed.items()):
            row = rows[node]
            if row.split:
                continue
            conn.execute("DELETE FROM fact_claims WHERE claim_id = ?", [claim_id])
            again.append(claim_id)
            if row.fact_id is not None:
                dirty.add(row.fact_id)
            rest = store.claims_of_node(conn, node)
            store.resummarise(conn, [node])
            if not rest:
                self.graph.load([node])
                nodes.delete_node(conn, node, self.graph.features.pop(node).keys())
            elif row.claim_id == claim_id:
                conn.execute("UPDATE fact_nodes SET claim_id = ? WHERE id = ?", [rest[0], node])
        late = {c.id for c in claims if c.id in self._split and c.features.split_from is None}
        kept = [c for c in claims if c.id not in late]
        for found in self.ledger.claims_by_ids(sorted({*again, *late})):
            kept.append(reading_of(found, split=True))
        return sorted(kept, key=lambda c: c.id)

    def _constraints(
        self,
        merges: Sequence[store.DecisionRow],
        splits: Sequence[store.DecisionRow],
        placed: Sequence[tuple[int, int, str, int]] = (),
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Node pairs a reviewer joined, and pairs a reviewer kept apart; for each pair of
        claims the latest decision holds. ``placed``: the links of claims placed by this run
        (not yet written)."""
        latest: dict[tuple[int, int], str] = {}
        for row in sorted([*merges, *splits], key=lambda r: r.id):
            others = [row.other_claim_id] if row.action == "merge" else list(row.claims)
            for other in others:
                if other is not None and other != row.claim_id:
                    latest[(min(row.claim_id, other), max(row.claim_id, other))] = row.action
        if not latest:
            return [], []
        node_of = store.claim_nodes(self.conn, sorted({c for pair in latest for c in pair}))
        node_of.update((claim, node) for claim, node, _, _ in placed)
        together: list[tuple[int, int]] = []
        apart: list[tuple[int, int]] = []
        for (a, b), action in sorted(latest.items()):
            if a in node_of and b in node_of and node_of[a] != node_of[b]:
                pair = (node_of[a], node_of[b])
                (together if action == "merge" else apart).append(pair)
        return together, apart
