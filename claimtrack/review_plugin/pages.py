"""The sign-in page, and a document's page with every claim highlighted in its text (each
highlight a link to its claim; a passage several claims share lists them all)."""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import Forbidden, NotFound, Response

from claimtrack.highlight import GROUNDING_NOTES, Layer, layered, visible_text
from claimtrack.ledger.reviewers import active_reviewer
from claimtrack.review_plugin.common import (
    check_view,
    claim_url,
    desk_url,
    ledger,
    require_ledger,
    same_origin,
)
from claimtrack.review_plugin.signin import (
    SESSION_TTL,
    SIGN_IN_PATH,
    SignInRefused,
    check_sign_in,
    peek_sign_in,
    session_cookie,
)


async def sign_in(request: Any, datasette: Any) -> Response:
    """A one-use sign-in link. GET and HEAD (a reviewer's browser, a link preview, a mail
    scanner) show a page with a button and use nothing up; the button's POST, from this
    server's own page, uses the link up, opens a session and goes to the queue. Only a
    reviewer the ledger lists, and has not revoked, is signed in."""
    db = await ledger(datasette)
    if request.method == "POST":
        if not same_origin(request):
            raise Forbidden("Sign in from the sign-in page of this server.")
        form = await request.post_vars()
        token = str(form.get("token", ""))
        try:
            reviewer = peek_sign_in(datasette, token)
            await _still_reviewer(db, reviewer)
            reviewer = check_sign_in(datasette, token)
        except SignInRefused as refused:
            raise Forbidden(str(refused)) from refused
        response = Response.redirect(desk_url(datasette, "/queue"))
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
        await _still_reviewer(db, reviewer)
    except SignInRefused as refused:
        raise Forbidden(str(refused)) from refused
    html = await datasette.render_template(
        "claimtrack_sign_in.html",
        {"reviewer": reviewer, "token": token, "action": datasette.urls.path(SIGN_IN_PATH)},
        request=request,
    )
    return Response.html(html)


async def _still_reviewer(db: Any, reviewer: str) -> None:
    if db is None:
        raise SignInRefused("No claimtrack ledger is being served.")
    found = await db.execute_fn(lambda conn: active_reviewer(conn, reviewer))
    if found is None:
        raise SignInRefused(f"{reviewer} is not (or no longer) a reviewer of this ledger.")


async def document_page(request: Any, datasette: Any) -> Response:
    db = await require_ledger(datasette)
    await check_view(datasette, request, db.name)
    document_id = request.url_vars["document_id"]

    def read(conn: sqlite3.Connection) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        found = conn.execute("SELECT * FROM documents WHERE id = ?", [document_id]).fetchone()
        if found is None:
            raise NotFound("No such document in this ledger.")
        claims = conn.execute(
            "SELECT c.id, c.kind, c.status, c.grounding, c.claim, "
            "coalesce(s.start, c.evidence_start) AS evidence_start, "
            'coalesce(s."end", c.evidence_end) AS evidence_end, '
            "coalesce(s.grounding, c.grounding) AS evidence_grounding "
            "FROM claims c LEFT JOIN spans s ON s.claim_id = c.id AND s.field = 'evidence' "
            "WHERE c.document_id = ? ORDER BY evidence_start, c.id",
            [document_id],
        ).fetchall()
        return dict(found), [dict(row) for row in claims]

    document, claims = await db.execute_fn(read)
    # Each claim's evidence, marked as it was found: a claim that is ungrounded for a field
    # (a speaker or party not in the text) may still rest on a passage that is.
    layers = [
        Layer(
            c["evidence_start"],
            c["evidence_end"],
            c["evidence_grounding"],
            f"#{c['id']} {visible_text(c['claim'])}",
            c["id"],
        )
        for c in claims
        if c["evidence_grounding"] != "ungrounded"
    ]
    for claim in claims:
        claim["url"] = claim_url(datasette, claim["id"])
    text = str(document["text"])
    return Response.html(
        await datasette.render_template(
            "claimtrack_document.html",
            {
                "database": db.name,
                "document": document,
                "text": layered(text, 0, len(text), layers, link=lambda i: claim_url(datasette, i)),
                "claims": claims,
                "ungrounded": [c for c in claims if c["evidence_grounding"] == "ungrounded"],
                "ungrounded_fields": [
                    c
                    for c in claims
                    if c["grounding"] == "ungrounded" and c["evidence_grounding"] != "ungrounded"
                ],
                "notes": GROUNDING_NOTES,
                "queue_url": desk_url(datasette, "/queue", [("document", document_id)]),
            },
            request=request,
        )
    )
