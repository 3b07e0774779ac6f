"""The ``claimtrack`` command: a thin shell over the library.

Each command parses its options, calls one library function and prints the result; every
``ClaimtrackError`` becomes one line on stderr and the error's exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.vocabulary import (
    CLAIM_KINDS,
    DEFAULT_MAX_BYTES,
    GROUNDING_METHODS,
    MODE_NAMES,
    STATUSES,
)

if TYPE_CHECKING:
    from rich.console import Console

    from claimtrack.errors import DocumentError
    from claimtrack.ledger import Ledger, LedgerReader
    from claimtrack.pipeline import Backend, Estimate, RunSummary
    from claimtrack.records import Document

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "claims.db"


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    if stderr:
        return Console(stderr=True, highlight=False, soft_wrap=True)
    return Console(highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _say(message: str) -> None:
    """One line on stderr, with rich markup."""
    _console(stderr=True).print(message)


def reports_errors(function: F) -> F:
    """Turn claimtrack's errors into one line on stderr and the error's exit code."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ClaimtrackError as error:
            _say(f"[red]Error:[/red] {_escape(str(error))}")
            sys.exit(error.exit_code)
        except BrokenPipeError:
            # The reader of our output went away (``claimtrack export | head``): not an error.
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    help="The ledger file.",
)


def open_ledger(path: str, *, create: bool = False) -> Ledger:
    """The ledger for a command that writes."""
    from claimtrack.ledger import Ledger

    return Ledger(path, create=create)


def read_ledger(path: str) -> LedgerReader:
    """The ledger for a command that only reads: opened read-only, so it works on a ledger in
    a folder the user cannot write to, and never creates one."""
    from claimtrack.ledger import LedgerReader

    return LedgerReader(path)


def default_reviewer() -> str | None:
    """Who is reviewing when no name is given: $CLAIMTRACK_REVIEWER, else $USER."""
    name = os.environ.get("CLAIMTRACK_REVIEWER") or os.environ.get("USER") or ""
    return name.strip() or None


