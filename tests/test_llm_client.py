"""The call client on its own, asked for a model that is not the extractor's (a judge's verdict),
against the scripted OpenAI-compatible server (tests/openai_stub.py): what is sent, the call's
record, the cache of paid answers, the budget, and faults."""

import json
from typing import Literal

import pytest
from openai_stub import StubServer, completion
from pydantic import BaseModel

from claimtrack.errors import ExtractionError
from claimtrack.llm import CallContext, LLMClient, LLMSettings
from claimtrack.llm.calls import Budget, BudgetExceeded, request_hash
from claimtrack.llm.client import schema_hash, tool_model
from claimtrack.llm.schema import Extraction
from claimtrack.records import CallRecord

CLAIM = "Kishida Fumio met Yoon Suk-yeol in Tokyo on March 16."
MESSAGES = [
    {"role": "system", "content": "You judge whether a source supports a claim."},
    {"role": "user", "content": f"Claim: {CLAIM}\nSource: On March 16, Kishida met Yoon."},
]
VERDICT = {"verdict": "supported", "reason": "The source says so."}


class Verdict(BaseModel):
    """Whether the source supports the claim."""

    verdict: Literal["supported", "refuted", "unclear"]
    reason: str


def client(server, **settings):
    options = {"model": "stub-model", "base_url": server.base_url, "max_retries": 0, **settings}
    return LLMClient(LLMSettings(**options), api_key="sk-test")


def remembering():
    """A CallContext whose paid answers are looked up as the ledger's call log would."""
    paid: dict[str, str] = {}

    def keep(record: CallRecord) -> None:
        if record.outcome in ("ok", "exhausted") and record.response is not None:
            paid[record.request_hash] = record.response

    return CallContext(lookup=paid.get, keep=keep)


def ask(chosen, calls, **overrides):
    options = {
        "grounding_text": None,
        "calls": calls,
        "chunk_start": 0,
        "chunk_end": len(CLAIM),
        "prompt_name": "judge",
        "prompt_hash": "judge-hash",
        **overrides,
    }
    return chosen.ask(MESSAGES, Verdict, **options)


def test_a_second_response_model_is_asked_for_and_recorded():
    calls = CallContext()
    with StubServer([completion(VERDICT, tool="Verdict")]) as server:
        chosen = client(server)
        answer, record = ask(chosen, calls)
        (request,) = server.requests
    assert isinstance(answer, Verdict) and answer.verdict == "supported"
    assert request["messages"] == MESSAGES
    assert request["tool_choice"]["function"]["name"] == "Verdict"
    (tool,) = request["tools"]
    assert set(tool["function"]["parameters"]["properties"]) == {"verdict", "reason"}
    assert calls.records == [record]
    assert (record.outcome, record.attempts, record.error) == ("ok", 1, None)
    assert (record.model, record.prompt_name, record.prompt_hash) == (
        "stub-model",
        "judge",
        "judge-hash",
    )
    assert (record.prompt_tokens, record.completion_tokens) == (100, 20)
    assert json.loads(record.response or "") == VERDICT
    assert record.request_hash == request_hash(chosen.request(MESSAGES, Verdict, "judge-hash"))
    assert chosen.usage() == (100, 20)


def test_a_second_identical_ask_is_answered_from_the_paid_answers():
    calls = remembering()
    with StubServer([completion(VERDICT, tool="Verdict")]) as server:
        chosen = client(server)
        first, paid = ask(chosen, calls)
        second, reused = ask(chosen, calls)
        assert len(server.requests) == 1  # the second never reached the server
    assert isinstance(second, Verdict) and second.model_dump() == first.model_dump()
    assert (reused.outcome, reused.attempts, reused.response) == ("reused", 0, paid.response)
    assert reused.request_hash == paid.request_hash
    assert [r.outcome for r in calls.records] == ["ok", "reused"]
    assert chosen.usage() == (100, 20)  # nothing paid for the reused answer


