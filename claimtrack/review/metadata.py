"""What the review desk says about the ledger in Datasette: titles, descriptions, facets,
sorts, and the canned queries reviewers work from.

Who may write is decided in one place, the ``allow`` block of the ``set_status`` canned query:
any signed-in reviewer (an actor with an id) and nobody else. Datasette would otherwise let an
anonymous visitor run a writable canned query. That query writes with ``STATUS_EVENT_SQL``,
the one statement every way of setting a status uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimtrack.ledger import STATUS_EVENT_SQL
from claimtrack.review_plugin.keyset import Order
from claimtrack.review_plugin.lists import AGREEMENTS, QUOTES, TIMELINE, Listing
from claimtrack.review_plugin.queue import AWAITING, REVIEW_INDEX, REVIEW_ORDER
from claimtrack.vocabulary import CLAIM_KINDS, STATUSES

API_PAGE = 100  # rows of a list's canned query at a time (``after``: the last claim id seen)

# The evidence columns of the desk's queries: its text, its document, and where it is in the
# document (what the plugin needs to show it in its sentence without another query).
_EVIDENCE = (
    "c.evidence_text AS evidence, d.source AS document, c.document_id, c.evidence_start, "
    "c.evidence_end"
)


def database_name(ledger: str | Path) -> str:
    """The name Datasette gives the ledger's database (its file name without the suffix)."""
    return Path(ledger).stem


def metadata(ledger: str | Path) -> dict[str, Any]:
    """Titles, descriptions, facets, sorts and canned queries for the ledger in Datasette."""
    name = database_name(ledger)
    statuses = ", ".join(STATUSES)
    return {
        "title": "claimtrack review",
        "description": "Claims extracted from documents, each with the exact span of its source "
        "and its verification history. Start with the review queue.",
        # Reading is open to whoever can reach the server (localhost by default); running
        # arbitrary SQL, like writing, needs a signed-in reviewer.
        "allow_sql": {"id": "*"},
        "databases": {
            name: {
                "title": f"Ledger {name}",
                "description": "A claimtrack ledger: documents, the claims extracted from them "
                "with their spans, and the history of every claim's status.",
                "tables": _tables(),
                "queries": _queries(name, statuses),
            }
        },
    }


