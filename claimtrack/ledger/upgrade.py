"""Bringing a ledger's schema up to date: the pending migrations, applied under the write lock
so that of several processes opening an old ledger at once, one migrates and the others find
it done."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimtrack.ledger.connection import open_for_writing, write_transaction


def apply_migrations(connection: sqlite3.Connection, path: Path) -> None:
    """Apply every pending migration on ``connection`` (imports sqlite-utils only now)."""
    from claimtrack.ledger.migrations import migrations

    with write_transaction(connection, path):
        migrations.apply(_database(connection))


def _database(connection: sqlite3.Connection) -> Any:
    """``sqlite_utils.Database`` on ``connection``, whose scripts (the migrations' SQL) are cut
    into statements at their semicolons: sqlite-utils 4 cuts a script run inside a transaction
    by testing every prefix of it, character by character, which took ~0.1 s of CPU to create
    a ledger. The statements are the same (each cut is where ``sqlite3.complete_statement``
    first holds). sqlite-utils' plugins are not loaded for it (finding them reads the metadata
    of every installed package, ~30 ms of CPU; the migrations are plain SQL and call none)."""
    import sqlite_utils

    class Database(sqlite_utils.Database):
        def _executescript(self, sql: str) -> sqlite3.Cursor:
            if not self.conn.in_transaction:
                return super()._executescript(sql)
            cursor = self.conn.cursor()
            for statement in statements(sql):
                cursor.execute(statement)
            return cursor

    return Database(connection, execute_plugins=False)


def statements(sql: str) -> Iterator[str]:
    """The statements of a script, each ending at the semicolon that completes it (one inside
    a string, a comment or a trigger's body does not)."""
    pending: list[str] = []
    *pieces, rest = sql.split(";")
    for piece in pieces:
        pending.append(piece + ";")
        text = "".join(pending).strip()
        if sqlite3.complete_statement(text):
            yield text
            pending = []
    tail = ("".join(pending) + rest).strip()
    if tail:
        yield tail


def upgrade_file(path: Path, *, timeout: float | None = None) -> None:
    """Open the ledger at ``path`` for writing just long enough to migrate it."""
    connection = open_for_writing(path, timeout=timeout)
    try:
        apply_migrations(connection, path)
    finally:
        connection.close()
