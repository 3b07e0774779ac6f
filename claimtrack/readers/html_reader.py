"""HTML pages: the main text of an article, without navigation, scripts, styles, ads and
comments, and its title, author, URL and date, read by trafilatura (made for news pages).

trafilatura drops ``<script>``, ``<style>`` and other markup that is not text before it looks
for the article, and gives plain text (no markup survives). It also removes invisible format
characters (bidirectional overrides, zero-width spaces) and turns no-break spaces into spaces;
letters of every script, emoji and accents are kept. The date is htmldate's reading of the
page: its metadata, or failing that the page itself.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import trafilatura

from claimtrack.errors import DocumentError
from claimtrack.readers import Extracted, clean, join_blocks, one_line

# trafilatura and htmldate log what they could not find as warnings; claimtrack reports one line
# per document instead.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# The date is only looked for in the page's own metadata and markup, never guessed from text
# far from it; pages from the future are not refused (the bound is the fetch date).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read(source: str, data: bytes, max_bytes: int) -> Extracted:
    """The article in an HTML page (bytes in any encoding the page declares)."""
    try:
        found = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
        meta: dict[str, Any] = {}
        if isinstance(found, dict):
            meta = found
        elif found is not None:
            meta = found.as_dict()
    except Exception as error:  # any parser failure on an untrusted page is this page's error
        raise DocumentError(
            source, f"not a readable HTML page ({type(error).__name__}: {one_line(str(error))})"
        ) from error
    text = join_blocks(str(meta.get("text") or "").split("\n"))
    if not text or _menu_only(text):
        raise DocumentError(source, "no article text found in this HTML page")
    return Extracted(
        text=text,
        title=clean(meta.get("title")),
        author=clean(meta.get("author")),
        url=clean(meta.get("url")),
        published=_date(meta.get("date")),
    )


def _menu_only(text: str) -> bool:
    """What trafilatura falls back to on a page with no article (its menu, a few links): a few
    words and not one sentence."""
    return len(text.split()) < 5 and not any(mark in text for mark in ".!?")


def _date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
