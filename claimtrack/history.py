"""A claim's verification history: one entry per status a claim has had.

Kept apart from the typed claims (``records``) because writing a status needs only this, and a
command that sets one should not wait for the claim models to load.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusEvent:
    """One entry of a claim's verification history."""

    id: int
    claim_id: int
    status: str
    note: str | None
    by: str
    at: str