@click.group()
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Extract checkable claims from documents into a SQLite ledger, with exact source spans."""


def _items(
    sources: list[str], max_bytes: int, published: date | None
) -> Iterator[Document | DocumentError]:
    from claimtrack.documents import load

    for source in sources:
        yield from load(source, max_bytes=max_bytes, published=published)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--backend",
    type=click.Choice(["offline", "openai"]),
    default=None,
    help="Extractor to use. Default: openai when OPENAI_API_KEY or OPENAI_BASE_URL is "
    "set, offline otherwise.",
)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of documents that do not carry one, to resolve 'last week' and the "
    "year of 'March 16'.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse documents larger than this.",
)
@click.option(
    "--model",
    default=None,
    help="LLM model name. Default: $CLAIMTRACK_MODEL, or gpt-4o-mini on OpenAI.",
)
@click.option(
    "--mode",
    type=click.Choice(MODE_NAMES),
    default="tools",
    show_default=True,
    help="How the model returns structure: tool calls, or a JSON schema / JSON answer for "
    "servers without tools.",
)
@click.option(
    "--prompt",
    "prompt_name",
    default="extract-claims",
    show_default=True,
    help="Prompt template name (see 'claimtrack prompts').",
)
@click.option(
    "--prompts-dir",
    multiple=True,
    type=click.Path(file_okay=False),
    help="A folder of your own prompt templates (searched first).",
)
@click.option(
    "--max-reasks",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Re-asks after an answer that does not validate (e.g. ungrounded excerpts).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for one model call.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=20),
    default=4,
    show_default=True,
    help="Retries of one call after a 429 (honouring Retry-After), a 5xx, a timeout or a lost "
    "connection, with jittered backoff; then the call is tried twice more before its document "
    "is recorded as failed (with 0: at once). Separate from --max-reasks.",
)
@click.option(
    "--chunk-tokens",
    type=click.IntRange(min=200),
    default=3_000,
    show_default=True,
    help="Longest piece of a document sent in one call, in the model's tokens (tiktoken when "
    "it knows the model, else 4 characters a token); pieces overlap by a twentieth.",
)
@click.option(
    "--max-tokens",
    type=click.IntRange(min=16),
    default=4096,
    show_default=True,
    help="Most tokens one model answer may take.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=64),
    default=4,
    show_default=True,
    help="Documents in flight at once (LLM backend).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0.01),
    default=None,
    help="At most this many model calls a second (default: no limit).",
)
@click.option(
    "--max-cost",
    type=click.FloatRange(min=0),
    default=None,
    help="Stop before the run's estimated spending passes this many dollars.",
)
@click.option(
    "--prices",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Price table (YAML, dollars per million tokens); default: the built-in one, or "
    "$CLAIMTRACK_PRICES.",
)
@click.option("--dry-run", is_flag=True, help="Estimate calls, tokens and cost; send nothing.")
@click.option(
    "--drop-ungrounded",
    is_flag=True,
    help="Do not store claims whose evidence is not in the document (default: store them, "
    "marked ungrounded).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@reports_errors
def extract(
    paths: tuple[str, ...],
    db_path: str,
    backend: str | None,
    published: Any,
    max_bytes: int,
    model: str | None,
    mode: str,
    prompt_name: str,
    prompts_dir: tuple[str, ...],
    max_reasks: int,
    timeout: float,
    retries: int,
    chunk_tokens: int,
    max_tokens: int,
    concurrency: int,
    rate: float | None,
    max_cost: float | None,
    prices: str | None,
    dry_run: bool,
    drop_ungrounded: bool,
    as_json: bool,
) -> None:
    """Extract claims from PATHS (files, folders, globs, or - for stdin) into the ledger.

    \b
    Example:
        claimtrack extract seeds/ --db claims.db
    """
    from claimtrack.backends import make_backend
    from claimtrack.documents import expand_paths
    from claimtrack.pipeline import RunOptions, estimate_documents, extract_documents

    chosen = make_backend(
        backend,
        model=model,
        mode=mode,
        prompt=prompt_name,
        prompts_dirs=prompts_dir,
        max_reasks=max_reasks,
        timeout=timeout,
        max_retries=retries,
        chunk_tokens=chunk_tokens,
        prices=prices,
        max_tokens=max_tokens,
    )
    sources = expand_paths(paths)
    ledger = open_ledger(db_path, create=True)
    day = published.date() if published else None
    if dry_run:
        estimate = estimate_documents(ledger, _items(sources, max_bytes, day), chosen)
        _report_estimate(estimate, chosen, as_json)
        if estimate.input_errors:
            sys.exit(1)
        return
    err = _console(stderr=True)
    if not as_json:
        err.print(
            f"Extracting {len(sources)} source(s) with the [bold]{chosen.name}[/bold] "
            f"backend ({_escape(chosen.model)}) into {_escape(db_path)}"
        )
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    show_bar = not as_json and err.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show_bar,
    ) as bar:
        task = bar.add_task("documents", total=None)

        def progress(event: str, document: Document | None) -> None:
            bar.advance(task)

        options = RunOptions(
            concurrency=concurrency,
            max_cost=max_cost,
            rate=rate,
            drop_ungrounded=drop_ungrounded,
        )
        summary = extract_documents(
            ledger, _items(sources, max_bytes, day), chosen, options=options, progress=progress
        )
    _report(summary, as_json)
    if not summary.ok:
        sys.exit(1)


def _report(summary: RunSummary, as_json: bool) -> None:
    data = summary.as_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    err = _console(stderr=True)
    for message in data["errors"]:
        err.print(f"[red]Error:[/red] {_escape(str(message))}")
    for message in summary.merged:
        err.print(f"[yellow]Merged:[/yellow] {_escape(message)}")
    if summary.budget_stop:
        err.print(
            f"[yellow]Stopped:[/yellow] {_escape(summary.budget_stop)}; "
            f"{summary.documents_left} document(s) left for the next run."
        )
    line = (
        f"Run {summary.run_id}: {summary.documents_done} document(s) extracted, "
        f"{summary.documents_skipped} already done, {data['documents_failed']} failed; "
        f"{summary.claims_added} new claim(s), {summary.claims_ungrounded} ungrounded"
        + (f" ({summary.claims_dropped} dropped)" if summary.claims_dropped else "")
    )
    if summary.calls or summary.calls_reused:
        line += (
            f"; {summary.calls} call(s), {summary.calls_reused} reused, {summary.reasks} "
            f"re-ask(s), {summary.prompt_tokens} prompt + {summary.completion_tokens} completion "
            f"tokens, ${summary.cost_usd:.4f}"
        )
    err.print(line + ".")


def _report_estimate(estimate: Estimate, backend: Backend, as_json: bool) -> None:
    data = {
        "dry_run": True,
        "backend": backend.name,
        "model": backend.model,
        "documents": estimate.documents,
        "documents_skipped": estimate.skipped,
        "documents_failed": len(estimate.input_errors),
        "calls": estimate.calls,
        "calls_reused": estimate.reused,
        "prompt_tokens": estimate.prompt_tokens,
        "completion_tokens": estimate.completion_tokens,
        "cost_usd": round(estimate.cost_usd, 6),
        "errors": estimate.input_errors,
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    err = _console(stderr=True)
    for message in estimate.input_errors:
        err.print(f"[red]Error:[/red] {_escape(message)}")
    err.print(
        f"Dry run: {estimate.documents} document(s) to extract ({estimate.skipped} already "
        f"done, {len(estimate.input_errors)} unreadable); {estimate.calls} call(s) to make, "
        f"{estimate.reused} answer(s) to reuse; about {estimate.prompt_tokens} prompt + "
        f"{estimate.completion_tokens} completion tokens, ${estimate.cost_usd:.4f}. "
        "Nothing was sent."
    )


@cli.command()
@db_option
@click.option("--kind", type=click.Choice(CLAIM_KINDS))
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--grounding", type=click.Choice(GROUNDING_METHODS))
@click.option("--document", help="A document id, or any source it was read from.")
@click.option("--speaker")
@click.option("--search", "-q", help="Full-text search in claims, quotes, speakers and events.")
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
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line (as export).")
@reports_errors
def claims(
    db_path: str,
    kind: str | None,
    status: str | None,
    grounding: str | None,
    document: str | None,
    speaker: str | None,
    search: str | None,
    limit: int,
    after: int,
    everything: bool,
    as_json: bool,
) -> None:
    """List claims, filtered, a page at a time, in the order they were stored.

    \b
    Example:
        claimtrack claims --kind quote --speaker "Kishida Fumio"
        claimtrack claims --kind quote --after 250     # the next page
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
    )
    if everything:
        found = ledger.iter_claims(where)
        if as_json:
            _echo_records(found)
        else:
            _print_claims(list(found))
        return
    page = ledger.page(where, limit=limit, after=after)
    if as_json:
        _echo_records(page.claims)
        return
    _print_claims(page.claims)
    err = _console(stderr=True)
    if not page.claims:
        err.print(f"No claims{' after ' + str(after) if after else ''} ({page.total} match).")
        return
    first, last = page.offset + 1, page.offset + len(page.claims)
    line = f"Claims {first}–{last} of {page.total:,}."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after} (or --all)."
    err.print(line)