def test_the_schema_is_part_of_the_request_and_wrapped_once_per_class():
    with StubServer([]) as server:
        chosen = client(server)
        judged = chosen.request(MESSAGES, Verdict, "h")
        extracted = chosen.request(MESSAGES, Extraction, "h")
    assert judged["schema"] == schema_hash(Verdict) != extracted["schema"]
    assert request_hash(judged) != request_hash(extracted)  # never the other model's answer
    assert tool_model(Verdict) is tool_model(Verdict)
    assert tool_model(Verdict) is not tool_model(Extraction)
    assert issubclass(tool_model(Verdict), Verdict)


def test_the_budget_is_reserved_before_sending_and_settled_after(tmp_path):
    prices = tmp_path / "prices.yaml"
    prices.write_text("stub-model: {input: 1000.0, output: 1000.0}\n")
    with StubServer([completion(VERDICT, tool="Verdict")]) as server:
        chosen = client(server, prices=str(prices))
        _, _, estimate = chosen.estimate(MESSAGES)
        broke = CallContext(budget=Budget(limit=estimate / 2))
        with pytest.raises(BudgetExceeded, match="--max-cost"):
            ask(chosen, broke)
        assert server.requests == [] and broke.records == []
        assert broke.budget.exhausted
        calls = CallContext(budget=Budget(limit=estimate * 2))
        _, record = ask(chosen, calls)
    assert record.cost_usd == pytest.approx((100 + 20) * 1000 / 1_000_000)
    assert calls.budget.spent == pytest.approx(record.cost_usd)  # the estimate is settled


def test_a_failed_call_is_recorded_complete_before_the_error_is_raised():
    kept: list[tuple[str, int, int]] = []

    def keep(record: CallRecord) -> None:
        kept.append((record.outcome, record.attempts, record.latency_ms))

    calls = CallContext(keep=keep)
    fault = (500, '{"error": {"message": "boom"}}', {})
    with StubServer([fault]) as server:
        with pytest.raises(ExtractionError, match="HTTP 500") as raised:
            ask(client(server, call_retries=0), calls)
        assert len(server.requests) == 1
    assert raised.value.transient
    (record,) = calls.records
    assert record.outcome == "error" and "HTTP 500" in (record.error or "")
    assert kept == [("error", 1, record.latency_ms)]
    assert record.response is None


def test_an_answer_that_never_fits_the_model_fails_with_the_reason():
    wrong = completion({"verdict": "maybe", "reason": "?"}, tool="Verdict")
    with StubServer([wrong, wrong]) as server:
        with pytest.raises(ExtractionError, match="did not validate after 2 attempt"):
            ask(client(server, max_reasks=1), CallContext())
        assert len(server.requests) == 2


def test_the_key_stays_out_of_the_clients_repr():
    with StubServer([]) as server:
        chosen = client(server)
    assert "sk-test" not in repr(chosen)


def test_a_truncated_answer_is_paid_for_and_counted():
    cut = completion({"verdict": "supported", "reason": "The sou"}, tool="Verdict")
    cut["choices"][0]["finish_reason"] = "length"
    calls = CallContext()
    with StubServer([cut]) as server:
        chosen = client(server, call_retries=0)
        with pytest.raises(ExtractionError, match="cut off at its token limit") as raised:
            ask(chosen, calls)
    assert raised.value.transient
    (record,) = calls.records
    assert (record.outcome, record.attempts) == ("error", 1)
    assert (record.prompt_tokens, record.completion_tokens) == (100, 20)
    assert chosen.usage() == (100, 20)


def test_an_answer_that_is_not_json_is_asked_for_again_unchanged():
    garbled = (200, "<html>proxy error</html>", {})
    with StubServer([garbled, completion(VERDICT, tool="Verdict")]) as server:
        answer, record = ask(client(server, max_reasks=1), CallContext())
        first, second = server.requests
    assert first == second  # sent again as it was (what instructor did)
    assert answer.verdict == "supported" and record.outcome == "ok"
    with StubServer([garbled, garbled]) as server, pytest.raises(ExtractionError) as raised:
        ask(client(server, max_reasks=1), CallContext())
    assert "did not validate after 2 attempt(s)" in str(raised.value)


