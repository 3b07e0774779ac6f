"""Reviewers' decisions on facts: merge two facts, split a claim out of its fact, resolve (or
reopen) a conflict, set a fact's verification status.

Each decision is appended to the ``fact_decisions`` history (append-only, enforced by the
ledger) and applied at once, in the same transaction: the facts it touches are recomputed (a
resolve or reopen, when every earlier decision is applied, sets the conflict's status and its
fact's count in place: recomputing would leave them the same).
Later tracking respects it: a split claim never rejoins the claims it was split from on the
matcher's word (only another reviewer's merge joins them again), merged facts stay one, and a
resolved conflict stays resolved while the same two claims disagree on the same field.

A fact's status (``set_fact_status``) is appended to the fact's own history
(``fact_status_events``); the member claims' histories are left as they are. A revoked
reviewer's decisions are refused (here with a message, and by the ledger itself).
"""

from __future__ import annotations

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.ledger import Ledger
from claimtrack.ledger.connection import write_transaction
from claimtrack.ledger.reviewers import EXTRACTOR_NAME, find_reviewer
from claimtrack.tracking import store
from claimtrack.tracking.prepare import Prepared
from claimtrack.tracking.shapes import Decision, FactStatusEvent
from claimtrack.tracking.track import Tracker
from claimtrack.vocabulary import STATUSES


def _reviewer(ledger: Ledger, by: str) -> str:
    """The reviewer's name, refused when empty, the extractor's, or revoked."""
    if not by or not by.strip():
        raise UsageError("a decision needs a reviewer name (--by)")
    name = " ".join(by.split())
    if name.casefold() == EXTRACTOR_NAME:
        raise UsageError(f"{EXTRACTOR_NAME!r} is the extractor's name, not a reviewer's")
    found = find_reviewer(ledger.conn, name)
    if found is not None and not found.active:
        raise UsageError(
            f"{name!r} was revoked on {found.revoked_at}: 'claimtrack reviewers add "
            f'"{name}"\' reinstates them'
        )
    return name


