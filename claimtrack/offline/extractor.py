"""The offline extractor: rule-based claims from a document, with no model and no network.

It is the embedded default, so a new user's first command gives real claims. Every span it
produces is an offset into the document it read; the pipeline still checks each one.
"""

from __future__ import annotations

from collections.abc import Sequence

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

    def parameters(self) -> dict[str, object]:
        return {}

    def usage(self) -> tuple[int, int]:
        return 0, 0

    def extract(self, document: Document) -> Sequence[ClaimBase]:
        context = DocumentContext(document)
        claims: list[ClaimBase] = []
        claims.extend(date_claims(context))
        claims.extend(quote_claims(context))
        claims.extend(agreement_claims(context))
        covered = {
            s.start
            for s in context.sentences
            for claim in claims
            if claim.evidence.start <= s.start < claim.evidence.end
        }
        claims.extend(statement_claims(context, covered))
        claims.sort(key=lambda c: (c.evidence.start, c.evidence.end))
        return claims
