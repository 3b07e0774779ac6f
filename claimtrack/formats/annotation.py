"""W3C Web Annotation (JSON-LD, ``export --format annotation``): one annotation per span of a
claim that was found in its document, for annotation tools to show claims on their text.

Each line is one self-contained ``Annotation`` (``@context`` http://www.w3.org/ns/anno.jsonld):

- ``target.source``: the document as claimtrack stored it, ``urn:claimtrack:document:<id>``
  (the id is the SHA-256 prefix of its text); ``target.scope``: the page it was read from,
  when it has a URL;
- ``target.selector``: a ``TextQuoteSelector`` (``exact``, with up to 32 characters of
  ``prefix`` and ``suffix``) and a ``TextPositionSelector`` (``start``, ``end``). Positions
  count **Unicode code points** of the stored text (Python's string indexing), not UTF-16
  code units as JavaScript's do, nor bytes: a text with characters beyond U+FFFF (emoji)
  needs converting before ``String.prototype.slice``. For a document read from HTML, PDF or
  DOCX, the stored text is the text extracted from it, not the file;
- ``body``: the claim's sentence (``describing``), its kind and the span's field
  (``tagging``: ``quote``, ``speaker``, ``evidence``…), and its status (``assessing``).

A span that was not found in the document (``ungrounded``) has no place to point at and is
left out; so is a claim whose every span is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import orjson

from claimtrack.formats.writer import Documents, ExportOptions
from claimtrack.records import Span, StoredClaim

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # of prefix and suffix: enough to tell repeated phrases apart


def document_iri(document_id: str) -> str:
    return f"urn:claimtrack:document:{document_id}"


def annotation(
    stored: StoredClaim, field: str, span: Span, text: str, url: str | None = None
) -> dict[str, Any]:
    """The annotation of one span of a claim on its document's ``text``."""
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": document_iri(stored.document_id),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[span.start : span.end],
                "prefix": text[max(0, span.start - CONTEXT_CHARS) : span.start],
                "suffix": text[span.end : span.end + CONTEXT_CHARS],
            },
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ],
    }
    if url:
        target["scope"] = url
    return {
        "@context": CONTEXT,
        "id": f"urn:claimtrack:claim:{stored.id}:{field}",
        "type": "Annotation",
        "motivation": "describing",
        "created": stored.extracted_at,
        "generator": {"type": "Software", "name": f"claimtrack ({stored.extractor})"},
        "body": [
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": stored.claim.claim,
                "format": "text/plain",
            },
            {"type": "TextualBody", "purpose": "tagging", "value": stored.kind},
            {"type": "TextualBody", "purpose": "tagging", "value": field},
            {"type": "TextualBody", "purpose": "assessing", "value": stored.status},
        ],
        "target": target,
    }


class AnnotationWriter:
    """One Web Annotation per line, for each grounded span of each claim."""

    HEADER: ClassVar[str] = ""

    def __init__(self, documents: Documents, options: ExportOptions) -> None:
        self.documents = documents

    def lines(self, stored: StoredClaim) -> Iterable[str]:
        spans = [
            (field, span)
            for field, span in stored.claim.spans.items()
            if span.grounding != "ungrounded" and span.end > span.start
        ]
        if not spans:
            return ()
        text = self.documents.text(stored.document_id)
        sources = self.documents.sources(stored.document_id)
        url = next((s["url"] for s in sources if s.get("url")), None)
        return [
            orjson.dumps(annotation(stored, field, span, text, url)).decode() + "\n"
            for field, span in spans
        ]
