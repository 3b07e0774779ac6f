"""Fact tracking across documents: the same fact from many sources, who reported it first,
and where sources disagree.

One module per job:

- ``keys``: normalised keys — words, names, dates at their precision, party sets, block keys;
- ``features``: a stored claim as the matcher sees it, and its signature;
- ``similar``: near-duplicate documents (syndicated copies are one independent source);
- ``match``: whether two claims report one fact — the same, a variant, or in conflict;
- ``conflicts``: field-by-field comparison, naming each disagreement;
- ``cluster``: from the match graph to facts, their canonical claims and conflicts;
- ``prepare``: reading the claims and documents a run needs, before it takes the lock;
- ``graph``: the match graph a run builds and the parts of it a change touches;
- ``facts``: recomputing the touched facts and writing what changed;
- ``store`` (facts, links, conflicts, decisions) and ``nodes`` (nodes, edges, document
  groups): the tracking tables, written inside write transactions that wait their turn;
- ``shapes`` and ``read``: typed reads (``FactReader``; ``Fact``, ``Conflict``… with the JSON
  shapes of ``--json``);
- ``track``: the entry points, ``track_ledger`` and ``track_claims``;
- ``decisions``: reviewers' merges, splits, resolutions and facts' statuses.

It depends on ``claimtrack.ledger`` and ``claimtrack.records`` only; nothing in the ledger
imports it.
"""

from claimtrack.tracking.decisions import (
    merge_facts,
    resolve_conflict,
    set_fact_status,
    split_claim,
)
from claimtrack.tracking.read import FactFilter, FactReader
from claimtrack.tracking.shapes import (
    Conflict,
    ConflictPage,
    Decision,
    Fact,
    FactClaim,
    FactDetail,
    FactPage,
    FactSource,
    FactStatus,
)
from claimtrack.tracking.track import TrackResult, track_claims, track_ledger

__all__ = [
    "Conflict",
    "ConflictPage",
    "Decision",
    "Fact",
    "FactClaim",
    "FactDetail",
    "FactFilter",
    "FactPage",
    "FactReader",
    "FactSource",
    "FactStatus",
    "TrackResult",
    "merge_facts",
    "resolve_conflict",
    "set_fact_status",
    "split_claim",
    "track_claims",
    "track_ledger",
]
