"""Recall, precision and speaker accuracy of the offline extractor's direct quotes.

    python bench/quotes_devset.py PATH/TO/te3-platinum [--annotations FILE.json]

The annotations (ours, committed) name each quote by document and character offsets into the
TimeML text, and the speakers that count as right; the texts themselves are not ours to
redistribute, so they are read from the folder given.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timeml import read_folder  # noqa: E402

from claimtrack.offline.extractor import OfflineExtractor  # noqa: E402
from claimtrack.records import Document, QuoteClaim  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--annotations", type=Path, default=HERE / "data" / "quotes_te3_platinum.json"
    )
    parser.add_argument("--show", action="store_true", help="print every miss and wrong speaker")
    args = parser.parse_args()
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for item in json.loads(args.annotations.read_text())["quotes"]:
        gold_by_doc[item["document"]].append(item)
    documents = {d.name: d for d in read_folder(args.folder)}
    missing = set(gold_by_doc) - set(documents)
    if missing:
        sys.exit(f"annotated documents not in {args.folder}: {sorted(missing)}")
    extractor = OfflineExtractor()
    speech = found = right_speaker = predicted = predicted_right = 0
    for name, doc in sorted(documents.items()):
        gold = gold_by_doc.get(name, [])
        for item in gold:
            if doc.text[item["start"] : item["start"] + len(item["opening"])] != item["opening"]:
                sys.exit(f"{name}: the text differs from the annotated one at {item['start']}")
        claims = [
            c
            for c in extractor.extract(Document(doc.text, name, published=doc.dct))
            if isinstance(c, QuoteClaim)
        ]
        for item in gold:
            if not item["speech"]:
                continue
            speech += 1
            hits = [
                c
                for c in claims
                if c.spans["quote"].start < item["end"] and item["start"] < c.spans["quote"].end
            ]
            if not hits:
                if args.show:
                    print(f"MISS    {name}@{item['start']}: {item['opening']!r}")
                continue
            found += 1
            speaker = (hits[0].speaker or "").lower()
            if any(token.lower() in speaker for token in item["speaker"]):
                right_speaker += 1
            elif args.show:
                print(
                    f"SPEAKER {name}@{item['start']}: gold {item['speaker']} "
                    f"got {hits[0].speaker!r}"
                )
        for claim in claims:
            predicted += 1
            quote = claim.spans["quote"]
            if any(quote.start < g["end"] and g["start"] < quote.end for g in gold):
                predicted_right += 1
            elif args.show:
                print(f"EXTRA   {name}: {claim.quote[:60]!r}")
    print(f"documents {len(documents)}, annotated speech quotes {speech}, predicted {predicted}")
    print(f"recall    {found / speech:.3f} ({found}/{speech})")
    print(
        f"speakers  {right_speaker / max(found, 1):.3f} correct of those found "
        f"({right_speaker}/{found})"
    )
    print(f"precision {predicted_right / max(predicted, 1):.3f}")


if __name__ == "__main__":
    main()
