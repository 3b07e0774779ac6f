"""The one codec between a claim and its rows: what is stored is what comes back."""

from __future__ import annotations

from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger
from claimtrack.ledger.rows import KIND_COLUMNS, decode_claim
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import CLAIM_MODELS, AgreementClaim, Document, Extractor, Span

EXTRACTOR = Extractor("offline", "m", "p", "h")


def test_every_field_of_every_kind_has_a_column():
    for kind, model in CLAIM_MODELS.items():
        own = [
            name
            for name in model.model_fields
            if name not in ("kind", "claim", "confidence", "spans")
        ]
        assert [c.replace("agreement_state", "state") for c in KIND_COLUMNS[kind]] == own


def test_decoded_claims_equal_validated_claims(tmp_path, seed_document):
    text = "Japan and South Korea signed a pact on March 16, 2023, in Tokyo."
    agreement = check_claim(
        text,
        AgreementClaim(
            claim="Japan and South Korea signed a pact.",
            confidence=0.7,
            spans={"evidence": Span.of(text, 0, len(text))},
            parties=["Japan", "South Korea"],
            terms="a pact",
            date_text="March 16, 2023",
            state="signed",
        ),
    )
    ledger = Ledger(tmp_path / "c.db")
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(Document(text, "a"), run, EXTRACTOR, [agreement])
    claims = OfflineExtractor().extract(seed_document)
    ledger.add_claims(seed_document, run, EXTRACTOR, claims)
    for stored in ledger.claims():
        decoded = stored.claim
        validated = type(decoded).model_validate(decoded.model_dump())
        assert decoded == validated
        assert decoded.model_dump_json() == validated.model_dump_json()
        assert decoded.fields() == validated.fields()
    (first,) = ledger.claims(limit=1)
    assert first.claim.fields()["parties"] == ["Japan", "South Korea"]
    assert first.claim.fields()["state"] == "signed"
    assert set(first.claim.spans) == {"evidence", "party:0", "party:1", "date"}


def test_a_row_with_empty_lists_decodes():
    row = {
        "kind": "statement",
        "claim": "x",
        "confidence": 0.5,
        "subject": None,
        "quantities": None,
    }
    span = {
        "field": "evidence",
        "start": 0,
        "end": 1,
        "text": "x",
        "grounding": "exact",
        "score": 1.0,
        "claimed": None,
        "pieces": None,
        "discrepancies": None,
    }
    claim = decode_claim(row, [span])
    assert claim.fields() == {"subject": None, "quantities": []}
    assert claim.evidence.pieces == ()
