"""Cells of Datasette's own pages (tables, canned queries) on a ledger: a claim links to its
review page, a document to its page with every claim highlighted, a status or grounding is a
badge, and evidence is shown highlighted in its sentence — cut from a window of the document
around it (one small query per cell), never by splitting the whole document into sentences."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from markupsafe import Markup

from claimtrack.highlight import INVISIBLE, visible
from claimtrack.review_plugin.common import badge, claim_url, document_url, is_ledger
from claimtrack.review_plugin.context import REACH, evidence_cell

CELL_COLUMNS = {
    "claim",
    "evidence_text",
    "evidence",
    "claim_id",
    "document_id",
    "text",
    "grounding",
    "status",
}


def render(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    """The ``render_cell`` hook's answer: ``None`` for cells left to Datasette."""
    if value is None:
        return None
    if column not in CELL_COLUMNS:
        if isinstance(value, str) and INVISIBLE.search(value):
            return _shown_visibly(value, database, datasette)
        return None

    async def rendered() -> Markup | None:
        if not await is_ledger(datasette, database):
            return None
        return await _cell(row_dict(row), value, column, table, database, datasette)

    return rendered


def _shown_visibly(
    value: str, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]]:
    """A cell of a ledger whose text holds invisible formatting characters, shown visibly
    (and cut where Datasette would cut it)."""

    async def rendered() -> Markup | None:
        if not await is_ledger(datasette, database):
            return None
        limit = datasette.setting("truncate_cells_html") or len(value)
        return visible(value[:limit]) + ("…" if len(value) > limit else "")

    return rendered


async def _cell(
    row: dict[str, Any], value: Any, column: str, table: str | None, database: str, ds: Any
) -> Markup | None:
    db = ds.get_database(database)
    if column in ("grounding", "status") and table in (None, "claims", "spans", "claim_events"):
        return badge(str(value))
    if table == "claims" and column == "claim" and "id" in row:
        return Markup('<a href="{}">{}</a>').format(claim_url(ds, row["id"]), visible(str(value)))
    if table == "claims" and column == "evidence_text" and "id" in row:
        return await _evidence(db, int(row["id"]))
    if column == "document_id" and table in (None, "claims") and isinstance(value, str):
        return Markup('<a href="{}" title="the document with all its claims">{}</a>').format(
            document_url(ds, value), value
        )
    if table is None and column == "claim_id" and str(value).isdigit():
        return Markup('<a class="ct-review-link" href="{}">#{} review</a>').format(
            claim_url(ds, value), value
        )
    if table is None and column == "evidence" and str(row.get("claim_id", "")).isdigit():
        return await _evidence(db, int(row["claim_id"]))
    if table == "spans" and column == "text" and {"claim_id", "field"} <= row.keys():
        return await _evidence(db, int(row["claim_id"]), str(row["field"]))
    if table == "documents" and column == "text" and "id" in row:
        text = str(value)
        return Markup('{}{} <a href="{}">read it with its claims highlighted</a>').format(
            visible(text[:300]), "…" if len(text) > 300 else "", document_url(ds, row["id"])
        )
    return None


async def _evidence(db: Any, claim_id: int, field: str = "evidence") -> Markup | None:
    """A span of a claim (its evidence by default) in its sentence, from one query that
    fetches the span and a window of its document around it."""
    rows = (
        await db.execute(
            'SELECT s.start, s."end", s.grounding, s.claimed, d.chars, '
            f'substr(d.text, max(1, s.start + 1 - {REACH}), s."end" - s.start + {2 * REACH}) '
            f"AS window, max(0, s.start - {REACH}) AS window_offset "
            "FROM spans s JOIN claims c ON c.id = s.claim_id "
            "JOIN documents d ON d.id = c.document_id WHERE s.claim_id = ? AND s.field = ?",
            [claim_id, field],
        )
    ).rows
    if not rows:
        return None
    row = rows[0]
    return evidence_cell(
        str(row["window"] or ""),
        int(row["window_offset"]),
        int(row["chars"]),
        int(row["start"]),
        int(row["end"]),
        str(row["grounding"]),
        row["claimed"],
    )


def row_dict(row: Any) -> dict[str, Any]:
    """A row's values by column; a foreign key that Datasette expanded to its label gives its
    value back."""
    try:
        values = dict(row)
    except (TypeError, ValueError):
        keys: list[str] = list(getattr(row, "keys", list)())
        values = {key: row[key] for key in keys}
    return {
        key: value["value"] if isinstance(value, dict) and "value" in value else value
        for key, value in values.items()
    }
