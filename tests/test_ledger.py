import sqlite3

import pytest

from claimtrack.errors import LedgerError, LedgerLockedError, NotFoundError, UsageError
from claimtrack.ledger import ClaimFilter, Ledger
from claimtrack.ledger.migrations import migrations
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Document, Extractor, Span, StatementClaim

EXTRACTOR = Extractor("offline", "test-model", "test-prompt", "abc123")


def statement(text, start, end, claim="A claim."):
    return StatementClaim(
        claim=claim, confidence=0.5, spans={"evidence": Span.of(text, start, end)}, quantities=["3"]
    )


def test_schema_is_migrated_and_marked(ledger):
    tables = set(ledger.db.table_names())
    assert {
        "documents",
        "runs",
        "claims",
        "spans",
        "claim_events",
        "extractions",
        "document_sources",
        "claims_fts",
        "_claimtrack",
        "_sqlite_migrations",
    } <= tables
    assert ledger.db.journal_mode == "wal"
    applied = [r["name"] for r in ledger.db["_sqlite_migrations"].rows]
    assert applied == [m.name for m in migrations._migrations]
    assert applied[:4] == [
        "m001_initial",
        "m002_llm_calls",
        "m003_review_guards",
        "m004_sources_runs_and_lookups",
    ]


def test_reopening_applies_nothing_twice(tmp_path):
    Ledger(tmp_path / "l.db").close()
    again = Ledger(tmp_path / "l.db")
    assert again.db["_sqlite_migrations"].count == len(migrations._migrations)


def test_migrations_are_frozen_sql_not_built_from_live_constants():
    """The first migration's schema must not change when the vocabulary grows."""
    import inspect

    from claimtrack.ledger import migrations as module

    source = inspect.getsource(module)
    assert "import" not in source.split("migrations = Migrations")[1].split("def m001")[0]
    assert "STATUSES" not in source and "CLAIM_KINDS" not in source
    assert 'f"""' not in source


def test_add_claims_is_idempotent_and_starts_a_history(ledger, seed_document):
    claims = OfflineExtractor().extract(seed_document)
    run = ledger.start_run(EXTRACTOR)
    stored = ledger.add_claims(seed_document, run, EXTRACTOR, claims)
    assert stored.added == len(claims) > 10
    again = ledger.add_claims(seed_document, run, EXTRACTOR, claims)
    assert again.already_done and again.added == 0
    assert ledger.db["claims"].count == len(claims)
    assert ledger.db["claim_events"].count == len(claims)
    assert ledger.is_done(seed_document.id, EXTRACTOR)
    first = ledger.claim(1)
    assert first.status == "unverified"
    assert first.history is not None and first.history[0].by == "claimtrack"
    text = seed_document.text
    for span in first.claim.spans.values():
        assert text[span.start : span.end] == span.text


def test_claims_come_out_as_they_went_in(ledger, seed_document):
    """The one codec: every stored claim decodes to the typed claim that was stored."""
    claims = OfflineExtractor().extract(seed_document)
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(seed_document, run, EXTRACTOR, claims)
    stored = ledger.claims()
    assert [s.claim.model_dump() for s in stored] == [c.model_dump() for c in claims]
    assert {s.kind for s in stored} == {"date", "quote", "agreement", "statement"}
    assert all(s.document_source == seed_document.source for s in stored)


def test_a_documents_claims_land_all_or_nothing(ledger):
    text = "Three people came. Four people left."
    document = Document(text=text, source="t")
    good = statement(text, 0, 18)
    bad = StatementClaim(
        claim="x", confidence=0.5, spans={"evidence": Span(start=0, end=4, text="Nope")}
    )
    run = ledger.start_run(EXTRACTOR)
    with pytest.raises(LedgerError, match="not the document's text"):
        ledger.add_claims(document, run, EXTRACTOR, [good, bad])
    assert ledger.db["claims"].count == 0
    assert ledger.db["documents"].count == 0
    assert ledger.db["spans"].count == 0
    assert not ledger.is_done(document.id, EXTRACTOR)


