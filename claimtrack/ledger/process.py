"""Which process runs a run, and whether it is still alive.

A run killed with ``kill -9`` (or by a power cut) cannot close itself: it stays ``running`` in
the ledger. Each run records its process (host, pid, and the process's start time, so that a pid
reused by a later process is not taken for it); a run whose process is gone from this host is
shown as ``interrupted``, and the next writer records it so. A run started on another host is
left as it is: nothing here can tell whether it is still going.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessIdentity:
    host: str
    pid: int
    started: str | None


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def current() -> ProcessIdentity:
    pid = os.getpid()
    return ProcessIdentity(socket.gethostname(), pid, _start_time(pid))


def is_gone(host: str | None, pid: int | None, started: str | None) -> bool:
    """Whether the process that ran a run is known to have ended (False when unknown)."""
    if pid is None or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    return started is not None and _start_time(pid) not in (None, started)
