"""The chunks of one long document in flight together, with the claims of one by one
(claimtrack/llm/extractor.py), against the scripted stub server over real HTTP."""

import time

import pytest
from openai_stub import StubServer, completion, document_of, first_sentence_claim, stub_backend

from claimtrack.errors import ExtractionError
from claimtrack.records import Document

PARAGRAPHS = [
    f"Report {i} says {i + 2} ships docked at the northern harbour on Monday morning. " * 12
    for i in range(6)
]
LONG = "\n\n".join(PARAGRAPHS)


def test_the_chunks_of_a_long_document_are_asked_together_and_read_in_order():
    with StubServer([], default=first_sentence_claim, delay=0.4) as server:
        chosen = stub_backend(server, chunk_tokens=400, concurrency=4)
        chunks = chosen.chunks(Document(LONG, "long"))
        assert len(chunks) >= 3
        started = time.perf_counter()
        claims = chosen.extract(Document(LONG, "long"))
        elapsed = time.perf_counter() - started
        sent = [document_of(body) for body in server.requests]
    assert elapsed < 0.4 * len(chunks) * 0.75  # one after another would take them all
    assert sorted(sent) == sorted(c.text(LONG) for c in chunks)
    starts = [claim.evidence.start for claim in claims]
    assert starts == sorted(starts)  # in chunk order, whatever order the answers came in
    assert all(LONG[c.evidence.start : c.evidence.end] == c.evidence.text for c in claims)


def test_a_failed_chunk_fails_the_document_after_the_others_are_kept():
    def answer(body):
        text = document_of(body)
        if text.startswith("Report 0"):
            return first_sentence_claim(body)
        return (500, '{"error": {"message": "boom"}}', {})

    from claimtrack.llm.calls import CallContext

    calls = CallContext()
    with StubServer([], default=answer) as server:
        chosen = stub_backend(server, chunk_tokens=400, call_retries=0)
        count = len(chosen.chunks(Document(LONG, "long")))
        with pytest.raises(ExtractionError, match="HTTP 500"):
            chosen.extract(Document(LONG, "long"), calls)
    assert len(calls.records) == count  # every call made is kept
    outcomes = [r.outcome for r in calls.records]
    assert "ok" in outcomes and "error" in outcomes


def test_a_one_chunk_document_makes_one_call_in_its_own_thread():
    with StubServer([completion({"claims": []})]) as server:
        chosen = stub_backend(server)
        assert chosen.extract(Document("One short text.", "s")) == []
        assert len(server.requests) == 1
    assert chosen._chunk_pool is None  # no pool for documents of one chunk
