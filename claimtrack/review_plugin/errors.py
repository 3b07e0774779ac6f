"""Error pages without a traceback for what is not a bug.

Datasette's own exception handler prints every exception with its local variables through
rich — about 40 KB of terminal output for each query that runs past ``sql_time_limit_ms``,
which is a 400 page, not a fault. On a server that serves a ledger, this handler takes its
place: a 4xx (a time-out, a refused permission, a missing claim) is answered with Datasette's
error page and prints nothing; a 5xx prints its plain traceback once (a bug to report).
Other servers keep Datasette's handler untouched.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Awaitable, Callable, Generator
from typing import Any

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError
from markupsafe import Markup

from claimtrack.review_plugin.common import ledger

_DEFAULT_HANDLER = "datasette.handle_exception"


def _wrap_handlers(
    datasette: Any, request: Any, exception: Exception
) -> Generator[None, Any, None]:
    """Wraps every ``handle_exception`` hook: Datasette's own answer is swapped for the quiet
    one below (only on a server that serves a ledger: see ``_quiet``)."""
    outcome: Any = yield
    results = outcome.get_result()
    outcome.force_result(
        [
            _quiet(datasette, request, exception, found)
            if getattr(found, "__module__", "") == _DEFAULT_HANDLER
            else found
            for found in results
        ]
    )


# Datasette's hook marker is untyped: applied by a call rather than as a decorator.
handle_exception = hookimpl(hookwrapper=True, specname="handle_exception")(_wrap_handlers)


def _quiet(
    datasette: Any, request: Any, exception: Exception, default: Callable[[], Awaitable[Any]]
) -> Callable[[], Awaitable[Any]]:
    async def handle() -> Any:
        if await ledger(datasette) is None or datasette.pdb:
            return await default()
        return await error_response(datasette, request, exception)

    return handle


async def error_response(datasette: Any, request: Any, exception: Exception) -> Response:
    """Datasette's error page (or JSON) for ``exception``, printing only real faults."""
    title = None
    if isinstance(exception, Base400):
        status, info, message = exception.status, {}, exception.args[0]
    elif isinstance(exception, DatasetteError):
        status, info, message = exception.status, dict(exception.error_dict), exception.message
        if exception.message_is_html:
            message = Markup(message)
        title = exception.title
    else:
        status, info, message = 500, {}, str(exception)
    if status >= 500:
        print(f"Error {status} on {request.path}:", file=sys.stderr)
        traceback.print_exception(exception, file=sys.stderr)
    info.update({"ok": False, "error": message, "status": status, "title": title})
    headers: dict[str, str] = {}
    if datasette.cors:
        add_cors_headers(headers)
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status, headers=headers)
    template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
    html = await template.render_async(
        dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=list)
    )
    return Response.html(html, status=status, headers=headers)
