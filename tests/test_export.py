"""Export's records: what SQLite builds for a claim is what the typed claim gives, byte for byte."""

from __future__ import annotations

import json
import sqlite3

import orjson
import pytest

from claimtrack.export import record
from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.rows import _real
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import (
    AgreementClaim,
    Document,
    Extractor,
    QuoteClaim,
    Span,
    weakest_span,
)

EXTRACTOR = Extractor("offline", "m", "p", "h")


def test_records_built_by_sqlite_equal_records_of_typed_claims(tmp_path, seed_document):
    text = 'Japan and South Korea signed a pact on March 16, 2023. "We agree," said Fumio Kishida.'
    invented = check_claim(  # one party is not in the text: an ungrounded field
        text,
        AgreementClaim(
            claim="Japan and France signed a pact.",
            confidence=0.7,
            spans={"evidence": Span.of(text, 0, 53)},
            parties=["Japan", "France"],
            terms="a pact",
            date_text="March 16, 2023",
            state="signed",
        ),
    )
    misspelt = check_claim(  # a speaker found only approximately: a fuzzy score
        text,
        QuoteClaim(
            claim="Kishida said they agree.",
            confidence=1 / 3,
            spans={"evidence": Span.of(text, 55, len(text))},
            speaker="Fumio Kishidda",
            quote="We agree,",
            cue="said",
        ),
    )
    db = tmp_path / "c.db"
    ledger = Ledger(db)
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(Document(text, "a"), run, EXTRACTOR, [invented, misspelt])
    ledger.add_claims(seed_document, run, EXTRACTOR, OfflineExtractor().extract(seed_document))
    ledger.set_status(1, "refuted", by="erin")
    with LedgerReader(db) as reader:
        typed = [orjson.dumps(record(stored)) for stored in reader.iter_claims()]
        built = list(reader.iter_json())
        assert list(reader.iter_json(after=2, until=4)) == built[2:4]
    assert built == typed
    records = [json.loads(line) for line in built]
    assert {r["kind"] for r in records} >= {"quote", "date", "agreement", "statement"}
    assert records[0]["ungrounded_fields"] == ["party:1"]
    assert records[0]["grounding"] == "ungrounded" and records[0]["status"] == "refuted"
    assert records[1]["confidence"] == 1 / 3 and records[1]["grounding_score"] < 1


@pytest.mark.parametrize(
    "value", [0.0, 1.0, 0.1, 1 / 3, 0.8571428571428571, 2 / 3, 1e-7, 123456.789, 0.65, 0.1 + 0.2]
)
def test_a_real_in_sqlite_json_reads_back_as_the_same_float(value):
    sql = f"SELECT {_real(':v')}"
    (text,) = sqlite3.connect(":memory:").execute(sql, {"v": value}).fetchone()
    assert json.loads(text) == value
    if value >= 1e-4 or value == 0:
        assert text == orjson.dumps(value).decode()


def test_the_weakest_span_is_the_worst_method_then_the_lowest_score_then_the_evidence():
    assert weakest_span([("evidence", "exact", 1.0), ("date", "fuzzy", 0.9)]) == "date"
    assert weakest_span([("evidence", "fuzzy", 0.8), ("date", "fuzzy", 0.9)]) == "evidence"
    assert weakest_span([("speaker", "exact", 1.0), ("evidence", "exact", 1.0)]) == "evidence"
    assert weakest_span([("a", "exact", 1.0), ("b", "exact", 1.0)]) == "a"


def test_a_parallel_export_to_a_file_is_what_one_process_writes(
    tmp_path, monkeypatch, seed_document
):
    from claimtrack import export

    db = tmp_path / "c.db"
    ledger = Ledger(db)
    run = ledger.start_run(EXTRACTOR)
    claims = OfflineExtractor().extract(seed_document)
    for n in range(12):
        document = Document(seed_document.text + f"\n\nCopy {n}.", f"copy-{n}")
        ledger.add_claims(document, run, EXTRACTOR, claims)
    monkeypatch.setattr(export, "PARALLEL_FROM", 10)
    for fmt in ("jsonl", "csv"):
        alone, together = tmp_path / f"alone.{fmt}", tmp_path / f"together.{fmt}"
        with export.output_file(alone) as out:
            export.export_ledger(db, out, fmt, workers=1)
        with export.output_file(together) as out:
            out.write("")  # text written before the pieces stays before them
            assert export.export_ledger(db, out, fmt, workers=2) == 12 * len(claims)
        assert together.read_bytes() == alone.read_bytes()
        assert len(alone.read_bytes().splitlines()) >= 12 * len(claims)
