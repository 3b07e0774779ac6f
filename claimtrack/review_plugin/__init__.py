"""claimtrack's Datasette plugin: claims shown in their source, reviewed from the browser.

Loaded by Datasette through the ``datasette`` entry point wherever claimtrack is installed. It
only acts on databases that are claimtrack ledgers (they have a ``_claimtrack`` table):

- wherever a claim's evidence or a span is shown, it is rendered highlighted inside its
  surrounding sentences, escaped (documents are untrusted), with ungrounded and fuzzy spans
  marked as such; a claim links to its review page and its document;
- ``/-/claimtrack/claims/ID`` is a claim's review page (its spans, its history, and for a
  signed-in reviewer a form that appends a status with a note);
- ``/-/claimtrack/documents/ID`` shows a document with all its claims highlighted;
- ``/-/claimtrack/sign-in?token=...`` turns a one-use link from ``claimtrack review`` into
  Datasette's signed actor cookie.

Who may write is the ``set_status`` canned query's ``allow`` block; this plugin's form asks
Datasette the same question, so the two ways to write follow one rule.
"""

from __future__ import annotations

import json
import sqlite3
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import Forbidden, NotFound, Response, hookimpl
from datasette.utils import baseconv
from itsdangerous import BadSignature
from markupsafe import Markup

from claimtrack.errors import UsageError
from claimtrack.highlight import GROUNDING_NOTES, Mark, in_context, marked
from claimtrack.records import STATUSES
from claimtrack.review import (
    SESSION_TTL,
    SIGN_IN_NAMESPACE,
    SIGN_IN_PATH,
    STARTED,
    clean_reviewer,
)
from claimtrack.segment import Segment, sentences

SET_STATUS_SQL = (
    "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
    "(:claim_id, :status, nullif(trim(:note), ''), :by, "
    "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))"
)
# Documents are content-addressed and never change, so what is kept about one never goes stale.
_SEGMENTS: OrderedDict[str, list[Segment]] = OrderedDict()  # document id -> its sentences
_TEXTS: OrderedDict[tuple[str, str], str] = OrderedDict()  # (database, document id) -> text
_USED_TOKENS: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
_LEDGERS: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


# --- hooks -----------------------------------------------------------------------------------


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [
        (rf"^{SIGN_IN_PATH}$", sign_in),
        (r"^/-/claimtrack/claims/(?P<claim_id>[0-9]+)$", claim_page),
        (r"^/-/claimtrack/claims/(?P<claim_id>[0-9]+)/status$", set_status),
        (r"^/-/claimtrack/documents/(?P<document_id>[0-9A-Za-z]+)$", document_page),
    ]


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.static_plugins("claimtrack", "review.css")]


@hookimpl
def menu_links(datasette: Any, actor: Any) -> Callable[[], Awaitable[list[dict[str, str]]]]:
    async def links() -> list[dict[str, str]]:
        db = await _ledger(datasette)
        if db is None:
            return []
        return [
            {"href": datasette.urls.query(db.name, "review_queue"), "label": "Review queue"},
            {"href": datasette.urls.query(db.name, "timeline"), "label": "Timeline"},
        ]

    return links


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    if column not in _CELL_COLUMNS or value is None:
        return None

    async def render() -> Markup | None:
        if not await _is_ledger(datasette, database):
            return None
        return await _render_cell(_row_dict(row), value, column, table, database, datasette)

    return render


_CELL_COLUMNS = {
    "claim",
    "evidence_text",
    "evidence",
    "claim_id",
    "document_id",
    "text",
    "grounding",
    "status",
}


