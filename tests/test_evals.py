"""claimtrack eval: the gold format, one-to-one matching at overlap and IoU, field accuracy,
duplicates, and the command (offline extraction, and a ledger read with --db)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.cli import cli
from claimtrack.evals import GoldFormatError, Prediction, evaluate, parse_gold, read_gold
from claimtrack.evals.fields import (
    date_value_right,
    parties_score,
    quantities_score,
    speaker_right,
)
from claimtrack.evals.predictions import prediction
from claimtrack.records import QuoteClaim, Span, StoredClaim

TEXT = (
    "On March 16, 2023, Kishida met Yoon in Tokyo. "
    '"We will work together for peace in the region," said Yoon Suk-yeol.'
)
DATE = [TEXT.index("March 16"), TEXT.index(", Kishida")]
QUOTE = [TEXT.index("We will"), TEXT.index('," said')]


@pytest.fixture(autouse=True)
def _no_llm(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def gold_line(claims, text=TEXT, **extra):
    return json.dumps({"text": text, "published": "2023-03-24", "claims": claims, **extra})


def gold(*claims, **extra):
    (document,) = parse_gold(gold_line(list(claims), **extra), "gold.jsonl")
    return document


def report_of(document, *predictions):
    return evaluate([document], {document.id: list(predictions)}).kinds


def quote(start, end, speaker="Yoon Suk-yeol", claim="Yoon said it."):
    return Prediction("quote", (start, end), claim, {"speaker": speaker})


def scores(kind_report, criterion):
    return kind_report.as_dict()[criterion]


# -- matching ------------------------------------------------------------------------------


def test_exact_match_scores_one_everywhere():
    document = gold(
        {"kind": "quote", "spans": {"quote": QUOTE}, "speaker": "Yoon Suk-yeol"},
        {"kind": "date", "spans": {"date": DATE}, "date_value": "2023-03-16"},
    )
    kinds = report_of(
        document,
        quote(*QUOTE),
        Prediction("date", tuple(DATE), "Kishida met Yoon.", {"date_value": "2023-03-16"}),
    )
    for kind in ("quote", "date"):
        for criterion in ("overlap", "iou_0.5"):
            assert scores(kinds[kind], criterion) == {
                "matched": 1,
                "precision": 1.0,
                "recall": 1.0,
                "f1": 1.0,
            }
    assert kinds["quote"].fields["speaker"].right == 1
    assert kinds["date"].fields["date_value"].right == 1


def test_partial_overlap_counts_at_overlap_but_not_at_iou():
    document = gold({"kind": "quote", "spans": {"quote": QUOTE}})
    end = QUOTE[1]
    kinds = report_of(document, quote(end - 5, end + 15))  # shares 5 characters of 48
    assert scores(kinds["quote"], "overlap")["matched"] == 1
    assert scores(kinds["quote"], "iou_0.5") == {
        "matched": 0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }


def test_a_missed_claim_lowers_recall_and_a_spurious_one_precision():
    second = [TEXT.index("Kishida met"), TEXT.index(" in Tokyo")]
    document = gold(
        {"kind": "quote", "spans": {"quote": QUOTE}},
        {"kind": "quote", "spans": {"quote": second}},
    )
    missed = report_of(document, quote(*QUOTE))["quote"]
    assert scores(missed, "overlap") == {
        "matched": 1,
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(0.6667),
    }
    spurious = report_of(document, quote(*QUOTE), quote(*second), quote(0, 2))["quote"]
    assert (spurious.predicted, spurious.gold) == (3, 2)
    assert scores(spurious, "overlap")["precision"] == pytest.approx(0.6667)
    assert scores(spurious, "overlap")["recall"] == 1.0


def test_matching_is_one_to_one_and_prefers_the_higher_iou():
    document = gold({"kind": "quote", "spans": {"quote": QUOTE}})
    start, end = QUOTE
    kinds = report_of(document, quote(start, start + 5), quote(start, end))
    report = kinds["quote"]
    assert report.matched_overlap == report.matched_iou == 1
    assert report.predicted == 2  # the second overlapping prediction is spurious


def test_nothing_to_divide_by_is_none():
    report = report_of(gold({"kind": "quote", "spans": {"quote": QUOTE}}))["quote"]
    assert scores(report, "overlap") == {
        "matched": 0,
        "precision": None,
        "recall": 0.0,
        "f1": None,
    }


def test_optional_gold_counts_neither_for_nor_against():
    document = gold(
        {"kind": "quote", "spans": {"quote": QUOTE}},
        {"kind": "quote", "spans": {"quote": [0, 2]}, "optional": True},
    )
    report = report_of(document, quote(*QUOTE), quote(0, 2))["quote"]
    assert (report.gold, report.gold_optional, report.predicted, report.ignored) == (1, 1, 1, 1)
    assert scores(report, "overlap")["precision"] == 1.0


def test_kinds_the_gold_does_not_annotate_are_not_scored():
    document = gold({"kind": "quote", "spans": {"quote": QUOTE}}, kinds=["quote"])
    kinds = report_of(document, quote(*QUOTE), Prediction("date", tuple(DATE), "x", {}))
    assert (kinds["date"].predicted, kinds["date"].unscored) == (0, 1)
    assert scores(kinds["quote"], "overlap")["precision"] == 1.0


def stored(claim):
    return StoredClaim(
        id=1,
        claim=claim,
        document_id="d",
        document_source="s",
        run_id=1,
        extractor="e",
        model="m",
        prompt_name="p",
        prompt_hash="h",
        extracted_at="now",
        status="unverified",
        status_at=None,
    )


def test_a_prediction_without_its_key_span_falls_back_to_its_evidence():
    evidence = Span.of(TEXT, QUOTE[0] - 1, QUOTE[1] + 2)
    claim = QuoteClaim(
        claim="Yoon said it.", confidence=0.5, spans={"evidence": evidence}, quote="x"
    )
    assert prediction(stored(claim)).span == (evidence.start, evidence.end)


def test_an_ungrounded_key_span_never_matches():
    lost = Span(start=0, end=0, text="", grounding="ungrounded", claimed="We will win")
    claim = QuoteClaim(
        claim="Yoon said it.",
        confidence=0.5,
        spans={"evidence": Span.of(TEXT, *QUOTE), "quote": lost},
        quote="We will win",
    )
    found = prediction(stored(claim))
    assert found.span is None
    document = gold({"kind": "quote", "spans": {"quote": QUOTE}})
    report = report_of(document, found)["quote"]
    assert (report.predicted, report.matched_overlap) == (1, 0)


# -- fields --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "right"),
    [
        ("Yoon Suk-yeol", True),
        ("yoon suk-yeol", True),
        ("President Yoon Suk-yeol", True),  # the same surname
        ("Suk-yeol", True),
        ("Kishida", False),
        ("he", False),
        (None, False),
        ("Yoon Suk-yeol, the president", False),  # an appositive is not a name
    ],
)
def test_speaker_rule(predicted, right):
    assert speaker_right(predicted, ["Yoon Suk-yeol"]) is right


def test_speaker_suffixes_and_possessives():
    assert speaker_right("Mr. Bozell", ["Brent Bozell III"])
    assert speaker_right("Erdogan’s", ["Erdogan"])


def test_wrong_speaker_is_counted_over_matched_quotes():
    document = gold(
        {"kind": "quote", "spans": {"quote": QUOTE}, "speaker": ["Yoon", "Yoon Suk-yeol"]}
    )
    report = report_of(document, quote(*QUOTE, speaker="Kishida"))["quote"]
    assert (report.fields["speaker"].scored, report.fields["speaker"].right) == (1, 0)
    assert report.as_dict()["fields"]["speaker"]["accuracy"] == 0.0


def test_date_value_is_exact():
    document = gold(
        {"kind": "date", "spans": {"date": DATE}, "date_value": "2023-03-16"},
        {"kind": "date", "spans": {"evidence": [0, 40]}},  # no value: not scored
    )
    wrong = Prediction("date", tuple(DATE), "x", {"date_value": "XXXX-03-16"})
    unscored = Prediction("date", (0, 40), "y", {"date_value": None})
    report = report_of(document, wrong, unscored)["date"]
    assert (report.fields["date_value"].scored, report.fields["date_value"].right) == (1, 0)


def test_parties_as_sets():
    assert parties_score(["Japan", "South Korea"], [["Japan"], ["South Korea", "Seoul"]]) == (
        True,
        1.0,
    )
    assert parties_score(["Benjamin Netanyahu"], [["Netanyahu", "Israel"]]) == (True, 1.0)
    assert parties_score(["the United States"], [["United States"]]) == (True, 1.0)
    assert parties_score(["North Korea"], [["South Korea"]]) == (False, 0.0)
    exact, jaccard = parties_score(["Japan", "China", "Japan"], [["Japan"], ["South Korea"]])
    assert (exact, jaccard) == (False, pytest.approx(1 / 3))


def test_parties_reported_for_matched_agreements():
    evidence = [0, TEXT.index(" in Tokyo")]
    document = gold(
        {"kind": "agreement", "spans": {"evidence": evidence}, "parties": ["Japan", "Korea"]}
    )
    ours = Prediction("agreement", tuple(evidence), "x", {"parties": ["Japan"]})
    data = report_of(document, ours)["agreement"].as_dict()["fields"]["parties"]
    assert data == {"scored": 1, "right": 0, "accuracy": 0.0, "mean_jaccard": 0.5}


def test_quantities_as_sets():
    assert quantities_score(["1,000 people", "3 percent"], ["1000 people", "3 Percent"]) == (
        True,
        1.0,
    )
    assert quantities_score(["$5 million"], ["$5 million", "two"]) == (False, 0.5)


def test_duplicates_are_rows_with_the_same_kind_text_and_fields():
    document = gold({"kind": "quote", "spans": {"quote": QUOTE}})
    same = quote(*QUOTE)
    again = quote(QUOTE[0] + 1, QUOTE[1])  # other span, same claim and fields
    other = quote(*QUOTE, speaker="Kishida")
    report = report_of(document, same, again, again, other)["quote"]
    assert report.duplicates == 2


# -- the gold format -----------------------------------------------------------------------


def test_read_gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    line = gold_line([{"kind": "quote", "spans": {"quote": QUOTE}, "speaker": "Yoon"}])
    path.write_text(line + "\n\n")
    (document,) = read_gold(path)
    assert document.published.isoformat() == "2023-03-24"
    assert document.claims[0].speaker == ("Yoon",)
    assert document.claims[0].key_span == tuple(QUOTE)
    assert document.kinds == {"date", "quote", "agreement", "statement"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({"claims": []}), "no 'text' field"),
        (json.dumps({"text": "a\r\nb"}), "carriage returns"),
        (json.dumps({"text": "abc", "claim": []}), "unknown field 'claim'"),
        (gold_line([{"kind": "rumour", "spans": {"evidence": [0, 2]}}]), "kind 'rumour'"),
        (gold_line([{"kind": "quote", "spans": {"evidence": [5, 2]}}]), "is not inside the text"),
        (gold_line([{"kind": "quote", "spans": {"evidence": [0, 9999]}}]), "not inside the text"),
        (gold_line([{"kind": "quote", "spans": {"evidence": "0-2"}}]), "two integers"),
        (gold_line([{"kind": "quote", "spans": {"speaker": [0, 2]}}]), "'quote' span"),
        (gold_line([{"kind": "date", "spans": {"date": [0, 2]}, "speaker": "X"}]), "no 'speaker'"),
        (
            gold_line([{"kind": "quote", "spans": {"quote": QUOTE}}], kinds=["date"]),
            "'kinds' leave quote out",
        ),
        (gold_line([], published="yesterday"), "not an ISO date"),
        (
            gold_line([{"kind": "agreement", "spans": {"evidence": [0, 2]}, "parties": [[]]}]),
            "each party",
        ),
    ],
)
def test_bad_gold_lines_are_one_line_errors_naming_file_and_line(line, message):
    content = gold_line([]) + "\n" + line
    with pytest.raises(GoldFormatError) as caught:
        list(parse_gold(content, "gold.jsonl"))
    text = str(caught.value)
    assert text.startswith("gold.jsonl:2") and message in text
    assert "\n" not in text


def test_the_same_text_twice_is_an_error():
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl:2: the same text as line 1"):
        list(parse_gold(gold_line([]) + "\n" + gold_line([]), "gold.jsonl"))


def test_an_empty_gold_file_is_an_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n")
    with pytest.raises(GoldFormatError, match="no gold documents"):
        read_gold(path)


# -- the command ---------------------------------------------------------------------------


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    claims = [
        {"kind": "date", "spans": {"date": DATE}, "date_value": "2023-03-16"},
        {"kind": "quote", "spans": {"quote": QUOTE}, "speaker": "Yoon Suk-yeol"},
    ]
    path.write_text(gold_line(claims, id="yoon", kinds=["date", "quote"]) + "\n")
    return path


def test_eval_with_the_offline_backend(runner, gold_file):
    result = run(runner, "eval", str(gold_file), "--backend", "offline", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["backend"] == "offline" and data["documents"] == 1
    quote_report = data["kinds"]["quote"]
    assert quote_report["overlap"] == {"matched": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert quote_report["fields"]["speaker"]["right"] == 1
    assert data["kinds"]["date"]["fields"]["date_value"]["accuracy"] == 1.0

    human = run(runner, "eval", str(gold_file), "--backend", "offline")
    assert human.exit_code == 0
    assert "quote: 1 gold, 1 predicted" in human.stdout
    assert "IoU >= 0.5" in human.stdout and "speaker: 1/1 right" in human.stdout


def test_eval_reads_a_ledger_with_db(runner, gold_file, tmp_path):
    db = str(tmp_path / "c.db")
    assert run(runner, "extract", str(gold_file), "--db", db, "--json").exit_code == 0
    result = run(runner, "eval", str(gold_file), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ledger"] == db and data["documents_missing"] == []
    assert data["extractors"] == ["offline:claimtrack-offline-8:offline-rules:rules-v8"]
    assert data["kinds"]["quote"]["overlap"]["recall"] == 1.0

    other = tmp_path / "other.jsonl"
    other.write_text(gold_line([{"kind": "quote", "spans": {"quote": [0, 2]}}], text="Hi there.\n"))
    missing = json.loads(run(runner, "eval", str(other), "--db", db, "--json").stdout)
    assert missing["documents_missing"] == [f"{other}:1"]
    assert missing["kinds"]["quote"]["overlap"]["recall"] == 0.0


def test_eval_with_a_bad_gold_file_exits_2_with_one_line(runner, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line([]) + "\n" + '{"text": "x", "claims": [{"kind": "nope"}]}\n')
    result = run(runner, "eval", str(path), "--backend", "offline")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"{path}:2" in result.stderr and "kind 'nope'" in result.stderr
    missing = run(runner, "eval", str(tmp_path / "absent.jsonl"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def test_eval_refuses_a_backend_with_db(runner, gold_file, tmp_path):
    result = run(runner, "eval", str(gold_file), "--db", str(tmp_path / "c.db"), "--model", "m")
    assert result.exit_code == 2 and "--db reads claims" in result.stderr


def test_a_date_value_is_right_when_it_is_the_same_instant_written_the_other_way() -> None:
    # TimeML gold writes midnight as the end of a day or as the start of the next.
    assert date_value_right("2019-07-20T00:00", "2019-07-19T24:00")
    assert date_value_right("2019-07-19T24:00", "2019-07-20T00:00")
    assert date_value_right("2020-01-01T00:00Z", "2019-12-31T24:00Z")  # across a year
    assert date_value_right("2020-03-01T00:00", "2020-02-29T24:00")  # a leap day
    assert date_value_right("2019-07-19", "2019-07-19")
    assert not date_value_right("2019-07-19T00:00", "2019-07-19T24:00")  # a day apart
    assert not date_value_right("2019-07-20", "2019-07-19T24:00")  # a day is no instant
    assert not date_value_right("2019-07-20T00:00Z", "2019-07-19T24:00")  # zones differ
    assert not date_value_right(None, "2019-07-19")
