"""From the match graph to facts: which nodes form one fact, which claim stands for it, how
every node's claims relate to that claim, and the conflicts to review.

Pure functions of their input. A fact is a connected part of the match graph — with a
reviewer's decisions on top: a merge joins two facts whatever the matcher says, a split keeps a
claim apart from the claims it was split from, however the matcher links them later (edges are
taken strongest first and one that would join a split pair is skipped). Nothing here depends
on the order claims arrived in: every choice is made by content (counts, then signatures,
publication dates and document ids, which are hashes of the texts).

A node's claims come summarised by independent source (``Reports``: how many, the first, the
earliest seen), never one by one: a story syndicated to five hundred outlets is five hundred
claims of one node and one source, and a fact holding it costs what a fact of one claim does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from claimtrack.tracking.features import Features
from claimtrack.tracking.match import Match


@dataclass(frozen=True)
class Member:
    """A claim, with what ranks it: where and when it was published."""

    claim_id: int
    document_id: str
    group: str  # the near-duplicate group of its document: one independent source
    published: str | None
    seen: str  # published, else when the ledger first read it
    start: int  # where its evidence starts in the document

    def rank(self) -> tuple[str, str, int, int]:
        """Earliest published first; then by document (a hash of its text) and position."""
        return (self.published or "~", self.document_id, self.start, self.claim_id)

    def earliness(self) -> tuple[str, str, str, int, int]:
        return (self.seen, *self.rank())


@dataclass(frozen=True)
class Reports:
    """The claims of one node from one independent source (a group of copies)."""

    group: str
    claims: int
    first: Member  # by rank
    earliest: Member  # by when it was seen, then rank
    last_seen: str


@dataclass
class Node:
    """Claims with equal features: they match everything alike."""

    id: int
    features: Features
    reports: list[Reports] = field(default_factory=list)

    @property
    def signature(self) -> str:
        return self.features.signature

    @property
    def claims(self) -> int:
        return sum(r.claims for r in self.reports)

    def weight(self) -> tuple[int, int, int, tuple[str, str, int, int], str]:
        """What makes a node the fact's canonical one (smallest first): reported by the most
        independent sources, then the most claims, then the fullest quote or sentence, then
        the first reported."""
        first = min(r.first.rank() for r in self.reports)
        return (-len(self.reports), -self.claims, -len(self.features.words), first, self.signature)


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    relation: str
    score: float
    method: str


@dataclass(frozen=True)
class NodeLink:
    """How the claims of one node belong to their fact (the canonical claim itself is
    ``same``/``canonical``, the other claims of its node ``same``/``identical``)."""

    node_id: int
    relation: str
    score: float
    method: str


@dataclass(frozen=True)
class PlannedConflict:
    kind: str
    field: str
    claim_a: int
    claim_b: int
    value_a: str | None
    value_b: str | None


@dataclass
class FactPlan:
    """A fact as computed, before it has an id (its count of sources, which needs every
    document, is counted by the ledger when it is written)."""

    kind: str
    nodes: list[int]
    canonical: Member
    canonical_node: int
    first: Member
    last_seen: str
    claim_count: int
    independent_count: int
    links: list[NodeLink]
    conflicts: list[PlannedConflict]
    speaker: str | None


Decide = Callable[[Features, Features], "Match | None"]


class _Sets:
    """Union-find over node ids that refuses a union joining a pair kept apart, and (unless
    forced) two sets whose longest reports do not match: each fact keeps its longest report
    (``anchor``), and a report joins only a fact whose anchor it matches or contains."""

    def __init__(
        self,
        nodes: dict[int, Node],
        apart: Iterable[tuple[int, int]],
        decide: Decide | None = None,
    ) -> None:
        self.nodes = nodes
        self.decide = decide
        self.parent = {n: n for n in sorted(nodes)}
        self.members = {n: {n} for n in self.parent}
        # the longest report of each set (of each set a reviewer merged in: several)
        self.anchors: dict[int, list[int]] = {n: [n] for n in self.parent}
        self.apart: dict[int, set[int]] = {n: set() for n in self.parent}
        for a, b in apart:
            if a in self.parent and b in self.parent:
                self.apart[a].add(b)
                self.apart[b].add(a)

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def _length(self, n: int) -> tuple[int, str]:
        return (len(self.nodes[n].features.words), self.nodes[n].signature)

    def union(self, a: int, b: int, *, forced: bool = False) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if not forced and self.apart[ra] & self.members[rb]:
            return
        anchors = self.anchors[ra] + self.anchors[rb]
        if not forced and self.decide is not None:
            # "Make America great again", inside two different speeches, makes them no one
            # quote: a part joins the whole it is part of, not every whole holding it
            found = [
                (longer, shorter)
                for x in self.anchors[ra]
                for y in self.anchors[rb]
                for longer, shorter in [sorted((x, y), key=self._length)[::-1]]
                if self.decide(self.nodes[longer].features, self.nodes[shorter].features)
            ]
            if not found:
                return
            joined = {shorter for _, shorter in found}
            anchors = [a for a in anchors if a not in joined]
        small, large = sorted((ra, rb), key=lambda r: (len(self.members[r]), r))
        self.parent[small] = large
        self.members[large] |= self.members.pop(small)
        self.apart[large] |= self.apart.pop(small)
        self.anchors.pop(small)
        self.anchors[large] = sorted(set(anchors))


def partition(
    nodes: dict[int, Node],
    edges: Iterable[Edge],
    together: Iterable[tuple[int, int]] = (),
    apart: Iterable[tuple[int, int]] = (),
    decide: Decide | None = None,
) -> list[list[int]]:
    """The facts (lists of node ids, each sorted) of a set of nodes: reviewer merges first,
    then the matcher's edges strongest first (ties by the nodes' signatures), skipping any
    edge that would join a pair a reviewer split, or (with ``decide``) two facts whose
    longest reports do not match."""
    sets = _Sets(nodes, apart, decide)
    for a, b in together:
        if a in nodes and b in nodes:
            sets.union(a, b, forced=True)
    ordered = sorted(
        (e for e in edges if e.a in nodes and e.b in nodes),
        key=lambda e: (-e.score, *sorted((nodes[e.a].signature, nodes[e.b].signature))),
    )
    for edge in ordered:
        sets.union(edge.a, edge.b)
    facts: dict[int, list[int]] = {}
    for n in sorted(nodes):
        facts.setdefault(sets.find(n), []).append(n)
    return sorted(facts.values(), key=lambda ns: min(nodes[n].signature for n in ns))


def plan_fact(nodes: Sequence[Node], edges: Sequence[Edge], decide: Decide) -> FactPlan:
    """Canonical claim, counts, each node's link and the conflicts of one fact."""
    by_id = {n.id: n for n in nodes}
    canon_node = min(nodes, key=Node.weight)
    canonical = min((r.first for r in canon_node.reports), key=Member.rank)
    reports = [r for n in nodes for r in n.reports]
    first = min((r.earliest for r in reports), key=Member.earliness)
    links = [NodeLink(canon_node.id, "same", 1.0, "identical")]
    conflicts: list[PlannedConflict] = []
    inside = [e for e in edges if e.a in by_id and e.b in by_id]
    for node in sorted(nodes, key=lambda n: n.signature):
        if node is canon_node:
            continue
        found = decide(canon_node.features, node.features)
        anchor = canon_node
        if found is None:
            # linked through other reports (a part of a long quote that another part stands
            # for): it is compared with the report it is linked to most strongly
            neighbour = _strongest_neighbour(node, by_id, inside)
            if neighbour is not None:
                found = decide(neighbour.features, node.features)
                anchor = neighbour
        if found is None:
            best = max((e.score for e in inside if node.id in (e.a, e.b)), default=0.0)
            links.append(NodeLink(node.id, "variant", round(best, 4), "linked"))
            continue
        method = found.method if anchor is canon_node else f"{found.method}, linked"
        relation = found.relation
        if found.conflicts:
            partner = canonical if anchor is canon_node else _first(anchor)
            conflicts.extend(_conflicts_of(node, found, anchor, partner, nodes, decide))
        links.append(NodeLink(node.id, relation, found.score, method))
    # copies of one story are compared with each other too: a copy whose one changed word
    # lies outside the part of the quote that the other sources repeat disagrees with its
    # own original, not with the canonical claim
    copies = _copy_conflicts(nodes, canon_node, conflicts, decide)
    if copies:
        conflicting = {
            n.id for n in nodes for r in n.reports for c in copies if c.claim_b == r.first.claim_id
        }
        links = [
            NodeLink(k.node_id, "conflicting", k.score, k.method)
            if k.node_id in conflicting and k.relation != "conflicting"
            else k
            for k in links
        ]
        conflicts.extend(copies)
    return FactPlan(
        kind=canon_node.features.kind,
        nodes=sorted(by_id),
        canonical=canonical,
        canonical_node=canon_node.id,
        first=first,
        last_seen=max(r.last_seen for r in reports),
        claim_count=sum(r.claims for r in reports),
        independent_count=len({r.group for r in reports}),
        links=links,
        conflicts=conflicts,
        speaker=_best_speaker(canon_node, nodes),
    )


