"""Export: one flat record per stored claim, as JSON Lines or CSV, streamed (and, through
``claimtrack.formats``, as ClaimReview, Web Annotation or a flat CSV).

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
import errno
import itertools
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from claimtrack.errors import ClaimtrackError, UsageError
from claimtrack.formats import WRITERS, ExportOptions, check_format, header
from claimtrack.formats import write_claims as write_format
from claimtrack.weakest import weakest_span

if TYPE_CHECKING:
    from claimtrack.records import StoredClaim

FORMATS = ("jsonl", "csv", *WRITERS)
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
    return record_of(
        {
            "id": stored.id,
            "kind": stored.kind,
            "claim": claim.claim,
            "confidence": claim.confidence,
            "document_id": stored.document_id,
            "document_source": stored.document_source,
            "status": stored.status,
            "verdict": stored.verdict,
            "extractor": stored.extractor,
            "run_id": stored.run_id,
        },
        [(n, s.start, s.end, s.text, s.grounding, s.score) for n, s in claim.spans.items()],
        claim.fields(),
    )


def record_of(
    head: dict[str, Any], spans: list[tuple[str, int, int, str, str, float]], fields: Any
) -> dict[str, Any]:
    """The one shape of an export record: the claim's common values (by ``StoredClaim``
    attribute), its spans as ``(name, start, end, text, grounding, score)``, its kind fields."""
    weakest = weakest_span((name, grounding, score) for name, _, _, _, grounding, score in spans)
    return {
        "id": head["id"],
        "kind": head["kind"],
        "claim": head["claim"],
        "confidence": head["confidence"],
        "document": {"id": head["document_id"], "source": head["document_source"]},
        "fields": fields,
        "spans": {name: [start, end] for name, start, end, _, _, _ in spans},
        "span_texts": {name: text for name, _, _, text, _, _ in spans},
        "span_grounding": {name: grounding for name, _, _, _, grounding, _ in spans},
        "grounding": next(g for name, _, _, _, g, _ in spans if name == weakest),
        "grounding_score": min(score for *_, score in spans),
        "ungrounded_fields": [name for name, *_, g, _ in spans if g == "ungrounded"],
        "status": head["status"],
        "verdict": head["verdict"],
        "extractor": head["extractor"],
        "run": head["run_id"],
    }


def write_claims(
    claims: Iterable[StoredClaim], stream: TextIO, fmt: str, *, header: bool = True
) -> int:
    """Write claims (any iterable of them: a filtered set, say) to ``stream`` as ``jsonl`` or
    ``csv``, records made by ``record``; returns how many. A whole ledger: ``export_ledger``."""
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"write_claims writes jsonl or csv, not {fmt!r}")
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
    ledger: str | Path,
    stream: TextIO,
    fmt: str,
    *,
    workers: int | None = None,
    options: ExportOptions | None = None,
) -> int:
    """Every claim of the ledger at ``ledger`` to ``stream``, in id order; returns how many.

    JSON Lines and CSV records are built by SQLite (``LedgerReader.iter_json``); the formats
    of ``claimtrack.formats`` are written from typed claims and take their ``options``. A
    large ledger is cut into id ranges that worker processes write to temporary files, copied
    to ``stream`` in order as each is done: as many cores as there are workers (default: the
    machine's), memory constant, output the same as one process writes.
    """
    from claimtrack.ledger import LedgerReader
    from claimtrack.ledger import rows as codec

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    if fmt in WRITERS:
        check_format(fmt, options)
    reader = LedgerReader(ledger)
    low, high = reader.id_range()
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or high - low < PARALLEL_FROM:
        with reader:
            if fmt in WRITERS:
                return write_format(reader, reader.iter_claims(), stream, fmt, options)
            return _write_lines(reader.iter_json(), stream, fmt)
    reader.close()
    if fmt == "csv":
        csv.DictWriter(stream, fieldnames=CSV_COLUMNS).writeheader()
    elif fmt in WRITERS:
        stream.write(header(fmt))
    # built here: the workers of the SQL-built formats then need no typed records
    query = "" if fmt in WRITERS else codec.record_sql()
    pieces = workers * 4  # small enough that the first piece is copied while others run
    bounds = [low - 1 + (high - low + 1) * k // pieces for k in range(pieces + 1)]
    count = 0
    with tempfile.TemporaryDirectory(prefix="claimtrack-export-") as folder:
        context = multiprocessing.get_context("spawn")  # no state of this process inherited
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(
                    _export_piece, str(ledger), fmt, (after, until), f"{folder}/{k}", query, options
                )
                for k, (after, until) in enumerate(itertools.pairwise(bounds))
            ]
            stream.flush()
            for future in futures:
                piece, written = future.result()
                _append_file(piece, stream)
                os.unlink(piece)
                count += written
    return count


def _append_file(path: str, stream: TextIO) -> None:
    """Copy a worker's file to the end of ``stream``: by the kernel when the stream is a file
    or a pipe (``sendfile``), as bytes when it has a byte buffer, as text otherwise."""
    raw = getattr(stream, "buffer", None)
    with open(path, "rb") as source:
        if raw is None:
            stream.write(source.read().decode("utf-8"))
            return
        raw.flush()
        try:
            target = raw.fileno()
        except (AttributeError, OSError, ValueError):
            shutil.copyfileobj(source, raw, 1 << 20)
            return
        size = os.fstat(source.fileno()).st_size
        offset = 0
        while offset < size:
            try:
                sent = os.sendfile(target, source.fileno(), offset, size - offset)
            except OSError as error:
                if error.errno not in (errno.EINVAL, errno.ENOSYS) or offset:
                    raise
                shutil.copyfileobj(source, raw, 1 << 20)  # no sendfile to this target
                return
            if sent == 0:
                break
            offset += sent


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


def _export_piece(
    ledger: str,
    fmt: str,
    ids: tuple[int, int],
    path: str,
    query: str,
    options: ExportOptions | None = None,
) -> tuple[str, int]:
    """One worker's share of an export: the claims with ids in ``(after, until]``."""
    from claimtrack.ledger import LedgerReader

    after, until = ids
    with LedgerReader(ledger) as reader, open(path, "w", encoding="utf-8", newline="") as out:
        if fmt in WRITERS:
            claims = reader.iter_claims(after=after, until=until)
            written = write_format(reader, claims, out, fmt, options, with_header=False)
        else:
            found = reader.iter_json(after=after, until=until, query=query)
            written = _write_lines(found, out, fmt, header=False)
    return path, written


def _write_lines(found: Iterator[bytes], stream: TextIO, fmt: str, *, header: bool = True) -> int:
    """Claims' records as SQLite builds them (``LedgerReader.iter_json``) to ``stream``: as
    JSON lines, or read back into CSV rows."""
    count = 0
    if fmt == "jsonl":
        # UTF-8 bytes, written a batch at a time to the stream's byte buffer when it has one
        # (a file, stdout), without decoding each line to text and encoding it back
        stream.flush()
        raw = getattr(stream, "buffer", None)
        batch: list[bytes] = []
        for line in found:
            batch.append(line)
            if len(batch) == 1000:
                _write_batch(stream, raw, batch)
                count += len(batch)
                batch.clear()
        _write_batch(stream, raw, batch)
        return count + len(batch)
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
    if header:
        writer.writeheader()
    for line in found:
        writer.writerow(_csv_row(orjson.loads(line)))
        count += 1
    return count


def _write_batch(stream: TextIO, raw: Any, batch: list[bytes]) -> None:
    data = b"\n".join(batch) + b"\n" if batch else b""
    if raw is not None:
        raw.write(data)
    else:
        stream.write(data.decode("utf-8"))


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