def _echo_records(found: Any) -> None:
    from claimtrack.export import record

    for stored in found:
        click.echo(json.dumps(record(stored), ensure_ascii=False))


def _print_claims(found: list[Any]) -> None:
    from rich.table import Table

    table = Table("id", "kind", "status", "grounding", "claim", show_lines=False)
    for stored in found:
        table.add_row(
            str(stored.id),
            stored.kind,
            stored.status,
            stored.grounding,
            _escape(stored.claim.claim),
        )
    _console().print(table)


@cli.command()
@click.argument("claim_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def show(claim_id: int, db_path: str, as_json: bool) -> None:
    """Show one claim: its fields, every span and how it was found, its evidence in context,
    and its history."""
    from claimtrack.show import show_claim

    ledger = read_ledger(db_path)
    stored = ledger.claim(claim_id)
    if as_json:
        from claimtrack.export import record

        data = record(stored)
        data["history"] = [vars(event) for event in stored.history or ()]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    show_claim(_console(), stored, ledger.document_text(stored.document_id))


@cli.command()
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
    _say(f"Claim {claim_id} is now {event.status} (by {_escape(event.by)}).")


@cli.command()
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


@cli.command()
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
    _say(f"Exported {count} {'fact' if as_facts else 'claim'}(s).")


@cli.command()
@click.option("--prompts-dir", multiple=True, type=click.Path(file_okay=False))
@reports_errors
def prompts(prompts_dir: tuple[str, ...]) -> None:
    """List the prompt templates: name, version, content hash and file."""
    from rich.table import Table

    from claimtrack.prompts import list_prompts

    table = Table("name", "version", "hash", "description", "file")
    for template in list_prompts(prompts_dir):
        table.add_row(
            template.name,
            template.version,
            template.hash,
            _escape(template.description),
            str(template.path),
        )
    _console().print(table)


@cli.command()
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
    _say(f"Reviewing {_escape(db_path)} at {base}/")
    if host not in ("127.0.0.1", "localhost", "::1"):
        _say(
            f"[yellow]Warning:[/yellow] listening on {_escape(host)}: anyone who can reach it "
            "can read the ledger (writing still needs a sign-in link)."
        )
    if added:
        _say(
            f"Added {_escape(name)} to this ledger's reviewers "
            f'(claimtrack reviewers revoke "{_escape(name)}" removes them).'
        )
    _say(
        f"Sign in as {_escape(name)} (the link works once, for a day; the session lasts "
        "12 hours, until revoked or until this server stops):"
    )
    click.echo(link)
    _say(
        "More reviewers: claimtrack reviewers add NAME, then claimtrack sign-in-link "
        "--reviewer NAME. Stop with Ctrl-C."
    )
    sys.stdout.flush()
    desk.serve(datasette, sock)


@cli.command("sign-in-link")
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


@cli.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option(
    "--db",
    "db_path",
    default=None,
    help="Score the claims this ledger already holds for the gold documents (found by their "
    "text) instead of extracting them.",
)
@click.option(
    "--backend",
    type=click.Choice(["offline", "openai"]),
    default=None,
    help="Extractor to measure. Default: openai when OPENAI_API_KEY or OPENAI_BASE_URL is "
    "set, offline otherwise.",
)
@click.option("--model", default=None, help="LLM model name (as for extract).")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=64),
    default=4,
    show_default=True,
    help="Documents in flight at once (LLM backend).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def evaluate(
    gold: str,
    db_path: str | None,
    backend: str | None,
    model: str | None,
    concurrency: int,
    as_json: bool,
) -> None:
    """Measure extraction against GOLD (JSON Lines: text, published, gold claims).

    Extracts the gold documents into a temporary ledger (or reads a ledger's claims of them
    with --db) and reports, per kind, precision, recall and F1 of claims matched to gold spans
    (at overlap and at IoU >= 0.5), and the accuracy of date values, speakers, parties and
    quantities. The gold format is in the README.

    \b
    Example:
        claimtrack eval gold.jsonl --backend offline
        claimtrack extract gold.jsonl --db run.db && claimtrack eval gold.jsonl --db run.db
    """
    from claimtrack.evals import evaluate_extraction, evaluate_ledger, format_report

    if db_path is not None:
        if backend is not None or model is not None:
            raise UsageError("--backend and --model choose what to extract; --db reads claims")
        report = evaluate_ledger(gold, db_path)
    else:
        from claimtrack.backends import make_backend
        from claimtrack.evals import read_gold
        from claimtrack.pipeline import RunOptions

        documents = read_gold(gold)  # a bad gold file fails before a backend is built
        chosen = make_backend(backend, model=model)
        if not as_json:
            _say(
                f"Extracting {len(documents)} gold document(s) with the [bold]{chosen.name}"
                f"[/bold] backend ({_escape(chosen.model)})"
            )
        report = evaluate_extraction(
            gold, chosen, documents=documents, options=RunOptions(concurrency=concurrency)
        )
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(report))
    if report.about.get("documents_failed"):
        sys.exit(1)


