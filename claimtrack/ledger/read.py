"""Typed reads of a ledger, on a read-only connection that any thread or process may open.

Every reader of stored claims — ``claims``, ``show``, export, the review desk, and whatever
tracks or verifies them next — gets ``StoredClaim`` records from here, decoded by the one codec
in ``rows``. Lists come a page at a time by keyset (``after`` the last id seen), with a total,
so that the first page of a million claims costs what the first page of a hundred does; export
streams every claim in constant memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import LedgerError, NotFoundError
from claimtrack.ledger import process
from claimtrack.ledger.connection import LATEST_MIGRATION, open_for_reading, translated
from claimtrack.ledger.search import fts_syntax, speaker_words, speakers_matching

if TYPE_CHECKING:
    from types import ModuleType

    from claimtrack.history import StatusEvent
    from claimtrack.ledger.plain import PlainClaim
    from claimtrack.ledger.rows import RowLike
    from claimtrack.records import Extractor, StoredClaim

_PAGE = 2000  # claims decoded at a time when streaming


def _codec() -> ModuleType:
    """The claim codec, imported on first use (a command that only counts, ``stats``, never
    needs it); the codec loads the typed records (pydantic) only when it decodes one."""
    from claimtrack.ledger import rows

    return rows


def _dict_rows(cursor: sqlite3.Cursor) -> sqlite3.Cursor:
    """The cursor, giving rows that read by column name."""
    cursor.row_factory = sqlite3.Row
    return cursor


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims: every filter given must match. ``document`` is a document id or any of its
    sources; ``speaker`` is a name or part of one (every word of it in the name, in any case);
    ``search`` is full-text, in the syntax of ``claimtrack.ledger.search`` (phrases, ``OR``,
    ``NOT``, ``prefix*``)."""

    kind: str | None = None
    status: str | None = None
    grounding: str | None = None
    document: str | None = None
    speaker: str | None = None
    search: str | None = None
    verdict: str | None = None  # the latest verdict a judge suggested

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("kind", self.kind),
            ("status", self.status),
            ("grounding", self.grounding),
            ("verdict", self.verdict),
        ):
            if value is not None:
                clauses.append(f"c.{column} = ?")
                params.append(value)
        if self.document is not None:
            clauses.append(
                "c.document_id IN (SELECT ? UNION SELECT document_id FROM document_sources "
                "WHERE source = ?)"
            )
            params.extend([self.document, self.document])
        if self.speaker is not None:
            words = speaker_words(self.speaker)
            # by id, like a search: with kind or status also given, SQLite would otherwise
            # walk every claim of that kind (a second at a million claims)
            clauses.append(
                f"c.id IN (SELECT id FROM claims WHERE speaker IN ({speakers_matching(words)}))"
            )
            params.extend(words)
        if self.search:
            clauses.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(fts_syntax(self.search))
        return (" AND ".join(clauses) or "1"), params


