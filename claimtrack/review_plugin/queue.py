"""The review queue: which claims, in which order, a page at a time, and where a reviewer goes
next.

The queue is ordered as a reviewer should work — the least certain grounding first
(ungrounded, fuzzy, elided, normalized, exact), then the weakest score, then the id — through
the index ``idx_claims_review (status, kind, rank, grounding_score)``. A queue without a
selective filter is read as one stream per status and kind, each walked from the reviewer's
position (``keyset``), so its first page and its thousandth cost the same; a queue filtered to
one document, one speaker, a search or the reviewers' disagreements takes its ids from that
filter's own index and their status, kind and grounding from a narrow index by id
(``idx_claims_desk``), never from the claims' rows. Counts read the indexes only.

A *broad* search — one whose words match more than ``BROAD`` claims (a probe of the
full-text index that stops there) — is not read whole: ordering half a million matches by
grounding cost 1.5 s at a million claims. Its claims come in the order of the full-text index
(claim id), read from the reviewer's position a chunk of matches at a time with the other
filters applied to each, and its count is bounded ("more than 20,000"); the page says so.

Every filter is a choice from what the ledger holds; a value it does not hold (a typed URL, a
document that is not there) is said so, never silently answered with no rows.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from claimtrack.ledger.read import fts_query
from claimtrack.ledger.reviewers import DISAGREEMENTS_SQL
from claimtrack.review_plugin.keyset import Key, Order, Stream, read_streams
from claimtrack.vocabulary import CLAIM_KINDS, GROUNDING_METHODS, STATUSES

# The queue's rank of a grounding: exactly the expression of the index (``c.`` aside).
RANK_SQL = (
    "(CASE c.grounding WHEN 'ungrounded' THEN 0 WHEN 'fuzzy' THEN 1 WHEN 'elided' THEN 2 "
    "WHEN 'normalized' THEN 3 ELSE 4 END)"
)
RANKS = {"ungrounded": 0, "fuzzy": 1, "elided": 2, "normalized": 3, "exact": 4}
REVIEW_ORDER = Order((RANK_SQL, "c.grounding_score"))
REVIEW_INDEX = "idx_claims_review"
DESK_INDEX = "idx_claims_desk"  # (id, status, kind, grounding, grounding_score)

AWAITING = ("unverified", "needs_work")
STATUS_CHOICES = {
    "awaiting": "to review (unverified or needs work)",
    "any": "any status",
    **{status: status.replace("_", " ") for status in STATUSES},
}
PAGE_SIZES = (25, 50, 100, 200)
BROAD = 20_000  # a search matching more claims than this is read in id order, its count bounded
_CHUNK = 5_000  # full-text matches read at a time by a broad search
SCAN = 40_000  # full-text matches a broad search reads for one page at most


@dataclass(frozen=True)
class QueueFilter:
    """What a queue holds. Empty strings are "any"."""

    status: str = "awaiting"
    kind: str = ""
    grounding: str = ""
    document: str = ""
    speaker: str = ""
    search: str = ""
    disagreement: bool = False

    @classmethod
    def from_args(cls, args: Any) -> QueueFilter:
        """From a request's query string (or a dict); unchecked: see ``problems``."""

        def get(name: str) -> str:
            return " ".join(str(args.get(name) or "").split())

        return cls(
            status=get("status") or "awaiting",
            kind=get("kind"),
            grounding=get("grounding"),
            document=get("document"),
            speaker=get("speaker"),
            search=get("q"),
            disagreement=get("disagreement") in ("1", "on", "yes", "true"),
        )

    def statuses(self) -> tuple[str, ...]:
        if self.status == "awaiting":
            return AWAITING
        if self.status == "any":
            return STATUSES
        return (self.status,)

    def pairs(self) -> list[tuple[str, str]]:
        """The filter as query-string pairs (defaults left out)."""
        found = [
            ("status", self.status if self.status != "awaiting" else ""),
            ("kind", self.kind),
            ("grounding", self.grounding),
            ("document", self.document),
            ("speaker", self.speaker),
            ("q", self.search),
            ("disagreement", "1" if self.disagreement else ""),
        ]
        return [(name, value) for name, value in found if value]

    def query_string(self) -> str:
        return urlencode(self.pairs())

    @property
    def selective(self) -> bool:
        """Narrowed by a filter with its own index: read through it, not the queue's order."""
        return bool(self.document or self.speaker or self.search or self.disagreement)

    def describe(self) -> str:
        parts = [STATUS_CHOICES.get(self.status, self.status)]
        parts += [f"{name} {value}" for name, value in self.pairs() if name not in ("status",)]
        return ", ".join(part.replace("disagreement 1", "reviewers disagree") for part in parts)


