"""claimtrack merge: ledgers built elsewhere, merged idempotently, histories kept."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from claimtrack.cli import cli
from claimtrack.errors import LedgerError
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.merge import merge_ledgers
from claimtrack.ledger.reviewers import add_reviewer, revoke_reviewer
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

SHARED = Document(
    "On March 16, 2023, Japan and South Korea agreed to resume talks. "
    '"We will move forward," said Prime Minister Fumio Kishida.',
    "shared.txt",
)
ONLY_A = Document("On May 2, 2022, the council approved 40 new buses for the city.", "a.txt")
ONLY_B = Document("On June 9, 2021, the port handled 12 million tonnes of cargo.", "b.txt")


def build(path: Path, documents: list[Document]) -> Ledger:
    ledger = Ledger(path)
    extract_documents(ledger, documents, OfflineExtractor())
    return ledger


def claim_ids(ledger: Ledger) -> list[int]:
    return [c.id for c in ledger.claims()]


def content(path: Path) -> dict[str, object]:
    """Everything a merge promises, independent of row ids: each claim's content and
    history, documents and their sources, reviewers."""
    with LedgerReader(path) as reader:
        claims = {}
        for stored in reader.claims():
            history = reader.conn.execute(
                "SELECT status, note, by, at FROM claim_events WHERE claim_id = ? "
                "ORDER BY at, status, by, note",
                [stored.id],
            ).fetchall()
            key = reader.conn.execute(
                "SELECT fingerprint FROM claims WHERE id = ?", [stored.id]
            ).fetchone()[0]
            claims[key] = (
                stored.claim.model_dump(mode="json"),
                stored.document_id,
                stored.extractor,
                stored.status,
                sorted(map(tuple, history)),
            )
        sources = reader.conn.execute(
            "SELECT document_id, source FROM document_sources ORDER BY 1, 2"
        ).fetchall()
        documents = reader.conn.execute("SELECT id, text FROM documents ORDER BY id").fetchall()
        reviewers = reader.conn.execute(
            "SELECT name, revoked_at FROM reviewers ORDER BY name"
        ).fetchall()
        runs = reader.conn.execute(
            "SELECT started_at, backend, documents_done FROM runs ORDER BY 1, 2, 3"
        ).fetchall()
    return {
        "claims": claims,
        "sources": sources,
        "documents": documents,
        "reviewers": reviewers,
        "runs": runs,
    }


def dump(path: Path) -> list[object]:
    """Every row of every table the merge writes, ids included."""
    connection = sqlite3.connect(path)
    tables = [
        "documents",
        "document_sources",
        "runs",
        "extractions",
        "claims",
        "spans",
        "claim_events",
        "llm_calls",
        "reviewers",
        "fact_decisions",
    ]
    rows = [connection.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables]
    connection.close()
    return rows


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two ledgers built apart: one document in common, one of their own each, and reviews
    in both (of the shared claims, at different times)."""
    a = build(tmp_path / "a.db", [SHARED, ONLY_A])
    b = build(tmp_path / "b.db", [ONLY_B, Document(SHARED.text, "copy-of-shared.txt")])
    add_reviewer(a, "alice")
    add_reviewer(b, "bob")
    first_a = claim_ids(a)[0]
    (fingerprint,) = a.conn.execute("SELECT fingerprint FROM claims WHERE id = ?", [first_a])
    (first_b,) = b.conn.execute("SELECT id FROM claims WHERE fingerprint = ?", fingerprint)
    first_b = first_b[0]
    a.conn.execute(
        "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
        "(?, 'supported', 'checked the wire', 'alice', '2099-01-01T10:00:00+00:00')",
        [first_a],
    )
    b.conn.execute(
        "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
        "(?, 'refuted', 'wrong date', 'bob', '2099-01-02T10:00:00+00:00')",
        [first_b],
    )
    a.close()
    b.close()
    return tmp_path / "a.db", tmp_path / "b.db"


