"""A batch against a server that fails 30% of calls, run three times as a user runs it.

    python bench/faults.py [--documents 200] [--faults 0.3] [--latency 0.05] [--concurrency 8]

Starts the tests' scripted OpenAI-compatible server (tests/openai_stub.py) with faults injected
in ``--faults`` of its answers — 429 with Retry-After, 500, timeouts, malformed JSON, truncated
answers, schema-invalid answers and fabricated evidence, in equal shares — and runs
``claimtrack extract DIR --backend openai --concurrency 8`` three times on the same ledger
(``--retries 0`` makes faults fail documents outright, so that later runs must finish them), each
in a process of its own. Prints each run's summary, then checks the ledger: every document done
or failed with a reason, no duplicate claim, no fabricated evidence stored as grounded,
``PRAGMA integrity_check``. The baseline for the calls is the same batch against the same server
without faults, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_batch import extract, stub_server, write_documents


def runs(
    folder: Path, faults: float, latency: float, concurrency: int, times: int, retries: int
) -> list[dict[str, Any]]:
    """Summaries of ``times`` runs of the same command on one ledger against one server."""
    summaries = []
    with stub_server(latency, faults) as environment:
        for _ in range(times):
            # the server's "timeout" fault answers after 1.5 s: a real timeout at 1 s
            options = ("--timeout", "1", "--retries", str(retries))
            seconds, code, summary = extract(
                folder, folder / "claims.db", environment, concurrency, *options
            )
            summaries.append({**summary, "exit": code, "seconds": round(seconds, 2)})
    return summaries


def check(db: Path, documents: int) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "integrity_check": one("PRAGMA integrity_check"),
            "documents done": one("SELECT count(*) FROM extractions WHERE status = 'done'"),
            "documents failed (with a reason)": one(
                "SELECT count(*) FROM extractions WHERE status = 'failed' AND error <> ''"
            ),
            "documents in neither": documents - one("SELECT count(*) FROM extractions"),
            "claims": one("SELECT count(*) FROM claims"),
            "duplicate claims": one(
                "SELECT count(*) - count(DISTINCT document_id || '|' || claim || '|' || "
                "evidence_start) FROM claims"
            ),
            "fabricated evidence stored as grounded": one(
                "SELECT count(*) FROM claims WHERE grounding <> 'ungrounded' AND "
                "claim = 'Invented.'"
            ),
            "claims stored ungrounded": one(
                "SELECT count(*) FROM claims WHERE grounding = 'ungrounded'"
            ),
            "calls by outcome": dict(
                conn.execute("SELECT outcome, count(*) FROM llm_calls GROUP BY outcome")
            ),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--faults", type=float, default=0.3)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--retries", type=int, default=4, help="claimtrack's --retries (0: faults fail documents)"
    )
    args = parser.parse_args()
    clean = Path(tempfile.mkdtemp())
    write_documents(clean, args.documents)
    (baseline,) = runs(clean, 0.0, args.latency, args.concurrency, 1, args.retries)
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, args.documents)
    keys = ("exit", "seconds", "documents_done", "documents_skipped", "documents_failed",
            "claims_added", "claims_ungrounded", "calls", "calls_reused", "reasks")  # fmt: skip
    print(f"baseline, no faults: {json.dumps({k: baseline[k] for k in keys})}")
    for number, summary in enumerate(
        runs(folder, args.faults, args.latency, args.concurrency, 3, args.retries), 1
    ):
        print(
            f"run {number}, {args.faults:.0%} faults: {json.dumps({k: summary[k] for k in keys})}"
        )
        for error in summary["errors"][:3]:
            print(f"    {error}")
    for key, value in check(folder / "claims.db", args.documents).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
