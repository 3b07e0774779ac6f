"""The ledger as a review desk in Datasette: the server ``claimtrack review`` starts.

The package's modules, each with one job:

- ``metadata``: what Datasette shows of the ledger (titles, facets, the desk's canned queries,
  and the one rule of who may write);
- the plugin, ``claimtrack.review_plugin``: the desk's pages, sign-in and sessions, cells.

The plugin never imports this module: Datasette loads it by its entry point wherever
claimtrack is installed, with or without ``claimtrack review``. This module registers it for a
source tree that has no entry point, and sets what a server of the desk needs: Datasette's
facet suggestions off (about 70 queries a table page, seconds at a million claims), and the
reviewer ``claimtrack review`` signs in known to the ledger.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.errors import UsageError
from claimtrack.ledger.reviewers import Reviewer, add_reviewer, clean_name, find_reviewer
from claimtrack.review.metadata import database_name, metadata
from claimtrack.review_plugin import signin
from claimtrack.review_plugin.signin import (
    SIGN_IN_NAMESPACE,
    secret_for,
    sign_in_token,
    sign_in_url,
)

if TYPE_CHECKING:
    from datasette.app import Datasette

    from claimtrack.ledger import Ledger

__all__ = [
    "SETTINGS",
    "SIGN_IN_NAMESPACE",
    "bind",
    "database_name",
    "desk_reviewer",
    "make_datasette",
    "metadata",
    "secret_for",
    "serve",
    "sign_in_token",
    "sign_in_url",
]


# Datasette's settings for the desk. Facet suggestions run about 70 queries on every table page
# (4 s at a million claims); the facets the metadata names still show, and any column can be
# faceted from its menu.
SETTINGS: dict[str, Any] = {"truncate_cells_html": 400, "suggest_facets": False}


def desk_reviewer(ledger: Ledger, name: str, *, by: str | None = None) -> tuple[Reviewer, bool]:
    """The reviewer ``claimtrack review`` signs in: added to the ledger's reviewers when the
    name is new (the second value says so); a revoked reviewer is refused, not reinstated
    (``claimtrack reviewers add`` does that, on purpose)."""
    tidy = clean_name(name)
    found = find_reviewer(ledger.conn, tidy)
    if found is not None and not found.active:
        raise UsageError(
            f"{tidy!r} was revoked on {found.revoked_at}; 'claimtrack reviewers add "
            f'"{tidy}"\' reinstates them'
        )
    return add_reviewer(ledger, tidy, by=by)


def make_datasette(ledger: str | Path) -> Datasette:
    """Datasette on ``ledger`` with claimtrack's metadata, plugin and the ledger's secret."""
    from datasette.app import Datasette

    from claimtrack import review_plugin

    _ensure_plugin(review_plugin)
    path = str(ledger)
    datasette = Datasette(
        files=[path],
        metadata=metadata(path),
        secret=secret_for(path),
        settings=SETTINGS,
    )
    signin.started(datasette)
    return datasette


def _ensure_plugin(module: Any) -> None:
    """Register the plugin when claimtrack runs from a source tree without its entry point."""
    from datasette.plugins import pm

    if not any(getattr(p, "__name__", "") == module.__name__ for p in pm.get_plugins()):
        pm.register(module)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so that port 0 (any free port)
    gives a real address for the sign-in link."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from error
    sock.listen(128)
    return sock


def serve(datasette: Datasette, sock: socket.socket) -> None:
    """Serve until interrupted."""
    import uvicorn

    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
