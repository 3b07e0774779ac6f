"""The ledger's schema, as a history of named migrations applied once each.

Read top to bottom, this file is the schema's history; sqlite-utils' ``Migrations`` records each
applied step in ``_sqlite_migrations``. Never edit an applied migration: add the next one.

Every migration is frozen SQL: nothing in it is built from live Python constants (the claim
kinds, the statuses), so a ledger made today and one made a year ago from the same migrations
have the same schema. A new kind or status is a new migration.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("claimtrack")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
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
            parameters TEXT NOT NULL DEFAULT '{}',
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
            kind TEXT NOT NULL CHECK (kind IN ('date', 'quote', 'agreement', 'statement')),
            claim TEXT NOT NULL,
            confidence REAL NOT NULL,
            grounding TEXT NOT NULL CHECK (grounding IN ('exact', 'normalized', 'elided', 'fuzzy', 'ungrounded')),
            grounding_score REAL NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            evidence_text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'supported', 'refuted', 'disputed', 'unverifiable', 'needs_work')),
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
            grounding TEXT NOT NULL CHECK (grounding IN ('exact', 'normalized', 'elided', 'fuzzy', 'ungrounded')),
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
            status TEXT NOT NULL CHECK (status IN ('unverified', 'supported', 'refuted', 'disputed', 'unverifiable', 'needs_work')),
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

        -- Full-text search on the claims (the SQL sqlite-utils' enable_fts wrote at first).
        CREATE VIRTUAL TABLE "claims_fts" USING FTS5 (
            "claim", "quote", "speaker", "event", "terms",
            tokenize='porter',
            content="claims"
        );
        CREATE TRIGGER "claims_ai" AFTER INSERT ON "claims" BEGIN
          INSERT INTO "claims_fts" (rowid, "claim", "quote", "speaker", "event", "terms")
          VALUES (new.rowid, new."claim", new."quote", new."speaker", new."event", new."terms");
        END;
        CREATE TRIGGER "claims_ad" AFTER DELETE ON "claims" BEGIN
          INSERT INTO "claims_fts" ("claims_fts", rowid, "claim", "quote", "speaker", "event",
          "terms") VALUES('delete', old.rowid, old."claim", old."quote", old."speaker",
          old."event", old."terms");
        END;
        CREATE TRIGGER "claims_au" AFTER UPDATE ON "claims" BEGIN
          INSERT INTO "claims_fts" ("claims_fts", rowid, "claim", "quote", "speaker", "event",
          "terms") VALUES('delete', old.rowid, old."claim", old."quote", old."speaker",
          old."event", old."terms");
          INSERT INTO "claims_fts" (rowid, "claim", "quote", "speaker", "event", "terms")
          VALUES (new.rowid, new."claim", new."quote", new."speaker", new."event", new."terms");
        END;
        """
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
        """
        CREATE TRIGGER claim_events_valid BEFORE INSERT ON claim_events
        BEGIN
            SELECT RAISE(ABORT, 'status must be one of: unverified, supported, refuted, disputed, unverifiable, needs_work')
            WHERE NEW.status IS NULL OR NEW.status NOT IN ('unverified', 'supported', 'refuted', 'disputed', 'unverifiable', 'needs_work');
            SELECT RAISE(ABORT, 'there is no claim with that id')
            WHERE NOT EXISTS (SELECT 1 FROM claims WHERE id = NEW.claim_id);
            SELECT RAISE(ABORT, 'a status change needs the name of a signed-in reviewer')
            WHERE NEW.by IS NULL OR trim(NEW.by) = '';
            SELECT RAISE(ABORT, 'a note is limited to 4000 characters')
            WHERE length(NEW.note) > 4000;
        END;
        """
    )


@migrations()
def m004_sources_runs_and_lookups(db: sqlite_utils.Database) -> None:
    """Every source a document was read from (the same text under two names is one document
    with two sources); the process that runs a run, so a run whose process died can be shown as
    interrupted; the indexes that lookups by source need; and a claim's grounding as the weakest
    of its spans (evidence and verbatim fields), recomputed for claims stored before."""
    db.executescript(
        """
        CREATE TABLE document_sources (
            document_id TEXT NOT NULL REFERENCES documents(id),
            source TEXT NOT NULL,
            title TEXT,
            url TEXT,
            published TEXT,
            run_id INTEGER REFERENCES runs(id),
            first_seen TEXT NOT NULL,
            PRIMARY KEY (document_id, source)
        );
        CREATE INDEX idx_document_sources_source ON document_sources (source);
        INSERT OR IGNORE INTO document_sources
            (document_id, source, title, url, published, run_id, first_seen)
            SELECT id, source, title, url, published, NULL, ingested_at FROM documents;
        CREATE INDEX idx_documents_source ON documents (source);

        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN host TEXT;
        ALTER TABLE runs ADD COLUMN process_started TEXT;

        UPDATE claims SET
            grounding = coalesce((
                SELECT s.grounding FROM spans s WHERE s.claim_id = claims.id
                ORDER BY CASE s.grounding WHEN 'exact' THEN 0 WHEN 'normalized' THEN 1
                    WHEN 'elided' THEN 2 WHEN 'fuzzy' THEN 3 ELSE 4 END DESC, s.score
                LIMIT 1), grounding),
            grounding_score = coalesce(
                (SELECT min(s.score) FROM spans s WHERE s.claim_id = claims.id), grounding_score)
        WHERE EXISTS (SELECT 1 FROM spans s WHERE s.claim_id = claims.id AND s.field != 'evidence');
        """
    )
