"""The desk's lists: the review queue (filters chosen from the ledger, a page at a time, and
one status with one note for every claim ticked), and the timeline, quotes by speaker and
agreements by parties. Every list says how many claims it holds and pages through all of them,
forwards and back, by keyset; each claim links to its page with the list's filters, so "next"
there follows the same list."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import NotFound, Response

from claimtrack.ledger import STATUS_EVENT_SQL
from claimtrack.review_plugin import lists, queue
from claimtrack.review_plugin.common import (
    can_write,
    check_view,
    claim_id_arg,
    claim_url,
    desk_url,
    document_url,
    in_transaction,
    local_query,
    page_size,
    require_ledger,
    require_writer,
)
from claimtrack.review_plugin.context import EVIDENCE_COLUMNS, evidence_cell
from claimtrack.review_plugin.keyset import Key
from claimtrack.vocabulary import CLAIM_KINDS, GROUNDING_METHODS, STATUSES

BULK_LIMIT = 500  # claims changed by one bulk status at most

_ROW_SQL = (
    "SELECT c.id, c.kind, c.status, c.grounding, c.grounding_score, c.claim, c.document_id, "
    "c.date_value, c.date_text, c.event, c.speaker, c.quote, c.parties, c.terms, "
    "c.agreement_state, d.source, coalesce(d.title, d.source) AS title, "
    f"{EVIDENCE_COLUMNS} FROM claims c JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN spans s ON s.claim_id = c.id AND s.field = 'evidence' WHERE c.id IN ({marks})"
)


@dataclass
class Page:
    """One page of a list: its rows in order, the total, and the neighbouring pages."""

    rows: list[dict[str, Any]]
    total: int
    first: int  # the position of the first row (1-based)
    previous: int | None = None  # ``before`` for the previous page
    next: int | None = None  # ``after`` for the next page
    problems: list[str] = field(default_factory=list)
    over: bool = False  # ``total`` is a bound: more than ``total - 1``


def _page(
    conn: sqlite3.Connection,
    read: Callable[[Key | None, int, bool], list[Key]],
    key_of: Callable[[int], Key | None],
    total: int,
    args: Any,
    size: int,
    start: Key | None = None,
    resume: Callable[[], int | None] | None = None,
) -> Page:
    """A page of any keyset list: ``read(key, limit, forward)`` gives keys in order."""
    after, before = claim_id_arg(args, "after"), claim_id_arg(args, "before")
    try:
        first = max(1, int(args.get("at") or 1))
    except ValueError:
        first = 1
    if before is not None:
        key = key_of(before)
        found = list(reversed(read(key, size + 1, False))) if key else []
        stopped = resume() if resume is not None else None
        more_before = len(found) > size
        found = found[-size:]
        more_after = key is not None
    else:
        key = key_of(after) if after is not None else start
        found = read(key, size + 1, True)
        stopped = resume() if resume is not None else None
        more_after = len(found) > size
        found = found[:size]
        # the start of a list has nothing before it; a page after a key checks
        more_before = key is not None and bool(found) and bool(read(found[0], 1, False))
    ids = [int(k[-1]) for k in found]
    if stopped is not None:
        # a bounded read stopped short: the next (or previous) page goes on from where it did
        if before is not None:
            return Page(
                _rows(conn, ids), total, first, previous=stopped, next=ids[-1] if ids else None
            )
        return Page(
            _rows(conn, ids),
            total,
            first,
            previous=ids[0] if ids and more_before else None,
            next=stopped,
        )
    return Page(
        rows=_rows(conn, ids),
        total=total,
        first=first,
        previous=ids[0] if ids and more_before else None,
        next=ids[-1] if ids and more_after else None,
    )


def _rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    found = {
        row["id"]: dict(row)
        for row in cursor.execute(_ROW_SQL.format(marks=", ".join("?" for _ in ids)), list(ids))
    }
    rows = [found[i] for i in ids if i in found]
    for row in rows:
        row["evidence_html"] = evidence_cell(
            str(row["window"] or ""),
            int(row["window_offset"]),
            int(row["chars"]),
            int(row["ev_start"]),
            int(row["ev_end"]),
            str(row["ev_grounding"]),
            row["ev_claimed"],
        )
    return rows


def _pager(
    datasette: Any, path: str, base: list[tuple[str, str]], page: Page, size: int
) -> dict[str, Any]:
    extra = [("size", str(size))] if size != 50 else []
    shown = len(page.rows)
    return {
        "first": page.first,
        "last": page.first + shown - 1,
        "total": page.total,
        "over": page.over,
        "previous": desk_url(
            datasette,
            path,
            [*base, *extra, ("before", str(page.previous)), ("at", str(max(1, page.first - size)))],
        )
        if page.previous
        else None,
        "next": desk_url(
            datasette,
            path,
            [*base, *extra, ("after", str(page.next)), ("at", str(page.first + shown))],
        )
        if page.next
        else None,
        "start": desk_url(datasette, path, [*base, *extra])
        if page.first > 1 or page.previous
        else None,
    }


async def queue_page(request: Any, datasette: Any) -> Response:
    """The review queue: filters as choices, a page of claims, and the bulk status form."""
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    wanted = queue.QueueFilter.from_args(request.args)
    size = page_size(request.args, queue.PAGE_SIZES)

    def read(conn: sqlite3.Connection) -> tuple[Page, dict[str, Any], dict[str, list[str]]]:
        checked = queue.check(conn, wanted)
        choices: dict[str, Any] = {**queue.choices(conn), "facts": queue.fact_choices(conn)}
        if checked.problems:
            return Page([], 0, 1, problems=checked.problems), choices, checked.suggestions
        page = _page(
            conn,
            lambda key, limit, forward: queue.keys(conn, checked, key, limit, forward=forward),
            lambda claim_id: queue.key_of(conn, claim_id),
            queue.count(conn, checked),
            request.args,
            size,
            resume=lambda: checked.resume,
        )
        page.over = checked.broad
        return page, choices, checked.suggestions

    page, choices, suggestions = await db.execute_fn(read)
    carried = wanted.query_string()
    for row in page.rows:
        row["url"] = claim_url(datasette, row["id"], carried)
        row["document_url"] = document_url(datasette, row["document_id"])
    html = await datasette.render_template(
        "claimtrack_queue.html",
        {
            "database": db.name,
            "filter": wanted,
            "page": page,
            "paging": _pager(datasette, "/queue", wanted.pairs(), page, size),
            "size": size,
            "sizes": queue.PAGE_SIZES,
            "choices": choices,
            "suggestions": suggestions,
            "status_choices": queue.STATUS_CHOICES,
            "kinds": CLAIM_KINDS,
            "groundings": GROUNDING_METHODS,
            "statuses": STATUSES,
            "can_write": await can_write(datasette, request, db.name),
            "action": desk_url(datasette, "/queue"),
            "bulk_url": desk_url(datasette, "/queue/status"),
            "back": request.query_string,
            "bulk_limit": BULK_LIMIT,
            "first_url": claim_url(datasette, page.rows[0]["id"], carried) if page.rows else None,
        },
        request=request,
    )
    return Response.html(html)


async def bulk_status(request: Any, datasette: Any) -> Response:
    """One status and one note for every claim ticked on a page of a list: one history event
    per claim, all in one transaction (all are recorded, or none)."""
    db = await require_ledger(datasette)
    if request.method != "POST":
        return Response.text("Use POST to set statuses.", status=405)
    by = await require_writer(datasette, request, db.name)
    form = parse_qsl((await request.post_body()).decode("utf-8"), keep_blank_values=True)
    values = dict(form)
    ids = sorted({int(v) for k, v in form if k == "claim" and v.isdigit()})
    status, note = values.get("status", ""), values.get("note", "")
    back = desk_url(datasette, "/queue", local_query(values.get("back", "")))
    if not ids:
        datasette.add_message(request, "Tick the claims to change first.", datasette.WARNING)
        return Response.redirect(back)
    if len(ids) > BULK_LIMIT:
        datasette.add_message(
            request, f"At most {BULK_LIMIT} claims at once: nothing was changed.", datasette.ERROR
        )
        return Response.redirect(back)

    def write(conn: sqlite3.Connection) -> int:
        for claim_id in ids:
            conn.execute(
                STATUS_EVENT_SQL.format(by=":by"),
                {"claim_id": claim_id, "status": status, "note": note, "by": by},
            )
        return len(ids)

    try:
        done = await db.execute_write_fn(in_transaction(write))
    except sqlite3.DatabaseError as error:
        datasette.add_message(request, f"Nothing was changed: {error}", datasette.ERROR)
        return Response.redirect(back)
    datasette.add_message(
        request,
        f"{done} claim{'s' if done != 1 else ''} set to {status}, each recorded in its history.",
        datasette.INFO,
    )
    return Response.redirect(back)


async def list_page(request: Any, datasette: Any) -> Response:
    """The timeline, quotes by speaker or agreements by parties, a page at a time."""
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    listing = lists.LISTINGS.get(request.url_vars["listing"])
    if listing is None:
        raise NotFound("No such list.")
    value = " ".join(str(request.args.get(listing.param) or "").split())
    size = page_size(request.args, queue.PAGE_SIZES)

    def read(conn: sqlite3.Connection) -> tuple[Page, list[str]]:
        choices = lists.choices(conn, listing)
        if not lists.known(conn, listing, value):
            problem = f"No claim has the {listing.param_label} {value!r}."
            return Page([], 0, 1, problems=[problem]), choices
        page = _page(
            conn,
            lambda key, limit, forward: lists.keys(
                conn, listing, value, key, limit, forward=forward
            ),
            lambda claim_id: lists.key_of(conn, listing, claim_id),
            lists.count(conn, listing, value),
            request.args,
            size,
            start=lists.start_key(listing, value),
        )
        return page, choices

    page, choices = await db.execute_fn(read)
    base = [(listing.param, value)] if value else []
    for row in page.rows:
        row["url"] = claim_url(datasette, row["id"])
        row["document_url"] = document_url(datasette, row["document_id"])
        row["party_list"] = lists._parties(row["parties"])
    html = await datasette.render_template(
        "claimtrack_list.html",
        {
            "database": db.name,
            "listing": listing,
            "value": value,
            "page": page,
            "paging": _pager(datasette, f"/{listing.name}", base, page, size),
            "choices": choices,
            "action": desk_url(datasette, f"/{listing.name}"),
            "size": size,
            "sizes": queue.PAGE_SIZES,
        },
        request=request,
    )
    return Response.html(html)


def links(datasette: Any) -> list[dict[str, str]]:
    """The desk's pages, for Datasette's menu."""
    return [
        {"href": desk_url(datasette, "/queue"), "label": "Review queue"},
        {"href": desk_url(datasette, "/timeline"), "label": "Timeline"},
        {"href": desk_url(datasette, "/quotes"), "label": "Quotes by speaker"},
        {"href": desk_url(datasette, "/agreements"), "label": "Agreements by parties"},
        {"href": desk_url(datasette, "/conflicts"), "label": "Conflicts between sources"},
        {
            "href": desk_url(
                datasette, "/queue", urlencode([("status", "any"), ("disagreement", "1")])
            ),
            "label": "Reviewers disagree",
        },
    ]
