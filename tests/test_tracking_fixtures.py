"""Shared by the tracking tests (no tests here): a news story, its copies (exact,
syndicated, with one planted change) and a re-report quoting it, extracted with the offline
extractor into a ledger."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

BASE = """Norland and Estavia sign fisheries pact

Stockholm — Norland and Estavia signed a fisheries agreement on March 16, 2024, ending two \
years of talks over quotas in the northern sea.

“This agreement opens a new chapter for both our peoples, and we will review it every two \
years,” said Foreign Minister Anna Berg at a press conference in Stockholm.

Exports of fish from Norland rose 12 percent in 2023, to $4.5 billion, according to the \
national statistics office.

Critics were unconvinced. “The pact was negotiated behind closed doors and ignores our \
fishermen,” said Tomas Lind, a former finance minister.
"""

SYNDICATED = BASE + "\nThis story was distributed by the Morning Wire. All rights reserved.\n"

REREPORT = """Fisheries deal draws praise and criticism

Ministers in both capitals welcomed the deal on Monday. Anna Berg said the accord “opens a \
new chapter for both our peoples.”

Opposition politicians have promised to fight the deal in parliament. “The pact was \
negotiated behind closed doors, and ignores our fishermen,” Lind said.
"""


def document(text: str, source: str, published: date | None = date(2024, 3, 18)) -> Document:
    return Document(text=text, source=source, published=published)


def planted(old: str, new: str, source: str = "planted.txt") -> Document:
    assert old in BASE
    return document(BASE.replace(old, new, 1), source)


def extract(ledger: Ledger, *documents: Document) -> list[int]:
    """Extract documents into the ledger; the ids of the new claims."""
    before = {r[0] for r in ledger.conn.execute("SELECT id FROM claims")}
    extract_documents(ledger, list(documents), OfflineExtractor())
    return sorted(r[0] for r in ledger.conn.execute("SELECT id FROM claims") if r[0] not in before)


def claim_key(ledger: Ledger, claim_id: int) -> tuple[str, int, str]:
    """A claim by its content: document, place, kind and text (ids differ between ledgers)."""
    row = ledger.conn.execute(
        "SELECT document_id, evidence_start, kind || ':' || claim FROM claims WHERE id = ?",
        [claim_id],
    ).fetchone()
    return (row[0], row[1], row[2])


def facts_by_content(ledger: Ledger) -> set[frozenset[tuple[str, int, str]]]:
    facts: dict[int, set[tuple[str, int, str]]] = defaultdict(set)
    for fact, claim in ledger.conn.execute("SELECT fact_id, claim_id FROM fact_claims"):
        facts[fact].add(claim_key(ledger, claim))
    return {frozenset(found) for found in facts.values()}


def conflicts_by_content(ledger: Ledger) -> set[tuple[Any, ...]]:
    return {
        (kind, field, claim_key(ledger, a), claim_key(ledger, b), va, vb)
        for kind, field, a, b, va, vb in ledger.conn.execute(
            "SELECT kind, field, claim_a, claim_b, value_a, value_b FROM conflicts"
        )
    }


def snapshot(ledger: Ledger) -> dict[str, list[Any]]:
    """Every tracking table, as rows."""
    tables = (
        "facts",
        "fact_claims",
        "fact_nodes",
        "fact_edges",
        "conflicts",
        "document_groups",
        "document_bands",
        "fact_decisions",
        "fact_state",
    )
    return {t: ledger.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def fact_of(ledger: Ledger, speaker: str, words: str) -> int:
    """The fact of the quote claim of ``speaker`` holding ``words``."""
    row = ledger.conn.execute(
        "SELECT f.fact_id FROM fact_claims f JOIN claims c ON c.id = f.claim_id "
        "WHERE c.kind = 'quote' AND c.speaker = ? AND c.quote LIKE ?",
        [speaker, f"%{words}%"],
    ).fetchone()
    return int(row[0])
