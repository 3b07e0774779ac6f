"""The ledger's schema, as a history of named migrations applied once each.

Read top to bottom, this file is the schema's history; sqlite-utils' ``Migrations`` records each
applied step in ``_sqlite_migrations``. Never edit an applied migration: add the next one.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from claimtrack.records import CLAIM_KINDS, STATUSES

migrations = Migrations("claimtrack")

_KINDS = ", ".join(f"'{k}'" for k in CLAIM_KINDS)
_STATUSES = ", ".join(f"'{s}'" for s in STATUSES)
_GROUNDINGS = "'exact', 'normalized', 'elided', 'fuzzy', 'ungrounded'"


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE _claimtrack (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO _claimtrack (key, value) VALUES ('ledger', 'claimtrack');

        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            title TEXT,
            url TEXT,
            published TEXT,
            text TEXT NOT NULL,
            chars INTEGER NOT NULL,
            ingested_at TEXT NOT NULL
        );

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            parameters TEXT NOT NULL DEFAULT '{{}}',
            claimtrack_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
            documents_done INTEGER NOT NULL DEFAULT 0,
            documents_skipped INTEGER NOT NULL DEFAULT 0,
            documents_failed INTEGER NOT NULL DEFAULT 0,
            claims_added INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0
        );

        -- One row per document and extractor (backend, model, prompt): what is done or failed,
        -- so that a re-run does only what is missing.
        CREATE TABLE extractions (
            document_id TEXT NOT NULL REFERENCES documents(id),
            extractor TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
            error TEXT,
            claims INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL,
            PRIMARY KEY (document_id, extractor)
        );

        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            run_id INTEGER NOT NULL REFERENCES runs(id),
            kind TEXT NOT NULL CHECK (kind IN ({_KINDS})),
            claim TEXT NOT NULL,
            confidence REAL NOT NULL,
            grounding TEXT NOT NULL CHECK (grounding IN ({_GROUNDINGS})),
            grounding_score REAL NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            evidence_text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ({_STATUSES})),
            status_at TEXT,
            event TEXT,
            date_text TEXT,
            date_value TEXT,
            date_resolved INTEGER,
            date_relative INTEGER,
            participants TEXT,
            speaker TEXT,
            quote TEXT,
            cue TEXT,
            direct INTEGER,
            parties TEXT,
            terms TEXT,
            agreement_state TEXT,
            subject TEXT,
            quantities TEXT,
            extractor TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            extracted_at TEXT NOT NULL
        );
        CREATE INDEX idx_claims_document ON claims (document_id);
        CREATE INDEX idx_claims_kind ON claims (kind);
        CREATE INDEX idx_claims_status ON claims (status);
        CREATE INDEX idx_claims_grounding ON claims (grounding);
        CREATE INDEX idx_claims_speaker ON claims (speaker);
        CREATE INDEX idx_claims_date_value ON claims (date_value);
        CREATE INDEX idx_claims_run ON claims (run_id);

        CREATE TABLE spans (
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            field TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            grounding TEXT NOT NULL CHECK (grounding IN ({_GROUNDINGS})),
            score REAL NOT NULL,
            claimed TEXT,
            pieces TEXT,
            discrepancies TEXT,
            PRIMARY KEY (claim_id, field)
        );

        -- The verification history: append-only. A claim's current status is its last event.
        CREATE TABLE claim_events (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_claim_events_claim ON claim_events (claim_id);
        CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events
        BEGIN SELECT RAISE(ABORT, 'claim history is append-only'); END;
        CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events
        BEGIN SELECT RAISE(ABORT, 'claim history is append-only'); END;
        CREATE TRIGGER claim_events_current AFTER INSERT ON claim_events
        BEGIN
            UPDATE claims SET status = NEW.status, status_at = NEW.at WHERE id = NEW.claim_id;
        END;
        """
    )
    db.table("claims").enable_fts(
        ["claim", "quote", "speaker", "event", "terms"], create_triggers=True, tokenize="porter"
    )


@migrations()
def m002_llm_calls(db: sqlite_utils.Database) -> None:
    """Every model call, so that spending is visible and an identical request is never paid
    for twice: a successful answer is reused by its request hash."""
    db.executescript(
        """
        CREATE TABLE llm_calls (
            id INTEGER PRIMARY KEY,
            request_hash TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            document_id TEXT REFERENCES documents(id),
            chunk_start INTEGER NOT NULL,
            chunk_end INTEGER NOT NULL,
            model TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'exhausted', 'error', 'reused')),
            error TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            latency_ms INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            response TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_llm_calls_request ON llm_calls (request_hash, outcome);
        CREATE INDEX idx_llm_calls_document ON llm_calls (document_id);
        ALTER TABLE runs ADD COLUMN calls INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN calls_reused INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN reasks INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
        """
    )


@migrations()
def m003_review_guards(db: sqlite_utils.Database) -> None:
    """Reviewers write to the history from a browser (Datasette), not only through the library:
    the ledger itself refuses a bad event with a message a reviewer can act on, before the
    CHECK constraints would refuse it with one they cannot."""
    db.executescript(
        f"""
        CREATE TRIGGER claim_events_valid BEFORE INSERT ON claim_events
        BEGIN
            SELECT RAISE(ABORT, 'status must be one of: {", ".join(STATUSES)}')
            WHERE NEW.status IS NULL OR NEW.status NOT IN ({_STATUSES});
            SELECT RAISE(ABORT, 'there is no claim with that id')
            WHERE NOT EXISTS (SELECT 1 FROM claims WHERE id = NEW.claim_id);
            SELECT RAISE(ABORT, 'a status change needs the name of a signed-in reviewer')
            WHERE NEW.by IS NULL OR trim(NEW.by) = '';
            SELECT RAISE(ABORT, 'a note is limited to 4000 characters')
            WHERE length(NEW.note) > 4000;
        END;
        """
    )
