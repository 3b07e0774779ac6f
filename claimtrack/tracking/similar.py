"""Near-duplicate documents: the same wire story in several outlets is one independent source.

A document's *sketch* is a MinHash signature of its word shingles (five-word runs), computed in
one pass (one-permutation hashing: each shingle's hash falls in one of ``BINS`` bins, and each
bin keeps its smallest value; empty bins borrow the next full one's). The share of equal bins
between two sketches estimates the resemblance (Jaccard) of the two texts; with the shingle
counts, it estimates how much of the shorter one the longer holds. A sketch depends on its text
alone, whatever else is in the ledger.

Two documents are near-duplicates when they resemble each other (``RESEMBLANCE``) or one
holds nearly all of the other (``CONTAINMENT``: an outlet that cut the wire story's last
paragraphs). Candidates are found by banding (locality-sensitive hashing: documents sharing one
of ``BANDS`` runs of ``ROWS`` bins), so a copy is compared with a few documents, not all.
Groups are the connected components of that relation, named by their smallest document id: a
partition that does not depend on the order documents arrived in (up to the cap on comparisons
described at ``Groups``, which real copies never reach).
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left, insort
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import ne

SHINGLE = 5  # words per shingle
BINS = 128
BANDS = 16
ROWS = 4  # BANDS * ROWS <= BINS
# Syndicated copies (a new headline, a byline, a cut) resemble each other above 0.8; two
# articles on one event share quotes and phrases but stay far below (0.05-0.3). A pair that
# shares a band resembles at 0.8 with probability 1 - (1 - 0.8^4)^16 > 0.999.
RESEMBLANCE = 0.8
CONTAINMENT = 0.9
MIN_SHINGLES = 10  # shorter texts are copies only by resemblance
CUT = 0.7  # a copy cut to no less than this share of the story still counts by containment
# Documents of one group a new document is compared with, the likeliest first: a copy matches
# the first; only a story just short of a copy of a large group (a template) reaches this.
CHECKS = 32

_WORD = re.compile(r"\w+")
_EMPTY = 1 << 32
_SHIFT = 7  # log2(BINS)
_SPAN = 1 << (32 - _SHIFT)


@dataclass(frozen=True)
class Sketch:
    """A document's MinHash signature (``BINS`` values) and its number of shingles."""

    bins: tuple[int, ...]
    shingles: int

    def blob(self) -> bytes:
        return array("I", self.bins).tobytes()

    @classmethod
    def from_blob(cls, blob: bytes, shingles: int) -> Sketch:
        found = array("I")
        found.frombytes(blob)
        return cls(tuple(found), shingles)

    def bands(self) -> list[tuple[int, int]]:
        """``(band, hash)`` of each band: documents sharing one are candidates."""
        return [
            (band, zlib.crc32(array("I", self.bins[band * ROWS : (band + 1) * ROWS]).tobytes()))
            for band in range(BANDS)
        ]


def sketch(text: str) -> Sketch:
    """The sketch of a document's text."""
    found = _WORD.findall(text.casefold())
    hashes = {
        zlib.crc32(" ".join(found[i : i + SHINGLE]).encode("utf-8"))
        for i in range(max(1, len(found) - SHINGLE + 1))
    }
    mins = [_EMPTY] * BINS
    for h in hashes:
        b, v = h & (BINS - 1), h >> _SHIFT
        if v < mins[b]:
            mins[b] = v
    if all(m == _EMPTY for m in mins):
        return Sketch((0,) * BINS, 0)
    # an empty bin takes the next full bin's value (cyclically), moved by its distance
    bins = list(mins)
    following = None
    for i in range(2 * BINS - 1, -1, -1):
        if mins[i % BINS] != _EMPTY:
            following = i
        elif i < BINS and following is not None:
            bins[i] = mins[following % BINS] + (following - i) * _SPAN
    return Sketch(tuple(bins), len(hashes))


def compare(a: Sketch, b: Sketch) -> tuple[float, float]:
    """Estimated resemblance, and containment of the shorter text in the longer."""
    resemblance = 1.0 - mismatch(a, b)
    small, large = sorted((a.shingles, b.shingles))
    if not small:
        return resemblance, 0.0
    shared = resemblance * (small + large) / (1 + resemblance)
    return resemblance, min(1.0, shared / small)


def mismatch(a: Sketch, b: Sketch) -> float:
    """The share of bins that differ: a distance (it obeys the triangle inequality)."""
    differ: int = sum(map(ne, a.bins, b.bins))
    return differ / BINS