def _fact(ledger: Ledger, fact_id: int) -> tuple[str, int]:
    row = ledger.conn.execute("SELECT kind, claim_id FROM facts WHERE id = ?", [fact_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no fact with id {fact_id}")
    return str(row[0]), int(row[1])


def _apply(ledger: Ledger, facts: list[int]) -> None:
    Tracker(ledger).apply(Prepared(), facts)


def merge_facts(
    ledger: Ledger, fact_id: int, other_fact_id: int, *, by: str, note: str | None = None
) -> Decision:
    """Make two facts one (their canonical claims are recorded as the same fact)."""
    by = _reviewer(ledger, by)
    if fact_id == other_fact_id:
        raise UsageError("a fact cannot be merged with itself")
    with write_transaction(ledger.conn, ledger.path):
        kind, claim = _fact(ledger, fact_id)
        other_kind, other_claim = _fact(ledger, other_fact_id)
        if kind != other_kind:
            raise UsageError(f"fact {fact_id} is a {kind}, fact {other_fact_id} a {other_kind}")
        row = store.insert_decision(
            ledger.conn,
            action="merge",
            fact_id=fact_id,
            other_fact_id=other_fact_id,
            claim_id=claim,
            other_claim_id=other_claim,
            note=note,
            by=by,
        )
        _apply(ledger, [fact_id, other_fact_id])
    return Decision.of(row)


def split_claim(
    ledger: Ledger, fact_id: int, claim_id: int, *, by: str, note: str | None = None
) -> Decision:
    """Take a claim out of its fact: it is not the same as the fact's other claims. It
    stands alone, or joins another fact it matches."""
    by = _reviewer(ledger, by)
    with write_transaction(ledger.conn, ledger.path):
        _fact(ledger, fact_id)
        members = [
            r[0]
            for r in ledger.conn.execute(
                "SELECT claim_id FROM fact_claims WHERE fact_id = ? ORDER BY claim_id", [fact_id]
            )
        ]
        if claim_id not in members:
            raise UsageError(f"claim {claim_id} is not in fact {fact_id}")
        others = [c for c in members if c != claim_id]
        if not others:
            raise UsageError(f"claim {claim_id} is the only claim of fact {fact_id}")
        row = store.insert_decision(
            ledger.conn,
            action="split",
            fact_id=fact_id,
            claim_id=claim_id,
            claims=others,
            note=note,
            by=by,
        )
        _apply(ledger, [fact_id])
    return Decision.of(row)


def resolve_conflict(
    ledger: Ledger,
    conflict_id: int,
    *,
    by: str,
    note: str | None = None,
    reopen: bool = False,
) -> Decision:
    """Mark a conflict resolved (or open again, with ``reopen``)."""
    by = _reviewer(ledger, by)
    with write_transaction(ledger.conn, ledger.path):
        row = ledger.conn.execute(
            "SELECT fact_id, claim_a, claim_b, field FROM conflicts WHERE id = ?", [conflict_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no conflict with id {conflict_id}")
        fact_id, claim_a, claim_b, field = row
        conn = ledger.conn
        caught_up = store.state(conn, "decisions_applied", "0") == str(store.last_decision(conn))
        decision = store.insert_decision(
            conn,
            action="reopen" if reopen else "resolve",
            fact_id=fact_id,
            claim_id=claim_a,
            other_claim_id=claim_b,
            conflict_id=conflict_id,
            field=field,
            note=note,
            by=by,
        )
        if caught_up:
            status = "open" if reopen else "resolved"
            _set_conflict_status(ledger, fact_id, (claim_a, claim_b, field), status)
            store.set_state(conn, "decisions_applied", str(decision.id))
        else:
            _apply(ledger, [fact_id])
    return Decision.of(decision)


def fact_of_claim(ledger: Ledger, claim_id: int) -> int:
    """The fact a claim is in; ``NotFoundError`` for an unknown or untracked claim."""
    row = ledger.conn.execute("SELECT fact_id FROM fact_claims WHERE claim_id = ?", [claim_id])
    found = row.fetchone()
    if found is not None:
        return int(found[0])
    if ledger.conn.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    raise NotFoundError(f"claim {claim_id} is not in a fact yet: run 'claimtrack track' first")


def _set_conflict_status(
    ledger: Ledger, fact_id: int, key: tuple[int, int, str], status: str
) -> None:
    """A resolve or reopen when every earlier decision is applied: the conflict's status and
    its fact's count of open conflicts, as recomputing the fact would leave them (the fact's
    claims and conflicts do not change), without recomputing a fact of forty thousand
    claims (2 s at a million claims)."""
    conn = ledger.conn
    claim_a, claim_b, field = key
    conn.execute(
        "UPDATE conflicts SET status = ? WHERE fact_id = ? AND field = ? AND status != ? AND "
        "((claim_a = ? AND claim_b = ?) OR (claim_a = ? AND claim_b = ?))",
        [status, fact_id, field, status, claim_a, claim_b, claim_b, claim_a],
    )
    open_count = int(
        conn.execute(
            "SELECT count(*) FROM conflicts WHERE fact_id = ? AND status = 'open'", [fact_id]
        ).fetchone()[0]
    )
    conn.execute(
        "UPDATE facts SET open_conflicts = ?, has_conflicts = ?, updated_at = ? "
        "WHERE id = ? AND open_conflicts != ?",
        [open_count, int(open_count > 0), store.now(), fact_id, open_count],
    )


def set_fact_status(
    ledger: Ledger, fact_id: int, status: str, *, by: str, note: str | None = None
) -> FactStatusEvent:
    """Record a reviewer's verification status for a fact: an event appended to the fact's
    history (its canonical claim noted), which the fact's ``status`` follows. The member
    claims' own histories are not touched."""
    if status not in STATUSES:
        raise UsageError(f"unknown status {status!r}; choose one of: {', '.join(STATUSES)}")
    by = _reviewer(ledger, by)
    with write_transaction(ledger.conn, ledger.path):
        _, claim = _fact(ledger, fact_id)
        cursor = ledger.conn.execute(
            "INSERT INTO fact_status_events (fact_id, claim_id, status, note, by, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [fact_id, claim, status, note, by, store.now()],
        )
        row = ledger.conn.execute(
            f"SELECT {store.STATUS_COLUMNS} FROM fact_status_events WHERE id = ?",
            [cursor.lastrowid],
        ).fetchone()
    return FactStatusEvent(*row)
