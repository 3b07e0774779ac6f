"""Document text around spans, cheaply, and several spans highlighted in it at once.

Lists show each claim's evidence in the sentence around it. Splitting whole documents into
sentences for that (pysbd) cost seconds on a first page of a thousand rows; a list cell only
needs the sentence the evidence sits in, so the window here is cut at the nearest sentence
punctuation or line break on either side, within a few hundred characters, from a substring of
the document the query already fetched.

Overlapping highlights are drawn by ``claimtrack.highlight.layered``.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from claimtrack.highlight import GROUNDING_NOTES, Layer, layered, visible

REACH = 240  # characters looked at on either side of a span for its sentence
# The end of a sentence: punctuation (and closing quotes or brackets) before a space, or a line
# break.
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


def sentence_window(
    text: str, start: int, end: int, *, offset: int = 0, reach: int = REACH
) -> tuple[int, int]:
    """The sentence(s) around ``[start, end)`` in a document of which ``text`` is the part
    starting at ``offset``: cut after the last sentence end before ``start`` and after the
    first one at or past ``end``, never further than ``reach`` characters away."""
    low, high = max(offset, start - reach), min(offset + len(text), end + reach)
    left = low
    for found in _BOUNDARY.finditer(text, low - offset, max(low, start) - offset):
        left = found.end() + offset
    right = high
    tail = max(start, end - 1)
    after = _BOUNDARY.search(text, tail - offset, high - offset)
    if after is not None:
        right = after.start() + len(after.group().rstrip()) + offset
    return min(left, start), max(right, end)


def evidence_cell(
    window: str,
    offset: int,
    chars: int,
    start: int,
    end: int,
    grounding: str,
    claimed: str | None = None,
) -> Markup:
    """A claim's evidence highlighted in its sentence, for a list cell, from ``window`` (the
    document's text from ``offset``; the document is ``chars`` long). Evidence that is not in
    the document says so, with what the extractor claimed, and is never shown as a quote."""
    if grounding == "ungrounded" or end <= start:
        return Markup('<span class="ct-ungrounded-note">Not found in the document{}</span>').format(
            Markup(": <q>{}</q>").format(visible(claimed)) if claimed else ""
        )
    left, right = sentence_window(window, start, end, offset=offset)
    note = GROUNDING_NOTES.get(grounding, grounding)
    body = layered(window, left, right, [Layer(start, end, grounding, note)], offset=offset)
    return Markup('<span class="ct-context">{}{}{}</span>').format(
        "… " if left > 0 else "", body, " …" if right < chars else ""
    )


# The SQL that fetches what ``evidence_cell`` needs with a row (on claims ``c``, documents
# ``d`` and the evidence span ``s``): a substring of the text around the evidence, not the text.
EVIDENCE_COLUMNS = (
    f"substr(d.text, max(1, c.evidence_start + 1 - {REACH}), "
    f"c.evidence_end - c.evidence_start + {2 * REACH}) AS window, "
    f"max(0, c.evidence_start - {REACH}) AS window_offset, d.chars AS chars, "
    'coalesce(s.start, c.evidence_start) AS ev_start, coalesce(s."end", c.evidence_end) AS ev_end, '
    "coalesce(s.grounding, c.grounding) AS ev_grounding, s.claimed AS ev_claimed"
)
