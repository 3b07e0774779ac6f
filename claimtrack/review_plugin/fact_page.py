"""A fact's page, and the reviewer decisions taken there.

The page shows every source of the fact side by side — a page of them at a time, one card per
independent source (or every copy) — each with the claim's spans highlighted in its own
document's context and the fields its sources disagree on marked; the fact's timeline (who
reported it first, each independent source with its copies); its conflicts (which field, the
two values); and the history of decisions and statuses on it.

A signed-in reviewer decides there, each decision through ``claimtrack.tracking`` (the same
functions as the library's callers), appended to the tracking history and never to the member
claims' own histories: the fact's status (``set_fact_status``), a conflict resolved or
reopened (``resolve_conflict``), "these are not the same" (``split_claim``), two facts merged
(``merge_facts``). Every form is a POST with Datasette's CSRF token, refused unless the
``set_status`` rule allows the actor (``require_writer``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette import Forbidden, NotFound, Response

from claimtrack.errors import ClaimtrackError, NotFoundError, UsageError
from claimtrack.highlight import GROUNDING_NOTES
from claimtrack.ledger import Ledger
from claimtrack.review_plugin.claim_page import STATUS_KEYS, spans_in_context
from claimtrack.review_plugin.common import (
    can_write,
    check_view,
    claim_url,
    desk_url,
    document_url,
    require_ledger,
    require_writer,
    same_origin,
)
from claimtrack.review_plugin.context import differing
from claimtrack.review_plugin.fact_read import (
    CONFLICT_SPANS,
    SOURCES_PER_PAGE,
    TIMELINE_SHOWN,
    FactView,
    read_fact,
)
from claimtrack.tracking import (
    FactReader,
    merge_facts,
    resolve_conflict,
    set_fact_status,
    split_claim,
)
from claimtrack.vocabulary import STATUSES


def fact_url(datasette: Any, fact_id: Any, query: str | list[tuple[str, str]] = "") -> str:
    return desk_url(datasette, f"/facts/{int(fact_id)}", query)


def _int_arg(args: Any, name: str, default: int = 0) -> int:
    value = str(args.get(name) or "")
    return int(value) if value.isdigit() else default


async def fact_page(request: Any, datasette: Any) -> Response:
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    fact_id = int(request.url_vars["fact_id"])
    copies = str(request.args.get("copies") or "") == "1"
    at = _int_arg(request.args, "at")

    def read(conn: sqlite3.Connection) -> FactView:
        return read_fact(conn, db.path or "", fact_id, copies=copies, at=at)

    try:
        view = await db.execute_fn(read)
    except NotFoundError as missing:
        raise NotFound(
            "No such fact in this ledger (a fact merged into another keeps no page of its own)."
        ) from missing
    base = [("copies", "1")] if copies else []
    cards = []
    for source in view.shown:
        claims = []
        for stored, relation in source.claims:
            conflicts = source.conflicts.get(stored.id, [])
            marked = frozenset(
                name for c in conflicts if c.status == "open" for name in CONFLICT_SPANS[c.field]
            )
            passages, legend = spans_in_context(source.text, stored.claim, marked)
            claims.append(
                {
                    "stored": stored,
                    "relation": relation,
                    "passages": passages,
                    "legend": legend,
                    "conflicts": conflicts,
                    "url": claim_url(datasette, stored.id),
                    "canonical": stored.id == view.fact["claim_id"],
                    "first": stored.id == view.fact["first_claim_id"],
                }
            )
        cards.append({"source": source, "claims": claims})
    end = view.first + len(view.shown)
    paging = {
        "first": view.first + 1,
        "last": end,
        "total": view.total_shown,
        "previous": fact_url(
            datasette, fact_id, [*base, ("at", str(max(0, view.first - SOURCES_PER_PAGE)))]
        )
        if view.first > 0
        else None,
        "next": fact_url(datasette, fact_id, [*base, ("at", str(end))])
        if end < view.total_shown
        else None,
    }
    me = str(request.actor["id"]) if request.actor else None
    html = await datasette.render_template(
        "claimtrack_fact.html",
        {
            "database": db.name,
            "view": view,
            "fact": view.fact,
            "status": view.status[-1].status if view.status else "unverified",
            "cards": cards,
            "copies": copies,
            "paging": paging,
            "timeline": view.timeline[:TIMELINE_SHOWN],
            "timeline_more": max(0, len(view.timeline) - TIMELINE_SHOWN),
            "statuses": STATUSES,
            "status_keys": STATUS_KEYS,
            "notes": GROUNDING_NOTES,
            "can_write": await can_write(datasette, request, db.name),
            "me": me,
            "claim_url": lambda i: claim_url(datasette, i),
            "document_url": lambda d: document_url(datasette, d),
            "fact_url": lambda i: fact_url(datasette, i),
            "all_copies_url": fact_url(datasette, fact_id, [("copies", "1")]),
            "independent_url": fact_url(datasette, fact_id),
            "conflicts_url": desk_url(datasette, "/conflicts", [("fact", str(fact_id))]),
            "review_url": desk_url(datasette, "/queue", [("fact", str(fact_id))]),
            "status_url": desk_url(datasette, f"/facts/{fact_id}/status"),
            "split_url": desk_url(datasette, f"/facts/{fact_id}/split"),
            "merge_url": desk_url(datasette, f"/facts/{fact_id}/merge"),
            "differing": differing,
            "resolve_url": lambda i: desk_url(datasette, f"/conflicts/{int(i)}/resolve"),
            "row_url": datasette.urls.row(db.name, "facts", fact_id),
            "back": request.query_string,
        },
        request=request,
    )
    return Response.html(html)


async def _decide(
    request: Any,
    datasette: Any,
    decide: Callable[[Ledger, dict[str, str], str], tuple[int, str]],
) -> Response:
    """Run one decision as the signed-in reviewer, in Datasette's write thread (so it waits
    behind the desk's other writes; the library takes the ledger's write lock itself), then
    go to the fact it leaves the reviewer on, with what happened said."""
    db = await require_ledger(datasette)
    if request.method != "POST":
        return Response.text("Use POST to record a decision.", status=405)
    if not same_origin(request):
        raise Forbidden("Decide from the desk's own pages.")
    by = await require_writer(datasette, request, db.name)
    form = {k: str(v) for k, v in (await request.post_vars()).items()}
    path = Path(db.path or "")

    def write(_: sqlite3.Connection) -> tuple[int, str] | _Refusal:
        # a refusal is returned, not raised: Datasette's write thread prints what it raises
        try:
            ledger = Ledger(path, create=False)
            try:
                return decide(ledger, form, by)
            finally:
                ledger.close()
        except (ClaimtrackError, sqlite3.DatabaseError) as refused:
            return _Refusal(str(refused))

    done = await db.execute_write_fn(write)
    if isinstance(done, _Refusal):
        datasette.add_message(request, f"Nothing was recorded: {done.reason}", datasette.ERROR)
        back = request.url_vars.get("fact_id") or form.get("fact") or ""
        if str(back).isdigit():
            return Response.redirect(fact_url(datasette, back))
        return Response.redirect(desk_url(datasette, "/conflicts"))
    fact_id, said = done
    datasette.add_message(request, said, datasette.INFO)
    return Response.redirect(fact_url(datasette, fact_id))


@dataclass(frozen=True)
class _Refusal:
    reason: str


def _note(form: dict[str, str]) -> str | None:
    return form.get("note", "").strip() or None


def _landing(ledger: Ledger, claim_id: int, fallback: int) -> int:
    """The fact ``claim_id`` is in now (a decision may renumber or merge facts)."""
    found = FactReader(ledger).fact_of_claim(claim_id)
    return found.id if found else fallback


def _canonical(ledger: Ledger, fact_id: int) -> int:
    row = ledger.conn.execute("SELECT claim_id FROM facts WHERE id = ?", [fact_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no fact with id {fact_id}")
    return int(row[0])


async def fact_status(request: Any, datasette: Any) -> Response:
    fact_id = int(request.url_vars["fact_id"])

    def decide(ledger: Ledger, form: dict[str, str], by: str) -> tuple[int, str]:
        status = form.get("status", "")
        set_fact_status(ledger, fact_id, status, by=by, note=_note(form))
        return fact_id, f"Fact {fact_id} set to {status} (its claims' own histories unchanged)."

    return await _decide(request, datasette, decide)


async def fact_split(request: Any, datasette: Any) -> Response:
    fact_id = int(request.url_vars["fact_id"])

    def decide(ledger: Ledger, form: dict[str, str], by: str) -> tuple[int, str]:
        claim = int(form["claim"]) if form.get("claim", "").isdigit() else 0
        canonical = _canonical(ledger, fact_id)
        split_claim(ledger, fact_id, claim, by=by, note=_note(form))
        apart = _landing(ledger, claim, fact_id)
        stays = _landing(ledger, canonical if canonical != claim else claim, fact_id)
        if canonical == claim:
            return apart, f"Claim {claim} split out of fact {fact_id}: it is fact {apart} now."
        return stays, f"Claim {claim} split out of fact {fact_id}: it is in fact {apart} now."

    return await _decide(request, datasette, decide)


async def fact_merge(request: Any, datasette: Any) -> Response:
    fact_id = int(request.url_vars["fact_id"])

    def decide(ledger: Ledger, form: dict[str, str], by: str) -> tuple[int, str]:
        raw = form.get("other", "").strip().lstrip("#")
        if not raw.isdigit():
            raise UsageError("give the number of the fact to merge with")
        other = int(raw)
        canonical = _canonical(ledger, fact_id)
        merge_facts(ledger, fact_id, other, by=by, note=_note(form))
        merged = _landing(ledger, canonical, fact_id)
        return merged, f"Facts {fact_id} and {other} merged: fact {merged}."

    return await _decide(request, datasette, decide)


async def conflict_resolve(request: Any, datasette: Any) -> Response:
    conflict_id = int(request.url_vars["conflict_id"])

    def decide(ledger: Ledger, form: dict[str, str], by: str) -> tuple[int, str]:
        reopen = form.get("reopen") == "1"
        decision = resolve_conflict(ledger, conflict_id, by=by, note=_note(form), reopen=reopen)
        fact = _landing(ledger, decision.claim, decision.fact or 0)
        done = "reopened" if reopen else "resolved"
        return fact, f"Conflict {conflict_id} ({decision.field}) {done}."

    return await _decide(request, datasette, decide)
