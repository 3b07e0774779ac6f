"""Offline extraction on Dask workers (a local cluster of processes): the same ledger as a
local run, the same idempotence and failure records."""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cloudpickle
import pytest

from claimtrack.cli import cli
from claimtrack.dask_cluster import dask_executor, extract_on_dask
from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "time-2023-03-east-asia-geopolitics.txt"


class Failing(OfflineExtractor):
    """The offline extractor, with a bug met on documents that say BOOM."""

    def extract(self, document, calls=None):
        if "BOOM" in document.text:
            raise RuntimeError("met a BOOM")
        return super().extract(document, calls)


# Workers cannot import this test module: send the class itself.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def documents() -> list[Document]:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    size = max(1, len(paragraphs) // 8)
    parts = ["\n\n".join(paragraphs[i : i + size]) for i in range(0, len(paragraphs), size)]
    docs = [Document(part, f"part{i:02}.txt") for i, part in enumerate(parts)]
    docs.insert(3, Document("This one says BOOM on March 3, 2023.", "boom.txt"))
    return docs


def stored(path: Path) -> dict[str, object]:
    """What a run stored, without row ids, run ids and times."""
    connection = sqlite3.connect(path)
    columns = [
        r[1]
        for r in connection.execute("PRAGMA table_info(claims)")
        if r[1] not in ("id", "run_id", "extracted_at", "status_at")
    ]
    claims = connection.execute(
        f"SELECT {', '.join(columns)} FROM claims ORDER BY fingerprint"
    ).fetchall()
    spans = connection.execute(
        'SELECT c.fingerprint, s.field, s.start, s."end", s.text, s.grounding, s.score, '
        "s.claimed, s.pieces, s.discrepancies FROM spans s JOIN claims c ON c.id = s.claim_id "
        "ORDER BY 1, 2"
    ).fetchall()
    extractions = connection.execute(
        "SELECT document_id, extractor, status, error, claims FROM extractions ORDER BY 1"
    ).fetchall()
    sources = connection.execute("SELECT document_id, source FROM document_sources ORDER BY 1, 2")
    result = {
        "claims": claims,
        "spans": spans,
        "extractions": extractions,
        "sources": sources.fetchall(),
    }
    connection.close()
    return result


@pytest.fixture(scope="module")
def cluster():
    with dask_executor(workers=2) as (executor, count):
        assert count == 2
        yield executor


def test_claims_from_workers_are_a_local_runs(tmp_path, cluster):
    docs = documents()
    local = Ledger(tmp_path / "local.db")
    expected = extract_documents(local, docs, Failing())
    remote = Ledger(tmp_path / "remote.db")
    summary = extract_documents(remote, docs, Failing(), executor=cluster)
    assert stored(tmp_path / "remote.db") == stored(tmp_path / "local.db")
    assert summary.claims_added == expected.claims_added > 10
    assert (summary.documents_done, summary.documents_failed) == (len(docs) - 1, 1)
    assert summary.failures == expected.failures
    assert "RuntimeError: met a BOOM" in summary.failures[0]
    run = remote.conn.execute(
        "SELECT status, documents_done, documents_failed, claims_added FROM runs"
    ).fetchone()
    assert run == ("finished", len(docs) - 1, 1, summary.claims_added)
    # a second run (the bug fixed: the same extractor identity) extracts the failed document
    # only, and it is done at last
    again = extract_documents(remote, docs, OfflineExtractor(), executor=cluster)
    assert (again.documents_skipped, again.documents_done, again.documents_failed) == (
        len(docs) - 1,
        1,
        0,
    )
    assert remote.conn.execute(
        "SELECT count(*) FROM extractions WHERE status = 'done'"
    ).fetchone() == (len(docs),)
    local.close()
    remote.close()


class Counting(ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.sent: list[str] = []

    def submit(self, fn, /, *args, **kwargs):
        self.sent.append(args[1].source)
        return super().submit(fn, *args, **kwargs)


def test_documents_done_are_skipped_before_sending(tmp_path):
    docs = documents()
    ledger = Ledger(tmp_path / "l.db")
    first = Counting()
    extract_documents(ledger, docs, Failing(), executor=first)
    assert sorted(first.sent) == sorted(d.source for d in docs)
    second = Counting()
    summary = extract_documents(ledger, docs, Failing(), executor=second)
    assert second.sent == ["boom.txt"]  # only the failed document goes again
    assert (summary.documents_skipped, summary.documents_failed, summary.claims_added) == (
        len(docs) - 1,
        1,
        0,
    )
    first.shutdown()
    second.shutdown()
    ledger.close()


def test_cli_workers(tmp_path, runner):
    folder = tmp_path / "docs"
    folder.mkdir()
    for document in documents():
        if "BOOM" not in document.text:
            (folder / document.source).write_text(document.text, encoding="utf-8")
    local = runner.invoke(cli, ["extract", str(folder), "--db", str(tmp_path / "l.db")])
    assert local.exit_code == 0, local.output
    result = runner.invoke(
        cli, ["extract", str(folder), "--db", str(tmp_path / "d.db"), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert stored(tmp_path / "d.db")["claims"] == stored(tmp_path / "l.db")["claims"]
    again = runner.invoke(
        cli, ["extract", str(folder), "--db", str(tmp_path / "d.db"), "--workers", "1", "--json"]
    )
    assert '"documents_skipped": 8' in again.output or '"documents_done": 0' in again.output


def test_cli_refusals(tmp_path, runner, monkeypatch):
    doc = tmp_path / "a.txt"
    doc.write_text("On May 2, 2022, the council approved 40 new buses.")
    db = str(tmp_path / "c.db")
    both = runner.invoke(
        cli, ["extract", str(doc), "--db", db, "--workers", "2", "--scheduler", "tcp://x:1"]
    )
    assert both.exit_code == 2 and "not both" in both.output
    monkeypatch.setitem(sys.modules, "distributed", None)
    missing = runner.invoke(cli, ["extract", str(doc), "--db", db, "--workers", "2"])
    assert missing.exit_code == 2
    assert "pip install 'claimtrack[dask]'" in missing.output
    assert missing.output.count("\n") <= 2


def test_openai_backend_is_refused(tmp_path):
    class Model:
        name = "openai"

    with pytest.raises(Exception, match="offline extractor"):
        extract_on_dask(Ledger(tmp_path / "c.db"), [], Model(), workers=1)  # type: ignore[arg-type]


def test_a_running_cluster_by_its_address(tmp_path):
    """--scheduler: the workers of a cluster started elsewhere (here: a local one, by its
    address)."""
    from distributed import LocalCluster

    docs = documents()[:4]
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as running:
        summary = extract_on_dask(
            Ledger(tmp_path / "r.db"), docs, OfflineExtractor(), scheduler=running.scheduler_address
        )
    local = extract_documents(Ledger(tmp_path / "l.db"), docs, OfflineExtractor())
    assert summary.claims_added == local.claims_added > 0
    assert stored(tmp_path / "r.db") == stored(tmp_path / "l.db")


def test_an_unreachable_scheduler_is_one_line(tmp_path, runner, monkeypatch):
    monkeypatch.setattr("claimtrack.dask_cluster.CONNECT_TIMEOUT", 1.0)
    doc = tmp_path / "a.txt"
    doc.write_text("On May 2, 2022, the council approved 40 new buses.")
    result = runner.invoke(
        cli,
        ["extract", str(doc), "--db", str(tmp_path / "c.db"), "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2, result.output
    assert "cannot start or reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
