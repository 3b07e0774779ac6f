"""The ledger's schema, as a history of named migrations applied once each.

Read top to bottom, this file is the schema's history; each applied step is recorded in
``_sqlite_migrations``, as sqlite-utils' ``Migrations`` records it (``claimtrack.ledger.migrator``
runs them without importing sqlite-utils; each step is given a database that answers as a
``sqlite_utils.Database`` does). Never edit an applied migration: add the next one.

Every migration is frozen SQL: nothing in it is built from live Python constants (the claim
kinds, the statuses), so a ledger made today and one made a year ago from the same migrations
have the same schema. A new kind or status is a new migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrack.ledger.migrator import Migrations

if TYPE_CHECKING:
    import sqlite_utils

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


@migrations()
def m005_facts(db: sqlite_utils.Database) -> None:
    """Facts across documents: the claims that report one fact (the same quote, dated event,
    agreement or statement from many sources), how each matched, where sources disagree, and
    the reviewers' decisions on them (append-only; later tracking respects them). Near-identical
    documents (syndicated copies) are grouped, so that copies count as one independent source.
    Written by ``claimtrack.tracking``; every statement is safe to apply twice."""
    db.executescript(
        """
        -- Near-duplicate documents: each tracked document's sketch (a MinHash signature of its
        -- word shingles) and its group of copies, named by the group's smallest document id;
        -- the bands of the sketches find a document's candidate copies. With them, what facts
        -- count of a document: when it was published (seen: else first read), its sources.
        CREATE TABLE IF NOT EXISTS document_groups (
            document_id TEXT PRIMARY KEY REFERENCES documents(id),
            group_id TEXT NOT NULL,
            published TEXT,
            seen TEXT NOT NULL,
            sources INTEGER NOT NULL,
            shingles INTEGER NOT NULL,
            sketch BLOB NOT NULL,
            grouped_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_document_groups_group ON document_groups (group_id);
        CREATE TABLE IF NOT EXISTS document_bands (
            band INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            PRIMARY KEY (band, hash, document_id)
        ) WITHOUT ROWID;

        -- Ids are never reused: a link to a fact that was merged away finds nothing, not another.
        CREATE TABLE IF NOT EXISTS facts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('date', 'quote', 'agreement', 'statement')),
            claim TEXT NOT NULL,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            speaker TEXT,
            quote TEXT,
            event TEXT,
            date_value TEXT,
            parties TEXT,
            terms TEXT,
            state TEXT,
            subject TEXT,
            quantities TEXT,
            first_seen TEXT,
            first_claim_id INTEGER REFERENCES claims(id),
            last_seen TEXT,
            claim_count INTEGER NOT NULL,
            source_count INTEGER NOT NULL,
            independent_count INTEGER NOT NULL,
            open_conflicts INTEGER NOT NULL DEFAULT 0,
            has_conflicts INTEGER NOT NULL DEFAULT 0 CHECK (has_conflicts IN (0, 1)),
            updated_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_facts_kind ON facts (kind, id);
        CREATE INDEX IF NOT EXISTS idx_facts_sources ON facts (independent_count DESC, id);
        CREATE INDEX IF NOT EXISTS idx_facts_kind_sources ON facts (kind, independent_count DESC, id);
        CREATE INDEX IF NOT EXISTS idx_facts_conflicts ON facts (has_conflicts, id);
        CREATE INDEX IF NOT EXISTS idx_facts_first_seen ON facts (first_seen, id);

        -- Claims whose matching features are equal: one node of the match graph (claim_id is
        -- one of them; split: a claim a reviewer split out, alone in its node).
        CREATE TABLE IF NOT EXISTS fact_nodes (
            id INTEGER PRIMARY KEY,
            signature TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            split INTEGER NOT NULL DEFAULT 0,
            fact_id INTEGER REFERENCES facts(id)
        );
        CREATE INDEX IF NOT EXISTS idx_fact_nodes_fact ON fact_nodes (fact_id);

        -- Each tracked claim: its fact and node, how it matched, and (copied from the claim,
        -- which never changes) its document and place, so a large fact is counted here.
        CREATE TABLE IF NOT EXISTS fact_claims (
            claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
            fact_id INTEGER NOT NULL REFERENCES facts(id),
            node_id INTEGER NOT NULL REFERENCES fact_nodes(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            relation TEXT NOT NULL CHECK (relation IN ('same', 'variant', 'conflicting')),
            score REAL NOT NULL,
            method TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_fact_claims_fact ON fact_claims (fact_id, document_id);
        CREATE INDEX IF NOT EXISTS idx_fact_claims_node ON fact_claims (node_id, document_id, start);
        CREATE INDEX IF NOT EXISTS idx_fact_claims_document ON fact_claims (document_id);

        -- The match graph: node pairs the matcher found to report one fact.
        CREATE TABLE IF NOT EXISTS fact_edges (
            node_a INTEGER NOT NULL REFERENCES fact_nodes(id),
            node_b INTEGER NOT NULL REFERENCES fact_nodes(id),
            relation TEXT NOT NULL CHECK (relation IN ('same', 'variant', 'conflicting')),
            score REAL NOT NULL,
            method TEXT NOT NULL,
            PRIMARY KEY (node_a, node_b)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS idx_fact_edges_b ON fact_edges (node_b);

        -- Block keys of the nodes (rowid = node id): candidates for a new claim are the nodes
        -- sharing a key with it.
        CREATE VIRTUAL TABLE IF NOT EXISTS fact_keys USING fts5 (keys, content='', tokenize='unicode61');

        CREATE TABLE IF NOT EXISTS conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fact_id INTEGER NOT NULL REFERENCES facts(id),
            kind TEXT NOT NULL CHECK (kind IN ('date', 'speaker', 'wording', 'number', 'parties', 'state')),
            field TEXT NOT NULL,
            claim_a INTEGER NOT NULL REFERENCES claims(id),
            claim_b INTEGER NOT NULL REFERENCES claims(id),
            value_a TEXT,
            value_b TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
            detected_at TEXT NOT NULL,
            UNIQUE (claim_a, claim_b, field)
        );
        CREATE INDEX IF NOT EXISTS idx_conflicts_fact ON conflicts (fact_id);
        CREATE INDEX IF NOT EXISTS idx_conflicts_kind ON conflicts (kind, status, id);
        CREATE INDEX IF NOT EXISTS idx_conflicts_status ON conflicts (status, id);
        CREATE INDEX IF NOT EXISTS idx_conflicts_claim_b ON conflicts (claim_b);

        -- Reviewers' decisions on facts: append-only. merge: claim_id's fact and
        -- other_claim_id's fact are one; split: claim_id is not the same as the claims listed
        -- in claims (a JSON array); resolve / reopen: the conflict between claim_id and
        -- other_claim_id on field.
        CREATE TABLE IF NOT EXISTS fact_decisions (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'resolve', 'reopen')),
            fact_id INTEGER,
            other_fact_id INTEGER,
            claim_id INTEGER REFERENCES claims(id),
            other_claim_id INTEGER REFERENCES claims(id),
            claims TEXT,
            conflict_id INTEGER,
            field TEXT,
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_fact_decisions_fact ON fact_decisions (fact_id);
        CREATE INDEX IF NOT EXISTS idx_fact_decisions_claim ON fact_decisions (claim_id);
        CREATE TRIGGER IF NOT EXISTS fact_decisions_no_update BEFORE UPDATE ON fact_decisions
        BEGIN SELECT RAISE(ABORT, 'fact decisions are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS fact_decisions_no_delete BEFORE DELETE ON fact_decisions
        BEGIN SELECT RAISE(ABORT, 'fact decisions are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS fact_decisions_valid BEFORE INSERT ON fact_decisions
        BEGIN
            SELECT RAISE(ABORT, 'action must be one of: merge, split, resolve, reopen')
            WHERE NEW.action IS NULL OR NEW.action NOT IN ('merge', 'split', 'resolve', 'reopen');
            SELECT RAISE(ABORT, 'a decision needs the name of a signed-in reviewer')
            WHERE NEW.by IS NULL OR trim(NEW.by) = '';
            SELECT RAISE(ABORT, 'there is no claim with that id')
            WHERE (NEW.claim_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM claims WHERE id = NEW.claim_id))
               OR (NEW.other_claim_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM claims WHERE id = NEW.other_claim_id));
            SELECT RAISE(ABORT, 'a decision names the claims it is about')
            WHERE NEW.claim_id IS NULL OR (NEW.action != 'split' AND NEW.other_claim_id IS NULL);
            SELECT RAISE(ABORT, 'a note is limited to 4000 characters')
            WHERE length(NEW.note) > 4000;
        END;

        -- Where tracking has got to (the last decision applied).
        CREATE TABLE IF NOT EXISTS fact_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- Full-text search on the facts: their canonical claims (which hold the quote, the
        -- event, the terms) and speakers.
        CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5 (
            claim, speaker,
            tokenize='porter',
            content='facts'
        );
        CREATE TRIGGER IF NOT EXISTS facts_ai AFTER INSERT ON facts BEGIN
          INSERT INTO facts_fts (rowid, claim, speaker) VALUES (new.id, new.claim, new.speaker);
        END;
        CREATE TRIGGER IF NOT EXISTS facts_ad AFTER DELETE ON facts BEGIN
          INSERT INTO facts_fts (facts_fts, rowid, claim, speaker)
          VALUES ('delete', old.id, old.claim, old.speaker);
        END;
        CREATE TRIGGER IF NOT EXISTS facts_au AFTER UPDATE OF claim, speaker ON facts BEGIN
          INSERT INTO facts_fts (facts_fts, rowid, claim, speaker)
          VALUES ('delete', old.id, old.claim, old.speaker);
          INSERT INTO facts_fts (rowid, claim, speaker) VALUES (new.id, new.claim, new.speaker);
        END;
        """
    )


@migrations()
def m006_reviewers(db: sqlite_utils.Database) -> None:
    """Reviewers are known names: the desk signs in only the reviewers listed here, and checks
    on every request that a reviewer's access was not revoked (a revoked reviewer's status
    changes are refused by the ledger itself). With them, the indexes the review desk reads
    through, so that each of its pages costs the same at a million claims as at a thousand: the
    queue's order (the least certain grounding first) for every status and kind, the timeline's
    date order, quotes by speaker, agreements by parties, reviewers' own history events, and
    a narrow copy of what the queue filters on, by id (a search or a speaker's thousands of
    claims are filtered without reading each claim's row).
    Every statement is safe to apply twice."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS reviewers (
            name TEXT PRIMARY KEY,
            added_at TEXT NOT NULL,
            revoked_at TEXT,
            added_by TEXT
        );
        CREATE TRIGGER IF NOT EXISTS claim_events_not_revoked BEFORE INSERT ON claim_events
        BEGIN
            SELECT RAISE(ABORT, 'this reviewer''s access to the ledger was revoked')
            WHERE EXISTS (SELECT 1 FROM reviewers WHERE name = NEW.by AND revoked_at IS NOT NULL);
        END;

        CREATE INDEX IF NOT EXISTS idx_claims_review ON claims (status, kind, (CASE grounding WHEN 'ungrounded' THEN 0 WHEN 'fuzzy' THEN 1 WHEN 'elided' THEN 2 WHEN 'normalized' THEN 3 ELSE 4 END), grounding_score);
        CREATE INDEX IF NOT EXISTS idx_claims_timeline ON claims ((CASE WHEN date_value IS NULL THEN 2 WHEN substr(date_value, 1, 1) = 'X' THEN 1 ELSE 0 END), coalesce(date_value, '')) WHERE kind = 'date';
        CREATE INDEX IF NOT EXISTS idx_claims_quotes ON claims ((speaker IS NULL), coalesce(speaker, '')) WHERE kind = 'quote';
        CREATE INDEX IF NOT EXISTS idx_claims_agreements ON claims (coalesce(parties, '')) WHERE kind = 'agreement';
        CREATE INDEX IF NOT EXISTS idx_claim_events_reviewed ON claim_events (claim_id, by) WHERE by != 'claimtrack';
        CREATE INDEX IF NOT EXISTS idx_claims_desk ON claims (id, status, kind, grounding, grounding_score);
        """
    )


@migrations()
def m007_fact_status(db: sqlite_utils.Database) -> None:
    """A reviewer's verification status on a fact, as on a claim: an append-only history
    (``fact_status_events``) whose latest event is the fact's current ``status``. It is the
    fact's own: the member claims' histories are not touched. A fact's status stays with its
    id (a fact merged away keeps its history, under its old id). With it, the ledger refuses a
    decision on facts, or a fact status, in the name of a revoked reviewer, as it does a
    claim's status. Every statement is safe to apply twice (the column is added once)."""
    columns = {c.name for c in db["facts"].columns}
    if "status" not in columns:
        db.execute(
            "ALTER TABLE facts ADD COLUMN status TEXT NOT NULL DEFAULT 'unverified' "
            "CHECK (status IN ('unverified', 'supported', 'refuted', 'disputed', "
            "'unverifiable', 'needs_work'))"
        )
        db.execute("ALTER TABLE facts ADD COLUMN status_at TEXT")
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS fact_status_events (
            id INTEGER PRIMARY KEY,
            fact_id INTEGER NOT NULL,
            claim_id INTEGER REFERENCES claims(id),
            status TEXT NOT NULL CHECK (status IN ('unverified', 'supported', 'refuted', 'disputed', 'unverifiable', 'needs_work')),
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_fact_status_events_fact ON fact_status_events (fact_id, id);
        CREATE INDEX IF NOT EXISTS idx_facts_status ON facts (status, id);
        CREATE TRIGGER IF NOT EXISTS fact_status_events_no_update BEFORE UPDATE ON fact_status_events
        BEGIN SELECT RAISE(ABORT, 'fact status history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS fact_status_events_no_delete BEFORE DELETE ON fact_status_events
        BEGIN SELECT RAISE(ABORT, 'fact status history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS fact_status_events_valid BEFORE INSERT ON fact_status_events
        BEGIN
            SELECT RAISE(ABORT, 'status must be one of: unverified, supported, refuted, disputed, unverifiable, needs_work')
            WHERE NEW.status IS NULL OR NEW.status NOT IN ('unverified', 'supported', 'refuted', 'disputed', 'unverifiable', 'needs_work');
            SELECT RAISE(ABORT, 'a status change needs the name of a signed-in reviewer')
            WHERE NEW.by IS NULL OR trim(NEW.by) = '' OR NEW.by = 'claimtrack';
            SELECT RAISE(ABORT, 'there is no fact with that id')
            WHERE NOT EXISTS (SELECT 1 FROM facts WHERE id = NEW.fact_id);
            SELECT RAISE(ABORT, 'this reviewer''s access to the ledger was revoked')
            WHERE EXISTS (SELECT 1 FROM reviewers WHERE name = NEW.by AND revoked_at IS NOT NULL);
            SELECT RAISE(ABORT, 'a note is limited to 4000 characters')
            WHERE length(NEW.note) > 4000;
        END;
        CREATE TRIGGER IF NOT EXISTS fact_status_events_ai AFTER INSERT ON fact_status_events
        BEGIN
            UPDATE facts SET status = NEW.status, status_at = NEW.at WHERE id = NEW.fact_id;
        END;
        CREATE TRIGGER IF NOT EXISTS fact_decisions_not_revoked BEFORE INSERT ON fact_decisions
        BEGIN
            SELECT RAISE(ABORT, 'this reviewer''s access to the ledger was revoked')
            WHERE EXISTS (SELECT 1 FROM reviewers WHERE name = NEW.by AND revoked_at IS NOT NULL);
        END;
        """
    )


@migrations()
def m008_document_formats(db: sqlite_utils.Database) -> None:
    """Documents read from HTML, PDF, DOCX and URLs. Their stored text is what was extracted
    from them, so each document and each source of it keeps the format it was read from, the
    author its metadata names, and the SHA-256 of the raw file or response (how a reviewer tells
    which page or file a text came from); a PDF's document keeps where each page starts in the
    text (a JSON list of character offsets), so that a span is shown with its page.
    Each column is added only where it is missing, so the step is safe to apply twice."""
    added = [
        ("documents", "format", "ALTER TABLE documents ADD COLUMN format TEXT"),
        ("documents", "author", "ALTER TABLE documents ADD COLUMN author TEXT"),
        ("documents", "raw_sha256", "ALTER TABLE documents ADD COLUMN raw_sha256 TEXT"),
        ("documents", "pages", "ALTER TABLE documents ADD COLUMN pages TEXT"),
        ("document_sources", "format", "ALTER TABLE document_sources ADD COLUMN format TEXT"),
        ("document_sources", "author", "ALTER TABLE document_sources ADD COLUMN author TEXT"),
        (
            "document_sources",
            "raw_sha256",
            "ALTER TABLE document_sources ADD COLUMN raw_sha256 TEXT",
        ),
    ]
    for table, column, statement in added:
        if column not in db[table].columns_dict:
            db.execute(statement)


@migrations()
def m009_run_origins(db: sqlite_utils.Database) -> None:
    """Each run's origin: a name no other run of any ledger has, given when the run is
    recorded, so that a ledger merged into another twice (``claimtrack merge``) brings each of
    its runs once, however alike two runs are. Runs recorded before get a name made of what
    they record (their id, start and process). Safe to apply twice."""
    if "origin" not in db["runs"].columns_dict:
        db.execute("ALTER TABLE runs ADD COLUMN origin TEXT")
    db.executescript(
        """
        UPDATE runs SET origin = 'run ' || id || ' of ' || started_at || ' on '
            || coalesce(host, '?') || ' pid ' || coalesce(pid, '?')
            || ' ' || coalesce(process_started, '?')
        WHERE origin IS NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS idx_runs_origin ON runs (origin);
        CREATE TRIGGER IF NOT EXISTS runs_origin AFTER INSERT ON runs WHEN NEW.origin IS NULL
        BEGIN
            UPDATE runs SET origin = lower(hex(randomblob(16))) WHERE id = NEW.id;
        END;
        """
    )


@migrations()
def m010_batches(db: sqlite_utils.Database) -> None:
    """Batches sent to a provider's Batch API (``claimtrack extract --batch``): each with its
    run, the provider's ids and status, and the settings its answers are read back with; and
    each request of it (its custom id is the request hash) with the document and chunk it asks
    about, so that a batch can be collected by another process, after the one that sent it is
    gone."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS batches (
            id INTEGER PRIMARY KEY,
            provider_id TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            base_url TEXT,
            model TEXT NOT NULL,
            extractor TEXT NOT NULL,
            settings TEXT NOT NULL,
            input_file_id TEXT NOT NULL,
            output_file_id TEXT,
            error_file_id TEXT,
            status TEXT NOT NULL,
            requests INTEGER NOT NULL,
            answered INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            checked_at TEXT,
            collected_at TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS idx_batches_provider
            ON batches (coalesce(base_url, ''), provider_id);
        CREATE INDEX IF NOT EXISTS idx_batches_collected ON batches (collected_at);
        CREATE TABLE IF NOT EXISTS batch_requests (
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            custom_id TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            source TEXT NOT NULL,
            chunk_start INTEGER NOT NULL,
            chunk_end INTEGER NOT NULL,
            PRIMARY KEY (batch_id, custom_id, document_id, chunk_start)
        );
        """
    )


@migrations()
def m011_fact_desk(db: sqlite_utils.Database) -> None:
    """An index that gives a document's group of copies and when it was seen without reading
    its sketch, so that the desk's fact page groups a fact's forty thousand documents by
    independent source from indexes alone. Safe to apply twice."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS idx_document_groups_seen ON document_groups (document_id, group_id, seen, published);
        """
    )


@migrations()
def m012_prompt_injection(db: sqlite_utils.Database) -> None:
    """Text in a document that reads as instructions to a language model ("ignore previous
    instructions...", chat role markers, tags that imitate the prompt's delimiter), kept on the
    document as passages (``claimtrack.injection``; written with the document), how many a
    document has (NULL: not looked for yet, as for documents stored before this step), and a
    mark on every claim whose evidence overlaps one (1), written with the claim. The mark is
    not set by a trigger: an UPDATE of a claim inside its own INSERT would run the full-text
    index's update trigger before its insert trigger. Safe to apply twice (each column is added
    once)."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS document_flags (
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('instruction', 'role_marker', 'delimiter')),
            text TEXT NOT NULL,
            PRIMARY KEY (document_id, start, reason)
        );
        """
    )
    for table, statement in (
        ("documents", "ALTER TABLE documents ADD COLUMN instruction_like INTEGER"),
        ("claims", "ALTER TABLE claims ADD COLUMN instruction_like INTEGER NOT NULL DEFAULT 0"),
    ):
        if "instruction_like" not in db[table].columns_dict:
            db.execute(statement)


@migrations()
def m013_verdicts(db: sqlite_utils.Database) -> None:
    """Verification against evidence: reference material a desk trusts (evidence sources, kept
    apart from the documents claims are extracted from), the passages of both (sentences and
    paragraphs, by offsets) indexed for full-text search, and the verdicts judges suggest for
    claims, each with the exact characters of its evidence and who judged (backend, model,
    prompt), when and at what cost. Verdicts are suggestions: they never change a claim's
    status; a reviewer accepts or rejects one (``verdict_reviews``), and an acceptance is the
    reviewer's status event. Every stored evidence span is checked here against its source's
    text, so none can be stored that is not the source's characters."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS evidence_sources (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            label TEXT,
            title TEXT,
            url TEXT,
            published TEXT,
            text TEXT NOT NULL,
            chars INTEGER NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_evidence_sources_label ON evidence_sources (label);

        -- Sentences and paragraphs of documents (origin 'document') and evidence sources
        -- (origin 'evidence'): [start, end) into the source's text, and that text.
        CREATE TABLE IF NOT EXISTS passages (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL CHECK (origin IN ('document', 'evidence')),
            source_id TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('sentence', 'paragraph')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (origin, source_id, unit, start, "end")
        );
        -- The sources whose passages are indexed (a document once, whatever claims it has).
        CREATE TABLE IF NOT EXISTS passage_sources (
            origin TEXT NOT NULL,
            source_id TEXT NOT NULL,
            passages INTEGER NOT NULL,
            indexed_at TEXT NOT NULL,
            PRIMARY KEY (origin, source_id)
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5 (
            text,
            tokenize='porter unicode61 remove_diacritics 2',
            content='passages', content_rowid='id'
        );
        CREATE TRIGGER IF NOT EXISTS passages_ai AFTER INSERT ON passages BEGIN
          INSERT INTO passages_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN
          INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;

        -- A judge's suggested verdict on a claim: append-only.
        CREATE TABLE IF NOT EXISTS verdicts (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            verdict TEXT NOT NULL
                CHECK (verdict IN ('supported', 'refuted', 'not_enough_info', 'conflicting')),
            rationale TEXT,
            judge TEXT NOT NULL,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_name TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            passages INTEGER NOT NULL DEFAULT 0,
            dropped TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_verdicts_claim ON verdicts (claim_id, id);
        CREATE INDEX IF NOT EXISTS idx_verdicts_verdict ON verdicts (verdict, id);

        -- The exact characters a verdict rests on: [start, end) of a document or evidence source.
        CREATE TABLE IF NOT EXISTS verdict_evidence (
            verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
            position INTEGER NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('document', 'evidence')),
            source_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            grounding TEXT NOT NULL
                CHECK (grounding IN ('exact', 'normalized', 'elided', 'fuzzy')),
            score REAL NOT NULL,
            claimed TEXT,
            PRIMARY KEY (verdict_id, position)
        );
        CREATE TRIGGER IF NOT EXISTS verdict_evidence_exact BEFORE INSERT ON verdict_evidence
        BEGIN
            SELECT RAISE(ABORT, 'a verdict''s evidence must be its source''s exact characters')
            WHERE NEW.start < 0 OR NEW."end" <= NEW.start OR NEW.text IS NOT substr(
                CASE NEW.origin
                    WHEN 'document' THEN (SELECT text FROM documents WHERE id = NEW.source_id)
                    ELSE (SELECT text FROM evidence_sources WHERE id = NEW.source_id)
                END,
                NEW.start + 1, NEW."end" - NEW.start);
        END;

        """
    )
    # A claim's latest suggested verdict, kept beside its status (never in place of it); each
    # column added once, so that the step is safe to apply twice.
    for column, kind in (("verdict", "TEXT"), ("verdict_id", "INTEGER")):
        if column not in db["claims"].columns_dict:
            db.execute(f"ALTER TABLE claims ADD COLUMN {column} {kind}")
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS idx_claims_verdict ON claims (verdict);
        CREATE TRIGGER IF NOT EXISTS verdicts_current AFTER INSERT ON verdicts
        BEGIN
            UPDATE claims SET verdict = NEW.verdict, verdict_id = NEW.id WHERE id = NEW.claim_id;
        END;

        -- Reviewers' answers to suggested verdicts: append-only. Accepting one appends the
        -- reviewer's status event (supported, refuted; conflicting: disputed; not enough
        -- information: unverifiable), in the same statement.
        CREATE TABLE IF NOT EXISTS verdict_reviews (
            id INTEGER PRIMARY KEY,
            verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
            action TEXT NOT NULL CHECK (action IN ('accept', 'reject')),
            note TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_verdict_reviews_verdict ON verdict_reviews (verdict_id);
        CREATE TRIGGER IF NOT EXISTS verdict_reviews_valid BEFORE INSERT ON verdict_reviews
        BEGIN
            SELECT RAISE(ABORT, 'action must be one of: accept, reject')
            WHERE NEW.action IS NULL OR NEW.action NOT IN ('accept', 'reject');
            SELECT RAISE(ABORT, 'there is no verdict with that id')
            WHERE NOT EXISTS (SELECT 1 FROM verdicts WHERE id = NEW.verdict_id);
            SELECT RAISE(ABORT, 'a review of a verdict needs the name of a signed-in reviewer')
            WHERE NEW.by IS NULL OR trim(NEW.by) = '';
            SELECT RAISE(ABORT, 'this reviewer''s access to the ledger was revoked')
            WHERE EXISTS (SELECT 1 FROM reviewers WHERE name = NEW.by AND revoked_at IS NOT NULL);
            SELECT RAISE(ABORT, 'a note is limited to 4000 characters')
            WHERE length(NEW.note) > 4000;
        END;
        CREATE TRIGGER IF NOT EXISTS verdict_reviews_accept AFTER INSERT ON verdict_reviews
        WHEN NEW.action = 'accept'
        BEGIN
            INSERT INTO claim_events (claim_id, status, note, by, at)
            SELECT v.claim_id,
                CASE v.verdict WHEN 'supported' THEN 'supported' WHEN 'refuted' THEN 'refuted'
                    WHEN 'conflicting' THEN 'disputed' ELSE 'unverifiable' END,
                substr('accepted verdict ' || v.id || ' (' || v.verdict || ', ' || v.judge || ')'
                    || coalesce(': ' || NEW.note, ''), 1, 4000),
                NEW.by, NEW.at
            FROM verdicts v WHERE v.id = NEW.verdict_id;
        END;
        CREATE TRIGGER IF NOT EXISTS verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS verdicts_no_delete BEFORE DELETE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS verdict_evidence_no_update BEFORE UPDATE ON verdict_evidence
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS verdict_evidence_no_delete BEFORE DELETE ON verdict_evidence
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS verdict_reviews_no_update BEFORE UPDATE ON verdict_reviews
        BEGIN SELECT RAISE(ABORT, 'reviews of verdicts are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS verdict_reviews_no_delete BEFORE DELETE ON verdict_reviews
        BEGIN SELECT RAISE(ABORT, 'reviews of verdicts are append-only'); END;
        """
    )


@migrations()
def m014_claim_counts(db: sqlite_utils.Database) -> None:
    """How many claims there are of each kind, status and grounding, kept by triggers as claims
    are written, so that ``stats`` reads a few rows instead of scanning three indexes of a
    million entries (≈ 150 ms). Filled from the claims once; safe to apply twice."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS claim_counts (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (facet, value)
        ) WITHOUT ROWID;
        DELETE FROM claim_counts;
        INSERT INTO claim_counts (facet, value, n)
            SELECT 'kind', kind, count(*) FROM claims GROUP BY kind
            UNION ALL SELECT 'status', status, count(*) FROM claims GROUP BY status
            UNION ALL SELECT 'grounding', grounding, count(*) FROM claims GROUP BY grounding;
        CREATE TRIGGER IF NOT EXISTS claim_counts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claim_counts (facet, value, n) VALUES ('kind', NEW.kind, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
            INSERT INTO claim_counts (facet, value, n) VALUES ('status', NEW.status, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
            INSERT INTO claim_counts (facet, value, n) VALUES ('grounding', NEW.grounding, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS claim_counts_delete AFTER DELETE ON claims BEGIN
            UPDATE claim_counts SET n = n - 1
                WHERE (facet = 'kind' AND value = OLD.kind)
                   OR (facet = 'status' AND value = OLD.status)
                   OR (facet = 'grounding' AND value = OLD.grounding);
        END;
        CREATE TRIGGER IF NOT EXISTS claim_counts_update
        AFTER UPDATE OF kind, status, grounding ON claims
        WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
            OR OLD.grounding IS NOT NEW.grounding
        BEGIN
            UPDATE claim_counts SET n = n - 1
                WHERE (facet = 'kind' AND value = OLD.kind)
                   OR (facet = 'status' AND value = OLD.status)
                   OR (facet = 'grounding' AND value = OLD.grounding);
            INSERT INTO claim_counts (facet, value, n) VALUES ('kind', NEW.kind, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
            INSERT INTO claim_counts (facet, value, n) VALUES ('status', NEW.status, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
            INSERT INTO claim_counts (facet, value, n) VALUES ('grounding', NEW.grounding, 1)
                ON CONFLICT (facet, value) DO UPDATE SET n = n + 1;
        END;
        """
    )


