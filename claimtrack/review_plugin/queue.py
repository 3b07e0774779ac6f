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
FACT_SCAN = 10_000  # claims a large fact filter reads for one page at most (with other filters)


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
    fact: str = ""  # a fact's id: its claims
    sources: str = ""  # N: claims of facts with N or more independent sources
    conflict: bool = False  # claims in an open conflict

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
            fact=get("fact").lstrip("#"),
            sources=get("sources"),
            conflict=get("conflict") in ("1", "on", "yes", "true"),
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
            ("fact", self.fact),
            ("sources", self.sources),
            ("conflict", "1" if self.conflict else ""),
        ]
        return [(name, value) for name, value in found if value]

    def query_string(self) -> str:
        return urlencode(self.pairs())

    @property
    def selective(self) -> bool:
        """Narrowed by a filter with its own index: read through it, not the queue's order."""
        return bool(
            self.document
            or self.speaker
            or self.search
            or self.disagreement
            or self.fact
            or self.sources
            or self.conflict
        )

    def fact_filters(self) -> tuple[str, ...]:
        """The fact filters given: ``fact``, ``sources``, ``conflict``."""
        given = (("fact", self.fact), ("sources", self.sources), ("conflict", self.conflict))
        return tuple(name for name, value in given if value)

    def describe(self) -> str:
        parts = [STATUS_CHOICES.get(self.status, self.status)]
        for name, value in self.pairs():
            if name == "disagreement":
                parts.append("reviewers disagree")
            elif name == "fact":
                parts.append(f"in fact #{value}")
            elif name == "sources":
                parts.append(f"in a fact with {value}+ independent sources")
            elif name == "conflict":
                parts.append("in an open conflict")
            elif name != "status":
                parts.append(f"{name} {value}")
        return ", ".join(parts)


@dataclass
class Checked:
    """A filter checked against the ledger: what is wrong with it, and what it resolves to."""

    filter: QueueFilter
    problems: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # the ids a document filter names
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    ordered: list[Key] | None = None  # a selective queue's keys, once read
    broad: bool = False  # a queue read in id order, its count bounded (see ``driver``)
    resume: int | None = None  # where a broad search that read SCAN matches stopped
    large: tuple[str, ...] = ()  # the fact filters that hold more than BROAD claims
    driver: str = ""  # what a broad queue walks in id order: "q", or a fact filter's name


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
        checked.driver = "q" if checked.broad else ""
    _check_facts(conn, checked)
    return checked


# The fact filters, each a set of claim ids read three ways: whole (``IN``, for a set of at
# most BROAD claims), as a test of one claim (``EXISTS``, for a larger one while another filter
# chooses the claims), and walked in id order from a position (a larger one that chooses).
FACT_SETS = {
    "fact": "SELECT claim_id FROM fact_claims WHERE fact_id = ?",
    "sources": "SELECT fc.claim_id FROM facts f INDEXED BY idx_facts_sources "
    "JOIN fact_claims fc ON fc.fact_id = f.id WHERE f.independent_count >= ?",
    "conflict": "SELECT claim_a FROM conflicts WHERE status = 'open' "
    "UNION SELECT claim_b FROM conflicts WHERE status = 'open'",
}
FACT_TESTS = {
    "fact": "EXISTS (SELECT 1 FROM fact_claims fc WHERE fc.claim_id = c.id AND fc.fact_id = ?)",
    "sources": "EXISTS (SELECT 1 FROM fact_claims fc JOIN facts f ON f.id = fc.fact_id "
    "WHERE fc.claim_id = c.id AND f.independent_count >= ?)",
    "conflict": "(EXISTS (SELECT 1 FROM conflicts x WHERE x.claim_a = c.id AND x.status = 'open') "
    "OR EXISTS (SELECT 1 FROM conflicts x WHERE x.claim_b = c.id AND x.status = 'open'))",
}
SOURCES_CHOICES = (2, 3, 5, 10, 20)


def _fact_params(wanted: QueueFilter, name: str) -> list[Any]:
    if name == "fact":
        return [int(wanted.fact)]
    if name == "sources":
        return [int(wanted.sources)]
    return []


def _check_facts(conn: sqlite3.Connection, checked: Checked) -> None:
    """The fact filters checked (a fact that is there, a number of sources), each one's size
    probed up to BROAD + 1 claims; a queue whose only choosing filters are large ones walks
    one of them in id order (``driver``), as a broad search does."""
    wanted = checked.filter
    names = wanted.fact_filters()
    if not names:
        return
    if not _tracked(conn):
        checked.problems.append(
            "This ledger has no facts yet: run 'claimtrack track' to filter by fact."
        )
        return
    if wanted.fact:
        if not (wanted.fact.isdigit() and len(wanted.fact) <= 18):
            checked.problems.append(f"There is no fact {wanted.fact!r}: give a fact's number.")
        elif (
            conn.execute("SELECT 1 FROM facts WHERE id = ?", [int(wanted.fact)]).fetchone() is None
        ):
            checked.problems.append(f"There is no fact #{wanted.fact}.")
    if wanted.sources and not (
        wanted.sources.isdigit() and len(wanted.sources) <= 18 and int(wanted.sources) >= 1
    ):
        checked.problems.append(f"Sources must be a number, not {wanted.sources!r}.")
    if checked.problems:
        return
    checked.large = tuple(
        name
        for name in names
        if int(
            conn.execute(
                f"SELECT count(*) FROM ({FACT_SETS[name]} LIMIT ?)",
                [*_fact_params(wanted, name), BROAD + 1],
            ).fetchone()[0]
        )
        > BROAD
    )
    small = bool(
        wanted.document
        or wanted.speaker
        or wanted.disagreement
        or (wanted.search and not checked.broad)
        or set(names) - set(checked.large)
    )
    if checked.large and not small and not checked.broad:
        checked.broad = True
        checked.driver = checked.large[0]


