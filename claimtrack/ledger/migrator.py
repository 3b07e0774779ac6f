"""The migrations' registry and runner: sqlite-utils' ``Migrations``, as claimtrack uses it,
without importing sqlite-utils.

Importing sqlite-utils (its database module, pluggy, dateutil...) took ~45 ms of CPU, which
every new ledger paid before its first write, and an LLM run before its first call. The steps
of ``claimtrack.ledger.migrations`` call three things on the database they are given —
``executescript``, ``execute`` and a table's ``columns``/``columns_dict`` — which ``Schema``
provides on a plain connection; and they are recorded as sqlite-utils records them, in the
same ``_sqlite_migrations`` table (the same columns, index and rows), so a ledger cannot tell
which ran its migrations. A ``sqlite_utils.Database`` may be given instead of a ``Schema``: its
own transactions (``atomic``) are used then, as sqlite-utils' ``Migrations.apply`` used them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple, TypeVar

__all__ = ["Migration", "Migrations", "Schema", "statements"]

TABLE = "_sqlite_migrations"
# What sqlite-utils 4 creates (``table.create`` and ``create_index``), to the character.
CREATE_TABLE = (
    f'CREATE TABLE "{TABLE}" (\n   "id" INTEGER PRIMARY KEY,\n   "migration_set" TEXT,\n'
    '   "name" TEXT,\n   "applied_at" TEXT\n)'
)
CREATE_INDEX = (
    f'CREATE UNIQUE INDEX "idx_{TABLE}_migration_set_name"\n'
    f'    ON "{TABLE}" ("migration_set", "name")'
)

F = TypeVar("F", bound=Callable[..., None])


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Any], None]


class Migrations:
    """A named set of migrations, applied in the order they were registered, each once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None) -> Callable[[F], F]:
        """Register the decorated function as the next migration (named after it)."""

        def register(function: F) -> F:
            chosen = name or function.__name__
            if any(m.name == chosen for m in self._migrations):
                raise ValueError(f"Migration '{chosen}' is already registered in set '{self.name}'")
            self._migrations.append(Migration(chosen, function))
            return function

        return register

    def applied(self, db: Any) -> list[str]:
        """The names of this set's migrations applied to ``db``, in the order applied."""
        connection: sqlite3.Connection = db.conn
        if not _exists(connection):
            return []
        rows = connection.execute(
            f'SELECT name FROM "{TABLE}" WHERE migration_set = ? ORDER BY rowid', [self.name]
        )
        return [row[0] for row in rows]

    def pending(self, db: Any) -> list[Migration]:
        done = set(self.applied(db))
        return [m for m in self._migrations if m.name not in done]

    def apply(self, db: Any, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply the pending migrations to ``db`` (a ``Schema``, or a ``sqlite_utils.Database``),
        each with the record of it in one transaction (a savepoint, inside one already open);
        up to, not including, a migration named in ``stop_before``."""
        stop = {stop_before} if isinstance(stop_before, str) else set(stop_before or ())
        already = stop.intersection(self.applied(db))
        if already:
            raise ValueError(
                f"Cannot stop before migration{'s' if len(already) > 1 else ''} "
                f"{', '.join(sorted(already))} in set '{self.name}' - already been applied"
            )
        connection: sqlite3.Connection = db.conn
        with db.atomic():
            if not _exists(connection):
                connection.execute(CREATE_TABLE)
                connection.execute(CREATE_INDEX)
        for migration in self.pending(db):
            if migration.name in stop:
                return
            with db.atomic():
                migration.fn(db)
                connection.execute(
                    f'INSERT INTO "{TABLE}" ("migration_set", "name", "applied_at") '
                    "VALUES (?, ?, ?)",
                    [self.name, migration.name, str(datetime.now(timezone.utc))],
                )

    def __repr__(self) -> str:
        return f"<Migrations '{self.name}': [{', '.join(m.name for m in self._migrations)}]>"


def _exists(connection: sqlite3.Connection) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone()
    return found is not None


class Column(NamedTuple):
    """A table's column, as ``sqlite_utils`` describes it (what the migrations read of it)."""

    cid: int
    name: str
    type: str
    notnull: int
    default_value: Any
    is_pk: int


class Table:
    """The columns of one table (all that the migrations ask of a table)."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self.connection = connection
        self.name = name

    @property
    def columns(self) -> list[Column]:
        quoted = self.name.replace('"', '""')
        rows = self.connection.execute(f'PRAGMA table_info("{quoted}")').fetchall()
        return [Column(*row) for row in rows]

    @property
    def columns_dict(self) -> dict[str, str]:
        """Each column's name and declared type (a migration asks only whether one is there)."""
        return {column.name: column.type for column in self.columns}


class Schema:
    """A ledger's connection, inside the transaction that migrates it, as the migrations use
    a ``sqlite_utils.Database``: ``execute``, ``executescript`` (cut into statements at their
    semicolons, ``statements``) and ``db[table].columns``."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.conn = connection

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        cursor = self.conn.cursor()
        for statement in statements(sql):
            cursor.execute(statement)
        return cursor

    def __getitem__(self, name: str) -> Table:
        return Table(self.conn, name)

    @contextmanager
    def atomic(self) -> Iterator[Schema]:
        """A savepoint inside the migrating transaction: released, or rolled back to."""
        if not self.conn.in_transaction:
            raise RuntimeError("migrations run inside the ledger's write transaction")
        self.conn.execute("SAVEPOINT claimtrack_migration")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # a RAISE(ROLLBACK) may have ended it already
                self.conn.execute("ROLLBACK TO SAVEPOINT claimtrack_migration")
                self.conn.execute("RELEASE SAVEPOINT claimtrack_migration")
            raise
        else:
            self.conn.execute("RELEASE SAVEPOINT claimtrack_migration")


def statements(sql: str) -> Iterator[str]:
    """The statements of a script, each ending at the semicolon that completes it (one inside
    a string, a comment or a trigger's body does not): the statements sqlite-utils 4 runs for a
    script inside a transaction, found without testing every prefix of it, character by
    character, as it does (~0.1 s of CPU to create a ledger)."""
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
