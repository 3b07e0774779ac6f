"""The readers of HTML, PDF and DOCX, on small files made in the tests (tests/made_files.py),
through ``documents.load`` as a user's file would be read."""

import builtins
import hashlib
import io
import zipfile
from datetime import date

import pytest
from made_files import ARTICLE_TEXT, QUOTE_TEXT, make_article_html, make_docx, make_pdf

from claimtrack.documents import load
from claimtrack.errors import DocumentError
from claimtrack.pages import page_label, page_of
from claimtrack.records import Document


def read_one(path, **options):
    (item,) = list(load(str(path), **options))
    return item


def document(path, **options):
    item = read_one(path, **options)
    assert isinstance(item, Document), item
    return item


def error(path, **options):
    item = read_one(path, **options)
    assert isinstance(item, DocumentError), item
    return str(item)


# -- HTML ---------------------------------------------------------------------------------------


def test_html_article_text_and_metadata(tmp_path):
    raw = make_article_html()
    path = tmp_path / "page.html"
    path.write_bytes(raw)
    doc = document(path)
    assert ARTICLE_TEXT in doc.text and f"“{QUOTE_TEXT},”" in doc.text
    assert doc.title == "Ministers meet in Lisbon"
    assert doc.author == "Ana Reporter"
    assert doc.url == "https://news.example.org/2024/05/ministers"
    assert doc.published == date(2024, 5, 2)
    assert doc.format == "html"
    assert doc.raw_sha256 == hashlib.sha256(raw).hexdigest()
    # the stored text is the extracted text: no markup, and its id is the hash of that text
    assert "<" not in doc.text and "&ldquo;" not in doc.text
    assert doc.id == Document(text=doc.text, source="x").id
    # blocks stand apart, so the headline is not glued to the first sentence
    assert doc.text.startswith("Ministers meet in Lisbon\n\nOn May 1,")


