"""``claimtrack report``: documents with their claims highlighted, as one HTML file."""

from __future__ import annotations

import sys

import click

from claimtrack.cli.common import db_option, markup, read_ledger, reports_errors, say


@click.command()
@click.argument("documents", nargs=-1)
@db_option
@click.option(
    "--output",
    "-o",
    default="report.html",
    show_default=True,
    help="The HTML file to write ('-' for stdout).",
)
@click.option("--title", default="claimtrack report", show_default=True)
@reports_errors
def report(documents: tuple[str, ...], db_path: str, output: str, title: str) -> None:
    """Write one self-contained HTML file (no server, nothing fetched, no JavaScript) showing
    each DOCUMENT (an id or a source it was read from; every document when none is named)
    with its claims highlighted by kind, and beside it the list of its claims with their
    status and grounding.

    \b
    Example:
        claimtrack report seeds/article.txt -o article.html
    """
    from claimtrack.export import output_file
    from claimtrack.formats.report import write_report

    ledger = read_ledger(db_path)
    with ledger:
        if output == "-":
            found = write_report(ledger, sys.stdout, documents, title=title)
        else:
            with output_file(output) as stream:
                found = write_report(ledger, stream, documents, title=title)
    where = "" if output == "-" else f"Wrote {markup(output)}: "
    say(f"{where}{found.documents} document(s), {found.claims} claim(s).")
