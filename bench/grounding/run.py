"""Grounding benchmark: claimtrack's grounder and langextract's aligner, side by side, one run.

    bench/grounding/setup.sh          # once: a separate venv with langextract 1.7.1 + claimtrack
    bench/grounding/.venv/bin/python bench/grounding/run.py [--per-kind 250] [--only claimtrack]

A faithful excerpt counts as grounded when the span returned overlaps the true passage with an
IoU of at least 0.9. A fabricated one counts as rejected when nothing is returned. An altered
one (a number, year, month or name changed) counts as "reported exact" when claimtrack returns
``exact`` or a score of 1.0, or langextract returns ``MATCH_EXACT``. Times are per excerpt,
measured around each call; claimtrack's "cold" time clears its per-document cache before every
call, so it includes folding the whole document each time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import FAITHFUL, KINDS, Case, load_corpus, make_cases  # noqa: E402

from claimtrack import grounding  # noqa: E402

Result = tuple[int, int, bool] | None  # start, end, reported exact


def claimtrack_grounder(cold: bool) -> Callable[[str, str], Result]:
    def run(text: str, excerpt: str) -> Result:
        if cold:
            grounding._folded.cache_clear()
        g = grounding.ground(text, excerpt)
        if g is None:
            return None
        return g.start, g.end, g.exact or g.score == 1.0

    return run


def langextract_grounder() -> Callable[[str, str], Result] | None:
    try:
        from langextract import resolver
        from langextract.core import data
    except ImportError:
        return None
    aligner = resolver.Resolver()

    def run(text: str, excerpt: str) -> Result:
        extraction = data.Extraction(extraction_class="c", extraction_text=excerpt)
        (aligned,) = list(aligner.align([extraction], text, token_offset=0, char_offset=0))
        interval = aligned.char_interval
        if interval is None or interval.start_pos is None:
            return None
        status = getattr(aligned.alignment_status, "name", str(aligned.alignment_status))
        return interval.start_pos, interval.end_pos, status == "MATCH_EXACT"

    return run


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def score(
    cases: list[Case], corpus: dict[str, str], grounder: Callable[[str, str], Result]
) -> tuple[dict[str, tuple[int, int]], dict[str, float]]:
    """Per kind: (successes, total), and mean seconds per excerpt."""
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    times: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        text = corpus[case.document]
        started = time.perf_counter()
        result = grounder(text, case.excerpt)
        times[case.kind].append(time.perf_counter() - started)
        total[case.kind] += 1
        if case.kind in FAITHFUL:
            right[case.kind] += (
                result is not None and iou(result[:2], (case.start, case.end)) >= 0.9
            )
        elif case.kind == "fabricated":
            right[case.kind] += result is None
        else:  # altered: a success is NOT being reported exact
            right[case.kind] += result is None or not result[2]
    return (
        {k: (right[k], total[k]) for k in total},
        {k: statistics.fmean(v) for k, v in times.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=250)
    parser.add_argument("--only", choices=["claimtrack"], default=None)
    parser.add_argument(
        "--seed",
        type=int,
        default=20261128,
        help="another seed draws other excerpts and distortions",
    )
    args = parser.parse_args()
    corpus = load_corpus()
    cases = make_cases(args.per_kind, args.seed)
    systems: dict[str, Callable[[str, str], Result]] = {
        "claimtrack": claimtrack_grounder(cold=False),
        "claimtrack cold": claimtrack_grounder(cold=True),
    }
    lx = None if args.only else langextract_grounder()
    if lx is not None:
        systems["langextract"] = lx
    elif not args.only:
        print("langextract is not installed here: run bench/grounding/setup.sh (claimtrack only)")
    results = {name: score(cases, corpus, grounder) for name, grounder in systems.items()}

    names = list(systems)
    print(
        f"{len(cases)} excerpts of {len(corpus)} public-domain documents "
        f"({sum(len(t) for t in corpus.values()):,} characters)\n"
    )
    header = f"{'kind':<12}{'n':>5}" + "".join(f"{n:>17}" for n in names)
    print("share right (faithful: IoU>=0.9; fabricated: rejected; altered: not reported exact)")
    print(header)
    for kind in KINDS:
        n = results[names[0]][0][kind][1]
        row = f"{kind:<12}{n:>5}"
        for name in names:
            ok, total = results[name][0][kind]
            row += f"{ok / total:>17.3f}"
        print(row)
    print("\nsummary")
    for name in names:
        counts = results[name][0]
        faithful = sum(counts[k][0] for k in FAITHFUL) / sum(counts[k][1] for k in FAITHFUL)
        fabricated = counts["fabricated"][0] / counts["fabricated"][1]
        altered_exact = counts["altered"][1] - counts["altered"][0]
        all_times = [results[name][1][k] for k in KINDS]
        mean = statistics.fmean(all_times)
        print(
            f"  {name:<16} faithful grounded {faithful:.3f}   fabricated rejected "
            f"{fabricated:.3f}   altered reported exact {altered_exact}   "
            f"{mean * 1e3:.3f} ms per excerpt"
        )
    print("\ntime per excerpt (ms)")
    print(f"{'kind':<12}" + "".join(f"{n:>17}" for n in names))
    for kind in KINDS:
        print(f"{kind:<12}" + "".join(f"{results[n][1][kind] * 1e3:>17.3f}" for n in names))
    if "langextract" in results:
        lx_mean = statistics.fmean(results["langextract"][1].values())
        for name in ("claimtrack", "claimtrack cold"):
            ours = statistics.fmean(results[name][1].values())
            print(f"\nlangextract / {name}: {lx_mean / ours:.1f}x the time per excerpt")


if __name__ == "__main__":
    main()