def _tables() -> dict[str, Any]:
    return {
        "claims": {
            "title": "Claims",
            "description": "One row per claim. The evidence column shows the span in its "
            "sentence; ungrounded and fuzzy spans are marked. Open a claim to review it; the "
            "review queue filters claims by kind, grounding, status, document and speaker, "
            "with counts (facet any column from its menu).",
            "label_column": "claim",
            "sort_desc": "id",
            # No default facets: each counts every claim on every page (120-150 ms apiece at
            # a million claims). The review queue filters with counts; a column's menu facets.
            "columns": {
                "claim": "The claim, in one sentence that stands on its own.",
                "kind": "date (a dated event), quote, agreement or statement.",
                "status": "Current verification status: the last entry of its history.",
                "grounding": "How well the claim is found in the document: the weakest of its "
                "evidence and of the fields that quote it (speaker, quote, date, parties...): "
                "exact, normalized, elided, fuzzy, or ungrounded (something it quotes is not in "
                "the document: never shown as a quote).",
                "grounding_score": "1.0 up to harmless differences; lower for fuzzy matches.",
                "evidence_start": "Offset of the evidence's first character in the document.",
                "evidence_end": "Offset just past the evidence's last character.",
                "evidence_text": "The document's text at [evidence_start, evidence_end).",
                "date_value": "The event's date in ISO 8601, partial where the text is.",
                "speaker": "Who is quoted.",
                "parties": "The parties to an agreement (JSON list).",
                "confidence": "The extractor's own confidence, 0 to 1.",
                "prompt_hash": "Content hash of the prompt template that produced the claim.",
                "verdict": "The latest verdict a judge suggested (claimtrack verify): a "
                "suggestion beside the status, never in place of it.",
            },
        },
        "verdicts": {
            "title": "Suggested verdicts",
            "description": "Append-only: every verdict a judge suggested for a claim "
            "(claimtrack verify), with the judge (backend, model, prompt hash), its cost and "
            "rationale. Its evidence, exact characters of a source, is in verdict_evidence; a "
            "reviewer accepts or rejects it on the claim's page.",
            "sort_desc": "id",
            "facets": ["verdict", "backend"],
        },
        "evidence_sources": {
            "title": "Evidence sources",
            "description": "Reference material a desk trusts (claimtrack evidence add), kept "
            "apart from the documents claims are extracted from.",
            "label_column": "source",
        },
        "documents": {
            "title": "Documents",
            "description": "The source texts, exactly as read. Open one to see all its claims "
            "highlighted in it.",
            "label_column": "source",
            "sort": "source",
            "columns": {
                "id": "Content hash of the text: the same text is the same document.",
                "text": "The full text; every span's offsets point into it.",
                "format": "html, pdf or docx when the text was extracted from such a file "
                "(empty for text, Markdown and JSONL).",
                "raw_sha256": "SHA-256 of the raw file or HTTP response the text was extracted "
                "from.",
                "pages": "For a PDF: the offset in the text where each page starts (JSON).",
            },
        },
        "spans": {
            "title": "Spans",
            "description": "Every excerpt of every claim (evidence, quote, date, speaker...) "
            "with its offsets, how it was found, and what the extractor claimed when it differs.",
            "sort": "claim_id",
        },
        "claim_events": {
            "title": "Claim history",
            "description": "Append-only: every status a claim has had, who set it, when and "
            "why. A claim's current status is its last event.",
            "sort_desc": "id",
            "columns": {"by": "The reviewer (or extractor) who set the status.", "at": "UTC."},
        },
        "runs": {
            "title": "Runs",
            "description": "Every extraction run: backend, model, prompt and its hash, counts.",
            "sort_desc": "id",
        },
        "extractions": {
            "title": "Extractions",
            "description": "What each extractor has done or failed on each document, and why.",
            "facets": ["status", "extractor"],
        },
        "llm_calls": {
            "title": "Model calls",
            "description": "Every call to a language model: request hash, tokens, latency, "
            "cost and outcome. created_at is when the call was sent.",
            "sort_desc": "id",
            "facets": ["outcome", "model"],
        },
        "reviewers": {
            "title": "Reviewers",
            "description": "Who may review this ledger: only these names can sign in, and a "
            "revoked reviewer's session ends at once. Managed with claimtrack reviewers "
            "add | list | revoke.",
            "sort": "name",
        },
        "facts": {
            "title": "Facts",
            "description": "Claims of many documents that report the same thing (claimtrack "
            "track): sources, independent sources (copies of one story count once), first "
            "seen, open conflicts.",
            "label_column": "claim",
            "sort_desc": "independent_count",
            # Facets on sources and conflicts: a fact per story, not per claim (thousands
            # at a million claims), so counting them costs milliseconds.
            "facets": ["kind", "independent_count", "has_conflicts", "open_conflicts"],
        },
        "conflicts": {
            "title": "Conflicts",
            "description": "Where the sources of one fact disagree: a date, a speaker, the "
            "words of a quote, a number, the parties, signed or denied. The desk's "
            "conflicts queue pages through them with these filters as choices.",
            "sort_desc": "id",
            "facets": ["kind", "status", "field"],
        },
        "fact_status_events": {
            "title": "Facts' statuses",
            "description": "Append-only: the statuses reviewers set on facts (a fact's status "
            "is its latest). Member claims' own histories are separate.",
            "sort_desc": "id",
        },
        "fact_decisions": {
            "title": "Decisions on facts",
            "description": "Append-only: reviewers' merges, splits and resolutions, which "
            "later tracking respects.",
            "sort_desc": "id",
        },
        "_claimtrack": {"hidden": True},
        "_sqlite_migrations": {"hidden": True},
        "claim_counts": {"hidden": True},  # what `stats` reads, kept by triggers
        # Tracking's working tables: the match graph, its search keys and document sketches.
        **{
            name: {"hidden": True}
            for name in (
                "fact_nodes",
                "fact_edges",
                "fact_keys",
                "fact_state",
                "document_bands",
                "document_groups",
            )
        },
    }


def _keyset_sql(
    order: Order,
    streams: list[tuple[str, str]],
    columns: str,
    *,
    where: str = "1",
) -> str:
    """A canned query that pages through a list by keyset: ``:after`` is the last claim id of
    the previous page ('' for the first). Each stream (a condition and the index that holds it
    in order) is read arm by arm (see ``keyset``), so a page costs the same anywhere in a list
    of a million claims; the arms' rows are merged and joined to what the page shows."""
    keys = ", ".join(f"k.k{i}" for i in range(len(order.keys)))

    def value(i: int) -> str:
        expression = (*order.keys, "c.id")[i]
        return f"(SELECT {expression} FROM claims c WHERE c.id = :after)"

    arms = []
    for condition, index in streams:
        first = order.arms(None)[0]
        ranges = [(f":after = '' AND {first.where}", first.order_by)]
        ranges += [
            (f":after != '' AND {arm.where}", arm.order_by)
            for arm in order.arms((None,) * (len(order.keys) + 1), value=value)
        ]
        for where_arm, order_by in ranges:
            arms.append(
                f"SELECT * FROM (SELECT c.id AS id, {order.columns()} FROM claims c "
                f"INDEXED BY {index} WHERE {condition} AND ({where}) AND {where_arm} "
                f"ORDER BY {order_by} LIMIT {API_PAGE})"
            )
    return (
        f"SELECT {columns}\nFROM ({' UNION ALL '.join(arms)}) k\n"
        "JOIN claims c ON c.id = k.id JOIN documents d ON d.id = c.document_id\n"
        f"ORDER BY {keys}, k.id LIMIT {API_PAGE}"
    )


