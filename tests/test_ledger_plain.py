"""A claim read as plain values (``show``) is the typed claim's values, without pydantic."""

from __future__ import annotations

import pytest

from claimtrack.export import record, record_of
from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger, LedgerReader, rows
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Document, Extractor, QuoteClaim, Span

EXTRACTOR = Extractor("offline", "m", "p", "h")


def test_plain_claims_are_the_typed_claims_values(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "c.db")
    run = ledger.start_run(EXTRACTOR)
    claims = OfflineExtractor().extract(seed_document)
    text = 'The budget passed. "We are done," the mayor said on Monday.'
    fake = check_claim(
        text,
        QuoteClaim(
            claim="Governor Ortiz said they are done.",
            confidence=0.5,
            spans={"evidence": Span.of(text, 19, len(text))},
            speaker="Governor Ortiz",
            quote="We are done",
        ),
    )
    ledger.add_claims(seed_document, run, EXTRACTOR, claims)
    ledger.add_claims(Document(text, "t"), run, EXTRACTOR, [fake])
    ledger.set_status(1, "supported", note="checked", by="ana")
    reader = LedgerReader(tmp_path / "c.db")
    kinds = set()
    for typed in reader.claims():
        typed = reader.claim(typed.id)
        plain = reader.plain_claim(typed.id)
        kinds.add(plain.values["kind"])
        assert record_of(plain.values, plain.span_tuples(), plain.fields) == record(typed)
        assert plain.grounding == typed.grounding
        assert plain.ungrounded_fields == typed.ungrounded_fields
        assert plain.fields == typed.fields()
        assert plain.history == typed.history
        assert {name: dict(values) for name, values in plain.spans.items()} == {
            name: span.model_dump() for name, span in typed.claim.spans.items()
        }
        assert list(plain.spans) == list(typed.claim.spans)
    assert kinds == {"date", "quote", "agreement", "statement"}
    assert reader.plain_claim(1).history[-1].status == "supported"
    assert "ungrounded" in {reader.plain_claim(c.id).grounding for c in reader.claims()}


def test_the_codec_refuses_models_that_disagree_with_it(monkeypatch):
    rows.check_models.__wrapped__()  # agree today
    changed = {**rows.KIND_FIELDS, "quote": ("speaker", "quote", "direct", "cue")}
    monkeypatch.setattr(rows, "KIND_FIELDS", changed)
    with pytest.raises(TypeError, match="quote: model fields"):
        rows.check_models.__wrapped__()
    monkeypatch.undo()
    monkeypatch.setattr(rows, "_BOOL_COLUMNS", frozenset({"date_resolved", "date_relative"}))
    with pytest.raises(TypeError, match=r"quote\.direct: bool"):
        rows.check_models.__wrapped__()
