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

import sqlite3
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from datasette import Forbidden, NotFound, Response, hookimpl
from markupsafe import Markup

from claimtrack.errors import NotFoundError
from claimtrack.highlight import (
    GROUNDING_NOTES,
    INVISIBLE,
    Mark,
    in_context,
    marked,
    visible,
    visible_text,
)
from claimtrack.ledger import STATUS_EVENT_SQL, LedgerReader
from claimtrack.records import ClaimBase, Span, StoredClaim
from claimtrack.review_plugin.headers import with_security_headers
from claimtrack.review_plugin.signin import (
    SESSION_TTL,
    SIGN_IN_PATH,
    SignInRefused,
    check_sign_in,
    peek_sign_in,
    session_cookie,
)
from claimtrack.segment import Segment, sentences
from claimtrack.vocabulary import STATUSES

# Documents are content-addressed and never change, so what is kept about one never goes stale.
_SEGMENTS: OrderedDict[str, list[Segment]] = OrderedDict()  # document id -> its sentences
_TEXTS: OrderedDict[tuple[str, str], str] = OrderedDict()  # (database, document id) -> text
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
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """Security headers on every response, on servers that serve a claimtrack ledger."""

    async def serving_a_ledger() -> bool:
        return await _ledger(datasette) is not None

    return lambda app: with_security_headers(app, serving_a_ledger)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """``|visible``: document text escaped, invisible formatting characters shown (and
    ``|visible_text`` for plain-text places such as a title)."""
    env.filters["visible"] = visible
    env.filters["visible_text"] = visible_text


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
    if value is None:
        return None
    if column not in _CELL_COLUMNS:
        if isinstance(value, str) and INVISIBLE.search(value):
            return _shown_visibly(value, database, datasette)
        return None

    async def render() -> Markup | None:
        if not await _is_ledger(datasette, database):
            return None
        return await _render_cell(_row_dict(row), value, column, table, database, datasette)

    return render


def _shown_visibly(
    value: str, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]]:
    """A cell of a ledger whose text holds invisible formatting characters, shown visibly
    (and cut where Datasette would cut it)."""

    async def render() -> Markup | None:
        if not await _is_ledger(datasette, database):
            return None
        limit = datasette.setting("truncate_cells_html") or len(value)
        return visible(value[:limit]) + ("…" if len(value) > limit else "")

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
        return Markup('<a href="{}">{}</a>').format(_claim_url(ds, row["id"]), visible(str(value)))
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
            visible(text[:300]), "…" if len(text) > 300 else "", _document_url(ds, row["id"])
        )
    return None


# --- pages -----------------------------------------------------------------------------------


async def sign_in(request: Any, datasette: Any) -> Response:
    """A one-use sign-in link. GET and HEAD (a reviewer's browser, a link preview, a mail
    scanner) show a page with a button and use nothing up; the button's POST, from this
    server's own page, uses the link up, sets the signed actor cookie and goes to the queue."""
    if request.method == "POST":
        if not _same_origin(request):
            raise Forbidden("Sign in from the sign-in page of this server.")
        form = await request.post_vars()
        try:
            reviewer = check_sign_in(datasette, str(form.get("token", "")))
        except SignInRefused as refused:
            raise Forbidden(str(refused)) from refused
        db = await _ledger(datasette)
        target = datasette.urls.query(db.name, "review_queue") if db else datasette.urls.instance()
        response = Response.redirect(target)
        response.set_cookie(
            "ds_actor",
            session_cookie(datasette, reviewer),
            httponly=True,
            samesite="lax",
            max_age=SESSION_TTL,
        )
        datasette.add_message(request, f"Signed in as {reviewer}.", datasette.INFO)
        return response
    token = request.args.get("token", "")
    try:
        reviewer = peek_sign_in(datasette, token)
    except SignInRefused as refused:
        raise Forbidden(str(refused)) from refused
    html = await datasette.render_template(
        "claimtrack_sign_in.html",
        {"reviewer": reviewer, "token": token, "action": datasette.urls.path(SIGN_IN_PATH)},
        request=request,
    )
    return Response.html(html)


