"""``claimtrack report``: documents with their claims, as one self-contained HTML file.

The file needs nothing else: no server, no fonts, stylesheets or images to fetch, no
JavaScript (a Content-Security-Policy in the file itself forbids scripts and every outside
request, so even a mistake in escaping could run nothing). Each document is shown with the
evidence of every claim highlighted in the colour of its kind (overlapping evidence drawn by
``highlight.layered``: no gaps, darker where claims overlap, each piece a link to the claims
that cover it), and beside it the list of its claims: kind, status, grounding, the fields a
reader checks, and the characters it rests on. A claim whose evidence is not in the document
is listed as such and never highlighted.

Everything that comes from a document (its text, title, sources, the claims' words) is
escaped, and invisible formatting characters (bidirectional overrides, zero-width characters)
are shown as visible marks, as on the review desk (``highlight.visible``). Documents are
written one at a time: memory holds one document and its claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from markupsafe import Markup

from claimtrack.highlight import GROUNDING_NOTES, Layer, layered, visible, visible_text
from claimtrack.vocabulary import CLAIM_KINDS, STATUSES

if TYPE_CHECKING:
    from claimtrack.ledger import LedgerReader
    from claimtrack.records import StoredClaim

# The colour of each kind's highlight, and of each status's badge (both shown in the legend).
KIND_COLOURS = {
    "date": "#cfe8ff",
    "quote": "#ffe3a3",
    "agreement": "#d5f5d0",
    "statement": "#ecd9ff",
}
STATUS_COLOURS = {
    "unverified": "#e5e7eb",
    "supported": "#bbf7d0",
    "refuted": "#fecaca",
    "disputed": "#fde68a",
    "unverifiable": "#e9d5ff",
    "needs_work": "#fed7aa",
}
# The fields listed under a claim, by kind, as (field, label).
SHOWN_FIELDS = {
    "date": (("event", "event"), ("date_text", "date"), ("date_value", "value")),
    "quote": (("speaker", "speaker"), ("cue", "cue"), ("quote", "quote")),
    "agreement": (("parties", "parties"), ("state", "state"), ("terms", "terms")),
    "statement": (("subject", "subject"), ("quantities", "quantities")),
}
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header, section.document { max-width: 1280px; margin: 0 auto; padding: 16px 24px; }
h1 { margin: 8px 0; font-size: 24px; } h2 { margin: 4px 0; font-size: 19px; }
.meta { color: #4b5563; font-size: 13px; margin: 2px 0 10px; word-break: break-all; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; align-items: center; }
.legend b { margin-right: 2px; }
.swatch { padding: 1px 7px; border-radius: 4px; border: 1px solid #d1d5db; }
section.document { border-top: 1px solid #d1d5db; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; }
.text { white-space: pre-wrap; background: #fff; border: 1px solid #e5e7eb; padding: 14px 18px;
  border-radius: 6px; font-family: Georgia, serif; font-size: 16px; line-height: 1.65; }
.claims { max-height: 80vh; overflow-y: auto; position: sticky; top: 8px; }
.claims ol { list-style: none; margin: 0; padding: 0; }
.claim { background: #fff; border: 1px solid #e5e7eb; border-left: 6px solid #9ca3af;
  border-radius: 6px; padding: 8px 10px; margin: 0 0 8px; font-size: 14px; }
.claim:target { outline: 3px solid #2563eb; }
.claim .head { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 12px; }
.claim .id { color: #6b7280; text-decoration: none; }
.claim dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 8px; margin: 4px 0 0;
  font-size: 13px; } .claim dt { color: #6b7280; } .claim dd { margin: 0; }
.badge { padding: 0 6px; border-radius: 9px; border: 1px solid #d1d5db; }
.ct-hl { color: inherit; text-decoration: none; border-radius: 2px; }
.ct-depth-2 { box-shadow: inset 0 -3px 0 #6b7280; }
.ct-depth-3 { box-shadow: inset 0 -3px 0 #111827; }
.g-fuzzy, .g-elided { border-style: dashed; } .g-ungrounded { background: #fee2e2; color: #991b1b;
  font-weight: 600; } .warn { color: #991b1b; font-size: 13px; }
.ct-invisible { font: 11px monospace; color: #b91c1c; border: 1px solid #fca5a5; padding: 0 2px; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } .claims { position: static; } }
"""


def _style() -> str:
    kinds = "".join(
        f".ct-{kind} {{ background: {colour}; }} .k-{kind} {{ border-left-color: {colour}; }}\n"
        for kind, colour in KIND_COLOURS.items()
    )
    statuses = "".join(
        f".s-{status} {{ background: {colour}; }}\n" for status, colour in STATUS_COLOURS.items()
    )
    return STYLE + kinds + statuses


@dataclass(frozen=True)
class ReportSummary:
    documents: int
    claims: int


def _link(url: str | None) -> Markup:
    """A web address as a link when it is one (http or https), else as text."""
    if not url:
        return Markup("")
    if urlsplit(url).scheme in ("http", "https"):
        return Markup('<a href="{}" rel="noreferrer">{}</a>').format(url, visible(url))
    return visible(url)


