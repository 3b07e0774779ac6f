"""The ``claimtrack`` command: a thin shell over the library.

Each command parses its options, calls one library function and prints the result; every
``ClaimtrackError`` becomes one line on stderr and the error's exit code, never a traceback.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimtrack import __version__
from claimtrack.documents import DEFAULT_MAX_BYTES, expand_paths, load
from claimtrack.errors import ClaimtrackError, DocumentError, UsageError
from claimtrack.export import export_claims
from claimtrack.ledger import Ledger
from claimtrack.llm_settings import MODE_NAMES, LLMSettings
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import (
    Backend,
    Estimate,
    RunOptions,
    RunSummary,
    estimate_documents,
    extract_documents,
)
from claimtrack.prompts import list_prompts
from claimtrack.records import CLAIM_KINDS, STATUSES, Document
from claimtrack.show import context_of

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "claims.db"

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False)


def reports_errors(function: F) -> F:
    """Turn claimtrack's errors into one line on stderr and the error's exit code."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ClaimtrackError as error:
            err.print(f"[red]Error:[/red] {escape(str(error))}")
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The ledger file.",
)


# Seconds to wait for another process's write lock before saying the ledger is locked.
LEDGER_TIMEOUT = float(os.environ.get("CLAIMTRACK_LOCK_TIMEOUT", "10"))


def open_ledger(path: str, *, create: bool = False) -> Ledger:
    return Ledger(path, create=create, timeout=LEDGER_TIMEOUT)


