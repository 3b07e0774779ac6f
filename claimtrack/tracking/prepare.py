"""Reading what a tracking run needs, before it takes the write lock: the claims to track (as
``StoredClaim`` through ``LedgerReader``) turned into ``Reading`` records, and the sketches of
their documents.

This is most of a large run's work — decoding claims, normalising their words, shingling
documents — and it needs nothing from the other claims, so a large run does it in worker
processes, a range of claim ids each (the machine's cores; the answer is the same).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.ledger import LedgerReader
from claimtrack.records import StoredClaim
from claimtrack.tracking import nodes, store
from claimtrack.tracking.features import Features, features_of
from claimtrack.tracking.similar import Sketch, sketch

_READ = 2000  # claims decoded at a time
# Below this many claims, starting worker processes costs more than it saves.
PARALLEL_FROM = 20_000


@dataclass(frozen=True)
class Reading:
    """A claim as tracking uses it: where it is, its features, and the fields a fact's row
    takes from its canonical claim."""

    id: int
    document_id: str
    start: int
    features: Features
    fields: dict[str, Any]


@dataclass
class Prepared:
    readings: list[Reading] = field(default_factory=list)
    sketches: dict[str, Sketch] = field(default_factory=dict)


def reading_of(stored: StoredClaim, *, split: bool = False) -> Reading:
    return Reading(
        stored.id,
        stored.document_id,
        stored.claim.evidence.start,
        features_of(stored, split=split),
        {"claim": stored.claim.claim, **stored.claim.fields()},
    )


def read_claims(reader: LedgerReader, ids: Sequence[int], split: frozenset[int]) -> Prepared:
    """The readings of the claims ``ids`` (of those that exist) and the sketches of their
    documents not yet grouped."""
    readings: list[Reading] = []
    for part in store.chunks(list(ids), _READ):
        readings.extend(reading_of(c, split=c.id in split) for c in reader.claims_by_ids(part))
    documents = sorted({r.document_id for r in readings})
    done = nodes.grouped(reader.conn, documents)
    todo = [d for d in documents if d not in done]
    sketches = {doc: sketch(text) for doc, text in nodes.document_texts(reader.conn, todo)}
    return Prepared(readings, sketches)


def _read_part(path: str, ids: list[int], split: frozenset[int]) -> Prepared:
    with LedgerReader(path) as reader:
        return read_claims(reader, ids, split)


def _can_fork() -> bool:
    """Workers are forked (a spawned worker would run the caller's script again when it has
    no ``__main__`` guard), so only from a process with no other thread, where forking is
    safe; each worker opens its own connection and touches none of this process's."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def prepare(
    reader: LedgerReader, ids: Sequence[int], split: frozenset[int], *, workers: int | None = None
) -> Prepared:
    """Read the claims ``ids``: in this process, or, for many claims, in this process and
    worker processes together (each a range of ids), joined in id order."""
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if workers < 2 or len(ids) < PARALLEL_FROM or not _can_fork():
        return read_claims(reader, ids, split)
    ordered = sorted(ids)
    size = -(-len(ordered) // workers)
    parts = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=context) as pool:
        futures = [pool.submit(_read_part, str(Path(reader.path)), p, split) for p in parts[1:]]
        results = [read_claims(reader, parts[0], split)] + [f.result() for f in futures]
    joined = Prepared()
    for result in results:
        joined.readings.extend(result.readings)
        joined.sketches.update(result.sketches)
    return joined
