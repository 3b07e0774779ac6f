"""Offline extraction beyond one process: documents extracted on a Dask cluster, claims stored
by the one ledger writer here.

``claimtrack extract --workers N`` starts a local cluster of N worker processes (one thread
each: the offline extractor is CPU-bound, and threads would share one interpreter lock);
``--scheduler tcp://HOST:PORT`` uses a running cluster, whose workers must have claimtrack
installed. Everything but the extraction itself stays in this process, through the pipeline's
one path: documents already done are skipped before anything is sent, each document's claims
(checked against its text on the worker) come back and land in their own transaction, and a
document that fails is recorded with its reason, as in a local run. The claims are the ones a
local run stores, byte for byte: the same extractor code, the same document, the same checks.

Dask (``dask[distributed]``) is an optional extra: ``pip install 'claimtrack[dask]'``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from claimtrack.errors import ClaimtrackError, UsageError

if TYPE_CHECKING:
    from claimtrack.errors import DocumentError
    from claimtrack.ledger import Ledger
    from claimtrack.pipeline import Backend, Progress, RunOptions, RunSummary
    from claimtrack.records import Document

MISSING = (
    "--workers and --scheduler need Dask, which is not installed: "
    "pip install 'claimtrack[dask]' (or dask[distributed])"
)
# How long to wait for a remote scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 30.0


class ClusterError(ClaimtrackError):
    """The Dask scheduler cannot be reached, or has no workers."""

    exit_code = 2


@contextmanager
def dask_executor(
    *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[tuple[Executor, int]]:
    """A ``concurrent.futures`` executor running on Dask workers, and how many workers it has:
    a cluster at ``scheduler``, or a local one of ``workers`` processes."""
    if (workers is None) == (scheduler is None):
        raise UsageError("give either --workers N or --scheduler tcp://HOST:PORT")
    try:
        # untyped: taken as Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError as error:
        raise UsageError(MISSING) from error
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    cluster: Any = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port (8787 may be taken)
            )
            client = Client(cluster, set_as_default=False)
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
        raise ClusterError(f"cannot start or reach {where}: {error}") from error
    try:
        count = len(client.scheduler_info().get("workers", {})) or 1
        yield client.get_executor(pure=False), count
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_on_dask(
    ledger: Ledger,
    items: Iterable[Document | DocumentError],
    backend: Backend,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """``extract_documents`` with the extraction on Dask workers (see the module's doc)."""
    from claimtrack.pipeline import RunOptions, extract_documents

    if backend.name != "offline":
        raise UsageError(
            "--workers and --scheduler run the offline extractor; the openai backend already "
            "makes its calls concurrently here (--concurrency) or as a batch (--batch)"
        )
    options = options or RunOptions()
    with dask_executor(workers=workers, scheduler=scheduler) as (executor, count):
        # Two documents a worker in flight: one running, one waiting to start.
        chosen = replace(options, concurrency=count)
        return extract_documents(
            ledger, items, backend, options=chosen, progress=progress, executor=executor
        )
