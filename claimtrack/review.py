"""The ledger as a review desk in Datasette: metadata, canned queries, sign-in and the server.

Who may write is decided in one place, the ``allow`` block of the ``set_status`` canned query:
any signed-in reviewer (an actor with an id) and nobody else. Datasette would otherwise let an
anonymous visitor run a writable canned query. Reviewers sign in with a link that carries a
token signed with the ledger's own secret; following it sets Datasette's signed ``ds_actor``
cookie. The secret is kept in a file beside the ledger (``claims.db.review-secret``, mode
0600), never inside it: Datasette serves everything in the database to its readers.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from claimtrack.errors import LedgerError, UsageError
from claimtrack.records import STATUSES

if TYPE_CHECKING:
    from datasette.app import Datasette

SIGN_IN_NAMESPACE = "claimtrack-sign-in"
SIGN_IN_PATH = "/-/claimtrack/sign-in"
SIGN_IN_TTL = 24 * 3600  # a sign-in link works once, within a day
SESSION_TTL = 7 * 24 * 3600  # the cookie it sets lasts a week
SECRET_SUFFIX = ".review-secret"
SECRET_ENV = "CLAIMTRACK_REVIEW_SECRET"

# Claims that need a reviewer first: the least certain grounding first, then the weakest score.
_REVIEW_ORDER = (
    "CASE c.grounding WHEN 'ungrounded' THEN 0 WHEN 'fuzzy' THEN 1 WHEN 'elided' THEN 2 "
    "WHEN 'normalized' THEN 3 ELSE 4 END, c.grounding_score, c.id"
)


# The evidence columns of the desk's queries: its text, its document, and where it is in the
# document (what the plugin needs to show it in its sentences without another query).
_EVIDENCE = (
    "c.evidence_text AS evidence, d.source AS document, c.document_id, c.evidence_start, "
    "c.evidence_end"
)


def database_name(ledger: str | Path) -> str:
    """The name Datasette gives the ledger's database (its file name without the suffix)."""
    return Path(ledger).stem


def secret_for(ledger: str | Path) -> str:
    """The ledger's signing secret: ``CLAIMTRACK_REVIEW_SECRET``, or the one kept beside it,
    created on first use. Every server on the same ledger signs with it, so a link printed by
    ``claimtrack sign-in-link`` works on a server that is already running."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = Path(str(ledger) + SECRET_SUFFIX)
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    except OSError as error:
        raise LedgerError(f"cannot read the review secret {path}: {error.strerror}") from error
    if existing:
        return existing
    value = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise LedgerError(f"cannot write the review secret {path}: {error.strerror}") from error
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


def sign_in_token(datasette: Datasette, reviewer: str, ttl: int = SIGN_IN_TTL) -> str:
    """A one-use token that signs ``reviewer`` in (checked by the plugin's sign-in page)."""
    name = clean_reviewer(reviewer)
    now = time.time()
    payload = {"r": name, "i": now, "e": int(now) + ttl, "n": secrets.token_urlsafe(12)}
    return str(datasette.sign(payload, SIGN_IN_NAMESPACE))


# When each server was made: a sign-in link issued before it is refused, so that a link used
# once is not good again after a restart (used links are only remembered in memory).
STARTED: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def sign_in_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}?{urlencode({'token': token})}"


def clean_reviewer(reviewer: str) -> str:
    name = " ".join(reviewer.split())
    if not name:
        raise UsageError("a reviewer needs a name (--reviewer)")
    if len(name) > 80:
        raise UsageError("a reviewer name is limited to 80 characters")
    return name


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
            "sentences; ungrounded and fuzzy spans are marked. Open a claim to review it.",
            "label_column": "claim",
            "sort_desc": "id",
            "facets": [
                "kind",
                "status",
                "grounding",
                "document_id",
                "speaker",
                {"array": "parties"},
                "date_value",
            ],
            "columns": {
                "claim": "The claim, in one sentence that stands on its own.",
                "kind": "date (a dated event), quote, agreement or statement.",
                "status": "Current verification status: the last entry of its history.",
                "grounding": "How the evidence was found in the document: exact, normalized, "
                "elided, fuzzy, or ungrounded (not found: never shown as a quote).",
                "grounding_score": "1.0 up to harmless differences; lower for fuzzy matches.",
                "evidence_start": "Offset of the evidence's first character in the document.",
                "evidence_end": "Offset just past the evidence's last character.",
                "evidence_text": "The document's text at [evidence_start, evidence_end).",
                "date_value": "The event's date in ISO 8601, partial where the text is.",
                "speaker": "Who is quoted.",
                "parties": "The parties to an agreement (JSON list).",
                "confidence": "The extractor's own confidence, 0 to 1.",
                "prompt_hash": "Content hash of the prompt template that produced the claim.",
            },
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
            },
        },
        "spans": {
            "title": "Spans",
            "description": "Every excerpt of every claim (evidence, quote, date, speaker...) "
            "with its offsets, how it was found, and what the extractor claimed when it differs.",
            "sort": "claim_id",
            "facets": ["field", "grounding"],
        },
        "claim_events": {
            "title": "Claim history",
            "description": "Append-only: every status a claim has had, who set it, when and "
            "why. A claim's current status is its last event.",
            "sort_desc": "id",
            "facets": ["status", "by"],
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
        "_claimtrack": {"hidden": True},
        "_sqlite_migrations": {"hidden": True},
    }


