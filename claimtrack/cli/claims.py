"""Reading and reviewing claims from the shell: ``claims``, ``show``, ``status``, ``stats``."""

from __future__ import annotations

import json
from typing import Any

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
from claimtrack.vocabulary import CLAIM_KINDS, GROUNDING_METHODS, STATUSES, VERDICTS


@click.command()
@db_option
@click.option("--kind", type=click.Choice(CLAIM_KINDS))
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--grounding", type=click.Choice(GROUNDING_METHODS))
@click.option("--document", help="A document id, or any source it was read from.")
@click.option(
    "--speaker",
    help="A speaker's name or part of it: every word, in any case and order ('kishida').",
)
@click.option("--verdict", type=click.Choice(VERDICTS), help="The latest verdict suggested.")
@click.option(
    "--search",
    "-q",
    help='Full-text search in claims, quotes, speakers, events and terms: words, "a phrase", '
    "OR, NOT, AND, (groups), prefix*, speaker:word (see below).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Claims on one page.",
)
@click.option(
    "--after",
    type=click.IntRange(min=0),
    default=0,
    help="Start after this claim id (the next page: the id the last page said).",
)
@click.option("--all", "everything", is_flag=True, help="Every matching claim, not one page.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON record per line (as export, with instruction_like).",
)
@reports_errors
def claims(
    db_path: str,
    kind: str | None,
    status: str | None,
    grounding: str | None,
    document: str | None,
    speaker: str | None,
    verdict: str | None,
    search: str | None,
    limit: int,
    after: int,
    everything: bool,
    as_json: bool,
) -> None:
    """List claims, filtered, a page at a time, in the order they were stored.

    \b
    Example:
        claimtrack claims --kind quote --speaker kishida
        claimtrack claims --kind quote --after 250     # the next page

    \b
    Search (-q), SQLite FTS5's syntax; any word form matches (meet finds meeting):
        -q 'putin xi'              both words
        -q '"no limits"'           the phrase
        -q 'putin OR xi'           either (operators in capitals)
        -q 'summit NOT putin'      the first without the second
        -q '(xi OR putin) summit'  groups
        -q 'kish*'                 words starting with kish
        -q 'speaker:kishida'       only in one field: claim, quote, speaker, event, terms
    """
    from claimtrack.ledger import ClaimFilter

    ledger = read_ledger(db_path)
    where = ClaimFilter(
        kind=kind,
        status=status,
        grounding=grounding,
        document=document,
        speaker=speaker,
        search=search,
        verdict=verdict,
    )
    if everything:
        found = ledger.iter_claims(where)
        if as_json:
            _echo_records(ledger, found)
        else:
            _print_claims(list(found))
        return
    page = ledger.page(where, limit=limit, after=after)
    if as_json:
        _echo_records(ledger, page.claims)
        return
    _print_claims(page.claims)
    err = console(stderr=True)
    if not page.claims:
        err.print(f"No claims{' after ' + str(after) if after else ''} ({page.total} match).")
        return
    first, last = page.offset + 1, page.offset + len(page.claims)
    line = f"Claims {first}–{last} of {page.total:,}."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after} (or --all)."
    err.print(line)


def _echo_records(ledger: Any, found: Any) -> None:
    """Each claim's export record, with ``instruction_like``: whether its evidence lies in text
    that reads as instructions to a model (read from the ledger 500 claims at a time)."""
    from itertools import islice

    from claimtrack.export import record

    claims = iter(found)
    while batch := list(islice(claims, 500)):
        marked = ledger.instruction_like([stored.id for stored in batch])
        for stored in batch:
            data = record(stored)
            data["instruction_like"] = stored.id in marked
            click.echo(json.dumps(data, ensure_ascii=False))


def _print_claims(found: list[Any]) -> None:
    from rich.table import Table

    table = Table("id", "kind", "status", "grounding", "claim", show_lines=False)
    for stored in found:
        table.add_row(
            str(stored.id),
            stored.kind,
            stored.status,
            stored.grounding,
            markup(stored.claim.claim),
        )
    console().print(table)


@click.command()
@click.argument("claim_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def show(claim_id: int, db_path: str, as_json: bool) -> None:
    """Show one claim: its fields, every span and how it was found, its evidence in context,
    and its history."""
    from claimtrack.show import show_claim
    from claimtrack.verify.store import verdicts_of

    ledger = read_ledger(db_path)
    # plain values through the codec, not typed records: show never loads pydantic
    stored = ledger.plain_claim(claim_id)
    document_id = stored.values["document_id"]
    verdicts = verdicts_of(ledger.conn, [claim_id])[claim_id]
    if as_json:
        from claimtrack.export import record_of

        data = record_of(stored.values, stored.span_tuples(), stored.fields)
        data["instruction_like"] = bool(ledger.instruction_like([claim_id]))
        data["history"] = [vars(event) for event in stored.history]
        pages = ledger.document_pages(document_id)
        if pages:
            from claimtrack.pages import page_label

            data["pages"] = {
                name: page_label(pages, span["start"], span["end"])
                for name, span in stored.spans.items()
                if span["grounding"] != "ungrounded"
            }
        data["verdicts"] = [verdict.as_dict() for verdict in verdicts]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    text = ledger.document_text(document_id)
    show_claim(
        console(),
        stored,
        text,
        ledger.document_pages(document_id),
        verdicts,
        instruction_like=bool(ledger.instruction_like([claim_id])),
    )


@click.command()
@click.argument("claim_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--note", default=None, help="Why: a source, a reasoning, a link.")
@click.option("--by", default=None, help="Reviewer name. Default: $CLAIMTRACK_REVIEWER or $USER.")
@db_option
@reports_errors
def status(claim_id: int, status: str, note: str | None, by: str | None, db_path: str) -> None:
    """Record a verification STATUS for a claim (appended to its history).

    Waits its turn while another process (an extraction, say) is writing to the ledger.
    """
    reviewer = by or default_reviewer()
    if not reviewer:
        raise UsageError("a status change needs a reviewer name: --by NAME")
    ledger = open_ledger(db_path)
    event = ledger.set_status(claim_id, status, note=note, by=reviewer)
    say(f"Claim {claim_id} is now {event.status} (by {markup(event.by)}).")


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def stats(db_path: str, as_json: bool) -> None:
    """Counts of documents, runs, claims, statuses and grounding."""
    data = read_ledger(db_path).stats()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    runs = ", ".join(f"{n} {status}" for status, n in data["runs_by_status"].items())
    lines = [
        f"{data['documents']} documents ({data['document_sources']} sources), "
        f"{data['runs']} runs ({runs or 'none'}), {data['claims']} claims, "
        f"{data['claim_events']} history events, {data['failed_extractions']} failed "
        "extractions"
    ]
    for title in ("by_kind", "by_status", "by_grounding"):
        lines.append(f"{title.removeprefix('by_')}:")
        lines.extend(f"  {key:<14} {count:>9,}" for key, count in data[title].items())
    click.echo("\n".join(lines))
