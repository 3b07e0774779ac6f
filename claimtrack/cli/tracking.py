"""Facts across documents from the shell: ``track``, ``facts``, ``fact``, ``conflicts``, and
reviewers' decisions on them.

The lists are groups whose subcommands decide: ``facts merge A B``, ``facts split CLAIM``,
``facts status FACT STATUS``, ``conflicts resolve ID``. ``facts`` and ``conflicts`` with no
subcommand list, as before; ``fact ID`` shows one fact.
"""

from __future__ import annotations

import json

import click

from claimtrack.cli.common import (
    console,
    db_option,
    default_reviewer,
    markup,
    mode_option,
    model_option,
    open_ledger,
    read_ledger,
    reports_errors,
    say,
    timeout_option,
)
from claimtrack.errors import UsageError
from claimtrack.vocabulary import CLAIM_KINDS, STATUSES

# -- facts across documents ---------------------------------------------------------------

CONFLICT_KINDS = ("date", "speaker", "wording", "number", "parties", "state")


@click.command()
@db_option
@click.option(
    "--backend",
    type=click.Choice(["offline", "openai"]),
    default="offline",
    show_default=True,
    help="openai: a model decides the ambiguous pairs (close calls of the typed matcher), "
    "through OPENAI_API_KEY / OPENAI_BASE_URL; answers are kept and reused.",
)
@model_option
@mode_option
@timeout_option
@click.option("--json", "as_json", is_flag=True, help="The run's counts as JSON.")
@reports_errors
def track(
    db_path: str, backend: str, model: str | None, mode: str, timeout: float, as_json: bool
) -> None:
    """Group the ledger's claims into facts across documents, and find where sources disagree.

    Incremental: only claims not yet in a fact are placed (and reviewers' decisions since the
    last run applied); running it again changes nothing. With --backend openai, the pairs the
    typed matcher finds ambiguous are decided by a model (each answer paid once, kept in the
    ledger, and recorded on the pair with the model and the prompt's hash).

    \b
    Example:
        claimtrack track --db claims.db && claimtrack facts --min-sources 2 --db claims.db
        claimtrack track --backend openai --model gpt-4o-mini --db claims.db
    """
    from claimtrack.tracking import track_ledger

    read_ledger(db_path).close()  # one-line errors for a missing or unreadable ledger
    adjudicator = None
    log = None
    if backend == "openai":
        from claimtrack.ledger.store import CallLog
        from claimtrack.llm import LLMClient, LLMSettings
        from claimtrack.tracking.adjudicate import llm_adjudicator

        settings = LLMSettings.from_environment(model, mode=mode, timeout=timeout, max_tokens=256)
        log = CallLog(db_path, None)
        adjudicator = llm_adjudicator(LLMClient(settings), log.lookup)
    try:
        result = track_ledger(db_path, adjudicator=adjudicator)
    finally:
        if log is not None:
            log.close()
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    line = (
        f"Tracked {result.claims} new claim(s) from {result.documents} new document(s): "
        f"{result.facts_written} fact(s) created or changed, {result.facts_removed} merged "
        f"away, in {result.seconds:.1f} s."
    )
    if adjudicator is not None:
        line += (
            f" A model decided {result.adjudicated} ambiguous pair(s) ({result.calls} new call(s))."
        )
    say(line)


note_option = click.option("--note", default=None, help="Why: a source, a reasoning, a link.")
by_option = click.option(
    "--by", default=None, help="Reviewer name. Default: $CLAIMTRACK_REVIEWER or $USER."
)


def _reviewer(by: str | None) -> str:
    name = by or default_reviewer()
    if not name:
        raise UsageError("a decision needs a reviewer name: --by NAME")
    return name


@click.group(invoke_without_command=True)
@db_option
@click.option("--kind", type=click.Choice(CLAIM_KINDS))
@click.option(
    "--min-sources",
    type=click.IntRange(min=1),
    default=None,
    help="At least this many independent sources (copies of one story count once).",
)
@click.option("--conflicts", "with_conflicts", is_flag=True, help="Only facts with open conflicts.")
@click.option("--search", "-q", help="Full-text search in the facts' claims and key fields.")
@click.option(
    "--order",
    type=click.Choice(["id", "sources"]),
    default="id",
    show_default=True,
    help="By id, or most independent sources first.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--after", default=None, help="Start after this cursor (the last page says it).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per fact, per line.")
