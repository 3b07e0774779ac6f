"""Writers of one ledger in one process: the call log's group commit (every call kept before
``keep`` returns, however many threads keep at once; a commit that fails fails every call in
it), the process's lock that writers take turns on, and the migrations' scripts cut into the
statements sqlite-utils would have run."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlite_utils.db

from claimtrack.errors import LedgerError
from claimtrack.ledger import CallLog, Ledger
from claimtrack.ledger.connection import write_transaction
from claimtrack.ledger.migrations import migrations
from claimtrack.ledger.upgrade import statements
from claimtrack.records import CallRecord, Document, Extractor

EXTRACTOR = Extractor("openai", "m", "p", "h")


def call(number: int) -> CallRecord:
    record = CallRecord(f"hash-{number}", 0, 5, "m", "p", "h", "ok", prompt_tokens=10)
    record.response = '{"claims": []}'
    return record


def test_calls_kept_by_many_threads_at_once_are_each_committed_once(tmp_path):
    ledger = Ledger(tmp_path / "c.db")
    run = ledger.start_run(EXTRACTOR)
    log = CallLog(ledger.path, run)
    document = Document("Some text to keep.", "d")
    committed: list[int] = []

    def keep(number: int) -> None:
        log.keep(document, call(number))
        # kept before keep returned: visible to a connection of its own
        seen = sqlite3.connect(ledger.path).execute(
            "SELECT count(*) FROM llm_calls WHERE request_hash = ?", [f"hash-{number}"]
        )
        committed.append(seen.fetchone()[0])

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(keep, range(400)))
    log.close()
    assert committed == [1] * 400
    rows = ledger.conn.execute("SELECT count(DISTINCT request_hash) FROM llm_calls").fetchone()
    assert rows == (400,)
    calls, tokens = ledger.conn.execute(
        "SELECT calls, prompt_tokens FROM runs WHERE id = ?", [run]
    ).fetchone()
    assert (calls, tokens) == (400, 4000)
    ledger.close()


def test_connections_opened_ahead_are_taken_by_the_threads_that_keep(tmp_path):
    ledger = Ledger(tmp_path / "c.db")
    log = CallLog(ledger.path, ledger.start_run(EXTRACTOR))
    log.open_ahead(4)
    document = Document("Some text to keep.", "d")
    used: set[int] = set()
    lock = threading.Lock()

    def keep(first: int) -> None:
        for number in range(first, first + 10):
            log.keep(document, call(number))
        with lock:
            used.add(id(log._connection()))

    threads = [threading.Thread(target=keep, args=(i * 10,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(log._opened) == 4 == len(used)  # each thread took one; none opened its own
    assert log.lookup("hash-7") == '{"claims": []}'  # this thread: one more
    assert len(log._opened) == 5
    log.close()
    assert ledger.conn.execute("SELECT count(*) FROM llm_calls").fetchone() == (40,)
    ledger.close()


def test_a_commit_that_fails_fails_every_call_in_it(tmp_path):
    ledger = Ledger(tmp_path / "c.db")
    log = CallLog(ledger.path, ledger.start_run(EXTRACTOR), timeout=0.2)
    document = Document("Some text to keep.", "d")
    other = sqlite3.connect(ledger.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    errors: list[BaseException] = []

    def keep(number: int) -> None:
        try:
            log.keep(document, call(number))
        except LedgerError as error:
            errors.append(error)

    threads = [threading.Thread(target=keep, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    other.rollback()
    assert len(errors) == 8
    assert all("locked" in str(error) for error in errors)
    log.keep(document, call(99))  # the lock is free again: the next call is kept
    found = ledger.conn.execute("SELECT request_hash FROM llm_calls").fetchall()
    assert found == [("hash-99",)]
    log.close()
    ledger.close()


def test_writers_of_one_process_take_turns_without_polling(tmp_path):
    ledger = Ledger(tmp_path / "c.db")
    inside = threading.Event()
    done: list[str] = []

    def slow_writer() -> None:
        with write_transaction(ledger.conn, ledger.path):
            inside.set()
            threading.Event().wait(0.2)
            done.append("first")

    thread = threading.Thread(target=slow_writer)
    thread.start()
    inside.wait(5)
    second = sqlite3.connect(ledger.path, timeout=0, isolation_level=None, check_same_thread=False)
    # SQLite alone would refuse at once (timeout 0): the process's lock makes it wait its turn
    with write_transaction(second, ledger.path):
        done.append("second")
    thread.join()
    assert done == ["first", "second"]
    second.close()
    ledger.close()


def _scripts() -> list[str]:
    """Every script the migrations run."""
    scripts: list[str] = []

    class Recording(sqlite_utils.Database):
        def executescript(self, sql: str) -> sqlite3.Cursor:
            scripts.append(sql)
            return super().executescript(sql)

    migrations.apply(Recording(sqlite3.connect(":memory:")))
    return scripts


@pytest.mark.parametrize(
    "sql",
    [
        "",
        "SELECT 1",
        "SELECT 1;",
        "SELECT ';' ;  SELECT 2",
        "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END; SELECT 3;",
        "SELECT 1; -- a comment; with a semicolon\n SELECT 2; /* ; */",
        "  ;  ; SELECT 1",
        *_scripts(),
    ],
)
def test_scripts_are_cut_into_the_statements_sqlite_utils_would_run(sql):
    assert list(statements(sql)) == list(sqlite_utils.db._iter_complete_sql_statements(sql))
