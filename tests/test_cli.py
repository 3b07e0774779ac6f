"""The CLI, driven as a user drives it (click's CliRunner), against real ledger files."""

import csv
import io
import json
import sqlite3

import pytest

from claimtrack.cli import cli

SEEDS = "seeds"


@pytest.fixture(autouse=True)
def _no_llm(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def test_extract_then_rerun_adds_nothing(runner, tmp_path):
    db = str(tmp_path / "c.db")
    first = run(runner, "extract", SEEDS, "--db", db, "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["backend"] == "offline" and summary["claims_added"] > 10
    second = json.loads(run(runner, "extract", SEEDS, "--db", db, "--json").stdout)
    assert (second["claims_added"], second["documents_skipped"]) == (0, 1)


def test_extract_says_which_backend(runner, tmp_path):
    result = run(runner, "extract", SEEDS, "--db", str(tmp_path / "c.db"))
    assert "with the offline backend" in result.stderr
    assert "new claim(s)" in result.stderr


def test_stdin_and_published_date(runner, tmp_path):
    db = str(tmp_path / "c.db")
    result = run(
        runner,
        "extract",
        "-",
        "--db",
        db,
        "--published",
        "2023-03-24",
        "--json",
        input="Last weekend, North Korea staged a drill near the coast of Japan.",
    )
    assert result.exit_code == 0
    (row,) = [
        json.loads(line) for line in run(runner, "claims", "--db", db, "--json").stdout.splitlines()
    ]
    assert row["fields"]["date_value"] == "2023-W11-WE"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty document"),
        (b"\x00\x01\x02", "binary file"),
        (b"\xff\xfe\xfa", "not valid UTF-8"),
    ],
)
def test_bad_input_fails_clearly_and_keeps_the_ledger(runner, tmp_path, content, message):
    db = str(tmp_path / "c.db")
    run(runner, "extract", SEEDS, "--db", db)
    before = sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run(runner, "extract", str(bad), "--db", db)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    after = sqlite3.connect(db).execute("SELECT count(*) FROM claims").fetchone()[0]
    assert before == after


