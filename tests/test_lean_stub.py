"""The benchmarks' lean stub server (bench/lean_stub.py, a stub, run as the benches run it): the
client extracts and grounds against it, and it answers what the tests' scripted server
(tests/openai_stub.py) answers, after its latency, in order."""

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimtrack.llm import LLMSettings, OpenAIBackend
from claimtrack.records import Document

ROOT = Path(__file__).resolve().parent.parent
TAG = "document-0123abcd"


@contextmanager
def stub(script: Path, latency: float) -> Iterator[str]:
    """A stub server in a process of its own, as the benchmarks start it; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, str(script), "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait()


def lean(latency: float = 0.0) -> Iterator[str]:
    return stub(ROOT / "bench" / "lean_stub.py", latency)


def request_body(document: str, ensure_ascii: bool) -> bytes:
    """A request as claimtrack's prompt frames a document (the tag named in the system message
    too, as the prompt does), JSON-encoded one way or the other."""
    body = {
        "messages": [
            {"role": "system", "content": f"The document is between <{TAG}> and </{TAG}>."},
            {"role": "user", "content": f"Extract.\n<{TAG}>\n{document}\n</{TAG}>"},
        ],
        "model": "m",
    }
    return json.dumps(body, ensure_ascii=ensure_ascii, separators=(",", ":")).encode()


def post(base_url: str, body: bytes) -> tuple[int, str | None, dict[str, object]]:
    host, port = base_url.removeprefix("http://").removesuffix("/v1").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("POST", "/v1/chat/completions", body, {"content-type": "application/json"})
    answer = connection.getresponse()
    payload = answer.read()
    connection.close()
    assert answer.getheader("content-length") == str(len(payload))
    decoded = json.loads(payload)
    decoded.pop("created", None)
    return answer.status, answer.getheader("content-type"), decoded


def read_answers(connection: socket.socket, count: int) -> list[dict[str, object]]:
    """``count`` HTTP answers off one connection, their bodies decoded."""
    received, answers = b"", []
    while len(answers) < count:
        received += connection.recv(65536)
        while b"\r\n\r\n" in received:
            head, rest = received.split(b"\r\n\r\n", 1)
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            if len(rest) < length:
                break
            assert head.startswith(b"HTTP/1.1 200 OK")
            answers.append(json.loads(rest[:length]))
            received = rest[length:]
    return answers


def test_an_extraction_against_it_is_grounded():
    text = "Report 7 says 9 ships docked on Monday. More text follows here."
    with lean() as base_url:
        backend = OpenAIBackend(LLMSettings(model="m", base_url=base_url, max_retries=0))
        claims = backend.extract(Document(text, "d"))
    assert [claim.claim for claim in claims] == ["Report 7 says 9 ships docked on Monday."]
    assert claims[0].evidence.grounding == "exact"
    assert text[claims[0].evidence.start : claims[0].evidence.end] == claims[0].claim


def test_it_answers_what_the_tests_server_answers():
    documents = [
        "Report 1 says 3 ships docked. More.",
        'Ms "Lee" said the café\\bar costs €3.\tThen she left. Later.',
        "One line only\nand a second line without a full stop",
        "Prices fell... Then rose. End.",
    ]
    with lean() as lean_url, stub(ROOT / "tests" / "openai_stub.py", 0.0) as tests_url:
        for document in documents:
            for ensure_ascii in (True, False):
                body = request_body(document, ensure_ascii)
                assert post(lean_url, body) == post(tests_url, body)
        # no document in the body: an error status, not a made-up answer
        assert post(lean_url, b'{"messages": []}')[0] == 500


def test_answers_leave_after_the_latency_in_order_on_one_connection():
    latency = 0.3
    bodies = [request_body(f"Report {i} says {i} ships docked. More.", True) for i in range(3)]
    with lean(latency) as base_url:
        host, port = base_url.removeprefix("http://").removesuffix("/v1").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            started = time.monotonic()
            connection.sendall(  # pipelined: three requests before any answer
                b"".join(
                    b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                    for body in bodies
                )
            )
            answers = read_answers(connection, 3)
            elapsed = time.monotonic() - started
    assert elapsed >= latency
    arguments = [
        json.loads(answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
        for answer in answers
    ]
    assert [a["claims"][0]["claim"] for a in arguments] == [
        f"Report {i} says {i} ships docked." for i in range(3)
    ]
