"""Reviewers' decisions on facts — merge, split, resolve — and later tracking respecting them."""

from __future__ import annotations

import sqlite3

import pytest

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.ledger import Ledger
from claimtrack.tracking import (
    FactReader,
    merge_facts,
    resolve_conflict,
    split_claim,
    track_claims,
    track_ledger,
)
from tests.test_tracking_fixtures import (
    BASE,
    REREPORT,
    document,
    extract,
    fact_of,
    planted,
    snapshot,
)


@pytest.fixture
def tracked(tmp_path):
    ledger = Ledger(tmp_path / "claims.db")
    extract(ledger, document(BASE, "a.txt"), document(REREPORT, "b.txt"))
    track_ledger(ledger.path)
    yield ledger
    ledger.close()


def partial_claim(ledger: Ledger) -> int:
    return int(
        ledger.conn.execute(
            "SELECT id FROM claims WHERE kind = 'quote' AND quote LIKE 'opens a new chapter%'"
        ).fetchone()[0]
    )


def test_a_split_claim_stands_alone_and_stays_apart_after_re_tracking(tracked):
    ledger = tracked
    berg = fact_of(ledger, "Anna Berg", "This agreement")
    claim = partial_claim(ledger)
    decision = split_claim(ledger, berg, claim, by="erin", note="another occasion")
    assert (decision.action, decision.claim, decision.fact, decision.by) == (
        "split",
        claim,
        berg,
        "erin",
    )
    reader = FactReader(ledger)
    apart = reader.fact_of_claim(claim)
    assert apart is not None and apart.id != berg and apart.claims == (claim,)
    assert claim not in reader.get(berg).claims
    # a new report that matches both does not join them again
    more = extract(ledger, document(REREPORT.replace("Monday", "Tuesday"), "c.txt"))
    track_claims(ledger, more)
    track_ledger(ledger.path)
    assert reader.fact_of_claim(claim).id != fact_of(ledger, "Anna Berg", "This agreement")
    assert [d.action for d in reader.decisions(fact=berg, claims=[claim])] == ["split"]


def test_merged_facts_stay_one(tracked):
    ledger = tracked
    berg = fact_of(ledger, "Anna Berg", "This agreement")
    lind = fact_of(ledger, "Tomas Lind", "closed doors")
    merge_facts(ledger, berg, lind, by="erin")
    reader = FactReader(ledger)
    merged = reader.fact_of_claim(
        ledger.conn.execute("SELECT id FROM claims WHERE speaker = 'Tomas Lind'").fetchone()[0]
    )
    assert merged is not None and merged.id in (berg, lind)
    assert fact_of(ledger, "Anna Berg", "This agreement") == merged.id
    before = snapshot(ledger)
    track_ledger(ledger.path)
    assert snapshot(ledger) == before


def test_a_resolved_conflict_stays_resolved(tmp_path):
    ledger = Ledger(tmp_path / "claims.db")
    extract(ledger, document(BASE, "a.txt"), planted("March 16", "March 18"))
    track_ledger(ledger.path)
    reader = FactReader(ledger)
    (conflict,) = reader.conflicts(kind="date").conflicts
    assert reader.get(conflict.fact).open_conflicts == 1
    resolve_conflict(ledger, conflict.id, by="erin", note="the ministry confirmed the 16th")
    assert reader.conflict(conflict.id).status == "resolved"
    assert reader.get(conflict.fact).open_conflicts == 0
    assert reader.page(where=None).total >= 1
    extract(ledger, document(REREPORT, "b.txt"))
    track_ledger(ledger.path)
    assert reader.conflict(conflict.id).status == "resolved"
    resolve_conflict(ledger, conflict.id, by="erin", reopen=True)
    assert reader.conflict(conflict.id).status == "open"
    assert reader.get(conflict.fact).open_conflicts == 1


def test_decisions_are_refused_with_reasons(tracked):
    ledger = tracked
    berg = fact_of(ledger, "Anna Berg", "This agreement")
    with pytest.raises(UsageError, match="reviewer"):
        merge_facts(ledger, berg, berg + 1, by=" ")
    with pytest.raises(UsageError, match="itself"):
        merge_facts(ledger, berg, berg, by="erin")
    with pytest.raises(NotFoundError):
        merge_facts(ledger, berg, 10_000, by="erin")
    with pytest.raises(UsageError, match="not in fact"):
        split_claim(ledger, berg, 10_000, by="erin")
    with pytest.raises(NotFoundError):
        resolve_conflict(ledger, 10_000, by="erin")
    assert ledger.conn.execute("SELECT count(*) FROM fact_decisions").fetchone()[0] == 0


