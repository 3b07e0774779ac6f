"""``python -m claimtrack.cli``: the same as the ``claimtrack`` command."""

from claimtrack.cli.main import cli

cli()
