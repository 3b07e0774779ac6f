"""The stored summaries of each node's claims (``fact_reports``), kept up to date claim by
claim, equal what computing them again from every claim gives: after runs one document at a
time, copies that merge two groups into one, and a reviewer's split."""

from __future__ import annotations

from datetime import date

from claimtrack.ledger import Ledger
from claimtrack.tracking import split_claim, track_claims, track_ledger
from claimtrack.tracking.store import stored_summaries, summarised
from tests.test_tracking_fixtures import (
    BASE,
    REREPORT,
    SYNDICATED,
    conflicts_by_content,
    document,
    extract,
    fact_of,
    facts_by_content,
)


def assert_as_recomputed(ledger: Ledger) -> None:
    every = [r[0] for r in ledger.conn.execute("SELECT id FROM fact_nodes")]
    stored = stored_summaries(ledger.conn, every)
    assert stored and stored == summarised(ledger.conn, every)


def words(first: int, count: int) -> str:
    return " ".join(f"w{i}" for i in range(first, first + count))


def story(changed_at: str) -> str:
    """BASE between two long runs of filler words, with the first or last run changed: the
    two changed ones are no copies of each other, the unchanged one is a copy of both."""
    head = words(10000, 85) if changed_at == "head" else words(0, 85)
    tail = words(20000, 85) if changed_at == "tail" else words(5000, 85)
    return f"{head} {words(100, 300)}\n\n{BASE}\n\n{words(3000, 300)} {tail}\n"


def test_summaries_folded_run_by_run_equal_a_full_recomputation(tmp_path):
    ledger = Ledger(tmp_path / "claims.db")
    try:
        for doc in [
            document(BASE, "wire.txt", date(2024, 3, 16)),
            document(REREPORT, "re.txt", date(2024, 3, 19)),
            document(SYNDICATED, "syndicated.txt", None),
            document(REREPORT.replace("Monday", "Sunday"), "early.txt", date(2024, 3, 1)),
        ]:
            track_claims(ledger, extract(ledger, doc))
            assert_as_recomputed(ledger)
        one_by_one = (facts_by_content(ledger), conflicts_by_content(ledger))
        # the same documents tracked in one run give the same facts
        whole = Ledger(tmp_path / "whole.db")
        try:
            extract(
                whole,
                document(REREPORT.replace("Monday", "Sunday"), "early.txt", date(2024, 3, 1)),
                document(SYNDICATED, "syndicated.txt", None),
                document(REREPORT, "re.txt", date(2024, 3, 19)),
                document(BASE, "wire.txt", date(2024, 3, 16)),
            )
            track_ledger(whole.path)
            assert_as_recomputed(whole)
            assert (facts_by_content(whole), conflicts_by_content(whole)) == one_by_one
        finally:
            whole.close()
        # a reviewer's split takes a claim out of its node: that node is summarised again
        claim = int(
            ledger.conn.execute(
                "SELECT id FROM claims WHERE kind = 'quote' AND quote LIKE 'opens a new chapter%' "
                "ORDER BY id LIMIT 1"
            ).fetchone()[0]
        )
        split_claim(ledger, fact_of(ledger, "Anna Berg", "This agreement"), claim, by="erin")
        assert_as_recomputed(ledger)
    finally:
        ledger.close()


def test_a_copy_that_joins_two_groups_of_copies_is_summarised_under_the_one_group(tmp_path):
    ledger = Ledger(tmp_path / "claims.db")
    try:
        for name in ("head", "tail"):
            track_claims(ledger, extract(ledger, document(story(name), f"{name}.txt")))
        groups = "SELECT count(DISTINCT group_id) FROM document_groups"
        assert ledger.conn.execute(groups).fetchone()[0] == 2
        track_claims(ledger, extract(ledger, document(story("none"), "both.txt")))
        assert ledger.conn.execute(groups).fetchone()[0] == 1  # the two groups merged
        assert_as_recomputed(ledger)
        assert {r[0] for r in ledger.conn.execute("SELECT group_id FROM fact_reports")} == {
            r[0] for r in ledger.conn.execute("SELECT group_id FROM document_groups")
        }
    finally:
        ledger.close()
