"""Export: one flat record per stored claim, as JSON Lines or CSV, streamed.

Every record carries the claim's id, kind, text, document (id and source), its spans as
``{field: [start, end]}`` (``evidence`` always), the text and grounding of each span, the
per-kind fields, the claim's grounding (its weakest span), the fields that are not in the
document, and its current status — enough to check every claim against its source without the
ledger. Claims come in the order they were stored, a page at a time, so memory stays constant
at any ledger size. Writing to a file goes to a temporary file beside it, renamed into place
when complete: a failed export never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import csv
import itertools
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import orjson

from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.records import StoredClaim

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = (
    "id",
    "kind",
    "claim",
    "confidence",
    "document_id",
    "document_source",
    "grounding",
    "grounding_score",
    "ungrounded_fields",
    "status",
    "evidence_start",
    "evidence_end",
    "evidence",
    "spans",
    "span_texts",
    "fields",
    "extractor",
    "run",
)


def record(stored: StoredClaim) -> dict[str, Any]:
    """A stored claim as an export record (JSON-ready)."""
    claim = stored.claim
    return {
        "id": stored.id,
        "kind": stored.kind,
        "claim": claim.claim,
        "confidence": claim.confidence,
        "document": {"id": stored.document_id, "source": stored.document_source},
        "spans": {name: [span.start, span.end] for name, span in claim.spans.items()},
        "span_texts": {name: span.text for name, span in claim.spans.items()},
        "span_grounding": {name: span.grounding for name, span in claim.spans.items()},
        "fields": claim.fields(),
        "grounding": stored.grounding,
        "grounding_score": stored.grounding_score,
        "ungrounded_fields": stored.ungrounded_fields,
        "status": stored.status,
        "verdict": stored.verdict,
        "extractor": stored.extractor,
        "run": stored.run_id,
    }


def write_claims(
    claims: Iterable[StoredClaim], stream: TextIO, fmt: str, *, header: bool = True
) -> int:
    """Write claims to ``stream`` as ``jsonl`` or ``csv``; returns how many."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {' or '.join(FORMATS)}")
    count = 0
    if fmt == "jsonl":
        for stored in claims:
            stream.write(orjson.dumps(record(stored)).decode() + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    if header:
        writer.writeheader()
    for stored in claims:
        writer.writerow(_csv_row(record(stored)))
        count += 1
    return count


# Below this many claims one process exports faster than starting others.
PARALLEL_FROM = 50_000


def export_ledger(
    ledger: str | Path, stream: TextIO, fmt: str, *, workers: int | None = None
) -> int:
    """Every claim of the ledger at ``ledger`` to ``stream``, in id order; returns how many.

    Decoding a claim into its typed record is Python work (tens of microseconds a claim), so a
    large ledger is cut into id ranges that worker processes write to temporary files, copied
    to ``stream`` in order as each is done: as many cores as there are workers (default: the
    machine's), memory constant, output the same as one process writes.
    """
    from claimtrack.ledger import LedgerReader

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {' or '.join(FORMATS)}")
    reader = LedgerReader(ledger)
    low, high = reader.id_range()
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or high - low < PARALLEL_FROM:
        with reader:
            return write_claims(reader.iter_claims(), stream, fmt)
    reader.close()
    if fmt == "csv":
        csv.DictWriter(stream, fieldnames=CSV_COLUMNS).writeheader()
    pieces = workers * 4  # small enough that the first piece is copied while others run
    bounds = [low - 1 + (high - low + 1) * k // pieces for k in range(pieces + 1)]
    count = 0
    with tempfile.TemporaryDirectory(prefix="claimtrack-export-") as folder:
        context = multiprocessing.get_context("spawn")  # no state of this process inherited
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(_export_piece, str(ledger), fmt, after, until, f"{folder}/{k}")
                for k, (after, until) in enumerate(itertools.pairwise(bounds))
            ]
            for future in futures:
                piece, written = future.result()
                with open(piece, encoding="utf-8", newline="") as source:
                    shutil.copyfileobj(source, stream, 1 << 20)
                os.unlink(piece)
                count += written
    return count


def export_facts(ledger: str | Path, stream: TextIO) -> int:
    """Every fact of a tracked ledger as JSON Lines (the shape of ``claimtrack facts --json``:
    its claims, sources, independent sources, first seen, conflicts), by id, a page at a
    time; returns how many."""
    from claimtrack.tracking import FactReader

    count = 0
    after = 0
    with FactReader.open(ledger) as reader:
        while True:  # by id, without counting the facts again for every batch as pages do
            found = reader.facts(limit=1000, after=after)
            for fact in found:
                stream.write(orjson.dumps(fact.as_dict()).decode() + "\n")
            count += len(found)
            if len(found) < 1000:
                return count
            after = found[-1].id


def _export_piece(ledger: str, fmt: str, after: int, until: int, path: str) -> tuple[str, int]:
    """One worker's share of an export: the claims with ids in ``(after, until]``."""
    from claimtrack.ledger import LedgerReader

    with LedgerReader(ledger) as reader, open(path, "w", encoding="utf-8", newline="") as out:
        written = write_claims(reader.iter_claims(after=after, until=until), out, fmt, header=False)
    return path, written


def _csv_row(item: dict[str, Any]) -> dict[str, Any]:
    evidence = item["spans"]["evidence"]
    return {
        "id": item["id"],
        "kind": item["kind"],
        "claim": item["claim"],
        "confidence": item["confidence"],
        "document_id": item["document"]["id"],
        "document_source": item["document"]["source"],
        "grounding": item["grounding"],
        "grounding_score": item["grounding_score"],
        "ungrounded_fields": " ".join(item["ungrounded_fields"]),
        "status": item["status"],
        "evidence_start": evidence[0],
        "evidence_end": evidence[1],
        "evidence": item["span_texts"]["evidence"],
        "spans": orjson.dumps(item["spans"]).decode(),
        "span_texts": orjson.dumps(item["span_texts"]).decode(),
        "fields": orjson.dumps(item["fields"]).decode(),
        "extractor": item["extractor"],
        "run": item["run"],
    }


@contextmanager
def output_file(path: str | Path) -> Iterator[TextIO]:
    """A text file to write an export to: a temporary file in the same folder, renamed to
    ``path`` only when everything was written. Any failure is one ``ClaimtrackError``."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a directory; give a file name to write to")
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/null, a FIFO): written as it is, never replaced.
        try:
            with target.open("w", encoding="utf-8", newline="") as stream:
                yield stream
        except OSError as error:
            raise ClaimtrackError(f"cannot write {target}: {error.strerror or error}") from error
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=folder
        )
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from error
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ClaimtrackError(f"cannot write {target}: {error.strerror or error}") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
