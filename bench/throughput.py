"""Batch throughput against a server that answers every call in a fixed time, over a sweep of
concurrency, against a baseline measured in the same run.

    python bench/throughput.py [--documents 200] [--latency 0.2] [--sweep 8,16,32,64]
                               [--repeat 3] [--baseline-python OTHER/.venv/bin/python]

Starts the scripted OpenAI-compatible server of the tests on 127.0.0.1 in a process of its own
(each answer ``--latency`` seconds after its request came in) and, for each concurrency of the
sweep, runs ``claimtrack extract`` over one-chunk documents as a user runs it (a process of its
own: start-up and imports included). Two figures per batch, each against the ideal time
(calls x latency / concurrency):

- **whole command**: the ideal time over the command's time, measured from outside;
- **call window**: the ideal time over the time from the first call sent to the last answer
  received, read from the ledger (each call is stamped with the millisecond it was sent).

Each batch has ``--documents`` documents, or 25 per slot when that is more, so that every batch
has an ideal time of at least 25 x latency (5 s at 200 ms). With ``--baseline-python`` (the
interpreter of another checkout, e.g. the main branch's venv), each batch is run by both, in
turn, and the figures are printed side by side (medians of ``--repeat``).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_batch import extract, stub_server, write_documents


def run_batch(
    documents: int, latency: float, concurrency: int, python: str = sys.executable
) -> tuple[float, float, int]:
    """Seconds for the whole ``extract`` command, seconds from the first call sent to the last
    answer received, and the number of calls."""
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, documents)
    db = folder / "claims.db"
    with stub_server(latency) as environment:
        elapsed, code, summary = extract(folder, db, environment, concurrency, python=python)
    if code != 0 or summary["documents_done"] != documents:
        raise RuntimeError(f"the batch failed: {summary['errors'][:3]}")
    return elapsed, batch_window(db), int(summary["calls"])


def batch_window(db: Path) -> float:
    """From the first call sent to the last answer received, as the ledger recorded them."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT created_at, latency_ms FROM llm_calls").fetchall()
    sent = [datetime.fromisoformat(at) for at, _ in rows]
    received = [datetime.fromisoformat(at) + timedelta(milliseconds=ms) for at, ms in rows]
    return (max(received) - min(sent)).total_seconds()


def shares(documents: int, latency: float, concurrency: int, python: str) -> tuple[float, float]:
    """The whole command's and the call window's share of the ideal, for one batch."""
    elapsed, window, calls = run_batch(documents, latency, concurrency, python)
    ideal = calls * latency / concurrency
    return ideal / elapsed, ideal / window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--sweep", default="8,16,32,64", help="concurrencies, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="batches per figure (median)")
    parser.add_argument("--baseline-python", default=None, help="another checkout's python")
    args = parser.parse_args()
    runners = {"this": sys.executable}
    if args.baseline_python:
        runners["baseline"] = args.baseline_python
    print(
        f"{args.latency * 1000:.0f} ms a call; each figure: ideal time / measured time, median "
        f"of {args.repeat} (min-max); whole = the command from outside, start-up included; "
        "window = first call sent to last answer received"
    )
    for concurrency in (int(c) for c in args.sweep.split(",")):
        documents = max(args.documents, 25 * concurrency)
        ideal = documents * args.latency / concurrency
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in runners}
        for _ in range(args.repeat):
            for name, python in runners.items():  # in turn: the machine's drift hits both
                figures[name].append(shares(documents, args.latency, concurrency, python))
        for name, found in figures.items():
            whole = [w for w, _ in found]
            window = [c for _, c in found]
            print(
                f"concurrency {concurrency:>3}, {documents} documents, ideal {ideal:.2f} s, "
                f"{name:>8}: whole {_median(whole)}, window {_median(window)}"
            )


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.1%} ({min(values):.0%}-{max(values):.0%})"


if __name__ == "__main__":
    main()
