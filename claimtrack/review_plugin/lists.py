"""The desk's other long lists — the timeline, quotes by speaker, agreements by parties — a
page at a time in their own order, each through its own partial index (``m006_reviewers``),
with how many there are and a filter chosen from what the ledger holds."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from claimtrack.review_plugin.keyset import Key, Order, Stream, read_streams

# Dated events: resolved dates in order, then unresolved ones (XXXX-...), then none.
DATE_ORDER_SQL = (
    "(CASE WHEN c.date_value IS NULL THEN 2 WHEN substr(c.date_value, 1, 1) = 'X' THEN 1 "
    "ELSE 0 END)"
)


@dataclass(frozen=True)
class Listing:
    """One list: its claims (``where``), its order and the index that holds it, and the one
    filter it takes (``param``), whose condition is ``filter_where``."""

    name: str
    title: str
    description: str
    where: str
    order: Order
    index: str
    param: str = ""
    param_label: str = ""
    filter_where: str = ""

    def stream(self, value: str) -> Stream:
        if value and self.filter_where:
            return Stream(f"{self.where} AND {self.filter_where}", (value,), self.index)
        return Stream(self.where, (), self.index)


TIMELINE = Listing(
    "timeline",
    "Timeline of dated events",
    "Every dated event in date order; unresolved dates (XXXX-…) and undated ones last. "
    "Give a date (2023, 2023-03…) to start there.",
    "c.kind = 'date'",
    Order((DATE_ORDER_SQL, "coalesce(c.date_value, '')")),
    "idx_claims_timeline",
    param="from",
    param_label="from date",
)
QUOTES = Listing(
    "quotes",
    "Quotes by speaker",
    "Quotes ordered by who said them (no speaker last); choose a speaker to see only theirs.",
    "c.kind = 'quote'",
    Order(("(c.speaker IS NULL)", "coalesce(c.speaker, '')")),
    "idx_claims_quotes",
    param="speaker",
    param_label="speaker",
    filter_where="(c.speaker IS NULL) = 0 AND coalesce(c.speaker, '') = ?",
)
AGREEMENTS = Listing(
    "agreements",
    "Agreements by parties",
    "Agreements ordered by their parties; choose a party to see every agreement it is party to.",
    "c.kind = 'agreement'",
    Order(("coalesce(c.parties, '')",)),
    "idx_claims_agreements",
    param="party",
    param_label="party",
    filter_where="instr(coalesce(c.parties, ''), json_quote(?)) > 0",
)
LISTINGS = {listing.name: listing for listing in (TIMELINE, QUOTES, AGREEMENTS)}


def start_key(listing: Listing, value: str) -> Key | None:
    """Where a list starts when its filter is a position (the timeline's "from date")."""
    if listing is TIMELINE and value:
        return (0, value, 0)
    return None


def keys(
    conn: sqlite3.Connection,
    listing: Listing,
    value: str,
    key: Key | None,
    limit: int,
    *,
    forward: bool = True,
) -> list[Key]:
    stream = listing.stream("" if listing is TIMELINE else value)
    return read_streams(conn, listing.order, [stream], key, limit, forward=forward)


def key_of(conn: sqlite3.Connection, listing: Listing, claim_id: int) -> Key | None:
    row = conn.execute(
        f"SELECT {', '.join(listing.order.keys)}, c.id FROM claims c WHERE c.id = ? "
        f"AND {listing.where}",
        [claim_id],
    ).fetchone()
    return tuple(row) if row else None


def count(conn: sqlite3.Connection, listing: Listing, value: str) -> int:
    stream = listing.stream("" if listing is TIMELINE else value)
    sql = f"SELECT count(*) FROM claims c INDEXED BY {stream.index} WHERE {stream.where}"
    return int(conn.execute(sql, stream.params).fetchone()[0])


def choices(conn: sqlite3.Connection, listing: Listing, limit: int = 500) -> list[str]:
    """Values the list's filter can take: speakers, or the parties named in agreements (read
    by walking the distinct values of the list's index, one seek each)."""
    if listing is QUOTES:
        sql = (
            "WITH RECURSIVE s(v) AS (SELECT min(speaker) FROM claims UNION ALL "
            "SELECT (SELECT min(speaker) FROM claims WHERE speaker > s.v) FROM s "
            "WHERE s.v IS NOT NULL LIMIT ?) SELECT v FROM s WHERE v IS NOT NULL"
        )
        return [str(row[0]) for row in conn.execute(sql, [limit])]
    if listing is AGREEMENTS:
        sql = (
            "WITH RECURSIVE s(v) AS (SELECT min(coalesce(parties, '')) FROM claims "
            f"INDEXED BY {AGREEMENTS.index} WHERE kind = 'agreement' UNION ALL "
            "SELECT (SELECT min(coalesce(parties, '')) FROM claims "
            f"INDEXED BY {AGREEMENTS.index} WHERE kind = 'agreement' "
            "AND coalesce(parties, '') > s.v) FROM s WHERE s.v IS NOT NULL LIMIT ?) "
            "SELECT v FROM s WHERE v IS NOT NULL"
        )
        parties: set[str] = set()
        for (value,) in conn.execute(sql, [limit]):
            parties.update(_parties(value))
        return sorted(parties)
    return []


def _parties(value: Any) -> list[str]:
    try:
        found = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(item) for item in found] if isinstance(found, list) else []


def known(conn: sqlite3.Connection, listing: Listing, value: str) -> bool:
    """Whether a filter value is one the ledger holds (a typo is said so, not answered with
    an empty list)."""
    if not value or listing is TIMELINE:
        return True
    stream = listing.stream(value)
    sql = f"SELECT 1 FROM claims c INDEXED BY {stream.index} WHERE {stream.where} LIMIT 1"
    return conn.execute(sql, stream.params).fetchone() is not None
