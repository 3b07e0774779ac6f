"""What tracking claims as they land costs ``claimtrack extract``: the same new documents
extracted into copies of one tracked ledger, with ``--track`` and (the baseline, in the same
run, interleaved) ``--no-track``, each run a process of its own timed from outside::

    python bench/tracking_extract.py TRACKED_LEDGER NEW_DOCS_DIR --work /tmp/te [--repeat 5]

``TRACKED_LEDGER`` is copied before every run and never modified (``tracking_eval.py`` leaves
one in its ``--work`` folder). Prints the median wall time of each, the difference per new
document, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(ledger: Path, docs: Path, base: Path, flag: str) -> tuple[float, dict[str, object]]:
    shutil.copyfile(base, ledger)
    for suffix in ("-wal", "-shm"):
        Path(f"{ledger}{suffix}").unlink(missing_ok=True)
    command = [sys.executable, "-m", "claimtrack.cli", "extract", str(docs)]
    command += ["--db", str(ledger), "--json", flag]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return seconds, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[float]] = {"--no-track": [], "--track": []}
    summary: dict[str, object] = {}
    tracked: list[float] = []
    for i in range(args.repeat):
        order = ["--no-track", "--track"] if i % 2 == 0 else ["--track", "--no-track"]
        for flag in order:
            seconds, summary = timed(args.work / "run.db", args.docs, args.ledger, flag)
            runs[flag].append(seconds)
            if flag == "--track":
                tracked.append(float(summary["tracked"]["seconds"]))  # type: ignore[index]
    documents = int(summary["documents_done"])  # type: ignore[call-overload]
    base, with_track = (statistics.median(runs[f]) for f in ("--no-track", "--track"))
    print(
        f"{documents} new document(s), {summary['claims_added']} claim(s), {args.repeat} runs each"
    )
    print(f"baseline extract --no-track: median {base:.2f} s (min {min(runs['--no-track']):.2f})")
    print(f"extract --track: median {with_track:.2f} s (min {min(runs['--track']):.2f})")
    print(
        f"added: {with_track - base:.2f} s ({(with_track - base) / max(1, documents) * 1000:.0f} "
        f"ms a document; tracking itself, as the run reports it, median "
        f"{statistics.median(tracked):.2f} s); ratio {with_track / base:.2f}x the baseline"
    )


if __name__ == "__main__":
    main()
