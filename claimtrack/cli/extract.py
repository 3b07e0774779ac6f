"""``claimtrack extract``: documents in, claims into the ledger, a run summary out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from claimtrack.cli.common import (
    console,
    db_option,
    markup,
    max_cost_option,
    mode_option,
    model_option,
    open_ledger,
    reports_errors,
    timeout_option,
)
from claimtrack.errors import UsageError
from claimtrack.vocabulary import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from claimtrack.documents import Skipped
    from claimtrack.errors import DocumentError
    from claimtrack.ledger import Ledger
    from claimtrack.pipeline import Backend, Estimate, RunSummary
    from claimtrack.records import Document


def _items(
    sources: list[str], max_bytes: int, published: date | None, fetch_timeout: float
) -> Iterator[Document | DocumentError]:
    from claimtrack.documents import load

    for source in sources:
        yield from load(
            source, max_bytes=max_bytes, published=published, fetch_timeout=fetch_timeout
        )


class _NoBar:
    """What ``extract --json`` advances instead of a progress bar."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, total: int | None = None) -> Any:
        return 0

    def advance(self, task: Any) -> None:
        return None


def progress_bar(err: Console, total: int | None, *, show: bool) -> Progress:
    """The documents' progress bar: with a total, how many of it and the time left; without
    one (stdin, a JSONL file fetched by URL), a count and the time spent."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    if total is not None:
        columns += [TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    else:
        columns.append(TimeElapsedColumn())
    return Progress(*columns, console=err, disable=not show)


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
@model_option
@mode_option
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
@timeout_option
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
@max_cost_option
@click.option(
    "--prices",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="Price table (YAML, dollars per million tokens); default: the built-in one, or "
    "$CLAIMTRACK_PRICES.",
)
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds to fetch one URL, whole (PATHS may be http:// or https:// URLs).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Make files skipped in folders (a type claimtrack does not read) an error: exit 1.",
)
@click.option("--dry-run", is_flag=True, help="Estimate calls, tokens and cost; send nothing.")
@click.option(
    "--drop-ungrounded",
    is_flag=True,
    help="Do not store claims whose evidence is not in the document (default: store them, "
    "marked ungrounded).",
)
@click.option(
    "--track/--no-track",
    "track",
    default=None,
    help="Track the run's new claims into facts at the end of the run. Default: when the "
    "ledger is already tracked ('claimtrack track' was run on it once).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Extract on a local Dask cluster of this many worker processes (offline backend; "
    "needs the 'dask' extra).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Extract on the workers of a running Dask cluster (offline backend; claimtrack "
    "installed on the workers).",
)
@click.option(
    "--batch",
    is_flag=True,
    help="Send the model calls through the provider's Batch API (openai backend): cheaper, "
    "answered within 24 hours. Waits for the answers unless --no-wait; 'claimtrack batches "
    "--collect' collects them later.",
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    help="Seconds between checks of a batch while waiting for it.",
)
@click.option("--no-wait", is_flag=True, help="With --batch: send the batch and return.")
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
    fetch_timeout: float,
    strict: bool,
    dry_run: bool,
    drop_ungrounded: bool,
    track: bool | None,
    workers: int | None,
    scheduler: str | None,
    batch: bool,
    poll: float,
    no_wait: bool,
    as_json: bool,
) -> None:
    """Extract claims from PATHS (files, folders, globs, URLs, or - for stdin) into the ledger.

    Reads .txt, .md, .jsonl, .html, .pdf and .docx; files of other types in folders are
    skipped and named in the summary (--strict makes that an error).

    \b
    Examples:
        claimtrack extract seeds/ --db claims.db
        claimtrack extract report.pdf https://example.org/news/article.html
    """
    from claimtrack.backends import make_backend
    from claimtrack.documents import count_documents, find_sources
    from claimtrack.pipeline import RunOptions, estimate_documents, extract_documents

    if workers is not None and scheduler is not None:
        raise UsageError("give --workers or --scheduler, not both")
    if batch and (workers is not None or scheduler is not None):
        raise UsageError("--batch sends model calls; --workers and --scheduler run the offline one")
    if batch and (max_cost is not None or rate is not None):
        raise UsageError(
            "--max-cost and --rate apply to live calls, not to a batch (see its cost first "
            "with --dry-run)"
        )
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
    found = find_sources(paths)
    sources, skipped = found.paths, found.skipped
    ledger = open_ledger(db_path, create=True)
    day = published.date() if published else None
    items = _items(sources, max_bytes, day, fetch_timeout)
    if batch and not dry_run:
        from claimtrack.cli.batches import extract_in_batch

        extract_in_batch(ledger, items, chosen, wait=not no_wait, poll=poll, as_json=as_json)
        return
    if dry_run:
        estimate = estimate_documents(ledger, items, chosen)
        if batch:  # the same tokens, at batch prices
            from claimtrack.llm.batch import batch_price

            price = batch_price(chosen.model, prices)
            estimate.cost_usd = price.cost(estimate.prompt_tokens, estimate.completion_tokens)
        _report_estimate(estimate, chosen, as_json, skipped, strict)
        if estimate.input_errors or (strict and skipped):
            sys.exit(1)
        return
    err = None if as_json else console(stderr=True)  # --json: rich is not even imported
    if err is not None:
        err.print(
            f"Extracting {len(sources)} source(s) with the [bold]{chosen.name}[/bold] "
            f"backend ({markup(chosen.model)}) into {markup(db_path)}"
        )
    show_bar = err is not None and err.is_terminal
    total = count_documents(sources) if show_bar else None
    with progress_bar(err, total, show=show_bar) if err is not None else _NoBar() as bar:
        task = bar.add_task("documents", total=total)

        def progress(event: str, document: Document | None) -> None:
            bar.advance(task)

        options = RunOptions(
            concurrency=concurrency,
            max_cost=max_cost,
            rate=rate,
            drop_ungrounded=drop_ungrounded,
        )
        if workers is not None or scheduler is not None:
            from claimtrack.dask_cluster import extract_on_dask

            summary = extract_on_dask(
                ledger,
                items,
                chosen,
                workers=workers,
                scheduler=scheduler,
                options=options,
                progress=progress,
            )
        else:
            summary = extract_documents(ledger, items, chosen, options=options, progress=progress)
    tracked = _track(ledger, summary, track)
    _report(summary, as_json, skipped, strict, tracked, _unpriced(chosen))
    if not summary.ok or (strict and skipped):
        sys.exit(1)


def _track(ledger: Ledger, summary: RunSummary, wanted: bool | None) -> dict[str, Any] | None:
    """Track the run's claims as they land, when asked or when the ledger is tracked."""
    if wanted is False or (wanted is None and not _tracked_before(ledger)):
        return None
    if not summary.claims_added and not summary.merged and wanted is None:
        return None  # nothing new: the next run (or 'claimtrack track') sees the rest
    from claimtrack.tracking import track_run

    return track_run(ledger, summary.run_id).as_dict()


