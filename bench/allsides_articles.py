"""Build the `allsides` corpus: US political news and opinion from the AllSides dataset.

    git clone https://github.com/ramybaly/Article-Bias-Prediction
    python bench/allsides_articles.py --git-dir Article-Bias-Prediction/.git --part dev \
        --n 300 --out allsides-dev.jsonl
    python bench/allsides_articles.py --git-dir ... --part held-out --n 150 --out allsides-ho.jsonl

The 37,554 articles of Baly et al. (EMNLP 2020, "We Can Detect Your Bias") were crawled from
allsides.com: 2012-2020, left, centre and right outlets, news and opinion (CNN, Washington Times,
Politico, Fox, Townhall, National Review, Salon, Vox, Breitbart, guest writers...). They are read
from ramybaly/Article-Bias-Prediction at a pinned commit (the repository is Apache-2.0; the
articles stay their outlets' and are never committed here: only offsets and labels are).

Each article is put in one of two parts by the first hex digit of the SHA-1 of its ID: ``0``-``b``
is ``dev`` (read, mined and tuned on freely), ``c``-``f`` is ``held-out`` (only ever drawn for a
sample that is labelled before it is measured once on frozen rules). Articles without an ISO
publication date, under 800 or over 20,000 characters, or with a title seen before are left
out. The part is shuffled with ``--seed`` and ``--n`` articles are taken after the first
``--skip`` (so ``--skip 0 --n 60`` and ``--skip 60 --n 60`` are two samples that share no
article); each output line is one article:
id (the dataset's ID), title, published, text (the title, a blank line, ``content_original``
with CRLF made LF: offsets are into it), source (the outlet), bias (left, center or right), part
and url. Same repository commit, same arguments, same output, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
from pathlib import Path
from typing import Any

REPO = "ramybaly/Article-Bias-Prediction"
COMMIT = "ced8111a720948e6a410e52031ace99c4e53f096"
SEED = 20261129
MIN_CHARS = 800
MAX_CHARS = 20_000
HELD_OUT_DIGITS = frozenset("cdef")


def part_of(article_id: str) -> str:
    digit = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[0]
    return "held-out" if digit in HELD_OUT_DIGITS else "dev"


def read_blobs(git_dir: str, commit: str) -> list[dict[str, Any]]:
    """Every JSON file under data/jsons at ``commit``, parsed, in path order."""
    listing = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", commit, "data/jsons/"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    shas = [line.split()[2] for line in listing.splitlines() if line.endswith(".json")]
    raw = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        input="\n".join(shas).encode("ascii") + b"\n",
        check=True,
        capture_output=True,
    ).stdout
    documents: list[dict[str, Any]] = []
    at = 0
    while at < len(raw):
        newline = raw.index(b"\n", at)
        size = int(raw[at:newline].split()[2])
        documents.append(json.loads(raw[newline + 1 : newline + 1 + size]))
        at = newline + 1 + size + 1
    return documents


def pool(git_dir: str, commit: str, part: str) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in read_blobs(git_dir, commit):
        title = re.sub(r"\s+", " ", row["title"]).strip()
        key = re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()
        body = row["content_original"].replace("\r\n", "\n").replace("\r", "\n").strip()
        day = row["date"].strip()
        if key in seen or not re.fullmatch(r"(19|20)\d\d-\d\d-\d\d", day):
            continue
        if not MIN_CHARS <= len(body) <= MAX_CHARS:
            continue
        seen.add(key)
        if part_of(row["ID"]) != part:
            continue
        kept.append(
            {
                "id": row["ID"],
                "title": title,
                "published": day,
                "text": title + "\n\n" + body,
                "source": row["source"],
                "bias": row["bias_text"],
                "part": part,
                "url": row["url"],
            }
        )
    kept.sort(key=lambda article: str(article["id"]))
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", required=True, help=f"a clone of {REPO} (its .git)")
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--part", choices=("dev", "held-out"), required=True)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--skip", type=int, default=0, help="leave out the first SKIP of the shuffled part"
    )
    parser.add_argument("--out", type=Path, required=True, help="the JSONL file to write")
    args = parser.parse_args()
    articles = pool(args.git_dir, args.commit, args.part)
    random.Random(args.seed).shuffle(articles)
    sample = articles[args.skip : args.skip + args.n]
    sample.sort(key=lambda article: (str(article["published"]), str(article["id"])))
    with args.out.open("w", encoding="utf-8") as out:
        for article in sample:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
