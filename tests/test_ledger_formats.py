"""What the ledger keeps of a document read from another format (migration
m008_document_formats): format, author, the raw file's hash per source, a PDF's pages."""

import sqlite_utils

from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.migrations import m008_document_formats
from claimtrack.records import Document, Extractor

EXTRACTOR = Extractor("offline", "m", "p", "h")
TEXT = "Cover page.\n\nOn May 1, 2024, Portugal and Spain met."


def test_the_raw_hash_is_kept_per_source_and_pages_per_document(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    run = ledger.start_run(EXTRACTOR)
    first = Document(
        text=TEXT,
        source="a.pdf",
        author="A. Writer",
        format="pdf",
        raw_sha256="1" * 64,
        pages=(0, 13),
    )
    # the same text from another file: one document, two sources, each with its own hash
    second = Document(text=TEXT, source="b.pdf", format="pdf", raw_sha256="2" * 64, pages=(0, 13))
    ledger.add_claims(first, run, EXTRACTOR, [])
    assert ledger.add_source(second, run) == "a.pdf"
    ledger.close()
    reader = LedgerReader(path)
    row = reader.document(first.id)
    assert (row["format"], row["author"], row["raw_sha256"]) == ("pdf", "A. Writer", "1" * 64)
    assert reader.document_pages(first.id) == (0, 13)
    assert [(s["source"], s["raw_sha256"], s["format"]) for s in row["sources"]] == [
        ("a.pdf", "1" * 64, "pdf"),
        ("b.pdf", "2" * 64, "pdf"),
    ]
    reader.close()


def test_a_text_document_has_no_pages(tmp_path):
    path = tmp_path / "l.db"
    ledger = Ledger(path)
    document = Document(text="Plain.", source="a.txt")
    ledger.add_claims(document, ledger.start_run(EXTRACTOR), EXTRACTOR, [])
    ledger.close()
    reader = LedgerReader(path)
    assert reader.document_pages(document.id) == ()
    assert reader.document(document.id)["format"] is None
    reader.close()


def test_the_migration_is_safe_to_apply_twice(tmp_path):
    path = tmp_path / "l.db"
    Ledger(path).close()
    db = sqlite_utils.Database(path)
    m008_document_formats(db)  # applied again, as under another name after a renumbering
    columns = db["document_sources"].columns_dict
    assert {"format", "author", "raw_sha256"} <= set(columns)
    assert {"format", "author", "raw_sha256", "pages"} <= set(db["documents"].columns_dict)
