"""``claimtrack extract`` on a folder as people have one (HTML, PDF, DOCX, and files claimtrack
does not read), the run summary's skipped files, ``--strict``, pages in ``show``, and the
progress bar."""

import io
import json
import sqlite3

import pytest
from made_files import make_article_html, make_docx, make_pdf
from rich.console import Console

from claimtrack.cli import cli
from claimtrack.cli.extract import progress_bar
from claimtrack.documents import count_documents


@pytest.fixture(autouse=True)
def _no_llm(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "page.html").write_bytes(make_article_html())
    (docs / "report.pdf").write_bytes(
        make_pdf(
            [
                ["Cover page."],
                ["On May 1, 2024, Portugal and Spain signed a water agreement in Lisbon."],
            ]
        )
    )
    (docs / "sub" / "minutes.docx").write_bytes(
        make_docx(["On March 3, 2024, the council of Porto met in the town hall."])
    )
    (docs / "notes.txt").write_text("On June 2, 2024, the harbour reopened.")
    (docs / "data.csv").write_text("a,b\n1,2\n")
    (docs / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (docs / ".git").mkdir()
    (docs / ".git" / "config").write_text("hidden: never looked at")
    return docs


def test_a_folder_is_read_whole_and_unsupported_files_are_named(runner, tmp_path, folder):
    db = str(tmp_path / "c.db")
    result = run(runner, "extract", str(folder), "--db", db)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert f"Skipped: {folder / 'data.csv'}: claimtrack does not read .csv files" in err
    assert f"Skipped: {folder / 'sub' / 'photo.jpg'}: claimtrack does not read .jpg" in err
    assert ".git" not in err
    assert "Warning: 2 file(s) in the folders given were not read" in err
    assert "4 document(s) extracted, 0 already done, 0 failed, 2 file(s) not read" in err
    with sqlite3.connect(db) as conn:
        formats = dict(conn.execute("SELECT source, format FROM documents").fetchall())
    assert {k.removeprefix(str(folder) + "/"): v for k, v in formats.items()} == {
        "notes.txt": None,
        "page.html": "html",
        "report.pdf": "pdf",
        "sub/minutes.docx": "docx",
    }


def test_strict_makes_skipped_files_an_error(runner, tmp_path, folder):
    db = str(tmp_path / "c.db")
    result = run(runner, "extract", str(folder), "--db", db, "--strict", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["strict"] is True and summary["documents_done"] == 4
    assert [s["source"] for s in summary["files_skipped"]] == [
        str(folder / "data.csv"),
        str(folder / "sub" / "photo.jpg"),
    ]
    assert all("does not read" in s["reason"] for s in summary["files_skipped"])
    text = run(runner, "extract", str(folder), "--db", db, "--strict")
    assert text.exit_code == 1 and f"Error: {folder / 'data.csv'}: " in text.stderr
    dry = run(runner, "extract", str(folder), "--db", db, "--strict", "--dry-run", "--json")
    assert dry.exit_code == 1 and len(json.loads(dry.stdout)["files_skipped"]) == 2


def test_without_skipped_files_the_summary_says_nothing_of_them(runner, tmp_path):
    (tmp_path / "a.txt").write_text("On June 2, 2024, the harbour reopened.")
    result = run(runner, "extract", str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0 and "not read" not in result.stderr
    assert "Skipped" not in result.stderr and "Warning" not in result.stderr


def test_a_malformed_pdf_is_one_line_and_loses_nothing_else(runner, tmp_path, folder):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "scan.pdf").write_bytes(make_pdf([[]]))
    db = str(tmp_path / "c.db")
    result = run(runner, "extract", str(folder), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 3
    assert any(f"{folder / 'broken.pdf'}: not a readable PDF" in e for e in errors)
    assert any(f"{folder / 'broken.docx'}: not a readable DOCX file" in e for e in errors)
    assert any(f"{folder / 'scan.pdf'}: the PDF has no text layer" in e for e in errors)
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (4,)


def test_show_prints_the_page_of_a_span(runner, tmp_path, folder):
    db = str(tmp_path / "c.db")
    run(runner, "extract", str(folder / "report.pdf"), "--db", db)
    listed = run(runner, "claims", "--db", db, "--json").stdout.splitlines()
    claim_id = next(json.loads(line)["id"] for line in listed)
    shown = run(runner, "show", str(claim_id), "--db", db)
    assert "p. 2" in shown.stdout and "Evidence on p. 2" in shown.stdout
    data = json.loads(run(runner, "show", str(claim_id), "--db", db, "--json").stdout)
    assert data["pages"]["evidence"] == "p. 2"
    with sqlite3.connect(db) as conn:
        (pages,) = conn.execute("SELECT pages FROM documents").fetchone()
    assert json.loads(pages) == [0, len("Cover page.") + 2]


def test_show_of_a_text_document_has_no_page(runner, tmp_path):
    (tmp_path / "a.txt").write_text("On June 2, 2024, the harbour reopened.")
    db = str(tmp_path / "c.db")
    run(runner, "extract", str(tmp_path / "a.txt"), "--db", db)
    shown = run(runner, "show", "1", "--db", db)
    assert shown.exit_code == 0 and "p. " not in shown.stdout
    assert "pages" not in json.loads(run(runner, "show", "1", "--db", db, "--json").stdout)


def test_the_number_of_documents_is_known_without_stdin(tmp_path):
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "b.jsonl").write_text('{"text": "1"}\n\n{"text": "2"}\n{bad\n')
    sources = [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), "https://example.org/a.html"]
    assert count_documents(sources) == 5
    assert count_documents([*sources, "-"]) is None
    assert count_documents(["https://example.org/feed.jsonl"]) is None


def test_the_progress_bar_shows_a_total_and_time_left_when_the_total_is_known():
    out = io.StringIO()
    err = Console(file=out, force_terminal=True, width=100)
    with progress_bar(err, 10, show=True) as bar:
        task = bar.add_task("documents", total=10)
        bar.advance(task, 4)
        bar.refresh()
    drawn = out.getvalue()
    assert "4/10" in drawn and "ETA" in drawn
    out = io.StringIO()
    err = Console(file=out, force_terminal=True, width=100)
    with progress_bar(err, None, show=True) as bar:
        task = bar.add_task("documents", total=None)
        bar.advance(task, 4)
        bar.refresh()
    assert "ETA" not in out.getvalue()


def test_extract_on_a_terminal_draws_the_total_and_time_left(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("On June 2, 2024, the harbour reopened.")
    (tmp_path / "docs" / "b.jsonl").write_text('{"text": "On June 3, 2024, it closed."}\n' * 2)
    result = runner.invoke(
        cli,
        ["extract", str(tmp_path / "docs"), "--db", str(tmp_path / "c.db")],
        env={"FORCE_COLOR": "1"},  # rich draws the bar as on a terminal
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "3/3" in result.stderr and "ETA" in result.stderr
