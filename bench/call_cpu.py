"""The client's CPU per model call, this checkout against a baseline, in the same run.

    python bench/call_cpu.py [--calls 150] [--rounds 5] [--baseline-python OTHER/python]
                             [--stub lean|tests]

Starts a stub server in a process of its own, answering at once (``--stub lean``, the default:
bench/lean_stub.py; ``--stub tests``: the tests' scripted server, tests/openai_stub.py), and
extracts one-chunk documents one after another in a child process per checkout, reading the
child's own CPU time (user + system) over the calls, after a warm-up of 20. CPU time, unlike
elapsed time, hardly moves with what else runs on a shared machine, and it is what limits the
calls a second one interpreter can drive: at 200 ms a call and concurrency 64, the client has
about 3 ms of CPU per call on one core, its whole share. The checkouts run in turn,
``--rounds`` times; medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from llm_batch import STUBS, stub_server

CHILD = """
import sys, time
from claimtrack.llm import LLMSettings, OpenAIBackend
from claimtrack.llm.calls import CallContext
from claimtrack.records import Document
calls = int(sys.argv[1])
backend = OpenAIBackend(LLMSettings(model="m", max_retries=0))
documents = [
    Document(f"Report {i} says {i % 17 + 2} ships docked on Monday. More text follows.", f"d{i}")
    for i in range(calls + 20)
]
for document in documents[:20]:
    backend.extract(document, CallContext())
started = time.process_time()
for document in documents[20:]:
    assert backend.extract(document, CallContext())
print((time.process_time() - started) / calls * 1000)
"""


def cpu_per_call(python: str, calls: int, environment: dict[str, str]) -> float:
    result = subprocess.run(
        [python, "-c", CHILD, str(calls)], env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
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
                found[name].append(cpu_per_call(python, args.calls, environment))
    for name, values in found.items():
        print(
            f"{name:>8}: {statistics.median(values):.2f} ms of client CPU a call (median of "
            f"{args.rounds} x {args.calls} calls; {min(values):.2f} to {max(values):.2f})"
        )
    if "baseline" in found:
        ratio = statistics.median(found["this"]) / statistics.median(found["baseline"])
        print(f"this / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