async def _render_cell(
    row: dict[str, Any], value: Any, column: str, table: str | None, database: str, ds: Any
) -> Markup | None:
    db = ds.get_database(database)
    if column in ("grounding", "status") and table in (None, "claims", "spans", "claim_events"):
        return _badge(str(value))
    if table == "claims" and column == "claim" and "id" in row:
        return Markup('<a href="{}">{}</a>').format(_claim_url(ds, row["id"]), value)
    if table == "claims" and column == "evidence_text" and "id" in row:
        return await _row_evidence(db, row, int(row["id"]))
    if column == "document_id" and table in (None, "claims") and isinstance(value, str):
        return Markup('<a href="{}" title="the document with all its claims">{}</a>').format(
            _document_url(ds, value), value
        )
    if table is None and column == "claim_id" and str(value).isdigit():
        return Markup('<a class="ct-review-link" href="{}">#{} review</a>').format(
            _claim_url(ds, value), value
        )
    if table is None and column == "evidence" and str(row.get("claim_id", "")).isdigit():
        return await _row_evidence(db, row, int(row["claim_id"]))
    if table == "spans" and column == "text" and {"claim_id", "start", "end"} <= row.keys():
        return await _span_cell(db, row)
    if table == "documents" and column == "text" and "id" in row:
        text = str(value)
        return Markup('{}{} <a href="{}">read it with its claims highlighted</a>').format(
            text[:300], "…" if len(text) > 300 else "", _document_url(ds, row["id"])
        )
    return None


# --- pages -----------------------------------------------------------------------------------


async def sign_in(request: Any, datasette: Any) -> Response:
    """Follow a one-use link: set the signed actor cookie and go to the review queue."""
    token = request.args.get("token", "")
    try:
        payload = datasette.unsign(token, SIGN_IN_NAMESPACE)
        reviewer = clean_reviewer(str(payload["r"]))
        issued, expires, nonce = float(payload["i"]), int(payload["e"]), str(payload["n"])
    except (BadSignature, KeyError, TypeError, ValueError, UsageError) as error:
        raise Forbidden("This sign-in link is not valid for this ledger.") from error
    if time.time() > expires:
        raise Forbidden("This sign-in link has expired: ask for a new one.")
    if issued < STARTED.get(datasette, 0.0):
        raise Forbidden("This sign-in link is from before the server restarted: ask for a new one.")
    used = _USED_TOKENS.setdefault(datasette, set())
    if nonce in used:
        raise Forbidden("This sign-in link was already used: ask for a new one.")
    used.add(nonce)
    db = await _ledger(datasette)
    target = datasette.urls.query(db.name, "review_queue") if db else datasette.urls.instance()
    response = Response.redirect(target)
    cookie = datasette.sign(
        {"a": {"id": reviewer}, "e": baseconv.base62.encode(int(time.time()) + SESSION_TTL)},
        "actor",
    )
    response.set_cookie("ds_actor", cookie, httponly=True, samesite="lax", max_age=SESSION_TTL)
    datasette.add_message(request, f"Signed in as {reviewer}.", datasette.INFO)
    return response


async def claim_page(request: Any, datasette: Any) -> Response:
    db = await _require_ledger(datasette)
    claim_id = int(request.url_vars["claim_id"])
    await _check_view(datasette, request, db.name)
    return await _render_claim(request, datasette, db, claim_id)


async def set_status(request: Any, datasette: Any) -> Response:
    """Append a status with a note to a claim's history, as the signed-in reviewer.

    CSRF is checked before this runs (Datasette's middleware, for every POST that carries
    cookies); here, only an actor that the ``set_status`` query allows may write."""
    db = await _require_ledger(datasette)
    claim_id = int(request.url_vars["claim_id"])
    if request.method != "POST":
        return Response.text("Use POST to set a status.", status=405)
    allowed = request.actor is not None and await datasette.permission_allowed(
        request.actor, "view-query", resource=(db.name, "set_status"), default=False
    )
    if not allowed:
        raise Forbidden("Sign in as a reviewer to change a claim's status.")
    form = await request.post_vars()
    status, note = form.get("status", ""), form.get("note", "")
    try:
        await db.execute_write(
            SET_STATUS_SQL,
            {"claim_id": claim_id, "status": status, "note": note, "by": request.actor["id"]},
        )
    except sqlite3.DatabaseError as error:
        return await _render_claim(
            request, datasette, db, claim_id, error=str(error), status=400, form=form
        )
    datasette.add_message(request, f"Status set to {status}.", datasette.INFO)
    return Response.redirect(_claim_url(datasette, claim_id))


