"""The CPU one ``claimtrack extract --backend openai`` spends on a one-document batch — start-up,
imports, the one call and exit —, this checkout against a baseline, in the same run.

    python bench/startup_cpu.py [--rounds 7] [--baseline-python OTHER/python] [--stub lean|tests]

Starts a stub server in a process of its own, answering at once (``--stub lean``, the default:
bench/lean_stub.py; ``--stub tests``: the tests' scripted server, tests/openai_stub.py), and
runs the command as a user runs it, one process per run, reading the child's CPU time (user +
system) from the operating system. On a shared machine this is steadier than the command's
elapsed time; it is what the command spends before its first call can go out, less the one
call's ~2-3 ms. The checkouts run in turn, ``--rounds`` times; medians are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_batch import COMMAND, STUBS, stub_server, write_documents


def cpu_of_one_run(python: str, environment: dict[str, str]) -> float:
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, 1)
    process = subprocess.Popen(
        [python, *COMMAND[1:], "extract", str(folder), "--db", str(folder / "c.db"),
         "--backend", "openai", "--model", "m", "--json"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"claimtrack extract exited with {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline-python", default=None, help="another checkout's python")
    parser.add_argument("--stub", default="lean", choices=STUBS, help="the stub server")
    args = parser.parse_args()
    runners = {"this": sys.executable}
    if args.baseline_python:
        runners["baseline"] = args.baseline_python
    found: dict[str, list[float]] = {name: [] for name in runners}
    with stub_server(0.0, kind=args.stub) as environment:
        for _ in range(args.rounds):
            for name, python in runners.items():
                found[name].append(cpu_of_one_run(python, environment))
    for name, values in found.items():
        print(
            f"{name:>8}: {statistics.median(values):.2f} s of CPU for the whole command, one "
            f"document (median of {args.rounds}; {min(values):.2f} to {max(values):.2f})"
        )
    if "baseline" in found:
        ratio = statistics.median(found["this"]) / statistics.median(found["baseline"])
        print(f"this / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
