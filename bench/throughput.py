"""Batch throughput against a server that answers every call in a fixed time.

    python bench/throughput.py [--documents 200] [--latency 0.2] [--concurrency 8]

Starts the scripted OpenAI-compatible server of the tests on 127.0.0.1 (each answer after
``--latency`` seconds), runs ``claimtrack extract`` over ``--documents`` one-chunk documents at
``--concurrency``, and prints the rate against the ideal one (calls x latency / concurrency),
and against a baseline measured in the same run: a tenth of the batch at concurrency 1. The
command runs in a process of its own, as a user runs it; the rate of the calls is measured from
the ledger (first call sent to last answer received), the whole command from outside.
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
    documents: int, latency: float, concurrency: int
) -> tuple[float, float, dict[str, int]]:
    """Seconds for the whole ``extract`` command run as a user runs it (a process of its own,
    start-up and imports included), seconds from the first call sent to the last answer
    received (from the ledger's ``llm_calls``), and the run summary."""
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, documents)
    db = folder / "claims.db"
    with stub_server(latency) as environment:
        elapsed, code, summary = extract(folder, db, environment, concurrency)
    if code != 0:
        raise RuntimeError(f"the batch failed: {summary['errors'][:3]}")
    return elapsed, batch_window(db), summary


def batch_window(db: Path) -> float:
    """From the first call sent to the last answer received, as the ledger recorded them."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT created_at, latency_ms FROM llm_calls").fetchall()
    sent = [datetime.fromisoformat(at) for at, _ in rows]
    received = [datetime.fromisoformat(at) + timedelta(milliseconds=ms) for at, ms in rows]
    return (max(received) - min(sent)).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="batches to run (median shown)")
    args = parser.parse_args()
    baseline_docs = max(8, args.documents // 10)
    base_time, base_window, base = run_batch(baseline_docs, args.latency, 1)
    baseline_rate = base["calls"] / base_window
    print(
        f"baseline, concurrency 1: {base['calls']} calls in {base_window:.2f} s of calls "
        f"({baseline_rate:.2f} calls/s; ideal {1 / args.latency:.2f}), command {base_time:.2f} s"
    )
    shares, whole = [], []
    for number in range(1, args.repeat + 1):
        elapsed, window, summary = run_batch(args.documents, args.latency, args.concurrency)
        calls = summary["calls"]
        ideal = calls * args.latency / args.concurrency
        shares.append(ideal / window)
        whole.append(ideal / elapsed)
        print(
            f"batch {number}, concurrency {args.concurrency}: {calls} calls, "
            f"{summary['documents_done']} documents, {summary['claims_added']} claims; first "
            f"call to last answer {window:.2f} s ({calls / window:.2f} calls/s, "
            f"{(calls / window) / baseline_rate:.2f}x the baseline), whole command {elapsed:.2f} s"
        )
    print(
        f"ideal time {ideal:.2f} s -> calls at {statistics.median(shares):.1%} of the ideal rate "
        f"(median of {args.repeat}; {min(shares):.1%} to {max(shares):.1%}); the whole command, "
        f"start-up and imports included, at {statistics.median(whole):.1%}"
    )


if __name__ == "__main__":
    main()
