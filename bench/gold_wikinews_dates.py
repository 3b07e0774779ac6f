"""Held-out date gold on fresh Wikinews text, rebuilt from our annotations and your copy of it.

    python bench/gold_wikinews_dates.py /tmp/wikinews/articles.jsonl --out GOLD.jsonl
    python bench/gold_wikinews_dates.py /tmp/wikinews/articles.jsonl --sample 2 --out GOLD2.jsonl
    python bench/gold_wikinews_dates.py /tmp/wikinews/articles.jsonl --sample 3 --out GOLD3.jsonl
    python bench/gold_wikinews_dates.py /tmp/wikinews/all.jsonl --sample 4 --out GOLD4.jsonl
    python bench/gold_wikinews_dates.py /tmp/wikinews/all.jsonl --sample 5 --out GOLD5.jsonl
    python bench/gold_wikinews_dates.py /tmp/wikinews/all.jsonl --sample 6 --out GOLD6.jsonl
    python bench/gold_wikinews_dates.py as-ho-0-40.jsonl --sample as1 --out GOLD-AS1.jsonl
    python bench/gold_wikinews_dates.py as-ho-200-240.jsonl --sample as2 --out GOLD-AS2.jsonl
    python bench/gold_wikinews_dates.py as-ho-400-440.jsonl --sample as3 --out GOLD-AS3.jsonl
    python bench/gold_wikinews_dates.py as-ho-500-540.jsonl --sample as4 --out GOLD-AS4.jsonl

``bench/data/dates_wikinews_heldout.json`` (``--sample 1``, the default) holds TimeML-style
annotations (TIMEX3 extent as character offsets, type, value) of every temporal expression in 40
English Wikinews articles of 2019-2020 (CC BY 2.5), drawn at random (seed 109) from the 150 that
``bench/wikinews_articles.py`` writes as JSON Lines (id, title, published, text, source, url). How
they were drawn and annotated is in the file's ``what``.
``bench/data/dates_wikinews_heldout_2.json`` (``--sample 2``) holds a second sample annotated the
same way: 40 of the 110 articles the first left out, drawn with seed 127;
``bench/data/dates_wikinews_heldout_3.json`` (``--sample 3``) a third: 30 of the 70 neither drew,
in the order of seed 131 (texts over 8,000 characters skipped; none was);
``bench/data/dates_wikinews_heldout_4.json`` (``--sample 4``) a fourth, from a larger build:
``bench/wikinews_articles.py --n 261`` writes all 261 eligible articles (``all.jsonl`` above),
and 40 of the 111 whose id is not among the default build's 150 were drawn with seed 137 (texts
over 8,000 characters skipped; none was); ``bench/data/dates_wikinews_heldout_5.json``
(``--sample 5``) a fifth: the 71 of those 111 that sample 4 did not draw, in the order of
``random.Random(137).sample(pool, 111)[40:]``, the first 35 of at most 8,000 characters (none
skipped); ``bench/data/dates_wikinews_heldout_6.json`` (``--sample 6``) a sixth, the last: the
36 that samples 4 and 5 did not take, ``random.Random(137).sample(pool, 111)[75:]``, the first
25 of at most 8,000 characters (none skipped). Samples 1-3 read the 150-article file, samples
4-6 the 261-article one (which holds the 150 too, the same records).
``bench/data/dates_allsides_heldout_1.json`` (``--sample as1``),
``bench/data/dates_allsides_heldout_2.json`` (``--sample as2``) and
``bench/data/dates_allsides_heldout_3.json`` (``--sample as3``) are the same kind of gold on US
political news and opinion of 2012-2020: 30 articles each of the AllSides corpus's held-out part,
the first 30 of at most 9,000 characters in the file ``bench/allsides_articles.py --git-dir
Article-Bias-Prediction/.git --part held-out`` writes with ``--skip 0 --n 40`` (as1),
``--skip 200 --n 40`` (as2) or ``--skip 400 --n 40`` (as3); give that file as the articles (the
files' ``what`` says more). ``bench/data/dates_allsides_heldout_4.json`` (``--sample as4``) is a
fourth: the first 25 articles of at most 8,000 characters of the file ``--skip 500 --n 40``
writes (``as-ho-500-540.jsonl``; 6 longer ones skipped).
The texts are not committed: this script reads them from the JSON Lines you give, checks each
against the annotated text's SHA-256, and writes one gold line an article (``id``, ``text``,
``published``, ``kinds: ["date"]``, the date claims).

Each expression becomes a date claim exactly as ``gold_timeml.py`` makes one of a TIMEX3: DATE
and TIME are gold dates, with the value in claimtrack's notation (``197`` for TimeML's
``197X``, ``20`` for ``20XX``, padded weeks); DURATION, SET and the general references
(PRESENT_REF, PAST_REF, FUTURE_REF) are optional, and so are the few DATE/TIME expressions the
annotation marks ``optional`` (with why: an anaphoric "then", a year that is part of a name…).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gold_timeml import GENERAL_REFERENCES, claimtrack_value, write_gold  # noqa: E402

SAMPLES = {
    "1": HERE / "data" / "dates_wikinews_heldout.json",
    "2": HERE / "data" / "dates_wikinews_heldout_2.json",
    "3": HERE / "data" / "dates_wikinews_heldout_3.json",
    "4": HERE / "data" / "dates_wikinews_heldout_4.json",
    "5": HERE / "data" / "dates_wikinews_heldout_5.json",
    "6": HERE / "data" / "dates_wikinews_heldout_6.json",
    "as1": HERE / "data" / "dates_allsides_heldout_1.json",
    "as2": HERE / "data" / "dates_allsides_heldout_2.json",
    "as3": HERE / "data" / "dates_allsides_heldout_3.json",
    "as4": HERE / "data" / "dates_allsides_heldout_4.json",
}


def date_claim(date: dict[str, Any]) -> dict[str, Any]:
    """One annotated expression as a gold date claim (optional when it is not a date)."""
    claim: dict[str, Any] = {
        "kind": "date",
        "spans": {"date": [date["start"], date["end"]]},
        "date_value": claimtrack_value(date["value"]),
    }
    dated = date["type"] in ("DATE", "TIME") and date["value"] not in GENERAL_REFERENCES
    if not dated or date.get("optional"):
        claim["optional"] = True
        claim["note"] = f"TIMEX3 {date['type']} {date['value']}"
        if date.get("why"):
            claim["note"] += f" ({date['why']})"
    return claim


def gold_line(document: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """The gold line of one annotated document, on its article's text."""
    text = article["text"]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != document["text_sha256"]:
        raise ValueError(f"{document['id']}: the text differs from the one annotated")
    for date in document["dates"]:
        if not 0 <= date["start"] < date["end"] <= len(text):
            span = f"{date['start']}-{date['end']}"
            raise ValueError(f"{document['id']}: span {span} out of the text")
    return {
        "id": document["id"],
        "text": text,
        "published": document["published"],
        "kinds": ["date"],
        "claims": [date_claim(d) for d in document["dates"]],
    }


