"""Precision and recall of claimtrack's date tagger on a TimeML corpus (e.g. TempEval-3 platinum).

    python bench/dates_devset.py PATH/TO/te3-platinum [--show-misses]

Recall counts gold TIMEX3 of type DATE and TIME that a found expression overlaps; "value" is the
share of those found whose normalised value equals the gold one, given the document date (DCT).
Precision counts found expressions that overlap any gold TIMEX3 (durations and sets included, so a
tagger is not punished for finding "two weeks"). A second pass without the DCT shows how many
values stay resolvable when a document comes with no date.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timeml import read_folder

from claimtrack.dates import find_dates


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def same_value(ours: str | None, gold: str) -> bool:
    """Equal values, reading TimeML's unpadded weeks ("2000-W7") as padded ones."""
    if ours is None:
        return False
    return ours == re.sub(r"-W(\d)\b", r"-W0\1", gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    documents = read_folder(args.folder)
    if not documents:
        sys.exit(f"no .tml files in {args.folder}")
    gold_total = found = exact_span = right_value = 0
    predicted_total = predicted_right = 0
    started = time.perf_counter()
    for doc in documents:
        mentions = find_dates(doc.text, doc.dct)
        gold = [t for t in doc.timexes if t.type in ("DATE", "TIME")]
        gold_total += len(gold)
        for timex in gold:
            hits = [m for m in mentions if overlaps(m.start, m.end, timex.start, timex.end)]
            if not hits:
                if args.show_misses:
                    print(f"MISS {doc.name}: {timex.text!r} {timex.value}")
                continue
            found += 1
            exact_span += any(m.start == timex.start and m.end == timex.end for m in hits)
            if any(same_value(m.value, timex.value) for m in hits):
                right_value += 1
            elif args.show_misses:
                print(
                    f"VALUE {doc.name}: {timex.text!r} gold={timex.value} "
                    f"got={[m.value for m in hits]}"
                )
        for mention in mentions:
            predicted_total += 1
            if any(overlaps(mention.start, mention.end, t.start, t.end) for t in doc.timexes):
                predicted_right += 1
            elif args.show_misses:
                print(f"EXTRA {doc.name}: {mention.text!r} {mention.value}")
    elapsed = time.perf_counter() - started
    print(f"documents {len(documents)}, gold DATE/TIME {gold_total}, found {predicted_total}")
    print(f"recall      {found / gold_total:.3f}  ({found}/{gold_total})")
    print(f"exact spans {exact_span / max(found, 1):.3f} of those found")
    print(f"values      {right_value / max(found, 1):.3f} correct of those found")
    print(f"precision   {predicted_right / max(predicted_total, 1):.3f}")
    print(f"time        {elapsed:.2f} s ({elapsed / len(documents) * 1000:.0f} ms a document)")


if __name__ == "__main__":
    main()
