"""The migrations' runner (claimtrack.ledger.migrator) against sqlite-utils' own Migrations:
the same schema, to the character, and the same record of what was applied, whether a ledger is
made new or brought up from an old one — and no sqlite-utils imported to make one."""

import re
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils
from sqlite_utils.migrations import Migrations as SqliteUtilsMigrations

from claimtrack.ledger import Ledger
from claimtrack.ledger.migrations import migrations
from claimtrack.ledger.upgrade import upgrade_file


def by_sqlite_utils(path, stop_before=None):
    """claimtrack's migrations, applied by sqlite-utils' Migrations (what claimtrack ran until
    it had its own runner)."""
    theirs = SqliteUtilsMigrations("claimtrack")
    for migration in migrations._migrations:
        theirs(name=migration.name)(migration.fn)
    db = sqlite_utils.Database(path)
    theirs.apply(db, stop_before=stop_before)
    db.close()


def schema(path):
    with sqlite3.connect(path) as conn:
        master = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        applied = conn.execute(
            "SELECT id, migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
        stamps = [row[0] for row in conn.execute("SELECT applied_at FROM _sqlite_migrations")]
    return master, applied, stamps


def test_a_new_ledger_is_the_one_sqlite_utils_made(tmp_path):
    Ledger(tmp_path / "ours.db").close()
    by_sqlite_utils(tmp_path / "theirs.db")
    ours, theirs = schema(tmp_path / "ours.db"), schema(tmp_path / "theirs.db")
    assert ours[0] == theirs[0]  # every table, index, trigger and view, as written
    assert ours[1] == theirs[1] and len(ours[1]) == len(migrations._migrations)
    # the time each step was applied, written as sqlite-utils writes it
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00")
    assert all(stamp.fullmatch(at) for at in ours[2] + theirs[2])


@pytest.mark.parametrize("first", ["m004_sources_runs_and_lookups", "m008_document_formats"])
def test_an_old_ledger_is_brought_up_as_sqlite_utils_brought_it(tmp_path, first):
    for name in ("ours.db", "theirs.db"):
        by_sqlite_utils(tmp_path / name, stop_before=first)
    upgrade_file(tmp_path / "ours.db")
    by_sqlite_utils(tmp_path / "theirs.db")
    ours, theirs = schema(tmp_path / "ours.db"), schema(tmp_path / "theirs.db")
    assert (ours[0], ours[1]) == (theirs[0], theirs[1])


def test_a_failing_step_leaves_the_ledger_as_it_was(tmp_path):
    from claimtrack.ledger.connection import open_for_writing, write_transaction
    from claimtrack.ledger.migrator import Migrations, Schema

    steps = Migrations("test")

    @steps()
    def m1(db):
        db.executescript("CREATE TABLE a (x); INSERT INTO a VALUES (1);")

    @steps()
    def m2(db):
        db.execute("CREATE TABLE b (x)")
        raise RuntimeError("half done")

    connection = open_for_writing(tmp_path / "t.db")
    with pytest.raises(RuntimeError), write_transaction(connection, tmp_path / "t.db"):
        steps.apply(Schema(connection))
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == set()  # the write transaction is rolled back whole
    with write_transaction(connection, tmp_path / "t.db"):
        steps._migrations.pop()
        steps.apply(Schema(connection))
    assert steps.applied(Schema(connection)) == ["m1"]
    assert connection.execute("SELECT x FROM a").fetchall() == [(1,)]
    with pytest.raises(ValueError, match="already been applied"):
        steps.apply(Schema(connection), stop_before="m1")


def test_a_new_ledger_is_made_without_importing_sqlite_utils(tmp_path):
    code = (
        "import sys\n"
        "from claimtrack.ledger import Ledger\n"
        f"Ledger({str(tmp_path / 'c.db')!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlite_utils')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
