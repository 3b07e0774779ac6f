"""Retrieval: the passages most likely to confirm or contradict a claim, by BM25 (SQLite FTS5)
over the sentences and paragraphs of the ledger's documents and evidence sources.

The query is the claim's own words and its key fields — the speaker, the quote's words, the
event, the date as written and its year, parties, terms, numbers — each a quoted term joined
by OR, so that punctuation in a claim cannot break it. The claim's own document is never
evidence for it (nor, once ``track`` has grouped them, its near-identical copies): a claim
cannot confirm itself. Ranking is BM25, with a bonus for passages that hold the claim's key
fields (a speaker's name, the year, a number), and ties broken by id, so one ledger gives the
same passages in any process; a passage inside one already chosen is left out.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from claimtrack.records import AgreementClaim, DateClaim, QuoteClaim, StatementClaim, StoredClaim
from claimtrack.verify.types import Passage

__all__ = ["key_terms", "query_terms", "retrieve"]

_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to tell passages apart (BM25 weighs them low; they still cost time).
STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it its of on
    or our she that the their them they this to was we were will with would you your said says
    not no so than then there these those who whom which what when where why how all any can
    could do does did into about after before over under up out more most such only also
    just may might must shall should very""".split()
)
MAX_TERMS = 40  # a long claim's first words say enough; FTS5 time grows with terms
CANDIDATES = 8  # passages fetched for every one kept, before the re-ranking and filters
KEY_BONUS = 2.0  # added to BM25 for every key field term a passage holds


def _words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "") if len(w) > 1 or w.isdigit()]


def key_terms(claim: StoredClaim) -> list[str]:
    """The terms of a claim's key fields: a speaker's and parties' names, years and numbers."""
    c = claim.claim
    keys: list[str] = []
    if isinstance(c, QuoteClaim):
        keys += _words(c.speaker)
    if isinstance(c, DateClaim):
        keys += _words(" ".join(c.participants))
        keys += [w for w in _words(c.date_text) if w.isdigit()]
        if c.date_value and c.date_value[:4].isdigit():
            keys.append(c.date_value[:4])
    if isinstance(c, AgreementClaim):
        keys += _words(" ".join(c.parties))
    if isinstance(c, StatementClaim):
        keys += [w for w in _words(" ".join(c.quantities)) if any(ch.isdigit() for ch in w)]
    return _distinct(k for k in keys if k not in STOPWORDS)


def query_terms(claim: StoredClaim) -> list[str]:
    """The claim's words and key fields, distinct, in a stable order (key fields first)."""
    c = claim.claim
    fields: list[str | None] = []
    if isinstance(c, QuoteClaim):
        fields += [c.speaker, c.quote]
    elif isinstance(c, DateClaim):
        fields += [c.event, " ".join(c.participants), c.date_text]
    elif isinstance(c, AgreementClaim):
        fields += [" ".join(c.parties), c.terms, c.date_text]
    elif isinstance(c, StatementClaim):
        fields += [c.subject, " ".join(c.quantities)]
    fields.append(c.claim)
    words = key_terms(claim) + [w for f in fields for w in _words(f) if w not in STOPWORDS]
    return _distinct(words)[:MAX_TERMS]


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _match(terms: list[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def excluded_documents(conn: sqlite3.Connection, document_id: str) -> list[str]:
    """The claim's document and, when tracking has grouped copies, its copies."""
    try:
        rows = conn.execute(
            "SELECT document_id FROM document_groups WHERE group_id = (SELECT group_id FROM "
            "document_groups WHERE document_id = ?)",
            [document_id],
        ).fetchall()
    except sqlite3.OperationalError:  # a ledger never tracked
        rows = []
    return sorted({document_id, *(str(r[0]) for r in rows)})


def retrieve(
    conn: sqlite3.Connection,
    claim: StoredClaim,
    *,
    top_k: int = 5,
    evidence_only: bool = False,
) -> list[Passage]:
    """The ``top_k`` passages that best match the claim, best first."""
    terms = query_terms(claim)
    if not terms or top_k < 1:
        return []
    excluded = excluded_documents(conn, claim.document_id)
    marks = ", ".join("?" for _ in excluded)
    origin = "AND p.origin = 'evidence'" if evidence_only else ""
    rows = conn.execute(
        'SELECT p.id, p.origin, p.source_id, p.unit, p.start, p."end", p.text, '
        "bm25(passages_fts) AS rank, coalesce(e.label, e.source, d.source, '') "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "LEFT JOIN evidence_sources e ON p.origin = 'evidence' AND e.id = p.source_id "
        "LEFT JOIN documents d ON p.origin = 'document' AND d.id = p.source_id "
        f"WHERE passages_fts MATCH ? {origin} "
        f"AND NOT (p.origin = 'document' AND p.source_id IN ({marks})) "
        "ORDER BY rank, p.id LIMIT ?",
        [_match(terms), *excluded, top_k * CANDIDATES],
    ).fetchall()
    keys = set(key_terms(claim))
    scored: list[Passage] = []
    for row in rows:
        held = keys & set(_words(row[6]))
        scored.append(
            Passage(
                id=int(row[0]),
                origin=str(row[1]),
                source_id=str(row[2]),
                unit=str(row[3]),
                start=int(row[4]),
                end=int(row[5]),
                text=str(row[6]),
                score=round(-float(row[7]) + KEY_BONUS * len(held), 6),
                source=str(row[8]),
            )
        )
    scored.sort(key=lambda p: (-p.score, p.id))
    chosen: list[Passage] = []
    for passage in scored:
        if any(_inside(passage, other) for other in chosen):
            continue
        chosen.append(passage)
        if len(chosen) == top_k:
            break
    return chosen


def _inside(passage: Passage, other: Passage) -> bool:
    return (
        passage.origin == other.origin
        and passage.source_id == other.source_id
        and other.start <= passage.start
        and passage.end <= other.end
    )
