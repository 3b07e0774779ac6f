"""The CPU one ``claimtrack extract --backend openai`` spends on a one-document batch — start-up,
imports, the one call and exit —, this checkout against a baseline, in the same run; and the
CPU it has spent when its first request is written.

    python bench/startup_cpu.py [--rounds 7] [--baseline-python OTHER/python] [--stub lean|tests]

Starts a stub server in a process of its own, answering at once (``--stub lean``, the default:
bench/lean_stub.py; ``--stub tests``: the tests' scripted server, tests/openai_stub.py), and
runs the command as a user runs it, one process per run, reading the child's CPU time (user +
system) from the operating system. On a shared machine this is steadier than the command's
elapsed time. **To the first call**: the process's CPU time (interpreter start included) when
its first request is written, read in the child (``http.client``'s ``request`` wrapped for it:
every checkout writes its requests there). The checkouts run in turn, ``--rounds`` times;
medians are printed.
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

from llm_batch import STUBS, stub_server, write_documents

# The command, with the process's CPU time written to stderr when its first request goes out.
FIRST_CALL = (
    "import http.client, sys, time\n"
    "request = http.client.HTTPConnection.request\n"
    "def first(self, *args, **kwargs):\n"
    "    http.client.HTTPConnection.request = request\n"
    "    sys.stderr.write(f'first call at {time.process_time():.6f}\\n')\n"
    "    return request(self, *args, **kwargs)\n"
    "http.client.HTTPConnection.request = first\n"
    "from claimtrack.cli import cli\n"
    "cli()\n"
)


def cpu_of_one_run(python: str, environment: dict[str, str]) -> tuple[float, float]:
    """The command's CPU time, and its CPU time when its first request was written."""
    folder = Path(tempfile.mkdtemp())
    write_documents(folder, 1)
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [python, "-c", FIRST_CALL, "extract", str(folder), "--db", str(folder / "c.db"),
             "--backend", "openai", "--model", "m", "--json"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        said = err.read()
    if process.returncode != 0:
        raise RuntimeError(f"claimtrack extract exited with {process.returncode}: {said[-500:]}")
    first = float(said.split("first call at ", 1)[1].split()[0])
    return usage.ru_utime + usage.ru_stime, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline-python", default=None, help="another checkout's python")
    parser.add_argument("--stub", default="lean", choices=STUBS, help="the stub server")
    args = parser.parse_args()
    runners = {"this": sys.executable}
    if args.baseline_python:
        runners["baseline"] = args.baseline_python
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in runners}
    with stub_server(0.0, kind=args.stub) as environment:
        for _ in range(args.rounds):
            for name, python in runners.items():
                found[name].append(cpu_of_one_run(python, environment))
    for name, runs in found.items():
        whole, first = [w for w, _ in runs], [f for _, f in runs]
        print(
            f"{name:>8}: {statistics.median(whole):.3f} s of CPU for the whole command, one "
            f"document (median of {args.rounds}; {min(whole):.3f} to {max(whole):.3f}); "
            f"{statistics.median(first):.3f} s to the first call ({min(first):.3f} to "
            f"{max(first):.3f})"
        )
    if "baseline" in found:
        for label, at in (("whole", 0), ("to the first call", 1)):
            this = statistics.median(run[at] for run in found["this"])
            baseline = statistics.median(run[at] for run in found["baseline"])
            print(f"this / baseline, {label}: {this / baseline:.2f}")


if __name__ == "__main__":
    main()
