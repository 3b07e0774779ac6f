"""The offline extractor: rule-based claims from a document, with no model and no network.

It is the embedded default, so a new user's first command gives real claims. Every span it
produces is an offset into the document it read; the pipeline still checks each one.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence

from claimtrack.llm.calls import PlannedCall
from claimtrack.offline.agreements import agreement_claims
from claimtrack.offline.context import DocumentContext
from claimtrack.offline.events import anchored_claims, date_claims, lead, statement_claims
from claimtrack.offline.quotes import quote_claims
from claimtrack.records import AgreementClaim, ClaimBase, DateClaim, Document, StatementClaim

# Part of the extractor's identity in the ledger: a new version re-extracts documents that an
# older one already did, instead of skipping them as done.
VERSION = "8"


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
        dated = date_claims(context)
        claims.extend(dated)
        claims.extend(anchored_claims(context, dated))
        claims.extend(quote_claims(context))
        claims.extend(agreement_claims(context))
        covered = _covered_sentences(
            [s.start for s in context.sentences],
            [(c.evidence.start, c.evidence.end) for c in claims],
        )
        claims.extend(statement_claims(context, covered))
        claims.sort(key=lambda c: (c.evidence.start, c.evidence.end))
        return distinct_claims(claims)


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


def distinct_claims(claims: list[ClaimBase]) -> list[ClaimBase]:
    """Each claim once, and each saying its own thing.

    - A claim equal to an earlier one (same kind, claim text and fields: a sentence the
      document repeats, a date written twice in a clause) is dropped.
    - Claims of one document that read the same but are about different things (a dated
      event and an agreement of one sentence) keep the text for the dated event; the others
      are led by what they are about ("Agreement between Japan and South Korea: ...").
    """
    seen: set[tuple[str, str, str]] = set()
    kept: list[ClaimBase] = []
    identities: list[tuple[str, str, str]] = []  # of each kept claim, read once
    for claim in claims:
        key = _identity(claim)
        if key not in seen:
            seen.add(key)
            kept.append(claim)
            identities.append(key)
    texts: dict[str, list[int]] = {}
    for index, claim in enumerate(kept):
        texts.setdefault(claim.claim, []).append(index)
    for indexes in texts.values():
        if len(indexes) < 2:
            continue
        plain = min(
            indexes,
            key=lambda i: (_label(kept[i]) is not None, _LEAD_ORDER.get(kept[i].kind, 9), i),
        )
        for index in indexes:
            label = _label(kept[index])
            if index != plain and label:
                kept[index] = kept[index].model_copy(
                    update={"claim": lead(label, kept[index].claim)}
                )
                identities[index] = _identity(kept[index])
    out: list[ClaimBase] = []
    seen.clear()
    for claim, key in zip(kept, identities, strict=True):
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


# Which kind keeps its plain text when claims of one sentence read the same.
_LEAD_ORDER = {"date": 0, "quote": 1, "statement": 2, "agreement": 3}


def _identity(claim: ClaimBase) -> tuple[str, str, str]:
    return claim.kind, claim.claim, json.dumps(claim.fields(), sort_keys=True, default=str)


def _label(claim: ClaimBase) -> str | None:
    """What a claim is about, to lead its text with."""
    if isinstance(claim, DateClaim):
        return claim.date_text
    if isinstance(claim, AgreementClaim):
        if len(claim.parties) >= 2:
            return f"Agreement between {', '.join(claim.parties[:-1])} and {claim.parties[-1]}"
        return f"Agreement by {claim.parties[0]}" if claim.parties else "Agreement"
    if isinstance(claim, StatementClaim) and claim.quantities:
        return ", ".join(claim.quantities)
    return None