@dataclass
class Checked:
    """A filter checked against the ledger: what is wrong with it, and what it resolves to."""

    filter: QueueFilter
    problems: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # the ids a document filter names
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    ordered: list[Key] | None = None  # a selective queue's keys, once read
    broad: bool = False  # a search matching more than BROAD claims: id order, bounded count
    resume: int | None = None  # where a broad search that read SCAN matches stopped


def check(conn: sqlite3.Connection, wanted: QueueFilter) -> Checked:
    """Each value checked against the vocabulary or the ledger; a document given by source
    resolved to its ids."""
    checked = Checked(wanted)
    if wanted.status not in STATUS_CHOICES:
        checked.problems.append(f"There is no status {wanted.status!r}.")
    if wanted.kind and wanted.kind not in CLAIM_KINDS:
        checked.problems.append(f"There is no kind {wanted.kind!r}.")
    if wanted.grounding and wanted.grounding not in GROUNDING_METHODS:
        checked.problems.append(f"There is no grounding {wanted.grounding!r}.")
    if wanted.document:
        checked.documents = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM documents WHERE id = ? UNION "
                "SELECT document_id FROM document_sources WHERE source = ?",
                [wanted.document, wanted.document],
            )
        ]
        if not checked.documents:
            checked.problems.append(f"No document has the id or source {wanted.document!r}.")
            checked.suggestions["document"] = _near(conn, "documents", "source", wanted.document)
    if wanted.speaker:
        found = conn.execute(
            "SELECT 1 FROM claims WHERE speaker = ? LIMIT 1", [wanted.speaker]
        ).fetchone()
        if found is None:
            checked.problems.append(f"No claim has the speaker {wanted.speaker!r}.")
            checked.suggestions["speaker"] = _near(conn, "claims", "speaker", wanted.speaker)
    if wanted.search and not fts_query(wanted.search):
        checked.problems.append("Search for at least one word.")
    elif wanted.search and not checked.problems:
        probe = conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
            [fts_query(wanted.search), BROAD + 1],
        ).fetchone()[0]
        checked.broad = int(probe) > BROAD
    return checked


def _near(conn: sqlite3.Connection, table: str, column: str, value: str) -> list[str]:
    """A few values that start like ``value`` (an index range, never a scan)."""
    stem = value[:3]
    return [
        str(row[0])
        for row in conn.execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} >= ? AND {column} < ? "
            f"ORDER BY {column} LIMIT 5",
            [stem, stem + "\U0010ffff"],
        )
    ]


def _conditions(checked: Checked, *, search: bool = True) -> tuple[str, list[Any]]:
    """The filter's SQL as one condition on ``claims c INDEXED BY idx_claims_desk``: each
    selective filter is a set of ids (from its own index: the document's, the speaker's,
    full-text search, the reviewers' disagreements), and status, kind and grounding are read
    from the narrow index, not from each claim's row."""
    wanted = checked.filter
    statuses = wanted.statuses()
    terms = [f"c.status IN ({', '.join('?' for _ in statuses)})"]
    params: list[Any] = list(statuses)
    if wanted.kind:
        terms.append("c.kind = ?")
        params.append(wanted.kind)
    if wanted.grounding:
        terms.append(f"{RANK_SQL} = ?")
        params.append(RANKS[wanted.grounding])
    if checked.documents:
        marks = ", ".join("?" for _ in checked.documents)
        terms.append(f"c.id IN (SELECT id FROM claims WHERE document_id IN ({marks}))")
        params.extend(checked.documents)
    if wanted.speaker:
        terms.append("c.id IN (SELECT id FROM claims WHERE speaker = ?)")
        params.append(wanted.speaker)
    if wanted.search and search:
        terms.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(fts_query(wanted.search))
    if wanted.disagreement:
        terms.append(f"c.id IN ({DISAGREEMENTS_SQL})")
    return " AND ".join(terms), params


def _streams(checked: Checked) -> list[Stream]:
    wanted = checked.filter
    kinds = (wanted.kind,) if wanted.kind else CLAIM_KINDS
    rank = (f" AND {RANK_SQL} = ?", (RANKS[wanted.grounding],)) if wanted.grounding else ("", ())
    return [
        Stream(f"c.status = ? AND c.kind = ?{rank[0]}", (status, kind, *rank[1]), REVIEW_INDEX)
        for status in wanted.statuses()
        for kind in kinds
    ]


def keys(
    conn: sqlite3.Connection,
    checked: Checked,
    key: Key | None,
    limit: int,
    *,
    forward: bool = True,
) -> list[Key]:
    """The keys of up to ``limit`` claims of the queue after (or before) ``key``."""
    if checked.broad:
        return _broad_keys(conn, checked, key, limit, forward=forward)
    if not checked.filter.selective:
        return read_streams(conn, REVIEW_ORDER, _streams(checked), key, limit, forward=forward)
    ordered = _ordered(conn, checked)
    if forward:
        start = 0 if key is None else bisect_right(ordered, key)
        return ordered[start : start + limit]
    end = len(ordered) if key is None else bisect_left(ordered, key)
    return ordered[max(0, end - limit) : end][::-1]


