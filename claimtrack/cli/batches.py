"""``claimtrack batches``: the batches sent to a provider's Batch API, listed and collected; and
the ``--batch`` path of ``claimtrack extract``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.common import (
    console,
    db_option,
    markup,
    open_ledger,
    read_ledger,
    reports_errors,
)

if TYPE_CHECKING:
    from claimtrack.batch import Collected
    from claimtrack.errors import DocumentError
    from claimtrack.ledger import Ledger
    from claimtrack.pipeline import Backend
    from claimtrack.records import Document


@click.command()
@db_option
@click.option("--collect", is_flag=True, help="Check unfinished batches; collect finished ones.")
@click.option("--wait", is_flag=True, help="With --collect: wait until every batch has finished.")
@click.option(
    "--poll",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    help="Seconds between checks while waiting.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the batches as JSON.")
@reports_errors
def batches(db_path: str, collect: bool, wait: bool, poll: float, as_json: bool) -> None:
    """List the batches sent with 'claimtrack extract --batch'; collect the finished ones.

    Collecting keeps each answer as a model call (at batch prices) and stores the claims of
    the batch's documents, as a live run would; it needs OPENAI_API_KEY (or OPENAI_BASE_URL)
    and works from any process, after the one that sent the batch is gone.

    \b
    Example:
        claimtrack batches --collect --db claims.db
    """
    from claimtrack.batch import collect_batches
    from claimtrack.ledger.batches import list_batches

    results: list[Collected] = []
    if collect:
        ledger = open_ledger(db_path)
        results = collect_batches(ledger, wait=wait, poll=poll)
        rows = list_batches(ledger.conn)
    else:  # listing only reads: it works on a read-only ledger
        rows = list_batches(read_ledger(db_path).conn)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "batches": [row.__dict__ | {"settings": None} for row in rows],
                    "checked": [r.as_dict() for r in results],
                },
                indent=2,
            )
        )
    else:
        _print_checked(results)
        out = console()
        if not rows:
            out.print("No batches in this ledger.")
        for row in rows:
            state = f"collected {row.collected_at}" if row.collected_at else "not collected"
            out.print(
                f"{markup(row.provider_id)}  run {row.run_id}  {markup(row.status)}  "
                f"{row.requests} request(s)  {state}"
                + (
                    f"  {row.answered} answered, {row.failed} failed, ${row.cost_usd:.4f}"
                    if row.collected_at
                    else ""
                )
            )
    if any(r.summary is not None and not r.summary.ok for r in results):
        sys.exit(1)


def _print_checked(results: list[Collected]) -> None:
    err = console(stderr=True)
    for result in results:
        if not result.collected:
            err.print(f"Batch {markup(result.batch)}: {markup(result.status)}, not finished yet.")
            continue
        summary = result.summary
        err.print(
            f"Batch {markup(result.batch)}: {markup(result.status)}; {result.answered} "
            f"answer(s), {result.failed} failed request(s), ${result.cost_usd:.4f} at batch "
            "prices"
            + (
                f"; run {summary.run_id}: {summary.documents_done} document(s) extracted, "
                f"{summary.documents_failed} failed, {summary.claims_added} new claim(s)."
                if summary
                else "."
            )
        )
        for failure in summary.failures if summary else []:
            err.print(f"[red]Error:[/red] {markup(failure)}")


def extract_in_batch(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    *,
    wait: bool,
    poll: float,
    as_json: bool,
) -> None:
    """``claimtrack extract --batch``: send, then (unless told not to) wait and collect."""
    from claimtrack.batch import check_backend, collect_batches, submit_batch

    chosen = check_backend(backend)
    sent = submit_batch(ledger, items, chosen)
    err = console(stderr=True)
    data: dict[str, Any] = {
        "run": sent.run_id,
        "batches": sent.batches,
        "requests": sent.requests,
        "documents": sent.documents,
        "documents_skipped": sent.skipped,
        "chunks_answered_already": sent.reused,
        "errors": sent.input_errors,
    }
    if not as_json:
        for message in sent.input_errors:
            err.print(f"[red]Error:[/red] {markup(message)}")
        err.print(
            f"Run {sent.run_id}: {len(sent.batches)} batch(es) sent, {sent.requests} "
            f"request(s) for {sent.documents} document(s) ({sent.skipped} already done, "
            f"{sent.reused} chunk(s) answered already)."
        )
        if sent.ready is not None:
            err.print(
                f"Run {sent.ready.run_id}: {sent.ready.documents_done} document(s) extracted "
                f"from answers already in the ledger, {sent.ready.claims_added} new claim(s)."
            )
    results: list[Collected] = []
    if wait and sent.batches:
        results = collect_batches(ledger, wait=True, poll=poll)
        if not as_json:
            _print_checked(results)
    elif sent.batches and not as_json:
        err.print("Collect the answers with: claimtrack batches --collect")
    if as_json:
        data["collected"] = [r.as_dict() for r in results]
        data["extracted_from_ledger"] = sent.ready.as_dict() if sent.ready else None
        click.echo(json.dumps(data, indent=2))
    failed = any(r.summary is not None and not r.summary.ok for r in results)
    failed = failed or (sent.ready is not None and not sent.ready.ok)
    if sent.input_errors or failed:
        sys.exit(1)
