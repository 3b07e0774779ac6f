"""The one codec between a claim and its rows: the only code that knows the ledger's column
names for a claim.

A claim is one row of ``claims`` (its common columns, and one column per kind-specific field)
and one row of ``spans`` per span. Each kind's fields are named here, in the order of its model
(``KIND_FIELDS``): a field added to a model is mapped here, and the first typed read or write
checks that the models and this table agree (``check_models``; a test does too), so the two
cannot drift apart unnoticed.

The module imports no pydantic: the plain-value functions (``stored_values``, ``kind_fields``,
``span_values``, ``decode_event``) serve a reader that needs values, not models (``show``),
without loading the claim models; the typed ones (``decode_claim``, ``decode_stored``,
``claim_row``, ``span_rows``) load them on first use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from claimtrack.history import StatusEvent
from claimtrack.vocabulary import GROUNDING_METHODS

if TYPE_CHECKING:
    from pydantic import BaseModel

    from claimtrack.records import CallRecord, ClaimBase, Extractor, Span, StoredClaim

M = TypeVar("M", bound="BaseModel")


class RowLike(Protocol):
    """A row that reads by column name: ``sqlite3.Row``, or a dict."""

    def __getitem__(self, key: str, /) -> Any: ...


# Each kind's own fields, in its model's order (the common ones, ``_COMMON``, are every
# claim's). ``check_models`` holds the claim models to this table.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "date": (
        "event",
        "participants",
        "date_text",
        "date_value",
        "date_resolved",
        "date_relative",
    ),
    "quote": ("speaker", "quote", "cue", "direct"),
    "agreement": ("parties", "terms", "date_text", "date_value", "state"),
    "statement": ("subject", "quantities"),
}
_COMMON = ("kind", "claim", "confidence", "spans")
# A field whose column has another name (``state`` would read as a claim's review state).
_COLUMN_OF = {"state": "agreement_state"}
_FIELD_OF = {column: name for name, column in _COLUMN_OF.items()}
# Lists are JSON arrays in their column (Datasette facets them as arrays); booleans are 0/1.
JSON_COLUMNS = frozenset({"participants", "parties", "quantities"})
_BOOL_COLUMNS = frozenset({"date_resolved", "date_relative", "direct"})

KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(_COLUMN_OF.get(name, name) for name in names) for kind, names in KIND_FIELDS.items()
}


@cache
def check_models() -> None:
    """Hold the claim models to ``KIND_FIELDS``: the same kinds, the same fields in the same
    order, lists and booleans where this codec stores JSON and 0/1. Run once, on the first
    typed read or write; a model changed without its mapping here fails at once, loudly."""
    from claimtrack.records import CLAIM_MODELS, ClaimBase

    problems: list[str] = []
    if tuple(ClaimBase.model_fields) != _COMMON:
        problems.append(f"common fields {tuple(ClaimBase.model_fields)} != {_COMMON}")
    if tuple(CLAIM_MODELS) != tuple(KIND_FIELDS):
        problems.append(f"kinds {tuple(CLAIM_MODELS)} != {tuple(KIND_FIELDS)}")
    for kind, model in CLAIM_MODELS.items():
        own = tuple(name for name in model.model_fields if name not in _COMMON)
        if own != KIND_FIELDS.get(kind):
            problems.append(f"{kind}: model fields {own} != codec {KIND_FIELDS.get(kind)}")
        for name, info in model.model_fields.items():
            column = _COLUMN_OF.get(name, name)
            if name in _COMMON:
                continue
            if (info.annotation is bool) != (column in _BOOL_COLUMNS):
                problems.append(f"{kind}.{name}: bool in one of model and codec only")
            listed = getattr(info.annotation, "__origin__", None) is list
            if listed != (column in JSON_COLUMNS):
                problems.append(f"{kind}.{name}: list in one of model and codec only")
    if problems:
        raise TypeError("claim models and ledger codec disagree: " + "; ".join(problems))


_records: Any = None


def _models() -> Any:
    """The typed records module (pydantic and the claim models), loaded on first use and
    checked against this codec."""
    global _records
    if _records is None:
        check_models()
        from claimtrack import records

        _records = records
    return _records


# What a read of a claim selects: its row, with its document's source.
CLAIM_COLUMNS = (
    "c.id, c.kind, c.claim, c.confidence, c.document_id, d.source AS document_source, "
    "c.run_id, c.extractor, c.model, c.prompt_name, c.prompt_hash, c.extracted_at, c.status, "
    "c.status_at, c.verdict, "
    + ", ".join(f"c.{column}" for column in sorted({c for cs in KIND_COLUMNS.values() for c in cs}))
)
SPAN_COLUMNS = (
    'claim_id, field, start, "end", text, grounding, score, claimed, pieces, discrepancies'
)
EVENT_COLUMNS = "id, claim_id, status, note, by, at"


def fingerprint(document_id: str, extractor: Extractor, claim: ClaimBase) -> str:
    """What makes a stored claim the same claim: document, extractor and all its content."""
    payload = json.dumps(
        [document_id, extractor.key, claim.model_dump(mode="json")], sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def claim_row(
    claim: ClaimBase, *, document_id: str, run_id: int, extractor: Extractor, stamp: str
) -> dict[str, Any]:
    """The ``claims`` row of a claim."""
    check_models()
    row: dict[str, Any] = {
        "fingerprint": fingerprint(document_id, extractor, claim),
        "document_id": document_id,
        "run_id": run_id,
        "kind": claim.kind,
        "claim": claim.claim,
        "confidence": claim.confidence,
        "grounding": claim.grounding,
        "grounding_score": claim.grounding_score,
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "evidence_text": claim.evidence.text,
        "extractor": extractor.key,
        "model": extractor.model,
        "prompt_name": extractor.prompt_name,
        "prompt_hash": extractor.prompt_hash,
        "extracted_at": stamp,
    }
    for name, value in claim.fields().items():
        column = _COLUMN_OF.get(name, name)
        if column in JSON_COLUMNS:
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        row[column] = value
    return row


def span_rows(claim_id: int, claim: ClaimBase) -> list[tuple[Any, ...]]:
    """The ``spans`` rows of a claim, in the order of ``SPAN_COLUMNS``."""
    return [
        (
            claim_id,
            name,
            span.start,
            span.end,
            span.text,
            span.grounding,
            span.score,
            span.claimed,
            json.dumps([list(p) for p in span.pieces]) if span.pieces else None,
            json.dumps(list(span.discrepancies)) if span.discrepancies else None,
        )
        for name, span in claim.spans.items()
    ]


def call_row(run_id: int | None, document_id: str, call: CallRecord, stamp: str) -> dict[str, Any]:
    """The ``llm_calls`` row of a model call."""
    return {
        "request_hash": call.request_hash,
        "run_id": run_id,
        "document_id": document_id,
        "chunk_start": call.chunk_start,
        "chunk_end": call.chunk_end,
        "model": call.model,
        "prompt_name": call.prompt_name,
        "prompt_hash": call.prompt_hash,
        "attempts": call.attempts,
        "outcome": call.outcome,
        "error": call.error,
        "prompt_tokens": call.prompt_tokens,
        "completion_tokens": call.completion_tokens,
        "latency_ms": call.latency_ms,
        "cost_usd": call.cost_usd,
        "response": call.response,
        "created_at": call.sent_at or stamp,
    }


def _trusted(model: type[M], values: dict[str, Any]) -> M:
    """A model instance from values this codec wrote, every field given, without validation.

    What ``model_construct`` does, less its per-field loop over defaults and aliases (every
    field is present here): a million claims with three spans each are four million models,
    and this is what export spends its time on. ``tests/test_ledger_rows.py`` checks that the
    result equals a validated model, field for field.
    """
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def span_values(row: RowLike) -> dict[str, Any]:
    """A ``spans`` row as the values of its ``Span``, by field name."""
    pieces = row["pieces"]
    discrepancies = row["discrepancies"]
    return {
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "grounding": row["grounding"],
        "score": row["score"],
        "pieces": tuple(tuple(p) for p in json.loads(pieces)) if pieces else (),
        "discrepancies": tuple(json.loads(discrepancies)) if discrepancies else (),
        "claimed": row["claimed"],
    }


def decode_span(row: RowLike) -> Span:
    return _trusted(cast("type[Span]", _models().Span), span_values(row))


def kind_fields(row: RowLike) -> dict[str, Any]:
    """The kind-specific fields of a ``claims`` row, by field name, in its model's order."""
    values: dict[str, Any] = {}
    for column in KIND_COLUMNS[row["kind"]]:
        value = row[column]
        if column in JSON_COLUMNS:
            value = json.loads(value) if value else []
        elif column in _BOOL_COLUMNS and value is not None:
            value = bool(value)
        values[_FIELD_OF.get(column, column)] = value
    return values


