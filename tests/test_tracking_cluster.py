"""From the match graph to facts: partition (with reviewers' decisions and the longest-report
rule), the canonical claim, and one conflict per independent source."""

from __future__ import annotations

from claimtrack.tracking.cluster import Edge, Member, Node, Reports, partition, plan_fact
from claimtrack.tracking.features import Features, quote_features
from claimtrack.tracking.match import decide

SPEECH_A = "We have fought the battle and together we will make America great again"
SPEECH_B = "So far the Super Bowl is very boring but we will make America great again"
SLOGAN = "make America great again"


def node(n: int, features: Features, *groups: str, claims: int = 1) -> Node:
    reports = [
        Reports(g, claims, member(n * 10 + i, g), member(n * 10 + i, g), "2016-02-01")
        for i, g in enumerate(groups)
    ]
    return Node(n, features, reports)


def member(claim: int, group: str, published: str = "2016-02-01") -> Member:
    return Member(claim, f"doc-{group}-{claim}", group, published, published, 0)


def edges_between(nodes: dict[int, Node]) -> list[Edge]:
    found = []
    ids = sorted(nodes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            match = decide(nodes[a].features, nodes[b].features)
            if match:
                found.append(Edge(a, b, match.relation, match.score, match.method))
    return found


def test_a_slogan_inside_two_speeches_does_not_make_them_one_quote():
    nodes = {
        1: node(1, quote_features(SPEECH_A, "Trump", explicit=True), "a"),
        2: node(2, quote_features(SPEECH_B, "Trump", explicit=True), "b"),
        3: node(3, quote_features(SLOGAN, "Trump", explicit=True), "c"),
    }
    edges = edges_between(nodes)
    assert {(e.a, e.b) for e in edges} == {(1, 3), (2, 3)}  # the slogan is in both
    facts = partition(nodes, edges, decide=decide)
    assert sorted(map(len, facts)) == [1, 2]  # the slogan joins one speech, not both
    assert len(partition(nodes, edges)) == 1  # plain connectivity would have merged them


def test_a_reviewers_split_keeps_nodes_apart_and_a_merge_joins_them():
    nodes = {
        1: node(1, quote_features(SPEECH_A, "Trump", explicit=True), "a"),
        2: node(2, quote_features(SPEECH_A.replace(",", ""), "Trump", explicit=True), "b"),
        3: node(3, quote_features(SPEECH_B, "Trump", explicit=True), "c"),
    }
    edges = edges_between(nodes)
    assert len(partition(nodes, edges, decide=decide)) == 2
    assert len(partition(nodes, edges, apart=[(1, 2)], decide=decide)) == 3
    assert len(partition(nodes, edges, together=[(1, 3)], decide=decide)) == 1


def test_the_canonical_claim_is_the_report_of_the_most_sources():
    full = quote_features(SPEECH_A, "Trump", explicit=True)
    part = quote_features("together we will make America great again", "Trump", explicit=True)
    nodes = [node(1, full, "a"), node(2, part, "b", "c", "d")]
    plan = plan_fact(nodes, edges_between({n.id: n for n in nodes}), decide)
    assert plan.canonical_node == 2
    assert (plan.claim_count, plan.independent_count) == (4, 4)
    assert {(k.node_id, k.relation, k.method) for k in plan.links} == {
        (2, "same", "identical"),
        (1, "variant", "partial"),
    }


def test_copies_of_one_story_disagree_once_with_their_own_original():
    original = quote_features(SPEECH_A, "Trump", explicit=True)
    changed = quote_features(SPEECH_A.replace("battle", "war"), "Trump", explicit=True)
    # the original is reported by three sources; the changed copy by two outlets of source "a"
    nodes = [node(1, original, "a", "b", "c"), node(2, changed, "a", claims=2)]
    plan = plan_fact(nodes, edges_between({n.id: n for n in nodes}), decide)
    assert [(c.kind, c.claim_a, c.claim_b) for c in plan.conflicts] == [("wording", 10, 20)]
    assert {k.node_id: k.relation for k in plan.links}[2] == "conflicting"
