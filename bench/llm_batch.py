"""What the LLM benchmarks share: documents to extract, the scripted server in a process of its
own, and ``claimtrack extract`` run as a user runs it, against that server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-c", "from claimtrack.cli import cli; cli()"]


def write_documents(folder: Path, documents: int) -> None:
    """``documents`` one-chunk documents, each with one sentence the server can quote."""
    for i in range(documents):
        (folder / f"doc{i:04}.txt").write_text(
            f"Report {i} says {i % 17 + 2} ships docked on Monday. More text follows here.\n"
        )


@contextmanager
def stub_server(latency: float, faults: float = 0.0) -> Iterator[dict[str, str]]:
    """The tests' scripted OpenAI-compatible server (tests/openai_stub.py) in a process of its
    own — in this one it would compete with claimtrack for the interpreter lock —; yields the
    environment that points ``claimtrack`` at it."""
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "openai_stub.py"), "--latency", str(latency),
         "--faults", str(faults)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        yield {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "x"}
    finally:
        server.terminate()
        server.wait()


def extract(
    folder: Path,
    db: Path,
    environment: dict[str, str],
    concurrency: int,
    *options: str,
    python: str = sys.executable,
) -> tuple[float, int, dict[str, Any]]:
    """Seconds, exit code and JSON summary of ``claimtrack extract FOLDER --backend openai``
    (run by ``python``: another checkout's interpreter measures a baseline)."""
    started = time.perf_counter()
    result = subprocess.run(
        [python, *COMMAND[1:], "extract", str(folder), "--db", str(db), "--backend", "openai",
         "--model", "m", "--concurrency", str(concurrency), *options, "--json"],
        env=environment,
        capture_output=True,
        text=True,
    )  # fmt: skip
    if not result.stdout:
        raise RuntimeError(f"claimtrack extract printed no summary: {result.stderr[-2000:]}")
    return time.perf_counter() - started, result.returncode, json.loads(result.stdout)
