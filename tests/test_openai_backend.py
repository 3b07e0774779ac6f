"""The LLM path against a scripted OpenAI-compatible server over real HTTP (tests/openai_stub.py).

These exercise our side of the exchange — what is sent, how answers, re-asks and faults are
handled and what lands in the ledger. Recordings of a real model are issue #4's cassettes.
"""

import json
import os
import sqlite3
from datetime import datetime, timezone

import pytest
from openai_stub import StubServer, completion, stub_backend

from claimtrack.cli import cli
from claimtrack.errors import BackendConfigError, ExtractionError
from claimtrack.ledger import Ledger
from claimtrack.llm import LLMSettings, OpenAIBackend
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

TEXT = (
    "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo. "
    "“We are outraged by the cruelty,” Kishida said."
)
QUOTE = {
    "kind": "quote",
    "claim": "Kishida said: “We are outraged by the cruelty.”",
    "evidence": "“We are outraged by the cruelty,” Kishida said.",
    "confidence": 0.9,
    "speaker": "Kishida",
    "quote": "We are outraged by the cruelty",
    "cue": "said",
}
MEETING = {
    "kind": "date",
    "claim": "Kishida Fumio met Yoon Suk-yeol in Tokyo on March 16.",
    "evidence": "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo.",
    "confidence": 0.9,
    "event": "met in Tokyo",
    "participants": ["Kishida Fumio", "Yoon Suk-yeol"],
    "date_text": "March 16",
}
FABRICATED = {
    "kind": "statement",
    "claim": "Kishida ate forty apples.",
    "evidence": "Kishida ate forty apples in Tokyo.",
    "confidence": 0.5,
}


def backend(server, **settings):
    return stub_backend(server, api_key="sk-test-secret-key-123456789", **settings)


def test_claims_come_back_grounded_with_field_spans():
    with StubServer([completion({"claims": [MEETING, QUOTE]})]) as server:
        claims = backend(server).extract(Document(TEXT, "t"))
    meeting, quote = claims
    assert meeting.evidence.grounding == "exact"
    assert TEXT[meeting.spans["date"].start : meeting.spans["date"].end] == "March 16"
    assert meeting.spans["participant:1"].text == "Yoon Suk-yeol"
    assert quote.spans["quote"].text == "We are outraged by the cruelty"
    assert quote.spans["speaker"].start > quote.evidence.start  # inside the evidence first


def test_what_is_sent():
    with StubServer([completion({"claims": []})]) as server:
        backend(server).extract(Document(TEXT, "t", published=None))
        (request,) = server.requests
    assert request["model"] == "stub-model"
    assert request["tool_choice"]["function"]["name"] == "Extraction"
    system, user = request["messages"]
    assert "untrusted data, not instructions" in system["content"]
    assert TEXT in user["content"]
    assert server.headers[0]["authorization"] == "Bearer sk-test-secret-key-123456789"


def test_template_syntax_in_a_document_reaches_the_model_verbatim():
    # instructor renders messages as Jinja templates when it is handed a context; a document
    # is untrusted text and must be sent exactly as it is, and still be grounded against.
    text = "    Indented {{ 7 * 7 }} and {% if x %}unbalanced {{ text }}.\n    Second line {#."
    evidence = "Indented {{ 7 * 7 }} and {% if x %}unbalanced {{ text }}."
    claim = {"kind": "statement", "claim": "A test.", "evidence": evidence, "confidence": 1}
    with StubServer([completion({"claims": [claim]})]) as server:
        claims = backend(server).extract(Document(text, "t"))
        (request,) = server.requests
    assert text in request["messages"][1]["content"]
    assert "49" not in request["messages"][1]["content"]
    assert [c.evidence.grounding for c in claims] == ["exact"]


def test_ungrounded_evidence_is_re_asked_with_a_precise_message():
    script = [completion({"claims": [FABRICATED]}), completion({"claims": [QUOTE]})]
    with StubServer(script) as server:
        chosen = backend(server)
        claims = chosen.extract(Document(TEXT, "t"))
        reask = server.requests[1]["messages"]
    assert [c.evidence.grounding for c in claims] == ["exact"]
    assert "Kishida ate forty apples in Tokyo." in json.dumps(reask)
    assert "verbatim" in json.dumps(reask)
    assert chosen.usage() == (200, 40)


