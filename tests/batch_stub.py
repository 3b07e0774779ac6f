"""A stub of OpenAI's files and batches endpoints, for tests: real HTTP on 127.0.0.1.

It is a stub, not a recording: it implements what claimtrack uses of the Batch API as OpenAI
documents it — ``POST /v1/files`` (multipart, ``purpose=batch``), ``POST /v1/batches``,
``GET /v1/batches/{id}`` and ``GET /v1/files/{id}/content`` — and answers each request of a
batch with ``answer(body)`` (a chat completion, or an ``(status, message)`` failure that goes to
the error file). A batch is ``in_progress`` for its first ``polls`` checks, then ``completed``
(or ``end_status``); output lines come back shuffled, as the real service gives no order.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], Any]


class BatchStub:
    def __init__(
        self,
        answer: Answer,
        *,
        polls: int = 1,
        end_status: str = "completed",
        answer_only: int | None = None,
        seed: int = 3,
    ) -> None:
        self.answer = answer
        self.polls = polls
        self.end_status = end_status
        self.answer_only = answer_only  # answer this many requests, then stop (an expiry)
        self.random = random.Random(seed)
        self.prefix = uuid.uuid4().hex[:8]  # ids unique across stubs, as the real ones are
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.checks: dict[str, int] = {}
        self.lines: list[dict[str, Any]] = []  # every request line uploaded
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _json(self, status: int, data: Any) -> None:
                self._send(status, json.dumps(data).encode())

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                with stub.lock:
                    stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self.path == "/v1/files":
                    self._json(200, stub.upload(self.headers.get("content-type", ""), raw))
                elif self.path == "/v1/batches":
                    status, data = stub.create(json.loads(raw))
                    self._json(status, data)
                else:
                    self._json(404, {"error": {"message": f"no route {self.path}"}})

            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                if parts[:2] == ["v1", "batches"] and len(parts) == 3:
                    found = stub.check(parts[2])
                    self._json(200 if found else 404, found or {"error": {"message": "none"}})
                elif parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                    file = stub.files.get(parts[2])
                    if file is None:
                        self._json(404, {"error": {"message": "no such file"}})
                    else:
                        self._send(200, file["content"], "application/octet-stream")
                else:
                    self._json(404, {"error": {"message": f"no route {self.path}"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- the service -------------------------------------------------------------------------

    def _file(self, content: bytes, purpose: str, filename: str) -> dict[str, Any]:
        file_id = f"file-{self.prefix}{len(self.files) + 1}"
        self.files[file_id] = {"content": content, "purpose": purpose}
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }

    def upload(self, content_type: str, raw: bytes) -> dict[str, Any]:
        message = BytesParser(policy=default).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw
        )
        fields: dict[str, Any] = {}
        filename = "upload"
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = part.get_payload(decode=True)
            filename = part.get_filename() or filename
        purpose = fields.get("purpose", b"").decode()
        with self.lock:
            return self._file(fields["file"], purpose, filename)

    def create(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            source = self.files.get(request["input_file_id"])
            if source is None or source["purpose"] != "batch":
                return 400, {"error": {"message": "input file must be uploaded for batch"}}
            batch_id = f"batch_{self.prefix}{len(self.batches) + 1}"
            lines = [json.loads(x) for x in source["content"].decode().splitlines() if x]
            self.lines.extend(lines)
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"],
                "completion_window": request["completion_window"],
                "status": "validating",
                "created_at": int(time.time()),
                "metadata": request.get("metadata"),
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
                "_lines": lines,
            }
            self.checks[batch_id] = 0
            return 200, self._public(batch_id)

    def _public(self, batch_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}

    def check(self, batch_id: str) -> dict[str, Any] | None:
        with self.lock:
            batch = self.batches.get(batch_id)
            if batch is None:
                return None
            self.checks[batch_id] += 1
            if batch["status"] in ("validating", "in_progress"):
                if self.checks[batch_id] <= self.polls:
                    batch["status"] = "in_progress"
                else:
                    self._finish(batch)
            return self._public(batch_id)

    def _finish(self, batch: dict[str, Any]) -> None:
        outputs, errors = [], []
        lines = batch["_lines"]
        if self.answer_only is not None:
            lines = lines[: self.answer_only]
        for number, line in enumerate(lines):
            result = self.answer(line["body"])
            item: dict[str, Any] = {"id": f"batch_req_{number}", "custom_id": line["custom_id"]}
            if isinstance(result, tuple):
                status, message = result
                item["response"] = {
                    "status_code": status,
                    "request_id": f"req_{number}",
                    "body": {"error": {"message": message, "type": "server_error"}},
                }
                item["error"] = None
                errors.append(item)
            else:
                item["response"] = {
                    "status_code": 200,
                    "request_id": f"req_{number}",
                    "body": result,
                }
                item["error"] = None
                outputs.append(item)
        self.random.shuffle(outputs)
        self.random.shuffle(errors)
        batch["status"] = self.end_status
        if self.end_status == "failed":
            batch["errors"] = {
                "object": "list",
                "data": [{"code": "invalid_request", "message": "the input file was refused"}],
            }
        batch["request_counts"] = {
            "total": len(batch["_lines"]),
            "completed": len(outputs),
            "failed": len(errors),
        }
        for key, items in (("output_file_id", outputs), ("error_file_id", errors)):
            if items:
                content = "".join(json.dumps(i) + "\n" for i in items).encode()
                batch[key] = self._file(content, "batch_output", f"{key}.jsonl")["id"]

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> BatchStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
