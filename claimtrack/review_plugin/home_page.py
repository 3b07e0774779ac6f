"""The ledger's own page: what the desk offers, and the ledger's tables.

Datasette's database page counts the rows of every table, the full-text indexes' shadow tables
included, on every load: 3.1 s at a million claims from a cold disk cache (a count stops after
5 ms only between page reads). The gate sends its plain address (``/<ledger>``, no query) here
instead. This page counts nothing: it lists the desk's pages, the visible tables (the
full-text and tracking working tables stay hidden, as Datasette hides them) with the last id
each holds — one index seek, the size of an append-only table —, the canned queries and the
SQL box, which posts to Datasette's own query page as before.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import Response

from claimtrack.review_plugin.common import check_view, desk_url, require_ledger


async def home_page(request: Any, datasette: Any) -> Response:
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    hidden = set(await db.hidden_table_names())
    names = [t for t in await db.table_names() if t not in hidden]
    meta = datasette.metadata(database=db.name) or {}
    tables_meta = meta.get("tables", {})

    def last_ids(conn: sqlite3.Connection) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for name in names:
            try:
                row = conn.execute(f'SELECT max(_rowid_) FROM "{name}"').fetchone()
                found[name] = row[0]
            except sqlite3.OperationalError:  # a table without rowid
                found[name] = None
        return found

    ids = await db.execute_fn(last_ids)
    tables = [
        {
            "name": name,
            "title": tables_meta.get(name, {}).get("title") or name,
            "description": tables_meta.get(name, {}).get("description") or "",
            "url": datasette.urls.table(db.name, name),
            "last_id": ids.get(name),
        }
        for name in sorted(names, key=lambda n: (n not in tables_meta, n))
    ]
    queries = [
        {
            "name": q["name"],
            "title": q.get("title") or q["name"],
            "url": datasette.urls.query(db.name, q["name"]),
        }
        for q in (await datasette.get_canned_queries(db.name, request.actor)).values()
        if await datasette.permission_allowed(
            request.actor, "view-query", resource=(db.name, q["name"]), default=True
        )
    ]
    pages = [
        ("Review queue", "/queue", "claims awaiting review, the least certain first"),
        ("Conflicts between sources", "/conflicts", "where the sources of one fact disagree"),
        ("Timeline", "/timeline", "dated events in date order"),
        ("Quotes by speaker", "/quotes", "every quote, by who said it"),
        ("Agreements by parties", "/agreements", "every agreement, by its parties"),
    ]
    html = await datasette.render_template(
        "claimtrack_home.html",
        {
            "database": db.name,
            "title": meta.get("title") or f"Ledger {db.name}",
            "description": meta.get("description") or "",
            "pages": [(label, desk_url(datasette, path), note) for label, path, note in pages],
            "tables": tables,
            "queries": queries,
            "sql_url": datasette.urls.database(db.name),
            "allow_sql": await datasette.permission_allowed(
                request.actor, "execute-sql", resource=db.name, default=True
            ),
        },
        request=request,
    )
    return Response.html(html)