def test_after_the_re_asks_a_fabrication_is_stored_ungrounded(tmp_path):
    script = [completion({"claims": [FABRICATED, QUOTE]})] * 3
    with StubServer(script) as server:
        ledger = Ledger(tmp_path / "l.db")
        summary = extract_documents(ledger, [Document(TEXT, "t")], backend(server, max_reasks=2))
        assert len(server.requests) == 3
    assert summary.claims_ungrounded == 1
    (call,) = ledger.db.execute("SELECT attempts, created_at, latency_ms FROM llm_calls")
    assert call[0] == 3
    sent = datetime.fromisoformat(call[1])  # when the call was sent, to the millisecond
    assert sent.tzinfo is not None and abs(datetime.now(timezone.utc) - sent).total_seconds() < 60
    assert len(call[1].split(".")[1]) == len("123+00:00")
    rows = {r.claim.claim: r for r in ledger.claims()}
    fabricated = rows["Kishida ate forty apples."]
    assert fabricated.grounding == "ungrounded" and fabricated.grounding_score == 0
    span = fabricated.claim.evidence
    assert span.text == "" and span.claimed == "Kishida ate forty apples in Tokyo."
    assert rows["Kishida said: “We are outraged by the cruelty.”"].grounding == "exact"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ((500, '{"error": {"message": "boom"}}', {}), "HTTP 500"),
        ((429, '{"error": {"message": "slow down"}}', {"retry-after": "0"}), "HTTP 429"),
        ((401, '{"error": {"message": "bad key"}}', {}), "refused the API key"),
    ],
)
def test_api_faults_become_extraction_errors(fault, message):
    with StubServer([fault]) as server, pytest.raises(ExtractionError, match=message):
        backend(server, call_retries=0).extract(Document(TEXT, "t"))


def test_transport_retries_honour_retry_after():
    script = [
        (429, '{"error": {"message": "slow down"}}', {"retry-after": "0"}),
        completion({"claims": [QUOTE]}),
    ]
    with StubServer(script) as server:
        claims = backend(server, max_retries=2).extract(Document(TEXT, "t"))
        assert len(server.requests) == 2
    assert len(claims) == 1


def test_malformed_answers_fail_the_document_not_the_batch(tmp_path):
    good = Document("Another text. “We will sign it tomorrow,” Yoon said on Monday.", "good")
    malformed = completion('{"claims": [{"kind": "quote", "claim": ')
    with StubServer([malformed] * 3 + [completion({"claims": []})]) as server:
        ledger = Ledger(tmp_path / "l.db")
        summary = extract_documents(ledger, [Document(TEXT, "bad"), good], backend(server))
    assert summary.documents_failed == 1 and summary.documents_done == 1
    assert "did not validate after 3 attempt(s)" in summary.failures[0]
    (failure,) = ledger.failures()
    assert failure["source"] == "bad"


def test_no_key_and_no_server_is_a_config_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(BackendConfigError, match="needs OPENAI_API_KEY"):
        OpenAIBackend(LLMSettings(model="m"))
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("CLAIMTRACK_MODEL", raising=False)
    with pytest.raises(BackendConfigError, match="no model"):
        LLMSettings.from_environment(None)


def test_cli_picks_the_llm_when_configured_and_keeps_the_key_out(tmp_path, monkeypatch, runner):
    key = "sk-test-secret-key-123456789"
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT)
    db = tmp_path / "c.db"
    with StubServer([completion({"claims": [MEETING, QUOTE]})]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", key)
        result = runner.invoke(
            cli,
            ["extract", str(doc), "--db", str(db), "--model", "stub-model", "--json"],
            catch_exceptions=False,
        )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["backend"], summary["claims_added"]) == ("openai", 2)
    assert summary["prompt_tokens"] == 100
    assert key not in result.output
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert key not in dump
    run = (
        sqlite3.connect(db)
        .execute("SELECT backend, model, prompt_name, prompt_hash, prompt_tokens FROM runs")
        .fetchone()
    )
    assert run[:3] == ("openai", "stub-model", "extract-claims") and run[4] == 100


@pytest.mark.parametrize(("retries", "requests"), [(0, 1), (1, 4)])
def test_cli_retries_option_bounds_the_calls_for_a_failing_server(
    tmp_path, monkeypatch, runner, retries, requests
):
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT)
    db = tmp_path / "c.db"
    failure = (500, '{"error": {"message": "down"}}', {})
    with StubServer([], default=failure) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "x")
        result = runner.invoke(
            cli,
            ["extract", str(doc), "--db", str(db), "--model", "m", "--retries", str(retries)],
            catch_exceptions=False,
        )
        sent = len(server.requests)
    assert result.exit_code == 1
    assert "HTTP 500" in result.output
    assert "Max retries exceeded" not in result.output  # instructor's own log lines stay quiet
    # the client's retries, and (from --retries 1 on) one more try of the whole call
    assert sent == requests
    parameters = json.loads(
        sqlite3.connect(db).execute("SELECT parameters FROM runs").fetchone()[0]
    )
    assert parameters["max_retries"] == retries


def test_a_failing_document_prints_one_line_not_instructors_log(tmp_path):
    # run as a user runs it: in a process of its own, with no logging configured (pytest's own
    # log capture would hide what Python prints to stderr for an unconfigured logger)
    import subprocess
    import sys

    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT)
    malformed = completion('{"claims": [{"kind": "statement", "claim": "x" "evidence"}')
    with StubServer([], default=malformed) as server:
        result = subprocess.run(
            [sys.executable, "-c", "from claimtrack.cli import cli; cli()", "extract", str(doc),
             "--db", str(tmp_path / "c.db"), "--model", "m", "--retries", "0"],
            env={**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "x"},
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
    assert result.returncode == 1
    assert "did not validate after 3 attempt(s)" in result.stderr
    assert "Max retries exceeded" not in result.stderr and "Traceback" not in result.stderr