def _tracked_before(ledger: Ledger) -> bool:
    """``claimtrack.tracking.is_tracked``, asked without importing fact tracking (~60 ms of
    CPU at the end of every run) for the ledgers that were never tracked."""
    return ledger.conn.execute("SELECT 1 FROM fact_state LIMIT 1").fetchone() is not None


def _unpriced(backend: Backend) -> str | None:
    """A note for a model the price table does not name (its calls are counted at $0)."""
    if getattr(backend, "priced", True):
        return None
    return (
        f"no price for {backend.model} in the price table: its cost is not counted "
        "(add it to a table given with --prices or $CLAIMTRACK_PRICES)"
    )


def _skipped_data(skipped: list[Skipped]) -> list[dict[str, str]]:
    return [{"source": s.source, "reason": s.reason} for s in skipped]


def _report_skipped(err: Console, skipped: list[Skipped], strict: bool) -> None:
    """Each file a folder held that was not read, then what that means for the run."""
    label = "[red]Error:[/red]" if strict else "[yellow]Skipped:[/yellow]"
    for item in skipped:
        err.print(f"{label} {markup(str(item))}")
    if skipped and not strict:
        err.print(
            f"[yellow]Warning:[/yellow] {len(skipped)} file(s) in the folders given were not "
            "read (named above); --strict makes this an error."
        )


def _report(
    summary: RunSummary,
    as_json: bool,
    skipped: list[Skipped],
    strict: bool,
    tracked: dict[str, Any] | None,
    cost_note: str | None = None,
) -> None:
    data = summary.as_dict()
    if cost_note and (summary.calls or summary.calls_reused):
        data["cost_note"] = cost_note
    if tracked is not None:
        data["tracked"] = tracked
    if as_json:
        data["files_skipped"] = _skipped_data(skipped)
        data["strict"] = strict
        click.echo(json.dumps(data, indent=2))
        return
    err = console(stderr=True)
    for message in data["errors"]:
        err.print(f"[red]Error:[/red] {markup(str(message))}")
    _report_skipped(err, skipped, strict)
    for message in summary.merged:
        err.print(f"[yellow]Merged:[/yellow] {markup(message)}")
    if summary.budget_stop:
        err.print(
            f"[yellow]Stopped:[/yellow] {markup(summary.budget_stop)}; "
            f"{summary.documents_left} document(s) left for the next run."
        )
    line = (
        f"Run {summary.run_id}: {summary.documents_done} document(s) extracted, "
        f"{summary.documents_skipped} already done, {data['documents_failed']} failed"
        + (f", {len(skipped)} file(s) not read" if skipped else "")
        + "; "
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
    if tracked is not None:
        err.print(
            f"Tracked {tracked['claims']} claim(s): {tracked['facts_written']} fact(s) created "
            f"or changed, in {tracked['seconds']:.2f} s."
        )


def _report_estimate(
    estimate: Estimate, backend: Backend, as_json: bool, skipped: list[Skipped], strict: bool
) -> None:
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
        "files_skipped": _skipped_data(skipped),
        "strict": strict,
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
    _report_skipped(err, skipped, strict)
    err.print(
        f"Dry run: {estimate.documents} document(s) to extract ({estimate.skipped} already "
        f"done, {len(estimate.input_errors)} unreadable); {estimate.calls} call(s) to make, "
        f"{estimate.reused} answer(s) to reuse; about {estimate.prompt_tokens} prompt + "
        f"{estimate.completion_tokens} completion tokens, "
        + (f"cost unknown ({note})" if note else f"${estimate.cost_usd:.4f}")
        + ". Nothing was sent."
    )
