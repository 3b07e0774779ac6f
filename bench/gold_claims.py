"""Our agreement and statement annotations (bench/data/claims_te3_platinum.json) on the
TempEval-3 platinum texts as gold for ``claimtrack eval``.

    python bench/gold_claims.py PATH/TO/te3-platinum --out /tmp/gold-claims-platinum.jsonl

The annotations name sentences by their start offset. Each becomes a claim whose ``evidence`` is
that sentence, as claimtrack's sentence splitter (``claimtrack.segment``) cuts it:

- agreements, in every document (``kinds`` includes ``agreement``), with their ``parties`` (each
  party a list of the names that count for it);
- statements (sentences with a checkable quantity), only in the two documents annotated for them
  (``kinds`` includes ``statement`` there alone). No quantities were annotated, so only spans are
  scored.

The texts are read from your copy and written only to the path you give.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_timeml import unique_texts  # noqa: E402
from timeml import TimemlDocument, read_folder  # noqa: E402

from claimtrack.segment import sentences  # noqa: E402


def sentence_span(document: TimemlDocument, start: int) -> list[int]:
    """``[start, end]`` of the sentence that starts at ``start``."""
    for sentence in sentences(document.text):
        if sentence.start == start:
            return [sentence.start, sentence.end]
    sys.exit(f"{document.name}: no sentence starts at {start}")


def gold_lines(
    documents: list[TimemlDocument], annotations: dict[str, Any]
) -> list[dict[str, Any]]:
    agreements: dict[str, list[dict[str, Any]]] = {}
    for item in annotations["agreements"]["items"]:
        agreements.setdefault(item["document"], []).append(item)
    statements: dict[str, list[int]] = annotations["statements"]["documents"]
    names = {d.name for d in documents}
    missing = sorted((set(agreements) | set(statements)) - names)
    if missing:
        sys.exit(f"annotated documents not in the folder: {missing}")
    lines = []
    for document in documents:
        claims: list[dict[str, Any]] = [
            {
                "kind": "agreement",
                "spans": {"evidence": sentence_span(document, item["sentence"])},
                "parties": item["parties"],
            }
            for item in agreements.get(document.name, [])
        ]
        kinds = ["agreement"]
        if document.name in statements:
            kinds.append("statement")
            claims.extend(
                {"kind": "statement", "spans": {"evidence": sentence_span(document, start)}}
                for start in statements[document.name]
            )
        line: dict[str, Any] = {"id": document.name, "text": document.text}
        if document.dct:
            line["published"] = document.dct.isoformat()
        line["kinds"] = kinds
        line["claims"] = claims
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the TempEval-3 platinum folder")
    parser.add_argument(
        "--annotations", type=Path, default=HERE / "data" / "claims_te3_platinum.json"
    )
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    args = parser.parse_args()
    documents = read_folder(args.folder)
    if not documents:
        sys.exit(f"no .tml files in {args.folder}")
    lines = unique_texts(gold_lines(documents, json.loads(args.annotations.read_text())))
    with args.out.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    kinds = [c["kind"] for line in lines for c in line["claims"]]
    print(
        f"{args.out}: {len(lines)} documents, {kinds.count('agreement')} gold agreements, "
        f"{kinds.count('statement')} gold statements"
    )


if __name__ == "__main__":
    main()
