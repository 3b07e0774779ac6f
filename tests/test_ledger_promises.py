"""The promises the ledger broke when it was tried from outside, each kept and tested here:
concurrent writers, killed runs, lost and fabricated claims, paid answers, merged sources,
read-only ledgers and bad output paths."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import CallRecord, Document, Extractor, QuoteClaim, Span

ROOT = Path(__file__).resolve().parent.parent
EXTRACTOR = Extractor("offline", "m", "p", "h")
CLI = [sys.executable, "-m", "claimtrack.cli"]


def _documents(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        (folder / f"d{number:03}.txt").write_text(
            f"Report {number}. On March {1 + number % 27}, 2021, the council met in Riverton. "
            f'"We will build {number + 3} bridges," the mayor, Ann Lee, said.\n',
            encoding="utf-8",
        )


# An extractor that words its claims after its own process, as two runs of a language model
# would word them differently: without the in-transaction check, both sets would be stored.
_WORDY = textwrap.dedent(
    """
    import os, sys, time
    from claimtrack.cli import cli
    from claimtrack.offline import extractor as offline

    class Wordy(offline.OfflineExtractor):
        def extract(self, document, calls=None):
            time.sleep(0.02)
            return [
                c.model_copy(update={"claim": f"{c.claim} (worded by {os.getpid()})"})
                for c in super().extract(document, calls)
            ]

    offline.OfflineExtractor = Wordy
    cli()
    """
)


def test_two_extracts_at_once_store_each_document_once(tmp_path):
    _documents(tmp_path / "docs", 40)
    db = tmp_path / "c.db"
    command = [sys.executable, "-c", _WORDY, "extract", str(tmp_path / "docs"), "--db", str(db)]
    processes = [
        subprocess.Popen(
            [*command, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    summaries = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        summaries.append(json.loads(out))
    ledger = LedgerReader(db)
    stored = ledger.count()
    assert sum(s["claims_added"] for s in summaries) == stored
    assert sum(s["documents_done"] for s in summaries) == 40
    assert sum(s["documents_skipped"] for s in summaries) == 40
    per_document = ledger.conn.execute(
        "SELECT count(DISTINCT run_id) FROM claims GROUP BY document_id"
    ).fetchall()
    assert {row[0] for row in per_document} == {1}  # one run's claims per document
    runs = ledger.runs()
    assert [r["status"] for r in runs] == ["finished", "finished"]
    assert sum(r["claims_added"] for r in runs) == stored
    assert sum(r["documents_done"] for r in runs) == 40


def test_a_status_set_during_a_batch_always_lands(tmp_path):
    _documents(tmp_path / "docs", 60)
    db = tmp_path / "c.db"
    runner = CliRunner()
    runner.invoke(cli, ["extract", str(tmp_path / "docs" / "d000.txt"), "--db", str(db)])
    batch = subprocess.Popen(
        [sys.executable, "-c", _WORDY, "extract", str(tmp_path / "docs"), "--db", str(db)],
        stderr=subprocess.PIPE,
        text=True,
    )
    results = []
    while batch.poll() is None and len(results) < 15:
        results.append(
            subprocess.run(
                [*CLI, "status", "1", "needs_work", "--by", "ana", "--db", str(db)],
                capture_output=True,
                text=True,
                timeout=60,
            )
        )
    batch.wait(timeout=120)
    assert results and all(r.returncode == 0 for r in results), [r.stderr for r in results]
    events = LedgerReader(db).history(1)
    assert sum(e.by == "ana" for e in events) == len(results)


_SLOW = textwrap.dedent(
    """
    import time
    from claimtrack.cli import cli
    from claimtrack.offline import extractor as offline

    class Slow(offline.OfflineExtractor):
        def extract(self, document, calls=None):
            time.sleep(0.15)
            return super().extract(document, calls)

    offline.OfflineExtractor = Slow
    cli()
    """
)


def test_a_killed_run_has_true_counts_and_shows_as_interrupted(tmp_path):
    _documents(tmp_path / "docs", 200)
    db = tmp_path / "c.db"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW, "extract", str(tmp_path / "docs"), "--db", str(db)],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                done = sqlite3.connect(db).execute("SELECT count(*) FROM extractions").fetchone()
            except sqlite3.Error:
                continue
            if done[0] >= 5:
                break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader = LedgerReader(db)
    (run,) = reader.runs()
    assert run["status"] == "interrupted"
    stored_documents = reader.conn.execute("SELECT count(*) FROM extractions").fetchone()[0]
    assert run["documents_done"] == stored_documents >= 5
    assert run["claims_added"] == reader.count()
    # The next writer records it so; the next run does what is left.
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "docs"), "--db", str(db), "--json"])
    summary = json.loads(result.stdout)
    assert summary["documents_skipped"] == stored_documents
    assert summary["documents_done"] == 200 - stored_documents
    statuses = [r["status"] for r in LedgerReader(db).runs()]
    assert statuses == ["finished", "interrupted"]
    assert sqlite3.connect(db).execute("SELECT status FROM runs WHERE id = 1").fetchone() == (
        "interrupted",
    )


def _quote(text: str, evidence: str, quote: str, speaker: str) -> QuoteClaim:
    start = text.index(evidence)
    return QuoteClaim(
        claim=f"{speaker} said {quote}",
        confidence=0.9,
        spans={"evidence": Span.of(text, start, start + len(evidence))},
        quote=quote,
        speaker=speaker,
    )


def test_two_quotes_of_one_sentence_are_two_claims():
    from claimtrack.llm.extractor import same_claim_key

    text = '"We won," said Ann Lee, and "they lost," said Bo Diaz.'
    first = _quote(text, text, "We won", "Ann Lee")
    second = _quote(text, text, "they lost", "Bo Diaz")
    reworded = first.model_copy(update={"claim": "Ann Lee claimed victory.", "confidence": 0.5})
    assert same_claim_key(first) != same_claim_key(second)
    assert same_claim_key(first) == same_claim_key(reworded)


def test_a_fabricated_field_makes_the_claim_ungrounded_everywhere(tmp_path):
    text = 'The budget passed. "We are done," the mayor said on Monday.'
    document = Document(text, "t")
    real = check_claim(text, _quote(text, text[19:], "We are done", "the mayor"))
    fake = check_claim(text, _quote(text, text[19:], "We are done", "Governor Ortiz"))
    assert real.grounding == "exact" and real.spans["speaker"].text == "the mayor"
    assert fake.evidence.grounding == "exact"
    assert fake.grounding == "ungrounded" and fake.spans["speaker"].claimed == "Governor Ortiz"
    ledger = Ledger(tmp_path / "c.db")
    ledger.add_claims(document, ledger.start_run(EXTRACTOR), EXTRACTOR, [real, fake])
    by_speaker = {c.claim.fields()["speaker"]: c for c in ledger.claims()}
    assert by_speaker["Governor Ortiz"].ungrounded_fields == ["speaker"]
    assert by_speaker["the mayor"].ungrounded_fields == []
    stored_grounding = ledger.conn.execute("SELECT grounding FROM claims ORDER BY id").fetchall()
    assert [g for (g,) in stored_grounding] == ["exact", "ungrounded"]
    runner = CliRunner()
    exported = [
        json.loads(line)
        for line in runner.invoke(cli, ["export", "--db", str(tmp_path / "c.db")]).stdout.split(
            "\n"
        )
        if line
    ]
    assert [e["ungrounded_fields"] for e in exported] == [[], ["speaker"]]
    shown = runner.invoke(
        cli, ["show", str(by_speaker["Governor Ortiz"].id), "--db", str(tmp_path / "c.db")]
    )
    assert "NOT IN THE DOCUMENT" in shown.stdout and "Governor Ortiz" in shown.stdout


class _PaysThenFails(OfflineExtractor):
    """Pays for an answer, checks it is already in the ledger, then fails the document."""

    threadsafe = True
    seen_in_ledger: ClassVar[list[bool]] = []

    def extract(self, document, calls=None):
        record = CallRecord("hash-1", 0, 10, "m", "p", "h", "ok", response='{"claims": []}')
        record.cost_usd = 0.01
        calls.add(record)
        visible = sqlite3.connect(self.path).execute("SELECT count(*) FROM llm_calls").fetchone()
        self.seen_in_ledger.append(visible[0] == 1)
        from claimtrack.errors import ExtractionError

        raise ExtractionError("the connection dropped after the answer")


def test_a_paid_answer_is_kept_the_moment_it_arrives(tmp_path):
    backend = _PaysThenFails()
    backend.path = tmp_path / "c.db"
    ledger = Ledger(backend.path)
    summary = extract_documents(ledger, [Document("Some text here.", "t")], backend)
    assert backend.seen_in_ledger == [True]
    assert summary.documents_failed == 1 and summary.calls == 1
    assert ledger.answer("hash-1") == '{"claims": []}'
    (run,) = ledger.runs()
    assert (run["calls"], run["cost_usd"], run["documents_failed"]) == (1, 0.01, 1)


def test_every_source_of_the_same_text_is_kept_and_reported(tmp_path):
    lines = [
        {"id": "wire-1", "text": "On May 3, 2021, the council met.", "url": "https://a.example"},
        {"id": "wire-2", "text": "On May 3, 2021, the council met.", "url": "https://b.example"},
    ]
    source = tmp_path / "feed.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines))
    result = CliRunner().invoke(
        cli, ["extract", str(source), "--db", str(tmp_path / "c.db"), "--json"]
    )
    summary = json.loads(result.stdout)
    assert (summary["documents_done"], summary["documents_skipped"]) == (1, 1)
    assert summary["merged"] == [
        f"{source}#wire-2: the same text as {source}#wire-1, extracted once"
    ]
    reader = LedgerReader(tmp_path / "c.db")
    (document_id,) = [row[0] for row in reader.conn.execute("SELECT id FROM documents")]
    assert [(s["source"], s["url"]) for s in reader.sources(document_id)] == [
        (f"{source}#wire-1", "https://a.example"),
        (f"{source}#wire-2", "https://b.example"),
    ]
    by_second_id = CliRunner().invoke(
        cli,
        ["claims", "--db", str(tmp_path / "c.db"), "--document", f"{source}#wire-2", "--json"],
    )
    assert len(by_second_id.stdout.splitlines()) == reader.count() > 0
    again = CliRunner().invoke(
        cli, ["extract", str(source), "--db", str(tmp_path / "c.db"), "--json"]
    )
    assert json.loads(again.stdout)["merged"] == []  # known sources are not news again
    assert len(reader.sources(document_id)) == 2


@pytest.mark.parametrize(
    ("target", "message", "code"),
    [
        ("/proc/version", "cannot write /proc/version", 2),
        ("{tmp}", "is a directory", 2),
        ("{tmp}/missing/out.jsonl", "cannot write", 2),
    ],
)
def test_export_to_a_bad_path_is_one_line(tmp_path, target, message, code):
    db = tmp_path / "c.db"
    CliRunner().invoke(cli, ["extract", str(ROOT / "seeds"), "--db", str(db)])
    result = subprocess.run(
        [*CLI, "export", "--db", str(db), "-o", target.format(tmp=tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_full_disk_during_export_leaves_no_partial_file(tmp_path, monkeypatch):
    from claimtrack import export

    db = tmp_path / "c.db"
    CliRunner().invoke(cli, ["extract", str(ROOT / "seeds"), "--db", str(db)])
    out = tmp_path / "claims.jsonl"
    out.write_text("the previous export\n")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_write_batch", full)
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert out.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_db_naming_a_directory_exits_3(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(ROOT / "seeds"), "--db", str(tmp_path)])
    assert result.exit_code == 3 and "is a directory" in result.stderr


def _as_nobody() -> list[str] | None:
    if os.geteuid() != 0:
        return []  # not root: file permissions already apply to us
    setpriv = "/usr/bin/setpriv"
    if not Path(setpriv).exists():
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_reading_commands_work_on_a_read_only_ledger():
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("cannot drop privileges here (no setpriv)")
    tmp_path = Path(tempfile.mkdtemp(prefix="claimtrack-ro-"))  # pytest's is root's alone
    tmp_path.chmod(0o755)
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.db"
    CliRunner().invoke(cli, ["extract", str(ROOT / "seeds"), "--db", str(db)])
    for path in (tmp_path, folder, db):
        path.chmod(0o755 if path.is_dir() else 0o644)
    folder.chmod(0o555)
    db.chmod(0o444)
    env = {**os.environ, "HOME": str(tmp_path)}
    try:
        for args in (["claims"], ["stats"], ["show", "1"], ["export", "--format", "csv"]):
            result = subprocess.run(
                [*prefix, *CLI, *args, "--db", str(db)],
                capture_output=True,
                text=True,
                env=env,
            )
            assert result.returncode == 0, (args, result.stderr)
        refused = subprocess.run(
            [*prefix, *CLI, "status", "1", "supported", "--by", "x", "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert refused.returncode == 3 and "read-only here" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        unreachable = subprocess.run(
            [*prefix, *CLI, "claims", "--db", "/root/nowhere/c.db"],
            capture_output=True,
            text=True,
            env=env,
        )
        assert unreachable.returncode == 3 and "Traceback" not in unreachable.stderr
    finally:
        folder.chmod(0o755)
        shutil.rmtree(tmp_path)


def test_export_to_a_device_writes_to_it_and_never_replaces_it(tmp_path):
    db = tmp_path / "c.db"
    CliRunner().invoke(cli, ["extract", str(ROOT / "seeds"), "--db", str(db)])
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "-o", os.devnull])
    assert result.exit_code == 0 and "Exported" in result.stderr
    assert Path(os.devnull).is_char_device()


def test_a_parallel_export_writes_what_one_process_writes(tmp_path, monkeypatch):
    import io

    from claimtrack import export

    db = tmp_path / "c.db"
    docs = tmp_path / "docs"
    _documents(docs, 30)
    CliRunner().invoke(cli, ["extract", str(docs), str(ROOT / "seeds"), "--db", str(db)])
    monkeypatch.setattr(export, "PARALLEL_FROM", 10)
    for fmt in ("jsonl", "csv"):
        alone, together = io.StringIO(), io.StringIO()
        assert export.export_ledger(db, alone, fmt, workers=1) == LedgerReader(db).count()
        export.export_ledger(db, together, fmt, workers=2)
        assert together.getvalue() == alone.getvalue() and alone.getvalue()


def test_the_same_batch_gives_the_same_ledger_under_any_hash_seed(tmp_path):
    """Claims are stored in input order whatever the process: ids and export are the same."""
    _documents(tmp_path / "docs", 40)
    exports = set()
    for seed in ("0", "1", "2"):
        db = tmp_path / f"c{seed}.db"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for args in (["extract", str(tmp_path / "docs"), str(ROOT / "seeds")], ["export"]):
            done = subprocess.run(
                [*CLI, *args, "--db", str(db)], capture_output=True, text=True, env=env
            )
            assert done.returncode == 0, done.stderr
        exports.add(done.stdout)
    assert len(exports) == 1
