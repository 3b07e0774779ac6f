"""Offline extraction on Dask workers against the local run, measured in the same run.

    python bench/dask_speedup.py [--documents 60] [--workers 2] [--repeat 2]

``--documents`` distinct documents (the seed document with a numbered line appended, so each
has its own content id) are extracted into a fresh ledger three ways, alternating, the best of
``--repeat`` wall-clock times kept for each:

- **local**: ``extract_documents`` in this process, one document after another (the offline
  extractor is CPU-bound and runs in one thread);
- **dask (warm)**: the same, on a local Dask cluster of ``--workers`` processes already
  started and warmed up (each worker has extracted one document), so the figure is the
  extraction itself; claims still come back to, and are stored by, this process;
- **dask (cold)**: ``extract_on_dask`` as ``claimtrack extract --workers N`` runs it: the
  cluster's start, the workers' first imports and its shutdown included.

The ratios are local time over each Dask time (above 1: Dask is faster). Every run stores the
same claims: the script checks their count. Wall-clock time on a shared machine is noisy;
both are measured in the same run, so a busy machine slows both.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from claimtrack.dask_cluster import dask_executor, extract_on_dask
from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import RunOptions, extract_documents
from claimtrack.records import Document

ROOT = Path(__file__).resolve().parent.parent


def documents(count: int) -> list[Document]:
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    return [
        Document(f"{seed}\n\nCopy {i} of the report.\n", f"doc{i:04}.txt") for i in range(count)
    ]


def timed(folder: Path, name: str, run: object) -> tuple[float, int]:
    ledger = Ledger(folder / f"{name}-{time.monotonic_ns()}.db")
    started = time.perf_counter()
    summary = run(ledger)  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    ledger.close()
    return elapsed, summary.claims_added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    docs = documents(args.documents)
    backend = OfflineExtractor()
    extract_documents(_scratch(), docs[:1], backend)  # warm-up: the extractor's rules loaded
    times: dict[str, list[float]] = {"local": [], "dask (warm)": [], "dask (cold)": []}
    claims: set[int] = set()
    with tempfile.TemporaryDirectory() as name, dask_executor(workers=args.workers) as (pool, n):
        folder = Path(name)
        warm = RunOptions(concurrency=n)
        extract_documents(Ledger(folder / "warm.db"), docs[:n], backend, executor=pool)
        for _ in range(args.repeat):
            for label, run in (
                ("local", lambda ledger: extract_documents(ledger, docs, backend)),
                (
                    "dask (warm)",
                    lambda ledger: extract_documents(
                        ledger, docs, backend, options=warm, executor=pool
                    ),
                ),
                (
                    "dask (cold)",
                    lambda ledger: extract_on_dask(ledger, docs, backend, workers=args.workers),
                ),
            ):
                elapsed, added = timed(folder, label.split()[0], run)
                times[label].append(elapsed)
                claims.add(added)
    assert len(claims) == 1, f"runs stored different numbers of claims: {claims}"
    best = {label: min(values) for label, values in times.items()}
    print(
        f"{args.documents} documents ({len(docs[0].text)} characters each), "
        f"{args.workers} Dask worker processes, {claims.pop()} claims each run; "
        f"best of {args.repeat}:"
    )
    for label, seconds in best.items():
        ratio = best["local"] / seconds
        print(
            f"  {label:12} {seconds:6.2f} s  ({args.documents / seconds:5.1f} documents/s)"
            f"  speed-up vs local: {ratio:4.2f}x"
        )


def _scratch() -> Ledger:
    folder = Path(tempfile.mkdtemp())
    return Ledger(folder / "warm-up.db")


if __name__ == "__main__":
    main()
