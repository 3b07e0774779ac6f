"""A flat CSV (``export --format flat-csv``): one row per claim, one column per field, so a
spreadsheet user filters by speaker, date or party without parsing JSON.

Every kind's fields have their own column (empty where a kind has no such field); lists
(participants, parties, quantities) are joined with ``"; "``; booleans are ``true``/``false``.
Document text is untrusted and spreadsheets run formulas: a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written with a leading ``'`` so that a
spreadsheet shows it as text instead of running it (OWASP's advice on CSV injection). The
``csv`` format keeps its columns (spans and fields as JSON) for the programs that read it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import ClassVar

from claimtrack.formats.writer import Documents, ExportOptions
from claimtrack.records import StoredClaim

COLUMNS = (
    "id",
    "kind",
    "claim",
    "status",
    "status_at",
    "grounding",
    "grounding_score",
    "ungrounded_fields",
    "confidence",
    "document_id",
    "document_source",
    "evidence_start",
    "evidence_end",
    "evidence",
    "speaker",
    "quote",
    "cue",
    "direct",
    "event",
    "participants",
    "date_text",
    "date_value",
    "date_resolved",
    "date_relative",
    "parties",
    "state",
    "terms",
    "subject",
    "quantities",
    "extractor",
    "run",
)
LIST_SEPARATOR = "; "
# What a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def inert(value: str) -> str:
    """``value`` as a spreadsheet shows it and never runs it."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return inert(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, str):
        return inert(value)
    return value


def row(stored: StoredClaim) -> dict[str, object]:
    """A stored claim as one flat row (before cells are made inert)."""
    claim = stored.claim
    evidence = claim.evidence
    found: dict[str, object] = {
        "id": stored.id,
        "kind": stored.kind,
        "claim": claim.claim,
        "status": stored.status,
        "status_at": stored.status_at,
        "grounding": stored.grounding,
        "grounding_score": stored.grounding_score,
        "ungrounded_fields": stored.ungrounded_fields,
        "confidence": claim.confidence,
        "document_id": stored.document_id,
        "document_source": stored.document_source,
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence": evidence.text,
        "extractor": stored.extractor,
        "run": stored.run_id,
    }
    return {**claim.fields(), **found}


class FlatCsvWriter:
    """One CSV row per claim, a column per field (see ``COLUMNS``)."""

    HEADER: ClassVar[str] = _line(COLUMNS)

    def __init__(self, documents: Documents, options: ExportOptions) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def lines(self, stored: StoredClaim) -> Iterable[str]:
        found = row(stored)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([_cell(found.get(column)) for column in COLUMNS])
        return (self._buffer.getvalue(),)