def test_status_history_is_append_only_and_current_status_follows(ledger):
    text = "Three people came."
    document = Document(text=text, source="t")
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(document, run, EXTRACTOR, [statement(text, 0, 18)])
    ledger.set_status(1, "supported", note="Checked the register.", by="ana")
    ledger.set_status(1, "disputed", note="Second source disagrees.", by="ben")
    row = ledger.claim(1)
    assert row.status == "disputed"
    assert [(e.status, e.by) for e in row.history or ()] == [
        ("unverified", "claimtrack"),
        ("supported", "ana"),
        ("disputed", "ben"),
    ]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.db.execute("UPDATE claim_events SET status = 'refuted' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.db.execute("DELETE FROM claim_events")
    with pytest.raises(sqlite3.IntegrityError):
        ledger.db.execute(
            "INSERT INTO claim_events (claim_id, status, by, at) VALUES (1, 'bogus', 'x', 'now')"
        )


def test_set_status_errors(ledger):
    with pytest.raises(NotFoundError):
        ledger.set_status(99, "supported", by="ana")
    with pytest.raises(UsageError, match="unknown status"):
        ledger.set_status(1, "true-ish", by="ana")
    with pytest.raises(UsageError, match="reviewer"):
        ledger.set_status(1, "supported", by=" ")


def test_filters_and_full_text_search(ledger, seed_document):
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(seed_document, run, EXTRACTOR, OfflineExtractor().extract(seed_document))
    quotes = ledger.claims(ClaimFilter(kind="quote"))
    assert quotes and all(q.kind == "quote" for q in quotes)
    found = ledger.claims(ClaimFilter(search="cruise missiles"))
    assert found and all("cruise missiles" in r.claim.claim for r in found)
    assert ledger.claims(ClaimFilter(search='"unheard-of phrase" U.S.')) == []
    with pytest.raises(UsageError, match="quote is not closed"):  # one line, not a traceback
        ledger.claims(ClaimFilter(search='unbalanced "quote'))
    assert ledger.claims(ClaimFilter(document=seed_document.source)) == ledger.claims()
    assert ledger.claims(ClaimFilter(document=seed_document.id)) == ledger.claims()
    assert ledger.claims(ClaimFilter(document="elsewhere.txt")) == []


def test_pages_have_a_total_and_reach_every_claim(ledger, seed_document):
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(seed_document, run, EXTRACTOR, OfflineExtractor().extract(seed_document))
    everything = [c.id for c in ledger.claims()]
    seen: list[int] = []
    after = 0
    while True:
        page = ledger.page(limit=5, after=after)
        assert page.total == len(everything) and page.offset == len(seen)
        seen.extend(c.id for c in page.claims)
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == everything
    assert [c.id for c in ledger.iter_claims()] == everything


def test_not_a_ledger(tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("just some notes")
    with pytest.raises(LedgerError, match="not a SQLite database"):
        Ledger(text_file)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="not a claimtrack ledger"):
        Ledger(other)
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [
        ("customers",)
    ]
    with pytest.raises(LedgerError, match="is a directory"):
        Ledger(tmp_path)
    with pytest.raises(LedgerError, match="no such ledger"):
        Ledger(tmp_path / "missing.db", create=False)


def test_locked_ledger_is_a_clear_error(tmp_path, seed_document):
    path = tmp_path / "l.db"
    Ledger(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        ledger = Ledger(path, timeout=0.1)
        with pytest.raises(LedgerLockedError, match="locked by another process"):
            ledger.start_run(EXTRACTOR)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_history_refuses_bad_events_with_messages_a_reviewer_can_act_on(ledger):
    import sqlite3

    import pytest

    insert = "INSERT INTO claim_events (claim_id, status, note, by, at) VALUES (?, ?, ?, ?, 't')"
    cases = [
        ([1, "true-ish", None, "ann"], "status must be one of: unverified, supported"),
        ([12345, "supported", None, "ann"], "there is no claim with that id"),
    ]
    for values, message in cases:
        with pytest.raises(sqlite3.IntegrityError, match=message):
            ledger.db.execute(insert, values)
    assert ledger.db["claim_events"].count == 0


def test_the_latest_migration_is_known_without_importing_the_migrations():
    from claimtrack.ledger.connection import LATEST_MIGRATION

    assert migrations._migrations[-1].name == LATEST_MIGRATION


def test_every_migration_after_m006_is_safe_to_apply_twice(ledger):
    """Steps written on branches at once were renumbered when they met: a ledger that took one
    under its first name takes it again under its last, so each must be a no-op the second
    time (columns added once, tables and triggers IF NOT EXISTS)."""
    later = [m for m in migrations._migrations if m.name > "m006"]
    assert later
    schema = ledger.db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    for migration in later:
        migration.fn(ledger.db)
    assert ledger.db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_an_old_ledger_is_upgraded_when_it_is_read(tmp_path, seed_document):
    """A ledger made by an older claimtrack (here: the first three migrations only) is brought
    up to date by the first command that opens it, readers included."""
    import sqlite_utils

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m004_sources_runs_and_lookups")
    old.close()
    from claimtrack.ledger import LedgerReader

    reader = LedgerReader(path)
    assert reader.stats()["document_sources"] == 0
    applied = [r[0] for r in reader.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == [m.name for m in migrations._migrations]