def test_the_decision_history_is_append_only_and_checked_by_the_ledger(tracked):
    ledger = tracked
    claim = partial_claim(ledger)
    split_claim(ledger, fact_of(ledger, "Anna Berg", "This agreement"), claim, by="erin")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger.conn.execute("UPDATE fact_decisions SET by = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger.conn.execute("DELETE FROM fact_decisions")
    insert = (
        "INSERT INTO fact_decisions (action, claim_id, other_claim_id, by, at) "
        "VALUES (?, ?, ?, ?, 't')"
    )
    for values, message in [
        (["forget", claim, claim, "ann"], "action must be one of"),
        (["merge", claim, claim, ""], "signed-in reviewer"),
        (["merge", 99_999, claim, "ann"], "no claim with that id"),
        (["resolve", claim, None, "ann"], "names the claims"),
    ]:
        with pytest.raises(sqlite3.IntegrityError, match=message):
            ledger.conn.execute(insert, values)


def test_a_decision_written_straight_into_the_table_is_applied_by_the_next_run(tracked):
    """The review desk may record a decision with SQL (a canned query); tracking applies it."""
    ledger = tracked
    berg = fact_of(ledger, "Anna Berg", "This agreement")
    lind = fact_of(ledger, "Tomas Lind", "closed doors")
    claims = [
        ledger.conn.execute("SELECT claim_id FROM facts WHERE id = ?", [f]).fetchone()[0]
        for f in (berg, lind)
    ]
    ledger.conn.execute(
        "INSERT INTO fact_decisions (action, claim_id, other_claim_id, by, at) "
        "VALUES ('merge', ?, ?, 'desk', 't')",
        claims,
    )
    track_ledger(ledger.path)
    assert fact_of(ledger, "Anna Berg", "This agreement") == fact_of(
        ledger, "Tomas Lind", "closed doors"
    )


def test_a_fact_status_is_the_fact_s_own_history_and_revoked_reviewers_are_refused(tracked):
    from claimtrack.ledger.reviewers import add_reviewer, revoke_reviewer
    from claimtrack.tracking import set_fact_status

    fact = tracked.conn.execute(
        "SELECT fact_id FROM fact_claims WHERE claim_id = ?", [partial_claim(tracked)]
    ).fetchone()[0]
    before = snapshot(tracked)
    event = set_fact_status(tracked, fact, "supported", by="Erin", note="checked")
    assert (event.fact, event.status, event.by) == (fact, "supported", "Erin")
    detail = FactReader(tracked).fact(fact)
    assert detail.fact.status == "supported" and detail.as_dict()["status"] == "supported"
    assert [e.status for e in detail.statuses] == ["supported"]
    members = ",".join(str(c) for c in detail.fact.claims)
    events = tracked.conn.execute(
        f"SELECT count(*) FROM claim_events WHERE claim_id IN ({members}) AND by = 'Erin'"
    ).fetchone()[0]
    assert events == 0  # the member claims' histories are untouched
    after = snapshot(tracked)
    assert {k: v for k, v in after.items() if k != "facts"} == {
        k: v for k, v in before.items() if k != "facts"
    }  # links, nodes and conflicts unchanged

    with pytest.raises(UsageError, match="unknown status"):
        set_fact_status(tracked, fact, "true", by="Erin")
    with pytest.raises(NotFoundError):
        set_fact_status(tracked, 999999, "supported", by="Erin")
    add_reviewer(tracked, "Mallory")
    revoke_reviewer(tracked, "Mallory")
    with pytest.raises(UsageError, match="revoked"):
        set_fact_status(tracked, fact, "refuted", by="Mallory")
    with pytest.raises(UsageError, match="revoked"):
        split_claim(tracked, fact, partial_claim(tracked), by="Mallory")
    for sql, values in (
        (
            "INSERT INTO fact_status_events (fact_id, status, by, at) VALUES (?, ?, ?, 'now')",
            [fact, "refuted", "Mallory"],
        ),
        (
            "INSERT INTO fact_decisions (action, claim_id, claims, by, at) "
            "VALUES ('split', ?, '[]', 'Mallory', 'now')",
            [partial_claim(tracked)],
        ),
    ):  # the ledger itself refuses them, whoever writes
        with pytest.raises(sqlite3.IntegrityError, match="revoked"):
            tracked.conn.execute(sql, values)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        tracked.conn.execute("DELETE FROM fact_status_events")


def test_a_resolve_leaves_the_tables_as_recomputing_the_fact_would(tmp_path):
    """Resolving or reopening updates the conflict and its fact's count in place (a fact of
    forty thousand claims is not recomputed); recomputing the fact afterwards changes
    nothing, and a decision recorded while others wait to be applied recomputes as before."""
    from claimtrack.ledger.connection import write_transaction
    from claimtrack.tracking.prepare import Prepared
    from claimtrack.tracking.track import Tracker

    ledger = Ledger(tmp_path / "claims.db")
    extract(ledger, document(BASE, "a.txt"), planted("March 16", "March 18"))
    track_ledger(ledger.path)
    reader = FactReader(ledger)
    (conflict,) = reader.conflicts(kind="date").conflicts

    def recomputed() -> dict:
        before = snapshot(ledger)
        with write_transaction(ledger.conn, ledger.path):
            Tracker(ledger).apply(Prepared(), [conflict.fact])
        return before

    for reopen in (False, True, False):
        resolve_conflict(ledger, conflict.id, by="erin", reopen=reopen)
        expected = "open" if reopen else "resolved"
        assert reader.conflict(conflict.id).status == expected
        assert reader.get(conflict.fact).open_conflicts == (1 if reopen else 0)
        assert recomputed() == snapshot(ledger)
    # a decision waiting to be applied (written straight into the table): the full path
    ledger.conn.execute(
        "INSERT INTO fact_decisions (action, claim_id, other_claim_id, field, by, at) "
        "VALUES ('reopen', ?, ?, ?, 'desk', 't')",
        [*conflict.claims, conflict.field],
    )
    resolve_conflict(ledger, conflict.id, by="erin", reopen=True)
    assert reader.conflict(conflict.id).status == "open"
    assert recomputed() == snapshot(ledger)
