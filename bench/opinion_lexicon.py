"""Build the lexicon of opinion writing (claimtrack/data/opinion_lexicon.json) from AllSides.

    python bench/opinion_lexicon.py --git-dir Article-Bias-Prediction/.git

A weakly supervised lexicon: the AllSides dataset (bench/allsides_articles.py) says where each
article was published, and that tells an opinion piece (an opinion or commentary URL, a
columnist's or a guest writer's outlet) from straight news (a wire or a newsroom's news
section). Every sentence of an opinion piece is labelled opinion and every sentence of a news
piece news: a noisy label (an opinion piece reports facts, news quotes opinions), but there are
hundreds of thousands. Each term (``opinion_model.lexicon_terms``: plain lower-case words and
their neighbouring pairs, with placeholders for names, numbers and quotation marks) used by at
least ``--min-count`` sentences gets the log ratio of its rates in the two kinds of sentence
(add-one smoothed); ``opinion_model.lexicon_score`` sums a sentence's weights.

Only the ``dev`` part of the dataset is read (``allsides_articles.part_of``), never the held-out
part, and of it not the first ``TUNED_ARTICLES`` of its shuffled order (``SEED``): the labelled
samples ``tuned_as1``-``7`` were drawn from those. So no labelled sample's article is counted.
Articles neither rule names are not used. The output is deterministic (sorted keys, weights
rounded to 3 decimals) and holds only word statistics, never text; the repository is
Apache-2.0 (bench/allsides_articles.py). It records where it came from (``provenance``).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import allsides_articles  # noqa: E402

from claimtrack.offline.opinion_model import LEXICON_FILE, lexicon_terms  # noqa: E402

# The shuffled dev part's first articles, from which the labelled samples tuned_as1-7 were drawn
# (bench/README.md: tuned_as7 is dev articles 1801-2100): never counted.
TUNED_ARTICLES = 2100
# An opinion piece: an URL in an opinion, commentary, editorial or blog section ...
OPINION_URL = re.compile(
    r"/(?:opinions?|columnists?|commentary|op-?eds?|editorials?|blogs?|views?|perspectives?)(?:/|-)",
    re.IGNORECASE,
)
# ... or an outlet that publishes only opinion (columnists, guest writers, opinion sections).
OPINION_SOURCES = frozenset(
    {
        "Townhall",
        "Guest Writer",
        "Guest Writer - Left",
        "Guest Writer - Right",
        "American Spectator",
        "CNN - Editorial",
        "Daily Kos",
        "New York Times - Opinion",
        "Washington Post - Opinion",
        "Wall Street Journal - Editorial",
        "Wall Street Journal - Opinion",
        "Fox News Opinion",
        "Newsmax - Opinion",
        "The Week - Opinion",
        "Victor Hanson",
        "John Stossel",
        "Rich Lowry",
        "Ben Shapiro",
    }
)
# Straight news: wires and newsrooms' news sections (an article of theirs under an opinion URL
# is opinion).
NEWS_SOURCES = frozenset(
    {
        "Reuters",
        "Associated Press",
        "NPR Online News",
        "BBC News",
        "CNN (Web News)",
        "New York Times - News",
        "Politico",
        "The Hill",
        "CBS News",
        "ABC News",
        "NBC News (Online)",
        "Bloomberg",
        "Wall Street Journal - News",
        "USA TODAY",
        "Christian Science Monitor",
        "Fox Online News",
        "Washington Times",
        "Newsmax - News",
        "Axios",
        "CNBC",
        "MarketWatch",
        "The Week - News",
    }
)
# A sentence: what ends with . ! ? (or a closing quotation mark) before a capital or an opening
# quotation mark, or a line; shorter ones (datelines, bylines) are not counted.
SENTENCE_BREAK = re.compile(r"(?<=[.!?”])\s+(?=[“\"A-Z])|\n+")
MIN_SENTENCE = 40


def kind_of(url: str, source: str) -> int | None:
    """1 for an opinion piece, 0 for a news piece, None for neither (not used)."""
    if OPINION_URL.search(url) or source in OPINION_SOURCES:
        return 1
    if source in NEWS_SOURCES:
        return 0
    return None


def sentences(text: str) -> list[str]:
    """The body's sentences (the text after its title line) of at least MIN_SENTENCE chars."""
    body = text.split("\n\n", 1)[-1]
    return [s for s in SENTENCE_BREAK.split(body) if len(s) >= MIN_SENTENCE]


def count(articles: list[dict]) -> tuple[list[int], list[int], list[Counter[str]]]:
    """(articles, sentences, term counts), each by kind (news, opinion)."""
    used, total, counts = [0, 0], [0, 0], [Counter(), Counter()]
    for article in articles:
        kind = kind_of(article["url"], article["source"])
        if kind is None:
            continue
        used[kind] += 1
        for sentence in sentences(article["text"]):
            total[kind] += 1
            counts[kind].update(lexicon_terms(sentence))
    return used, total, counts


def weights(total: list[int], counts: list[Counter[str]], min_count: int) -> dict[str, float]:
    """Each term used by at least ``min_count`` sentences: log(opinion rate / news rate)."""
    out = {}
    for term in sorted(set(counts[0]) | set(counts[1])):
        news, opinion = counts[0][term], counts[1][term]
        if news + opinion >= min_count:
            ratio = math.log((opinion + 1) / (total[1] + 1)) - math.log((news + 1) / (total[0] + 1))
            out[term] = round(ratio, 3) + 0.0  # never -0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", required=True, help=f"a clone of {allsides_articles.REPO}")
    parser.add_argument("--min-count", type=int, default=200, help="a term's sentences")
    parser.add_argument("--out", type=Path, default=LEXICON_FILE)
    args = parser.parse_args()
    articles = allsides_articles.pool(args.git_dir, allsides_articles.COMMIT, "dev")
    random.Random(allsides_articles.SEED).shuffle(articles)
    used, total, counts = count(articles[TUNED_ARTICLES:])
    found = weights(total, counts, args.min_count)
    shipped = {
        "what": "claimtrack/offline/opinion_model.py's lexicon of opinion writing, written by "
        "bench/opinion_lexicon.py: log(rate in opinion sentences / rate in news sentences)",
        "provenance": {
            "dataset": f"{allsides_articles.REPO} at {allsides_articles.COMMIT} (Apache-2.0)",
            "articles": f"the dev part shuffled with seed {allsides_articles.SEED}, all but the "
            f"first {TUNED_ARTICLES} (the labelled samples' articles)",
            "rule": "opinion: an opinion/commentary/editorial/blog URL or an opinion outlet; "
            "news: a newsroom's news (bench/opinion_lexicon.py OPINION_URL, OPINION_SOURCES, "
            "NEWS_SOURCES)",
            "news_articles": used[0],
            "opinion_articles": used[1],
            "news_sentences": total[0],
            "opinion_sentences": total[1],
            "min_count": args.min_count,
        },
        "weights": found,
    }
    text = json.dumps(shipped, indent=0, ensure_ascii=False, sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(found)} terms from {used} articles, {total} sentences")


if __name__ == "__main__":
    main()
