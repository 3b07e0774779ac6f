"""``evidence``, ``verify``, ``verdict``, ``claims --verdict``, and verdicts in ``show`` and
``export``, driven as a user drives them."""

from __future__ import annotations

import json

import pytest

from claimtrack.cli import cli

SEED = "seeds/time-2023-03-east-asia-geopolitics.txt"
TRANSCRIPT = (
    "---\ntitle: Press conference\npublished: 2023-03-22\n---\n"
    "PRIME MINISTER KISHIDA: I was outraged by the cruelty of Russian soldiers in Bucha.\n\n"
    "REPORTER: When did you meet President Yoon?\n\n"
    "PRIME MINISTER KISHIDA: On March 17, I met South Korean President Yoon Suk-yeol in Tokyo "
    "to announce a diplomatic breakthrough.\n"
)


@pytest.fixture(autouse=True)
def _no_llm(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def db(runner, tmp_path):
    path = str(tmp_path / "c.db")
    assert run(runner, "extract", SEED, "--db", path).exit_code == 0
    transcript = tmp_path / "transcript.md"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    added = run(runner, "evidence", "add", str(transcript), "--label", "transcript", "--db", path)
    assert added.exit_code == 0, added.output
    assert "1 evidence source(s) added" in added.stderr
    again = run(runner, "evidence", "add", str(transcript), "--db", path)
    assert "already known" in again.stderr and "0 evidence source(s) added" in again.stderr
    return path


def test_verify_all_then_filter_show_and_export(runner, db):
    result = run(runner, "verify", "--all", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    summary = lines.pop()["summary"]
    assert summary["claims"] == len(lines) > 10
    assert summary["cost_usd"] == 0 and summary["tokens_per_claim"] == 0
    by_verdict = {line["claim_id"]: line["verdict"] for line in lines}
    supported = [i for i, v in by_verdict.items() if v == "supported"]
    refuted = [i for i, v in by_verdict.items() if v == "refuted"]
    assert supported and refuted
    listed = run(runner, "claims", "--verdict", "refuted", "--json", "--db", db)
    assert [json.loads(x)["id"] for x in listed.stdout.splitlines()] == refuted
    shown = json.loads(run(runner, "show", str(refuted[0]), "--json", "--db", db).stdout)
    assert shown["verdict"] == "refuted" and shown["status"] == "unverified"
    evidence = shown["verdicts"][0]["evidence"][0]
    assert "March 17" in evidence["text"]
    exported = run(runner, "export", "--db", db).stdout.splitlines()
    assert {json.loads(x)["verdict"] for x in exported} >= {"supported", "refuted"}
    text = run(runner, "show", str(supported[0]), "--db", db).stdout
    assert "Suggested verdict" in text and "suggests" in text


def test_accepting_a_verdict_sets_the_reviewers_status(runner, db):
    lines = run(runner, "verify", "--all", "--json", "--db", db).stdout.splitlines()[:-1]
    refuted = next(json.loads(x) for x in lines if json.loads(x)["verdict"] == "refuted")
    result = run(runner, "verdict", str(refuted["verdict_id"]), "accept", "--by", "ann", "--db", db)
    assert result.exit_code == 0, result.output
    shown = json.loads(run(runner, "show", str(refuted["claim_id"]), "--json", "--db", db).stdout)
    assert shown["status"] == "refuted" and shown["history"][-1]["by"] == "ann"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["verify"], 2, "name the claims"),
        (["verify", "999"], 4, "no claim with id 999"),
        (["verify", "--all", "--model", "x"], 2, "--model is for --backend openai"),
        (["verify", "--fact", "1"], 4, "no fact with id 1"),
        (["verdict", "999", "accept", "--by", "ann"], 4, "no verdict with id 999"),
        (["verify", "--all", "--backend", "openai"], 2, "OPENAI_API_KEY"),
    ],
)
def test_bad_requests_fail_in_one_line(runner, db, args, code, message):
    result = run(runner, *args, "--db", db)
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_evidence_add_reports_a_missing_file(runner, tmp_path):
    result = run(
        runner, "evidence", "add", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "c.db")
    )
    assert result.exit_code == 2 and "nope.txt" in result.stderr


def test_a_rerun_judges_only_what_new_evidence_could_change(runner, db, tmp_path):
    first = json.loads(run(runner, "verify", "--all", "--json", "--db", db).stdout.splitlines()[-1])
    again = run(runner, "verify", "--all", "--json", "--db", db).stdout.splitlines()
    summary = json.loads(again[-1])["summary"]
    assert summary["claims"] == 0 and summary["skipped"] == first["summary"]["claims"]
    forced = json.loads(
        run(runner, "verify", "--all", "--again", "--json", "--db", db).stdout.splitlines()[-1]
    )
    assert forced["summary"]["claims"] == first["summary"]["claims"]
    more = tmp_path / "statement.txt"
    more.write_text("A later statement about something else entirely.\n", encoding="utf-8")
    import time

    time.sleep(1.1)  # verdict times are to the second
    run(runner, "evidence", "add", str(more), "--db", db)
    after = json.loads(run(runner, "verify", "--all", "--json", "--db", db).stdout.splitlines()[-1])
    assert after["summary"]["claims"] == first["summary"]["claims"]


def test_two_processes_verifying_at_once_store_each_verdict_once(db):
    import subprocess
    import sys

    command = [sys.executable, "-m", "claimtrack.cli", "verify", "--all", "--db", db]
    running = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    for process in running:
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
    import sqlite3

    with sqlite3.connect(db) as connection:
        counts = connection.execute("SELECT count(*) FROM verdicts GROUP BY claim_id").fetchall()
        claims = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert len(counts) == claims and {n for (n,) in counts} == {1}


def test_a_negative_spending_limit_is_refused_as_for_extract(runner, db):
    for command in (["verify", "--all"], ["extract", SEED]):
        result = run(runner, *command, "--max-cost", "-1", "--db", db)
        assert result.exit_code == 2 and "x>=0" in result.stderr