@click.pass_context
@reports_errors
def facts(
    ctx: click.Context,
    db_path: str,
    kind: str | None,
    min_sources: int | None,
    with_conflicts: bool,
    search: str | None,
    order: str,
    limit: int,
    after: str | None,
    as_json: bool,
) -> None:
    """List facts: claims of many documents that report the same thing; or, with a
    subcommand, record a reviewer's decision on them.

    \b
    Example:
        claimtrack facts --kind quote --min-sources 3 --order sources
        claimtrack facts merge 12 40 --note "same speech, two reporters"
        claimtrack facts split 311 --note "another hearing"
        claimtrack facts status 12 supported --note "transcript checked"
    """
    if ctx.invoked_subcommand is not None:
        return
    from claimtrack.tracking import FactFilter, FactReader

    with FactReader.open(db_path) as reader:
        where = FactFilter(
            kind=kind, min_sources=min_sources, conflicts=with_conflicts, search=search
        )
        page = reader.page(where, limit=limit, after=after, order=order)  # type: ignore[arg-type]
    if as_json:
        for fact in page.facts:
            click.echo(json.dumps(fact.as_dict(), ensure_ascii=False))
        return
    from rich.table import Table

    table = Table("fact", "kind", "sources", "independent", "conflicts", "first seen", "claim")
    for fact in page.facts:
        table.add_row(
            str(fact.id),
            fact.kind,
            str(fact.sources),
            str(fact.independent_sources),
            str(fact.open_conflicts) if fact.open_conflicts else "",
            fact.first_seen or "",
            markup(fact.claim),
        )
    console().print(table)
    line = f"{len(page.facts)} of {page.total:,} fact(s)."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after}"
    say(line)


@click.command()
@click.argument("fact_id", type=int)
@db_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Claims and timeline documents shown (a fact of thousands of copies comes a page at "
    "a time).",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    help="Start at this claim and document (the page says the next one).",
)
@click.option("--all", "show_all", is_flag=True, help="Every claim and document, not a page.")
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def fact(
    fact_id: int, db_path: str, limit: int, offset: int, show_all: bool, as_json: bool
) -> None:
    """One fact: its claims with their sources, dates and spans, its conflicts, and a timeline
    of when each source reported it (a page of --limit claims and documents; --all for all).
    With --json, members_total, timeline_total and next_offset say what the page holds."""
    from claimtrack.tracking import FactReader

    with FactReader.open(db_path) as reader:
        if show_all:
            detail = reader.fact(fact_id)
        else:
            detail = reader.fact(fact_id, limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps(detail.as_dict(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    found = detail.fact
    out = console()
    out.print(
        f"[bold]Fact {found.id}[/bold] ({found.kind}): {found.sources} source(s), "
        f"{found.independent_sources} independent, first seen {found.first_seen or 'unknown'}; "
        f"{found.status}"
    )
    out.print(markup(found.claim))
    claims = Table("claim", "relation", "source", "published", "text", title="Claims")
    for member in detail.claims:
        claims.add_row(
            str(member.claim_id),
            member.relation,
            markup(member.source),
            member.published or member.seen,
            markup(member.claim),
        )
    out.print(claims)
    if found.conflicts:
        conflicts = Table("conflict", "kind", "field", "claims", "values", title="Conflicts")
        for conflict in found.conflicts:
            conflicts.add_row(
                str(conflict.id),
                conflict.kind,
                conflict.field,
                " vs ".join(map(str, conflict.claims)),
                markup(" | ".join(str(v) for v in conflict.values)),
            )
        out.print(conflicts)
    timeline = Table("seen", "published", "document", "sources", title="Timeline")
    for document in detail.documents:
        timeline.add_row(
            document.seen,
            document.published or "",
            document.document_id,
            markup(", ".join(document.sources)),
        )
    out.print(timeline)
    if detail.statuses:
        history = Table("at", "status", "by", "note", title="Status history")
        for event in detail.statuses:
            history.add_row(event.at, event.status, markup(event.by), markup(event.note or ""))
        out.print(history)
    if detail.totals is not None:
        claims_total, documents_total = detail.totals
        line = (
            f"Claims {_span(offset, len(detail.claims))} of {claims_total:,}; documents "
            f"{_span(offset, len(detail.documents))} of {documents_total:,}."
        )
        if detail.next_offset is not None:
            line += f" Next page: --offset {detail.next_offset} (or --all)"
        say(line)


def _span(offset: int, shown: int) -> str:
    return f"{offset + 1}-{offset + shown}" if shown else "none"


@click.group(invoke_without_command=True)
@db_option
@click.option("--kind", type=click.Choice(CONFLICT_KINDS))
@click.option("--status", type=click.Choice(["open", "resolved"]), default=None)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--after", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per conflict, per line.")
@click.pass_context
@reports_errors
def conflicts(
    ctx: click.Context,
    db_path: str,
    kind: str | None,
    status: str | None,
    limit: int,
    after: int,
    as_json: bool,
) -> None:
    """List conflicts: where the sources of one fact disagree (a date, a speaker, the words of
    a quote, a number, the parties, signed or denied); ``conflicts resolve ID`` marks one
    resolved.

    \b
    Example:
        claimtrack conflicts --kind wording --status open
        claimtrack conflicts resolve 7 --note "the wire corrected its copy"
    """
    if ctx.invoked_subcommand is not None:
        return
    from claimtrack.tracking import FactReader

    with FactReader.open(db_path) as reader:
        page = reader.conflicts(kind=kind, status=status, limit=limit, after=after)
    if as_json:
        for conflict in page.conflicts:
            click.echo(json.dumps(conflict.as_dict(), ensure_ascii=False))
        return
    from rich.table import Table

    table = Table("conflict", "fact", "kind", "field", "claims", "values", "status")
    for conflict in page.conflicts:
        table.add_row(
            str(conflict.id),
            str(conflict.fact),
            conflict.kind,
            conflict.field,
            " vs ".join(map(str, conflict.claims)),
            markup(" | ".join(str(v) for v in conflict.values)),
            conflict.status,
        )
    console().print(table)
    line = f"{len(page.conflicts)} of {page.total:,} conflict(s)."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after}"
    say(line)


# -- reviewers' decisions ------------------------------------------------------------------


def _decided(decision: object, as_json: bool, line: str) -> None:
    if as_json:
        click.echo(json.dumps(decision.as_dict(), ensure_ascii=False))  # type: ignore[attr-defined]
    say(line)


@facts.command("merge")
@click.argument("fact_id", type=int)
@click.argument("other_fact_id", type=int)
@note_option
@by_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="The decision as JSON.")
@reports_errors
def facts_merge(
    fact_id: int, other_fact_id: int, note: str | None, by: str | None, db_path: str, as_json: bool
) -> None:
    """Make two facts one: a reviewer says they report the same thing. Later tracking keeps
    them together."""
    from claimtrack.tracking import fact_of_claim, merge_facts

    ledger = open_ledger(db_path)
    try:
        decision = merge_facts(ledger, fact_id, other_fact_id, by=_reviewer(by), note=note)
        merged = fact_of_claim(ledger, decision.claim)
    finally:
        ledger.close()
    line = f"Facts {fact_id} and {other_fact_id} are now fact {merged} (by {markup(decision.by)})."
    _decided(decision, as_json, line)


