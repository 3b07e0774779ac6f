"""What the LLM benchmarks share: documents to extract, a stub server in a process of its own
(the tests' scripted one, or the lean one of the benchmarks), and ``claimtrack extract`` run as
a user runs it, against that server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


STUBS = {
    # the tests' scripted server: faults on demand, 0.6-0.8 ms of its own CPU an answer
    "tests": ROOT / "tests" / "openai_stub.py",
    # the benchmarks' lean server: the same answers on the wire, 0.2-0.4 ms of CPU an answer
    "lean": ROOT / "bench" / "lean_stub.py",
}


@dataclass
class Stub:
    """A running stub server: its process id and the environment that points claimtrack at it."""

    pid: int
    environment: dict[str, str]


@contextmanager
def stub_process(latency: float, faults: float = 0.0, kind: str = "tests") -> Iterator[Stub]:
    """An OpenAI-compatible stub server in a process of its own — in this one it would compete
    with claimtrack for the interpreter lock —: the tests' scripted server
    (``tests/openai_stub.py``, which can inject faults) or the lean one (``bench/lean_stub.py``,
    which cannot)."""
    if faults and kind != "tests":
        raise ValueError("only the tests' stub server injects faults")
    options = ["--faults", str(faults)] if kind == "tests" else []
    server = subprocess.Popen(
        [sys.executable, str(STUBS[kind]), "--latency", str(latency), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url:
            raise RuntimeError(f"the {kind} stub server did not start")
        yield Stub(server.pid, {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "x"})
    finally:
        server.terminate()
        server.wait()


@contextmanager
def stub_server(
    latency: float, faults: float = 0.0, kind: str = "tests"
) -> Iterator[dict[str, str]]:
    """A stub server in a process of its own (``stub_process``); yields the environment that
    points ``claimtrack`` at it."""
    with stub_process(latency, faults, kind) as stub:
        yield stub.environment


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a running process has spent so far, its threads (ended
    ones too) included: from ``/proc/PID/stat`` (Linux), to the clock tick (10 ms)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One ``claimtrack extract`` process, seen from outside."""

    seconds: float  # from just before the process was started to just after it exited
    started: float  # wall clock (``time.time()``) at those two moments
    ended: float
    code: int
    summary: dict[str, Any]
    cpu: float  # the process's own CPU time, user + system


def run_extract(
    folder: Path,
    db: Path,
    environment: dict[str, str],
    concurrency: int,
    *options: str,
    python: str = sys.executable,
) -> Run:
    """``claimtrack extract FOLDER --backend openai`` as a process of its own (run by
    ``python``: another checkout's interpreter measures a baseline), timed from outside, with
    the CPU time the operating system counted for it."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started_wall, started = time.time(), time.perf_counter()
        process = subprocess.Popen(
            [python, *COMMAND[1:], "extract", str(folder), "--db", str(db), "--backend",
             "openai", "--model", "m", "--concurrency", str(concurrency), *options, "--json"],
            env=environment,
            stdout=out,
            stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        seconds, ended_wall = time.perf_counter() - started, time.time()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read()
        if not stdout:
            raise RuntimeError(f"claimtrack extract printed no summary: {err.read()[-2000:]}")
    return Run(
        seconds,
        started_wall,
        ended_wall,
        process.returncode,
        json.loads(stdout),
        usage.ru_utime + usage.ru_stime,
    )


def extract(
    folder: Path,
    db: Path,
    environment: dict[str, str],
    concurrency: int,
    *options: str,
    python: str = sys.executable,
) -> tuple[float, int, dict[str, Any]]:
    """Seconds, exit code and JSON summary of ``claimtrack extract FOLDER --backend openai``
    (``run_extract``)."""
    run = run_extract(folder, db, environment, concurrency, *options, python=python)
    return run.seconds, run.code, run.summary
