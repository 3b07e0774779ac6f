"""Spans shown inside their text, as HTML that is safe to put in a page.

Documents are untrusted: every character that comes from one is escaped here, invisible
formatting characters (bidirectional overrides, zero-width characters) are shown as visible
marks, and the only markup in the result is what this module writes.
Marks may overlap — the evidence of a quote and of the date in the same sentence often do — so
the text is cut at every mark boundary and each piece is wrapped in the marks that cover it
(``marked``), or wrapped once in an element naming every span that covers it, styled by the
innermost (``layered``: no nesting, no gaps, each piece a link to its claims if wanted — the
review desk's pages and the ``claimtrack report`` file draw documents with it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from claimtrack.segment import Segment, sentences

# How sure a reader can be that the highlighted text is what the extractor quoted.
GROUNDING_NOTES = {
    "exact": "found exactly as quoted",
    "normalized": "found after harmless differences (case, quotes, dashes, spacing)",
    "elided": "found in pieces: the quote left words out",
    "fuzzy": "found approximately: check the wording",
    "ungrounded": "NOT found in the document",
}


# Characters that change how text reads without being seen: bidirectional controls (a
# right-to-left override makes a stored "gnp.exe" read "exe.png") and zero-width characters.
# Wherever document text is shown they are replaced by a visible mark that names them.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> Markup:
    """``text`` escaped, every invisible formatting character in it shown as a small mark
    (``[U+202E]``, its Unicode name on hover) instead of acting on the text around it."""
    if not INVISIBLE.search(text):
        return escape(text)
    pieces: list[Markup] = []
    last = 0
    for found in INVISIBLE.finditer(text):
        char = found.group()
        pieces.append(escape(text[last : found.start()]))
        pieces.append(
            Markup('<span class="ct-invisible" title="{}">[U+{:04X}]</span>').format(
                unicodedata.name(char, "format character"), ord(char)
            )
        )
        last = found.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def visible_text(text: str) -> str:
    """``text`` with every invisible formatting character written out as ``[U+202E]``: for
    places that hold plain text only, such as a page's title."""
    return INVISIBLE.sub(lambda found: f"[U+{ord(found.group()):04X}]", text)


@dataclass(frozen=True)
class Mark:
    """A stretch of the document to highlight, and what to say about it."""

    start: int
    end: int
    grounding: str = "exact"
    title: str = ""
    claim_id: int | None = None


def sentence_window(
    text: str, start: int, end: int, around: int = 1, segments: Sequence[Segment] | None = None
) -> tuple[int, int]:
    """The sentences that hold ``[start, end)``, with ``around`` more on either side."""
    found = list(segments) if segments is not None else sentences(text)
    if not found:
        return 0, len(text)
    first = next((i for i, s in enumerate(found) if s.end > start), len(found) - 1)
    last = next((i for i, s in enumerate(found) if s.end >= end), len(found) - 1)
    first = max(0, first - around)
    last = min(len(found) - 1, max(first, last) + around)
    return min(found[first].start, start), max(found[last].end, end)


def marked(text: str, marks: Sequence[Mark], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` escaped, with every mark that falls in it highlighted."""
    end = len(text) if end is None else end
    inside = [m for m in marks if m.end > m.start and m.start < end and m.end > start]
    cuts = sorted(
        {start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)}
    )
    pieces: list[Markup] = []
    for left, right in pairwise(cuts):
        piece: Markup = visible(text[left:right])
        for mark in (m for m in inside if m.start <= left and m.end >= right):
            piece = _wrap(piece, mark)
        pieces.append(piece)
    return Markup("").join(pieces)


def _wrap(piece: Markup, mark: Mark) -> Markup:
    note = GROUNDING_NOTES.get(mark.grounding, mark.grounding)
    title = f"{visible_text(mark.title)} — {note}" if mark.title else note
    return Markup('<mark class="ct-span ct-{}" title="{}"{}>{}</mark>').format(
        mark.grounding,
        title,
        Markup(' data-claim="{}"').format(mark.claim_id) if mark.claim_id is not None else "",
        piece,
    )


def in_context(
    text: str,
    mark: Mark,
    *,
    around: int = 1,
    claimed: str | None = None,
    segments: Sequence[Segment] | None = None,
) -> Markup:
    """One span highlighted inside its surrounding sentences; an ungrounded span (empty) says
    so plainly, with what the extractor claimed, so that it can never pass for a quote."""
    if mark.grounding == "ungrounded" or mark.end <= mark.start:
        return Markup('<span class="ct-ungrounded-note">Not found in the document{}</span>').format(
            Markup(": <q>{}</q>").format(claimed) if claimed else ""
        )
    left, right = sentence_window(text, mark.start, mark.end, around, segments)
    return Markup('<span class="ct-context">{}{}{}</span>').format(
        "… " if left > 0 else "",
        marked(text, [mark], left, right),
        " …" if right < len(text) else "",
    )


@dataclass(frozen=True)
class Layer:
    """A span to highlight: its range, its style (``kind``), what it is (``title``), and the
    claim it belongs to on a document page."""

    start: int
    end: int
    kind: str
    title: str = ""
    claim_id: int | None = None


def layered(
    text: str,
    left: int,
    right: int,
    layers: Sequence[Layer],
    *,
    offset: int = 0,
    link: Callable[[int], str] | None = None,
) -> Markup:
    """``text`` (which starts at ``offset`` in its document) from ``left`` to ``right``, escaped,
    each piece covered by spans wrapped once: a ``<mark>``, or with ``link`` a link to the
    innermost span's claim that names every claim covering the piece."""
    inside = [layer for layer in layers if layer.end > layer.start]
    inside = [layer for layer in inside if layer.start < right and layer.end > left]
    cuts = sorted(
        {left, right, *(max(left, x.start) for x in inside), *(min(right, x.end) for x in inside)}
    )
    pieces: list[Markup] = []
    waiting = sorted(inside, key=lambda layer: layer.start)
    active: list[Layer] = []
    next_start = 0
    for a, b in pairwise(cuts):
        piece = visible(text[a - offset : b - offset])
        # a sweep: the spans that cover this piece, kept as the pieces go by (a long document
        # with thousands of claims costs its pieces times its overlaps, not times its claims)
        while next_start < len(waiting) and waiting[next_start].start <= a:
            active.append(waiting[next_start])
            next_start += 1
        active = [layer for layer in active if layer.end > a]
        covering = [layer for layer in active if layer.end >= b]
        if not covering:
            pieces.append(piece)
            continue
        inner = min(covering, key=lambda layer: (layer.end - layer.start, -layer.start))
        titles = "; ".join(dict.fromkeys(layer.title for layer in covering if layer.title))
        classes = f"ct-hl ct-{inner.kind}"
        if len(covering) > 1:
            classes += f" ct-depth-{min(len(covering), 3)}"
        if link is not None and inner.claim_id is not None:
            claims = " ".join(str(layer.claim_id) for layer in covering)
            pieces.append(
                Markup('<a class="{}" href="{}" data-claims="{}" title="{}">{}</a>').format(
                    classes, link(inner.claim_id), claims, titles, piece
                )
            )
        else:
            fields = " ".join(layer.kind for layer in covering)
            pieces.append(
                Markup('<mark class="{}" data-fields="{}" title="{}">{}</mark>').format(
                    classes, fields, titles, piece
                )
            )
    return Markup("").join(pieces)
