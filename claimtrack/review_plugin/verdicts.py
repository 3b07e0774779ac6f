"""A claim's suggested verdict on its review page, and what a reviewer does with it.

The page shows the latest verdict a judge suggested (``claimtrack verify``), its rationale and
each passage it rests on highlighted in its source (a document or an evidence source), and
every earlier suggestion as the judge's. A signed-in reviewer accepts or rejects it with one
action: a row of ``verdict_reviews`` as the reviewer, which — when it accepts — appends the
matching status to the claim's history as theirs (the ledger's trigger does, in the same
statement). The suggestion itself never changes a status.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from datasette import Forbidden, NotFound, Response
from markupsafe import Markup

from claimtrack.highlight import Layer, layered
from claimtrack.review_plugin.common import (
    claim_url,
    desk_url,
    in_transaction,
    local_query,
    require_ledger,
    require_writer,
)
from claimtrack.review_plugin.context import sentence_window
from claimtrack.verify.store import REVIEW_SQL, verdicts_of
from claimtrack.verify.types import StoredVerdict

__all__ = ["VerdictPanel", "review_verdict", "verdict_panel"]

# What accepting each verdict records as the reviewer's status.
ACCEPTED_STATUS = {
    "supported": "supported",
    "refuted": "refuted",
    "conflicting": "disputed",
    "not_enough_info": "unverifiable",
}


@dataclass(frozen=True)
class CitedPassage:
    """One piece of evidence, highlighted in the sentence(s) around it."""

    source: str
    origin: str
    grounding: str
    html: Markup


@dataclass(frozen=True)
class VerdictPanel:
    """What the claim page shows of a claim's verdicts."""

    latest: StoredVerdict
    passages: tuple[CitedPassage, ...]
    earlier: tuple[StoredVerdict, ...]
    accepted_status: str
    reviewed: bool  # someone has accepted or rejected the latest already


def verdict_panel(conn: sqlite3.Connection, claim_id: int) -> VerdictPanel | None:
    """The claim's verdicts as its page shows them (``None``: no judge has suggested one).
    Reads on the connection it is given (Datasette's read connection)."""
    try:
        found = verdicts_of(conn, [claim_id])[claim_id]
    except sqlite3.OperationalError:  # a ledger from before verdicts
        return None
    if not found:
        return None
    latest = found[-1]
    passages = []
    for cited in latest.evidence:
        table = "documents" if cited.origin == "document" else "evidence_sources"
        name = "source" if cited.origin == "document" else "coalesce(label, source)"
        row = conn.execute(
            f"SELECT text, {name} FROM {table} WHERE id = ?", [cited.source_id]
        ).fetchone()
        if row is None:
            continue
        text = str(row[0])
        left, right = sentence_window(text, cited.start, cited.end)
        layer = Layer(cited.start, cited.end, "ev", f"evidence: {cited.grounding}")
        html = Markup('<span class="ct-context">{}{}{}</span>').format(
            "… " if left > 0 else "",
            layered(text, left, right, [layer]),
            " …" if right < len(text) else "",
        )
        passages.append(CitedPassage(str(row[1]), cited.origin, cited.grounding, html))
    return VerdictPanel(
        latest,
        tuple(passages),
        tuple(reversed(found[:-1])),
        ACCEPTED_STATUS[latest.verdict],
        bool(latest.reviews),
    )


async def review_verdict(request: Any, datasette: Any) -> Response:
    """Accept or reject a suggested verdict as the signed-in reviewer; then the claim's page."""
    db = await require_ledger(datasette)
    if request.method != "POST":
        return Response.text("Use POST to accept or reject a verdict.", status=405)
    by = await require_writer(datasette, request, db.name)
    verdict_id = int(request.url_vars["verdict_id"])
    form = await request.post_vars()
    action, note = str(form.get("action", "")), str(form.get("note", ""))
    carried = local_query(str(form.get("queue", "")))

    def write(conn: sqlite3.Connection) -> int:
        found = conn.execute("SELECT claim_id FROM verdicts WHERE id = ?", [verdict_id]).fetchone()
        if found is None:
            raise LookupError(f"no verdict with id {verdict_id}")
        conn.execute(
            REVIEW_SQL.format(by=":by"),
            {"verdict_id": verdict_id, "action": action, "note": note, "by": by},
        )
        return int(found[0])

    try:
        claim_id = await db.execute_write_fn(in_transaction(write))
    except LookupError as missing:
        raise NotFound(str(missing)) from missing
    except sqlite3.DatabaseError as refused:
        raise Forbidden(str(refused)) from refused
    done = "accepted: the claim's status is now yours" if action == "accept" else "rejected"
    datasette.add_message(request, f"Verdict {verdict_id} {done}.", datasette.INFO)
    return Response.redirect(claim_url(datasette, claim_id, carried))


def review_url(datasette: Any, verdict_id: int) -> str:
    return desk_url(datasette, f"/verdicts/{int(verdict_id)}/review")
