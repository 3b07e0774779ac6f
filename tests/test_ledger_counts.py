"""``claim_counts``: the counts ``stats`` reads, kept by triggers, equal to counting the claims."""

from __future__ import annotations

import sqlite3

from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.migrations import m014_claim_counts
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.records import Extractor

EXTRACTOR = Extractor("offline", "m", "p", "h")


def _grouped(path, column):
    conn = sqlite3.connect(path)
    found = conn.execute(
        f"SELECT {column}, count(*) AS n FROM claims GROUP BY {column} ORDER BY n DESC, {column}"
    ).fetchall()
    conn.close()
    return {str(value): n for value, n in found}


def _check(path):
    with LedgerReader(path) as reader:
        stats = reader.stats()
    for column in ("kind", "status", "grounding"):
        assert stats[f"by_{column}"] == _grouped(path, column), column
        assert list(stats[f"by_{column}"]) == list(_grouped(path, column))  # same order
    assert stats["claims"] == sum(_grouped(path, "kind").values())
    return stats


def test_counts_follow_inserts_status_changes_and_deletes(tmp_path, seed_document):
    path = tmp_path / "c.db"
    ledger = Ledger(path)
    ledger.add_claims(
        seed_document,
        ledger.start_run(EXTRACTOR),
        EXTRACTOR,
        OfflineExtractor().extract(seed_document),
    )
    assert _check(path)["by_status"] == {"unverified": _check(path)["claims"]}
    ledger.set_status(1, "refuted", by="ana")
    ledger.set_status(2, "refuted", by="ana")
    ledger.set_status(1, "supported", by="ana")
    stats = _check(path)
    assert stats["by_status"]["refuted"] == 1 and stats["by_status"]["supported"] == 1
    # any writer, even one going round the library, keeps them
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE claims SET grounding = 'fuzzy' WHERE id = 3")
        conn.execute("DELETE FROM spans WHERE claim_id = 4")
        conn.execute("DELETE FROM claims WHERE id = 4")
    stats = _check(path)
    assert stats["by_grounding"]["fuzzy"] == 1
    ledger.close()


def test_the_migration_counts_the_claims_already_there(tmp_path, seed_document):
    path = tmp_path / "c.db"
    ledger = Ledger(path)
    ledger.add_claims(
        seed_document,
        ledger.start_run(EXTRACTOR),
        EXTRACTOR,
        OfflineExtractor().extract(seed_document),
    )
    ledger.set_status(1, "disputed", by="ana")
    ledger.close()
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db.execute("DELETE FROM claim_counts")
    db.conn.commit()
    m014_claim_counts(db)  # applied again, as on a ledger made before it
    m014_claim_counts(db)  # and twice
    db.conn.commit()
    db.close()
    _check(path)
