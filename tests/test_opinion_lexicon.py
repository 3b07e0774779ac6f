"""The lexicon of opinion writing: its builder's labelling rule (bench/opinion_lexicon.py) and
its score (offline/opinion_model.py)."""

from __future__ import annotations

import json
from collections import Counter
from types import ModuleType

import pytest
from bench_scripts import bench_script

from claimtrack.offline import opinion_model


def _builder() -> ModuleType:
    return bench_script("opinion_lexicon")


@pytest.mark.parametrize(
    ("url", "source", "kind"),
    [
        ("https://www.foxnews.com/opinion/the-case-against", "Fox Online News", 1),
        ("https://thehill.com/opinion/white-house/123-why", "The Hill", 1),
        ("https://www.nytimes.com/2019/opinion/columnists/x.html", "New York Times - News", 1),
        ("https://www.cnn.com/2019/op-ed-why", "CNN (Web News)", 1),
        ("https://townhall.com/columnists/jane/2019/01/01/x", "Townhall", 1),
        ("https://example.com/2019/01/02/a-story", "Guest Writer - Left", 1),
        ("https://www.reuters.com/article/us-usa-budget", "Reuters", 0),
        ("https://apnews.com/abc123", "Associated Press", 0),
        ("https://www.npr.org/2019/01/02/123/a-story", "NPR Online News", 0),
        # neither rule: not used
        ("https://www.vox.com/policy/2019/1/2/a-story", "Vox", None),
        ("https://www.breitbart.com/politics/2019/01/02/a-story", "Breitbart News", None),
        # a word that only contains a section's name is no section
        ("https://www.reuters.com/article/previews-of-the-week", "Reuters", 0),
    ],
)
def test_an_articles_kind_is_where_it_was_published(url, source, kind):
    assert _builder().kind_of(url, source) == kind


def test_the_lexicon_counts_sentences_of_used_articles_only():
    builder = _builder()
    rows = [
        {
            "url": "https://townhall.com/columnists/a",
            "source": "Townhall",
            "text": "A title\n\nFrankly, this is a truly terrible idea for everyone. "
            "Short one. Clearly nobody believes that the plan will work at all.",
        },
        {
            "url": "https://www.reuters.com/article/b",
            "source": "Reuters",
            "text": "A title\n\nThe agency said on Tuesday it had hired 40 inspectors. "
            "Officials said the plant would close on Friday, the company said.",
        },
        {
            "url": "https://www.vox.com/c",
            "source": "Vox",
            "text": "A title\n\nThis sentence is long enough to count, but Vox is not used.",
        },
    ]
    used, total, counts = builder.count(rows)
    assert used == [1, 1] and total == [2, 2]  # the title and "Short one." are not sentences
    # a capitalised word, the first of a sentence too, is a placeholder
    assert counts[1]["truly"] == 1 and "frankly" not in counts[1] and counts[1]["<C> this"] == 1
    assert counts[0]["said"] == 2 and counts[0]["<D>"] == 1
    assert "vox" not in counts[0] and "<C>" in counts[0]
    weights = builder.weights(total, counts, 2)
    assert weights["said"] < 0 and "truly" not in weights  # used by one sentence only
    assert list(weights) == sorted(weights)
    assert builder.weights(total, [Counter({"x": 5}), Counter({"x": 5})], 1) == {"x": 0.0}


def test_the_terms_are_plain_words_and_placeholders():
    terms = opinion_model.lexicon_terms("Mr. Smith’s plan won’t cut 1,200 jobs, “frankly” absurd!")
    assert {"<C>", "won't", "cut", "<D>", "<Q>", "frankly", "absurd", "!"} <= terms
    assert {"won't cut", "cut <D>", "<D> jobs", "absurd !"} <= terms
    assert not any(term.lower() != term for term in terms if "<" not in term)
    assert "smith" not in terms and "mr" not in terms


def test_the_shipped_lexicon_leans_as_opinion_and_news_do():
    shipped = json.loads(opinion_model.LEXICON_FILE.read_text(encoding="utf-8"))
    assert shipped["provenance"]["opinion_sentences"] > 10_000
    assert len(shipped["weights"]) > 1_000
    column = "We frankly simply cannot afford yet another year of this absurd nonsense."
    wire = "The company said on Tuesday that it would cut 1,200 jobs, according to a filing."
    assert opinion_model.lexicon_score(column) > 0 > opinion_model.lexicon_score(wire)
    assert opinion_model.lexicon_score("...") == 0.0


def test_the_score_reads_the_same_terms_as_the_builder():
    texts = [
        'Mr. Smith’s plan won’t cut 1,200 jobs, “frankly” absurd! Isn\'t it? "Yes."',
        "covid19 iPhone 10am well-known voters’ ‘views’ (see: U.S.) — 3.5% of them.",
    ]
    weights = opinion_model._lexicon()
    for text in texts:
        found = [weights[t] for t in opinion_model.lexicon_terms(text) if t in weights]
        expected = sum(found) / (len(found) + 1) ** 0.5
        assert opinion_model.lexicon_score(text) == pytest.approx(expected, abs=1e-12)
