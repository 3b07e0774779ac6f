"""The one way every format of ``claimtrack.formats`` is written: a writer per format turns a
stored claim into lines of text; ``write_claims`` streams claims through it."""

from __future__ import annotations

import importlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TextIO, TypeVar

if TYPE_CHECKING:
    from claimtrack.ledger import LedgerReader
    from claimtrack.records import StoredClaim

T = TypeVar("T")

# format name -> "module:class" of its writer, imported when that format is asked for
WRITERS = {
    "flat-csv": "claimtrack.formats.flat_csv:FlatCsvWriter",
    "claimreview": "claimtrack.formats.claimreview:ClaimReviewWriter",
    "annotation": "claimtrack.formats.annotation:AnnotationWriter",
}


@dataclass(frozen=True)
class ExportOptions:
    """What a format needs beyond the ledger: who publishes the reviews (ClaimReview's
    ``author``), and where each review is read (``review_url``, with ``{id}`` for the claim's
    id; by default the publisher's URL with ``#claim-{id}``)."""

    publisher: str | None = None
    publisher_url: str | None = None
    review_url: str | None = None


class Documents:
    """The text and sources of the documents that claims point at, read on demand and kept
    for the few most recent ones: claims come in the order they were stored, a document's
    claims together, so a small cache reads each document about once and memory stays
    bounded."""

    def __init__(self, reader: LedgerReader, size: int = 16) -> None:
        self.reader = reader
        self.size = size
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._sources: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()

    def text(self, document_id: str) -> str:
        return self._cached(self._texts, document_id, self.reader.document_text)

    def sources(self, document_id: str) -> list[dict[str, Any]]:
        return self._cached(self._sources, document_id, self.reader.sources)

    def fact_documents(self, claim_id: int) -> list[str]:
        """The documents that report the same fact as this claim (after ``claimtrack
        track``), in the order they were seen; none when the claim is not tracked."""
        from claimtrack.tracking.read import FactReader

        facts = FactReader(self.reader)
        fact = facts.fact_of_claim(claim_id)
        if fact is None:
            return []
        return [document.document_id for document in facts.fact(fact.id).documents]

    def _cached(self, cache: OrderedDict[str, T], key: str, read: Callable[[str], T]) -> T:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        value = cache[key] = read(key)
        if len(cache) > self.size:
            cache.popitem(last=False)
        return value


class ClaimWriter(Protocol):
    """One format: the text before the first record (a CSV header, or nothing), and the lines
    for one claim (none when the format leaves that claim out)."""

    HEADER: ClassVar[str]

    def __init__(self, documents: Documents, options: ExportOptions) -> None: ...

    def lines(self, stored: StoredClaim) -> Iterable[str]: ...


def _writer_class(fmt: str) -> type[ClaimWriter]:
    module_name, _, name = WRITERS[fmt].partition(":")
    found: type[ClaimWriter] = getattr(importlib.import_module(module_name), name)
    return found


def check_format(fmt: str, options: ExportOptions | None) -> None:
    """Refuse, before anything is read or written, options a format cannot work with."""
    check = getattr(importlib.import_module(WRITERS[fmt].partition(":")[0]), "check_options", None)
    if check is not None:
        check(options or ExportOptions())


def header(fmt: str) -> str:
    """The text a file of this format starts with (written once before parallel pieces)."""
    return _writer_class(fmt).HEADER


def write_claims(
    reader: LedgerReader,
    claims: Iterable[StoredClaim],
    stream: TextIO,
    fmt: str,
    options: ExportOptions | None = None,
    *,
    with_header: bool = True,
) -> int:
    """Write ``claims`` (read from ``reader``) to ``stream`` in ``fmt``; returns how many
    claims were written (a claim the format leaves out is not counted)."""
    writer = _writer_class(fmt)(Documents(reader), options or ExportOptions())
    if with_header:
        stream.write(writer.HEADER)
    count = 0
    for stored in claims:
        written = False
        for line in writer.lines(stored):
            stream.write(line)
            written = True
        count += written
    return count