def legend() -> Markup:
    kinds = Markup("").join(
        Markup('<span class="swatch ct-{0}">{0}</span>').format(kind) for kind in CLAIM_KINDS
    )
    statuses = Markup("").join(
        Markup('<span class="badge s-{0}">{0}</span>').format(status) for status in STATUSES
    )
    return Markup(
        '<div class="legend"><b>Kinds</b>{}<b>Status</b>{}<span>Underlined: claims overlap. '
        'Grounding: <span class="badge g-exact">exact</span> found as written; '
        '<span class="badge g-fuzzy">fuzzy</span> approximately; '
        '<span class="badge g-ungrounded">ungrounded</span> not in the document.</span></div>'
    ).format(kinds, statuses)


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def claim_item(stored: StoredClaim) -> Markup:
    """One claim in the list beside its document."""
    claim = stored.claim
    fields = claim.fields()
    rows = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(label, visible(_value(fields.get(name))))
        for name, label in SHOWN_FIELDS.get(stored.kind, ())
        if _value(fields.get(name))
    )
    evidence = claim.evidence
    if evidence.grounding == "ungrounded":
        where = Markup('<p class="warn">Evidence NOT found in the document.</p>')
    else:
        where = Markup("<dt>characters</dt><dd>{}–{}</dd>").format(evidence.start, evidence.end)
        rows += where
        where = Markup("")
    missing = stored.ungrounded_fields
    if missing and evidence.grounding != "ungrounded":
        where = Markup('<p class="warn">Not in the document: {}</p>').format(", ".join(missing))
    return Markup(
        '<li class="claim k-{kind}" id="claim-{id}"><div class="head">'
        '<a class="id" href="#claim-{id}">#{id}</a><span class="swatch ct-{kind}">{kind}</span>'
        '<span class="badge s-{status}">{status}</span>'
        '<span class="badge g-{grounding}" title="{note}">{grounding}</span></div>'
        "<div>{text}</div><dl>{rows}</dl>{where}</li>"
    ).format(
        kind=stored.kind,
        id=stored.id,
        status=stored.status,
        grounding=stored.grounding,
        note=GROUNDING_NOTES.get(stored.grounding, stored.grounding),
        text=visible(claim.claim),
        rows=rows,
        where=where,
    )


def document_section(document: dict[str, Any], claims: Sequence[StoredClaim]) -> Markup:
    """A document's text with its claims highlighted, and the list of its claims."""
    text = str(document["text"])
    layers = [
        Layer(
            c.claim.evidence.start,
            c.claim.evidence.end,
            c.kind,
            f"#{c.id} {c.kind}, {c.status}: {visible_text(c.claim.claim)} — "
            f"{GROUNDING_NOTES.get(c.claim.evidence.grounding, '')}",
            c.id,
        )
        for c in claims
        if c.claim.evidence.grounding != "ungrounded"
    ]
    body = layered(text, 0, len(text), layers, link=lambda claim_id: f"#claim-{claim_id}")
    sources = document.get("sources") or []
    shown_sources = Markup("; ").join(
        visible(str(source["source"])) + (Markup(" ") + _link(source.get("url")))
        for source in sources
    )
    published = document.get("published") or next(
        (s.get("published") for s in sources if s.get("published")), None
    )
    heading = document.get("title") or document.get("source") or document["id"]
    items = Markup("").join(claim_item(c) for c in claims)
    return Markup(
        '<section class="document" id="doc-{id}"><h2>{heading}</h2>'
        '<p class="meta">{sources}{published} · document {id} · {chars} characters · '
        "{count} claim(s)</p>"
        '<div class="columns"><div class="text">{body}</div>'
        '<aside class="claims"><ol>{items}</ol></aside></div></section>\n'
    ).format(
        id=document["id"],
        heading=visible(str(heading)),
        sources=shown_sources,
        published=Markup(" · published {}").format(published) if published else "",
        chars=len(text),
        count=len(claims),
        body=body,
        items=items or Markup("<li>No claims.</li>"),
    )


def write_report(
    reader: LedgerReader,
    stream: TextIO,
    named: Sequence[str] = (),
    *,
    title: str = "claimtrack report",
) -> ReportSummary:
    """The report of the documents ``named`` (ids or sources; every document when none) to
    ``stream``, a document at a time; returns how many documents and claims it shows."""
    from claimtrack.ledger import ClaimFilter

    ids = reader.document_ids(named)
    stream.write(_head(title, reader, len(ids)))
    claims_shown = 0
    for document_id in ids:
        claims = reader.claims(ClaimFilter(document=document_id))
        claims.sort(key=lambda c: (c.claim.evidence.start, c.id))
        stream.write(document_section(reader.document(document_id), claims))
        claims_shown += len(claims)
    stream.write("</body></html>\n")
    return ReportSummary(len(ids), claims_shown)


def _head(title: str, reader: LedgerReader, documents: int) -> str:
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="claimtrack"><title>{title}</title>'
            "<style>{style}</style></head><body><header><h1>{title}</h1>"
            '<p class="meta">Ledger {ledger} · {documents} document(s) · made {made}. '
            "Each highlight links to its claim; each claim names the characters it rests on."
            "</p>{legend}</header>\n"
        ).format(
            policy=POLICY,
            title=visible_text(title),
            style=Markup(_style()),
            ledger=reader.path.name,
            documents=documents,
            made=made,
            legend=legend(),
        )
    )
