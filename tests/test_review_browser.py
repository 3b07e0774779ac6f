"""End to end in real headless Chromium (Debian's ``chromium``, driven by playwright):
``claimtrack review`` started as a user starts it, a reviewer signs in with the printed link,
opens the review queue and a claim, sees its span highlighted, sets a status with a note and
sees the new history row; an anonymous browser and a cross-site form cannot write.

Skipped when no Chromium is installed, unless ``CLAIMTRACK_REQUIRE_BROWSER=1`` (as in CI),
which turns a missing browser into a failure.
"""

import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM") or shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOSTILE = (
    "Evil Corp said on March 3, 2024 that it signed a deal with "
    '<script>window.__pwned = true; alert("x")</script> Acme Ltd. '
    '"We are <img src=x onerror="window.__pwned=true">thrilled," said Jane Roe, the CEO.'
)

if not CHROMIUM:
    if os.environ.get("CLAIMTRACK_REQUIRE_BROWSER") == "1":
        raise RuntimeError("CLAIMTRACK_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium")
    pytest.skip("no chromium installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def served(tmp_path, seed_document):
    """``claimtrack review`` on a fresh ledger, on a free port; yields (sign-in link, ledger)."""
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    extract_documents(ledger, [seed_document, Document(HOSTILE, "hostile.txt")], OfflineExtractor())
    ledger.close()
    command = [sys.executable, "-c", "from claimtrack.cli import cli; cli()", "review"]
    server = subprocess.Popen(
        [*command, "--db", str(path), "--port", "0", "--reviewer", "Erin Editor"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        link = server.stdout.readline().strip()
        assert link.startswith("http://127.0.0.1:"), server.stderr.read()
        yield link, path
    finally:
        server.terminate()
        server.wait(timeout=10)


def browser_context(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=FLAGS, viewport={"width": 1200, "height": 900}
    )


def history(path):
    ledger = Ledger(path)
    try:
        return [dict(r) for r in ledger.db.query("SELECT * FROM claim_events ORDER BY id")]
    finally:
        ledger.close()


def test_a_reviewer_reviews_a_claim_in_the_browser(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    with sync_api.sync_playwright() as playwright:
        context = browser_context(playwright, tmp_path / "reviewer-profile")
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        # A link preview fetches the link first (HEAD, then GET): nothing is used up.
        for method in ("HEAD", "GET"):
            preview = context.request.fetch(link, method=method)
            assert preview.status == 200 and "ds_actor" not in preview.headers.get("set-cookie", "")
        page.goto(link)
        page.click("button:has-text('Sign in as Erin Editor')")
        page.wait_for_url("**/review_queue*")
        assert page.locator("h1").inner_text() == "Review queue"
        assert "Signed in as Erin Editor" in page.content()

        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        claim_id = int(page.url.rsplit("/", 1)[1])
        evidence = page.locator(".ct-span-row[data-field=evidence] mark.ct-span")
        assert evidence.count() == 1 and evidence.first.is_visible()

        page.select_option("#ct-status", "refuted")
        page.fill("#ct-note", "The ministry denied it the next day.")
        page.click("button[type=submit]")
        page.wait_for_url(f"**/-/claimtrack/claims/{claim_id}")
        last_row = page.locator(".ct-history tbody tr").last
        assert "refuted" in last_row.inner_text()
        assert "Erin Editor" in last_row.inner_text()
        assert "The ministry denied it the next day." in last_row.inner_text()
        assert page.locator("#current-status").inner_text() == "refuted"

        # A hostile document shows its markup as text and runs nothing.
        page.goto(f"{base}/desk/document_claims?document=hostile.txt")
        page.locator("a.ct-review-link").first.click()
        page.click("text=the whole document")
        assert "<script>window.__pwned" in page.locator(".ct-document").inner_text()
        page.screenshot(path=str(tmp_path / "document.png"))
        assert page.evaluate("window.__pwned === undefined") and dialogs == []

        # A forged form on a page of the desk's own origin, without the CSRF token: refused.
        before = history(path)
        form = (
            f'<form method="post" action="{base}/-/claimtrack/claims/{claim_id}/status">'
            '<input name="status" value="supported"><input name="note" value="forged">'
            "<button>go</button></form>"
        )
        page.set_content(form)
        with page.expect_navigation() as forged:
            page.click("button")
        assert forged.value.status == 403
        # The same form on another site, in the signed-in reviewer's browser: refused too.
        context.route(
            "http://evil.test/**", lambda route: route.fulfill(body=form, content_type="text/html")
        )
        page.goto("http://evil.test/")
        with page.expect_navigation() as cross_site:
            page.click("button")
        assert cross_site.value.status == 403
        assert history(path) == before
        context.close()

    rows = history(path)
    assert rows[-1]["status"] == "refuted" and rows[-1]["by"] == "Erin Editor"


def test_the_desk_cannot_be_framed_by_another_site(served, tmp_path):
    """Clickjacking: a page on another port frames a claim page with its status form, as the
    signed-in reviewer; the browser refuses to show the desk in the frame (X-Frame-Options,
    CSP frame-ancestors)."""
    link, _ = served
    base = link.split("/-/")[0]
    with sync_api.sync_playwright() as playwright:
        context = browser_context(playwright, tmp_path / "framed-profile")
        page = context.new_page()
        page.goto(link)
        page.click("button:has-text('Sign in as Erin Editor')")
        page.wait_for_url("**/review_queue*")
        # A page served from another port of the same host (the same site: the session
        # cookie goes along), as a local web app or a dev server would be.
        attacker = f'<iframe id="victim" src="{base}/-/claimtrack/claims/1"></iframe>'.encode()

        class Attacker(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("content-type", "text/html")
                self.end_headers()
                self.wfile.write(attacker)

            def log_message(self, *args):
                pass

        evil = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
        threading.Thread(target=evil.serve_forever, daemon=True).start()
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        page.wait_for_timeout(1500)
        frame = page.frame_locator("#victim")
        assert frame.locator("form.ct-review").count() == 0
        framed = [f for f in page.frames if f.url.startswith(base)]
        assert all(f.locator("form.ct-review").count() == 0 for f in framed)
        evil.shutdown()
        context.close()


def test_an_anonymous_browser_cannot_write(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    before = history(path)
    with sync_api.sync_playwright() as playwright:
        context = browser_context(playwright, tmp_path / "anonymous-profile")
        page = context.new_page()
        page.goto(f"{base}/desk/review_queue")
        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        assert page.locator("form.ct-review").count() == 0
        assert "Sign in as a reviewer" in page.content()
        claim_id = int(page.url.rsplit("/", 1)[1])
        # Posting anyway, from the page itself (same origin, with its CSRF cookie)...
        codes = page.evaluate(
            """async ([claimId]) => {
                const plugin = await fetch(`/-/claimtrack/claims/${claimId}/status`, {
                    method: 'POST', body: new URLSearchParams({status: 'supported'})});
                const canned = await fetch('/desk/set_status', {
                    method: 'POST', headers: {'accept': 'application/json'},
                    body: new URLSearchParams({claim_id: claimId, status: 'supported', note: ''})});
                return [plugin.status, canned.status];
            }""",
            [claim_id],
        )
        context.close()
    assert codes == [403, 403]
    assert history(path) == before
