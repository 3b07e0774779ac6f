"""Our quote annotations (bench/data/quotes_*.json) on TimeML texts as gold for ``claimtrack eval``.

    python bench/gold_quotes.py PATH/TO/te3-platinum --out /tmp/gold-quotes-platinum.jsonl
    python bench/gold_quotes.py PATH/TO/TBAQ-cleaned/AQUAINT \\
        --annotations bench/data/quotes_aquaint_heldout.json --out /tmp/gold-quotes-aquaint.jsonl

One gold line per .tml file of the folder (documents without an annotated quote too: a quote
found there is a wrong one), with ``kinds: ["quote"]``, the document creation time as
``published``, and one quote claim per annotation: its ``quote`` span (the words inside the
quotation marks) and the accepted ``speaker`` names. Quotes annotated ``"speech": false``
(scare quotes, quoted terms) are optional: they count neither for nor against.

The texts are read from your copy and written only to the path you give; only the annotations
(offsets and names) are ours and committed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_timeml import unique_texts  # noqa: E402
from timeml import TimemlDocument, read_folder  # noqa: E402


def quote_claim(item: dict[str, Any]) -> dict[str, Any]:
    claim: dict[str, Any] = {"kind": "quote", "spans": {"quote": [item["start"], item["end"]]}}
    if item.get("speaker"):
        claim["speaker"] = item["speaker"]
    if not item["speech"]:
        claim["optional"] = True
        claim["note"] = "not speech: a scare quote or a quoted term"
    return claim


def gold_lines(
    documents: list[TimemlDocument], annotations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in annotations:
        by_document[item["document"]].append(item)
    names = {d.name for d in documents}
    missing = sorted(set(by_document) - names)
    if missing:
        sys.exit(f"annotated documents not in the folder: {missing}")
    lines = []
    for document in documents:
        for item in by_document.get(document.name, []):
            at = document.text[item["start"] : item["start"] + len(item["opening"])]
            if at != item["opening"]:
                sys.exit(
                    f"{document.name}: the text differs from the annotated one at {item['start']}"
                )
        line: dict[str, Any] = {"id": document.name, "text": document.text}
        if document.dct:
            line["published"] = document.dct.isoformat()
        line["kinds"] = ["quote"]
        line["claims"] = [quote_claim(i) for i in by_document.get(document.name, [])]
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder of .tml files annotated")
    parser.add_argument(
        "--annotations", type=Path, default=HERE / "data" / "quotes_te3_platinum.json"
    )
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    args = parser.parse_args()
    documents = read_folder(args.folder)
    if not documents:
        sys.exit(f"no .tml files in {args.folder}")
    lines = unique_texts(gold_lines(documents, json.loads(args.annotations.read_text())["quotes"]))
    with args.out.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    claims = [c for line in lines for c in line["claims"]]
    optional = sum(bool(c.get("optional")) for c in claims)
    print(
        f"{args.out}: {len(lines)} documents, {len(claims) - optional} gold quotes, "
        f"{optional} optional"
    )


if __name__ == "__main__":
    main()