@facts.command("split")
@click.argument("claim_id", type=int)
@note_option
@by_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="The decision as JSON.")
@reports_errors
def facts_split(
    claim_id: int, note: str | None, by: str | None, db_path: str, as_json: bool
) -> None:
    """Take a claim out of its fact: a reviewer says it is not the same as the fact's other
    claims. It sticks: later matching never puts them together again (only a merge does)."""
    from claimtrack.tracking import fact_of_claim, split_claim

    ledger = open_ledger(db_path)
    try:
        fact_id = fact_of_claim(ledger, claim_id)
        decision = split_claim(ledger, fact_id, claim_id, by=_reviewer(by), note=note)
        now_in = fact_of_claim(ledger, claim_id)
    finally:
        ledger.close()
    line = f"Claim {claim_id} is out of fact {fact_id}, now in fact {now_in}"
    _decided(decision, as_json, f"{line} (by {markup(decision.by)}).")


@facts.command("status")
@click.argument("fact_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
@note_option
@by_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="The status event as JSON.")
@reports_errors
def facts_status(
    fact_id: int, status: str, note: str | None, by: str | None, db_path: str, as_json: bool
) -> None:
    """Record a verification STATUS for a fact (appended to the fact's own history; its
    claims' histories are not touched)."""
    from claimtrack.tracking import set_fact_status

    ledger = open_ledger(db_path)
    try:
        event = set_fact_status(ledger, fact_id, status, by=_reviewer(by), note=note)
    finally:
        ledger.close()
    _decided(event, as_json, f"Fact {fact_id} is now {event.status} (by {markup(event.by)}).")


@conflicts.command("resolve")
@click.argument("conflict_id", type=int)
@click.option("--reopen", is_flag=True, help="Open a resolved conflict again.")
@note_option
@by_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="The decision as JSON.")
@reports_errors
def conflicts_resolve(
    conflict_id: int,
    reopen: bool,
    note: str | None,
    by: str | None,
    db_path: str,
    as_json: bool,
) -> None:
    """Mark a conflict resolved (or, with --reopen, open again). It stays so while the same
    two claims disagree on the same field."""
    from claimtrack.tracking import resolve_conflict

    ledger = open_ledger(db_path)
    try:
        decision = resolve_conflict(ledger, conflict_id, by=_reviewer(by), note=note, reopen=reopen)
    finally:
        ledger.close()
    state = "open again" if reopen else "resolved"
    _decided(decision, as_json, f"Conflict {conflict_id} is {state} (by {markup(decision.by)}).")
