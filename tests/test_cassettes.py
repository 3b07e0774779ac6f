"""Replays of recorded LLM exchanges (fixtures/cassettes), with the network blocked.

``llama-cpp-smollm2`` was recorded from a real model (SmolLM2-135M-Instruct under llama.cpp's
server, scripts/llama_server.sh); ``scripted-stub`` from the scripted fault server in
tests/openai_stub.py. Both by scripts/record_cassettes.py.
"""

import os
import re
from pathlib import Path

import pytest
import vcr

from claimtrack.errors import ExtractionError
from claimtrack.llm import LLMSettings, OpenAIBackend
from claimtrack.records import Document

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes"
DOCUMENT = (
    "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo. "
    "Kishida said he was \u201coutraged by the cruelty\u201d of the attacks.\n"
)
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens here: only the cassette answers


def replay(folder):
    return vcr.VCR(
        cassette_library_dir=str(CASSETTES / folder),
        record_mode="none",
        match_on=["method", "path", "body"],
    )


def backend(model, **overrides):
    settings = {"max_reasks": 0, "max_retries": 0, "call_retries": 0, **overrides}
    return OpenAIBackend(LLMSettings(model=model, base_url=NOWHERE, **settings), api_key="x")


def test_real_model_answer_cut_off_at_the_token_limit_fails_cleanly():
    chosen = backend("smollm2", max_tokens=96, timeout=300.0)
    with replay("llama-cpp-smollm2").use_cassette("extract_small_document.yaml") as cassette:
        with pytest.raises(ExtractionError, match="did not validate"):
            chosen.extract(Document(DOCUMENT, "cassette"))
        assert cassette.play_count == 1
    assert chosen.usage()[1] == 96  # the model spent its whole budget


def test_real_model_invention_is_re_asked_and_a_broken_answer_fails_the_document(tmp_path):
    # Recorded from SmolLM2 (prompt v2, the document inside its named boundary): it copied the
    # prompt's example ("The Mayor of Riverton...") into its answer, which was not valid JSON (a
    # raw control character inside a string); the re-ask named the JSON error; its second
    # answer was not valid JSON either.
    from claimtrack.ledger import Ledger
    from claimtrack.pipeline import extract_documents

    chosen = backend("smollm2", max_tokens=400, max_reasks=1, timeout=600.0)
    ledger = Ledger(tmp_path / "l.db")
    with replay("llama-cpp-smollm2").use_cassette("extract_with_a_reask.yaml") as cassette:
        summary = extract_documents(ledger, [Document(DOCUMENT, "cassette")], chosen)
        assert cassette.play_count == 2
        reask = cassette.requests[1].body.decode()
    assert "Invalid JSON" in reask and "control character" in reask
    assert "The Mayor of Riverton" in reask  # the invented answer, sent back with the error
    assert summary.documents_failed == 1 and summary.claims_added == 0
    assert "did not validate after 2 attempt(s)" in summary.failures[0]
    (call,) = ledger.db.execute("SELECT outcome, attempts, completion_tokens FROM llm_calls")
    assert call[:2] == ("error", 2) and call[2] > 0
    ledger.close()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("http_429", "HTTP 429"),
        ("http_500", "HTTP 500"),
        ("malformed", "did not validate"),
        ("invalid", "did not validate"),
    ],
)
def test_recorded_faults(name, message):
    cassette = replay("scripted-stub").use_cassette(f"{name}.yaml")
    with cassette, pytest.raises(ExtractionError, match=message):
        backend("stub-model", timeout=10.0).extract(Document(DOCUMENT, "cassette"))


def test_recorded_fabrication_is_kept_ungrounded_and_faithful_answer_grounded():
    with replay("scripted-stub").use_cassette("fabricated.yaml"):
        (invented,) = backend("stub-model", timeout=10.0).extract(Document(DOCUMENT, "c"))
    assert invented.grounding == "ungrounded" and invented.evidence.text == ""
    with replay("scripted-stub").use_cassette("faithful.yaml"):
        (faithful,) = backend("stub-model", timeout=10.0).extract(Document(DOCUMENT, "c"))
    assert faithful.grounding == "exact"
    assert DOCUMENT[faithful.evidence.start : faithful.evidence.end] == faithful.evidence.text


SECRET = re.compile(
    r"(?im)^\s*-?\s*(authorization|api-key|x-api-key|openai-organization|openai-project|cookie|"
    r"set-cookie)\s*:|sk-[A-Za-z0-9_-]{16,}|Bearer\s+\S+|recording-key"
)


def test_no_cassette_carries_a_secret():
    files = list((ROOT / "fixtures").rglob("*.yaml"))
    assert len(files) >= 8
    for path in files:
        assert not SECRET.search(path.read_text()), path


@pytest.mark.skipif(
    not os.environ.get("CLAIMTRACK_LIVE_BASE_URL"),
    reason="live: set CLAIMTRACK_LIVE_BASE_URL (scripts/llama_server.sh start)",
)
def test_live_model_never_gets_fabricated_evidence_stored_as_grounded():
    live = OpenAIBackend(
        LLMSettings(
            model=os.environ.get("CLAIMTRACK_LIVE_MODEL", "smollm2"),
            base_url=os.environ["CLAIMTRACK_LIVE_BASE_URL"],
            max_tokens=300,
            max_reasks=1,
            timeout=600.0,
        ),
        api_key="x",
    )
    try:
        claims = live.extract(Document(DOCUMENT, "live"))
    except ExtractionError as error:
        pytest.skip(f"the live model gave no usable answer: {error}")
    for claim in claims:
        for span in claim.spans.values():
            assert DOCUMENT[span.start : span.end] == span.text
        if claim.grounding != "ungrounded":
            assert claim.evidence.text
