"""Checkable statements or opinions: precision and recall of the offline extractor's `statement`s.

    python bench/statements_devset.py --polnear PATH/TO/PolNeAR/data --tempeval PATH/TO/TempEval3 \
        --meantime PATH/TO/meantime_newsreader_english_oct15 --wikinews PATH/TO/articles.jsonl
    python bench/statements_devset.py ... --unlabelled "polnear train" [--limit 60] [--seed 1]

The annotations (ours, committed: ``bench/data/statements_opinions.json``) are sentences the
offline extractor proposed as statements at some version, each labelled ``checkable`` or
``opinion`` by reading it in its document (the rule is in the file's ``what``). For each sample
of them this prints:

- **precision**: of the labelled sentences the extractor makes a `statement` of today, the share
  that are checkable (the figure the issue's goal is about);
- **recall**: of the checkable ones, the share it still makes a `statement` of (a filter that
  drops every sentence is precise and useless);
- the opinions it keeps and the checkable sentences it drops, with ``--show`` (not for the
  samples the file lists as ``held_out``, which are never read while tuning; add
  ``--show-held-out`` to read them once the rules are frozen).

A labelled sentence counts as made a statement of when a `statement` claim's evidence is that
sentence (the same start, or overlapping half of it: sentence splitting may move an edge).

``--unlabelled CORPUS`` prints statements of that corpus that carry no label yet, with their
offsets, a random sample of ``--limit`` from documents chosen with ``--seed``: that is how a
new sample is drawn for labelling (``--per-document N``: at most N of a document, drawn at
random, so that one long live blog does not make most of a sample; ``--candidates``: every
candidate, also those the gates drop, so that a sample to train a gate on is not chosen by
today's gate). With ``--new-documents``
only documents that no sample uses yet are drawn from (a held-out sample should not share an
article with the ones tuned on); ``--exclude-documents FILE`` (document names, one a line)
counts those documents as used too (ones whose statements were printed while tuning).
The texts are read from your copies of the corpora; nothing of them is committed. A MEANTIME
article's text is the one ``bench/gold_meantime.py`` rebuilds from its tokens (title, dateline and
the annotated first sentences), named by its file's stem, published on its creation time. A
Wikinews article's is the ``text`` of its line in the file ``bench/wikinews_articles.py``
writes, named by its ``id``, published on its ``published`` date; an AllSides article's the same,
in the files ``bench/allsides_articles.py`` writes (``--allsides``, once per file).
PolNeAR's test split is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gold_meantime import read_cat  # noqa: E402
from timeml import read_folder  # noqa: E402

from claimtrack.offline import events  # noqa: E402
from claimtrack.offline.extractor import OfflineExtractor  # noqa: E402
from claimtrack.records import Document, StatementClaim  # noqa: E402

ANNOTATIONS = HERE / "data" / "statements_opinions.json"
_TIMEML = {
    "te3-platinum": "Evaluation/te3-platinum",
    "te3 AQUAINT": "Training/TBAQ-cleaned/AQUAINT",
    "te3 TimeBank": "Training/TBAQ-cleaned/TimeBank",
}
_POLNEAR = {"polnear dev": "dev", "polnear train": "train"}


def corpus_documents(
    corpus: str,
    polnear: Path | None,
    tempeval: Path | None,
    meantime: Path | None = None,
    wikinews: Path | None = None,
    allsides: list[Path] | None = None,
) -> Iterator[tuple[str, str, date | None]]:
    """(document name, text, published) of every document of ``corpus``."""
    if corpus in _POLNEAR:
        if polnear is None:
            sys.exit(f"{corpus}: give --polnear")
        split = _POLNEAR[corpus]
        for path in sorted((polnear / split / "text").glob("*.txt")):
            published = path.stem.split("_")[1] if path.stem.count("_") >= 2 else ""
            try:
                day: date | None = date.fromisoformat(published)
            except ValueError:
                day = None
            yield path.stem, path.read_text(encoding="utf-8"), day
    elif corpus in _TIMEML:
        if tempeval is None:
            sys.exit(f"{corpus}: give --tempeval")
        for document in read_folder(tempeval / _TIMEML[corpus]):
            yield document.name, document.text, document.dct
    elif corpus == "meantime":
        if meantime is None:
            sys.exit(f"{corpus}: give --meantime")
        for path in sorted(meantime.glob("**/intra-doc_annotation/corpus_*/*.xml")):
            document = read_cat(path)
            yield document.name, document.text, document.dct
    elif corpus == "wikinews":
        if wikinews is None:
            sys.exit(f"{corpus}: give --wikinews")
        for line in wikinews.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                yield article["id"], article["text"], date.fromisoformat(article["published"])
    elif corpus == "allsides":
        if not allsides:
            sys.exit(f"{corpus}: give --allsides")
        for path in allsides:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    article = json.loads(line)
                    yield article["id"], article["text"], date.fromisoformat(article["published"])
    else:
        path = ROOT / corpus
        if not path.is_file():
            sys.exit(f"unknown corpus {corpus!r}")
        yield "seed", path.read_text(encoding="utf-8"), None


@contextmanager
def ungated() -> Iterator[None]:
    """Within: every statement candidate is made a statement (the anchor gate, the judgement
    check and the learned last look all say yes), so that labels cover what a later gate sees."""
    checks = (events.anchor_strength, events.is_unanchored_judgement, events.is_likely_opinion)
    events.anchor_strength = lambda body: "strong"  # type: ignore[assignment]
    events.is_unanchored_judgement = lambda body: False  # type: ignore[assignment]
    events.is_likely_opinion = lambda body, weak_anchor=False, document="", start=0: False  # type: ignore[assignment]
    try:
        yield
    finally:
        events.anchor_strength, events.is_unanchored_judgement, events.is_likely_opinion = checks


def statements(
    extractor: OfflineExtractor, text: str, name: str, day: date | None
) -> list[tuple[int, int, str]]:
    found = extractor.extract(Document(text, name, published=day))
    return [
        (c.evidence.start, c.evidence.end, c.claim) for c in found if isinstance(c, StatementClaim)
    ]


def made(item: dict[str, Any], spans: list[tuple[int, int, str]]) -> bool:
    start, end = item["start"], item["end"]
    return any(s == start or (min(e, end) - max(s, start)) * 2 >= end - start for s, e, _ in spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, help="PolNeAR's data folder (train, dev)")
    parser.add_argument("--tempeval", type=Path, help="TempEval-3's folder (Evaluation, ...)")
    parser.add_argument(
        "--meantime", type=Path, help="MEANTIME's meantime_newsreader_english_oct15 folder"
    )
    parser.add_argument(
        "--wikinews", type=Path, help="the articles.jsonl bench/wikinews_articles.py writes"
    )
    parser.add_argument(
        "--allsides",
        type=Path,
        action="append",
        help="a JSONL bench/allsides_articles.py writes (give each part's file)",
    )
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--show", action="store_true", help="print the errors")
    parser.add_argument(
        "--show-held-out", action="store_true", help="with --show, also the held-out samples'"
    )
    parser.add_argument("--unlabelled", help="print unlabelled statements of this corpus")
    parser.add_argument(
        "--candidates",
        action="store_true",
        help="with --unlabelled, every statement candidate, before the gates drop any",
    )
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--new-documents", action="store_true", help="draw only from documents no sample uses"
    )
    parser.add_argument(
        "--exclude-documents",
        type=Path,
        help="with --new-documents, a file of document names (one a line) also counted as used",
    )
    parser.add_argument(
        "--per-document", type=int, help="with --unlabelled, at most this many from a document"
    )
    args = parser.parse_args()
    if args.polnear is not None and (args.polnear / "test").resolve() == args.polnear.resolve():
        sys.exit("PolNeAR's test split is held out: give the data folder, it is never read")
    data = json.loads(args.annotations.read_text(encoding="utf-8"))
    items = data["items"]
    extractor = OfflineExtractor()
    if args.unlabelled:
        labelled = {(i["document"], i["start"]) for i in items if i["corpus"] == args.unlabelled}
        used = {i["document"] for i in items if i["corpus"] == args.unlabelled}
        if args.exclude_documents is not None:
            lines = args.exclude_documents.read_text(encoding="utf-8").splitlines()
            used |= {line.strip() for line in lines if line.strip()}
        documents = [
            document
            for document in corpus_documents(
                args.unlabelled,
                args.polnear,
                args.tempeval,
                args.meantime,
                args.wikinews,
                args.allsides,
            )
            if not (args.new_documents and document[0] in used)
        ]
        draw = random.Random(args.seed)
        draw.shuffle(documents)
        shown = 0
        for name, text, day in documents:
            with ungated() if args.candidates else nullcontext():
                proposed = statements(extractor, text, name, day)
            unread = [s for s in proposed if (name, s[0]) not in labelled]
            if args.per_document is not None and len(unread) > args.per_document:
                unread = sorted(draw.sample(unread, args.per_document), key=lambda s: s[0])
            for start, end, _ in unread:
                body = " ".join(text[start:end].split())
                print(json.dumps({"document": name, "start": start, "end": end, "text": body}))
                shown += 1
            if shown >= args.limit:
                break
        return
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in items:
        wanted[item["corpus"]].add(item["document"])
    found: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    texts: dict[tuple[str, str], str] = {}
    for corpus, names in sorted(wanted.items()):
        read = corpus_documents(
            corpus, args.polnear, args.tempeval, args.meantime, args.wikinews, args.allsides
        )
        for name, text, day in read:
            if name in names:
                found[(corpus, name)] = statements(extractor, text, name, day)
                texts[(corpus, name)] = text
    held_out = set(data.get("held_out", []))
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        samples[item["sample"]].append(item)
        pool = "all held out" if item["sample"] in held_out else "all tuned on"
        samples[pool].append(item)
    header = ("sample", "labelled", "checkable", "made", "precision", "recall")
    print("{:<28} {:>8} {:>9} {:>5} {:>9} {:>7}".format(*header))
    for sample, group in sorted(samples.items(), key=lambda kv: (kv[0].startswith("all"), kv[0])):
        kept = [i for i in group if made(i, found[(i["corpus"], i["document"])])]
        checkable = [i for i in group if i["label"] == "checkable"]
        right = [i for i in kept if i["label"] == "checkable"]
        precision = len(right) / len(kept) if kept else 0.0
        recall = len(right) / len(checkable) if checkable else 0.0
        print(
            f"{sample:<28} {len(group):>8} {len(checkable):>9} {len(kept):>5} "
            f"{precision:>9.3f} {recall:>7.3f}"
        )
        if args.show:
            hidden = sample.startswith("all") or (sample in held_out and not args.show_held_out)
            for item in group if not hidden else []:
                kept_it = item in kept
                if kept_it == (item["label"] == "checkable"):
                    continue
                text = texts[(item["corpus"], item["document"])]
                what = "KEPT OPINION" if kept_it else "DROPPED CHECKABLE"
                body = " ".join(text[item["start"] : item["end"]].split())
                print(f"  {what} {item['document']} {item['start']}: {body[:300]}")


if __name__ == "__main__":
    main()