def test_merge_keeps_one_of_each_and_every_history(pair, tmp_path):
    a, b = pair
    report = merge_ledgers([a, b], tmp_path / "c.db")
    merged = content(tmp_path / "c.db")
    with LedgerReader(a) as ra, LedgerReader(b) as rb:
        a_fingerprints = {r[0] for r in ra.conn.execute("SELECT fingerprint FROM claims")}
        b_fingerprints = {r[0] for r in rb.conn.execute("SELECT fingerprint FROM claims")}
    assert a_fingerprints & b_fingerprints  # the shared document's claims
    assert set(merged["claims"]) == a_fingerprints | b_fingerprints
    assert report.sources[1].claims_known == len(a_fingerprints & b_fingerprints)
    # the shared text is one document with both of its sources
    assert len(merged["documents"]) == 3
    assert (SHARED.id, "copy-of-shared.txt") in merged["sources"]
    assert (SHARED.id, "shared.txt") in merged["sources"]
    # both reviews of the shared claim are kept; its status is the later one (bob's)
    (shared_claim,) = [c for c in merged["claims"].values() if any(e[2] == "alice" for e in c[4])]
    statuses = [(e[0], e[2]) for e in shared_claim[4]]
    assert ("supported", "alice") in statuses and ("refuted", "bob") in statuses
    assert shared_claim[3] == "refuted"
    # each claim's history is the union of its histories in both (an event the same in both,
    # to the second, is one event)
    alone_a, alone_b = content(a)["claims"], content(b)["claims"]
    for fingerprint, (_, _, _, _, history) in merged["claims"].items():
        expected = set(alone_a.get(fingerprint, [[]] * 5)[4]) | set(
            alone_b.get(fingerprint, [[]] * 5)[4]
        )
        assert sorted(history) == sorted(expected)
    assert [r[0] for r in merged["reviewers"]] == ["alice", "bob"]
    assert len(merged["runs"]) == 2


def test_merging_twice_adds_nothing(pair, tmp_path):
    a, b = pair
    target = tmp_path / "c.db"
    merge_ledgers([a, b], target)
    before = dump(target)
    again = merge_ledgers([a, b, a], target)
    assert dump(target) == before
    assert not any(s.added_anything for s in again.sources)
    assert again.sources[0].claims_known > 0


def test_order_of_sources_does_not_change_claims(pair, tmp_path):
    a, b = pair
    merge_ledgers([a, b], tmp_path / "ab.db")
    merge_ledgers([b, a], tmp_path / "ba.db")
    merge_ledgers([a], tmp_path / "step.db")
    merge_ledgers([b], tmp_path / "step.db")
    assert content(tmp_path / "ab.db") == content(tmp_path / "ba.db")
    assert content(tmp_path / "ab.db") == content(tmp_path / "step.db")


def test_merge_into_a_ledger_with_its_own_claims_and_claims_reuse(pair, tmp_path):
    """Merging into a ledger that already holds some of the claims: they are not stored
    twice, and a re-run of the extraction on the merged ledger has nothing to do."""
    a, b = pair
    target = build(tmp_path / "c.db", [SHARED])
    target.close()
    merge_ledgers([a, b], tmp_path / "c.db")
    merged = content(tmp_path / "c.db")
    assert len(merged["runs"]) == 3
    ledger = Ledger(tmp_path / "c.db")
    summary = extract_documents(ledger, [SHARED, ONLY_A, ONLY_B], OfflineExtractor())
    assert (summary.documents_done, summary.documents_skipped) == (0, 3)
    ledger.close()


def test_revoked_reviewer_keeps_their_history(pair, tmp_path):
    _, b = pair
    target = Ledger(tmp_path / "c.db")
    add_reviewer(target, "bob")
    revoke_reviewer(target, "bob")
    target.close()
    merge_ledgers([b], tmp_path / "c.db")
    with LedgerReader(tmp_path / "c.db") as reader:
        events = reader.conn.execute("SELECT by FROM claim_events WHERE by = 'bob'").fetchall()
        assert events == [("bob",)]
        # the guard is back: bob may not record anything new here
        claim = reader.conn.execute("SELECT min(id) FROM claims").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="revoked"):
        connection = sqlite3.connect(tmp_path / "c.db")
        connection.execute(
            "INSERT INTO claim_events (claim_id, status, by, at) VALUES (?, 'supported', "
            "'bob', '2026-02-01')",
            [claim],
        )


