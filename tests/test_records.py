import pytest
from pydantic import TypeAdapter, ValidationError

from claimtrack.records import Claim, DateClaim, Document, QuoteClaim, Span, content_id


def test_document_id_is_a_content_hash():
    a = Document(text="Same text.", source="a.txt")
    b = Document(text="Same text.", source="b.txt")
    assert a.id == b.id == content_id("Same text.")
    assert Document(text="Other text.", source="a.txt").id != a.id
    assert len(a.id) == 16


def test_span_of_takes_the_text_at_its_offsets():
    span = Span.of("Hello world", 6, 11)
    assert (span.start, span.end, span.text) == (6, 11, "world")


def test_span_end_before_start_is_refused():
    with pytest.raises(ValidationError):
        Span(start=5, end=2, text="")


def test_a_claim_needs_evidence():
    with pytest.raises(ValidationError, match="evidence"):
        QuoteClaim(claim="X said y", confidence=0.5, spans={}, quote="y")


def test_claims_parse_by_kind():
    data = {
        "kind": "date",
        "claim": "It happened in 2011.",
        "confidence": 0.8,
        "spans": {"evidence": {"start": 0, "end": 20, "text": "It happened in 2011."}},
        "event": "It happened",
        "date_text": "2011",
        "date_value": "2011",
    }
    claim = TypeAdapter(Claim).validate_python(data)
    assert isinstance(claim, DateClaim)
    assert claim.fields()["date_value"] == "2011"
    assert "claim" not in claim.fields()


def test_the_library_surface_is_importable_from_the_package():
    import claimtrack

    for name in claimtrack.__all__:
        assert getattr(claimtrack, name) is not None
    with pytest.raises(AttributeError):
        claimtrack.no_such_thing  # noqa: B018
