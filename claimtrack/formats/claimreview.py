"""ClaimReview (schema.org JSON-LD, ``export --format claimreview``): one fact check per
reviewed claim, as Google's fact-check structured data asks for it.

A claim is reviewed when the desk gave it a verdict (supported, refuted, disputed,
unverifiable); unverified claims and claims sent back for work are left out. Each line is one
self-contained JSON-LD document (``@context`` https://schema.org), ready to embed in the page
that publishes the check (``url``):

- ``claimReviewed``: the claim's sentence; ``datePublished``: when its status was set;
- ``reviewRating``: the verdict as text (``alternateName``, what search results show) and,
  except for unverifiable, on a 1–5 scale (``RATINGS``);
- ``author``: the desk that publishes the checks (``--publisher``, ``--publisher-url``);
- ``itemReviewed``: the ``Claim``, its ``author`` (the speaker of a quote; otherwise the
  outlet that published the document first: the host of its URL, else its title or file
  name), its ``appearance`` (every source of the document: URL, title, date; on a tracked
  ledger, also every source of the other documents that report the same fact) and
  ``firstAppearance`` (the earliest published, else first read), and ``datePublished`` (that
  appearance's date).

Local file paths never appear: a source without a URL appears by its title alone, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, ClassVar
from urllib.parse import urlsplit

import orjson

from claimtrack.errors import UsageError
from claimtrack.formats.writer import Documents, ExportOptions
from claimtrack.records import QuoteClaim, StoredClaim


@dataclass(frozen=True)
class Rating:
    """A verdict as ClaimReview shows it: the text (``alternateName``), and a number on the
    1 (false) to 5 (true) scale when the verdict has one."""

    alternate_name: str
    name: str
    value: int | None


BEST, WORST = 5, 1
# The desk's statuses as verdicts; the statuses not listed are not reviews.
RATINGS = {
    "supported": Rating("True", "Supported by the sources the desk checked", 5),
    "disputed": Rating("Disputed", "Sources the desk checked disagree", 3),
    "refuted": Rating("False", "Contradicted by the sources the desk checked", 1),
    "unverifiable": Rating("Unverifiable", "The desk could not check it", None),
}
CONTEXT = "https://schema.org"


def review_url(options: ExportOptions, claim_id: int) -> str:
    """Where the check of ``claim_id`` is published."""
    if options.review_url:
        return options.review_url.replace("{id}", str(claim_id))
    assert options.publisher_url is not None
    return f"{options.publisher_url}#claim-{claim_id}"


def check_options(options: ExportOptions) -> None:
    """A ClaimReview names its publisher and the page it is published on: refused without."""
    if not options.publisher:
        raise UsageError("claimreview needs the desk that publishes the checks: --publisher NAME")
    if not options.publisher_url:
        raise UsageError("claimreview needs the desk's web address: --publisher-url URL")
    for given in (options.publisher_url, options.review_url):
        if given and urlsplit(given).scheme not in ("http", "https"):
            raise UsageError(f"not a web address (http:// or https://): {given}")


def _date(value: Any) -> str | None:
    return str(value) if value else None


def earliest_first(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources by when they were published (else first read), the earliest first."""
    return sorted(sources, key=lambda s: str(s.get("published") or s.get("first_seen") or ""))


def appearances(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The document's sources as schema.org ``CreativeWork``s, the earliest first: those
    with a URL or a title (a local file path is nobody's business)."""
    found: list[dict[str, Any]] = []
    for source in earliest_first(sources):
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if source.get("url"):
            work["url"] = source["url"]
        if source.get("title"):
            work["headline"] = source["title"]
        if len(work) == 1:
            continue
        if source.get("published"):
            work["datePublished"] = _date(source["published"])
        found.append(work)
    return found


def claim_author(stored: StoredClaim, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Who made the claim: the speaker of a quote, else the outlet that published its
    document first."""
    claim = stored.claim
    if isinstance(claim, QuoteClaim) and claim.speaker:
        return {"@type": "Person", "name": claim.speaker}
    sources = earliest_first(sources)
    for source in sources:
        parts = urlsplit(source.get("url") or "")
        if parts.netloc:
            host = parts.hostname or parts.netloc
            name = host.removeprefix("www.")
            return {"@type": "Organization", "name": name, "url": f"{parts.scheme}://{host}"}
    titled = next((s["title"] for s in sources if s.get("title")), None)
    return {"@type": "Organization", "name": titled or PurePath(stored.document_source).name}


def claim_review(
    stored: StoredClaim,
    sources: list[dict[str, Any]],
    options: ExportOptions,
    elsewhere: list[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """The ClaimReview of a reviewed claim (``None`` for a claim with no verdict), from the
    sources of its document and those of other documents reporting the same fact."""
    rating = RATINGS.get(stored.status)
    if rating is None:
        return None
    review_rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": rating.alternate_name,
        "name": rating.name,
    }
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=BEST, worstRating=WORST)
    item: dict[str, Any] = {"@type": "Claim", "author": claim_author(stored, sources)}
    seen = appearances([*sources, *(elsewhere or [])])
    if seen:
        item["appearance"] = seen
        item["firstAppearance"] = seen[0]
        if "datePublished" in seen[0]:
            item["datePublished"] = seen[0]["datePublished"]
    publisher: dict[str, Any] = {"@type": "Organization", "name": options.publisher}
    if options.publisher_url:
        publisher["url"] = options.publisher_url
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(options, stored.id),
        "claimReviewed": stored.claim.claim,
        "reviewRating": review_rating,
        "itemReviewed": item,
        "author": publisher,
        "identifier": f"claimtrack:claim:{stored.id}",
    }
    if stored.status_at:
        review["datePublished"] = stored.status_at
    return review


class ClaimReviewWriter:
    """One ClaimReview JSON-LD document per line, for each reviewed claim."""

    HEADER: ClassVar[str] = ""

    def __init__(self, documents: Documents, options: ExportOptions) -> None:
        check_options(options)
        self.documents = documents
        self.options = options

    def lines(self, stored: StoredClaim) -> Iterable[str]:
        if stored.status not in RATINGS:
            return ()
        documents = self.documents
        elsewhere = [
            source
            for document_id in documents.fact_documents(stored.id)
            if document_id != stored.document_id
            for source in documents.sources(document_id)
        ]
        found = claim_review(stored, documents.sources(stored.document_id), self.options, elsewhere)
        return (orjson.dumps(found).decode() + "\n",)