def _same_origin(request: Any) -> bool:
    """Whether a POST comes from a page of this server: browsers send ``Origin`` with every
    POST; one naming another site (or ``null``) is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site form; CSRF and the token still apply
    return bool(origin == f"{request.scheme}://{request.host}")


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
            STATUS_EVENT_SQL.format(by=":by"),
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
                "SELECT c.id, c.kind, c.status, c.grounding, c.claim, c.evidence_start, "
                "c.evidence_end, coalesce((SELECT s.grounding FROM spans s WHERE s.claim_id = "
                "c.id AND s.field = 'evidence'), c.grounding) AS evidence_grounding "
                "FROM claims c WHERE c.document_id = ? ORDER BY c.evidence_start, c.id",
                [document_id],
            )
        ).rows
    ]
    # Each claim's evidence, marked as it was found: a claim that is ungrounded for a field
    # (a speaker or party not in the text) may still rest on a passage that is.
    marks = [
        Mark(c["evidence_start"], c["evidence_end"], c["evidence_grounding"], c["claim"], c["id"])
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
                "ungrounded": [c for c in claims if c["evidence_grounding"] == "ungrounded"],
                "ungrounded_fields": [
                    c
                    for c in claims
                    if c["grounding"] == "ungrounded" and c["evidence_grounding"] != "ungrounded"
                ],
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
    """A claim's review page, from the claim as the ledger's reader gives it (``StoredClaim``):
    every span in its sentences, every field (one that is not in the document marked as such),
    its history, and the status form for a reviewer who may write."""

    def read(conn: sqlite3.Connection) -> tuple[StoredClaim, dict[str, Any]]:
        reader = LedgerReader.using(conn, db.path or "")
        stored = reader.claim(claim_id)
        return stored, reader.document(stored.document_id)

    try:
        stored, document = await db.execute_fn(read)
    except NotFoundError as missing:
        raise NotFound("No such claim in this ledger.") from missing
    text = str(document["text"])
    segments = _sentences(stored.document_id, text)
    spans = [
        _ShownSpan(
            name,
            span,
            in_context(
                text,
                Mark(span.start, span.end, span.grounding, name),
                claimed=span.claimed,
                segments=segments,
            ),
        )
        for name, span in stored.claim.spans.items()
    ]
    can_write = request.actor is not None and await datasette.permission_allowed(
        request.actor, "view-query", resource=(db.name, "set_status"), default=False
    )
    html = await datasette.render_template(
        "claimtrack_claim.html",
        {
            "database": db.name,
            "stored": stored,
            "claim": stored.claim,
            "document_title": document.get("title") or stored.document_source,
            "evidence_found": stored.claim.evidence.grounding != "ungrounded",
            "not_found": [
                f"{name.partition(':')[0]} “{span.claimed or span.text}”"
                for name, span in stored.claim.spans.items()
                if name != "evidence" and span.grounding == "ungrounded"
            ],
            "details": _details(stored.claim),
            "spans": spans,
            "history": stored.history or (),
            "statuses": STATUSES,
            "can_write": can_write,
            "error": error,
            "form": form or {},
            "notes": GROUNDING_NOTES,
            "document_url": _document_url(datasette, stored.document_id),
            "status_url": datasette.urls.path(f"/-/claimtrack/claims/{claim_id}/status"),
            "row_url": datasette.urls.row(db.name, "claims", claim_id),
            "history_url": datasette.urls.query(db.name, "claim_history") + f"?claim_id={claim_id}",
        },
        request=request,
    )
    return Response.html(html, status=status)


@dataclass(frozen=True)
class _ShownSpan:
    """A span on the claim page: its name (evidence, speaker, party:0...), the span, and the
    span highlighted in its sentences."""

    field: str
    span: Span
    html: Markup


@dataclass(frozen=True)
class _Value:
    """One value of a field on the claim page, with the span that quotes it when the field is
    one that must be found in the document."""

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
    """A claim's evidence from its own span: a claim is as grounded as its weakest span, so an
    ungrounded claim may rest on evidence that is in the document."""
    rows = (
        await db.execute(
            'SELECT c.document_id, s.start, s."end", s.grounding, s.claimed '
            "FROM claims c JOIN spans s ON s.claim_id = c.id AND s.field = 'evidence' "
            "WHERE c.id = ?",
            [claim_id],
        )
    ).rows
    if not rows:
        return None
    row = rows[0]
    mark = Mark(row["start"], row["end"], row["grounding"], "evidence")
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