def test_usage_errors_exit_2(runner, tmp_path):
    missing = run(runner, "extract", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "c.db"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run(runner, "extract", str(tmp_path / "empty"), "--db", str(tmp_path / "c.db"))
    assert empty.exit_code == 2 and "no documents in this folder" in empty.stderr
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    too_big = run(runner, "extract", str(big), "--max-bytes", "100", "--db", str(tmp_path / "c.db"))
    assert too_big.exit_code == 1 and "too large" in too_big.stderr


def test_not_a_ledger_exit_3(runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    result = run(runner, "extract", SEEDS, "--db", str(notes))
    assert result.exit_code == 3 and "not a claimtrack ledger" in result.stderr
    assert notes.read_text() == "not a database"


def test_claims_show_status_stats(runner, tmp_path):
    db = str(tmp_path / "c.db")
    run(runner, "extract", SEEDS, "--db", db)
    quotes = run(runner, "claims", "--db", db, "--kind", "quote", "--json").stdout.splitlines()
    quote = next(q for q in map(json.loads, quotes) if "outraged" in q["claim"])
    shown = run(runner, "show", str(quote["id"]), "--db", db)
    assert "outraged by the cruelty" in shown.stdout and "History" in shown.stdout
    changed = run(
        runner,
        "status",
        str(quote["id"]),
        "supported",
        "--note",
        "On video.",
        "--by",
        "ana",
        "--db",
        db,
    )
    assert changed.exit_code == 0
    detail = json.loads(run(runner, "show", str(quote["id"]), "--db", db, "--json").stdout)
    assert detail["status"] == "supported"
    assert detail["history"][-1] == {
        **detail["history"][-1],
        "status": "supported",
        "by": "ana",
        "note": "On video.",
    }
    stats = json.loads(run(runner, "stats", "--db", db, "--json").stdout)
    assert stats["by_status"]["supported"] == 1
    assert run(runner, "show", "9999", "--db", db).exit_code == 4
    assert run(runner, "status", "1", "bogus", "--by", "x", "--db", db).exit_code == 2


def test_reading_commands_do_not_create_a_ledger(runner, tmp_path):
    result = run(runner, "claims", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 3 and "no such ledger" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_export_jsonl_and_csv(runner, tmp_path, seed_text):
    db = str(tmp_path / "c.db")
    run(runner, "extract", SEEDS, "--db", db)
    records = [json.loads(line) for line in run(runner, "export", "--db", db).stdout.splitlines()]
    assert records
    for record in records:
        assert {
            "id",
            "kind",
            "claim",
            "document",
            "spans",
            "span_texts",
            "fields",
            "grounding",
            "status",
        } <= set(record)
        assert set(record["document"]) == {"id", "source"}
        for name, (start, end) in record["spans"].items():
            assert seed_text[start:end] == record["span_texts"][name]
        assert "evidence" in record["spans"]
    quote = next(r for r in records if r["kind"] == "quote" and "outraged" in r["claim"])
    assert quote["fields"]["speaker"].startswith("Kishida")
    rows = list(
        csv.DictReader(io.StringIO(run(runner, "export", "--db", db, "--format", "csv").stdout))
    )
    assert len(rows) == len(records)
    assert json.loads(rows[0]["spans"])["evidence"] == records[0]["spans"]["evidence"]
    out = tmp_path / "claims.jsonl"
    run(runner, "export", "--db", db, "-o", str(out))
    assert len(out.read_text().splitlines()) == len(records)


def test_locked_ledger_exit_3_and_nothing_lost(runner, tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    run(runner, "extract", SEEDS, "--db", str(db))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setenv("CLAIMTRACK_LOCK_TIMEOUT", "0.1")
    try:
        result = run(runner, "status", "1", "supported", "--by", "ana", "--db", str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 3 and "locked by another process" in result.stderr
    assert sqlite3.connect(db).execute("SELECT status FROM claims WHERE id = 1").fetchone() == (
        "unverified",
    )


def test_the_cli_does_not_import_the_llm_stack_until_it_is_used():
    # openai and instructor take seconds to import; the offline default must not pay for them.
    import subprocess
    import sys

    code = "import sys, claimtrack.cli; print(sorted({'openai', 'instructor'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_review_needs_a_ledger_and_a_free_port(tmp_path, runner, seed_document):
    import socket

    from claimtrack.ledger import Ledger

    missing = runner.invoke(cli, ["review", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 3 and "no such ledger" in missing.output
    not_ledger = tmp_path / "other.db"
    sqlite3.connect(not_ledger).execute("CREATE TABLE t (x)")
    refused = runner.invoke(cli, ["review", "--db", str(not_ledger)])
    assert refused.exit_code == 3 and "not a claimtrack ledger" in refused.output
    path = tmp_path / "claims.db"
    Ledger(path).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = str(busy.getsockname()[1])
        taken = runner.invoke(
            cli, ["review", "--db", str(path), "--port", port, "--reviewer", "Ann"]
        )
    assert taken.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in taken.output


def test_sign_in_link_is_signed_with_the_ledgers_secret(tmp_path, runner):
    from urllib.parse import parse_qs, urlparse

    from datasette.app import Datasette

    from claimtrack.ledger import Ledger
    from claimtrack.ledger.reviewers import add_reviewer
    from claimtrack.review import SIGN_IN_NAMESPACE, secret_for

    path = tmp_path / "claims.db"
    ledger = Ledger(path)
    add_reviewer(ledger, "Bo")  # links are issued only for known reviewers
    ledger.close()
    result = runner.invoke(
        cli, ["sign-in-link", "--db", str(path), "--reviewer", "Bo", "--url", "http://h:9"]
    )
    assert result.exit_code == 0
    link = urlparse(result.output.strip())
    assert (link.netloc, link.path) == ("h:9", "/-/claimtrack/sign-in")
    token = parse_qs(link.query)["token"][0]
    payload = Datasette(secret=secret_for(path)).unsign(token, SIGN_IN_NAMESPACE)
    assert payload["r"] == "Bo"


def test_show_and_stats_do_not_import_pydantic(runner, tmp_path):
    # the claim models and pydantic cost show most of its start-up: it reads plain values
    import subprocess
    import sys

    db = str(tmp_path / "c.db")
    run(runner, "extract", SEEDS, "--db", db)
    code = (
        "import sys\n"
        "from claimtrack.cli import cli\n"
        "try:\n    cli()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'"
        " or m == 'claimtrack.records'), file=sys.stderr)\n"
    )
    for args in (["show", "3"], ["show", "3", "--json"], ["stats"], ["stats", "--json"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *args, "--db", db],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip(), args  # it did show something
        assert result.stderr.strip().splitlines()[-1] == "[]", (args, result.stderr)
