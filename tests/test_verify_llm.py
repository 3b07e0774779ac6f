"""The model judge against the scripted stub server (tests/openai_stub.py: real HTTP, scripted
answers — a stub, not a model): what it is sent, excerpts grounded or dropped, a verdict with
no grounded evidence made not_enough_info, calls kept, paid for once, and costed."""

from __future__ import annotations

import json
import re

import pytest
from openai_stub import StubServer, completion
from test_verify import REPORT, TRANSCRIPT, dated, quote

from claimtrack.ledger import Ledger
from claimtrack.llm.settings import LLMSettings
from claimtrack.records import Document, Extractor
from claimtrack.verify.llm import LLMJudge
from claimtrack.verify.run import verify_claims
from claimtrack.verify.store import SourceTexts, add_evidence, verdicts_of

EXTRACTOR = Extractor("test", "m", "p", "h")


def passages_of(body):
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return re.findall(r"<passage [^>]*>\n(.*?)\n</passage>", user, re.S)


def answer(verdict, excerpts, rationale="Because."):
    payload = {"excerpts": excerpts, "rationale": rationale, "verdict": verdict}
    return completion(payload, tool="JudgeAnswer", prompt_tokens=300, completion_tokens=40)


@pytest.fixture
def ledger(tmp_path):
    opened = Ledger(tmp_path / "j.db")
    run = opened.start_run(EXTRACTOR)
    opened.add_claims(
        Document(REPORT, "report.txt"),
        run,
        EXTRACTOR,
        [
            quote(REPORT, "we will defend the peace of this region together", "Kishida"),
            dated(
                REPORT,
                "Kishida met South Korean President Yoon Suk-yeol in Tokyo to announce a "
                "diplomatic breakthrough",
                "2023-03-16",
                ["Yoon Suk-yeol"],
            ),
        ],
    )
    add_evidence(opened, Document(TRANSCRIPT, "transcript.txt"), "transcript")
    yield opened
    opened.close()


def judge_on(server, ledger, **settings):
    options = {
        "model": "gpt-4o-mini",
        "base_url": server.base_url,
        "max_retries": 0,
        "prompt": "judge-claim",
        "timeout": 5.0,
        **settings,
    }
    return LLMJudge.for_ledger(LLMSettings(**options), ledger)


def test_excerpts_are_grounded_or_dropped_and_calls_are_kept(ledger, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")

    def faithful_but_sloppy(body):
        shown = passages_of(body)
        kishida = next(p for p in shown if "defend the peace" in p)
        # one excerpt copied with other quotes and spacing, one invented
        sloppy = kishida.replace("PRIME MINISTER KISHIDA: ", "").replace(" ", "  ", 1)
        return answer("supported", [sloppy, "Kishida never said anything of the kind."])

    def invented(body):
        return answer("refuted", ["The summit was held on March 18 in Osaka."])

    with StubServer([faithful_but_sloppy, invented]) as server:
        result = verify_claims(ledger, ledger.iter_claims(), judge_on(server, ledger))
        sent = server.requests[0]
    user = next(m["content"] for m in sent["messages"] if m["role"] == "user")
    assert "Claim (quote)" in user and "speaker: Kishida" in user
    assert 'reference="yes"' in user and "report.txt" not in user  # never its own document
    assert "untrusted data" in sent["messages"][0]["content"]
    verdicts = verdicts_of(ledger.conn, [1, 2])
    first, second = verdicts[1][0], verdicts[2][0]
    assert first.verdict == "supported" and len(first.evidence) == 1
    assert first.dropped == ("Kishida never said anything of the kind.",)
    cited = first.evidence[0]
    assert SourceTexts(ledger).text(cited.origin, cited.source_id)[cited.start : cited.end] == (
        cited.text
    )
    assert cited.grounding == "normalized" and cited.claimed  # what the model wrote, kept aside
    assert second.verdict == "not_enough_info" and second.evidence == ()
    assert "the model said refuted" in (second.rationale or "")
    assert first.judge.prompt_name == "judge-claim" and len(first.judge.prompt_hash) == 16
    assert (first.prompt_tokens, first.completion_tokens) == (300, 40)
    assert first.cost_usd > 0
    summary = result.as_dict()
    assert summary["excerpts_dropped"] == 2 and summary["tokens_per_claim"] == 340
    calls = ledger.conn.execute("SELECT outcome, prompt_name FROM llm_calls").fetchall()
    assert calls == [("ok", "judge-claim"), ("ok", "judge-claim")]


def test_the_same_request_is_paid_for_once(ledger, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    reply = answer("not_enough_info", [])
    with StubServer([reply, reply]) as server:
        verify_claims(ledger, ledger.claims_by_ids([1]), judge_on(server, ledger))
        skipped = verify_claims(ledger, ledger.claims_by_ids([1]), judge_on(server, ledger))
        assert (skipped.claims, skipped.skipped) == (0, 1)  # judged: nothing new to show it
        again = verify_claims(
            ledger, ledger.claims_by_ids([1]), judge_on(server, ledger), again=True
        )
        assert len(server.requests) == 1
    assert again.calls_reused == 1 and again.cost_usd == 0
    assert [v.verdict for v in verdicts_of(ledger.conn, [1])[1]] == ["not_enough_info"] * 2


def test_a_failed_call_leaves_no_verdict_and_the_run_goes_on(ledger, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    script = [(500, '{"error": {"message": "down"}}', {}), answer("not_enough_info", [])]
    with StubServer(script) as server:
        result = verify_claims(
            ledger, ledger.iter_claims(), judge_on(server, ledger, call_retries=0)
        )
    assert result.failed == 1 and "HTTP 500" in result.errors[0]
    assert result.claims == 1 and verdicts_of(ledger.conn, [1])[1] == []
    outcomes = [r[0] for r in ledger.conn.execute("SELECT outcome FROM llm_calls ORDER BY id")]
    assert outcomes == ["error", "ok"]


def test_the_key_is_never_stored(ledger, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-judge")
    with StubServer([answer("not_enough_info", [])]) as server:
        verify_claims(ledger, ledger.claims_by_ids([1]), judge_on(server, ledger))
        assert server.headers[0]["authorization"] == "Bearer sk-secret-judge"
    dump = "\n".join(ledger.conn.iterdump())
    assert "sk-secret-judge" not in dump
    assert json.loads(ledger.conn.execute("SELECT response FROM llm_calls").fetchone()[0])