def _copy_conflicts(
    nodes: Sequence[Node],
    canon_node: Node,
    found: Sequence[PlannedConflict],
    decide: Decide,
) -> list[PlannedConflict]:
    """Conflicts between nodes reported by one independent source (copies of one story)
    that comparing each with the canonical claim did not find: the node reported by more
    sources (the canonical first) is the first claim of the pair."""
    by_group: dict[str, list[tuple[Node, Member]]] = {}
    for node in nodes:
        for r in node.reports:
            by_group.setdefault(r.group, []).append((node, r.first))
    known = {(c.claim_b, c.field) for c in found} | {(c.claim_a, c.field) for c in found}
    planned: list[PlannedConflict] = []
    for group in sorted(by_group):
        members = sorted(
            by_group[group],
            key=lambda pair: (pair[0] is not canon_node, pair[0].weight(), pair[1].rank()),
        )
        for i, (a_node, a) in enumerate(members):
            for b_node, b in members[i + 1 :]:
                if a.document_id == b.document_id:
                    continue
                match = decide(a_node.features, b_node.features)
                for c in match.conflicts if match else ():
                    if (b.claim_id, c.field) in known or (a.claim_id, c.field) in known:
                        continue
                    known.add((b.claim_id, c.field))
                    planned.append(
                        PlannedConflict(c.kind, c.field, a.claim_id, b.claim_id, *c.values)
                    )
    return planned