def _queries(name: str, statuses: str) -> dict[str, Any]:
    return {
        "review_queue": {
            "title": "Review queue",
            "description": "Claims awaiting review (unverified or needing work), the least "
            "certain first: ungrounded, then fuzzy, elided, normalized, exact. Leave kind "
            "empty for all kinds.",
            "sql": "SELECT c.id AS claim_id, c.kind, c.grounding, c.status, c.claim, "
            + _EVIDENCE
            + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.status IN ('unverified', 'needs_work') AND (:kind = '' OR c.kind = :kind)\n"
            f"ORDER BY {_REVIEW_ORDER}\nLIMIT 500",
        },
        "timeline": {
            "title": "Timeline of dated events",
            "description": "Every dated event in date order; unresolved dates (XXXX-) last.",
            "sql": "SELECT c.date_value, c.date_text, c.event, c.id AS claim_id, c.status, "
            "c.grounding, c.claim, " + _EVIDENCE + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.kind = 'date'\n"
            "ORDER BY c.date_value IS NULL, c.date_value LIKE 'X%', c.date_value, c.id",
        },
        "quotes_by_speaker": {
            "title": "Quotes by speaker",
            "description": "Quotes grouped by who said them; give a speaker to see only theirs.",
            "sql": "SELECT c.speaker, c.quote, c.id AS claim_id, c.status, c.grounding, "
            + _EVIDENCE
            + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.kind = 'quote' AND (:speaker = '' OR c.speaker LIKE '%' || :speaker || '%')\n"
            "ORDER BY c.speaker IS NULL, c.speaker, c.id",
        },
        "agreements_by_party": {
            "title": "Agreements by party",
            "description": "Agreements and their parties; give a party to see only theirs.",
            "sql": "SELECT p.value AS party, c.terms, c.agreement_state, c.id AS claim_id, "
            "c.status, c.grounding, " + _EVIDENCE + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id, "
            "json_each(coalesce(c.parties, '[]')) p\n"
            "WHERE c.kind = 'agreement' AND (:party = '' OR p.value LIKE '%' || :party || '%')\n"
            "ORDER BY p.value, c.id",
        },
        "document_claims": {
            "title": "One document and its claims",
            "description": "All claims of one document, in the order of the text. Give the "
            "document's id or its source.",
            "sql": "SELECT c.id AS claim_id, c.kind, c.status, c.grounding, c.claim, "
            + _EVIDENCE
            + "\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE d.id = :document OR d.source = :document\n"
            "ORDER BY c.evidence_start, c.id",
        },
        "claim_history": {
            "title": "History of a claim",
            "description": "Every status the claim has had, oldest first.",
            "sql": "SELECT e.at, e.status, e.by, e.note, e.claim_id\n"
            "FROM claim_events e WHERE e.claim_id = :claim_id ORDER BY e.id",
        },
        "set_status": {
            "title": "Set a claim's status",
            "description": f"Appends to the claim's history as you, the signed-in reviewer. "
            f"Status: one of {statuses}. A note says why.",
            "sql": "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES "
            "(:claim_id, :status, nullif(trim(:note), ''), :_actor_id, "
            "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
            "params": ["claim_id", "status", "note"],
            "write": True,
            "allow": {"id": "*"},
            "on_success_message": "Status recorded in the claim's history.",
        },
    }


def make_datasette(ledger: str | Path) -> Datasette:
    """Datasette on ``ledger`` with claimtrack's metadata, plugin and the ledger's secret."""
    from datasette.app import Datasette

    from claimtrack import review_plugin

    _ensure_plugin(review_plugin)
    path = str(ledger)
    datasette = Datasette(
        files=[path],
        metadata=metadata(path),
        secret=secret_for(path),
        settings={"truncate_cells_html": 400},
    )
    STARTED[datasette] = time.time()
    return datasette


def _ensure_plugin(module: Any) -> None:
    """Register the plugin when claimtrack runs from a source tree without its entry point."""
    from datasette.plugins import pm

    if not any(getattr(p, "__name__", "") == module.__name__ for p in pm.get_plugins()):
        pm.register(module)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so that port 0 (any free port)
    gives a real address for the sign-in link."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from error
    sock.listen(128)
    return sock


def serve(datasette: Datasette, sock: socket.socket) -> None:
    """Serve until interrupted."""
    import uvicorn

    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])
