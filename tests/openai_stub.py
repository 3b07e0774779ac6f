"""A small scripted OpenAI-compatible server for tests: real HTTP on 127.0.0.1.

Each request to ``/v1/chat/completions`` is answered by the next entry of a script: a payload
for the tool call (a dict), an ``(status, body, headers)`` tuple for faults, or a callable
taking the request body. Requests are kept so tests can assert on what was sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = dict[str, Any] | tuple[int, str, dict[str, str]] | Callable[[dict[str, Any]], Any]


def completion(
    arguments: dict[str, Any] | str,
    *,
    model: str = "stub-model",
    tool: str = "Extraction",
    prompt_tokens: int = 100,
    completion_tokens: int = 20,
) -> dict[str, Any]:
    """A chat completion whose one tool call carries ``arguments``."""
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {
                                "name": tool,
                                "arguments": arguments
                                if isinstance(arguments, str)
                                else json.dumps(arguments),
                            },
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def document_of(body: dict[str, Any]) -> str:
    """The document text a claimtrack prompt carries (in its user message, between the tags
    of its boundary; a re-ask adds messages after it)."""
    for message in body["messages"]:
        content = message.get("content") or ""
        # (``<document>`` alone: the prompt before its tags were named, as benchmarks of older
        # checkouts send it)
        found = re.search(r"\n<(document(?:-[0-9a-f]+)?)>\n(.*)\n</\1>", content, re.DOTALL)
        if message["role"] == "user" and found:
            return found.group(2)
    raise ValueError("no document in the request")


def first_sentence_claim(body: dict[str, Any]) -> dict[str, Any]:
    """A faithful answer: the document's first sentence as a statement claim."""
    text = document_of(body)
    sentence = text.split(". ")[0].rstrip(".") + "."
    return completion(
        {
            "claims": [
                {"kind": "statement", "claim": sentence, "evidence": sentence, "confidence": 0.8}
            ]
        }
    )


class StubServer:
    def __init__(
        self, script: list[Answer], *, default: Answer | None = None, delay: float = 0.0
    ) -> None:
        self.script = list(script)
        self.default = default
        self.delay = delay
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.paths: list[str] = []  # with their query strings
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                received = time.perf_counter()
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with stub.lock:
                    stub.times.append(time.perf_counter())
                    stub.requests.append(body)
                    stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                    stub.paths.append(self.path)
                    if stub.script:
                        answer: Any = stub.script.pop(0)
                    else:
                        answer = stub.default or (500, "script ran out", {})
                if callable(answer):
                    answer = answer(body)
                if isinstance(answer, tuple):
                    status, text, headers = answer
                    payload = text.encode()
                else:
                    status, headers = 200, {}
                    payload = json.dumps(answer).encode()
                if stub.delay:  # the answer goes out `delay` after the request came in
                    time.sleep(max(0.0, stub.delay - (time.perf_counter() - received)))
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def stub_backend(server: StubServer, api_key: str = "sk-test", **settings: Any) -> Any:
    """claimtrack's LLM backend pointed at ``server``, without transport retries."""
    from claimtrack.llm import LLMSettings, OpenAIBackend

    options = {
        "model": "stub-model",
        "base_url": server.base_url,
        "max_retries": 0,
        "timeout": 5.0,
        **settings,
    }
    return OpenAIBackend(LLMSettings(**options), api_key=api_key)


class Faults:
    """Answers with a fault in ``rate`` of calls, the rest faithfully (thread-safe, seeded).

    Faults: 429 with Retry-After, 500, a timeout (answer later than the client waits),
    malformed JSON, a truncated answer, a schema-invalid answer, and fabricated evidence.
    """

    KINDS = ("429", "500", "timeout", "malformed", "truncated", "invalid", "fabricated")

    def __init__(self, rate: float = 0.3, seed: int = 1, timeout_sleep: float = 1.5) -> None:
        import random

        self.random = random.Random(seed)
        self.rate = rate
        self.timeout_sleep = timeout_sleep
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def __call__(self, body: dict[str, Any]) -> Any:
        with self.lock:
            kind = self.random.choice(self.KINDS) if self.random.random() < self.rate else "ok"
            self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind == "429":
            return (429, '{"error": {"message": "slow down"}}', {"retry-after": "0"})
        if kind == "500":
            return (500, '{"error": {"message": "internal error"}}', {})
        if kind == "timeout":
            time.sleep(self.timeout_sleep)
            return first_sentence_claim(body)
        if kind == "malformed":
            return completion('{"claims": [{"kind": "statement", "claim": "x" "evidence"}')
        if kind == "truncated":
            answer = completion('{"claims": [{"kind": "statement", "claim": "Report')
            answer["choices"][0]["finish_reason"] = "length"
            return answer
        if kind == "invalid":
            return completion({"claims": [{"kind": "statement", "confidence": 7}]})
        if kind == "fabricated":
            return completion(
                {
                    "claims": [
                        {
                            "kind": "statement",
                            "claim": "Invented.",
                            "confidence": 0.9,
                            "evidence": "Aliens landed in the harbour at dawn.",
                        }
                    ]
                }
            )
        return first_sentence_claim(body)


def main() -> None:
    """Serve faithful answers after a fixed latency, in a process of its own (benchmarks)."""
    import argparse

    parser = argparse.ArgumentParser(description="scripted OpenAI-compatible server")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--faults", type=float, default=0.0, help="share of calls that fail")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    answer = Faults(args.faults, args.seed) if args.faults else first_sentence_claim
    server = StubServer([], default=answer, delay=args.latency)
    print(server.base_url, flush=True)
    server.server.serve_forever()


if __name__ == "__main__":
    main()
