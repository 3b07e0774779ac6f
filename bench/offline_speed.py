"""Speed of the offline extractor: KiB of news per CPU-second, this tree against a git revision.

    python bench/offline_speed.py NEWS [--baseline e50e665] [--repeat 3]

NEWS is a folder of documents (``.txt``/``.md``, read recursively) or a JSONL file with a
``text`` per line (a gold file of ``claimtrack eval`` will do). Two measurements, each for the
code of this working tree and for the code at ``--baseline``, in the same run:

- **news**: every document of NEWS extracted once, one after the other; the figure is the
  documents' size (UTF-8) over the CPU time the extraction took, in KiB per CPU-second;
- **1 MB**: one document of 1,000,000 characters made by repeating the seed document
  (``seeds/*.txt``, blank line between copies); the figure is its CPU time;
- **1 MB of news**: the NEWS documents joined into one document of 1,000,000 characters (blank
  line between, from the start again if they are fewer): a long document whose names, quotes
  and abbreviations vary, as they do not in the repeated seed.

Each measurement runs in a fresh interpreter (``PYTHONPATH`` set to the tree measured, the same
Python and packages for both), after one small warm-up document so that loading the
extractor's rules and pysbd's is not counted; CPU time is the process's (``time.process_time``). The
baseline's code is taken with ``git archive`` into a temporary folder: nothing in the
repository changes. Runs alternate (baseline, this tree, baseline, …) and the best of
``--repeat`` is reported for each, so a busy machine slows both alike. The claims of both
are counted, so a speed-up that loses claims shows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_MB = 1_000_000

# Runs in the child: documents as JSON on stdin, one JSON line of timings out.
_CHILD = r"""
import json, sys, time
import claimtrack
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Document

texts = json.load(sys.stdin)
extractor = OfflineExtractor()
extractor.extract(Document("Warm-up. “It is,” she said on March 3, 2023.", "warm-up"))
cpu = 0.0
claims = 0
for number, text in enumerate(texts):
    document = Document(text, f"doc{number}")
    started = time.process_time()
    found = extractor.extract(document)
    cpu += time.process_time() - started
    claims += len(found)
print(json.dumps({"cpu": cpu, "claims": claims, "code": claimtrack.__file__}))
"""


def read_news(path: Path) -> list[str]:
    if path.is_file():
        return [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    files = sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    return [p.read_text(encoding="utf-8") for p in files]


def one_megabyte(seed: str) -> str:
    copies = ONE_MB // (len(seed) + 2) + 1
    return ("\n\n".join([seed] * copies))[:ONE_MB]


def checkout(revision: str, into: Path) -> Path:
    """The code at ``revision``, unpacked from ``git archive`` (the repository is untouched)."""
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", revision], stdout=out, check=True
        )
    tree = into / "tree"
    tree.mkdir()
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(tree, filter="data")
        else:  # our own repository's archive
            tar.extractall(tree)
    return tree


def measure(tree: Path, texts: list[str]) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
        cwd=tree,  # "python -c" puts the working folder first on sys.path: it must be the tree
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{tree}: the extraction failed:\n{result.stderr[-2000:]}")
    figures = json.loads(result.stdout.splitlines()[-1])
    if not Path(figures.pop("code")).resolve().is_relative_to(tree.resolve()):
        sys.exit(f"{tree}: the child imported claimtrack from elsewhere")
    return {name: float(value) for name, value in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", type=Path, help="a folder of .txt/.md documents, or a JSONL")
    parser.add_argument("--baseline", default="e50e665", help="git revision to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is kept)")
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="the code to measure (default: this working tree)"
    )
    args = parser.parse_args()
    news = read_news(args.news)
    if not news:
        sys.exit(f"no documents in {args.news}")
    seed = next(iter(sorted((ROOT / "seeds").glob("*.txt")))).read_text(encoding="utf-8")
    big = one_megabyte(seed)
    big_news = one_megabyte("\n\n".join(news))
    kib = sum(len(t.encode("utf-8")) for t in news) / 1024
    print(f"news: {len(news)} documents, {kib:,.0f} KiB; 1 MB documents: the seed, the news")
    with tempfile.TemporaryDirectory(prefix="offline-speed-") as folder:
        trees = {
            f"baseline {args.baseline}": checkout(args.baseline, Path(folder)),
            "this tree": args.tree.resolve(),
        }
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(args.repeat):
            for name, tree in trees.items():
                for label, texts in (("news", news), ("1 MB", [big]), ("1 MB news", [big_news])):
                    runs.setdefault((name, label), []).append(measure(tree, texts))
    rows: dict[str, dict[str, float]] = {}
    for (name, label), found in runs.items():
        best = min(run["cpu"] for run in found)
        rows.setdefault(name, {})[f"{label} cpu"] = best
        rows[name][f"{label} spread"] = max(r["cpu"] for r in found) - best
        rows[name][f"{label} claims"] = statistics.mode(r["claims"] for r in found)
    for name, row in rows.items():
        print(
            f"{name:>20}: news {kib / row['news cpu']:7.1f} KiB/CPU-s "
            f"({row['news cpu']:.2f} s, {row['news claims']:.0f} claims); "
            f"1 MB {row['1 MB cpu']:.2f} s ({row['1 MB claims']:.0f} claims); "
            f"1 MB of news {row['1 MB news cpu']:.2f} s ({row['1 MB news claims']:.0f} claims)"
        )
    base, here = rows[f"baseline {args.baseline}"], rows["this tree"]
    print(
        f"speed-up: news {base['news cpu'] / here['news cpu']:.2f}x, "
        f"1 MB {base['1 MB cpu'] / here['1 MB cpu']:.2f}x, "
        f"1 MB of news {base['1 MB news cpu'] / here['1 MB news cpu']:.2f}x "
        f"(best of {args.repeat} runs each)"
    )


if __name__ == "__main__":
    main()
