"""Documents named by URL, fetched from a stub HTTP server started here on 127.0.0.1 (a stub
written for these tests; nothing touches the network)."""

import hashlib
import json
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from made_files import ARTICLE_TEXT, make_article_html, make_docx, make_pdf

from claimtrack.cli import cli
from claimtrack.documents import load
from claimtrack.errors import DocumentError
from claimtrack.fetch import USER_AGENT, fetch
from claimtrack.records import Document

PDF = make_pdf([["The report starts here."], ["On May 1, 2024, Portugal and Spain met."]])
DOCX = make_docx(["Minutes: Maria Silva said: “We agree.”"])
ARTICLE = make_article_html()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# path -> (status, headers, body)
ROUTES = {
    "/news/article": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE),
    "/old-address": (301, {"Location": "/news/article"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file.txt"}, b""),
    "/report": (200, {"Content-Type": "application/pdf"}, PDF),
    "/minutes": (200, {"Content-Type": DOCX_TYPE}, DOCX),
    "/files/notes.md": (
        200,
        {"Content-Type": "application/octet-stream"},
        b"---\ntitle: Notes\n---\nThe notes say hello.",
    ),
    "/latin": (
        200,
        {"Content-Type": "text/plain; charset=iso-8859-1"},
        "Café déjà.".encode("latin-1"),
    ),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
    "/missing": (404, {"Content-Type": "text/plain"}, b"not here"),
    "/big": (200, {"Content-Type": "text/plain"}, b"x" * 5000),
}


class Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        Handler.seen.append({"path": self.path, "user-agent": self.headers.get("User-Agent", "")})
        if self.path == "/slow":
            time.sleep(1.5)
            return self._send(200, {"Content-Type": "text/plain"}, b"late")
        if self.path in ("/trickle", "/endless"):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30 if self.path == "/trickle" else 10_000):
                try:
                    self.wfile.write(b"x" * (1 if self.path == "/trickle" else 1000))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1 if self.path == "/trickle" else 0)
            return
        self._send(*ROUTES.get(self.path, (404, {}, b"")))

    def _send(self, status, headers, body):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def one(url, **options):
    (item,) = list(load(url, **options))
    return item


def test_html_page_by_url_is_recorded_with_its_final_url(server):
    doc = one(f"{server}/old-address")
    assert isinstance(doc, Document), doc
    assert doc.source == f"{server}/old-address"
    assert doc.url == f"{server}/news/article"  # where the redirect ended, not og:url
    assert ARTICLE_TEXT in doc.text and "SCRIPT TEXT" not in doc.text
    assert doc.format == "html" and doc.raw_sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert doc.title == "Ministers meet in Lisbon"


def test_the_fetch_says_who_is_asking(server):
    Handler.seen.clear()
    fetch(f"{server}/news/article", max_bytes=100_000)
    assert Handler.seen[-1]["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("claimtrack/")


def test_the_content_type_decides_the_reader(server):
    pdf = one(f"{server}/report")
    assert pdf.format == "pdf" and len(pdf.pages) == 2 and "Portugal" in pdf.text
    docx = one(f"{server}/minutes")
    assert docx.format == "docx" and "We agree" in docx.text
    # a generic type: the suffix of the URL decides (here Markdown, with its front matter)
    notes = one(f"{server}/files/notes.md")
    assert (notes.text, notes.title, notes.format) == ("The notes say hello.", "Notes", "markdown")
    latin = one(f"{server}/latin")
    assert latin.text == "Café déjà." and latin.format == "text"


@pytest.mark.parametrize(
    ("path", "options", "reason"),
    [
        ("/missing", {}, "HTTP 404 Not Found"),
        ("/loop", {}, "more than 5 redirects"),
        ("/to-ftp", {}, "redirected to a URL that is not http or https"),
        ("/image", {}, "unsupported content type (image/png)"),
        ("/big", {"max_bytes": 1000}, "too large (5,000 bytes; the limit is 1,000"),
        ("/endless", {"max_bytes": 50_000}, "too large (over 50,000 bytes"),
        ("/slow", {"fetch_timeout": 0.5}, "timed out after 0.5 s"),
        ("/trickle", {"fetch_timeout": 1.0}, "timed out after 1 s"),
    ],
)
def test_a_url_that_cannot_be_read_is_one_error(server, path, options, reason):
    started = time.monotonic()
    item = one(f"{server}{path}", **options)
    assert isinstance(item, DocumentError), item
    assert str(item).startswith(f"{server}{path}: {reason}"), str(item)
    assert time.monotonic() - started < 2.5  # the trickle is stopped by the whole-fetch limit


def test_a_refused_connection_is_one_error():
    item = one("http://127.0.0.1:9/nothing", fetch_timeout=2)
    assert isinstance(item, DocumentError) and "cannot fetch" in str(item)


def test_extract_a_url_from_the_command_line(server, tmp_path, runner, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    db = str(tmp_path / "c.db")
    url = f"{server}/old-address"
    result = runner.invoke(cli, ["extract", url, "--db", db, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents_done"] == 1
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT d.url, s.source, s.url, s.format, s.raw_sha256, d.author "
            "FROM documents d JOIN document_sources s ON s.document_id = d.id"
        ).fetchone()
    assert row == (
        f"{server}/news/article",
        url,
        f"{server}/news/article",
        "html",
        hashlib.sha256(ARTICLE).hexdigest(),
        "Ana Reporter",
    )