def test_a_plain_run_imports_neither_openai_nor_instructor(tmp_path):
    import os
    import subprocess
    import sys

    from openai_stub import first_sentence_claim

    (tmp_path / "doc.txt").write_text("Report 1 says 3 ships docked on Monday. More follows.")
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({'openai', 'instructor', 'httpx', 'httpx2'}"
        " & {m.split('.')[0] for m in sys.modules}), file=sys.stderr))\n"
        "from claimtrack.cli import cli\n"
        "cli()\n"
    )
    with StubServer([], default=first_sentence_claim) as server:
        result = subprocess.run(
            [sys.executable, "-c", code, "extract", str(tmp_path / "doc.txt"), "--db",
             str(tmp_path / "c.db"), "--backend", "openai", "--model", "m", "--json"],
            env={**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "x"},
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
        assert len(server.requests) == 1
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims_added"] == 1
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_runs_first_requests_go_out_before_pydantic_is_imported(tmp_path):
    # The main thread readies the first documents' calls from the shipped schemas, the workers
    # send them, and only then is pydantic (with the claim models) imported to read the answers.
    import os
    import subprocess
    import sys

    from openai_stub import first_sentence_claim

    for i in range(6):
        (tmp_path / f"doc{i}.txt").write_text(f"Report {i} says {i + 2} ships docked on Monday.")
    code = (
        "import atexit, http.client, sys\n"
        "import claimtrack.pipeline\n"
        "claimtrack.pipeline._FIRST_CALLS = 60.0  # however busy the machine\n"
        "seen = []\n"
        "request = http.client.HTTPConnection.request\n"
        "def recording(self, *args, **kwargs):\n"
        "    seen.append('pydantic' in sys.modules)\n"
        "    return request(self, *args, **kwargs)\n"
        "http.client.HTTPConnection.request = recording\n"
        "atexit.register(lambda: print(seen, file=sys.stderr))\n"
        "from claimtrack.cli import cli\n"
        "cli()\n"
    )
    with StubServer([], default=first_sentence_claim, delay=0.5) as server:
        result = subprocess.run(
            [sys.executable, "-c", code, "extract", str(tmp_path), "--db", str(tmp_path / "c.db"),
             "--backend", "openai", "--model", "m", "--concurrency", "4", "--json"],
            env={**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "x"},
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims_added"] == 6
    seen = result.stderr.strip().splitlines()[-1]
    assert seen == str([False] * 4 + [True] * 2)


def test_a_call_reads_its_answer_only_once_it_may(tmp_path):
    # CallContext.readable: the request goes out at once, its answer is read once the event is
    # set (a run's first calls wait so while the main thread loads what reading takes).
    import threading
    import time

    readable = threading.Event()
    calls = CallContext(readable=readable)
    with StubServer([completion(VERDICT, tool="Verdict")]) as server:
        chosen = client(server)
        pending = chosen.start(
            MESSAGES,
            Verdict,
            grounding_text=None,
            calls=calls,
            chunk_start=0,
            chunk_end=len(CLAIM),
            prompt_name="judge",
            prompt_hash="judge-hash",
        )
        results = []
        worker = threading.Thread(target=lambda: results.append(pending.result()))
        worker.start()
        assert pending.sent.wait(10)
        for _ in range(100):  # the server has it (and has answered at once)
            if server.requests:
                break
            time.sleep(0.05)
        worker.join(0.3)
        assert worker.is_alive() and not results  # written, not read
        assert len(server.requests) == 1
        readable.set()
        worker.join(10)
    ((answer, record),) = results
    assert answer.verdict == "supported" and record.outcome == "ok"


def test_token_counts_a_server_garbles_count_as_none():
    odd = completion(VERDICT, tool="Verdict")
    odd["usage"] = {"prompt_tokens": "n/a", "completion_tokens": None, "total_tokens": 3}
    with StubServer([odd]) as server:
        answer, record = ask(client(server), CallContext())
    assert answer.verdict == "supported"
    assert (record.prompt_tokens, record.completion_tokens) == (0, 0)
