"""A TimeML folder (TempEval-3, TimeBank, AQUAINT) as gold dates for ``claimtrack eval``.

    python bench/gold_timeml.py PATH/TO/te3-platinum --out /tmp/gold-dates.jsonl

One gold line per .tml file: the plain text of <TEXT> (as bench/timeml.py reads it), the document
creation time as ``published``, ``kinds: ["date"]``, and one date claim per TIMEX3:

- DATE and TIME expressions are gold dates: the ``date`` span and the TIMEX3 value as
  ``date_value``, in claimtrack's notation where TimeML's differs: unpadded weeks (``2000-W7``)
  padded (``2000-W07``), decades and centuries (``198X``, ``19XX``) written as ISO 8601 reduced
  precision (``198``, ``19``), and so are trailing unknown parts (``1968-XX``, ``1994-XX-XX``:
  a year whose month and day are not known, which claimtrack writes ``1968``, ``1994``);
- DURATION and SET expressions ("two weeks", "every Friday") are optional, and so are DATE
  expressions whose value is a general reference (PRESENT_REF "now", PAST_REF "recently",
  FUTURE_REF): they are time expressions but not dates a claim can be checked against, and
  claimtrack does not make dated events of them. ``--refs-required`` counts those references as
  gold.

The texts are not ours to redistribute: they are read from your copy and written only to the
path you give; nothing of them is committed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timeml import TimemlDocument, Timex, read_folder  # noqa: E402

GENERAL_REFERENCES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def claimtrack_value(value: str) -> str:
    """A TIMEX3 value in claimtrack's notation (see the module)."""
    value = re.sub(r"-W(\d)\b", r"-W0\1", value)
    value = re.sub(r"^(\d{4}(?:-\d\d)?)(?:-XX)+$", r"\1", value)
    return re.sub(r"^(\d{2,3})X+$", r"\1", value)


def timex_claim(timex: Timex, *, refs_required: bool = False) -> dict[str, Any]:
    """One TIMEX3 as a gold date claim (optional when it is not a date; see the module)."""
    dated = timex.type in ("DATE", "TIME") and (
        refs_required or timex.value not in GENERAL_REFERENCES
    )
    claim: dict[str, Any] = {"kind": "date", "spans": {"date": [timex.start, timex.end]}}
    if timex.value:
        claim["date_value"] = claimtrack_value(timex.value)
    if not dated:
        claim["optional"] = True
        claim["note"] = f"TIMEX3 {timex.type} {timex.value}"
    return claim


def date_claims(document: TimemlDocument, *, refs_required: bool = False) -> list[dict[str, Any]]:
    return [
        timex_claim(t, refs_required=refs_required) for t in document.timexes if t.end > t.start
    ]


def gold_line(document: TimemlDocument, *, refs_required: bool = False) -> dict[str, Any]:
    line: dict[str, Any] = {"id": document.name, "text": document.text}
    if document.dct:
        line["published"] = document.dct.isoformat()
    line["kinds"] = ["date"]
    line["claims"] = date_claims(document, refs_required=refs_required)
    return line


def unique_texts(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines whose text no earlier line has: claimtrack knows a document by its text, so a
    gold file holds each text once (AQUAINT carries one article under two names, with two
    creation times). Says which were left out."""
    seen: dict[str, str] = {}
    kept = []
    for line in lines:
        first = seen.setdefault(line["text"], line["id"])
        if first != line["id"]:
            print(f"left out {line['id']}: the same text as {first}", file=sys.stderr)
            continue
        kept.append(line)
    return kept


def write_gold(path: Path, lines: list[dict[str, Any]]) -> tuple[int, int]:
    """Write gold ``lines`` to ``path`` as JSON Lines; return (claims, optional claims)."""
    gold = optional = 0
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            optional += sum(bool(c.get("optional")) for c in line["claims"])
            gold += len(line["claims"])
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return gold, optional


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of .tml files")
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    parser.add_argument(
        "--refs-required",
        action="store_true",
        help="count PRESENT_REF/PAST_REF/FUTURE_REF dates as gold, not optional",
    )
    args = parser.parse_args()
    documents = read_folder(args.folder)
    if not documents:
        sys.exit(f"no .tml files in {args.folder}")
    lines = unique_texts([gold_line(d, refs_required=args.refs_required) for d in documents])
    gold, optional = write_gold(args.out, lines)
    print(
        f"{args.out}: {len(lines)} documents, {gold - optional} gold dates, "
        f"{optional} optional time expressions"
    )


if __name__ == "__main__":
    main()
