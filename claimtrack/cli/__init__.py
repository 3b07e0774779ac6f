"""The ``claimtrack`` command: a thin shell over the library.

Each command parses its options, calls one library function and prints the result; every
``ClaimtrackError`` becomes one line on stderr and the error's exit code, never a traceback.
The group is in ``main``; each command's module is imported only when that command runs.
"""

from claimtrack.cli.main import cli

__all__ = ["cli"]
