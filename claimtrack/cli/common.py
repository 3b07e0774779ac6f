"""What every command shares: consoles, one-line errors, the ``--db`` option, opening a ledger."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimtrack.errors import ClaimtrackError
from claimtrack.vocabulary import MODE_NAMES

if TYPE_CHECKING:
    from rich.console import Console

    from claimtrack.ledger import Ledger, LedgerReader

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "claims.db"


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    if stderr:
        return Console(stderr=True, highlight=False, soft_wrap=True)
    return Console(highlight=False)


def markup(text: str) -> str:
    """Text (from a document, say) to print with rich: escape sequences shown, markup escaped."""
    from claimtrack.terminal import escape

    return escape(text)


def say(message: str) -> None:
    """One line on stderr, with rich markup."""
    console(stderr=True).print(message)


def reports_errors(function: F) -> F:
    """Turn claimtrack's errors into one line on stderr and the error's exit code."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ClaimtrackError as error:
            say(f"[red]Error:[/red] {markup(str(error))}")
            sys.exit(error.exit_code)
        except OverflowError:
            # An id or a count past SQLite's integers (claimtrack show 99999999999999999999).
            say(f"[red]Error:[/red] a number given is too large (the most is {2**63 - 1})")
            sys.exit(2)
        except BrokenPipeError:
            # The reader of our output went away (``claimtrack export | head``): not an error.
            sys.stderr.close()
            sys.exit(0)
        except OSError as error:
            # Our output could not be written (stdout on a full disk, a closed terminal): one
            # line, and stdout pointed at /dev/null so that Python's last flush stays quiet.
            _silence_stdout()
            where = f"{error.filename}: " if error.filename else ""
            say(f"[red]Error:[/red] {markup(where + (error.strerror or str(error)))}")
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    help="The ledger file.",
)

# The options of every command that calls a model (extract, track, verify, eval): one
# definition each, so that their checks and defaults agree.
model_option = click.option(
    "--model",
    default=None,
    help="LLM model name. Default: $CLAIMTRACK_MODEL, or gpt-4o-mini on OpenAI.",
)
mode_option = click.option(
    "--mode",
    type=click.Choice(MODE_NAMES),
    default="tools",
    show_default=True,
    help="How the model returns structure: tool calls, or a JSON schema / JSON answer for "
    "servers without tools.",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for one model call.",
)
max_cost_option = click.option(
    "--max-cost",
    type=click.FloatRange(min=0),
    default=None,
    help="Stop before the run's estimated spending passes this many dollars.",
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
