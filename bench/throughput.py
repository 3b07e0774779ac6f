"""Batch throughput against a server that answers every call in a fixed time, over a sweep of
concurrency, against a baseline measured in the same run, with where the time and CPU went.

    python bench/throughput.py [--documents 200] [--latency 0.2] [--sweep 8,16,32,64]
                               [--repeat 3] [--stub lean|tests|lean,tests]
                               [--baseline-python OTHER/.venv/bin/python]

Starts a stub OpenAI-compatible server on 127.0.0.1 in a process of its own (each answer
``--latency`` seconds after its request came in; ``--stub lean``, the default, is
``bench/lean_stub.py``, which sends the same answers as the tests' scripted server
``tests/openai_stub.py`` — ``--stub tests`` — for half its CPU or less) and, for each concurrency
of the sweep, runs ``claimtrack extract`` over one-chunk documents as a user runs it (a process
of its own: start-up and imports included). Per batch, against the ideal time
(calls x latency / concurrency):

- **whole**: the ideal time over the command's time, measured from outside;
- **window**: the ideal time over the time from the first call sent to the last answer
  received, read from the ledger (each call is stamped with the millisecond it was sent);
- **start-up**: from the process's start to its first call sent; **tail**: from the last answer
  received to the process's exit (start-up + window + tail = the whole command);
- **CPU**: the command's own CPU time (user + system, from the operating system) and the stub
  server's over the batch (from ``/proc``), both also per call.

Each batch has ``--documents`` documents, or 25 per slot when that is more, so that every batch
has an ideal time of at least 25 x latency (5 s at 200 ms); it must store one claim per
document, or the bench stops. With ``--baseline-python`` (the interpreter of another checkout,
e.g. the main branch's venv), each batch is run by both, in turn; with two stubs, each batch
runs against both, in turn. Medians of ``--repeat`` (min-max) are printed at the end. Run it
from a directory outside the checkout (``bench/README.md``: ``python -c`` puts the current
directory first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_batch import STUBS, cpu_seconds, run_extract, stub_process, write_documents


@dataclass
class Batch:
    """What one batch measured (seconds)."""

    ideal: float
    whole: float
    window: float
    startup: float  # process start -> first call sent
    tail: float  # last answer received -> process exit
    client_cpu: float
    stub_cpu: float
    calls: int

    @property
    def whole_share(self) -> float:
        return self.ideal / self.whole

    @property
    def window_share(self) -> float:
        return self.ideal / self.window


def run_batch(
    documents: int,
    latency: float,
    concurrency: int,
    python: str = sys.executable,
    stub: str = "lean",
) -> Batch:
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, documents)
    db = folder / "claims.db"
    with stub_process(latency, kind=stub) as server:
        stub_before = cpu_seconds(server.pid)
        run = run_extract(folder, db, server.environment, concurrency, python=python)
        stub_cpu = cpu_seconds(server.pid) - stub_before
    summary = run.summary
    if run.code != 0 or summary["documents_done"] != documents:
        raise RuntimeError(f"the batch failed: {summary.get('errors', [])[:3]}")
    if summary["claims_added"] != documents:
        raise RuntimeError(f"{summary['claims_added']} claims stored for {documents} documents")
    first_sent, last_received = batch_window(db)
    calls = int(summary["calls"])
    return Batch(
        ideal=calls * latency / concurrency,
        whole=run.seconds,
        window=last_received - first_sent,
        startup=first_sent - run.started,
        tail=run.ended - last_received,
        client_cpu=run.cpu,
        stub_cpu=stub_cpu,
        calls=calls,
    )


def batch_window(db: Path) -> tuple[float, float]:
    """The first call sent and the last answer received, as the ledger recorded them (seconds
    since the epoch, to the millisecond)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT created_at, latency_ms FROM llm_calls").fetchall()
    sent = [datetime.fromisoformat(at) for at, _ in rows]
    received = [datetime.fromisoformat(at) + timedelta(milliseconds=ms) for at, ms in rows]
    return min(sent).timestamp(), max(received).timestamp()


def describe(batch: Batch) -> str:
    return (
        f"whole {batch.whole_share:.1%} ({batch.whole:.2f} s), window {batch.window_share:.1%} "
        f"({batch.window:.2f} s); start-up {batch.startup:.2f} s, tail {batch.tail:.2f} s; CPU "
        f"client {batch.client_cpu:.2f} s ({batch.client_cpu / batch.calls * 1000:.2f} ms/call),"
        f" stub {batch.stub_cpu:.2f} s ({batch.stub_cpu / batch.calls * 1000:.2f} ms/call)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--sweep", default="8,16,32,64", help="concurrencies, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="batches per figure (median)")
    parser.add_argument("--stub", default="lean", help="lean, tests, or both: lean,tests")
    parser.add_argument("--baseline-python", default=None, help="another checkout's python")
    args = parser.parse_args()
    stubs = args.stub.split(",")
    if not set(stubs) <= set(STUBS):
        parser.error(f"--stub: one or more of {', '.join(STUBS)}")
    pythons = {"this": sys.executable}
    if args.baseline_python:
        pythons["baseline"] = args.baseline_python
    runners = [
        (f"{name}/{stub}", python, stub) for stub in stubs for name, python in pythons.items()
    ]
    print(
        f"{args.latency * 1000:.0f} ms a call; whole = ideal time / the command's time from "
        "outside, start-up included; window = ideal time / first call sent to last answer "
        f"received; load average at the start {_load()}"
    )
    found: dict[tuple[int, str], list[Batch]] = {}
    for concurrency in (int(c) for c in args.sweep.split(",")):
        documents = max(args.documents, 25 * concurrency)
        print(f"concurrency {concurrency}, {documents} documents")
        for repeat in range(args.repeat):
            for name, python, stub in runners:  # in turn: the machine's drift hits all
                batch = run_batch(documents, args.latency, concurrency, python, stub)
                found.setdefault((concurrency, name), []).append(batch)
                print(f"  {name:>13} {repeat + 1}: {describe(batch)}; load {_load()}", flush=True)
    print(f"medians of {args.repeat} (min-max); load average at the end {_load()}")
    for (concurrency, name), batches in found.items():
        ideal = batches[0].ideal
        print(f"concurrency {concurrency:>3}, ideal {ideal:.2f} s, {name:>13}: {_summary(batches)}")


def _summary(batches: list[Batch]) -> str:
    def median(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        return f"{statistics.median(values) * scale:.{digits}f} {unit}".rstrip()

    return (
        f"whole {_share([b.whole_share for b in batches])}, window "
        f"{_share([b.window_share for b in batches])}; start-up "
        f"{median([b.startup for b in batches])}, tail {median([b.tail for b in batches])}; "
        f"CPU client {median([b.client_cpu for b in batches])}, stub "
        f"{median([b.stub_cpu / b.calls for b in batches], 'ms/call', 1000)}"
    )


def _share(values: list[float]) -> str:
    return f"{statistics.median(values):.1%} ({min(values):.0%}-{max(values):.0%})"


def _load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
