"""The match graph: nodes (claims with equal features), the edges between the nodes that
report one fact, and the connected parts a change touches.

A new node is compared with the nodes it shares enough block keys with (``match.keys_needed``)
— among the new nodes through an index in memory, among the stored ones through the ledger's
full-text index of keys — and an edge is kept for each pair ``match.decide`` accepts. Both
ways answer the same question about the same pair, so the graph does not depend on which
claims came in which run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from claimtrack.ledger import Ledger
from claimtrack.records import StoredClaim
from claimtrack.tracking import nodes, store
from claimtrack.tracking.cluster import Edge
from claimtrack.tracking.features import Features, features_of
from claimtrack.tracking.match import Match, decide, keys_needed

# Decides a pair again after the matcher (``adjudicate.Adjudicator``: a model, on close calls).
Adjudicate = Callable[[Features, Features, Match | None], Match | None]


class MatchGraph:
    """The graph as one tracking run sees it: features of the nodes it touched (read back
    from their claims when stored), and the decisions it made (each pair decided once), with
    an adjudicator's word on the pairs it takes."""

    def __init__(self, ledger: Ledger, adjudicate: Adjudicate | None = None) -> None:
        self.ledger = ledger
        self.conn = ledger.conn
        self.features: dict[int, Features] = {}
        if adjudicate is None:  # a model's verdicts kept on edges still hold
            from claimtrack.tracking.adjudicate import StoredVerdicts

            adjudicate = StoredVerdicts(ledger.conn)
        self.adjudicate: Adjudicate = adjudicate
        self._decided: dict[tuple[str, str], Match | None] = {}

    def load(self, wanted: Iterable[int]) -> None:
        """Features of stored nodes, from the claim each node keeps."""
        missing = sorted(n for n in set(wanted) if n not in self.features)
        if not missing:
            return
        rows = nodes.nodes_by_id(self.conn, missing)
        claims = sorted({r.claim_id for r in rows.values()})
        found: dict[int, StoredClaim] = {}
        for part in store.chunks(claims, 2000):
            found.update((c.id, c) for c in self.ledger.claims_by_ids(list(part)))
        for node, row in rows.items():
            self.features[node] = features_of(found[row.claim_id], split=row.split)

    def decide(self, a: Features, b: Features) -> Match | None:
        key = (a.signature, b.signature)
        if key not in self._decided:
            self._decided[key] = self.adjudicate(a, b, decide(a, b))
        return self._decided[key]

    def new_edges(self, new: dict[int, Features], stored: bool) -> list[Edge]:
        """Edges from each new node to every node (new, or ``stored`` ones) it matches."""
        index: dict[int, list[int]] = {}
        pairs: list[tuple[int, int]] = []
        stored = stored and bool(self.conn.execute("SELECT 1 FROM fact_keys LIMIT 1").fetchone())
        for node in sorted(new):
            features = new[node]
            keys = features.keys()
            shared: Counter[int] = Counter()
            for key in keys:
                bucket = index.get(key)
                if bucket:
                    shared.update(bucket)
                    bucket.append(node)
                else:
                    index[key] = [node]
            for other, count in shared.items():
                if count >= keys_needed(new[other], features):
                    pairs.append((other, node))
            if stored:
                found = nodes.candidate_nodes(self.conn, keys)
                self.load(found)
                mine = set(keys)
                for other in found:
                    if other in new:
                        continue  # compared above, through the index in memory
                    theirs = self.features[other]
                    if len(mine.intersection(theirs.keys())) >= keys_needed(theirs, features):
                        pairs.append((other, node))
        edges = []
        for a, b in sorted(pairs):
            found_match = self.decide(self.features[a], self.features[b])
            if found_match is not None:
                edges.append(
                    Edge(a, b, found_match.relation, found_match.score, found_match.method)
                )
        return edges

    def components(
        self, dirty: set[int], new_edges: Sequence[Edge], together: Sequence[tuple[int, int]]
    ) -> tuple[list[list[int]], list[Edge]]:
        """The connected parts of the graph holding the dirty nodes (reviewers' merges count
        as edges), and their edges."""
        edges: dict[tuple[int, int], Edge] = {(e.a, e.b): e for e in new_edges}
        adjacency: dict[int, set[int]] = {}

        def link(a: int, b: int) -> None:
            adjacency.setdefault(a, set()).add(b)
            adjacency.setdefault(b, set()).add(a)

        for e in new_edges:
            link(e.a, e.b)
        for a, b in together:
            link(a, b)
        seen: set[int] = set()
        frontier = sorted(dirty)
        stored = bool(self.conn.execute("SELECT 1 FROM fact_edges LIMIT 1").fetchone())
        while frontier:
            seen.update(frontier)
            if stored:
                for e in nodes.edges_of(self.conn, frontier):
                    edges[(e.a, e.b)] = e
                    link(e.a, e.b)
            frontier = sorted({n for f in frontier for n in adjacency.get(f, ())} - seen)
        parts: list[list[int]] = []
        done: set[int] = set()
        for start in sorted(seen):
            if start in done:
                continue
            part, stack = [], [start]
            done.add(start)
            while stack:
                n = stack.pop()
                part.append(n)
                for m in adjacency.get(n, ()):
                    if m not in done:
                        done.add(m)
                        stack.append(m)
            parts.append(sorted(part))
        return parts, [edges[k] for k in sorted(edges)]
