"""Merging ledgers built elsewhere into one: ``claimtrack merge A.db B.db --into C.db``.

Ledgers made on other machines (a Dask worker's host, a laptop, a colleague's review) come
together here, idempotently: merging a ledger twice adds nothing the second time, and the order
of the sources does not change any claim's content.

- Documents are content-addressed (their id is the hash of their text): one row per text, and
  every source the text was read from is kept.
- Runs are copied with their counts (a run already merged, known by its origin, is found
  again, not copied twice); everything that points at a run points at its new id.
- Claims go through the ledger's one codec (``rows``): decoded from the source's rows and
  encoded again, so a claim's fingerprint (document, extractor, content) is computed as the
  extractor computed it, and a claim already in the target is not stored twice.
- Histories are appended, never overwritten: each status event of the source not already in the
  target (the same claim, status, note, reviewer and time) is appended; a claim two ledgers
  extracted on their own keeps both extraction events (whichever ledger is merged first).
  Events from different ledgers interleave
  in time, so a claim's current status is its latest event *by time*, whatever the order the
  ledgers were merged in — the rule the history trigger applies within one ledger, where the
  event appended last is the latest. Reviewers are added (a name already known keeps its row);
  reviewers' decisions on facts are appended with their claims' new ids. A reviewer revoked
  here does not lose the history they wrote elsewhere before.
- Model calls are copied (not twice), so answers paid for elsewhere are reused here.
- Facts (``claimtrack track``'s tables) are derived from claims and decisions: they are not
  copied; run ``claimtrack track`` on the merged ledger. Batches sent to a provider are
  collected where they were sent, and not copied (their answers, once collected, are calls).

Sources are never written to: each is opened read-only, and one made by an older claimtrack is
copied to a temporary file and brought up to date there. Each source is merged in one
transaction that takes the target's write lock first (``BEGIN IMMEDIATE``): all of it or none.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.errors import LedgerError, UsageError
from claimtrack.ledger.connection import (
    open_for_reading,
    translated,
    write_transaction,
)
from claimtrack.ledger.store import Ledger

# A model call is the same call when it asked the same thing at the same moment with the same
# outcome.
_CALL_IDENTITY = ("request_hash", "created_at", "outcome", "chunk_start", "chunk_end")
_PAGE = 1000  # source claims read at a time


@dataclass
class SourceReport:
    """What merging one source ledger added to the target."""

    source: str
    upgraded: bool = False
    documents: int = 0
    document_sources: int = 0
    runs: int = 0
    claims: int = 0
    claims_known: int = 0
    events: int = 0
    calls: int = 0
    reviewers: int = 0
    decisions: int = 0
    extractions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def added_anything(self) -> bool:
        counts = self.as_dict()
        return any(v for k, v in counts.items() if k not in ("source", "upgraded", "claims_known"))


@dataclass
class MergeReport:
    into: str
    sources: list[SourceReport] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"into": self.into, "sources": [s.as_dict() for s in self.sources]}


def merge_ledgers(sources: Sequence[str | Path], into: str | Path) -> MergeReport:
    """Merge each ledger of ``sources`` into ``into`` (created when missing), one transaction
    per source. A source that cannot be read raises ``LedgerError`` before anything of it is
    written; sources merged before it stay merged."""
    target_path = Path(into)
    paths = [Path(s) for s in sources]
    if not paths:
        raise UsageError("name at least one ledger to merge")
    for path in paths:
        if target_path.exists() and path.exists() and path.resolve() == target_path.resolve():
            raise UsageError(f"{path}: is the ledger merged into; name another --into")
    report = MergeReport(str(target_path))
    with _opened_target(target_path) as target:
        for path in paths:
            with _readable(path) as (source, upgraded):
                item = SourceReport(str(path), upgraded=upgraded)
                # One read transaction on the source: a consistent snapshot of it, even while
                # another process writes to it.
                source.execute("BEGIN")
                with write_transaction(target.conn, target.path):
                    try:
                        _Merge(source, target.conn, item).run()
                    except KeyError as error:  # a row pointing at a run or claim not there
                        raise LedgerError(
                            f"{path}: an inconsistent ledger (a row names {error}, which it "
                            "does not hold); nothing of it was merged"
                        ) from error
                    finally:
                        source.rollback()
                report.sources.append(item)
    return report


@contextmanager
def _opened_target(path: Path) -> Iterator[Ledger]:
    ledger = Ledger(path)
    try:
        yield ledger
    finally:
        ledger.close()


@contextmanager
def _readable(path: Path) -> Iterator[tuple[sqlite3.Connection, bool]]:
    """A read-only connection to a source ledger at the current schema: the file itself, or,
    when it was made by an older claimtrack, an upgraded copy in a temporary folder (the
    source is never written, so a ledger in a read-only folder merges too)."""
    connection = open_for_reading(path)
    try:
        with translated(path):
            current = _schema_state(connection, path)
        if current:
            connection.row_factory = sqlite3.Row
            yield connection, False
            return
        with tempfile.TemporaryDirectory(prefix="claimtrack-merge-") as folder:
            copy = Path(folder) / "upgraded.db"
            with translated(path):
                destination = sqlite3.connect(str(copy))
                try:
                    connection.backup(destination)
                finally:
                    destination.close()
            connection.close()
            from claimtrack.ledger.upgrade import upgrade_file

            upgrade_file(copy)
            upgraded = open_for_reading(copy)
            upgraded.row_factory = sqlite3.Row
            try:
                yield upgraded, True
            finally:
                upgraded.close()
    finally:
        connection.close()


def _schema_state(connection: sqlite3.Connection, path: Path) -> bool:
    """Whether the source's schema is this claimtrack's (False: it needs an upgrade); a file
    that is not a ledger, or one made by a newer claimtrack, is refused."""
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "_claimtrack" not in tables:
        raise LedgerError(f"{path}: not a claimtrack ledger")
    if "_sqlite_migrations" not in tables:
        return False
    applied = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'claimtrack'"
        )
    }
    from claimtrack.ledger.migrations import migrations

    known = {m.name for m in migrations._migrations}
    unknown = sorted(applied - known)
    if unknown:
        raise LedgerError(
            f"{path}: made by a newer claimtrack (migration {unknown[0]}); upgrade claimtrack "
            "to merge it"
        )
    return not known - applied


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


class _Merge:
    """One source merged into the target, inside the target's write transaction."""

    def __init__(
        self, source: sqlite3.Connection, target: sqlite3.Connection, report: SourceReport
    ):
        self.source = source
        self.target = target
        self.report = report
        self.runs: dict[int, int] = {}
        self.claims: dict[int, int] = {}

    def run(self) -> None:
        self._documents()
        self._runs()
        self._document_sources()
        self._extractions()
        self._calls()
        self._claims()
        self._events()
        self._reviewers()
        self._decisions()

    # -- helpers -----------------------------------------------------------------------------

    def _insert(self, table: str, values: dict[str, Any], *, ignore: bool = False) -> int:
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        cursor = self.target.execute(
            f'{verb} INTO "{table}" ({columns}) VALUES ({marks})', list(values.values())
        )
        return cursor.rowcount if ignore else int(cursor.lastrowid or 0)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.source.execute(sql, params)

    def _run_id(self, run_id: int | None) -> int | None:
        return None if run_id is None else self.runs[run_id]

    # -- tables ------------------------------------------------------------------------------

    def _documents(self) -> None:
        for row in self._rows("SELECT * FROM documents ORDER BY id"):
            self.report.documents += self._insert("documents", dict(row), ignore=True)

    def _runs(self) -> None:
        for row in self._rows("SELECT * FROM runs ORDER BY id"):
            values = dict(row)
            found = self.target.execute(
                "SELECT id FROM runs WHERE origin = ?", [values["origin"]]
            ).fetchone()
            if found is not None:
                self.runs[row["id"]] = int(found[0])
                continue
            del values["id"]
            self.runs[row["id"]] = self._insert("runs", values)
            self.report.runs += 1

    def _document_sources(self) -> None:
        for row in self._rows("SELECT * FROM document_sources ORDER BY document_id, source"):
            values = {**dict(row), "run_id": self._run_id(row["run_id"])}
            self.report.document_sources += self._insert("document_sources", values, ignore=True)

    def _extractions(self) -> None:
        """What each extractor did of each document: a document done anywhere is done here; a
        failure is kept only where nothing else is known."""
        for row in self._rows("SELECT * FROM extractions ORDER BY document_id, extractor"):
            values = {**dict(row), "run_id": self._run_id(row["run_id"])}
            columns = ", ".join(values)
            cursor = self.target.execute(
                f"INSERT INTO extractions ({columns}) VALUES ({', '.join('?' for _ in values)}) "
                "ON CONFLICT (document_id, extractor) DO UPDATE SET run_id = excluded.run_id, "
                "status = excluded.status, error = excluded.error, claims = excluded.claims, "
                "at = excluded.at WHERE extractions.status = 'failed' AND excluded.status = 'done'",
                list(values.values()),
            )
            self.report.extractions += cursor.rowcount

    def _calls(self) -> None:
        where = " AND ".join(f"{c} IS ?" for c in _CALL_IDENTITY)
        for row in self._rows("SELECT * FROM llm_calls ORDER BY id"):
            values = dict(row)
            found = self.target.execute(
                f"SELECT 1 FROM llm_calls WHERE {where}", [values[c] for c in _CALL_IDENTITY]
            ).fetchone()
            if found is not None:
                continue
            del values["id"]
            values["run_id"] = self._run_id(values["run_id"])
            self._insert("llm_calls", values)
            self.report.calls += 1

    def _claims(self) -> None:
        """Every claim of the source, through the codec; one already in the target (the same
        fingerprint) is not stored again."""
        from claimtrack.ledger import rows
        from claimtrack.records import Extractor

        texts: dict[str, str] = {}
        after = 0
        while True:
            page = self.source.execute(
                f"SELECT {rows.CLAIM_COLUMNS} FROM claims c JOIN documents d "
                "ON d.id = c.document_id WHERE c.id > ? ORDER BY c.id LIMIT ?",
                [after, _PAGE],
            ).fetchall()
            if not page:
                return
            after = page[-1]["id"]
            spans: dict[int, list[sqlite3.Row]] = {}
            marks = ", ".join("?" for _ in page)
            for span in self.source.execute(
                f"SELECT {rows.SPAN_COLUMNS} FROM spans WHERE claim_id IN ({marks})",
                [r["id"] for r in page],
            ):
                spans.setdefault(span["claim_id"], []).append(span)
            for row in page:
                claim = rows.decode_claim(row, spans.get(row["id"], []))
                backend = str(row["extractor"]).split(":", 1)[0]
                extractor = Extractor(backend, row["model"], row["prompt_name"], row["prompt_hash"])
                if extractor.key != row["extractor"]:
                    raise LedgerError(
                        f"claim {row['id']}: its extractor {row['extractor']!r} cannot be read"
                    )
                document_id = row["document_id"]
                if document_id not in texts:
                    texts.clear()  # one document's text at a time: claims come in id order
                    texts[document_id] = self.target.execute(
                        "SELECT text FROM documents WHERE id = ?", [document_id]
                    ).fetchone()[0]
                for name, span in claim.spans.items():
                    if texts[document_id][span.start : span.end] != span.text:
                        raise LedgerError(
                            f"claim {row['id']}: span {name!r} is not its document's text"
                        )
                values = rows.claim_row(
                    claim,
                    document_id=document_id,
                    run_id=self.runs[row["run_id"]],
                    extractor=extractor,
                    stamp=row["extracted_at"],
                )
                found = self.target.execute(
                    "SELECT id FROM claims WHERE fingerprint = ?", [values["fingerprint"]]
                ).fetchone()
                if found is not None:
                    self.claims[row["id"]] = int(found[0])
                    self.report.claims_known += 1
                    continue
                claim_id = self._insert("claims", values)
                self.claims[row["id"]] = claim_id
                self.target.executemany(
                    f"INSERT INTO spans ({rows.SPAN_COLUMNS}) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.span_rows(claim_id, claim),
                )
                self.report.claims += 1

    def _events(self) -> None:
        """The source's history, appended where it is missing; each claim's current status
        then follows its latest event by time."""
        guard = self.target.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = "
            "'claim_events_not_revoked'"
        ).fetchone()
        if guard is not None:
            # A revoked reviewer may not record new statuses; what they recorded before, in
            # another ledger, is history and is kept. Dropped and made again from its own SQL,
            # inside this transaction: no other connection ever sees the ledger without it.
            self.target.execute("DROP TRIGGER claim_events_not_revoked")
        changed: set[int] = set()
        for row in self._rows("SELECT * FROM claim_events ORDER BY claim_id, id"):
            claim_id = self.claims[row["claim_id"]]
            found = self.target.execute(
                "SELECT 1 FROM claim_events WHERE claim_id = ? AND status = ? AND note IS ? "
                "AND by = ? AND at = ?",
                [claim_id, row["status"], row["note"], row["by"], row["at"]],
            ).fetchone()
            if found is not None:
                continue
            self.target.execute(
                "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES (?, ?, ?, ?, ?)",
                [claim_id, row["status"], row["note"], row["by"], row["at"]],
            )
            changed.add(claim_id)
            self.report.events += 1
        if guard is not None:
            self.target.execute(guard[0])
        for claim_id in sorted(changed):
            self.target.execute(
                "UPDATE claims SET (status, status_at) = (SELECT status, at FROM claim_events "
                "WHERE claim_id = :id ORDER BY at DESC, status DESC, by DESC, "
                "coalesce(note, '') DESC LIMIT 1) WHERE id = :id",
                {"id": claim_id},
            )

    def _reviewers(self) -> None:
        if not self._has_table("reviewers"):
            return
        for row in self._rows("SELECT * FROM reviewers ORDER BY name"):
            self.report.reviewers += self._insert("reviewers", dict(row), ignore=True)

    def _decisions(self) -> None:
        """Reviewers' decisions on facts, with their claims' ids in the target. The facts and
        conflicts they named are the source's (derived, not copied): those ids are left out."""
        if not self._has_table("fact_decisions"):
            return
        for row in self._rows("SELECT * FROM fact_decisions ORDER BY id"):
            values = dict(row)
            del values["id"]
            values.update(fact_id=None, other_fact_id=None, conflict_id=None)
            for column in ("claim_id", "other_claim_id"):
                if values[column] is not None:
                    values[column] = self.claims[values[column]]
            if values["claims"]:
                values["claims"] = json.dumps(
                    sorted(self.claims[c] for c in json.loads(values["claims"]))
                )
            where = " AND ".join(f'"{c}" IS ?' for c in values)
            if self.target.execute(
                f"SELECT 1 FROM fact_decisions WHERE {where}", list(values.values())
            ).fetchone():
                continue
            self._insert("fact_decisions", values)
            self.report.decisions += 1

    def _has_table(self, name: str) -> bool:
        return bool(
            self.source.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
            ).fetchone()
        )
