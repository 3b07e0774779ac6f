"""What happens to a request before Datasette sees it, on a server that serves a ledger.

- The session is checked against the ledger on every request: a ``ds_actor`` cookie that is
  not a live session of one of the ledger's active reviewers (``signin.session_refusal``) is
  taken off the request, so Datasette sees an anonymous visitor, and the browser is told to
  forget it. Revoking a reviewer therefore ends their session at their next click.
- The desk's long lists have pages of their own, with counts, paging and filters chosen from
  the ledger; their canned queries' HTML pages send the reviewer there (the canned queries
  stay, for JSON and CSV).
- The ledger's plain database page (``/<ledger>``, no query: Datasette counts every table
  there, seconds at a million claims) sends the reviewer to the desk's own page of the ledger
  (``home_page``); with a query (``?sql=``) and as JSON it is Datasette's, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from claimtrack.ledger.reviewers import Reviewer, find_reviewer
from claimtrack.review_plugin.headers import App, Message, Receive, Scope, Send
from claimtrack.review_plugin.signin import session_refusal

# A canned query's HTML page -> the desk page that shows the same list, and its parameters.
DESK_PAGES = {
    "review_queue": ("/-/claimtrack/queue", {"kind": "kind"}),
    "timeline": ("/-/claimtrack/timeline", {}),
    "quotes_by_speaker": ("/-/claimtrack/quotes", {"speaker": "speaker"}),
    "agreements_by_party": ("/-/claimtrack/agreements", {"party": "party"}),
}
_FORGET = b"ds_actor=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"


def with_checked_sessions(app: App, datasette: Any, ledger: Callable[[], Awaitable[Any]]) -> App:
    """``app`` behind the session check and the list redirects, when a ledger is served."""

    async def gated(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        db = await ledger()
        if db is None:
            await app(scope, receive, send)
            return
        target = _desk_page(datasette, db.name, scope)
        if target is not None:
            await _redirect(send, target)
            return
        headers = scope.get("headers", [])
        cookie = _cookie(headers, "ds_actor")
        if cookie is None:
            await app(scope, receive, send)
            return

        async def reviewer(name: str) -> Reviewer | None:
            found: Reviewer | None = await db.execute_fn(lambda conn: find_reviewer(conn, name))
            return found

        if await session_refusal(datasette, cookie, reviewer) is None:
            await app(scope, receive, send)
            return
        scope = {**scope, "headers": _without_cookie(headers, "ds_actor")}

        async def forgetting(message: Message) -> None:
            if message.get("type") == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"set-cookie", _FORGET)],
                }
            await send(message)

        await app(scope, receive, forgetting)

    return gated


def _desk_page(datasette: Any, database: str, scope: Scope) -> str | None:
    if scope.get("method") not in ("GET", "HEAD"):
        return None
    path = scope.get("path", "")
    if path in (f"/{quote(database)}", f"/{database}") and not scope.get("query_string"):
        return str(datasette.urls.path("/-/claimtrack/"))
    prefix = f"/{quote(database)}/"
    if not path.startswith(prefix):
        return None
    found = DESK_PAGES.get(path[len(prefix) :])
    if found is None:
        return None
    page, names = found
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
    kept = [(names[name], value) for name, value in query if name in names and value]
    url = str(datasette.urls.path(page))
    return f"{url}?{urlencode(kept)}" if kept else url


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 302,
            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def _cookie(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    """A cookie's value, read as Datasette reads it (``SimpleCookie``)."""
    jar: SimpleCookie = SimpleCookie()
    for key, value in headers:
        if key.lower() == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except CookieError:
                continue
    return jar[name].value if name in jar else None


def _without_cookie(headers: list[tuple[bytes, bytes]], name: str) -> list[tuple[bytes, bytes]]:
    kept = []
    for key, value in headers:
        if key.lower() == b"cookie":
            parts = [p for p in value.decode("latin-1").split(";") if p.strip()]
            parts = [p for p in parts if p.strip().partition("=")[0] != name]
            if not parts:
                continue
            value = ";".join(parts).strip().encode("latin-1")
        kept.append((key, value))
    return kept
