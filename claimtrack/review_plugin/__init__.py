"""claimtrack's Datasette plugin: the review desk a newsroom works from.

Loaded by Datasette through the ``datasette`` entry point wherever claimtrack is installed. It
only acts on databases that are claimtrack ledgers (they have a ``_claimtrack`` table). This
module holds the hooks only; each concern has its module:

- ``desk_pages``: the review queue (filters chosen from the ledger, pages by keyset, bulk
  status), the timeline, quotes by speaker, agreements by parties;
- ``claim_page``: a claim's compact review page, "save and next", undo;
- ``fact_page`` (with ``fact_read``): a fact's sources side by side, its timeline and
  conflicts, and reviewers' decisions on it; ``conflicts_page``: the conflicts queue;
- ``pages``: the sign-in page, a document with every claim highlighted (and linked);
- ``home_page``: the ledger's own page (the desk's pages, tables, queries; nothing counted),
  served for Datasette's database page;
- ``queue``, ``lists``, ``keyset``: which claims each list holds, in which order, read through
  the ledger's indexes so that every page costs the same at any size;
- ``context``: a span's sentence, cut cheaply, and overlapping highlights without gaps;
- ``cells``: Datasette's own table and query cells on a ledger;
- ``signin``: links and sessions; ``gate``: each request's session checked against the
  ledger's reviewers; ``headers``: security headers; ``errors``: error pages that print no
  traceback for what is not a bug.

Who may write is the ``set_status`` canned query's ``allow`` block; the desk's forms ask
Datasette the same question, so every way to write follows one rule.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from datasette import Response, hookimpl
from markupsafe import Markup

from claimtrack.highlight import visible, visible_text
from claimtrack.review_plugin import cells
from claimtrack.review_plugin.claim_page import claim_page, set_status, undo
from claimtrack.review_plugin.common import ledger
from claimtrack.review_plugin.conflicts_page import conflicts_page
from claimtrack.review_plugin.desk_pages import bulk_status, links, list_page, queue_page
from claimtrack.review_plugin.errors import handle_exception
from claimtrack.review_plugin.fact_page import (
    conflict_resolve,
    fact_merge,
    fact_page,
    fact_split,
    fact_status,
)
from claimtrack.review_plugin.gate import with_checked_sessions
from claimtrack.review_plugin.headers import with_security_headers
from claimtrack.review_plugin.home_page import home_page
from claimtrack.review_plugin.pages import document_page, sign_in
from claimtrack.review_plugin.signin import SIGN_IN_PATH
from claimtrack.review_plugin.verdicts import review_verdict

__all__ = [
    "asgi_wrapper",
    "extra_css_urls",
    "handle_exception",
    "menu_links",
    "prepare_jinja2_environment",
    "register_routes",
    "render_cell",
    "startup",
]


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [
        (rf"^{SIGN_IN_PATH}$", sign_in),
        (r"^/-/claimtrack/$", home_page),
        (r"^/-/claimtrack/queue$", queue_page),
        (r"^/-/claimtrack/queue/status$", bulk_status),
        (r"^/-/claimtrack/(?P<listing>timeline|quotes|agreements)$", list_page),
        (r"^/-/claimtrack/claims/(?P<claim_id>[0-9]+)$", claim_page),
        (r"^/-/claimtrack/claims/(?P<claim_id>[0-9]+)/status$", set_status),
        (r"^/-/claimtrack/events/(?P<event_id>[0-9]+)/undo$", undo),
        (r"^/-/claimtrack/verdicts/(?P<verdict_id>[0-9]+)/review$", review_verdict),
        (r"^/-/claimtrack/documents/(?P<document_id>[0-9A-Za-z]+)$", document_page),
        (r"^/-/claimtrack/facts/(?P<fact_id>[0-9]+)$", fact_page),
        (r"^/-/claimtrack/facts/(?P<fact_id>[0-9]+)/status$", fact_status),
        (r"^/-/claimtrack/facts/(?P<fact_id>[0-9]+)/split$", fact_split),
        (r"^/-/claimtrack/facts/(?P<fact_id>[0-9]+)/merge$", fact_merge),
        (r"^/-/claimtrack/conflicts$", conflicts_page),
        (r"^/-/claimtrack/conflicts/(?P<conflict_id>[0-9]+)/resolve$", conflict_resolve),
    ]


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """On servers that serve a claimtrack ledger: security headers on every response, and
    every request's session checked against the ledger's reviewers."""

    async def served() -> Any:
        return await ledger(datasette)

    async def serving_a_ledger() -> bool:
        return await served() is not None

    return lambda app: with_security_headers(
        with_checked_sessions(app, datasette, served), serving_a_ledger
    )


# The desk's templates, compiled when the server starts rather than by the first reviewer to
# open each page (compiling the fact page's template costs more than serving it).
_TEMPLATES = (
    "base.html",
    "table.html",
    "row.html",
    "query.html",
    "claimtrack_claim.html",
    "claimtrack_conflicts.html",
    "claimtrack_document.html",
    "claimtrack_fact.html",
    "claimtrack_home.html",
    "claimtrack_list.html",
    "claimtrack_queue.html",
    "claimtrack_sign_in.html",
)


@hookimpl
def startup(datasette: Any) -> None:
    for name in _TEMPLATES:
        datasette.jinja_env.get_template(name)


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
    async def found() -> list[dict[str, str]]:
        return links(datasette) if await ledger(datasette) is not None else []

    return found


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    return cells.render(row, value, column, table, database, datasette)
