"""Grounding: find where an excerpt stands in a document, or say that it does not.

``ground(text, excerpt)`` returns the span of ``text`` that the excerpt copies — exactly, or up to
harmless differences (Unicode compatibility forms, quote and dash style, runs of whitespace,
letter case) — with offsets into the original text, or ``None``. ``check_claim`` runs every span
of a claim through it before the ledger stores the claim, so that no span is stored that is not
the document's own text, and a claim whose evidence cannot be found is marked ungrounded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimtrack.records import ClaimBase, GroundingMethod, Span

_FOLD = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
}


@dataclass(frozen=True)
class Grounding:
    """Where an excerpt stands: ``text[start:end]``, how it was found and how close it was."""

    start: int
    end: int
    score: float
    method: GroundingMethod
    exact: bool


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded for comparison, with the original offset of every folded character.

    Each character is NFKC-normalised, case-folded and quote/dash-folded; whitespace runs become
    one space. ``offsets[i]`` is where folded character ``i`` came from, plus a final entry for
    the end, so a match in the folded text maps back to an exact span of the original.
    """
    out: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space or not out:
                previous_space = True
                continue
            out.append(" ")
            offsets.append(index)
            previous_space = True
            continue
        previous_space = False
        for piece in unicodedata.normalize("NFKC", char).casefold():
            out.append(_FOLD.get(piece, piece))
            offsets.append(index)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return "".join(out), offsets


def _nearest(starts: list[int], near: int | None) -> int:
    if near is None:
        return starts[0]
    return min(starts, key=lambda s: (abs(s - near), s))


def ground(text: str, excerpt: str, *, near: int | None = None) -> Grounding | None:
    """The span of ``text`` that ``excerpt`` copies, or ``None`` when it is not there.

    ``near`` (a character offset) picks among equally good occurrences. The answer for one
    excerpt never depends on any other excerpt.
    """
    if not excerpt or not excerpt.strip():
        return None
    starts = [m.start() for m in re.finditer(re.escape(excerpt), text)]
    if starts:
        start = _nearest(starts, near)
        return Grounding(start, start + len(excerpt), 1.0, "exact", True)
    folded_text, offsets = _folded(text)
    folded_excerpt, _ = _folded(excerpt.strip())
    folded_excerpt = folded_excerpt.strip(" .,;:!?\"'")
    if not folded_excerpt:
        return None
    hits = [m.start() for m in re.finditer(re.escape(folded_excerpt), folded_text)]
    if not hits:
        return None
    folded_near = None
    if near is not None:
        folded_near = next((i for i, o in enumerate(offsets) if o >= near), len(offsets) - 1)
    hit = _nearest(hits, folded_near)
    start = offsets[hit]
    end = offsets[hit + len(folded_excerpt) - 1] + 1
    # Take in the rest of a character that NFKC expanded into several ("ﬁ" → "fi").
    while end < len(text) and offsets[hit + len(folded_excerpt)] == end - 1:
        end += 1
    return Grounding(start, end, 1.0, "normalized", False)


def check_span(text: str, span: Span) -> Span:
    """The span as stored: unchanged when it is the document's text, else re-grounded.

    A span whose offsets do not hold its text is looked up by its text near where it claimed to
    be; if the text is nowhere in the document the span becomes an empty span where it claimed
    to start, marked ``ungrounded`` with a score of 0 and the claimed text kept aside, so it is
    never shown as grounded and never highlights text it does not stand for.
    """
    if 0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text:
        return span
    found = ground(text, span.text, near=span.start)
    if found is None:
        start = min(span.start, len(text))
        return Span(
            start=start, end=start, text="", grounding="ungrounded", score=0.0, claimed=span.text
        )
    return Span(
        start=found.start,
        end=found.end,
        text=text[found.start : found.end],
        grounding=found.method,
        score=found.score,
    )


def check_claim(text: str, claim: ClaimBase) -> ClaimBase:
    """The claim with every span checked against the document it claims to come from."""
    spans = {name: check_span(text, span) for name, span in claim.spans.items()}
    if spans == claim.spans:
        return claim
    return claim.model_copy(update={"spans": spans})
