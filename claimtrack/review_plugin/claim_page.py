"""A claim's review page, and what a reviewer does there: record a status (and go on to the
next claim of the queue they came from), or undo their last change.

The page is compact: the claim's context is shown once, with every span of the claim (its
evidence, quote, speaker, date, parties…) highlighted in a colour of its own and named in a
legend, a field that is not in the document struck through in the legend; the status form is
beside it, with "save and next", how many claims are left in the queue, and the keyboard
shortcuts. The queue travels with the reviewer as the page's query string (its filters).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from datasette import Forbidden, NotFound, Response
from markupsafe import Markup

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.highlight import GROUNDING_NOTES, Layer, layered
from claimtrack.ledger import STATUS_EVENT_SQL, LedgerReader
from claimtrack.ledger.reviewers import disagree, is_undo, standing, undo_event
from claimtrack.records import ClaimBase, Span, StoredClaim
from claimtrack.review_plugin import queue
from claimtrack.review_plugin.common import (
    can_write,
    check_view,
    claim_id_arg,
    claim_url,
    desk_url,
    document_url,
    in_transaction,
    local_query,
    require_ledger,
    require_writer,
)
from claimtrack.review_plugin.context import sentence_window
from claimtrack.review_plugin.fact_read import fact_summary
from claimtrack.review_plugin.verdicts import review_url, verdict_panel
from claimtrack.vocabulary import STATUSES

# Keys that pick a status on the claim page (shown beside each choice).
STATUS_KEYS = {status: str(number) for number, status in enumerate(STATUSES, start=1)}
_GAP = 160  # spans closer than this share one passage of context


async def claim_page(request: Any, datasette: Any) -> Response:
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    claim_id = int(request.url_vars["claim_id"])
    return await render_claim(request, datasette, db, claim_id, request.args)


async def set_status(request: Any, datasette: Any) -> Response:
    """Append a status with a note to a claim's history, as the signed-in reviewer; then the
    claim again, or with ``next`` the next claim of the queue the form came from.

    CSRF is checked before this runs (Datasette's middleware, for every POST that carries
    cookies); here, only an actor that the ``set_status`` query allows may write."""
    db = await require_ledger(datasette)
    claim_id = int(request.url_vars["claim_id"])
    if request.method != "POST":
        return Response.text("Use POST to set a status.", status=405)
    by = await require_writer(datasette, request, db.name)
    form = await request.post_vars()
    status, note = str(form.get("status", "")), str(form.get("note", ""))
    carried = local_query(str(form.get("queue", "")))

    def write(conn: sqlite3.Connection) -> int:
        cursor = conn.execute(
            STATUS_EVENT_SQL.format(by=":by"),
            {"claim_id": claim_id, "status": status, "note": note, "by": by},
        )
        return int(cursor.lastrowid or 0)

    try:
        event_id = await db.execute_write_fn(in_transaction(write))
    except sqlite3.DatabaseError as error:
        args = _Args(carried)
        return await render_claim(
            request, datasette, db, claim_id, args, error=str(error), status=400, form=form
        )
    saved = [("saved", str(event_id))]
    if form.get("next"):
        wanted = queue.QueueFilter.from_args(_Args(carried))

        def following(conn: sqlite3.Connection) -> int | None:
            checked = queue.check(conn, wanted)
            key = queue.key_of(conn, claim_id)
            if checked.problems or key is None:
                return None
            found = queue.keys(conn, checked, key, 1)
            return int(found[0][-1]) if found else None

        upcoming = await db.execute_fn(following)
        if upcoming is None:
            datasette.add_message(
                request,
                f"Claim {claim_id} set to {status}. That was the last claim of this queue.",
                datasette.INFO,
            )
            return Response.redirect(desk_url(datasette, "/queue", carried))
        return Response.redirect(claim_url(datasette, upcoming, _joined(carried, saved)))
    datasette.add_message(request, f"Status set to {status}.", datasette.INFO)
    return Response.redirect(claim_url(datasette, claim_id, _joined(carried, saved)))


async def undo(request: Any, datasette: Any) -> Response:
    """Undo the reviewer's own latest change of a claim: a new event restores the status the
    claim had before it (nothing is deleted); then the claim's page."""
    db = await require_ledger(datasette)
    if request.method != "POST":
        return Response.text("Use POST to undo.", status=405)
    by = await require_writer(datasette, request, db.name)
    event_id = int(request.url_vars["event_id"])
    form = await request.post_vars()
    carried = local_query(str(form.get("queue", "")))

    def write(conn: sqlite3.Connection) -> tuple[int, str]:
        restored = undo_event(conn, event_id, by)
        claim, status = conn.execute(
            "SELECT claim_id, status FROM claim_events WHERE id = ?", [restored]
        ).fetchone()
        return int(claim), str(status)

    try:
        claim_id, status = await db.execute_write_fn(in_transaction(write))
    except NotFoundError as missing:
        raise NotFound(str(missing)) from missing
    except (UsageError, sqlite3.DatabaseError) as refused:
        raise Forbidden(str(refused)) from refused
    datasette.add_message(request, f"Undone: claim {claim_id} is {status} again.", datasette.INFO)
    return Response.redirect(claim_url(datasette, claim_id, carried))


