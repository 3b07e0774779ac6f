"""``claimtrack prompts``: the prompt templates a run can use."""

from __future__ import annotations

import click

from claimtrack.cli.common import console, markup, reports_errors


@click.command()
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
            markup(template.description),
            str(template.path),
        )
    console().print(table)