async def document_page(request: Any, datasette: Any) -> Response:
    db = await _require_ledger(datasette)
    await _check_view(datasette, request, db.name)
    document_id = request.url_vars["document_id"]
    rows = (await db.execute("SELECT * FROM documents WHERE id = ?", [document_id])).rows
    if not rows:
        raise NotFound("No such document in this ledger.")
    document = dict(rows[0])
    claims = [
        dict(r)
        for r in (
            await db.execute(
                "SELECT id, kind, status, grounding, grounding_score, claim, evidence_start, "
                "evidence_end FROM claims WHERE document_id = ? ORDER BY evidence_start, id",
                [document_id],
            )
        ).rows
    ]
    marks = [
        Mark(c["evidence_start"], c["evidence_end"], c["grounding"], c["claim"], c["id"])
        for c in claims
    ]
    for claim in claims:
        claim["url"] = _claim_url(datasette, claim["id"])
    return Response.html(
        await datasette.render_template(
            "claimtrack_document.html",
            {
                "database": db.name,
                "document": document,
                "text": marked(document["text"], marks),
                "claims": claims,
                "ungrounded": [c for c in claims if c["grounding"] == "ungrounded"],
                "notes": GROUNDING_NOTES,
            },
            request=request,
        )
    )


# --- helpers ---------------------------------------------------------------------------------


async def _render_claim(
    request: Any,
    datasette: Any,
    db: Any,
    claim_id: int,
    *,
    error: str | None = None,
    status: int = 200,
    form: Any = None,
) -> Response:
    rows = (
        await db.execute(
            "SELECT c.*, d.source AS document_source, d.title AS document_title, d.text AS text "
            "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
            [claim_id],
        )
    ).rows
    if not rows:
        raise NotFound("No such claim in this ledger.")
    claim = dict(rows[0])
    text = claim.pop("text")
    segments = _sentences(claim["document_id"], text)
    spans = []
    for span in (
        await db.execute(
            'SELECT field, start, "end", text, grounding, score, claimed, discrepancies '
            "FROM spans WHERE claim_id = ? ORDER BY field = 'evidence' DESC, start",
            [claim_id],
        )
    ).rows:
        span = dict(span)
        mark = Mark(span["start"], span["end"], span["grounding"], span["field"])
        span["html"] = in_context(text, mark, claimed=span["claimed"], segments=segments)
        span["discrepancies"] = json.loads(span["discrepancies"] or "[]")
        spans.append(span)
    history = [
        dict(r)
        for r in (
            await db.execute(
                "SELECT at, status, by, note FROM claim_events WHERE claim_id = ? ORDER BY id",
                [claim_id],
            )
        ).rows
    ]
    can_write = request.actor is not None and await datasette.permission_allowed(
        request.actor, "view-query", resource=(db.name, "set_status"), default=False
    )
    details = {
        k: _readable(claim[k])
        for k in (
            "event", "date_text", "date_value", "participants", "speaker", "quote", "cue",
            "parties", "terms", "agreement_state", "subject", "quantities",
        )
        if claim.get(k) not in (None, "", "[]")
    }  # fmt: skip
    html = await datasette.render_template(
        "claimtrack_claim.html",
        {
            "database": db.name,
            "claim": claim,
            "details": details,
            "spans": spans,
            "history": history,
            "statuses": STATUSES,
            "can_write": can_write,
            "error": error,
            "form": form or {},
            "notes": GROUNDING_NOTES,
            "document_url": _document_url(datasette, claim["document_id"]),
            "status_url": datasette.urls.path(f"/-/claimtrack/claims/{claim_id}/status"),
            "row_url": datasette.urls.row(db.name, "claims", claim_id),
            "history_url": datasette.urls.query(db.name, "claim_history") + f"?claim_id={claim_id}",
        },
        request=request,
    )
    return Response.html(html, status=status)


async def _row_evidence(db: Any, row: dict[str, Any], claim_id: int) -> Markup | None:
    """A claim's evidence in its sentences, from the row when it says where the evidence is
    (the claims table and the desk's queries do), so that a page of rows costs no query but
    one per document; else (and for an ungrounded claim, to show what was claimed) from the
    claim itself."""
    where = ("document_id", "evidence_start", "evidence_end", "grounding")
    if not all(row.get(key) is not None for key in where) or row["grounding"] == "ungrounded":
        return await _claim_evidence(db, claim_id)
    mark = Mark(int(row["evidence_start"]), int(row["evidence_end"]), str(row["grounding"]))
    return await _in_document(db, str(row["document_id"]), mark)