def read_articles(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return {article["id"]: article for article in map(json.loads, lines)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "articles",
        type=Path,
        help="the JSON Lines bench/wikinews_articles.py writes (as1-as4: allsides_articles.py)",
    )
    parser.add_argument("--out", type=Path, required=True, help="the gold JSONL to write")
    parser.add_argument(
        "--sample",
        choices=sorted(SAMPLES),
        default="1",
        help="which annotated sample: 1 (seed 109, the default), 2 (seed 127, of the 110 left), "
        "3 (seed 131, 30 of the 70 left), 4 (seed 137, of the 111 only in the --n 261 "
        "build; give that build's file), 5 (35 of the 71 of those sample 4 left, same file), "
        "6 (25 of the last 36 of those, same file); "
        "as1, as2, as3: 30 AllSides held-out articles each "
        "(--skip 0, 200, 400 with --n 40; see the docstring); "
        "as4: 25 of --skip 500 --n 40",
    )
    parser.add_argument("--annotations", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = args.annotations or SAMPLES[args.sample]
    annotations = json.loads(path.read_text(encoding="utf-8"))
    articles = read_articles(args.articles)
    missing = [d["id"] for d in annotations["documents"] if d["id"] not in articles]
    if missing:
        sys.exit(f"{args.articles}: no article {', '.join(missing)}")
    try:
        lines = [gold_line(d, articles[d["id"]]) for d in annotations["documents"]]
    except ValueError as problem:
        sys.exit(f"{args.articles}: {problem}")
    gold, optional = write_gold(args.out, lines)
    print(
        f"{args.out}: {len(lines)} documents, {gold - optional} gold dates, "
        f"{optional} optional time expressions"
    )


if __name__ == "__main__":
    main()
