"""What every page of the desk needs: the ledger being served, who may read and write, the
desk's addresses, and the small pieces of markup every page shows."""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from datasette import Forbidden, NotFound
from markupsafe import Markup

from claimtrack.highlight import GROUNDING_NOTES

_LEDGERS: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()

DESK = "/-/claimtrack"


async def is_ledger(datasette: Any, database: str) -> bool:
    """Whether ``database`` is a claimtrack ledger, looked up once per server. The look runs
    outside ``sql_time_limit_ms`` (``execute_fn``): that limit is for the SQL a reader types,
    and this runs on every request, where a slow moment must not turn a page into a 500."""
    known = _LEDGERS.setdefault(datasette, {})
    if database not in known:
        try:
            db = datasette.get_database(database)
        except KeyError:
            known[database] = False
        else:
            known[database] = await db.execute_fn(_has_marker_table)
    return known[database]


def _has_marker_table(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_claimtrack'"
    ).fetchone()
    return found is not None


async def ledger(datasette: Any) -> Any:
    """The first claimtrack ledger the server serves, or ``None``."""
    for name, db in datasette.databases.items():
        if not name.startswith("_") and await is_ledger(datasette, name):
            return db
    return None


async def require_ledger(datasette: Any) -> Any:
    db = await ledger(datasette)
    if db is None:
        raise NotFound("No claimtrack ledger is being served.")
    return db


async def check_view(datasette: Any, request: Any, database: str) -> None:
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, "claims")), ("view-database", database), "view-instance"],
    )


async def can_write(datasette: Any, request: Any, database: str) -> bool:
    """Whether the request's actor may record statuses: the one rule, the ``set_status``
    canned query's ``allow`` block (the actor itself was checked against the ledger's
    reviewers before Datasette saw the request)."""
    return request.actor is not None and bool(
        await datasette.permission_allowed(
            request.actor, "view-query", resource=(database, "set_status"), default=False
        )
    )


async def require_writer(datasette: Any, request: Any, database: str) -> str:
    """The signed-in reviewer's name, or ``Forbidden``."""
    if not await can_write(datasette, request, database):
        raise Forbidden("Sign in as a reviewer to change a claim's status.")
    return str(request.actor["id"])


def same_origin(request: Any) -> bool:
    """Whether a POST comes from a page of this server: browsers send ``Origin`` with every
    POST; one naming another site (or ``null``) is refused."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site form; CSRF and the token still apply
    return bool(origin == f"{request.scheme}://{request.host}")


def desk_url(datasette: Any, path: str, query: str | list[tuple[str, str]] = "") -> str:
    """An address of the desk: ``path`` under ``/-/claimtrack``, with a query string."""
    qs = query if isinstance(query, str) else urlencode(query)
    url = str(datasette.urls.path(f"{DESK}{path}"))
    return f"{url}?{qs}" if qs else url


def claim_url(datasette: Any, claim_id: Any, query: str | list[tuple[str, str]] = "") -> str:
    return desk_url(datasette, f"/claims/{int(claim_id)}", query)


def document_url(datasette: Any, document_id: str) -> str:
    return desk_url(datasette, f"/documents/{document_id}")


def badge(value: str) -> Markup:
    note = GROUNDING_NOTES.get(value, value.replace("_", " "))
    return Markup('<span class="ct-badge ct-{}" title="{}">{}</span>').format(
        value.replace(" ", "-"), note, value.replace("_", " ")
    )


def local_query(value: str) -> str:
    """A query string carried through a form, kept only if it is one (never an address that
    could send the reviewer elsewhere)."""
    return "" if any(c in value for c in "/\\:\r\n") else value


def page_size(args: Any, sizes: tuple[int, ...], default: int = 50) -> int:
    try:
        size = int(args.get("size") or default)
    except ValueError:
        return default
    return size if size in sizes else default


def claim_id_arg(args: Any, name: str) -> int | None:
    value = str(args.get(name) or "")
    return int(value) if value.isdigit() else None


T = TypeVar("T")


def in_transaction(fn: Callable[[sqlite3.Connection], T]) -> Callable[[sqlite3.Connection], T]:
    """``fn`` as one transaction on Datasette's write connection, holding the write lock from
    its start (another process writing to the ledger is waited for, not failed on), committed
    whole or rolled back whole."""

    def run(conn: sqlite3.Connection) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        return result

    return run