def _tracked(conn: sqlite3.Connection) -> bool:
    """Whether the ledger has facts yet (``claimtrack track`` has found some)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'facts'"
    ).fetchone()
    return (
        has_table is not None and conn.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is not None
    )


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


def _conditions(checked: Checked, *, skip: str = "") -> tuple[str, list[Any]]:
    """The filter's SQL as one condition on ``claims c INDEXED BY idx_claims_desk``: each
    selective filter is a set of ids (from its own index: the document's, the speaker's,
    full-text search, the reviewers' disagreements), and status, kind and grounding are read
    from the narrow index, not from each claim's row. A fact filter of more than BROAD
    claims is a test of each claim instead (``FACT_TESTS``); ``skip`` leaves out the filter a
    broad queue walks."""
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
    if wanted.search and skip != "q":
        terms.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(fts_query(wanted.search))
    if wanted.disagreement:
        terms.append(f"c.id IN ({DISAGREEMENTS_SQL})")
    for name in wanted.fact_filters():
        if name == skip:
            continue
        if name in checked.large:
            terms.append(FACT_TESTS[name])
        else:
            terms.append(f"c.id IN ({FACT_SETS[name]})")
        params.extend(_fact_params(wanted, name))
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
    """A broad queue's claims after (or before) ``key`` in id order: the ids of its driver (a
    broad search's full-text matches, or a large fact filter's claims) a chunk at a time from
    there, each checked against the other filters through the narrow index, until ``limit``
    are found, the ids end, or ``SCAN`` ids were read (``FACT_SCAN`` for a fact filter's:
    each costs a lookup of its fact; then ``checked.resume`` is the last id read: the page
    goes on from there)."""
    where, params = _conditions(checked, skip=checked.driver)
    position = int(key[-1]) if key is not None else (0 if forward else 1 << 62)
    direction = "ASC" if forward else "DESC"
    found: list[Key] = []
    read = 0
    checked.resume = None
    scan = SCAN if checked.driver == "q" else FACT_SCAN
    while len(found) < limit:
        if read >= scan:
            checked.resume = position
            break
        chunk = _walk(conn, checked, position, forward)
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


# A large fact filter's claims in id order from a position (``{sign}``, ``{direction}``).
FACT_WALKS = {
    "fact": (
        "SELECT claim_id FROM fact_claims WHERE fact_id = ? AND claim_id {sign} ? "
        "ORDER BY claim_id {direction} LIMIT ?",
    ),
    "sources": (
        "SELECT fc.claim_id FROM fact_claims fc CROSS JOIN facts f ON f.id = fc.fact_id "
        "WHERE f.independent_count >= ? AND fc.claim_id {sign} ? "
        "ORDER BY fc.claim_id {direction} LIMIT ?",
    ),
    "conflict": (
        "SELECT claim_a FROM conflicts WHERE status = 'open' AND claim_a {sign} ? "
        "ORDER BY claim_a {direction} LIMIT ?",
        "SELECT claim_b FROM conflicts INDEXED BY idx_conflicts_claim_b "
        "WHERE status = 'open' AND claim_b {sign} ? ORDER BY claim_b {direction} LIMIT ?",
    ),
}


def _walk(conn: sqlite3.Connection, checked: Checked, position: int, forward: bool) -> list[int]:
    """The next chunk of the driver's ids after (or before) ``position``, in order, once each."""
    sign, direction = (">", "ASC") if forward else ("<", "DESC")
    if checked.driver == "q":
        return [
            r[0]
            for r in conn.execute(
                f"SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? AND rowid {sign} ? "
                f"ORDER BY rowid {direction} LIMIT ?",
                [fts_query(checked.filter.search), position, _CHUNK],
            )
        ]
    params = _fact_params(checked.filter, checked.driver)
    ids: set[int] = set()
    bound: int | None = None  # a full chunk of one walk: the others are cut where it ends
    for sql in FACT_WALKS[checked.driver]:
        chunk = [
            int(r[0])
            for r in conn.execute(
                sql.format(sign=sign, direction=direction), [*params, position, _CHUNK]
            )
        ]
        ids.update(chunk)
        if len(chunk) == _CHUNK:
            end = chunk[-1]
            bound = end if bound is None else (min(bound, end) if forward else max(bound, end))
    ordered = sorted(ids, reverse=not forward)
    if bound is not None:
        ordered = [i for i in ordered if (i <= bound if forward else i >= bound)]
    return ordered


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


def fact_choices(conn: sqlite3.Connection) -> dict[str, Any]:
    """The fact filters' choices with their counts (index ranges only): how many facts have
    N or more independent sources, and how many conflicts are open; empty when the ledger has
    no facts yet."""
    if not _tracked(conn):
        return {}
    sources = {
        n: int(
            conn.execute(
                "SELECT count(*) FROM facts INDEXED BY idx_facts_sources "
                "WHERE independent_count >= ?",
                [n],
            ).fetchone()[0]
        )
        for n in SOURCES_CHOICES
    }
    open_conflicts = int(
        conn.execute("SELECT count(*) FROM conflicts WHERE status = 'open'").fetchone()[0]
    )
    return {"sources": sources, "open_conflicts": open_conflicts}


def with_status(wanted: QueueFilter, status: str) -> QueueFilter:
    return replace(wanted, status=status)
