"""Who may review a ledger: the ``reviewers`` table, its names and their revocation.

The review desk signs in only the reviewers listed here, and checks on every request that the
signed-in reviewer is still listed and not revoked, so revoking one ends their session at once.
Revoking keeps the row (and every status the reviewer recorded): the history stays readable,
and the ledger itself refuses a status change in a revoked reviewer's name. Adding a revoked
name again reinstates it; sessions from before it was reinstated stay void.

Library first: ``claimtrack reviewers add|list|revoke`` calls these functions and nothing else.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from claimtrack.errors import NotFoundError, UsageError
from claimtrack.ledger.connection import translated, write_transaction

if TYPE_CHECKING:
    from claimtrack.history import StatusEvent
    from claimtrack.ledger.read import LedgerReader
    from claimtrack.ledger.store import Ledger

# The extractor's own name in the history (``Ledger.add_claims``): never a reviewer's.
EXTRACTOR_NAME = "claimtrack"
MAX_NAME = 80
_COLUMNS = "name, added_at, revoked_at, added_by"


@dataclass(frozen=True)
class Reviewer:
    """One row of the ``reviewers`` table."""

    name: str
    added_at: str
    revoked_at: str | None = None
    added_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def clean_name(name: str) -> str:
    """A reviewer's name with its spacing tidied; refused (``UsageError``) when empty, longer
    than 80 characters, holding control or invisible formatting characters (a right-to-left
    override would make one name pass for another), or the extractor's own name."""
    tidy = " ".join(name.split())
    if not tidy:
        raise UsageError("a reviewer needs a name")
    if len(tidy) > MAX_NAME:
        raise UsageError(f"a reviewer name is limited to {MAX_NAME} characters")
    odd = [c for c in tidy if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")]
    if odd:
        raise UsageError(
            f"a reviewer name cannot hold control or invisible characters (U+{ord(odd[0]):04X})"
        )
    if tidy.casefold() == EXTRACTOR_NAME:
        raise UsageError(f"{EXTRACTOR_NAME!r} is the extractor's name in the history")
    return tidy


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def find_reviewer(connection: sqlite3.Connection, name: str) -> Reviewer | None:
    """The reviewer of that name (revoked or not), or ``None``; ``None`` too on a ledger made
    before reviewers were kept (no table): nobody is a reviewer of it."""
    try:
        row = connection.execute(
            f"SELECT {_COLUMNS} FROM reviewers WHERE name = ?", [name]
        ).fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return Reviewer(*row) if row else None


def active_reviewer(connection: sqlite3.Connection, name: str) -> Reviewer | None:
    """The reviewer of that name when they may review now (listed, not revoked)."""
    found = find_reviewer(connection, name)
    return found if found is not None and found.active else None


def require_reviewer(ledger: LedgerReader, name: str) -> Reviewer:
    """The active reviewer of that name, or a ``UsageError`` that says how to add one."""
    tidy = clean_name(name)
    with translated(ledger.path):
        found = find_reviewer(ledger.conn, tidy)
    if found is None:
        raise UsageError(
            f"{tidy!r} is not a reviewer of this ledger: add them first with "
            f"'claimtrack reviewers add \"{tidy}\"'"
        )
    if not found.active:
        raise UsageError(
            f"{tidy!r} was revoked on {found.revoked_at}: 'claimtrack reviewers add "
            f'"{tidy}"\' reinstates them'
        )
    return found


def list_reviewers(ledger: LedgerReader) -> list[Reviewer]:
    """Every reviewer, active ones first, then by name."""
    with translated(ledger.path):
        try:
            rows = ledger.conn.execute(
                f"SELECT {_COLUMNS} FROM reviewers ORDER BY revoked_at IS NOT NULL, name"
            ).fetchall()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return []
            raise
    return [Reviewer(*row) for row in rows]


def add_reviewer(ledger: Ledger, name: str, *, by: str | None = None) -> tuple[Reviewer, bool]:
    """Add a reviewer (or reinstate a revoked one); returns the reviewer and whether anything
    changed (``False``: already an active reviewer)."""
    tidy = clean_name(name)
    with write_transaction(ledger.conn, ledger.path):
        found = find_reviewer(ledger.conn, tidy)
        if found is not None and found.active:
            return found, False
        ledger.conn.execute(
            "INSERT INTO reviewers (name, added_at, revoked_at, added_by) VALUES (?, ?, NULL, ?) "
            "ON CONFLICT (name) DO UPDATE SET added_at = excluded.added_at, revoked_at = NULL, "
            "added_by = excluded.added_by",
            [tidy, _now(), by],
        )
        added = find_reviewer(ledger.conn, tidy)
    assert added is not None
    return added, True


def revoke_reviewer(ledger: Ledger, name: str) -> tuple[Reviewer, bool]:
    """Revoke a reviewer: their session stops working at the next request, and the ledger
    refuses status changes in their name. Returns the reviewer and whether anything changed
    (``False``: already revoked). Raises ``NotFoundError`` for a name that is not listed."""
    tidy = " ".join(name.split())
    with write_transaction(ledger.conn, ledger.path):
        found = find_reviewer(ledger.conn, tidy)
        if found is None:
            raise NotFoundError(f"{tidy!r} is not a reviewer of this ledger")
        if not found.active:
            return found, False
        ledger.conn.execute("UPDATE reviewers SET revoked_at = ? WHERE name = ?", [_now(), tidy])
        revoked = find_reviewer(ledger.conn, tidy)
    assert revoked is not None
    return revoked, True


# -- what reviewers' statuses say together ---------------------------------------------------

# The note of an event that undoes another: ``undo of #<event id>``. An undo is a new event
# (the history is append-only): it restores the status the claim had before the undone event.
UNDO_NOTE = "undo of #"

# Each reviewer's standing status on each claim: their latest event that neither undoes
# another nor was undone (the extractor's events are nobody's opinion). Reads through the
# partial index of reviewers' events (``idx_claim_events_reviewed``).
STANDING_SQL = (
    "SELECT e.claim_id, e.by, e.status, max(e.id) AS event_id FROM claim_events e "
    f"WHERE e.by != '{EXTRACTOR_NAME}' AND (e.note IS NULL OR e.note NOT LIKE '{UNDO_NOTE}%') "
    "AND NOT EXISTS (SELECT 1 FROM claim_events u WHERE u.claim_id = e.claim_id "
    f"AND u.by != '{EXTRACTOR_NAME}' AND u.note = '{UNDO_NOTE}' || e.id) "
    "GROUP BY e.claim_id, e.by"
)
# The claims on which reviewers disagree: their standing statuses differ (``unverified`` is
# no opinion).
DISAGREEMENTS_SQL = (
    f"SELECT claim_id FROM ({STANDING_SQL}) WHERE status != 'unverified' "
    "GROUP BY claim_id HAVING count(DISTINCT status) > 1"
)


def is_undo(note: str | None) -> bool:
    return bool(note) and str(note).startswith(UNDO_NOTE)


def standing(events: Sequence[StatusEvent]) -> dict[str, StatusEvent]:
    """Each reviewer's standing status on one claim, from its history (as ``STANDING_SQL``)."""
    undone = {
        int(event.note[len(UNDO_NOTE) :])
        for event in events
        if event.by != EXTRACTOR_NAME
        and event.note
        and is_undo(event.note)
        and event.note[len(UNDO_NOTE) :].isdigit()
    }
    found: dict[str, StatusEvent] = {}
    for event in sorted(events, key=lambda e: e.id):
        if event.by == EXTRACTOR_NAME or is_undo(event.note) or event.id in undone:
            continue
        found[event.by] = event
    return found


def disagree(positions: dict[str, StatusEvent]) -> bool:
    """Whether reviewers' standing statuses differ (``unverified`` is no opinion)."""
    return len({e.status for e in positions.values() if e.status != "unverified"}) > 1


def undo_event(connection: sqlite3.Connection, event_id: int, by: str) -> int:
    """Undo a status change: append an event, by ``by``, that restores the status the claim
    had before event ``event_id``; returns the new event's id. Nothing is deleted.

    Call inside a write transaction. Refused (``UsageError``) unless the event is ``by``'s own,
    is still the claim's latest (nobody changed the claim since) and is not itself an undo;
    ``NotFoundError`` for an unknown event."""
    from claimtrack.ledger.store import STATUS_EVENT_SQL

    row = connection.execute(
        "SELECT claim_id, by, note FROM claim_events WHERE id = ?", [event_id]
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no history event with id {event_id}")
    claim_id, author, note = row
    if author != by:
        raise UsageError(f"only {author} can undo their own status change")
    if is_undo(note):
        raise UsageError("that change is itself an undo: set the status again instead")
    latest = connection.execute(
        "SELECT id, status, by FROM claim_events WHERE claim_id = ? ORDER BY id DESC LIMIT 1",
        [claim_id],
    ).fetchone()
    if latest[0] != event_id:
        raise UsageError(
            f"claim {claim_id} changed since (now {latest[1]}, by {latest[2]}): nothing undone"
        )
    before = connection.execute(
        "SELECT status FROM claim_events WHERE claim_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
        [claim_id, event_id],
    ).fetchone()
    cursor = connection.execute(
        STATUS_EVENT_SQL.format(by=":by"),
        {
            "claim_id": claim_id,
            "status": before[0] if before else "unverified",
            "note": f"{UNDO_NOTE}{event_id}",
            "by": by,
        },
    )
    return int(cursor.lastrowid or 0)