@click.group()
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Extract checkable claims from documents into a SQLite ledger, with exact source spans."""


def choose_backend(name: str | None, settings: dict[str, Any] | None = None) -> Backend:
    """The backend asked for, or the default: the LLM when one is configured, else offline."""
    configured = bool(os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"))
    if name is None:
        name = "openai" if configured else "offline"
    if name == "offline":
        return OfflineExtractor()
    options = dict(settings or {})
    model = options.pop("model", None)
    with _without_cyclic_gc():
        # openai builds a few thousand pydantic classes on import and on first use of its
        # client; only the LLM backend pays for them.
        from claimtrack.openai_backend import OpenAIBackend

        return OpenAIBackend(LLMSettings.from_environment(model, **options))


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while a large import builds long-lived objects.

    Every few hundred allocations the collector walks all tracked objects, so importing
    openai's thousands of classes costs it seconds; what the import builds lives as long as the
    process, so it is frozen afterwards, out of every later collection. Measured: 4.4 s -> 2.8 s
    from start to a ready backend, exit included.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _items(
    sources: list[str], max_bytes: int, published: date | None
) -> Iterator[Document | DocumentError]:
    for source in sources:
        for result in load(source, max_bytes=max_bytes, published=published):
            if result.document is not None:
                yield result.document
            elif result.error is not None:
                yield result.error


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
    chosen = choose_backend(
        backend,
        {
            "model": model,
            "mode": mode,
            "prompt": prompt_name,
            "prompts_dirs": prompts_dir,
            "max_reasks": max_reasks,
            "timeout": timeout,
            "max_retries": retries,
            "call_retries": min(retries, 2),
            "chunk_tokens": chunk_tokens,
            "overlap_tokens": chunk_tokens // 20,
            "prices": prices,
            "max_tokens": max_tokens,
        },
    )
    sources = expand_paths(paths)
    ledger = open_ledger(db_path, create=True)
    day = published.date() if published else None
    if dry_run:
        documents = [d for d in _items(sources, max_bytes, day) if isinstance(d, Document)]
        _report_estimate(estimate_documents(ledger, documents, chosen), chosen, as_json)
        return
    if not as_json:
        err.print(
            f"Extracting {len(sources)} source(s) with the [bold]{chosen.name}[/bold] "
            f"backend ({escape(chosen.model)}) into {escape(db_path)}"
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

        options = RunOptions(concurrency, max_cost, rate, drop_ungrounded)
        summary = extract_documents(
            ledger, _items(sources, max_bytes, day), chosen, options=options, progress=progress
        )
    _report(summary, as_json)
    if not summary.ok:
        sys.exit(1)


def _report(summary: RunSummary, as_json: bool) -> None:
    errors = summary.input_errors + summary.failures
    data: dict[str, Any] = {
        "run": summary.run_id,
        "backend": summary.backend,
        "model": summary.model,
        "documents_done": summary.documents_done,
        "documents_skipped": summary.documents_skipped,
        "documents_failed": summary.documents_failed + len(summary.input_errors),
        "documents_left": summary.documents_left,
        "claims_added": summary.claims_added,
        "claims_ungrounded": summary.claims_ungrounded,
        "claims_dropped": summary.claims_dropped,
        "calls": summary.calls,
        "calls_reused": summary.calls_reused,
        "reasks": summary.reasks,
        "prompt_tokens": summary.prompt_tokens,
        "completion_tokens": summary.completion_tokens,
        "cost_usd": round(summary.cost_usd, 6),
        "budget_stop": summary.budget_stop,
        "errors": errors,
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for message in errors:
        err.print(f"[red]Error:[/red] {escape(str(message))}")
    if summary.budget_stop:
        err.print(
            f"[yellow]Stopped:[/yellow] {escape(summary.budget_stop)}; "
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
        "calls": estimate.calls,
        "calls_reused": estimate.reused,
        "prompt_tokens": estimate.prompt_tokens,
        "completion_tokens": estimate.completion_tokens,
        "cost_usd": round(estimate.cost_usd, 6),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    err.print(
        f"Dry run: {estimate.documents} document(s) to extract ({estimate.skipped} already "
        f"done); {estimate.calls} call(s) to make, {estimate.reused} answer(s) to reuse; about "
        f"{estimate.prompt_tokens} prompt + {estimate.completion_tokens} completion tokens, "
        f"${estimate.cost_usd:.4f}. Nothing was sent."
    )


@cli.command()
@db_option
@click.option("--kind", type=click.Choice(CLAIM_KINDS))
@click.option("--status", type=click.Choice(STATUSES))
@click.option(
    "--grounding", type=click.Choice(["exact", "normalized", "elided", "fuzzy", "ungrounded"])
)
@click.option("--document", help="A document id or source path.")
@click.option("--speaker")
@click.option("--search", "-q", help="Full-text search in claims, quotes and events.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@reports_errors
def claims(
    db_path: str,
    kind: str | None,
    status: str | None,
    grounding: str | None,
    document: str | None,
    speaker: str | None,
    search: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """List claims, filtered.

    \b
    Example:
        claimtrack claims --kind quote --speaker Kishida
    """
    ledger = open_ledger(db_path)
    rows = ledger.claims(
        kind=kind,
        status=status,
        grounding=grounding,
        document=document,
        speaker=speaker,
        search=search,
        limit=limit,
    )
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "kind", "status", "grounding", "claim", show_lines=False)
    for row in rows:
        table.add_row(
            str(row["id"]), row["kind"], row["status"], row["grounding"], escape(row["claim"])
        )
    out.print(table)
    err.print(f"{len(rows)} claim(s)")


@cli.command()
@click.argument("claim_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def show(claim_id: int, db_path: str, as_json: bool) -> None:
    """Show one claim: its fields, its evidence in context, and its history."""
    ledger = open_ledger(db_path)
    row = ledger.claim(claim_id)
    text = row.pop("document_text")
    if as_json:
        click.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    out.print(
        f"[bold]Claim {row['id']}[/bold] ({row['kind']}, {row['status']}, "
        f"grounding: {row['grounding']})"
    )
    out.print(escape(row["claim"]))
    out.print(f"\n[dim]Document[/dim] {escape(row['document_source'])} ({row['document_id']})")
    out.print(f"[dim]Extracted by[/dim] {escape(row['extractor'])} in run {row['run_id']}")
    fields = Table("field", "span", "text", "grounding")
    for name, span in row["spans"].items():
        fields.add_row(
            name,
            f"[{span['start']}, {span['end']})",
            escape(span["text"][:100]),
            f"{span['grounding']} {span['score']:.2f}",
        )
    out.print(fields)
    before, evidence, after = context_of(text, row["evidence_start"], row["evidence_end"])
    out.print(f"…{escape(before)}[reverse]{escape(evidence)}[/reverse]{escape(after)}…")
    history = Table("when", "status", "by", "note", title="History")
    for event in row["history"]:
        history.add_row(
            event["at"], event["status"], escape(event["by"]), escape(event["note"] or "")
        )
    out.print(history)


@cli.command()
@click.argument("claim_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--note", default=None, help="Why: a source, a reasoning, a link.")
@click.option("--by", default=None, help="Reviewer name. Default: $CLAIMTRACK_REVIEWER or $USER.")
@db_option
@reports_errors
def status(claim_id: int, status: str, note: str | None, by: str | None, db_path: str) -> None:
    """Record a verification STATUS for a claim (appended to its history)."""
    reviewer = by or os.environ.get("CLAIMTRACK_REVIEWER") or os.environ.get("USER") or ""
    ledger = open_ledger(db_path)
    event = ledger.set_status(claim_id, status, note=note, by=reviewer)
    err.print(f"Claim {claim_id} is now {event['status']} (by {escape(event['by'])}).")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def stats(db_path: str, as_json: bool) -> None:
    """Counts of documents, runs, claims, statuses and grounding."""
    ledger = open_ledger(db_path)
    data = ledger.stats()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    out.print(
        f"{data['documents']} documents, {data['runs']} runs, {data['claims']} claims, "
        f"{data['claim_events']} history events, {data['failed_extractions']} failed "
        "extractions"
    )
    for title in ("by_kind", "by_status", "by_grounding"):
        table = Table(title.removeprefix("by_"), "claims")
        for key, count in data[title].items():
            table.add_row(key, str(count))
        out.print(table)


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    help="File to write (default: stdout).",
)
@reports_errors
def export(db_path: str, fmt: str, output: str) -> None:
    """Export every claim, one record per claim, with spans and status."""
    ledger = open_ledger(db_path)
    if output == "-":
        count = export_claims(ledger, sys.stdout, fmt)
    else:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            count = export_claims(ledger, handle, fmt)
    err.print(f"Exported {count} claim(s).")


@cli.command()
@click.option("--prompts-dir", multiple=True, type=click.Path(file_okay=False))
@reports_errors
def prompts(prompts_dir: tuple[str, ...]) -> None:
    """List the prompt templates: name, version, content hash and file."""
    table = Table("name", "version", "hash", "description", "file")
    for template in list_prompts(prompts_dir):
        table.add_row(
            template.name,
            template.version,
            template.hash,
            escape(template.description),
            str(template.path),
        )
    out.print(table)


def _default_reviewer() -> str:
    return os.environ.get("CLAIMTRACK_REVIEWER") or os.environ.get("USER") or "reviewer"


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
    prints a one-use sign-in link; only a signed-in reviewer can change a status.
    """
    from claimtrack import review as desk  # datasette: imported only for this command

    if not Path(db_path).exists():
        raise UsageError(f"no ledger at {db_path}: run `claimtrack extract ... --db {db_path}`")
    open_ledger(db_path).close()  # checks it is a ledger and brings its schema up to date
    datasette = desk.make_datasette(db_path)
    sock = desk.bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{sock.getsockname()[1]}"
    link = desk.sign_in_url(base, desk.sign_in_token(datasette, reviewer or _default_reviewer()))
    err.print(f"Reviewing {escape(db_path)} at {base}/")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]Warning:[/yellow] listening on {escape(host)}: anyone who can reach it "
            "can read the ledger (writing still needs a sign-in link)."
        )
    err.print(f"Sign in as {escape(reviewer or _default_reviewer())} (works once, for a day):")
    click.echo(link)
    err.print("More reviewers: claimtrack sign-in-link --reviewer NAME. Stop with Ctrl-C.")
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

    if not Path(db_path).exists():
        raise UsageError(f"no ledger at {db_path}")
    datasette = desk.make_datasette(db_path)
    click.echo(desk.sign_in_url(url, desk.sign_in_token(datasette, reviewer)))
