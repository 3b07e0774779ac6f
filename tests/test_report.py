"""``claimtrack report`` writes one self-contained HTML file: every claim listed beside its
document, every grounded claim's evidence highlighted and linked, nothing fetched from
anywhere, and every character of the document shown as text, never as markup."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.highlight import visible_text
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document, Extractor, Span, StatementClaim

HOSTILE = (
    "Evil Corp said on March 3, 2024 that it signed a deal with "
    '<script>window.__pwned = true; alert("x")</script> Acme Ltd. '
    '"We are <img src=x onerror="window.__pwned=true">thrilled," said Jane \u202eRoe\u202c, '
    "the CEO.\u200b <style>body{display:none}</style> "
    '<a href="javascript:alert(1)">click</a> ]]> <!-- --> &amp; &lt;\n'
)


class Page(HTMLParser):
    """What a browser would see: the elements, their attributes, and each text div's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._depth = 0  # inside a div.text: how deep

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append((tag, found))
        if self._depth:
            self._depth += tag not in ("br",)
        elif tag == "div" and found.get("class") == "text":
            self._depth = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.texts[-1] += data


@pytest.fixture
def reported(tmp_path, seed_document):
    path = tmp_path / "c.db"
    ledger = Ledger(path)
    hostile = Document(HOSTILE, "hostile.txt", url="javascript:alert(1)")
    extract_documents(ledger, [seed_document, hostile], OfflineExtractor())
    # a claim whose evidence is not in the document: listed, never highlighted
    made_up = StatementClaim(
        claim="Acme Ltd. doubled its profits.",
        confidence=0.5,
        spans={"evidence": Span(start=0, end=0, text="", grounding="ungrounded", claimed="x")},
    )
    extractor = Extractor("test", "m", "p", "h")
    ledger.add_claims(hostile, ledger.start_run(extractor), extractor, [made_up])
    ledger.set_status(1, "refuted", by="Erin Editor")
    ledger.close()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return path, out.read_text(encoding="utf-8"), hostile


def test_the_report_lists_every_claim_beside_its_document(reported):
    path, page, _ = reported
    parsed = Page()
    parsed.feed(page)
    with LedgerReader(path) as reader:
        claims = list(reader.iter_claims())
        texts = [reader.document_text(i) for i in reader.document_ids()]
    listed = {a["id"] for tag, a in parsed.tags if tag == "li" and a.get("id")}
    assert listed == {f"claim-{c.id}" for c in claims}
    linked = {
        int(n)
        for tag, a in parsed.tags
        if tag == "a" and "ct-hl" in (a.get("class") or "")
        for n in (a.get("data-claims") or "").split()
    }
    grounded = {c.id for c in claims if c.claim.evidence.grounding != "ungrounded"}
    assert linked == grounded and len(grounded) < len(claims)
    assert "Evidence NOT found in the document." in page
    # each document's text is all there, as text: nothing of it became markup
    assert parsed.texts == [visible_text(text) for text in texts]
    assert 'class="badge s-refuted"' in page and "ct-depth-2" in page  # status, overlaps
    for kind in ("date", "quote", "agreement", "statement"):
        assert f'<span class="swatch ct-{kind}">{kind}</span>' in page  # the legend


def test_the_report_fetches_nothing_and_runs_nothing(reported):
    _, page, _ = reported
    parsed = Page()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert tags.count("style") == 1  # ours, in the head
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("#claim-", "https://", "http://")), href
    assert "javascript:" not in "".join(str(a.get("href")) for _, a in parsed.tags)
    assert re.search(r"url\(", page) is None and "@import" not in page
    policy = next(a["content"] for t, a in parsed.tags if a.get("http-equiv"))
    assert "default-src 'none'" in policy and "script-src" not in policy
    # invisible characters are shown, not obeyed
    assert "\u202e" not in page and "\u200b" not in page
    assert "[U+202E]" in page and "[U+200B]" in page
    assert html.escape("<script>window.__pwned", quote=False) in page


def test_report_of_named_documents_and_errors(reported, tmp_path, seed_document):
    path, _, hostile = reported
    by_source = CliRunner().invoke(cli, ["report", "hostile.txt", "--db", str(path), "-o", "-"])
    assert by_source.exit_code == 0
    assert by_source.stdout.count('<section class="document"') == 1
    assert f'id="doc-{hostile.id}"' in by_source.stdout
    assert "1 document(s)" in by_source.stderr
    both = CliRunner().invoke(
        cli, ["report", seed_document.id, "hostile.txt", "--db", str(path), "-o", "-"]
    )
    assert both.stdout.count('<section class="document"') == 2
    out = tmp_path / "missing.html"
    missing = CliRunner().invoke(cli, ["report", "nowhere.txt", "--db", str(path), "-o", str(out)])
    assert missing.exit_code == 4 and not out.exists()
    assert missing.stderr.strip().splitlines() == [
        "Error: no document 'nowhere.txt' in this ledger (an id or a source)"
    ]