@migrations()
def m015_fact_reports(db: sqlite_utils.Database) -> None:
    """Each node's claims summarised by independent source (``fact_reports``: how many, the
    first by rank and the earliest seen, with what ranks them, and when it was last seen),
    kept up to date as claims are tracked, so that adding a document to a fact of thousands of
    copies folds in its few claims instead of re-reading the thousands. Filled here from the
    claims already tracked. Safe to apply twice."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS fact_reports (
            node_id INTEGER NOT NULL,
            group_id TEXT NOT NULL,
            claims INTEGER NOT NULL,
            last_seen TEXT NOT NULL,
            first_key TEXT NOT NULL,
            first_claim_id INTEGER NOT NULL,
            first_document_id TEXT NOT NULL,
            first_published TEXT,
            first_seen TEXT NOT NULL,
            first_start INTEGER NOT NULL,
            earliest_key TEXT NOT NULL,
            earliest_claim_id INTEGER NOT NULL,
            earliest_document_id TEXT NOT NULL,
            earliest_published TEXT,
            earliest_seen TEXT NOT NULL,
            earliest_start INTEGER NOT NULL,
            PRIMARY KEY (node_id, group_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS idx_fact_reports_group ON fact_reports (group_id);
        WITH m AS (
            SELECT f.node_id, f.claim_id, f.document_id, f.start,
                coalesce(g.group_id, f.document_id) AS grp, g.published,
                coalesce(g.seen, '') AS seen,
                coalesce(g.published, '~') || ' ' || f.document_id || ' '
                    || printf('%012d', f.start) || ' ' || printf('%015d', f.claim_id) AS rank
            FROM fact_claims f LEFT JOIN document_groups g ON g.document_id = f.document_id
        ),
        a AS (
            SELECT node_id, grp, count(*) AS n, max(seen) AS last, min(rank) AS k, claim_id,
                document_id, published, seen, start
            FROM m GROUP BY node_id, grp
        ),
        b AS (
            SELECT node_id, grp, min(seen || ' ' || rank) AS k, claim_id, document_id,
                published, seen, start
            FROM m GROUP BY node_id, grp
        )
        INSERT OR IGNORE INTO fact_reports
        SELECT a.node_id, a.grp, a.n, a.last, a.k, a.claim_id, a.document_id, a.published,
            a.seen, a.start, b.k, b.claim_id, b.document_id, b.published, b.seen, b.start
        FROM a JOIN b ON b.node_id = a.node_id AND b.grp = a.grp;
        """
    )