def _make_old(path: Path) -> None:
    """Turn a current ledger into one made before reviewers were kept (m006) and runs had an
    origin (m007)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(
        """
        DROP TRIGGER runs_origin; DROP INDEX idx_runs_origin; ALTER TABLE runs DROP COLUMN origin;
        DROP TRIGGER claim_events_not_revoked;
        DROP TABLE reviewers;
        DROP INDEX idx_claims_review; DROP INDEX idx_claims_timeline; DROP INDEX idx_claims_quotes;
        DROP INDEX idx_claims_agreements; DROP INDEX idx_claim_events_reviewed;
        DROP INDEX idx_claims_desk;
        DELETE FROM _sqlite_migrations WHERE name NOT IN
            ('m001_initial', 'm002_llm_calls', 'm003_review_guards',
             'm004_sources_runs_and_lookups', 'm005_facts');
        PRAGMA wal_checkpoint(TRUNCATE);
        PRAGMA journal_mode=delete;
        """
    )
    connection.close()


def test_an_older_read_only_ledger_is_upgraded_in_a_copy(tmp_path):
    """(Run as root, the folder's mode does not stop writes: then the check that the file and
    its folder are unchanged is what holds.)"""
    folder = tmp_path / "ro"
    folder.mkdir()
    old = folder / "old.db"
    build(old, [SHARED, ONLY_A]).close()
    _make_old(old)
    digest = hashlib.sha256(old.read_bytes()).hexdigest()
    folder.chmod(0o555)
    old.chmod(0o444)
    try:
        report = merge_ledgers([old], tmp_path / "c.db")
    finally:
        folder.chmod(0o755)
        old.chmod(0o644)
    assert report.sources[0].upgraded and report.sources[0].claims > 0
    assert hashlib.sha256(old.read_bytes()).hexdigest() == digest  # never written
    assert sorted(os.listdir(folder)) == ["old.db"]


def test_a_bad_source_adds_nothing_of_itself(pair, tmp_path):
    """All or nothing per source: a source whose claim points at text its document does not
    hold is refused, and nothing of it is stored; sources before it stay merged."""
    a, b = pair
    connection = sqlite3.connect(b, isolation_level=None)
    connection.execute(
        "UPDATE spans SET text = 'forged' WHERE rowid = (SELECT max(rowid) FROM spans)"
    )
    connection.close()
    target = tmp_path / "c.db"
    with pytest.raises(LedgerError, match="not its document's text"):
        merge_ledgers([a, b], target)
    assert content(target) == content(a) | {"runs": content(a)["runs"]}
    with LedgerReader(target) as reader:
        assert reader.conn.execute(
            "SELECT count(*) FROM documents WHERE id = ?", [ONLY_B.id]
        ).fetchone() == (0,)


def test_cli_merge_reports_and_refuses_bad_input(pair, tmp_path, runner):
    a, b = pair
    target = tmp_path / "c.db"
    result = runner.invoke(cli, ["merge", str(a), str(b), "--into", str(target)])
    assert result.exit_code == 0, result.output
    assert "new claim(s)" in result.output and "Merged 2 ledger(s)" in result.output
    again = runner.invoke(cli, ["merge", str(a), "--into", str(target), "--json"])
    data = json.loads(again.output)
    assert data["sources"][0]["claims"] == 0 and data["sources"][0]["claims_known"] > 0
    before = dump(target)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all" * 100)
    bad = runner.invoke(cli, ["merge", str(junk), "--into", str(target)])
    assert bad.exit_code == 3
    assert bad.output.count("\n") == 1 and "not a claimtrack ledger" in bad.output
    same = runner.invoke(cli, ["merge", str(target), "--into", str(target)])
    assert same.exit_code == 2
    assert dump(target) == before


def test_paid_answers_travel_with_a_merge(tmp_path):
    """Model calls are merged (once): the merged ledger answers the same requests from them,
    and sends nothing."""
    from openai_stub import StubServer, first_sentence_claim, stub_backend

    docs = [Document(f"Report {i} says {i + 2} ships docked. More.", f"r{i}") for i in range(3)]
    with StubServer([], default=first_sentence_claim) as server:
        extract_documents(Ledger(tmp_path / "a.db"), docs, stub_backend(server))
    merge_ledgers([tmp_path / "a.db"], tmp_path / "c.db")
    merge_ledgers([tmp_path / "a.db"], tmp_path / "c.db")
    target = Ledger(tmp_path / "c.db")
    assert target.conn.execute("SELECT count(*) FROM llm_calls").fetchone() == (3,)
    target.conn.execute("DELETE FROM extractions")  # as if never extracted: answers remain
    with StubServer([]) as server:  # answers nothing
        summary = extract_documents(target, docs, stub_backend(server))
        assert server.requests == []
    assert (summary.documents_done, summary.calls_reused, summary.calls) == (3, 3, 0)
    target.close()
