"""Export: one flat record per claim, as JSON Lines or CSV.

Every record carries the claim's id, kind, text, document (id and source), its spans as
``{field: [start, end]}`` (``evidence`` always), the text of each span, the per-kind fields,
grounding and current status — enough to check every claim against its source without the
ledger.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from claimtrack.errors import UsageError
from claimtrack.ledger import Ledger, kind_columns

_PAGE = 500


def claim_records(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Every claim in the ledger as an export record, in document order, a page at a time."""
    ids = [row["id"] for row in ledger.claims()]
    for offset in range(0, len(ids), _PAGE):
        page = ids[offset : offset + _PAGE]
        by_id = {row["id"]: row for row in ledger.claims_by_ids(page)}
        for claim_id in page:
            yield record(by_id[claim_id])


def record(row: dict[str, Any]) -> dict[str, Any]:
    fields = {}
    for column in kind_columns(row["kind"]):
        value = row.get(column)
        if column in ("date_resolved", "date_relative", "direct") and value is not None:
            value = bool(value)
        fields["state" if column == "agreement_state" else column] = value
    return {
        "id": row["id"],
        "kind": row["kind"],
        "claim": row["claim"],
        "confidence": row["confidence"],
        "document": {"id": row["document_id"], "source": row["document_source"]},
        "spans": {name: [span["start"], span["end"]] for name, span in row["spans"].items()},
        "span_texts": {name: span["text"] for name, span in row["spans"].items()},
        "fields": fields,
        "grounding": row["grounding"],
        "grounding_score": row["grounding_score"],
        "status": row["status"],
        "extractor": row["extractor"],
        "run": row["run_id"],
    }


def export_claims(ledger: Ledger, stream: TextIO, fmt: str) -> int:
    """Write every claim to ``stream`` as ``jsonl`` or ``csv``; returns how many."""
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"unknown export format {fmt!r}; use jsonl or csv")
    count = 0
    if fmt == "jsonl":
        for item in claim_records(ledger):
            stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
        return count
    columns = [
        "id",
        "kind",
        "claim",
        "confidence",
        "document_id",
        "document_source",
        "grounding",
        "grounding_score",
        "status",
        "evidence_start",
        "evidence_end",
        "evidence",
        "spans",
        "span_texts",
        "fields",
        "extractor",
        "run",
    ]
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    for item in claim_records(ledger):
        evidence = item["spans"]["evidence"]
        writer.writerow(
            {
                "id": item["id"],
                "kind": item["kind"],
                "claim": item["claim"],
                "confidence": item["confidence"],
                "document_id": item["document"]["id"],
                "document_source": item["document"]["source"],
                "grounding": item["grounding"],
                "grounding_score": item["grounding_score"],
                "status": item["status"],
                "evidence_start": evidence[0],
                "evidence_end": evidence[1],
                "evidence": item["span_texts"]["evidence"],
                "spans": json.dumps(item["spans"]),
                "span_texts": json.dumps(item["span_texts"], ensure_ascii=False),
                "fields": json.dumps(item["fields"], ensure_ascii=False),
                "extractor": item["extractor"],
                "run": item["run"],
            }
        )
        count += 1
    return count
