"""Verification in the ledger: evidence sources, the passage index, verdicts and reviewers'
answers to them. The only code that knows those tables' columns.

Every write is one transaction that takes the write lock first (``Ledger``'s), so verifying
while another process extracts waits its turn; a source already added or indexed is found and
left alone, so adding or verifying twice stores nothing twice. The ledger itself checks every
evidence span against its source's text (a trigger of ``m007_verdicts``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.store import now
from claimtrack.verify.types import Cited, JudgeIdentity, Judgement, StoredVerdict

if TYPE_CHECKING:
    from claimtrack.records import Document

__all__ = [
    "AddedSource",
    "SourceTexts",
    "add_evidence",
    "index_documents",
    "review_verdict",
    "store_verdict",
    "verdicts_of",
]


@dataclass(frozen=True)
class AddedSource:
    """What adding one evidence source did."""

    id: str
    source: str
    passages: int
    new: bool


def add_evidence(ledger: Ledger, document: Document, label: str | None = None) -> AddedSource:
    """Keep a reference text a desk trusts as an evidence source (never as a document claims
    are extracted from), with its passages indexed; the same text again adds nothing."""
    from claimtrack.verify.passages import passages_of

    cut = passages_of(document.text)  # outside the write lock: segmenting takes a while
    with ledger._write():
        cursor = ledger.conn.execute(
            "INSERT OR IGNORE INTO evidence_sources (id, source, label, title, url, published, "
            "text, chars, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                document.id,
                document.source,
                label,
                document.title,
                document.url,
                document.published.isoformat() if document.published else None,
                document.text,
                len(document.text),
                now(),
            ],
        )
        new = cursor.rowcount > 0
        count = _index(ledger.conn, "evidence", document.id, document.text, cut)
    return AddedSource(document.id, document.source, count, new)


def index_documents(ledger: Ledger, *, batch: int = 50) -> int:
    """Index the passages of every ledger document not yet indexed; returns how many were."""
    done = 0
    while True:
        rows = ledger.conn.execute(
            "SELECT d.id, d.text FROM documents d WHERE NOT EXISTS (SELECT 1 FROM "
            "passage_sources s WHERE s.origin = 'document' AND s.source_id = d.id) "
            "ORDER BY d.id LIMIT ?",
            [batch],
        ).fetchall()
        if not rows:
            return done
        from claimtrack.verify.passages import passages_of

        cut = [(str(i), str(t), passages_of(str(t))) for i, t in rows]
        with ledger._write():
            for document_id, text, pieces in cut:
                _index(ledger.conn, "document", document_id, text, pieces)
        done += len(rows)


def _index(
    conn: sqlite3.Connection,
    origin: str,
    source_id: str,
    text: str,
    pieces: Sequence[tuple[str, int, int]],
) -> int:
    """Store a source's passages once (inside the caller's write transaction)."""
    known = conn.execute(
        "SELECT passages FROM passage_sources WHERE origin = ? AND source_id = ?",
        [origin, source_id],
    ).fetchone()
    if known is not None:
        return int(known[0])
    conn.executemany(
        'INSERT OR IGNORE INTO passages (origin, source_id, unit, start, "end", text) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(origin, source_id, unit, s, e, text[s:e]) for unit, s, e in pieces],
    )
    conn.execute(
        "INSERT INTO passage_sources (origin, source_id, passages, indexed_at) VALUES (?, ?, ?, ?)",
        [origin, source_id, len(pieces), now()],
    )
    return len(pieces)


class SourceTexts:
    """The texts of documents and evidence sources, read once each, and their names."""

    def __init__(self, reader: LedgerReader) -> None:
        self.reader = reader
        self._texts: dict[tuple[str, str], str] = {}
        self._meta: dict[tuple[str, str], dict[str, Any]] = {}

    def text(self, origin: str, source_id: str) -> str:
        key = (origin, source_id)
        if key not in self._texts:
            self._load(key)
        return self._texts[key]

    def meta(self, origin: str, source_id: str) -> dict[str, Any]:
        key = (origin, source_id)
        if key not in self._meta:
            self._load(key)
        return self._meta[key]

    def _load(self, key: tuple[str, str]) -> None:
        origin, source_id = key
        table = "documents" if origin == "document" else "evidence_sources"
        label = "NULL" if origin == "document" else "label"
        row = self.reader.conn.execute(
            f"SELECT text, source, {label}, published, title FROM {table} WHERE id = ?",
            [source_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no {origin} with id {source_id}")
        self._texts[key] = str(row[0])
        self._meta[key] = {
            "source": row[1],
            "label": row[2],
            "published": row[3],
            "title": row[4],
        }


def store_verdict(
    ledger: Ledger,
    claim_id: int,
    judge: JudgeIdentity,
    judgement: Judgement,
    *,
    passages: int,
    unless_since: str | None = None,
) -> int | None:
    """Append a verdict and its evidence; returns its id. The claim's status is untouched.

    With ``unless_since`` (a time), nothing is stored — and ``None`` returned — when the same
    judge stored a verdict for this claim at or after it: another process of the same run
    got there first (checked under the write lock)."""
    with ledger._write():
        if (
            unless_since is not None
            and ledger.conn.execute(
                "SELECT 1 FROM verdicts WHERE claim_id = ? AND judge = ? AND at >= ?",
                [claim_id, judge.key, unless_since],
            ).fetchone()
        ):
            return None
        cursor = ledger.conn.execute(
            "INSERT INTO verdicts (claim_id, verdict, rationale, judge, backend, model, "
            "prompt_name, prompt_hash, passages, dropped, prompt_tokens, completion_tokens, "
            "cost_usd, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                claim_id,
                judgement.verdict,
                judgement.rationale,
                judge.key,
                judge.backend,
                judge.model,
                judge.prompt_name,
                judge.prompt_hash,
                passages,
                json.dumps(list(judgement.dropped), ensure_ascii=False)
                if judgement.dropped
                else None,
                judgement.prompt_tokens,
                judgement.completion_tokens,
                judgement.cost_usd,
                now(),
            ],
        )
        verdict_id = int(cursor.lastrowid or 0)
        ledger.conn.executemany(
            "INSERT INTO verdict_evidence (verdict_id, position, origin, source_id, start, "
            '"end", text, grounding, score, claimed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    verdict_id,
                    position,
                    c.origin,
                    c.source_id,
                    c.start,
                    c.end,
                    c.text,
                    c.grounding,
                    c.score,
                    c.claimed,
                )
                for position, c in enumerate(judgement.evidence)
            ],
        )
    return verdict_id


def review_verdict(
    ledger: Ledger, verdict_id: int, action: str, *, by: str, note: str | None = None
) -> int:
    """A reviewer accepts or rejects a suggested verdict (accepting sets the claim's status as
    theirs, by the ledger's trigger); returns the review's id."""
    if action not in ("accept", "reject"):
        raise UsageError("a verdict is accepted or rejected: accept or reject")
    if not by.strip():
        raise UsageError("reviewing a verdict needs a reviewer name (--by)")
    with ledger._write():
        if (
            ledger.conn.execute("SELECT 1 FROM verdicts WHERE id = ?", [verdict_id]).fetchone()
            is None
        ):
            raise NotFoundError(f"no verdict with id {verdict_id}")
        cursor = ledger.conn.execute(
            REVIEW_SQL.format(by=":by"),
            {"verdict_id": verdict_id, "action": action, "note": note or "", "by": by},
        )
        return int(cursor.lastrowid or 0)


# The one way a review of a verdict is written, by the library and the review desk alike.
REVIEW_SQL = (
    "INSERT INTO verdict_reviews (verdict_id, action, note, by, at) VALUES "
    "(:verdict_id, :action, nullif(trim(:note), ''), {by}, "
    "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
)

_VERDICT_COLUMNS = (
    "id, claim_id, verdict, rationale, backend, model, prompt_name, prompt_hash, passages, "
    "dropped, prompt_tokens, completion_tokens, cost_usd, at"
)


def verdicts_of(
    conn: sqlite3.Connection, claim_ids: Iterable[int]
) -> dict[int, list[StoredVerdict]]:
    """Every verdict of these claims, oldest first, with its evidence and reviews."""
    ids = sorted(set(claim_ids))
    found: dict[int, list[StoredVerdict]] = {i: [] for i in ids}
    if not ids:
        return found
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(
        f"SELECT {_VERDICT_COLUMNS} FROM verdicts WHERE claim_id IN ({marks}) ORDER BY id", ids
    ).fetchall()
    verdict_ids = [int(r[0]) for r in rows]
    evidence: dict[int, list[Cited]] = {i: [] for i in verdict_ids}
    reviews: dict[int, list[tuple[str, str, str, str | None]]] = {i: [] for i in verdict_ids}
    if verdict_ids:
        vmarks = ", ".join("?" for _ in verdict_ids)
        for row in conn.execute(
            'SELECT verdict_id, origin, source_id, start, "end", text, grounding, score, claimed '
            f"FROM verdict_evidence WHERE verdict_id IN ({vmarks}) ORDER BY verdict_id, position",
            verdict_ids,
        ):
            evidence[int(row[0])].append(Cited(*row[1:]))
        for row in conn.execute(
            "SELECT verdict_id, action, by, at, note FROM verdict_reviews "
            f"WHERE verdict_id IN ({vmarks}) ORDER BY id",
            verdict_ids,
        ):
            reviews[int(row[0])].append((row[1], row[2], row[3], row[4]))
    for row in rows:
        verdict_id = int(row[0])
        found[int(row[1])].append(
            StoredVerdict(
                id=verdict_id,
                claim_id=int(row[1]),
                verdict=str(row[2]),
                rationale=row[3],
                judge=JudgeIdentity(row[4], row[5], row[6], row[7]),
                passages=int(row[8]),
                dropped=tuple(json.loads(row[9])) if row[9] else (),
                prompt_tokens=int(row[10]),
                completion_tokens=int(row[11]),
                cost_usd=float(row[12]),
                at=str(row[13]),
                evidence=tuple(evidence[verdict_id]),
                reviews=tuple(reviews[verdict_id]),
            )
        )
    return found