class _Args(dict[str, str]):
    """A carried query string, read like a request's arguments."""

    def __init__(self, query: str) -> None:
        from urllib.parse import parse_qsl

        super().__init__(parse_qsl(query))


def _joined(query: str, extra: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return "&".join(part for part in (query, urlencode(extra)) if part)


async def render_claim(
    request: Any,
    datasette: Any,
    db: Any,
    claim_id: int,
    args: Any,
    *,
    error: str | None = None,
    status: int = 200,
    form: Any = None,
) -> Response:
    """A claim's review page (see the module's docstring)."""
    wanted = queue.QueueFilter.from_args(args)
    saved_id = claim_id_arg(args, "saved")

    def read(conn: sqlite3.Connection) -> dict[str, Any]:
        reader = LedgerReader.using(conn, db.path or "")
        stored = reader.claim(claim_id)
        text = reader.document_text(stored.document_id)
        title = conn.execute(
            "SELECT coalesce(title, source) FROM documents WHERE id = ?", [stored.document_id]
        ).fetchone()[0]
        checked = queue.check(conn, wanted)
        saved = None
        if saved_id is not None:
            saved = conn.execute(
                "SELECT e.id, e.claim_id, e.status, e.by, "
                "(SELECT max(id) FROM claim_events WHERE claim_id = e.claim_id) AS latest "
                "FROM claim_events e WHERE e.id = ?",
                [saved_id],
            ).fetchone()
        return {
            "stored": stored,
            "text": text,
            "title": title,
            "fact": fact_summary(conn, claim_id),
            "neighbours": queue.neighbours(conn, checked, claim_id),
            "problems": checked.problems,
            "saved": saved,
            "verdict": verdict_panel(conn, claim_id),
        }

    try:
        found = await db.execute_fn(read)
    except NotFoundError as missing:
        raise NotFound("No such claim in this ledger.") from missing
    stored: StoredClaim = found["stored"]
    me = str(request.actor["id"]) if request.actor else None
    writer = await can_write(datasette, request, db.name)
    history = list(stored.history or ())
    positions = standing(history)
    latest = history[-1] if history else None
    carried = wanted.query_string()
    neighbours: queue.Neighbours = found["neighbours"]
    saved = found["saved"]
    context, legend = spans_in_context(found["text"], stored.claim)
    html = await datasette.render_template(
        "claimtrack_claim.html",
        {
            "database": db.name,
            "stored": stored,
            "claim": stored.claim,
            "document_title": found["title"],
            "context": context,
            "legend": legend,
            "evidence_found": stored.claim.evidence.grounding != "ungrounded",
            "not_found": [item for item in legend if item.not_found],
            "details": _details(stored.claim),
            "history": history,
            "positions": sorted(positions.values(), key=lambda e: e.by),
            "disagreement": disagree(positions),
            "statuses": STATUSES,
            "status_keys": STATUS_KEYS,
            "can_write": writer,
            "me": me,
            "undo": latest
            if writer and latest and latest.by == me and not is_undo(latest.note)
            else None,
            "saved": saved
            if saved and writer and saved["by"] == me and saved["id"] == saved["latest"]
            else None,
            "error": error,
            "form": form or {},
            "notes": GROUNDING_NOTES,
            "queue_filter": wanted,
            "queue_problems": found["problems"],
            "queue_query": carried,
            "queue_url": desk_url(datasette, "/queue", carried),
            "disagreements_url": desk_url(datasette, "/queue", "status=any&disagreement=1"),
            "neighbours": neighbours,
            "previous_url": claim_url(datasette, neighbours.previous, carried)
            if neighbours.previous
            else None,
            "next_url": claim_url(datasette, neighbours.next, carried) if neighbours.next else None,
            "document_url": document_url(datasette, stored.document_id),
            "fact": found["fact"],
            "fact_url": desk_url(datasette, f"/facts/{int(found['fact'].id)}")
            if found["fact"]
            else None,
            "fact_conflicts_url": desk_url(datasette, f"/facts/{int(found['fact'].id)}")
            + "#conflicts"
            if found["fact"]
            else None,
            "status_url": desk_url(datasette, f"/claims/{claim_id}/status"),
            "undo_url": lambda event_id: desk_url(datasette, f"/events/{int(event_id)}/undo"),
            "row_url": datasette.urls.row(db.name, "claims", claim_id),
            "history_url": datasette.urls.query(db.name, "claim_history") + f"?claim_id={claim_id}",
            "verdict": found["verdict"],
            "verdict_review_url": review_url(datasette, found["verdict"].latest.id)
            if found["verdict"]
            else None,
        },
        request=request,
    )
    return Response.html(html, status=status)


@dataclass(frozen=True)
class LegendItem:
    """A span of the claim as the legend names it: its field, its colour, how it was found."""

    field: str
    css: str
    span: Span
    marked: bool = False  # a field its fact's sources disagree on (the fact page)

    @property
    def not_found(self) -> bool:
        return self.span.grounding == "ungrounded" or self.span.end <= self.span.start

    @property
    def shown(self) -> str:
        return self.span.claimed or self.span.text


def spans_in_context(
    text: str, claim: ClaimBase, marked: frozenset[str] = frozenset()
) -> tuple[list[Markup], list[LegendItem]]:
    """The claim's context — each passage once, every span in its own colour — and the
    legend of its spans. Spans named in ``marked`` (by name, or by the name before ``:`` of a
    list's item) are shown as disputed (``ct-cf``) instead of in their colour."""
    legend: list[LegendItem] = []
    layers: list[Layer] = []
    colour = 0
    for name, span in claim.spans.items():
        if name == "evidence":
            css = "ev"
        else:
            colour += 1
            css = f"f{(colour - 1) % 8 + 1}"
        disputed = name in marked or name.partition(":")[0] in marked
        if disputed:
            css = "cf"
        item = LegendItem(name, css, span, disputed)
        legend.append(item)
        if not item.not_found:
            note = GROUNDING_NOTES.get(span.grounding, span.grounding)
            title = f"{name}: {note}" + ("; sources disagree on it" if disputed else "")
            layers.append(Layer(span.start, span.end, css, title))
    windows: list[tuple[int, int]] = []
    for layer in sorted(layers, key=lambda x: x.start):
        left, right = sentence_window(text, layer.start, layer.end)
        if windows and left <= windows[-1][1] + _GAP:
            windows[-1] = (windows[-1][0], max(windows[-1][1], right))
        else:
            windows.append((left, right))
    passages = [
        Markup('<span class="ct-context">{}{}{}</span>').format(
            "… " if left > 0 else "",
            layered(text, left, right, layers),
            " …" if right < len(text) else "",
        )
        for left, right in windows
    ]
    return passages, legend


@dataclass(frozen=True)
class _Value:
    """One value of a field, with the span that quotes it when the field must be found in the
    document."""

    text: str
    span: Span | None = None

    @property
    def not_found(self) -> bool:
        return self.span is not None and self.span.grounding == "ungrounded"


@dataclass(frozen=True)
class _Detail:
    name: str
    values: tuple[_Value, ...]


# The span that quotes a field, when its name is not the field's own (``verbatim_fields`` of the
# claim models); the items of a list field are quoted by ``<name>:<index>``.
_SPAN_NAMES = {
    "date_text": "date",
    "participants": "participant",
    "parties": "party",
    "quantities": "quantity",
}


def _details(claim: ClaimBase) -> list[_Detail]:
    """Every kind-specific field of a claim, each value with the span that quotes it; a quoting
    span that no field accounts for is listed under its own name, so none is left unshown."""
    accounted = {"evidence"}
    details: list[_Detail] = []
    for name, value in claim.fields().items():
        base = _SPAN_NAMES.get(name, name)
        if isinstance(value, list):
            pairs = [(str(item), f"{base}:{index}") for index, item in enumerate(value)]
        elif value is None or value == "":
            pairs = []
        else:
            pairs = [(_plain(value), base)]
        accounted.update(key for _, key in pairs)
        values = tuple(_Value(text, claim.spans.get(key)) for text, key in pairs)
        details.append(_Detail(name, values))
    for key, span in claim.spans.items():
        if key not in accounted:
            details.append(_Detail(key, (_Value(span.claimed or span.text, span),)))
    return details


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