async def _claim_evidence(db: Any, claim_id: int) -> Markup | None:
    rows = (
        await db.execute(
            "SELECT c.document_id, c.evidence_start, c.evidence_end, c.grounding, "
            "(SELECT claimed FROM spans WHERE claim_id = c.id AND field = 'evidence') AS claimed "
            "FROM claims c WHERE c.id = ?",
            [claim_id],
        )
    ).rows
    if not rows:
        return None
    row = rows[0]
    mark = Mark(row["evidence_start"], row["evidence_end"], row["grounding"], "evidence")
    return await _in_document(db, row["document_id"], mark, row["claimed"])


async def _span_cell(db: Any, row: dict[str, Any]) -> Markup | None:
    found = (
        await db.execute("SELECT document_id FROM claims WHERE id = ?", [row["claim_id"]])
    ).rows
    if not found:
        return None
    mark = Mark(int(row["start"]), int(row["end"]), str(row.get("grounding", "exact")))
    return await _in_document(db, found[0][0], mark, row.get("claimed"))


async def _in_document(
    db: Any, document_id: str, mark: Mark, claimed: str | None = None
) -> Markup | None:
    """``mark`` in its sentences of the document, both kept per document."""
    text = await _document_text(db, document_id)
    if text is None:
        return None
    return in_context(text, mark, claimed=claimed, segments=_sentences(document_id, text))


async def _document_text(db: Any, document_id: str) -> str | None:
    key = (db.name, document_id)
    if key in _TEXTS:
        _TEXTS.move_to_end(key)
        return _TEXTS[key]
    rows = (await db.execute("SELECT text FROM documents WHERE id = ?", [document_id])).rows
    if not rows:
        return None
    _TEXTS[key] = str(rows[0][0])
    while len(_TEXTS) > 256:
        _TEXTS.popitem(last=False)
    return _TEXTS[key]


def _readable(value: Any) -> Any:
    """A JSON list (participants, parties, quantities) as a plain list of names."""
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return "; ".join(str(item) for item in items)
    return value


def _badge(value: str) -> Markup:
    note = GROUNDING_NOTES.get(value, value.replace("_", " "))
    return Markup('<span class="ct-badge ct-{}" title="{}">{}</span>').format(
        value.replace(" ", "-"), note, value
    )


def _sentences(document_id: str, text: str) -> list[Segment]:
    """A document's sentences, kept for the last few documents (ids are content hashes, so a
    kept answer never goes stale)."""
    if document_id in _SEGMENTS:
        _SEGMENTS.move_to_end(document_id)
        return _SEGMENTS[document_id]
    found = sentences(text)
    _SEGMENTS[document_id] = found
    while len(_SEGMENTS) > 2048:  # a few kB each
        _SEGMENTS.popitem(last=False)
    return found


def _row_dict(row: Any) -> dict[str, Any]:
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


def _claim_url(datasette: Any, claim_id: Any) -> str:
    return str(datasette.urls.path(f"/-/claimtrack/claims/{int(claim_id)}"))


def _document_url(datasette: Any, document_id: str) -> str:
    return str(datasette.urls.path(f"/-/claimtrack/documents/{document_id}"))


async def _is_ledger(datasette: Any, database: str) -> bool:
    known = _LEDGERS.setdefault(datasette, {})
    if database not in known:
        try:
            db = datasette.get_database(database)
            known[database] = await db.table_exists("_claimtrack")
        except KeyError:
            known[database] = False
    return known[database]


async def _ledger(datasette: Any) -> Any:
    for name, db in datasette.databases.items():
        if not name.startswith("_") and await _is_ledger(datasette, name):
            return db
    return None


async def _require_ledger(datasette: Any) -> Any:
    db = await _ledger(datasette)
    if db is None:
        raise NotFound("No claimtrack ledger is being served.")
    return db


async def _check_view(datasette: Any, request: Any, database: str) -> None:
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, "claims")), ("view-database", database), "view-instance"],
    )
