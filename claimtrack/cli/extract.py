"""``claimtrack extract``: documents in, claims into the ledger, a run summary out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.common import console, db_option, markup, open_ledger, reports_errors
from claimtrack.vocabulary import DEFAULT_MAX_BYTES, MODE_NAMES

if TYPE_CHECKING:
    from claimtrack.errors import DocumentError
    from claimtrack.pipeline import Backend, Estimate, RunSummary
    from claimtrack.records import Document


def _items(
    sources: list[str], max_bytes: int, published: date | None
) -> Iterator[Document | DocumentError]:
    from claimtrack.documents import load

    for source in sources:
        yield from load(source, max_bytes=max_bytes, published=published)


@click.command()
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
    "it knows the model, else estimated by script); pieces overlap by a twentieth.",
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
        concurrency=concurrency,
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
    err = console(stderr=True)
    if not as_json:
        err.print(
            f"Extracting {len(sources)} source(s) with the [bold]{chosen.name}[/bold] "
            f"backend ({markup(chosen.model)}) into {markup(db_path)}"
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
    _report(summary, as_json, _unpriced(chosen))
    if not summary.ok:
        sys.exit(1)


def _unpriced(backend: Backend) -> str | None:
    """A note for a model the price table does not name (its calls are counted at $0)."""
    if getattr(backend, "priced", True):
        return None
    return (
        f"no price for {backend.model} in the price table: its cost is not counted "
        "(add it to a table given with --prices or $CLAIMTRACK_PRICES)"
    )


def _report(summary: RunSummary, as_json: bool, cost_note: str | None = None) -> None:
    data = summary.as_dict()
    if cost_note and (summary.calls or summary.calls_reused):
        data["cost_note"] = cost_note
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    err = console(stderr=True)
    for message in data["errors"]:
        err.print(f"[red]Error:[/red] {markup(str(message))}")
    for message in summary.merged:
        err.print(f"[yellow]Merged:[/yellow] {markup(message)}")
    if summary.budget_stop:
        err.print(
            f"[yellow]Stopped:[/yellow] {markup(summary.budget_stop)}; "
            f"{summary.documents_left} document(s) left for the next run."
        )
    line = (
        f"Run {summary.run_id}: {summary.documents_done} document(s) extracted, "
        f"{summary.documents_skipped} already done, {data['documents_failed']} failed; "
        f"{summary.claims_added} new claim(s), {summary.claims_ungrounded} ungrounded"
        + (f" ({summary.claims_dropped} dropped)" if summary.claims_dropped else "")
        + (
            f", {summary.claims_instruction_like} resting on text that reads as instructions "
            "to a model (marked instruction_like)"
            if summary.claims_instruction_like
            else ""
        )
    )
    if summary.calls or summary.calls_reused:
        line += (
            f"; {summary.calls} call(s), {summary.calls_reused} reused, {summary.reasks} "
            f"re-ask(s), {summary.prompt_tokens} prompt + {summary.completion_tokens} completion "
            f"tokens, "
            + (f"cost unknown ({cost_note})" if cost_note else f"${summary.cost_usd:.4f}")
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
    note = _unpriced(backend)
    if note:
        data["cost_note"] = note
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    err = console(stderr=True)
    for message in estimate.input_errors:
        err.print(f"[red]Error:[/red] {markup(message)}")
    err.print(
        f"Dry run: {estimate.documents} document(s) to extract ({estimate.skipped} already "
        f"done, {len(estimate.input_errors)} unreadable); {estimate.calls} call(s) to make, "
        f"{estimate.reused} answer(s) to reuse; about {estimate.prompt_tokens} prompt + "
        f"{estimate.completion_tokens} completion tokens, "
        + (f"cost unknown ({note})" if note else f"${estimate.cost_usd:.4f}")
        + ". Nothing was sent."
    )
