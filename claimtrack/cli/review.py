"""The review desk from the shell: ``review``, ``sign-in-link`` and ``reviewers``."""

from __future__ import annotations

import json
import sys

import click

from claimtrack.cli.common import (
    console,
    db_option,
    default_reviewer,
    markup,
    open_ledger,
    read_ledger,
    reports_errors,
    say,
)
from claimtrack.errors import UsageError


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--reviewer",
    default=None,
    help="Print a sign-in link for this reviewer. Default: $CLAIMTRACK_REVIEWER, $USER.",
)
@reports_errors
def review(db_path: str, host: str, port: int, reviewer: str | None) -> None:
    """Review claims in Datasette: read each claim in its source and set its status.

    Serves the ledger with claimtrack's metadata and plugin, on localhost by default, and
    prints a one-use sign-in link for the reviewer (added to the ledger's reviewers when new:
    it says so); only a signed-in reviewer can change a status.
    """
    from claimtrack import review as desk  # datasette: imported only for this command

    ledger = open_ledger(db_path)  # checks it is a ledger and brings its schema up to date
    try:
        name = reviewer or default_reviewer()
        if not name:
            raise UsageError("who reviews? pass --reviewer NAME (or set CLAIMTRACK_REVIEWER)")
        known, added = desk.desk_reviewer(ledger, name, by=default_reviewer())
    finally:
        ledger.close()
    name = known.name
    datasette = desk.make_datasette(db_path)
    sock = desk.bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{sock.getsockname()[1]}"
    link = desk.sign_in_url(base, desk.sign_in_token(datasette, name))
    say(f"Reviewing {markup(db_path)} at {base}/")
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(
            f"[yellow]Warning:[/yellow] listening on {markup(host)}: anyone who can reach it "
            "can read the ledger (writing still needs a sign-in link)."
        )
    if added:
        say(
            f"Added {markup(name)} to this ledger's reviewers "
            f'(claimtrack reviewers revoke "{markup(name)}" removes them).'
        )
    say(
        f"Sign in as {markup(name)} (the link works once, for a day; the session lasts "
        "12 hours, until revoked or until this server stops):"
    )
    click.echo(link)
    say(
        "More reviewers: claimtrack reviewers add NAME, then claimtrack sign-in-link "
        "--reviewer NAME. Stop with Ctrl-C."
    )
    sys.stdout.flush()
    desk.serve(datasette, sock)


@click.command("sign-in-link")
@db_option
@click.option("--reviewer", required=True, help="Who signs in.")
@click.option(
    "--url",
    default="http://127.0.0.1:8001",
    show_default=True,
    help="The address `claimtrack review` is serving.",
)
@reports_errors
def sign_in_link(db_path: str, reviewer: str, url: str) -> None:
    """Print a one-use sign-in link for another reviewer of a ledger being reviewed."""
    from claimtrack import review as desk

    read_ledger(db_path).close()
    datasette = desk.make_datasette(db_path)
    click.echo(desk.sign_in_url(url, desk.sign_in_token(datasette, reviewer)))


@click.group()
def reviewers() -> None:
    """Who may review a ledger: only its reviewers can sign in to `claimtrack review`.

    \b
    Example:
        claimtrack reviewers add "Erin Editor"
        claimtrack reviewers list
        claimtrack reviewers revoke "Erin Editor"   # her session ends at once
    """


@reviewers.command("add")
@click.argument("name")
@db_option
@click.option("--by", default=None, help="Who adds them. Default: $CLAIMTRACK_REVIEWER or $USER.")
@reports_errors
def reviewers_add(name: str, db_path: str, by: str | None) -> None:
    """Add NAME to the ledger's reviewers (or reinstate a revoked reviewer)."""
    from claimtrack.ledger.reviewers import add_reviewer

    ledger = open_ledger(db_path)
    try:
        found, changed = add_reviewer(ledger, name, by=by or default_reviewer())
    finally:
        ledger.close()
    if changed:
        say(f"{markup(found.name)} is a reviewer of {markup(db_path)}.")
    else:
        say(f"{markup(found.name)} is already a reviewer (since {found.added_at}).")


@reviewers.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def reviewers_list(db_path: str, as_json: bool) -> None:
    """List the ledger's reviewers, active ones first."""
    from claimtrack.ledger.reviewers import list_reviewers

    with read_ledger(db_path) as ledger:
        found = list_reviewers(ledger)
    if as_json:
        click.echo(json.dumps([vars(r) for r in found], indent=2, ensure_ascii=False))
        return
    if not found:
        say("No reviewers yet: claimtrack reviewers add NAME.")
        return
    from rich.table import Table

    table = Table("name", "status", "added", "added by", "revoked")
    for one in found:
        table.add_row(
            markup(one.name),
            "active" if one.active else "revoked",
            one.added_at,
            markup(one.added_by or ""),
            one.revoked_at or "",
        )
    console().print(table)


@reviewers.command("revoke")
@click.argument("name")
@db_option
@reports_errors
def reviewers_revoke(name: str, db_path: str) -> None:
    """Revoke NAME: their session ends at their next request, and the ledger refuses status
    changes in their name. Their past statuses stay in the history."""
    from claimtrack.ledger.reviewers import revoke_reviewer

    ledger = open_ledger(db_path)
    try:
        found, changed = revoke_reviewer(ledger, name)
    finally:
        ledger.close()
    if changed:
        say(f"Revoked {markup(found.name)}: their session ends at their next request.")
    else:
        say(f"{markup(found.name)} was already revoked (on {found.revoked_at}).")
