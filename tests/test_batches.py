"""LLM batches: concurrency, reuse of paid answers, budgets, dry runs (scripted local server)."""

import json
import sqlite3

from openai_stub import StubServer, completion, first_sentence_claim, stub_backend

from claimtrack.cli import cli
from claimtrack.ledger import Ledger
from claimtrack.pipeline import RunOptions, extract_documents
from claimtrack.records import Document

DOCS = [
    Document(f"Report {i} says {i + 2} ships docked on Monday. More text follows here.", f"doc{i}")
    for i in range(12)
]


def backend(server, **settings):
    return stub_backend(server, api_key="sk-test", **settings)


def test_concurrent_batch_stores_everything_once(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    with StubServer([], default=first_sentence_claim, delay=0.05) as server:
        summary = extract_documents(
            ledger, DOCS, backend(server), options=RunOptions(concurrency=6)
        )
        assert len(server.requests) == len(DOCS)
    assert (summary.documents_done, summary.claims_added, summary.calls) == (12, 12, 12)
    rows = ledger.db.execute("SELECT outcome, count(*) FROM llm_calls GROUP BY outcome").fetchall()
    assert rows == [("ok", 12)]
    for row in ledger.claims():
        assert row.grounding == "exact"
    assert ledger.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_paid_answer_is_never_paid_for_twice(tmp_path):
    text = "First part of the story. " * 30 + "\n\n" + "Second part with 7 facts. " * 30
    document = Document(text, "long")
    ledger = Ledger(tmp_path / "my ledger #1?.db")  # a path that is not a plain URI
    settings = {"chunk_tokens": 200, "overlap_tokens": 25}
    with StubServer([first_sentence_claim, (500, '{"error": {"message": "down"}}', {})]) as s:
        first = extract_documents(ledger, [document], backend(s, **settings))
    # its three chunks are asked for together: one answer, two failures, all three kept
    assert first.documents_failed == 1 and first.calls == 3
    with StubServer([], default=first_sentence_claim) as server:
        second = extract_documents(ledger, [document], backend(server, **settings))
        sent = len(server.requests)
    assert second.documents_done == 1
    assert second.calls_reused == 1 and second.calls == sent >= 1  # only what was missing
    with StubServer([]) as server:
        third = extract_documents(ledger, [document], backend(server, **settings))
        assert server.requests == []
    assert (third.documents_skipped, third.calls) == (1, 0)


def test_budget_stops_before_spending_and_leaves_the_rest(tmp_path):
    prices = tmp_path / "prices.yaml"
    prices.write_text("stub-model: {input: 1000.0, output: 1000.0}\n")
    ledger = Ledger(tmp_path / "l.db")
    with StubServer([], default=first_sentence_claim) as server:
        summary = extract_documents(
            ledger,
            DOCS[:4],
            backend(server, prices=str(prices)),
            options=RunOptions(concurrency=1, max_cost=0.5),
        )
        assert len(server.requests) <= 1
    assert summary.budget_stop and "--max-cost" in summary.budget_stop
    assert summary.documents_left >= 3 and not summary.ok
    assert summary.cost_usd <= 0.5 + 1e-9 or summary.calls <= 1
    assert ledger.failures() == []  # left, not failed


def test_a_budget_spent_by_the_first_documents_leaves_the_others(tmp_path):
    # The first documents' calls are readied (their estimates reserved) one after the other by
    # the run's main thread: the budget stops exactly where it runs out, before sending.
    prices = tmp_path / "prices.yaml"
    prices.write_text("stub-model: {input: 1000.0, output: 1000.0}\n")
    ledger = Ledger(tmp_path / "l.db")
    with StubServer([], default=first_sentence_claim, delay=0.05) as server:
        chosen = backend(server, prices=str(prices))
        (call,) = chosen.planned_calls(DOCS[0])
        summary = extract_documents(
            ledger,
            DOCS[:6],
            chosen,
            options=RunOptions(concurrency=4, max_cost=2.5 * call.cost_usd),
        )
        assert len(server.requests) == 2
    assert summary.budget_stop and "--max-cost" in summary.budget_stop
    assert (summary.documents_done, summary.documents_left, summary.calls) == (2, 4, 2)
    assert ledger.failures() == []


def test_drop_ungrounded(tmp_path):
    fabricated = {
        "kind": "statement",
        "claim": "Made up.",
        "confidence": 0.4,
        "evidence": "Nothing like this is written anywhere in the text.",
    }
    answer = completion({"claims": [fabricated]})
    ledger = Ledger(tmp_path / "l.db")
    with StubServer([answer] * 3) as server:
        summary = extract_documents(
            ledger, DOCS[:1], backend(server), options=RunOptions(drop_ungrounded=True)
        )
    assert (summary.claims_ungrounded, summary.claims_dropped, summary.claims_added) == (1, 1, 0)
    assert summary.reasks == 2


def test_dry_run_sends_nothing_and_estimates(tmp_path, runner, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    for document in DOCS[:3]:
        (folder / f"{document.source}.txt").write_text(document.text)
    (folder / "broken.txt").write_bytes(b"\xff\xfe not text")
    with StubServer([]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        result = runner.invoke(
            cli,
            [
                "extract",
                str(folder),
                "--db",
                str(tmp_path / "c.db"),
                "--model",
                "gpt-4o-mini",
                "--dry-run",
                "--json",
            ],
            catch_exceptions=False,
        )
        assert server.requests == []
    data = json.loads(result.stdout)
    assert (data["documents"], data["calls"]) == (3, 3)
    # A document that cannot be read is reported by a dry run as by a real one.
    assert result.exit_code == 1 and data["documents_failed"] == 1
    assert "broken.txt: not valid UTF-8" in data["errors"][0]
    assert data["prompt_tokens"] > 0 and data["cost_usd"] > 0
    runs = sqlite3.connect(tmp_path / "c.db").execute("SELECT count(*) FROM runs").fetchone()
    assert runs == (0,)


def test_thirty_percent_faults_then_a_second_and_third_run(tmp_path, runner, monkeypatch):
    """The issue's acceptance scenario, smaller: every document ends with claims or a recorded
    failure; a second run finishes the rest without duplicates; a third makes no call."""
    from openai_stub import Faults

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(40):
        (folder / f"d{i:02}.txt").write_text(
            f"Report {i} says {i + 2} ships docked on Monday. More text follows here."
        )
    db = tmp_path / "c.db"
    args = [
        "extract",
        str(folder),
        "--db",
        str(db),
        "--backend",
        "openai",
        "--model",
        "m",
        "--concurrency",
        "8",
        "--timeout",
        "1",
        "--json",
    ]
    faults = Faults(rate=0.3, seed=3)
    with StubServer([], default=faults) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "x")
        first = runner.invoke(cli, args, catch_exceptions=False)
        done_first = json.loads(first.stdout)
        second = json.loads(runner.invoke(cli, args, catch_exceptions=False).stdout)
        calls_before_third = len(server.requests)
        third = json.loads(runner.invoke(cli, args, catch_exceptions=False).stdout)
        assert len(server.requests) == calls_before_third
    assert sum(faults.counts.get(k, 0) for k in Faults.KINDS) > 5
    connection = sqlite3.connect(db)
    assert done_first["documents_done"] + done_first["documents_failed"] == 40
    # After the second run every document is done: nothing is left failed in the ledger.
    assert done_first["documents_done"] + second["documents_done"] == 40
    failed = connection.execute("SELECT count(*) FROM extractions WHERE status = 'failed'")
    assert failed.fetchone() == (0,)
    assert third["calls"] == 0 and third["documents_skipped"] == 40
    duplicates = connection.execute(
        "SELECT count(*) FROM (SELECT document_id, evidence_start, count(*) AS n FROM claims "
        "WHERE grounding != 'ungrounded' GROUP BY document_id, evidence_start HAVING n > 1)"
    ).fetchone()
    assert duplicates == (0,)
    invented = connection.execute(
        "SELECT grounding FROM claims WHERE claim = 'Invented.'"
    ).fetchall()
    assert all(row == ("ungrounded",) for row in invented)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_killed_llm_batch_pays_for_no_answer_twice(tmp_path):
    """kill -9 in the middle of a batch: every answer that arrived is in the ledger, and the
    next run pays only for the documents whose answer never arrived."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(60):
        (folder / f"d{number:02}.txt").write_text(
            f"Report {number} says {number + 2} ships docked on Monday. More text follows."
        )
    db = tmp_path / "c.db"
    command = [sys.executable, "-m", "claimtrack.cli", "extract", str(folder), "--db", str(db)]
    options = ["--backend", "openai", "--model", "stub-model", "--concurrency", "8"]
    with StubServer([], default=first_sentence_claim, delay=0.1) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test"}
        process = subprocess.Popen([*command, *options], env=env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(server.requests) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        time.sleep(0.3)  # answers already on their way are not read by anyone
        paid_first = len(server.requests)
        # A reader left open elsewhere while the batch is re-run (a sqlite3 shell, Datasette):
        # its statement is never finished, so it keeps its read lock through the next run.
        look = sqlite3.connect(db)
        kept = look.execute("SELECT count(*) FROM llm_calls WHERE outcome = 'ok'").fetchone()[0]
        assert paid_first >= 20 and paid_first - kept <= 8  # at most the calls in flight
        rerun = subprocess.run(
            [*command, *options, "--json"], env=env, capture_output=True, text=True, timeout=120
        )
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        paid_second = len(server.requests) - paid_first
    assert paid_second == 60 - kept  # every answer kept was reused, none paid again
    summary = json.loads(rerun.stdout)
    assert summary["documents_done"] + summary["documents_skipped"] == 60
    ledger = sqlite3.connect(db)
    assert ledger.execute("SELECT count(DISTINCT document_id) FROM claims").fetchone() == (60,)
    assert ledger.execute("SELECT status FROM runs ORDER BY id").fetchall() == [
        ("interrupted",),
        ("finished",),
    ]
    assert ledger.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    look.close()
