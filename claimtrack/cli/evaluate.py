"""``claimtrack eval``: extraction measured against a gold file."""

from __future__ import annotations

import json
import sys

import click

from claimtrack.cli.common import markup, model_option, reports_errors, say
from claimtrack.errors import UsageError


@click.command("eval")
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
@model_option
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
            say(
                f"Extracting {len(documents)} gold document(s) with the [bold]{chosen.name}"
                f"[/bold] backend ({markup(chosen.model)})"
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
