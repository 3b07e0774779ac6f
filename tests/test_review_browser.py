"""End to end in real headless Chromium (Debian's ``chromium``, driven by playwright):
``claimtrack review`` started as a user starts it, a reviewer signs in with the printed link,
opens the review queue and a claim, sees its span highlighted, sets a status with a note and
sees the new history row; an anonymous browser and a cross-site form cannot write. The desk's
flow from the keyboard alone (status, note, save and next, undo, next and previous), bulk
status from the queue, clickable highlights, the layout in a 1,280 px window, and a revoked
reviewer's session ending at their next click.

Skipped when no Chromium is installed, unless ``CLAIMTRACK_REQUIRE_BROWSER=1`` (as in CI),
which turns a missing browser into a failure.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import CHROMIUM, FLAGS, require_chromium, review_server

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

HOSTILE = (
    "Evil Corp said on March 3, 2024 that it signed a deal with "
    '<script>window.__pwned = true; alert("x")</script> Acme Ltd. '
    '"We are <img src=x onerror="window.__pwned=true">thrilled," said Jane Roe, the CEO.'
)

require_chromium()

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def served(tmp_path, seed_document):
    """``claimtrack review`` on a fresh ledger, on a free port; yields (sign-in link, ledger)."""
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    extract_documents(ledger, [seed_document, Document(HOSTILE, "hostile.txt")], OfflineExtractor())
    ledger.close()
    with review_server(path) as link:
        yield link, path


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
        page.wait_for_url("**/-/claimtrack/queue*")
        assert page.locator("h1").inner_text() == "Review queue"
        assert "Signed in as Erin Editor" in page.content()

        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        claim_id = int(page.url.rsplit("/", 1)[1].split("?")[0])
        evidence = page.locator(".ct-passage mark.ct-hl[data-fields~=ev]")
        assert evidence.count() >= 1 and evidence.first.is_visible()

        page.check("input[name=status][value=refuted]")
        page.fill("#ct-note", "The ministry denied it the next day.")
        page.click("#ct-save")
        page.wait_for_url(f"**/-/claimtrack/claims/{claim_id}?*")
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
        page.wait_for_url("**/-/claimtrack/queue*")
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
        page.wait_for_url("**/-/claimtrack/queue")
        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        assert page.locator("form.ct-review").count() == 0
        assert "Sign in as a reviewer" in page.content()
        claim_id = int(page.url.rsplit("/", 1)[1].split("?")[0])
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


def signed_in_page(playwright, tmp_path, link, profile):
    context = browser_context(playwright, tmp_path / profile)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(link)
    page.click("button:has-text('Sign in as Erin Editor')")
    page.wait_for_url("**/-/claimtrack/queue*")
    return context, page


def claim_on(page):
    return int(page.url.rsplit("/", 1)[1].split("?")[0])


def test_the_review_flow_from_the_keyboard(served, tmp_path):
    """Status, note, save and next, undo, next and previous: keys only, and what the ledger
    records for each."""
    link, path = served
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in_page(playwright, tmp_path, link, "keys-profile")
        page.goto(page.url + "?kind=quote")
        left = int(page.locator("#ct-total").inner_text().replace(",", ""))
        # move to the first row and open it, from the keyboard
        page.keyboard.press("j")
        page.keyboard.press("o")
        page.wait_for_url("**/-/claimtrack/claims/*?kind=quote")
        first = claim_on(page)
        assert page.locator("#ct-left").inner_text() == str(left)
        before = history(path)

        page.keyboard.press("2")  # supported
        assert page.locator("input[name=status][value=supported]").is_checked()
        page.keyboard.press("n")
        assert page.evaluate("document.activeElement.id") == "ct-note"
        page.keyboard.type("Matches the transcript.")
        page.keyboard.press("Control+Enter")  # save and next, from the note
        page.wait_for_url("**/-/claimtrack/claims/*saved=*")
        second = claim_on(page)
        assert second != first
        assert page.locator("#ct-left").inner_text() == str(left - 1)
        assert "Saved: claim #" in page.locator(".ct-saved").inner_text()
        new = history(path)[len(before) :]
        assert [(e["claim_id"], e["status"], e["note"], e["by"]) for e in new] == [
            (first, "supported", "Matches the transcript.", "Erin Editor")
        ]

        page.keyboard.press("u")  # undo the save just made
        page.wait_for_url(f"**/-/claimtrack/claims/{first}?kind=quote")
        assert page.locator("#current-status").inner_text() == "unverified"
        undo = history(path)[-1]
        assert (undo["claim_id"], undo["status"], undo["note"]) == (
            first,
            "unverified",
            f"undo of #{new[0]['id']}",
        )
        assert len(history(path)) == len(before) + 2  # appended, nothing deleted

        page.keyboard.press("j")
        page.wait_for_url(f"**/-/claimtrack/claims/{second}?kind=quote")
        page.keyboard.press("k")
        page.wait_for_url(f"**/-/claimtrack/claims/{first}?kind=quote")
        page.keyboard.press("4")  # disputed
        page.keyboard.press("Enter")  # save and next
        page.wait_for_url(f"**/-/claimtrack/claims/{second}?kind=quote&saved=*")
        assert history(path)[-1]["status"] == "disputed"
        context.close()


def test_bulk_status_from_the_queue(served, tmp_path):
    link, path = served
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in_page(playwright, tmp_path, link, "bulk-profile")
        ids = [
            int(i)
            for i in page.locator("#ct-queue tbody tr").evaluate_all(
                "rows => rows.map(r => r.dataset.claim)"
            )
        ]
        before = history(path)
        for _ in range(2):
            page.keyboard.press("j")
            page.keyboard.press("x")
        page.select_option("#ct-bulk-status", "needs_work")
        page.fill("#ct-bulk-note", "check the wire copy")
        page.click("#ct-bulk-apply")
        page.wait_for_load_state()
        assert "2 claims set to needs_work" in page.content()
        new = history(path)[len(before) :]
        assert sorted((e["claim_id"], e["status"], e["note"]) for e in new) == [
            (i, "needs_work", "check the wire copy") for i in sorted(ids[:2])
        ]
        context.close()


def test_the_desk_fits_the_window_and_highlights_open_their_claims(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in_page(playwright, tmp_path, link, "layout-profile")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        assert page.locator("textarea").count() == 0  # no SQL over the queue
        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        form = page.locator("form.ct-review").bounding_box()
        assert form["y"] + 100 < 900  # the form is in view without scrolling
        assert page.locator(".ct-passage").count() == 1

        ledger = Ledger(path)
        document, shared = ledger.db.execute(
            "SELECT document_id, min(id) FROM claims GROUP BY document_id, evidence_start, "
            "evidence_end HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        single = ledger.db.execute(
            "SELECT min(c.id) FROM claims c WHERE c.document_id = ? AND NOT EXISTS (SELECT 1 "
            "FROM claims o WHERE o.document_id = c.document_id AND o.id != c.id AND "
            "o.evidence_start < c.evidence_end AND o.evidence_end > c.evidence_start)",
            [document],
        ).fetchone()[0]
        ledger.close()
        page.goto(f"{base}/-/claimtrack/documents/{document}")
        page.locator(f"a.ct-hl[data-claims~='{shared}']").first.click()
        menu = page.locator(".ct-menu a")
        assert menu.count() >= 2
        menu.first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        if single is not None:
            page.goto(f"{base}/-/claimtrack/documents/{document}")
            page.locator(f"a.ct-hl[data-claims='{single}']").first.click()
            page.wait_for_url(f"**/-/claimtrack/claims/{single}")
        context.close()


def test_a_revoked_reviewers_session_ends_at_their_next_click(served, tmp_path):
    from claimtrack.ledger.reviewers import revoke_reviewer

    link, path = served
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in_page(playwright, tmp_path, link, "revoked-profile")
        page.locator("a.ct-review-link").first.click()
        page.wait_for_url("**/-/claimtrack/claims/*")
        assert page.locator("form.ct-review").count() == 1
        before = history(path)
        ledger = Ledger(path)
        revoke_reviewer(ledger, "Erin Editor")
        ledger.close()
        # the form was already on the page: posting it now is refused
        page.check("input[name=status][value=supported]")
        with page.expect_navigation() as posted:
            page.click("#ct-save")
        assert posted.value.status == 403
        page.go_back()
        page.reload()
        assert page.locator("form.ct-review").count() == 0
        assert "Sign in as a reviewer" in page.content()
        assert not [c for c in context.cookies() if c["name"] == "ds_actor"]
        assert history(path) == before
        context.close()
