"""Readers for documents that are not plain text: HTML pages, PDFs and Word files.

Each reader takes the raw bytes of one file (or HTTP response) and gives the text claimtrack
stores, with what the file says about itself (title, author, URL, date) and, for a PDF, where
each page starts in that text. The stored text is the extracted text: every span points into it,
and the raw bytes are known only by their hash (kept by ``claimtrack.documents``).

The parsers are optional extras, imported only when a file of their format is read; a missing
one is a ``DocumentError`` naming the extra to install. Files are untrusted: a parser's failure
on a malformed file becomes one ``DocumentError`` for that file and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from claimtrack.errors import DocumentError

# The formats read by claimtrack.documents itself (as text), then those read here.
TEXT_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl"}
EXTRACTED_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
FORMAT_OF_SUFFIX = {**TEXT_FORMATS, **EXTRACTED_FORMATS}

# Media types of HTTP responses (parameters such as charset stripped), for URLs.
FORMAT_OF_MEDIA_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/x-jsonlines": "jsonl",
}

# Which extra of claimtrack installs each reader's parser.
EXTRAS = {
    "html": ("trafilatura and lxml_html_clean", "html"),
    "pdf": ("pypdf", "pdf"),
    "docx": ("python-docx", "docx"),
}


@dataclass(frozen=True)
class Extracted:
    """The text of one file in another format, and what its metadata says."""

    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    pages: tuple[int, ...] = ()


Reader = Callable[[str, bytes, int], Extracted]


def missing_parser(source: str, fmt: str) -> DocumentError:
    """The one-line error for a file whose parser is not installed."""
    names, extra = EXTRAS[fmt]
    return DocumentError(
        source,
        f"reading {fmt.upper()} needs {names}, an optional extra: "
        f"pip install 'claimtrack[{extra}]'",
    )


def read_format(fmt: str, source: str, data: bytes, max_bytes: int) -> Extracted:
    """The text of ``data`` read as ``fmt`` (html, pdf or docx); raises ``DocumentError``."""
    reader: Reader
    try:  # each parser is imported when a file of its format is first read
        if fmt == "html":
            from claimtrack.readers.html_reader import read as reader
        elif fmt == "pdf":
            from claimtrack.readers.pdf_reader import read as reader
        elif fmt == "docx":
            from claimtrack.readers.docx_reader import read as reader
        else:
            raise ValueError(f"no reader for the format {fmt!r}")
    except ImportError as error:
        raise missing_parser(source, fmt) from error
    return reader(source, data, max_bytes)


def join_blocks(blocks: list[str]) -> str:
    """Paragraphs, headings and table rows as one text, a blank line between blocks (so that the
    segmenter sees each on its own), trailing spaces and empty blocks dropped."""
    kept = [block.strip() for block in blocks]
    return "\n\n".join(block for block in kept if block)


def one_line(text: str) -> str:
    return " ".join(str(text).split())[:200]


def clean(value: object) -> str | None:
    """A metadata value as one line, or None when it is missing or blank."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
