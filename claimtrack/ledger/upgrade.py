"""Bringing a ledger's schema up to date: the pending migrations, applied under the write lock
so that of several processes opening an old ledger at once, one migrates and the others find
it done."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimtrack.ledger.connection import open_for_writing, write_transaction
from claimtrack.ledger.migrator import Schema
from claimtrack.ledger.migrator import statements as statements  # (the tests import it here)


def apply_migrations(connection: sqlite3.Connection, path: Path) -> None:
    """Apply every pending migration on ``connection``."""
    from claimtrack.ledger.migrations import migrations

    with write_transaction(connection, path):
        migrations.apply(Schema(connection))


def upgrade_file(path: Path, *, timeout: float | None = None) -> None:
    """Open the ledger at ``path`` for writing just long enough to migrate it."""
    connection = open_for_writing(path, timeout=timeout)
    try:
        apply_migrations(connection, path)
    finally:
        connection.close()
