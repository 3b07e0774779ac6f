"""Word files (.docx), read by python-docx: the paragraphs and tables of the body in order, a
blank line between blocks (a table row is one block, its cells joined by `` | ``), and the
title and author of the file's properties. Headers, footers, comments and notes are left out.

A .docx is a zip file: its unpacked size is checked before anything parses it, so a small file
that unpacks to gigabytes is refused.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from claimtrack.errors import DocumentError
from claimtrack.readers import Extracted, clean, join_blocks, one_line

# A Word file unpacks to a few times its size (its images are compressed already); one that
# unpacks to more than this many times the size limit is a zip bomb, not a document.
UNPACKED_LIMIT = 10


def read(source: str, data: bytes, max_bytes: int) -> Extracted:
    """The body text of a Word file and its title and author."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_LIMIT * max_bytes:
            raise DocumentError(
                source,
                f"refused: the .docx unpacks to {unpacked:,} bytes, over {UNPACKED_LIMIT} times "
                "the size limit (a zip bomb?)",
            )
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                blocks.append(block.text)
            elif isinstance(block, Table):
                blocks.extend(_rows(block))
        properties = document.core_properties
        title, author = clean(properties.title), clean(properties.author)
    except DocumentError:
        raise
    except Exception as error:  # any parser failure on an untrusted file is this file's error
        raise DocumentError(
            source, f"not a readable DOCX file ({type(error).__name__}: {one_line(str(error))})"
        ) from error
    text = join_blocks(blocks)
    if not text:
        raise DocumentError(source, "empty document (the Word file has no text)")
    return Extracted(text=text, title=title, author=author)


def _rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if value and (not cells or cells[-1] != value):  # merged cells repeat
                cells.append(value)
        rows.append(" | ".join(cells))
    return rows
