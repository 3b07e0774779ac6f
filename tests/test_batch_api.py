"""extract --batch and claimtrack batches, against a local stub of the files and batches
endpoints (tests/batch_stub.py): the same claims as live calls, failures per request,
collection by another process, batch prices."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from batch_stub import BatchStub
from openai_stub import StubServer, document_of, first_sentence_claim

from claimtrack.batch import collect_batches, submit_batch
from claimtrack.cli import cli
from claimtrack.ledger import Ledger
from claimtrack.llm import LLMSettings, OpenAIBackend
from claimtrack.llm.calls import request_hash
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

DOCS = [
    Document(f"Report {i} says {i + 2} ships docked on Monday. More text follows here.", f"d{i}")
    for i in range(5)
]
PRICES = "stub-model: {input: 1.0, output: 2.0, batch_input: 0.5, batch_output: 1.0}\n"


@pytest.fixture
def prices(tmp_path: Path) -> str:
    path = tmp_path / "prices.yaml"
    path.write_text(PRICES)
    return str(path)


def backend(base_url: str, prices: str | None = None, **settings) -> OpenAIBackend:
    options = {"model": "stub-model", "base_url": base_url, "max_retries": 0, "timeout": 5.0}
    return OpenAIBackend(LLMSettings(**options, prices=prices, **settings), api_key="sk-test")


def claims_of(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT c.fingerprint, c.document_id, c.kind, c.claim, c.grounding, c.evidence_start, "
        "c.evidence_end, c.evidence_text, c.extractor FROM claims c ORDER BY c.fingerprint"
    ).fetchall()
    connection.close()
    return rows


def failing_on(marker: str):
    def answer(body):
        if marker in document_of(body):
            return (500, "the model fell over")
        return first_sentence_claim(body)

    return answer


def test_batch_claims_are_those_of_live_calls(tmp_path, prices):
    with StubServer([], default=first_sentence_claim) as live:
        extract_documents(Ledger(tmp_path / "live.db"), DOCS, backend(live.base_url, prices))
    ledger = Ledger(tmp_path / "batch.db")
    with BatchStub(first_sentence_claim, polls=2) as stub:
        chosen = backend(stub.base_url, prices)
        sent = submit_batch(ledger, DOCS, chosen)
        assert len(sent.batches) == 1 and sent.requests == len(DOCS)
        # one JSONL line per chunk, its custom id the request hash the call cache uses
        hashes = {request_hash(chosen.request(d, chosen.chunks(d)[0])) for d in DOCS}
        assert {line["custom_id"] for line in stub.lines} == hashes
        assert all(line["url"] == "/v1/chat/completions" for line in stub.lines)
        assert stub.lines[0]["body"]["tool_choice"]["function"]["name"] == "Extraction"
        assert all(h.get("authorization") == "Bearer sk-test" for h in stub.headers)
        results = collect_batches(ledger, wait=True, poll=0.01)
    assert [r.collected for r in results] == [True]
    assert results[0].summary.documents_done == len(DOCS)
    assert claims_of(tmp_path / "batch.db") == claims_of(tmp_path / "live.db")
    # answers were kept as calls of the sending run, at batch prices; claims reused them
    calls = ledger.conn.execute(
        "SELECT outcome, count(*), sum(cost_usd) FROM llm_calls GROUP BY outcome ORDER BY 1"
    ).fetchall()
    assert calls[0][:2] == ("ok", len(DOCS))
    assert calls[0][2] == pytest.approx(len(DOCS) * (100 * 0.5 + 20 * 1.0) / 1e6)
    assert calls[1][:2] == ("reused", len(DOCS))
    row = ledger.conn.execute("SELECT status, answered, failed, cost_usd FROM batches").fetchone()
    assert row[:3] == ("completed", len(DOCS), 0)
    assert ledger.conn.execute("SELECT cost_usd FROM runs WHERE id = ?", [sent.run_id]).fetchone()[
        0
    ] == pytest.approx(calls[0][2])


def test_failed_requests_fail_their_documents_and_are_sent_again(tmp_path):
    ledger = Ledger(tmp_path / "b.db")
    with BatchStub(failing_on("Report 3 says")) as stub:
        submit_batch(ledger, DOCS, backend(stub.base_url))
        (result,) = collect_batches(ledger, wait=True, poll=0.01)
    assert (result.answered, result.failed) == (4, 1)
    summary = result.summary
    assert (summary.documents_done, summary.documents_failed) == (4, 1)
    assert "HTTP 500: the model fell over" in summary.failures[0]
    assert summary.failures[0].startswith("d3:")
    status = ledger.conn.execute(
        "SELECT status, error FROM extractions WHERE document_id = ?", [DOCS[3].id]
    ).fetchone()
    assert status[0] == "failed" and "not answered by the batch" in status[1]
    # the next batch sends the failed document's request only
    with BatchStub(first_sentence_claim) as stub:
        sent = submit_batch(ledger, DOCS, backend(stub.base_url))
        assert (sent.skipped, sent.requests) == (4, 1)
        (again,) = collect_batches(ledger, wait=True, poll=0.01)
    assert again.summary.documents_done == 1
    assert ledger.conn.execute("SELECT count(*) FROM claims").fetchone() == (5,)


def test_an_expired_batch_keeps_what_it_answered(tmp_path):
    ledger = Ledger(tmp_path / "b.db")
    with BatchStub(first_sentence_claim, end_status="expired", answer_only=2) as stub:
        submit_batch(ledger, DOCS, backend(stub.base_url))
        (result,) = collect_batches(ledger, wait=True, poll=0.01)
    assert (result.status, result.answered, result.failed) == ("expired", 2, 3)
    assert (result.summary.documents_done, result.summary.documents_failed) == (2, 3)
    assert "the batch ended (expired) without an answer" in result.summary.failures[0]


def test_a_failed_batch_fails_its_documents_with_the_reason(tmp_path):
    ledger = Ledger(tmp_path / "b.db")
    with BatchStub(first_sentence_claim, end_status="failed", answer_only=0) as stub:
        submit_batch(ledger, DOCS[:2], backend(stub.base_url))
        (result,) = collect_batches(ledger, wait=True, poll=0.01)
    assert (result.status, result.answered, result.failed) == ("failed", 0, 2)
    assert result.summary.documents_failed == 2
    assert "the batch ended (failed: the input file was refused)" in result.summary.failures[0]


def test_collected_by_another_process_once(tmp_path, runner, monkeypatch):
    """The batch is sent by one command and collected by others, with nothing but the
    ledger; collecting again adds nothing."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for document in DOCS:
        (folder / f"{document.source}.txt").write_text(document.text)
    db = str(tmp_path / "c.db")
    with BatchStub(first_sentence_claim, polls=1) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        sent = runner.invoke(
            cli,
            [
                *("extract", str(folder), "--db", db, "--backend", "openai"),
                *("--model", "stub-model", "--batch", "--no-wait", "--retries", "0"),
            ],
        )
        assert sent.exit_code == 0, sent.output
        assert "1 batch(es) sent, 5 request(s)" in sent.output
        listed = runner.invoke(cli, ["batches", "--db", db])
        assert "batch_" in listed.output and "not collected" in listed.output
        first = runner.invoke(cli, ["batches", "--collect", "--db", db])
        assert "in_progress, not finished yet" in first.output
        second = runner.invoke(cli, ["batches", "--collect", "--db", db, "--json"])
        assert second.exit_code == 0, second.output
        data = json.loads(second.output)
        assert data["checked"][0]["collected"] and data["checked"][0]["run"]["claims_added"] == 5
        third = runner.invoke(cli, ["batches", "--collect", "--db", db, "--json"])
        assert json.loads(third.output)["checked"] == []
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT count(*) FROM claims").fetchone() == (5,)
    assert connection.execute("SELECT count(*) FROM llm_calls WHERE outcome = 'ok'").fetchone() == (
        5,
    )
    connection.close()