def decode_claim(row: RowLike, spans: Iterable[RowLike]) -> ClaimBase:
    """The typed claim of a ``claims`` row (selected with ``CLAIM_COLUMNS``) and its spans."""
    kind = row["kind"]
    values: dict[str, Any] = {
        "kind": kind,
        "claim": row["claim"],
        "confidence": row["confidence"],
    }
    models = _models()
    values["spans"] = {span["field"]: _trusted(models.Span, span_values(span)) for span in spans}
    values.update(kind_fields(row))
    return _trusted(cast("type[ClaimBase]", models.CLAIM_MODELS[kind]), values)


def stored_values(row: RowLike) -> dict[str, Any]:
    """The common columns of a ``claims`` row (selected with ``CLAIM_COLUMNS``), by the name of
    the ``StoredClaim`` attribute (``id`` … ``status_at``) or claim field (``claim``,
    ``confidence``, ``kind``) each is read into."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "claim": row["claim"],
        "confidence": row["confidence"],
        "document_id": row["document_id"],
        "document_source": row["document_source"],
        "run_id": row["run_id"],
        "extractor": row["extractor"],
        "model": row["model"],
        "prompt_name": row["prompt_name"],
        "prompt_hash": row["prompt_hash"],
        "extracted_at": row["extracted_at"],
        "status": row["status"],
        "status_at": row["status_at"],
        "verdict": _optional(row, "verdict"),
    }


def decode_stored(
    row: RowLike,
    spans: Iterable[RowLike],
    history: Iterable[RowLike] | None = None,
) -> StoredClaim:
    values = stored_values(row)
    del values["kind"], values["claim"], values["confidence"]  # the claim's own
    stored = _models().StoredClaim(
        claim=decode_claim(row, spans),
        history=None if history is None else tuple(decode_event(e) for e in history),
        **values,
    )
    return cast("StoredClaim", stored)


def _optional(row: RowLike, column: str) -> Any:
    """A column a row may lack (a row selected before the column existed)."""
    try:
        return row[column]
    except (IndexError, KeyError):
        return None


def decode_event(row: RowLike) -> StatusEvent:
    return StatusEvent(
        id=row["id"],
        claim_id=row["claim_id"],
        status=row["status"],
        note=row["note"],
        by=row["by"],
        at=row["at"],
    )


# -- each claim as its export record, built by SQLite -------------------------------------------


def _real(expression: str) -> str:
    """A REAL as JSON text that reads back as the same float, in the fewest of 15, 16 or 17
    digits (SQLite's JSON functions print 15, which loses some): Python's and orjson's text
    for any value from 1e-4 up (smaller ones are in exponent form, equal as numbers)."""
    digits = [f"printf('%!.{n}g', {expression})" for n in (15, 16)]
    return (
        f"CASE WHEN {expression} IS NULL THEN 'null' "
        + " ".join(f"WHEN CAST({d} AS REAL) = {expression} THEN {d}" for d in digits)
        + f" ELSE printf('%!.17g', {expression}) END"
    )


def _field_json(column: str) -> str:
    if column in JSON_COLUMNS:
        return (
            f"json(CASE WHEN c.{column} IS NULL OR c.{column} = '' THEN '[]' ELSE c.{column} END)"
        )
    if column in _BOOL_COLUMNS:
        return (
            f"CASE WHEN c.{column} IS NULL THEN NULL WHEN c.{column} THEN json('true') "
            "ELSE json('false') END"
        )
    return f"c.{column}"


def record_sql(clause: str = "1") -> str:
    """One SELECT giving, for each claim with an id in ``(:after, :until]`` that matches
    ``clause``, in id order, the JSON of its export record (UTF-8 bytes): what
    ``claimtrack.export.record`` makes of the decoded claim, key for key and value for value
    (``tests/test_export.py`` checks them equal for every kind), built inside SQLite so that a
    million claims are not a million typed records in Python. Spans are in the order readers
    give them (the evidence, then by start); the claim's grounding is that of its weakest span
    (the worst method: ``weakest.weakest_span``'s first rule decides it alone)."""
    rank = " ".join(f"WHEN '{m}' THEN {n}" for n, m in enumerate(GROUNDING_METHODS))
    method = " ".join(f"WHEN {n} THEN '{m}'" for n, m in enumerate(GROUNDING_METHODS))
    fields = " ".join(
        f"WHEN '{kind}' THEN json_object("
        + ", ".join(f"'{_FIELD_OF.get(col, col)}', {_field_json(col)}" for col in columns)
        + ")"
        for kind, columns in KIND_COLUMNS.items()
    )
    # one pass over a claim's spans, in reading order, gives the record from "spans" to
    # "ungrounded_fields" as text
    spans = (
        '(SELECT \',"spans":\' || json_group_object(field, json_array(start, "end")) '
        "|| ',\"span_texts\":' || json_group_object(field, text) "
        "|| ',\"span_grounding\":' || json_group_object(field, grounding) "
        f'|| \',"grounding":"\' || CASE max(CASE grounding {rank} END) {method} END '
        f'|| \'","grounding_score":\' || {_real("min(score)")} '
        "|| ',\"ungrounded_fields\":' "
        "|| json_group_array(field) FILTER (WHERE grounding = 'ungrounded') "
        'FROM (SELECT field, start, "end", text, grounding, score FROM spans '
        "WHERE claim_id = c.id ORDER BY field != 'evidence', start, field))"
    )
    return (
        "SELECT CAST('{\"id\":' || c.id || ',\"kind\":' || json_quote(c.kind) "
        "|| ',\"claim\":' || json_quote(c.claim) "
        f"|| ',\"confidence\":' || {_real('c.confidence')} "
        "|| ',\"document\":' || json_object('id', c.document_id, 'source', d.source) "
        f"|| ',\"fields\":' || CASE c.kind {fields} END "
        f"|| {spans} "
        "|| ',\"status\":' || json_quote(c.status) "
        "|| ',\"verdict\":' || json_quote(c.verdict) "
        "|| ',\"extractor\":' || json_quote(c.extractor) "
        "|| ',\"run\":' || c.run_id || '}' AS BLOB) "  # UTF-8 bytes, as they are written
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        f"WHERE ({clause}) AND c.id > :after AND c.id <= :until ORDER BY c.id"
    )
