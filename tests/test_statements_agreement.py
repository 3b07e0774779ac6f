"""bench/statements_agreement.py: two readings of the statement rule compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_scripts import bench_script

agreement_script = bench_script("statements_agreement")


def test_agreement_scores_the_second_reader_as_the_extractor() -> None:
    pairs = [("checkable", "checkable")] * 6 + [
        ("opinion", "checkable"),  # the second reader keeps an opinion
        ("checkable", "opinion"),  # ... and loses a checkable sentence
        ("opinion", "opinion"),
        ("opinion", "opinion"),
    ]
    found = agreement_script.agreement(pairs)
    assert found["agreement"] == pytest.approx(0.8)
    assert found["precision"] == pytest.approx(6 / 7)
    assert found["recall"] == pytest.approx(6 / 7)
    # both readers call 7 of 10 checkable: chance agrees on 0.7*0.7 + 0.3*0.3 = 0.58
    assert found["kappa"] == pytest.approx((0.8 - 0.58) / (1 - 0.58))
    assert (found["opinions_first"], found["opinions_second"]) == (3, 3)


def test_a_second_label_of_a_sentence_the_first_reading_lacks_is_refused() -> None:
    first = [dict(corpus="c", document="d", start=0, end=5, label="opinion")]
    second = [dict(corpus="c", document="d", start=0, end=6, label="opinion", sample="s")]
    with pytest.raises(SystemExit, match="not in the first reading"):
        agreement_script.readings(first, second)


def test_the_shipped_second_reading_covers_whole_samples_of_the_first() -> None:
    first = json.loads(agreement_script.FIRST.read_text(encoding="utf-8"))["items"]
    second = json.loads(agreement_script.SECOND.read_text(encoding="utf-8"))["items"]
    pairs = agreement_script.readings(first, second)
    for sample, found in pairs.items():
        assert len(found) == sum(item["sample"] == sample for item in first)
    assert {label for item in second for label in [item["label"]]} == {"checkable", "opinion"}


def test_a_file_that_is_not_labelled_items_is_one_line_and_a_non_zero_exit(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "second.json"
    broken.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a file of labelled items"):
        agreement_script.items(broken)
