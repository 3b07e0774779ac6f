"""Batch throughput against a server that answers every call in a fixed time.

    python bench/throughput.py [--documents 200] [--latency 0.2] [--concurrency 8]

Starts the scripted OpenAI-compatible server of the tests on 127.0.0.1 (each answer after
``--latency`` seconds), runs ``claimtrack extract`` over ``--documents`` one-chunk documents at
``--concurrency``, and prints the rate against the ideal one (calls x latency / concurrency),
and against a baseline measured in the same run: the same batch at concurrency 1, scaled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from claimtrack.cli import cli  # noqa: E402


def run_batch(documents: int, latency: float, concurrency: int) -> tuple[float, dict[str, int]]:
    """Seconds for the whole ``extract`` command, and its run summary."""
    folder = Path(tempfile.mkdtemp())
    for i in range(documents):
        (folder / f"doc{i:04}.txt").write_text(
            f"Report {i} says {i % 17 + 2} ships docked on Monday. More text follows here.\n"
        )
    db = folder / "claims.db"
    # The server runs in a process of its own, as a real one would: in this process it would
    # compete with claimtrack for the interpreter lock.
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "openai_stub.py"), "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        os.environ["OPENAI_BASE_URL"] = server.stdout.readline().strip()
        os.environ["OPENAI_API_KEY"] = "x"
        started = time.perf_counter()
        result = CliRunner().invoke(
            cli,
            [
                "extract",
                str(folder),
                "--db",
                str(db),
                "--backend",
                "openai",
                "--model",
                "m",
                "--concurrency",
                str(concurrency),
                "--json",
            ],
            catch_exceptions=False,
        )
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    return elapsed, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    baseline_docs = max(8, args.documents // 10)
    base_time, base = run_batch(baseline_docs, args.latency, 1)
    elapsed, summary = run_batch(args.documents, args.latency, args.concurrency)
    calls = summary["calls"]
    ideal = calls * args.latency / args.concurrency
    baseline_rate = base["calls"] / base_time
    print(
        f"baseline, concurrency 1: {base['calls']} calls in {base_time:.2f} s "
        f"({baseline_rate:.2f} calls/s; ideal {1 / args.latency:.2f})"
    )
    print(
        f"batch, concurrency {args.concurrency}: {calls} calls, {summary['documents_done']} "
        f"documents, {summary['claims_added']} claims in {elapsed:.2f} s "
        f"({calls / elapsed:.2f} calls/s)"
    )
    print(
        f"ideal time {ideal:.2f} s -> {ideal / elapsed:.1%} of the ideal rate for the whole "
        f"command (start-up included); {(calls / elapsed) / baseline_rate:.2f}x the "
        "concurrency-1 baseline"
    )


if __name__ == "__main__":
    main()