def _listing_sql(listing: Listing, columns: str, where: str = "1") -> str:
    return _keyset_sql(listing.order, [(listing.where, listing.index)], columns, where=where)


def _queries(name: str, statuses: str) -> dict[str, Any]:
    paging = (
        f" {API_PAGE} rows at a time: for the next ones, give the last claim_id as after. "
        "The desk's own page shows how many there are and pages through them."
    )
    return {
        "review_queue": {
            "title": "Review queue",
            "description": "Claims awaiting review (unverified or needing work), the least "
            "certain first: ungrounded, then fuzzy, elided, normalized, exact. Leave kind "
            "empty for all kinds." + paging,
            "sql": _keyset_sql(
                REVIEW_ORDER,
                [
                    (f"c.status = '{status}' AND c.kind = '{kind}'", REVIEW_INDEX)
                    for status in AWAITING
                    for kind in CLAIM_KINDS
                ],
                "c.id AS claim_id, c.kind, c.grounding, c.status, c.claim, " + _EVIDENCE,
                where="(:kind = '' OR c.kind = :kind)",
            ),
            "hide_sql": True,
        },
        "timeline": {
            "title": "Timeline of dated events",
            "description": "Every dated event in date order; unresolved dates (XXXX-) last."
            + paging,
            "sql": _listing_sql(
                TIMELINE,
                "c.date_value, c.date_text, c.event, c.id AS claim_id, c.status, c.grounding, "
                "c.claim, " + _EVIDENCE,
            ),
            "hide_sql": True,
        },
        "quotes_by_speaker": {
            "title": "Quotes by speaker",
            "description": "Quotes ordered by who said them; give a speaker (as written) to see "
            "only theirs." + paging,
            "sql": _listing_sql(
                QUOTES,
                "c.speaker, c.quote, c.id AS claim_id, c.status, c.grounding, " + _EVIDENCE,
                where="(:speaker = '' OR c.speaker = :speaker)",
            ),
            "hide_sql": True,
        },
        "agreements_by_party": {
            "title": "Agreements by party",
            "description": "Agreements ordered by their parties; give a party to see only the "
            "agreements it is party to." + paging,
            "sql": _listing_sql(
                AGREEMENTS,
                "c.parties, c.terms, c.agreement_state, c.id AS claim_id, c.status, "
                "c.grounding, " + _EVIDENCE,
                where="(:party = '' OR instr(coalesce(c.parties, ''), json_quote(:party)) > 0)",
            ),
            "hide_sql": True,
        },
        "document_claims": {
            "title": "One document and its claims",
            "description": "All claims of one document, in the order of the text. Give the "
            "document's id or its source.",
            "sql": "SELECT c.id AS claim_id, c.kind, c.status, c.grounding, c.claim, "
            + _EVIDENCE
            + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.document_id IN (SELECT :document UNION "
            "SELECT document_id FROM document_sources WHERE source = :document)\n"
            "ORDER BY c.evidence_start, c.id",
            "hide_sql": True,
        },
        "claim_history": {
            "title": "History of a claim",
            "description": "Every status the claim has had, oldest first.",
            "sql": "SELECT e.id, e.at, e.status, e.by, e.note, e.claim_id\n"
            "FROM claim_events e WHERE e.claim_id = :claim_id ORDER BY e.id",
        },
        "set_status": {
            "title": "Set a claim's status",
            "description": f"Appends to the claim's history as you, the signed-in reviewer. "
            f"Status: one of {statuses}. A note says why.",
            "sql": STATUS_EVENT_SQL.format(by=":_actor_id"),
            "params": ["claim_id", "status", "note"],
            "write": True,
            "allow": {"id": "*"},
            "on_success_message": "Status recorded in the claim's history.",
        },
    }