def near_duplicates(a: Sketch, b: Sketch) -> bool:
    """Whether two documents are copies of one text (one independent source)."""
    resemblance, containment = compare(a, b)
    if resemblance >= RESEMBLANCE:
        return True
    small, large = sorted((a.shingles, b.shingles))
    return small >= MIN_SHINGLES and small >= CUT * large and containment >= CONTAINMENT


def widest(a: int, b: int | None = None) -> float:
    """The largest mismatch two near-duplicates of ``a`` and ``b`` shingles can have (of
    ``a`` and a text of any size, without ``b``)."""
    ratio = CUT
    if b is not None:
        small, large = sorted((a, b))
        if small < MIN_SHINGLES or small < CUT * large:
            return 1.0 - RESEMBLANCE + 1e-9
        ratio = small / large
    # containment c = J (1 + 1/ratio) / (1 + J) >= CONTAINMENT gives the least J
    least = CONTAINMENT / (1 + 1 / ratio - CONTAINMENT)
    return 1.0 - min(RESEMBLANCE, least) + 1e-9


def _closest(entries: list[tuple[float, str]], near: float, wide: float) -> Iterator[str]:
    """The documents of ``entries`` (sorted by distance) within ``wide`` of ``near``, the
    closest first."""
    right = bisect_left(entries, (near, ""))
    left = right - 1
    while True:
        up = entries[right][0] - near if right < len(entries) else 2.0
        down = near - entries[left][0] if left >= 0 else 2.0
        if min(up, down) > wide:
            return
        if up <= down:
            yield entries[right][1]
            right += 1
        else:
            yield entries[left][1]
            left -= 1


class Groups:
    """Near-duplicate groups, built one document at a time; the partition is the same in any
    order (two documents are linked when they are near-duplicates and share a band).

    ``buckets`` maps a band to the documents holding it, filed under the group each had when
    it was added and sorted by their distance (``mismatch``) to that group's first document.
    A new document measures its distance to that first document once; by the triangle
    inequality only the documents filed at about the same distance can be its copies, and they
    are compared closest first: a story held by five hundred documents costs a comparison or
    two. A look-alike just short of a copy (another article from one template) could cost
    five hundred; it is compared with at most ``CHECKS`` of a group's documents, which, among
    real copies, changes nothing (a copy matches the first one or two)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.sketches: dict[str, Sketch] = {}
        self.members: set[str] = set()
        self.buckets: dict[tuple[int, int], dict[str, list[tuple[float, str]]]] = {}

    def find(self, document: str) -> str:
        root = document
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[document] != root:
            self.parent[document], document = root, self.parent[document]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def lead(self, document: str, sketch: Sketch) -> None:
        """The sketch of a group's first document (read back from the ledger)."""
        self.parent.setdefault(document, document)
        self.sketches.setdefault(document, sketch)

    def known(
        self,
        document: str,
        sketch: Sketch,
        group: str,
        bands: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        """Add a document whose group is already decided (read back from the ledger); the
        group's first document must be given to ``lead`` first. With ``bands``, it is filed
        under those only (the bands the documents to ``add`` hold: no other is looked up)."""
        self.parent.setdefault(document, document)
        self.union(document, group)
        self.sketches[document] = sketch
        self.members.add(document)
        self._file(document, sketch, bands)

    def _file(
        self, document: str, sketch: Sketch, bands: Sequence[tuple[int, int]] | None = None
    ) -> None:
        root = self.find(document)
        distance = mismatch(sketch, self.sketches[root])
        for band in sketch.bands() if bands is None else bands:
            insort(self.buckets.setdefault(band, {}).setdefault(root, []), (distance, document))

    def add(self, document: str, sketch: Sketch) -> None:
        """Add a new document: join it to every group holding a copy of it."""
        self.parent.setdefault(document, document)
        self.sketches[document] = sketch
        self.members.add(document)
        wide = widest(sketch.shingles)
        distance: dict[str, float] = {}
        budget: dict[str, int] = {}
        checked: set[str] = set()
        for band in sketch.bands():
            for filed, entries in sorted(self.buckets.get(band, {}).items()):
                if self.find(filed) == self.find(document) or budget.get(filed) == 0:
                    continue
                if filed not in distance:
                    distance[filed] = mismatch(sketch, self.sketches[filed])
                    budget[filed] = CHECKS
                for other in _closest(entries, distance[filed], wide):
                    if other in checked:
                        continue
                    checked.add(other)
                    budget[filed] -= 1
                    if near_duplicates(sketch, self.sketches[other]):
                        self.union(document, other)
                        break
                    if budget[filed] == 0:
                        break
        self._file(document, sketch)

    def partition(self) -> dict[str, str]:
        """Every document and its group: the smallest document id of its component."""
        return {document: self.find(document) for document in sorted(self.members)}
