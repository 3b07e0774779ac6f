"""``claimtrack export``: every claim (or fact) of a ledger as JSON Lines or CSV, or as
ClaimReview, Web Annotation or a flat CSV (``claimtrack.formats``)."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimtrack.cli.common import db_option, read_ledger, reports_errors, say
from claimtrack.errors import UsageError


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "flat-csv", "claimreview", "annotation"]),
    default="jsonl",
    show_default=True,
    help="jsonl and csv: every field (csv keeps spans and fields as JSON); flat-csv: a column "
    "per field; claimreview: schema.org ClaimReview of reviewed claims; annotation: W3C Web "
    "Annotations of every grounded span (both JSON-LD, one document a line).",
)
@click.option("--output", "-o", default="-", help="File to write (default: stdout).")
@click.option(
    "--facts",
    "as_facts",
    is_flag=True,
    help="Export the facts of a tracked ledger (claimtrack track) instead of its claims (JSONL).",
)
@click.option("--publisher", help="claimreview: the desk that publishes the checks (its name).")
@click.option("--publisher-url", help="claimreview: the desk's web address.")
@click.option(
    "--review-url",
    help="claimreview: where each check is published, {id} for the claim id "
    "(default: the publisher URL#claim-{id}).",
)
@reports_errors
def export(
    db_path: str,
    fmt: str,
    output: str,
    as_facts: bool,
    publisher: str | None,
    publisher_url: str | None,
    review_url: str | None,
) -> None:
    """Export every claim, one record per claim, with spans, grounding and status (or, with
    --facts, every fact with its claims, sources and conflicts).

    Streams: memory stays the same at any ledger size. A file is written whole or not at all.
    """
    from claimtrack.export import export_facts, export_ledger, output_file
    from claimtrack.formats import ExportOptions, check_format

    if as_facts and fmt != "jsonl":
        raise UsageError(f"facts export as JSON Lines only: drop --format {fmt}")
    options = ExportOptions(publisher, publisher_url, review_url)
    if fmt in ("claimreview", "annotation", "flat-csv"):
        check_format(fmt, options)  # before a file is made
    read_ledger(db_path).close()  # one-line errors for a missing or unreadable ledger

    def write(stream: Any) -> int:
        if as_facts:
            return export_facts(db_path, stream)
        return export_ledger(db_path, stream, fmt, options=options)

    if output == "-":
        count = write(sys.stdout)
    else:
        with output_file(output) as handle:
            count = write(handle)
    say(f"Exported {count} {'fact' if as_facts else 'claim'}(s).")