@cli.group()
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
        _say(f"{_escape(found.name)} is a reviewer of {_escape(db_path)}.")
    else:
        _say(f"{_escape(found.name)} is already a reviewer (since {found.added_at}).")


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
        _say("No reviewers yet: claimtrack reviewers add NAME.")
        return
    from rich.table import Table

    table = Table("name", "status", "added", "added by", "revoked")
    for one in found:
        table.add_row(
            _escape(one.name),
            "active" if one.active else "revoked",
            one.added_at,
            _escape(one.added_by or ""),
            one.revoked_at or "",
        )
    _console().print(table)


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
        _say(f"Revoked {_escape(found.name)}: their session ends at their next request.")
    else:
        _say(f"{_escape(found.name)} was already revoked (on {found.revoked_at}).")


# -- facts across documents ---------------------------------------------------------------

CONFLICT_KINDS = ("date", "speaker", "wording", "number", "parties", "state")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="The run's counts as JSON.")
@reports_errors
def track(db_path: str, as_json: bool) -> None:
    """Group the ledger's claims into facts across documents, and find where sources disagree.

    Incremental: only claims not yet in a fact are placed (and reviewers' decisions since the
    last run applied); running it again changes nothing.

    \b
    Example:
        claimtrack track --db claims.db && claimtrack facts --min-sources 2 --db claims.db
    """
    from claimtrack.tracking import track_ledger

    read_ledger(db_path).close()  # one-line errors for a missing or unreadable ledger
    result = track_ledger(db_path)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    _say(
        f"Tracked {result.claims} new claim(s) from {result.documents} new document(s): "
        f"{result.facts_written} fact(s) created or changed, {result.facts_removed} merged "
        f"away, in {result.seconds:.1f} s."
    )


