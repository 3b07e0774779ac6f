"""PDFs with a text layer, read page by page by pypdf (pure Python, no system library).

The text of each page is kept in order, a blank line between pages, and the offset where each
page starts is returned so that a span can be shown with its page. A PDF whose pages carry no
text (a scan, a PDF of images) is refused with a message saying so: claimtrack does no OCR.
"""

from __future__ import annotations

import io
import logging

import pypdf

from claimtrack.errors import DocumentError
from claimtrack.readers import Extracted, clean, one_line

# pypdf logs what it repairs in a damaged file as warnings; claimtrack reports one line per
# document instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(source: str, data: bytes, max_bytes: int) -> Extracted:
    """The text of a PDF, its pages' offsets, and its title and author from its metadata."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(source, "the PDF is encrypted and needs a password")
        texts = [_page_text(page) for page in reader.pages]
        info = reader.metadata
        title = clean(info.title) if info else None
        author = clean(info.author) if info else None
    except DocumentError:
        raise
    except Exception as error:  # any parser failure on an untrusted file is this file's error
        raise DocumentError(
            source, f"not a readable PDF ({type(error).__name__}: {one_line(str(error))})"
        ) from error
    if not any(texts):
        raise DocumentError(
            source,
            f"the PDF has no text layer ({len(texts)} page(s) of images, a scan?); "
            "claimtrack reads text PDFs only: run OCR on it first (e.g. ocrmypdf)",
        )
    pages: list[int] = []
    parts: list[str] = []
    offset = 0
    for text in texts:
        pages.append(offset)
        if text:
            parts.append(text)
            offset += len(text) + 2  # the blank line that joins it to the next page
    return Extracted(
        text="\n\n".join(parts),
        title=title,
        author=author,
        published=None,
        pages=tuple(pages),
    )


def _page_text(page: pypdf.PageObject) -> str:
    text = page.extract_text() or ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))
