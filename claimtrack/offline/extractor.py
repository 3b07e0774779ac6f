"""The offline extractor: rule-based claims from a document, with no model and no network.

It is the embedded default, so a new user's first command gives real claims. Every span it
produces is an offset into the document it read; the pipeline still checks each one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from claimtrack.llm.calls import PlannedCall
from claimtrack.offline.agreements import agreement_claims
from claimtrack.offline.context import DocumentContext
from claimtrack.offline.events import date_claims, statement_claims
from claimtrack.offline.quotes import quote_claims
from claimtrack.records import ClaimBase, Document

# Part of the extractor's identity in the ledger: a new version re-extracts documents that an
# older one already did, instead of skipping them as done.
VERSION = "1"


class OfflineExtractor:
    """Rule-based extraction of dated events, quotes, agreements and numeric statements."""

    name = "offline"
    model = f"claimtrack-offline-{VERSION}"
    prompt_name = "offline-rules"
    prompt_hash = f"rules-v{VERSION}"
    # CPU-bound (threads would not help) and its sentence splitter keeps state: one thread.
    threadsafe = False

    def parameters(self) -> dict[str, object]:
        return {}

    def planned_calls(self, document: Document) -> list[PlannedCall]:
        """No model calls: a dry run of the offline extractor costs nothing."""
        return []

    def usage(self) -> tuple[int, int]:
        return 0, 0

    def extract(self, document: Document, calls: object = None) -> Sequence[ClaimBase]:
        """Claims of ``document``; ``calls`` is for model backends and is not used here."""
        context = DocumentContext(document)
        claims: list[ClaimBase] = []
        claims.extend(date_claims(context))
        claims.extend(quote_claims(context))
        claims.extend(agreement_claims(context))
        covered = _covered_sentences(
            [s.start for s in context.sentences],
            [(c.evidence.start, c.evidence.end) for c in claims],
        )
        claims.extend(statement_claims(context, covered))
        claims.sort(key=lambda c: (c.evidence.start, c.evidence.end))
        return claims


def _covered_sentences(sentence_starts: list[int], spans: list[tuple[int, int]]) -> set[int]:
    """Starts of the sentences that begin inside any of ``spans`` (in linear-log time)."""
    spans = sorted(spans)
    starts = [start for start, _ in spans]
    reach: list[int] = []
    furthest = -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)
    covered = set()
    for position in sentence_starts:
        index = bisect_right(starts, position) - 1
        if index >= 0 and position < reach[index]:
            covered.add(position)
    return covered
