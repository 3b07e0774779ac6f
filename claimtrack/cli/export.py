"""``claimtrack export``: every claim (or fact) of a ledger as JSON Lines or CSV."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimtrack.cli.common import db_option, read_ledger, reports_errors, say
from claimtrack.errors import UsageError


@click.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option("--output", "-o", default="-", help="File to write (default: stdout).")
@click.option(
    "--facts",
    "as_facts",
    is_flag=True,
    help="Export the facts of a tracked ledger (claimtrack track) instead of its claims (JSONL).",
)
@reports_errors
def export(db_path: str, fmt: str, output: str, as_facts: bool) -> None:
    """Export every claim, one record per claim, with spans, grounding and status (or, with
    --facts, every fact with its claims, sources and conflicts).

    Streams: memory stays the same at any ledger size. A file is written whole or not at all.
    """
    from claimtrack.export import export_facts, export_ledger, output_file

    if as_facts and fmt != "jsonl":
        raise UsageError("facts export as JSON Lines only: drop --format csv")
    read_ledger(db_path).close()  # one-line errors for a missing or unreadable ledger

    def write(stream: Any) -> int:
        return export_facts(db_path, stream) if as_facts else export_ledger(db_path, stream, fmt)

    if output == "-":
        count = write(sys.stdout)
    else:
        with output_file(output) as handle:
            count = write(handle)
    say(f"Exported {count} {'fact' if as_facts else 'claim'}(s).")