@cli.command()
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
@reports_errors
def facts(
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
    """List facts: claims of many documents that report the same thing.

    \b
    Example:
        claimtrack facts --kind quote --min-sources 3 --order sources
    """
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
            _escape(fact.claim),
        )
    _console().print(table)
    line = f"{len(page.facts)} of {page.total:,} fact(s)."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after}"
    _say(line)


@cli.command()
@click.argument("fact_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def fact(fact_id: int, db_path: str, as_json: bool) -> None:
    """One fact: its claims with their sources, dates and spans, its conflicts, and a timeline
    of when each source reported it."""
    from claimtrack.tracking import FactReader

    with FactReader.open(db_path) as reader:
        detail = reader.fact(fact_id)
    if as_json:
        click.echo(json.dumps(detail.as_dict(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    found = detail.fact
    out = _console()
    out.print(
        f"[bold]Fact {found.id}[/bold] ({found.kind}): {found.sources} source(s), "
        f"{found.independent_sources} independent, first seen {found.first_seen or 'unknown'}"
    )
    out.print(_escape(found.claim))
    claims = Table("claim", "relation", "source", "published", "text", title="Claims")
    for member in detail.claims:
        claims.add_row(
            str(member.claim_id),
            member.relation,
            _escape(member.source),
            member.published or member.seen,
            _escape(member.claim),
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
                _escape(" | ".join(str(v) for v in conflict.values)),
            )
        out.print(conflicts)
    timeline = Table("seen", "published", "document", "sources", title="Timeline")
    for document in detail.documents:
        timeline.add_row(
            document.seen,
            document.published or "",
            document.document_id,
            _escape(", ".join(document.sources)),
        )
    out.print(timeline)


@cli.command()
@db_option
@click.option("--kind", type=click.Choice(CONFLICT_KINDS))
@click.option("--status", type=click.Choice(["open", "resolved"]), default=None)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--after", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per conflict, per line.")
@reports_errors
def conflicts(
    db_path: str, kind: str | None, status: str | None, limit: int, after: int, as_json: bool
) -> None:
    """List conflicts: where the sources of one fact disagree (a date, a speaker, the words of
    a quote, a number, the parties, signed or denied)."""
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
            _escape(" | ".join(str(v) for v in conflict.values)),
            conflict.status,
        )
    _console().print(table)
    line = f"{len(page.conflicts)} of {page.total:,} conflict(s)."
    if page.next_after is not None:
        line += f" Next page: --after {page.next_after}"
    _say(line)


if __name__ == "__main__":
    cli()
