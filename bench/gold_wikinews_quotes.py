"""Our held-out quote annotations of English Wikinews articles as gold for ``claimtrack eval``.

    python bench/gold_wikinews_quotes.py /tmp/wikinews/articles.jsonl \\
        --out /tmp/gold/quotes-wikinews.jsonl
    python bench/gold_wikinews_quotes.py /tmp/wikinews/articles.jsonl --resolve \\
        --out /tmp/gold/quotes-wikinews-resolved.jsonl
    python bench/gold_wikinews_quotes.py /tmp/wikinews/articles.jsonl --sample 2 \\
        --out /tmp/gold/quotes-wikinews-2.jsonl
    python bench/gold_wikinews_quotes.py /tmp/wikinews/articles.jsonl --sample 3 \\
        --out /tmp/gold/quotes-wikinews-3.jsonl
    python bench/gold_wikinews_quotes.py /tmp/allsides/as-ho-40-100.jsonl --sample as1 \\
        --out /tmp/gold/quotes-allsides-1.jsonl

The texts are English Wikinews articles of 2019–2020 (CC BY 2.5): the 150 articles, one JSON
object a line (``id``, ``title``, ``published``, ``text``, ``source``, ``url``), that a build
script makes from ``vanatteveldt/wikinews`` at commit 347254178bf343f3801aac1d03c41cc09c35decb
(``data/wikinews_2019.csv``, ``data/wikinews_2020.csv``; the script, ``build.py``, may be in this
folder as ``wikinews_articles.py``). Only our annotations are committed
(``bench/data/quotes_wikinews_heldout.json`` for the first sample,
``bench/data/quotes_wikinews_heldout_2.json`` for the second,
``bench/data/quotes_wikinews_heldout_3.json`` for the third: article ids, offsets, a hash of
each span, classes and speaker names); the texts are read from the file you name and written
only to ``--out``.

The articles with a pair of quotation marks within a paragraph (in file order) are the pool.
``--sample 1`` (the default) is ``random.Random(107).sample`` of 40 of them; ``--sample 2`` is
``random.Random(113).sample`` of 40 of those not in the first; ``--sample 3`` is all the others
(45, in file order). This script draws the sample again and stops if it is not the annotated
one, or if a span's text differs from the annotated text (its hash).

``--sample as1`` is the same kind of annotation on US political news and opinion: its
positional argument is the AllSides build of ``allsides_articles.py --part held-out --skip 40
--n 60`` (60 articles of the held-out part), and its sample is the first 30 of them, in file
order, with a pair of quotation marks within a paragraph and at most 9,000 characters
(``bench/data/quotes_allsides_heldout_1.json``).

What becomes gold, one line per article, ``kinds: ["quote"]``, ``published`` from the article:

- ``quote``: words someone said or wrote, inside quotation marks, four words or more — a gold
  quote (its span is the words inside the marks; a quote nested in a quote is part of it).
- ``short`` (three words or fewer) and ``term`` (scare quotes, quoted terms, unattributed
  phrases): optional, counting neither for nor against.
- ``name`` (titles, nicknames, names, glosses): not gold, so a quote found there counts against
  precision.
- ``speaker``: the accepted names when the attribution names the speaker. A pronoun or a
  description ("he said", "the commission said") gives no speaker, as in ``gold_polnear.py``;
  with ``--resolve`` such quotes take the name it refers to (``speaker_resolved``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Sample:
    """One annotated sample: its seed (None: all the articles left, in file order), its
    annotations, the samples drawn before it, and (unseeded) how many of the eligible articles
    it takes and the longest text it admits (None: no limit)."""

    seed: int | None
    annotations: Path
    after: tuple[int | str, ...] = ()
    first: int | None = None
    max_chars: int | None = None


SAMPLES: dict[int | str, Sample] = {
    1: Sample(107, HERE / "data" / "quotes_wikinews_heldout.json"),
    2: Sample(113, HERE / "data" / "quotes_wikinews_heldout_2.json", after=(1,)),
    3: Sample(None, HERE / "data" / "quotes_wikinews_heldout_3.json", after=(1, 2)),
    "as1": Sample(None, HERE / "data" / "quotes_allsides_heldout_1.json", first=30, max_chars=9000),
}
SIZE = 40
_PAIR = re.compile(r'"[^"\n]+"|“[^”\n]+”')  # a pair of quotation marks within a paragraph
GOLD = "quote"
OPTIONAL = {"short": "a quoted fragment of three words or fewer", "term": "a scare quote or term"}
NOT_QUOTES = "name"


def read_articles(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def sample_ids(articles: list[dict[str, Any]], sample: int | str = 1) -> list[str]:
    """An annotated sample: 40 of the articles with a pair of quotation marks that no earlier
    sample holds, drawn with the sample's seed, or all of them (or its first few, no longer
    than its limit) when it has none."""
    spec = SAMPLES[sample]
    drawn = {name for earlier in spec.after for name in sample_ids(articles, earlier)}
    eligible = [
        a
        for a in articles
        if _PAIR.search(a["text"])
        and a["id"] not in drawn
        and (spec.max_chars is None or len(a["text"]) <= spec.max_chars)
    ]
    if spec.seed is not None:
        return [a["id"] for a in random.Random(spec.seed).sample(eligible, SIZE)]
    return [a["id"] for a in eligible[: spec.first]]


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def quote_claim(item: dict[str, Any], resolve: bool) -> dict[str, Any]:
    claim: dict[str, Any] = {"kind": "quote", "spans": {"quote": [item["start"], item["end"]]}}
    speaker = item.get("speaker") or (item.get("speaker_resolved") if resolve else None)
    if speaker:
        claim["speaker"] = speaker
    if item["class"] in OPTIONAL:
        claim["optional"] = True
        claim["note"] = OPTIONAL[item["class"]]
    return claim


def gold_lines(
    articles: list[dict[str, Any]],
    annotations: dict[str, Any],
    resolve: bool,
    sample: int | str = 1,
) -> list[dict[str, Any]]:
    by_id = {a["id"]: a for a in articles}
    documents: list[str] = annotations["documents"]
    if sample_ids(articles, sample) != documents:
        sys.exit("the articles file does not give the annotated sample (another build?)")
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in annotations["quotes"]:
        text = by_id[item["document"]]["text"]
        if span_hash(text[item["start"] : item["end"]]) != item["sha1"]:
            sys.exit(f"{item['document']}: the text differs from the annotation at {item['start']}")
        if item["class"] != NOT_QUOTES:
            by_document[item["document"]].append(item)
    return [
        {
            "id": name,
            "text": by_id[name]["text"],
            "published": by_id[name]["published"],
            "kinds": ["quote"],
            "claims": [quote_claim(i, resolve) for i in by_document[name]],
        }
        for name in documents
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "articles",
        type=Path,
        help="the 150 Wikinews articles, or for as1 the 60 AllSides ones (JSON Lines)",
    )
    parser.add_argument(
        "--sample",
        type=lambda name: int(name) if name.isdigit() else name,
        choices=list(SAMPLES),
        default=1,
        help="1: the first 40 articles (seed 107); 2: the next 40 (seed 113); 3: the other 45;"
        " as1: 30 AllSides articles (the first eligible)",
    )
    parser.add_argument("--annotations", type=Path, help="default: the sample's own file")
    parser.add_argument("--resolve", action="store_true", help="score pronoun speakers too")
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    args = parser.parse_args()
    path = args.annotations or SAMPLES[args.sample].annotations
    annotations = json.loads(path.read_text(encoding="utf-8"))
    lines = gold_lines(read_articles(args.articles), annotations, args.resolve, args.sample)
    with args.out.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    claims = [c for line in lines for c in line["claims"]]
    optional = sum(bool(c.get("optional")) for c in claims)
    speakers = sum("speaker" in c for c in claims if not c.get("optional"))
    print(
        f"{args.out}: {len(lines)} documents, {len(claims) - optional} gold quotes "
        f"({speakers} with a speaker), {optional} optional"
    )


if __name__ == "__main__":
    main()