def _first(node: Node) -> Member:
    return min((r.first for r in node.reports), key=Member.rank)


def _strongest_neighbour(node: Node, by_id: dict[int, Node], edges: Sequence[Edge]) -> Node | None:
    best: tuple[float, str, int] | None = None
    for e in edges:
        if node.id in (e.a, e.b):
            other = by_id[e.b if e.a == node.id else e.a]
            key = (-e.score, other.signature, other.id)
            if best is None or key < best:
                best = key
    return by_id[best[2]] if best else None


def _conflicts_of(
    node: Node,
    found: Match,
    anchor: Node,
    partner: Member,
    nodes: Sequence[Node],
    decide: Decide,
) -> list[PlannedConflict]:
    """One conflict per disagreeing field and independent source of ``node`` (copies of one
    story disagree once, with its first claim). The other claim is, when there is one, a claim
    of the same independent source that disagrees on that field (the copy the changed one was
    made from); else ``partner``, the first claim of the report it was compared with."""
    by_group: dict[str, list[tuple[Member, Node]]] = {}
    for each in nodes:
        if each is not node:
            for r in each.reports:
                by_group.setdefault(r.group, []).append((r.first, each))
    cache: dict[int, Match | None] = {anchor.id: found}
    planned: list[PlannedConflict] = []
    for report in sorted(node.reports, key=lambda r: r.first.rank()):
        member = report.first
        # the claim it was compared with first, when it is a copy of the same story
        candidates = sorted(
            by_group.get(report.group, []),
            key=lambda pair: (pair[1] is not anchor, pair[0].rank()),
        )
        for conflict in found.conflicts:
            other_claim, values = partner, conflict.values
            for candidate, candidate_node in candidates:
                if candidate_node.id not in cache:
                    cache[candidate_node.id] = decide(candidate_node.features, node.features)
                match = cache[candidate_node.id]
                same = [c for c in (match.conflicts if match else ()) if c.field == conflict.field]
                if same:
                    other_claim, values = candidate, same[0].values
                    break
            if other_claim.document_id == member.document_id:
                continue  # one document does not disagree with itself
            planned.append(
                PlannedConflict(
                    conflict.kind,
                    conflict.field,
                    other_claim.claim_id,
                    member.claim_id,
                    values[0],
                    values[1],
                )
            )
    return planned


def _best_speaker(canon_node: Node, nodes: Sequence[Node]) -> str | None:
    """The fullest name of the canonical speaker that the fact's reports give: "Fumio
    Kishida" over "Kishida", among the names that can be the canonical claim's speaker."""
    if canon_node.features.kind != "quote":
        return None
    canon = set(canon_node.features.speaker)
    best: tuple[int, int, str] | None = None
    for node in nodes:
        name, words = node.features.speaker_name, set(node.features.speaker)
        if not name or not words or (canon and not canon & words):
            continue
        key = (-len(words), -node.claims, name)
        if best is None or key < best:
            best = key
    return best[2] if best else canon_node.features.speaker_name
