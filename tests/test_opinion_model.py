"""The learned last look at statement candidates (offline/opinion_model.py) and its weights."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import ModuleType

import pytest
from bench_scripts import bench_script

from claimtrack.offline import events, opinion_model
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import DateClaim, Document, StatementClaim


def test_the_shipped_weights_load_and_name_known_signs():
    shipped = json.loads(opinion_model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert 0.0 < shipped["threshold"] < 1.0
    names = set(shipped["weights"])
    assert {"figure anywhere", "judging words 2+", "subject=named", "verb=past"} <= names
    assert any(name.startswith("word:") for name in names)
    # no name or topic: only plain lower-case words
    assert all(name[5:].islower() for name in names if name.startswith("word:"))


def test_features_are_in_a_fixed_order_and_read_the_clause():
    signs = opinion_model.features("Mr. Smith said on Tuesday that the plant would close.")
    names = [name for name, _ in signs]
    assert names == [name for name, _ in opinion_model.features(
        "Mr. Smith said on Tuesday that the plant would close."
    )]  # fmt: skip
    assert "subject=named" in names and "verb=past" in names
    assert "source anywhere" in names and "date words" in names
    words = [name for name in names if name.startswith("word:")]
    assert words == sorted(words) and "word:plant" in words and "word:smith" not in words


def test_quoted_words_are_someone_elses():
    quoted = dict(opinion_model.features('He called it "a very weak and ineffective" plan.'))
    plain = dict(opinion_model.features("He called it a very weak and ineffective plan."))
    assert "quotation" in quoted and "quotation" not in plain
    assert "intensifiers" in plain and "intensifiers" not in quoted


@pytest.mark.parametrize(
    ("checkable", "opinion"),
    [
        (
            "The company said it cut 1,200 jobs in Ohio in 2015.",
            "Perhaps the real problem is that many voters simply never trusted him at all.",
        ),
        (
            "Two police officers were wounded in the shooting on Tuesday, the mayor said.",
            "But surely this is just the kind of bold, risky gamble that we should all welcome.",
        ),
    ],
)
def test_a_report_scores_above_a_verdict(checkable, opinion):
    high = opinion_model.checkable_probability(checkable)
    low = opinion_model.checkable_probability(opinion)
    assert 0.0 < low < high < 1.0
    assert not opinion_model.is_likely_opinion(checkable)
    assert opinion_model.is_likely_opinion(opinion)


def test_same_score_in_any_process_and_hash_seed():
    sentence = "Yet Mr. Trump has paid no political price for attacking them, even now."
    code = (
        "from claimtrack.offline.opinion_model import checkable_probability as p;"
        f"print(repr(p({sentence!r})))"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        seen.add(out.stdout.strip())
    assert seen == {repr(opinion_model.checkable_probability(sentence))}


def _always(answer: bool):
    def looks(body, weak_anchor=False, document="", start=0):
        return answer

    return looks


def test_a_dropped_statement_keeps_the_sentences_other_claims(monkeypatch):
    text = "On March 3, 2024, the company cut 1,200 jobs. The company cut 1,200 jobs in Ohio."
    document = Document(text=text, source="t")
    before = OfflineExtractor().extract(document)
    assert any(isinstance(c, StatementClaim) for c in before)
    monkeypatch.setattr(events, "is_likely_opinion", _always(True))
    after = OfflineExtractor().extract(document)
    assert not any(isinstance(c, StatementClaim) for c in after)
    dated = [c for c in after if isinstance(c, DateClaim)]
    assert dated and dated == [c for c in before if isinstance(c, DateClaim)]


def test_a_weakly_anchored_candidate_needs_a_surer_model(monkeypatch):
    shipped = json.loads(opinion_model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert shipped["threshold_weak_anchor"] > shipped["threshold"]
    # a common noun's past act and nothing else to check (the writer's reading): above the
    # first threshold, below the weak anchor's
    sentence = "The old guard lost its grip on the Republican Party."
    probability = opinion_model.checkable_probability(sentence)
    assert shipped["threshold"] <= probability < shipped["threshold_weak_anchor"]
    assert not opinion_model.is_likely_opinion(sentence)
    assert opinion_model.is_likely_opinion(sentence, weak_anchor=True)
    document = Document(text=sentence, source="t")

    def statements() -> list[StatementClaim]:
        found = OfflineExtractor().extract(document)
        return [c for c in found if isinstance(c, StatementClaim)]

    assert statements() == []
    monkeypatch.setattr(events, "is_likely_opinion", _always(False))
    assert len(statements()) == 1  # a candidate the model alone drops


def _bench_fit() -> ModuleType:
    return bench_script("opinion_model")


def test_a_labelled_document_not_in_the_files_given_is_a_clear_error(tmp_path):
    bench_model = _bench_fit()
    articles = tmp_path / "as.jsonl"
    other = {"id": "xyz", "title": "T", "published": "2020-01-02", "text": "T\n\nIt rained."}
    articles.write_text(json.dumps(other) + "\n", encoding="utf-8")
    item = {"corpus": "allsides", "document": "abc", "start": 0, "end": 9, "sample": "s1"}
    with pytest.raises(SystemExit, match="s1: document 'abc' of allsides not found"):
        bench_model.candidates([item], None, None, allsides=[articles])
    # named held out, it is left out: its articles are another part's
    left_out = frozenset({"s1"})
    assert bench_model.candidates([item], None, None, allsides=[articles], absent_ok=left_out) == []


def test_training_gives_the_same_weights_from_the_same_labels():
    bench_model = _bench_fit()
    items = []
    for n in range(40):
        checkable = n % 3 != 0
        body = (
            f"The agency said it hired {n + 2} inspectors."
            if checkable
            else "Perhaps this is simply the wrong idea, and it surely will fail."
        )
        items.append(
            {
                "label": "checkable" if checkable else "opinion",
                "reached": True,
                "signs": opinion_model.features(body),
            }
        )
    first = bench_model.fit(items, 1.0, 2)
    second = bench_model.fit(list(items), 1.0, 2)
    assert first == second
    bias, weights = first
    assert weights["figure anywhere"] > 0 > weights["hedge"]
    scores = [bench_model.probability(bias, weights, i) for i in items]
    assert all((s > 0.5) == (i["label"] == "checkable") for s, i in zip(scores, items, strict=True))


@pytest.mark.parametrize(
    ("sentence", "sign"),
    [
        (
            "These same millions of Americans now side with the press secretary.",
            "vague group subject",
        ),
        (
            "The vast majority of elected officials don't think nominating him is wise.",
            "vague group subject",
        ),
        (
            "Millions listen to the host because he has sold himself as a truth-teller.",
            "vague group subject",
        ),
        (
            "And there's no shortage of staffers at the White House who talk about it.",
            "there is plenty",
        ),
        ("There are plenty of reasons to doubt the plan.", "there is plenty"),
    ],
)
def test_a_group_with_no_figure_is_a_sign(sentence, sign):
    assert sign in dict(opinion_model.features(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "The majority leader scheduled 12 votes for Tuesday.",
        "There are 12 candidates on the ballot.",
        "About 3 million people voted early.",
    ],
)
def test_a_counted_group_is_no_vague_group(sentence):
    signs = dict(opinion_model.features(sentence))
    assert "vague group subject" not in signs and "there is plenty" not in signs


@pytest.mark.parametrize(
    "sentence",
    [
        "Cohen's sentencing underscores the scope of the inquiry.",
        "The Miami venue serves as a reminder of the overlapping circles around them.",
        "That, in turn, laid the groundwork for a 1980 challenge.",
        "The eruptions of anger show that the status quo is not viable.",
    ],
)
def test_the_writer_reading_significance_is_a_sign(sentence):
    assert "significance" in dict(opinion_model.features(sentence))


def test_significance_inside_a_quotation_is_someone_elses():
    signs = dict(opinion_model.features('He said the vote "underscores the stakes" for them.'))
    assert "significance" not in signs


def test_judging_adverbs_are_counted_up_to_two():
    one = dict(opinion_model.features("CNN continues to breathlessly push the story."))
    two = dict(opinion_model.features("They were wildly and notoriously off the mark."))
    none = dict(opinion_model.features("The committee voted 12 to 9 on Tuesday."))
    assert one["judging adverb"] == 0.5 and two["judging adverb"] == 1.0
    assert "judging adverb" not in none


COLUMN = (
    "I have watched this for years. Why do we keep pretending? You know the answer. "
    "It is really very simple. The senator voted against the bill on Tuesday. "
)
WIRE = (
    "The senator voted against the bill on Tuesday. The measure passed 52 to 48. "
    "It now goes to the House, where a vote is expected next week. "
)


def test_a_columns_voice_is_read_from_the_whole_document():
    column = dict(opinion_model.document_signs(COLUMN))
    assert set(column) == {
        "doc: first person",
        "doc: second person",
        "doc: leaning words",
        "doc: questions",
    }
    assert all(0.0 < value <= 1.0 for value in column.values())
    assert opinion_model.document_signs(WIRE) == ()


def test_a_long_documents_voice_is_read_from_its_opening():
    long = WIRE * 200 + COLUMN * 10
    assert len(WIRE * 200) > 20_000
    assert opinion_model.document_signs(long) == ()


def test_the_sentence_before_is_a_sign():
    start = COLUMN.index("You know")
    signs = dict(opinion_model.features("You know the answer.", COLUMN, start))
    assert signs["after question"] == 1.0 and signs["after first person"] == 1.0
    start = COLUMN.index("It is really")
    signs = dict(opinion_model.features("It is really very simple.", COLUMN, start))
    assert "after question" not in signs and "after first person" not in signs
    # the document's signs come only with the document
    alone = dict(opinion_model.features("The senator voted against the bill on Tuesday."))
    start = COLUMN.index("The senator")
    within = dict(
        opinion_model.features("The senator voted against the bill on Tuesday.", COLUMN, start)
    )
    assert not any(name.startswith("doc:") for name in alone)
    assert "doc: first person" in within and "after first person" not in within


def test_the_extractor_passes_the_document_to_the_model(monkeypatch):
    seen = []

    def looks(body, weak_anchor=False, document="", start=0):
        seen.append((body, document, start))
        return False

    monkeypatch.setattr(events, "is_likely_opinion", looks)
    text = "Hello there. The company cut 1,200 jobs in Ohio."
    OfflineExtractor().extract(Document(text=text, source="t"))
    assert seen and all(document == text for _, document, _ in seen)
    assert all(text[start : start + len(body)] == body for body, _, start in seen)


def test_two_equal_main_clauses_are_read_each_on_its_own():
    sentence = (
        "China benefits greatly from trade with Russia (and now from oil imports at a "
        "significant discount), but Xi also deeply sympathizes with Putin’s drive."
    )
    first, second = opinion_model.coordinated_clauses(sentence)
    assert first.endswith("discount).") and second.startswith("Xi also")
    # a "but" inside parentheses or a quotation is no joint; a tail with no clause is none
    assert opinion_model.coordinated_clauses("The plan (costly, but popular) passed.") == []
    assert opinion_model.coordinated_clauses('He said "it is late, but we try" today.') == []
    assert opinion_model.coordinated_clauses("The plan passed, but not for long.") == []


def test_a_sentence_is_kept_when_either_clause_is_checkable(monkeypatch):
    sentence = "The agency hired 40 inspectors on Tuesday, but the plan is surely a bad idea."
    assert opinion_model.coordinated_clauses(sentence)
    below = {sentence: True, "The agency hired 40 inspectors on Tuesday.": False}
    monkeypatch.setattr(opinion_model, "_below", lambda body, *rest: below.get(body, True))
    assert not opinion_model.is_likely_opinion(sentence)
    below["The agency hired 40 inspectors on Tuesday."] = True
    assert opinion_model.is_likely_opinion(sentence)


def test_the_lexicon_of_opinion_writing_is_a_sign():
    column = dict(opinion_model.features("We frankly cannot afford yet another absurd year."))
    wire = dict(opinion_model.features("The company said on Tuesday it would cut 1,200 jobs."))
    assert column["opinion lexicon"] > 0 > wire["opinion lexicon"]
    shipped = json.loads(opinion_model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert shipped["weights"]["opinion lexicon"] < 0  # opinion writing: less likely checkable