@dataclass
class ClaimPage:
    """One page of a filtered list: its claims, how many match in all, and where the next page
    starts (``None`` on the last page)."""

    claims: list[StoredClaim]
    total: int
    next_after: int | None = None
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class LedgerReader:
    """A ledger opened for reading only. Opening one never writes to it (a ledger in a read-only
    folder can be read), but brings an old ledger's schema up to date first when it can."""

    def __init__(self, path: str | Path, *, timeout: float | None = None) -> None:
        self.path = Path(path)
        self.conn = open_for_reading(self.path, timeout=timeout)
        self._check_ledger()
        if self._pending_migrations():
            self.conn.close()
            self._upgrade(timeout)
            self.conn = open_for_reading(self.path, timeout=timeout)

    @classmethod
    def using(cls, connection: sqlite3.Connection, path: str | Path = "") -> LedgerReader:
        """A reader on a connection someone else opened and owns (Datasette's, say): no checks,
        no upgrade; closing the reader does not close it."""
        reader = cls.__new__(cls)
        reader.path = Path(path)
        reader.conn = connection
        reader._owned = False
        return reader

    _owned = True

    def _upgrade(self, timeout: float | None) -> None:
        from claimtrack.ledger.upgrade import upgrade_file

        try:
            upgrade_file(self.path, timeout=timeout)
        except LedgerError as error:
            raise LedgerError(
                f"{self.path}: this ledger needs an upgrade that cannot be written here "
                f"({error}); open it once where it is writable"
            ) from error

    def _check_ledger(self) -> None:
        with translated(self.path):
            tables = {
                row[0]
                for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        if "_claimtrack" not in tables:
            raise LedgerError(
                f"{self.path}: not a claimtrack ledger"
                + (
                    " (a SQLite database with other tables)"
                    if tables
                    else " (an empty database: if an extract is creating it right now, try "
                    "again in a moment)"
                )
            )

    def _pending_migrations(self) -> bool:
        """Whether this claimtrack has a migration the ledger lacks (checked by the latest
        one's name, so that reading never imports the migrations themselves)."""
        with translated(self.path):
            found = self.conn.execute(
                "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'claimtrack' AND name = ?",
                [LATEST_MIGRATION],
            ).fetchall()  # all: a statement left unfinished would keep a read lock open
        return not found

    def close(self) -> None:
        if self._owned:
            self.conn.close()

    def __enter__(self) -> LedgerReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with translated(self.path):
            return _dict_rows(self.conn.cursor()).execute(sql, params).fetchall()

    # -- claims ------------------------------------------------------------------------------

    def count(self, where: ClaimFilter | None = None) -> int:
        clause, params = (where or ClaimFilter()).where()
        with translated(self.path):
            row = self.conn.execute(f"SELECT count(*) FROM claims c WHERE {clause}", params)
            return int(row.fetchone()[0])

    def claims(
        self, where: ClaimFilter | None = None, *, limit: int | None = None, after: int = 0
    ) -> list[StoredClaim]:
        """Claims matching ``where`` in the order they were stored (by id), after id ``after``,
        at most ``limit`` of them."""
        return self._decode(*self._fetch(where, limit, after))

    def _fetch(
        self, where: ClaimFilter | None, limit: int | None, after: int, until: int | None = None
    ) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        """The rows of a page of claims and of their spans, not yet decoded."""
        clause, params = (where or ClaimFilter()).where()
        sql = (
            f"SELECT {_codec().CLAIM_COLUMNS} FROM claims c "
            "JOIN documents d ON d.id = c.document_id "
            f"WHERE {clause} AND c.id > ? AND c.id <= ? ORDER BY c.id"
        )
        params.extend([after, until if until is not None else 2**63 - 1])
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._rows(sql, params)
        return rows, self._span_rows([row["id"] for row in rows])

    def page(
        self, where: ClaimFilter | None = None, *, limit: int = 50, after: int = 0
    ) -> ClaimPage:
        """One page of claims, the total that match, and where the next page starts."""
        found = self.claims(where, limit=limit + 1, after=after)
        more = len(found) > limit
        found = found[:limit]
        total = self.count(where)
        offset = 0
        if after:
            clause, params = (where or ClaimFilter()).where()
            with translated(self.path):
                offset = int(
                    self.conn.execute(
                        f"SELECT count(*) FROM claims c WHERE {clause} AND c.id <= ?",
                        [*params, after],
                    ).fetchone()[0]
                )
        return ClaimPage(found, total, found[-1].id if more and found else None, offset)

    def iter_claims(
        self, where: ClaimFilter | None = None, *, after: int = 0, until: int | None = None
    ) -> Iterator[StoredClaim]:
        """Every matching claim (with an id above ``after`` and up to ``until``), in id order,
        a page at a time: memory stays constant."""
        for rows, spans in self._pages(where, after, until):
            yield from self._decode(rows, spans)

    def iter_json(
        self, *, after: int = 0, until: int | None = None, query: str | None = None
    ) -> Iterator[bytes]:
        """Every claim with an id in ``(after, until]``, in id order, as the UTF-8 JSON of its
        export record, built by SQLite (``rows.record_sql``): what ``export.record`` makes of
        the typed claim, at the speed of one SQL query. ``query``: that SQL, when the caller
        has it already (an export's worker process, which then never loads the typed records
        it would be derived from)."""
        sql = query or _codec().record_sql()
        bounds = {"after": after, "until": until if until is not None else 2**63 - 1}
        with translated(self.path):
            cursor = self.conn.execute(sql, bounds)
            while batch := cursor.fetchmany(1000):
                for (line,) in batch:
                    yield line

    def _pages(
        self, where: ClaimFilter | None, after: int, until: int | None
    ) -> Iterator[tuple[list[sqlite3.Row], list[sqlite3.Row]]]:
        """The rows of every matching claim and of their spans, a page at a time; the next page
        is read from SQLite (which lets go of the interpreter lock while it works) in a second
        thread while the caller works on this one."""
        with ThreadPoolExecutor(max_workers=1) as reader:
            upcoming = reader.submit(self._fetch, where, _PAGE, after, until)
            while True:
                rows, spans = upcoming.result()
                if len(rows) == _PAGE:
                    upcoming = reader.submit(self._fetch, where, _PAGE, rows[-1]["id"], until)
                yield rows, spans
                if len(rows) < _PAGE:
                    return

    def id_range(self) -> tuple[int, int]:
        """The lowest and highest claim id (0, 0 for an empty ledger)."""
        with translated(self.path):
            low, high = self.conn.execute("SELECT min(id), max(id) FROM claims").fetchone()
        return int(low or 0), int(high or 0)

    def claim(self, claim_id: int, *, history: bool = True) -> StoredClaim:
        """One claim, with its spans and (by default) its whole history."""
        found = self.claims_by_ids([claim_id], history=history)
        if not found:
            raise NotFoundError(f"no claim with id {claim_id}")
        return found[0]

    def claims_by_ids(self, ids: Sequence[int], *, history: bool = False) -> list[StoredClaim]:
        """The claims with these ids that exist, in the order given."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        codec = _codec()
        rows = self._rows(
            f"SELECT {codec.CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.document_id "
            f"WHERE c.id IN ({marks})",
            list(ids),
        )
        events: dict[int, list[sqlite3.Row]] | None = None
        if history:
            events = {row["id"]: [] for row in rows}
            for event in self._rows(
                f"SELECT {codec.EVENT_COLUMNS} FROM claim_events WHERE claim_id IN ({marks}) "
                "ORDER BY id",
                list(ids),
            ):
                events[event["claim_id"]].append(event)
        found = self._decode(rows, self._span_rows([row["id"] for row in rows]), events)
        by_id = {claim.id: claim for claim in found}
        return [by_id[i] for i in ids if i in by_id]

    def plain_claim(self, claim_id: int) -> PlainClaim:
        """One claim with its spans and history as plain values (``ledger.plain``), read
        through the codec's plain-value functions: for a reader that shows a claim and needs
        no claim models (``show``), which then never loads pydantic."""
        from claimtrack.ledger.plain import PlainClaim

        codec = _codec()
        rows = self._rows(
            f"SELECT {codec.CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE c.id = ?",
            [claim_id],
        )
        if not rows:
            raise NotFoundError(f"no claim with id {claim_id}")
        spans = sorted(self._span_rows([claim_id]), key=_span_order)
        return PlainClaim(
            values=codec.stored_values(rows[0]),
            fields=codec.kind_fields(rows[0]),
            spans={span["field"]: codec.span_values(span) for span in spans},
            history=tuple(self.history(claim_id)),
        )

    def _span_rows(self, ids: list[int]) -> list[sqlite3.Row]:
        if not ids:
            return []
        columns = _codec().SPAN_COLUMNS
        low, high = min(ids), max(ids)
        if high - low < 4 * len(ids):  # a dense run of ids: one range scan of the span index
            return self._rows(
                f"SELECT {columns} FROM spans WHERE claim_id BETWEEN ? AND ?", [low, high]
            )
        marks = ", ".join("?" for _ in ids)
        return self._rows(f"SELECT {columns} FROM spans WHERE claim_id IN ({marks})", ids)

    def _decode(
        self,
        rows: list[sqlite3.Row],
        span_rows: list[sqlite3.Row],
        events: dict[int, list[sqlite3.Row]] | None = None,
    ) -> list[StoredClaim]:
        codec = _codec()
        spans: dict[int, list[sqlite3.Row]] = {row["id"]: [] for row in rows}
        for span in span_rows:
            found = spans.get(span["claim_id"])
            if found is not None:
                found.append(span)
        return [
            codec.decode_stored(
                row,
                sorted(spans[row["id"]], key=_span_order),
                None if events is None else events.get(row["id"], []),
            )
            for row in rows
        ]

    def history(self, claim_id: int) -> list[StatusEvent]:
        codec = _codec()
        return [
            codec.decode_event(row)
            for row in self._rows(
                f"SELECT {codec.EVENT_COLUMNS} FROM claim_events WHERE claim_id = ? ORDER BY id",
                [claim_id],
            )
        ]

    # -- documents ---------------------------------------------------------------------------

    def document(self, document_id: str) -> dict[str, Any]:
        """A document's row (text included) and every source it was read from."""
        rows = self._rows("SELECT * FROM documents WHERE id = ?", [document_id])
        if not rows:
            raise NotFoundError(f"no document with id {document_id}")
        found = dict(rows[0])
        found["sources"] = self.sources(document_id)
        return found

    def document_text(self, document_id: str) -> str:
        rows = self._rows("SELECT text FROM documents WHERE id = ?", [document_id])
        if not rows:
            raise NotFoundError(f"no document with id {document_id}")
        return str(rows[0]["text"])

    def document_pages(self, document_id: str) -> tuple[int, ...]:
        """Where each page of a document starts in its text (a PDF's); empty when it has none."""
        rows = self._rows("SELECT pages FROM documents WHERE id = ?", [document_id])
        if not rows or not rows[0]["pages"]:
            return ()
        return tuple(int(offset) for offset in json.loads(rows[0]["pages"]))

    def instruction_like(self, claim_ids: Sequence[int]) -> set[int]:
        """Of ``claim_ids``, those whose evidence lies in text that reads as instructions to a
        model (``claims.instruction_like``, ``claimtrack.injection``)."""
        found: set[int] = set()
        ids = list(claim_ids)
        for at in range(0, len(ids), 500):
            batch = ids[at : at + 500]
            marks = ", ".join("?" * len(batch))
            rows = self._rows(
                f"SELECT id FROM claims WHERE instruction_like AND id IN ({marks})", batch
            )
            found.update(int(row[0]) for row in rows)
        return found

    def document_ids(self, named: Sequence[str] = ()) -> list[str]:
        """The ids of the documents ``named`` (each a document id or any source it was read
        from), in the order given; with no names, every document, in the order stored.
        A name that is no document of the ledger is a ``NotFoundError``."""
        if not named:
            return [str(row[0]) for row in self._rows("SELECT id FROM documents ORDER BY rowid")]
        found: list[str] = []
        for name in named:
            rows = self._rows(
                "SELECT ? AS id FROM documents WHERE id = ? "
                "UNION SELECT document_id FROM document_sources WHERE source = ?",
                [name, name, name],
            )
            if not rows:
                raise NotFoundError(f"no document {name!r} in this ledger (an id or a source)")
            found.extend(str(row[0]) for row in rows if str(row[0]) not in found)
        return found

    def sources(self, document_id: str) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in self._rows(
                "SELECT source, title, url, published, run_id, first_seen, format, author, "
                "raw_sha256 FROM document_sources "
                "WHERE document_id = ? ORDER BY first_seen, source",
                [document_id],
            )
        ]

    # -- runs, extractions, calls ------------------------------------------------------------

    def is_done(self, document_id: str, extractor: Extractor) -> bool:
        """Whether ``extractor`` has stored its claims of this document."""
        with translated(self.path):
            return extraction_done(self.conn, document_id, extractor)

    def answer(self, request_hash: str) -> str | None:
        """A successful model answer already paid for with this request hash, if any."""
        with translated(self.path):
            return find_answer(self.conn, request_hash)

    def runs(self) -> list[dict[str, Any]]:
        """Every run, newest first; a run whose process is gone shows as ``interrupted``."""
        found = [dict(row) for row in self._rows("SELECT * FROM runs ORDER BY id DESC")]
        for run in found:
            if run["status"] == "running" and process.is_gone(
                run.get("host"), run.get("pid"), run.get("process_started")
            ):
                run["status"] = "interrupted"
        return found

    def failures(self) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in self._rows(
                "SELECT e.document_id, d.source, e.extractor, e.error, e.at FROM extractions e "
                "JOIN documents d ON d.id = e.document_id WHERE e.status = 'failed'"
            )
        ]

    def stats(self) -> dict[str, Any]:
        """Counts of documents, runs, claims, history events and failures, and of claims by
        kind, status and grounding: those from ``claim_counts``, which triggers keep as claims
        are written (a few rows, where grouping a million claims scans three indexes)."""
        by: dict[str, dict[str, int]] = {"kind": {}, "status": {}, "grounding": {}}
        for facet, value, n in self._rows(
            "SELECT facet, value, n FROM claim_counts WHERE n > 0 ORDER BY facet, n DESC, value"
        ):
            by[facet][str(value)] = int(n)
        counts = {
            table: int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
            for table in ("documents", "document_sources", "runs", "claim_events")
        }
        counts["claims"] = sum(by["kind"].values())
        failed = self._rows("SELECT count(*) FROM extractions WHERE status = 'failed'")[0][0]
        runs: dict[str, int] = {}
        for run in self.runs():
            runs[run["status"]] = runs.get(run["status"], 0) + 1
        return {
            **{table: counts[table] for table in _COUNTED},
            "failed_extractions": int(failed),
            "runs_by_status": runs,
            "by_kind": by["kind"],
            "by_status": by["status"],
            "by_grounding": by["grounding"],
        }


_COUNTED = ("documents", "document_sources", "runs", "claims", "claim_events")


def extraction_done(connection: sqlite3.Connection, document_id: str, extractor: Extractor) -> bool:
    found = connection.execute(
        "SELECT 1 FROM extractions WHERE document_id = ? AND extractor = ? AND status = 'done'",
        [document_id, extractor.key],
    )
    return found.fetchone() is not None


def find_answer(connection: sqlite3.Connection, request_hash: str) -> str | None:
    """The latest successful answer to a request with this hash, if one was paid for."""
    row = connection.execute(
        "SELECT response FROM llm_calls WHERE request_hash = ? AND outcome = 'ok' "
        "AND response IS NOT NULL ORDER BY id DESC LIMIT 1",
        [request_hash],
    ).fetchone()
    return str(row[0]) if row else None


def _span_order(span: RowLike) -> tuple[bool, int, str]:
    return (span["field"] != "evidence", span["start"], span["field"])


def fts_query(search: str) -> str:
    """A user's words as an FTS5 query of quoted terms, so punctuation cannot break it (the
    review desk's search box; ``claims -q`` reads the syntax of ``ledger.search``)."""
    terms = [t.replace('"', '""') for t in search.split()]
    return " ".join(f'"{t}"' for t in terms)