def test_html_scripts_styles_navigation_and_comments_never_reach_the_text(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(make_article_html())
    text = document(path).text
    for left_out in ("SCRIPT TEXT", "STYLE TEXT", "alert", "NAVIGATION", "COMMENT", "FOOTER"):
        assert left_out not in text


def test_html_odd_unicode_is_kept_as_text(tmp_path):
    odd = "Arabic مرحبا, CJK 中文, Greek ελληνικά, emoji 😀, accents naïve café, <b>not bold</b>"
    path = tmp_path / "odd.html"
    path.write_bytes(make_article_html(extra=odd.replace("<", "&lt;").replace(">", "&gt;")))
    text = document(path).text
    assert odd in text  # markup written as text in the page stays text


def test_html_in_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(make_article_html(charset="windows-1252", extra="Café naïve — déjà vu"))
    assert "Café naïve — déjà vu" in document(path).text


def test_html_without_article_text_is_one_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><head><script>alert(1)</script></head><body></body></html>")
    assert error(path) == f"{path}: no article text found in this HTML page"


def test_html_with_only_a_menu_is_no_article_but_a_short_one_is(tmp_path):
    menu = tmp_path / "menu.html"
    menu.write_bytes(
        b"<html><body><nav><a href='/'>Home</a> <a href='/n'>menu</a></nav></body></html>"
    )
    assert error(menu) == f"{menu}: no article text found in this HTML page"
    brief = tmp_path / "brief.html"
    brief.write_bytes(b"<html><body><article><p>Fire in Tokyo.</p></article></body></html>")
    assert document(brief).text == "Fire in Tokyo."


def test_html_default_date_when_the_page_has_none(tmp_path):
    path = tmp_path / "nodate.html"
    path.write_bytes(
        b"<html><body><article><p>The council met and agreed a plan for the harbour."
        b"</p></article></body></html>"
    )
    assert document(path, published=date(2023, 3, 24)).published == date(2023, 3, 24)


# -- PDF ----------------------------------------------------------------------------------------


def test_pdf_text_pages_and_metadata(tmp_path):
    raw = make_pdf(
        [
            ["Cover page of the report."],
            ["On May 1, 2024, Portugal and Spain signed (a) treaty.", "It was a long day."],
            [],
            ["Page four ends it."],
        ],
        title="Water report",
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(raw)
    doc = document(path)
    assert doc.format == "pdf" and doc.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert (doc.title, doc.author) == ("Water report", "A. Writer")
    assert doc.text.split("\n\n") == [
        "Cover page of the report.",
        "On May 1, 2024, Portugal and Spain signed (a) treaty.\nIt was a long day.",
        "Page four ends it.",
    ]
    assert len(doc.pages) == 4 and doc.pages[0] == 0
    treaty = doc.text.index("Portugal")
    assert page_of(doc.pages, treaty) == 2
    assert page_of(doc.pages, doc.text.index("Page four")) == 4  # the empty page 3 is skipped
    assert page_of(doc.pages, 0) == 1
    assert page_label(doc.pages, 0, doc.text.index("Portugal") + 3) == "pp. 1–2"


def test_pdf_without_a_text_layer_says_so(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    message = error(path)
    assert message.startswith(f"{path}: the PDF has no text layer (2 page(s)")
    assert "OCR" in message


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage",
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        b"not a pdf at all, just text",
    ],
)
def test_malformed_pdf_is_one_line_and_the_others_go_on(tmp_path, content):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    good = tmp_path / "good.pdf"
    good.write_bytes(make_pdf([["A good page."]]))
    items = [*load(str(bad)), *load(str(good))]
    assert isinstance(items[0], DocumentError) and isinstance(items[1], Document)
    message = str(items[0])
    assert message.startswith(f"{bad}: ") and "\n" not in message


def test_pdf_over_the_size_limit(tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(make_pdf([["x" * 80] * 30]))
    assert "too large" in error(path, max_bytes=100)


# -- DOCX ---------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_properties(tmp_path):
    raw = make_docx(
        ["Minutes of the meeting.", "", "Maria Silva said: “We agree.”"],
        title="Minutes",
        table=[["Party", "Vote"], ["Portugal", "yes"]],
    )
    path = tmp_path / "minutes.docx"
    path.write_bytes(raw)
    doc = document(path)
    assert doc.text == (
        "Minutes of the meeting.\n\nMaria Silva said: “We agree.”\n\n"
        "Party | Vote\n\nPortugal | yes\n\nAfter the table."
    )
    assert (doc.title, doc.author, doc.format) == ("Minutes", "A. Writer", "docx")
    assert doc.raw_sha256 == hashlib.sha256(raw).hexdigest() and doc.pages == ()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04 this is not really a zip", "not a readable DOCX file (BadZipFile"),
        (None, "not a readable DOCX file"),  # a zip without a Word document inside
    ],
)
def test_malformed_docx_is_one_line(tmp_path, content, reason):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not word")
        content = buffer.getvalue()
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    message = error(path)
    assert message.startswith(f"{path}: {reason}") and "\n" not in message


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 3_000_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert "unpacks to 3,000,000 bytes" in error(path, max_bytes=100_000)


def test_docx_without_text(tmp_path):
    path = tmp_path / "blank.docx"
    path.write_bytes(make_docx(["", "   "]))
    assert error(path) == f"{path}: empty document (the Word file has no text)"


# -- a parser that is not installed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "module", "extra"),
    [(".pdf", "pypdf", "pdf"), (".docx", "docx", "docx"), (".html", "trafilatura", "html")],
)
def test_a_missing_parser_names_the_extra_to_install(tmp_path, monkeypatch, suffix, module, extra):
    import sys

    for name in list(sys.modules):
        if (
            name == module
            or name.startswith(f"{module}.")
            or name.startswith("claimtrack.readers.")
        ):
            monkeypatch.delitem(sys.modules, name)
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == module or name.startswith(f"{module}."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    path = tmp_path / f"a{suffix}"
    path.write_bytes(b"something")
    message = error(path)
    assert message.endswith(f"an optional extra: pip install 'claimtrack[{extra}]'")
    assert "\n" not in message
