"""A lean OpenAI-compatible stub server, for benchmarks only: real HTTP on 127.0.0.1.

    python bench/lean_stub.py [--latency 0.2]

Prints its base URL (``http://127.0.0.1:PORT/v1``) on the first line, then answers every POST
with what the tests' scripted server (``tests/openai_stub.py``, ``first_sentence_claim``)
answers to a claimtrack prompt: status 200, ``content-type: application/json``, a
``content-length``, and a chat completion whose one tool call claims the document's first
sentence as a statement (the body built by the same ``completion`` function, byte for byte:
only ``created`` differs, as it does between two answers of the tests' server). Each answer is
written exactly ``--latency`` seconds after its request has arrived (``loop.call_at``), on a
kept-alive connection, in order (pipelined requests too).

Why a second stub: the tests' server — a thread per connection, ``http.server``'s parsing,
``json.loads`` of the whole ~8 KB request and ``json.dumps`` of the answer — spends 0.6-0.8 ms
of CPU per answer under ``bench/throughput.py``, on the 2 cores the client runs on: at 320 calls
a second (concurrency 64, 200 ms a call) a fifth of a core the client would otherwise have. This
one spends 0.2-0.4 ms (``bench/README.md``; a third of it in the kernel, the loopback work any
server pays): one asyncio loop in one thread, reads into one preallocated buffer, parses only
the request's headers (for ``content-length`` and ``connection: close``) and the document
between its tags (found by a regular expression over the raw JSON bytes; only that piece is
decoded), and joins the answer from pre-encoded parts. It is not a server for anything else: no
faults, no other endpoints, no request validation, documents found in the raw JSON the way
claimtrack's prompt writes them (``tests/openai_stub.py`` stays the scripted server of the tests
and of ``bench/faults.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import sys
import time
from collections import deque
from email.utils import formatdate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from openai_stub import completion  # the tests' answer, so both stubs send the same body

# Where the document of a claimtrack prompt begins, as the JSON of the request carries it (``\n``
# written as a backslash and an ``n``); it ends at the last closing tag of the same name: the
# pattern of ``openai_stub.document_of``, over the raw bytes of the whole body.
_OPENING = re.compile(rb"\\n<(document(?:-[0-9a-f]+)?)>\\n")
_MARK = "\x00ARGUMENTS\x00"
_CREATED = 1_000_000_007


def _parts() -> tuple[bytes, bytes, bytes]:
    """The tests' completion as bytes, split where ``created`` and the arguments go."""
    answer = completion(_MARK)
    answer["created"] = _CREATED
    text = json.dumps(answer)
    before, after = text.split(json.dumps(_MARK))
    head, middle = before.split(str(_CREATED))
    return head.encode(), middle.encode(), after.encode()


_HEAD, _MIDDLE, _TAIL = _parts()
_NO_DOCUMENT = b'{"error": {"message": "no document in the request"}}'


def answer_body(body: bytes, now: float) -> tuple[int, bytes]:
    """Status and body of the answer to one request body (JSON bytes)."""
    opening = _OPENING.search(body)
    end = -1 if opening is None else body.rfind(b"\\n</%s>" % opening.group(1))
    if opening is None or end < opening.end():
        return 500, _NO_DOCUMENT
    document = json.loads(b'"' + body[opening.end() : end] + b'"')
    sentence = document.split(". ")[0].rstrip(".") + "."
    claim = {"kind": "statement", "claim": sentence, "evidence": sentence, "confidence": 0.8}
    arguments = json.dumps(json.dumps({"claims": [claim]}))
    return 200, b"".join((_HEAD, str(int(now)).encode(), _MIDDLE, arguments.encode(), _TAIL))


class _Clock:
    """The ``Date`` header, formatted once a second."""

    second = -1
    header = b""

    def date(self, now: float) -> bytes:
        if int(now) != self.second:
            self.second = int(now)
            self.header = formatdate(self.second, usegmt=True).encode()
        return self.header


_CLOCK = _Clock()
_REASONS = {200: b"OK", 500: b"Internal Server Error"}


def response(body: bytes) -> bytes:
    """The whole HTTP response to one request body."""
    now = time.time()
    status, payload = answer_body(body, now)
    return b"".join(
        (
            b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status]),
            b"Server: claimtrack-lean-stub\r\nDate: ",
            _CLOCK.date(now),
            b"\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(payload),
            payload,
        )
    )


# What each read lands in (the loop runs in one thread): asyncio's plain protocols read into a
# new 256 KB buffer every time, a fresh allocation of memory pages on every request.
_READ = memoryview(bytearray(1 << 18))


class Connection(asyncio.BufferedProtocol):
    """One kept-alive connection: each request answered ``latency`` after it arrived, in the
    order the requests came."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.buffer = bytearray()
        self.pending: deque[tuple[bytes, bool]] = deque()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return _READ

    def buffer_updated(self, nbytes: int) -> None:
        loop = asyncio.get_running_loop()
        arrived = loop.time()
        self.buffer += _READ[:nbytes]
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            length = _content_length(head)
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            self.pending.append((response(body), b"\r\nconnection: close" in head))
            if self.latency > 0:
                # the timers of one connection may fire in any order at the same instant; each
                # sends the oldest answer waiting, so the answers leave in order
                loop.call_at(arrived + self.latency, self.send_oldest)
            else:
                self.send_oldest()

    def send_oldest(self) -> None:
        if self.transport is None or self.transport.is_closing() or not self.pending:
            return
        payload, close = self.pending.popleft()
        self.transport.write(payload)
        if close:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


def _content_length(head: bytes) -> int:
    start = head.find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    start += len(b"\r\ncontent-length:")
    end = head.find(b"\r\n", start)
    return int(head[start : end if end >= 0 else len(head)])


async def serve(latency: float) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(latency), "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}/v1", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.latency))


if __name__ == "__main__":
    main()
