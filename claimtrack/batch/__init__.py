"""Extraction through a provider's Batch API: send every request at once, collect later.

``claimtrack extract --batch`` sends, for the documents not yet extracted, one request per
chunk that has no answer in the ledger yet, as a JSONL file uploaded with the files API
(``purpose="batch"``), and creates a batch of it; the batch is recorded in the ledger with its
documents (``ledger.batches``), so that collecting it needs nothing but the ledger and the key —
the process that sent it may be long gone (``claimtrack batches --collect``).

Collecting a finished batch keeps every answer as the model call it stands for (under the run
that sent it, at batch prices; a request the batch failed is kept with its reason), and then
extracts the batch's documents through the pipeline's one path (``extract_documents``): each
chunk's answer is found by its request hash as a paid answer is on any re-run, and turned into
claims, grounded and stored exactly as a live call's answer. A document with a chunk the batch
did not answer is recorded as failed, with the reason, and is sent again by the next run; no
call is ever made live while collecting.
"""

from claimtrack.batch.collect import Collected, collect_batch, collect_batches
from claimtrack.batch.send import BatchError, Submitted, check_backend, submit_batch

__all__ = [
    "BatchError",
    "Collected",
    "Submitted",
    "check_backend",
    "collect_batch",
    "collect_batches",
    "submit_batch",
]
