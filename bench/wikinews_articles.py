"""Build the `wikinews` corpus of bench/statements_devset.py: 150 English Wikinews articles.

    git clone https://github.com/vanatteveldt/wikinews
    python bench/wikinews_articles.py --git-dir wikinews/.git --out articles.jsonl

The articles (CC BY 2.5, Wikinews contributors) are read from vanatteveldt/wikinews at a pinned
commit, files data/wikinews_2019.csv and data/wikinews_2020.csv (columns url, date, title, text;
the text is the <p> paragraphs of the rendered article page, scraped by that repository's
scrape_wikinews.R). Captions, datelines, quote-box attributions, footnote marks and language
markers are dropped; interview transcripts (three or more "((WN))"-style turns) and articles
under 800 characters are left out; 150 of the rest are drawn with a fixed seed. Each output line
is one article: id, title, published (the CSV's date), text (the title, a blank line, the
paragraphs separated by blank lines: the offsets of the labelled statements are into it),
source and url. Same repository commit, same output, byte for byte. The texts are never
committed here; only offsets and labels are.

None of these articles is in MEANTIME (its Wikinews articles are older: no title is shared).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = "vanatteveldt/wikinews"
COMMIT = "347254178bf343f3801aac1d03c41cc09c35decb"
PATHS = ("data/wikinews_2019.csv", "data/wikinews_2020.csv")
SEED = 20261129
MIN_CHARS = 800

DATELINE = re.compile(r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ \d{1,2}, \d{4}$")
CAPTION = re.compile(r"Image: [^\n]{1,80}$")  # photo credit captions
SPEAKER = re.compile(r"^\(\([^)]{1,60}\)\)")  # ((WN)) interview turns
FOOTNOTE = re.compile(r"\[\d{1,3}\]")
LANGTAG = re.compile(r"\(\([a-z]{2,3}\)\)[A-Z][\w ]{1,30} language: \u200d?")  # {{lang}} marker
DATE_PREFIX = re.compile(
    r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ \d{1,2}, \d{4}\s+(?=[A-Z])"
)
SENT_END = re.compile(r"[.!?:\"'\u201d\u2019)\]]$")


def git_show(git_dir: str, commit: str, path: str) -> str:
    command = ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"]
    return subprocess.run(command, check=True, capture_output=True).stdout.decode("utf-8")


def norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def clean_paragraphs(raw: str) -> tuple[list[str], int]:
    """The paragraphs kept, and the number of interview-turn paragraphs."""
    kept: list[str] = []
    turns = 0
    for paragraph in re.split(r"\n\s*\n", raw):
        p = re.sub(r"[ \t\u00a0\u2009\u200b]+", " ", paragraph.replace("\r", "")).strip()
        p = re.sub(r"\s*\n\s*", " ", p)  # stray single newlines inside a paragraph
        if not p:
            continue
        if SPEAKER.match(p):
            turns += 1
        if DATELINE.match(p):  # "Friday, January 4, 2019" header
            continue
        if p.startswith("\u2014"):  # a pull quote's attribution ("—Name"); its text is not here
            continue
        if len(p) < 200 and p.startswith(("\u2013 ", "* ")):  # "– Judge X, ..."; table footnote
            continue
        if len(p) < 300 and CAPTION.search(p):  # image caption, photo credit
            continue
        if p.startswith("\u2588"):  # map legend ("██ On ballot")
            continue
        if len(p) < 50 and not SENT_END.search(p):  # gallery captions ("Hobbits")
            continue
        p = FOOTNOTE.sub("", p)
        p = LANGTAG.sub("", p)  # keep the original-language quote, drop the marker
        if not kept:
            p = DATE_PREFIX.sub("", p)  # a dateline glued to the first paragraph
        kept.append(p)
    return kept, turns


def articles(git_dir: str, commit: str, n: int, seed: int) -> list[dict[str, Any]]:
    pool: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in PATHS:
        text = git_show(git_dir, commit, path)
        for row in csv.DictReader(io.StringIO(text, newline="")):
            title = re.sub(r"\s+", " ", row["title"]).strip()
            if norm_title(title) in seen:
                continue
            seen.add(norm_title(title))
            paragraphs, turns = clean_paragraphs(row["text"])
            if turns >= 3:  # a question-and-answer interview, not a news report
                continue
            body = "\n\n".join(paragraphs)
            if len(body) < MIN_CHARS:
                continue
            day = row["date"].strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                sys.exit(f"{title}: no date ({day!r})")
            url = row["url"].replace("wikinews.org//wiki/", "wikinews.org/wiki/")
            digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:6]
            pool.append(
                {
                    "id": f"wn{day[2:4]}{day[5:7]}{day[8:10]}-{digest}",
                    "title": title,
                    "published": day,
                    "text": title + "\n\n" + body,
                    "source": f"{REPO}@{commit}:{path}",
                    "url": url,
                }
            )
    pool.sort(key=lambda article: str(article["url"]))
    sample = random.Random(seed).sample(pool, min(n, len(pool)))
    sample.sort(key=lambda article: (str(article["published"]), str(article["id"])))
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", required=True, help=f"a clone of {REPO} (its .git)")
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True, help="the JSONL file to write")
    args = parser.parse_args()
    sample = articles(args.git_dir, args.commit, args.n, args.seed)
    with args.out.open("w", encoding="utf-8") as out:
        for article in sample:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