def test_batch_needs_the_openai_backend(tmp_path, runner):
    doc = tmp_path / "a.txt"
    doc.write_text("On May 2, 2022, the council approved 40 new buses.")
    result = runner.invoke(
        cli,
        ["extract", str(doc), "--db", str(tmp_path / "c.db"), "--backend", "offline", "--batch"],
    )
    assert result.exit_code == 2 and "--batch sends model calls" in result.output
    capped = runner.invoke(
        cli,
        ["extract", str(doc), "--db", str(tmp_path / "c.db"), "--batch", "--max-cost", "1"],
    )
    assert capped.exit_code == 2 and "not to a batch" in capped.output


def test_chunks_answered_already_are_not_sent(tmp_path):
    """A document whose every chunk was paid for before (a live run that failed to store it,
    say) is extracted from the ledger at once; nothing is sent for it."""
    ledger = Ledger(tmp_path / "b.db")
    with StubServer([], default=first_sentence_claim) as live:
        chosen = backend(live.base_url)
        extract_documents(ledger, DOCS[:2], chosen)
    ledger.conn.execute("DELETE FROM extractions")  # as if never stored: answers remain
    with BatchStub(first_sentence_claim) as stub:
        sent = submit_batch(ledger, DOCS, backend(stub.base_url))
        assert (sent.requests, sent.reused) == (3, 2)
        assert sent.ready is not None and sent.ready.documents_done == 2
        assert sent.ready.calls == 0 and sent.ready.calls_reused == 2
        (result,) = collect_batches(ledger, wait=True, poll=0.01)
    assert result.summary.documents_done == 3


def test_dry_run_of_a_batch_is_at_batch_prices(tmp_path, runner, monkeypatch, prices):
    doc = tmp_path / "a.txt"
    doc.write_text(DOCS[0].text)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    command = ["extract", str(doc), "--db", str(tmp_path / "c.db"), "--model", "stub-model"]
    command += ["--prices", prices, "--dry-run", "--json"]
    live = json.loads(runner.invoke(cli, command).output)
    batch = json.loads(runner.invoke(cli, [*command, "--batch"]).output)
    assert live["prompt_tokens"] == batch["prompt_tokens"] > 0
    assert batch["cost_usd"] == pytest.approx(live["cost_usd"] / 2, rel=1e-3)
