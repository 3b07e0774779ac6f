"""Precision and recall of the offline extractor's agreements and numeric statements.

    python bench/claims_devset.py PATH/TO/te3-platinum [--show]

Annotations (ours, committed): bench/data/claims_te3_platinum.json. An agreement is found when
an agreement claim's evidence starts at the annotated sentence; a party is right when one of
the predicted parties contains one of its accepted names. A statement sentence is found
"strictly" by a statement claim, and "covered" by a claim of any kind (the extractor does not
repeat a sentence's numbers as a statement when it is already a dated event, quote or agreement).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timeml import read_folder  # noqa: E402

from claimtrack.offline.extractor import OfflineExtractor  # noqa: E402
from claimtrack.records import AgreementClaim, Document, StatementClaim  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--annotations", type=Path, default=HERE / "data" / "claims_te3_platinum.json"
    )
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    gold = json.loads(args.annotations.read_text())
    documents = {d.name: d for d in read_folder(args.folder)}
    extractor = OfflineExtractor()
    claims = {
        name: extractor.extract(Document(doc.text, name, published=doc.dct))
        for name, doc in documents.items()
    }

    items = gold["agreements"]["items"]
    wanted = {(i["document"], i["sentence"]) for i in items}
    predicted = [
        (name, c) for name, found in claims.items() for c in found if isinstance(c, AgreementClaim)
    ]
    hits = {(n, c.evidence.start) for n, c in predicted} & wanted
    parties_total = parties_right = 0
    for item in items:
        matches = [
            c
            for n, c in predicted
            if n == item["document"] and c.evidence.start == item["sentence"]
        ]
        for accepted in item["parties"]:
            parties_total += 1
            if matches and any(
                any(a.lower() in p.lower() for a in accepted) for p in matches[0].parties
            ):
                parties_right += 1
        if args.show and not matches:
            print(f"MISS  agreement {item['document']}@{item['sentence']}")
    if args.show:
        for name, claim in predicted:
            if (name, claim.evidence.start) not in wanted:
                print(f"EXTRA agreement {name}@{claim.evidence.start}: {claim.claim[:80]!r}")
    print(f"agreements: gold {len(wanted)}, predicted {len(predicted)}")
    print(f"  recall    {len(hits) / len(wanted):.3f}")
    print(f"  precision {len(hits) / max(len(predicted), 1):.3f}")
    print(
        f"  parties   {parties_right / parties_total:.3f} of gold parties named "
        f"({parties_right}/{parties_total})"
    )

    strict = covered = gold_total = predicted_total = predicted_right = 0
    for name, starts in gold["statements"]["documents"].items():
        found = claims[name]
        statement_starts = {c.evidence.start for c in found if isinstance(c, StatementClaim)}
        any_starts = {c.evidence.start for c in found}
        gold_total += len(starts)
        strict += len(set(starts) & statement_starts)
        covered += len(set(starts) & any_starts)
        predicted_total += len(statement_starts)
        predicted_right += len(statement_starts & set(starts))
        if args.show:
            for start in sorted(set(starts) - any_starts):
                print(f"MISS  statement {name}@{start}")
            for start in sorted(statement_starts - set(starts)):
                print(f"EXTRA statement {name}@{start}")
    print(f"statements: gold {gold_total}, predicted {predicted_total}")
    print(
        f"  recall    {strict / gold_total:.3f} as statements, {covered / gold_total:.3f} "
        "covered by a claim of any kind"
    )
    print(f"  precision {predicted_right / max(predicted_total, 1):.3f}")


if __name__ == "__main__":
    main()
