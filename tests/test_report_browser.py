"""``claimtrack report`` in real headless Chromium (Debian's ``chromium``, driven by
playwright): the file opens from disk and asks for nothing else, a ``<script>`` (or an
``onerror``) in a document never runs, highlights take the reader to their claim, invisible
characters show as marks, and the text and its claims stand side by side.

Skipped when no Chromium is installed, unless ``CLAIMTRACK_REQUIRE_BROWSER=1`` (as in CI).
"""

from __future__ import annotations

import pytest
from chromium import CHROMIUM, FLAGS, require_chromium
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

HOSTILE = (
    "Evil Corp said on March 3, 2024 that it signed a deal with "
    '<script>window.__pwned = true; alert("x")</script> Acme Ltd. '
    '"We are <img src=x onerror="window.__pwned=true">thrilled," said Jane \u202eRoe\u202c, '
    'the CEO. <iframe src="https://example.com/"></iframe>\n'
)

require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def report_file(tmp_path, seed_document):
    path = tmp_path / "c.db"
    ledger = Ledger(path)
    extract_documents(ledger, [seed_document, Document(HOSTILE, "hostile.txt")], OfflineExtractor())
    ledger.set_status(3, "supported", by="Erin Editor")
    ledger.close()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_report_in_a_browser(report_file):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(report_file.as_uri())
            page.wait_for_load_state("load")

            # nothing from the document ran, and nothing was fetched but the file itself
            assert page.evaluate("window.__pwned") is None and dialogs == []
            assert requests == [report_file.as_uri()]
            assert page.locator("script, img, iframe").count() == 0
            hostile = page.locator("section.document").nth(1)
            assert '<script>window.__pwned = true; alert("x")</script>' in hostile.inner_text()
            assert "[U+202E]" in hostile.locator(".text").inner_text()

            # text and claims side by side, each highlight a link to its claim
            seed = page.locator("section.document").first
            text, claims = seed.locator(".text"), seed.locator("aside.claims")
            text_box, claims_box = text.bounding_box(), claims.bounding_box()
            assert claims_box["x"] >= text_box["x"] + text_box["width"]
            highlight = seed.locator("a.ct-hl.ct-quote").first
            target = highlight.get_attribute("href")
            highlight.click()
            assert page.url.endswith(target)
            claim = page.locator(target)
            assert claim.evaluate("element => element.matches(':target')")
            assert claim.is_visible() and "quote" in claim.inner_text()
            # a kind's colour in the text is its colour in the legend
            legend = page.locator(".legend .ct-quote")
            colour = "element => getComputedStyle(element).backgroundColor"
            assert highlight.evaluate(colour) == legend.evaluate(colour) != "rgba(0, 0, 0, 0)"
            assert "supported" in page.locator("#claim-3").inner_text()
        finally:
            browser.close()
