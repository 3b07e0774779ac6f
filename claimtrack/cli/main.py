"""The ``claimtrack`` group. Each command lives in a module of its own and is imported only
when it runs (or when ``--help`` lists them), so a command pays for its own imports alone."""

from __future__ import annotations

import importlib

import click

from claimtrack import __version__

# command name -> "module:attribute"; the one list of every command
COMMANDS = {
    "extract": "claimtrack.cli.extract:extract",
    "claims": "claimtrack.cli.claims:claims",
    "show": "claimtrack.cli.claims:show",
    "status": "claimtrack.cli.claims:status",
    "stats": "claimtrack.cli.claims:stats",
    "export": "claimtrack.cli.export:export",
    "report": "claimtrack.cli.report:report",
    "prompts": "claimtrack.cli.prompts:prompts",
    "review": "claimtrack.cli.review:review",
    "sign-in-link": "claimtrack.cli.review:sign_in_link",
    "reviewers": "claimtrack.cli.review:reviewers",
    "eval": "claimtrack.cli.evaluate:evaluate",
    "track": "claimtrack.cli.tracking:track",
    "facts": "claimtrack.cli.tracking:facts",
    "fact": "claimtrack.cli.tracking:fact",
    "conflicts": "claimtrack.cli.tracking:conflicts",
    "merge": "claimtrack.cli.merge:merge",
    "batches": "claimtrack.cli.batches:batches",
    "evidence": "claimtrack.cli.verify:evidence",
    "verify": "claimtrack.cli.verify:verify",
    "verdict": "claimtrack.cli.verify:verdict",
}


class LazyGroup(click.Group):
    """A click group whose commands are named here and imported when first used."""

    def __init__(self, *args: object, commands: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, commands=COMMANDS)
@click.version_option(__version__, prog_name="claimtrack")
def cli() -> None:
    """Extract checkable claims from documents into a SQLite ledger, with exact source spans."""