def _broad_keys(
    conn: sqlite3.Connection, checked: Checked, key: Key | None, limit: int, *, forward: bool
) -> list[Key]:
    """A broad search's claims after (or before) ``key`` in id order: the full-text index's
    matches a chunk at a time from there, each checked against the other filters through the
    narrow index, until ``limit`` are found, the matches end, or ``SCAN`` matches were read
    (then ``checked.resume`` is the last match read: the page goes on from there)."""
    where, params = _conditions(checked, search=False)
    query = fts_query(checked.filter.search)
    position = int(key[-1]) if key is not None else (0 if forward else 1 << 62)
    sign, direction = (">", "ASC") if forward else ("<", "DESC")
    found: list[Key] = []
    read = 0
    checked.resume = None
    while len(found) < limit:
        if read >= SCAN:
            checked.resume = position
            break
        chunk = [
            r[0]
            for r in conn.execute(
                f"SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? AND rowid {sign} ? "
                f"ORDER BY rowid {direction} LIMIT ?",
                [query, position, _CHUNK],
            )
        ]
        if not chunk:
            break
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(
            f"SELECT {RANK_SQL}, c.grounding_score, c.id FROM claims c INDEXED BY {DESK_INDEX} "
            f"WHERE c.id IN ({marks}) AND {where} ORDER BY c.id {direction} LIMIT ?",
            [*chunk, *params, limit - len(found)],
        )
        found.extend(tuple(row) for row in rows)
        position = chunk[-1]
        read += len(chunk)
    return found


def _ordered(conn: sqlite3.Connection, checked: Checked) -> list[Key]:
    """A selective queue, whole and in order: its ids come from the filters' own indexes,
    their rank and score from the narrow index by id, and one sort orders them (kept for the
    request, which asks for its count, its page and its neighbours)."""
    if checked.ordered is None:
        where, params = _conditions(checked)
        rows = conn.execute(
            f"SELECT {RANK_SQL}, c.grounding_score, c.id FROM claims c INDEXED BY {DESK_INDEX} "
            f"WHERE {where} ORDER BY 1, 2, 3",
            params,
        )
        checked.ordered = [tuple(row) for row in rows]
    return checked.ordered


def count(conn: sqlite3.Connection, checked: Checked) -> int:
    """How many claims the queue holds (for a broad search: ``BROAD + 1``, "more than")."""
    if checked.broad:
        return BROAD + 1
    if checked.filter.selective:
        return len(_ordered(conn, checked))
    return sum(
        int(
            conn.execute(
                f"SELECT count(*) FROM claims c INDEXED BY {stream.index} WHERE {stream.where}",
                stream.params,
            ).fetchone()[0]
        )
        for stream in _streams(checked)
    )


def key_of(conn: sqlite3.Connection, claim_id: int) -> Key | None:
    """A claim's place in the queue's order (whatever its status now)."""
    row = conn.execute(
        f"SELECT {RANK_SQL}, c.grounding_score, c.id FROM claims c WHERE c.id = ?", [claim_id]
    ).fetchone()
    return tuple(row) if row else None


@dataclass
class Neighbours:
    """Where a reviewer goes from one claim of a queue."""

    previous: int | None
    next: int | None
    left: int
    over: bool = False  # ``left`` is a bound: more than ``left - 1``


def neighbours(conn: sqlite3.Connection, checked: Checked, claim_id: int) -> Neighbours:
    """The claims before and after ``claim_id`` in the queue, and how many it holds."""
    key = key_of(conn, claim_id)
    if key is None or checked.problems:
        return Neighbours(None, None, 0)
    after = keys(conn, checked, key, 1)
    before = keys(conn, checked, key, 1, forward=False)
    return Neighbours(
        before[0][-1] if before else None,
        after[0][-1] if after else None,
        count(conn, checked),
        checked.broad,
    )


def choices(conn: sqlite3.Connection, limit: int = 500) -> dict[str, list[str]]:
    """The values a document or speaker filter can take, for the page's lists: distinct
    speakers by a walk of their index (one seek per name, not a scan of the claims), and
    document sources in order."""
    speakers = [
        str(row[0])
        for row in conn.execute(
            "WITH RECURSIVE s(v) AS (SELECT min(speaker) FROM claims UNION ALL "
            "SELECT (SELECT min(speaker) FROM claims WHERE speaker > s.v) FROM s "
            "WHERE s.v IS NOT NULL LIMIT ?) SELECT v FROM s WHERE v IS NOT NULL",
            [limit],
        )
    ]
    documents = [
        str(row[0])
        for row in conn.execute("SELECT source FROM documents ORDER BY source LIMIT ?", [limit])
    ]
    return {"speaker": speakers, "document": documents}


def with_status(wanted: QueueFilter, status: str) -> QueueFilter:
    return replace(wanted, status=status)
