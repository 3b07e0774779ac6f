"""``claimtrack merge``: ledgers built elsewhere, merged into one."""

from __future__ import annotations

import json

import click

from claimtrack.cli.common import console, markup, reports_errors


@click.command()
# no dir_okay=False: a folder named as a ledger is the ledger's one-line error (exit 3)
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(),
    help="The ledger to merge into (created when missing).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was merged as JSON.")
@reports_errors
def merge(sources: tuple[str, ...], into: str, as_json: bool) -> None:
    """Merge the ledgers SOURCES into one, idempotently.

    Documents are kept once (with every source they were read from), claims once, and
    runs, model calls, status histories and reviewers are kept: merging the same ledger twice
    adds nothing. Sources are only read. Run 'claimtrack track' afterwards to track facts
    across the merged claims.

    \b
    Example:
        claimtrack merge laptop.db worker1.db worker2.db --into claims.db
    """
    from claimtrack.ledger.merge import merge_ledgers

    report = merge_ledgers(sources, into)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    err = console(stderr=True)
    for item in report.sources:
        upgraded = " (an older ledger, upgraded in a copy)" if item.upgraded else ""
        if not item.added_anything:
            err.print(
                f"{markup(item.source)}{upgraded}: nothing new ({item.claims_known} claim(s) "
                "already here)."
            )
            continue
        err.print(
            f"{markup(item.source)}{upgraded}: {item.claims} new claim(s) "
            f"({item.claims_known} already here), {item.documents} document(s), "
            f"{item.document_sources} source(s), {item.runs} run(s), {item.calls} model "
            f"call(s), {item.events} history event(s), {item.reviewers} reviewer(s), "
            f"{item.decisions} fact decision(s)."
        )
    err.print(f"Merged {len(report.sources)} ledger(s) into {markup(report.into)}.")
