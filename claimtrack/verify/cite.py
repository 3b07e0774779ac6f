"""Excerpts a judge cites, turned into the exact characters of a source, or dropped.

Whatever a judge wrote, what is stored is ``source_text[start:end]`` — found with
``claimtrack.grounding.ground`` in the passages the judge was shown (then in the whole text of
their sources, for an excerpt that runs across two passages) — and only when the grounding is
faithful: found exactly, up to harmless differences, around ellipses, or with slips that change
no number or name. Anything else is dropped and reported, never stored as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claimtrack.grounding import Grounding, ground, is_faithful
from claimtrack.verify.types import Cited, Passage, Sources

__all__ = ["cite", "cite_all", "exact"]


def exact(origin: str, source_id: str, text: str, start: int, end: int) -> Cited:
    """The span ``text[start:end]`` of a source, as found (exactly)."""
    return Cited(origin, source_id, start, end, text[start:end])


def _cited(passage_origin: str, source_id: str, text: str, found: Grounding, wrote: str) -> Cited:
    return Cited(
        passage_origin,
        source_id,
        found.start,
        found.end,
        text[found.start : found.end],
        found.method,
        found.score,
        None if text[found.start : found.end] == wrote else wrote,
    )


# How a model often cites a numbered passage: "2: …", "[2] …", "Passage 2: …". Stripped
# when the excerpt as written is not found (what it wrote is kept as ``claimed``).
_PASSAGE_NUMBER = re.compile(r"^\s*(?:passage\s*)?\[?\d{1,2}\]?\s*[:.)\]]?\s+", re.IGNORECASE)


def cite(texts: Sources, passages: Sequence[Passage], excerpt: str) -> Cited | None:
    """The characters of a passage's source that ``excerpt`` copies, or ``None``."""
    found = _cite(texts, passages, excerpt)
    if found is None and _PASSAGE_NUMBER.match(excerpt):
        found = _cite(texts, passages, _PASSAGE_NUMBER.sub("", excerpt, count=1))
        if found is not None:
            found = replace(found, claimed=excerpt)
    return found


def _cite(texts: Sources, passages: Sequence[Passage], excerpt: str) -> Cited | None:
    if not excerpt.strip():
        return None
    for passage in passages:
        local = ground(passage.text, excerpt)
        if is_faithful(local) and local is not None and local.end > local.start:
            text = texts.text(passage.origin, passage.source_id)
            shifted = Grounding(
                passage.start + local.start,
                passage.start + local.end,
                local.score,
                local.method,
                local.exact,
            )
            return _cited(passage.origin, passage.source_id, text, shifted, excerpt)
    seen: set[tuple[str, str]] = set()
    for passage in passages:
        key = (passage.origin, passage.source_id)
        if key in seen:
            continue
        seen.add(key)
        text = texts.text(*key)
        found = ground(text, excerpt, near=passage.start)
        if is_faithful(found) and found is not None and found.end > found.start:
            return _cited(passage.origin, passage.source_id, text, found, excerpt)
    return None


def cite_all(
    texts: Sources, passages: Sequence[Passage], excerpts: Sequence[str]
) -> tuple[list[Cited], list[str]]:
    """The excerpts that ground (each once) and those that do not."""
    cited: list[Cited] = []
    dropped: list[str] = []
    for excerpt in excerpts:
        found = cite(texts, passages, excerpt)
        if found is None:
            dropped.append(excerpt)
        elif all(
            (c.origin, c.source_id, c.start, c.end)
            != (found.origin, found.source_id, found.start, found.end)
            for c in cited
        ):
            cited.append(found)
    return cited, dropped
