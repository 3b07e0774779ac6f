"""The fact page and the conflicts queue in real headless Chromium: ``claimtrack review`` on a
tracked ledger, a reviewer signs in, opens a conflict from the queue by keyboard, sees the
sources side by side with the disputed words marked, sets the fact's status from the keyboard,
resolves the conflict, splits a claim out, merges two facts — each recorded in the tracking
history, none in the claims' histories; a form on another site cannot decide for them.

Skipped when no Chromium is installed, unless ``CLAIMTRACK_REQUIRE_BROWSER=1``.
"""

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from chromium import CHROMIUM, FLAGS, require_chromium, review_server

from claimtrack.ledger import Ledger
from claimtrack.ledger.reviewers import add_reviewer
from claimtrack.tracking import track_ledger
from tests.test_tracking_fixtures import BASE, REREPORT, SYNDICATED, document, extract, planted

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "facts.db"
    ledger = Ledger(path)
    extract(
        ledger,
        document(BASE, "a.txt"),
        document(SYNDICATED, "wire.txt"),
        document(REREPORT, "b.txt"),
        planted("ignores our fishermen", "ignores our farmers", "words.txt"),
    )
    add_reviewer(ledger, "Erin Editor", by="test")
    ledger.close()
    track_ledger(path)
    with review_server(path) as link:
        yield link, path


def rows(path, sql, params=()):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def signed_in(playwright, tmp_path, link, profile):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / profile), executable_path=CHROMIUM, args=FLAGS
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(link)
    page.click("button:has-text('Sign in as Erin Editor')")
    page.wait_for_url("**/-/claimtrack/queue*")
    return context, page


def test_a_reviewer_works_a_conflict_from_the_queue_to_its_fact(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    claim_events = rows(path, "SELECT * FROM claim_events ORDER BY id")
    ((conflict, fact),) = rows(path, "SELECT id, fact_id FROM conflicts WHERE kind = 'wording'")
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in(playwright, tmp_path, link, "facts-profile")
        page.goto(f"{base}/-/claimtrack/conflicts?kind=wording")
        assert page.locator("#ct-total").inner_text() == "1"
        page.keyboard.press("j")
        page.keyboard.press("o")  # the fact of the current row
        page.wait_for_url(f"**/-/claimtrack/facts/{fact}*")
        # sources side by side, each with its span; the changed words marked as disputed
        cards = page.locator("article.ct-card")
        assert cards.count() == 3
        boxes = [cards.nth(i).bounding_box() for i in range(2)]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5  # side by side, not stacked
        disputed = page.locator("mark.ct-hl.ct-cf")
        assert disputed.count() >= 2 and disputed.first.is_visible()
        assert (
            "farmers"
            in page.locator("article.ct-card", has_text="copy that disagrees").inner_text()
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280

        # the fact's status from the keyboard: 4 (disputed), n, a note, Ctrl+Enter
        page.keyboard.press("4")
        page.keyboard.press("n")
        page.keyboard.type("Two wordings of the quote; asking the desk in Oslo.")
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")
        assert page.locator("#ct-fact-status").inner_text() == "disputed"
        assert "Two wordings of the quote" in page.locator(".ct-history").inner_text()

        # resolve the conflict from its row
        row = page.locator(f'#ct-conflicts tr[data-conflict="{conflict}"]')
        row.locator("input[name=note]").fill("the transcript says fishermen")
        with page.expect_navigation():
            row.locator("button", has_text="Resolved").click()
        assert page.locator("#ct-open-conflicts").count() == 0
        assert page.locator(
            f'#ct-conflicts tr[data-conflict="{conflict}"] button'
        ).inner_text() == ("Reopen")
        context.close()
    assert rows(path, "SELECT status, by FROM fact_status_events") == [("disputed", "Erin Editor")]
    assert rows(path, "SELECT action, conflict_id, note FROM fact_decisions") == [
        ("resolve", conflict, "the transcript says fishermen")
    ]
    assert rows(path, "SELECT * FROM claim_events ORDER BY id") == claim_events


def test_split_and_merge_from_the_fact_page(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    ((fact,),) = rows(path, "SELECT fact_id FROM conflicts WHERE kind = 'wording'")
    changed = rows(
        path,
        "SELECT c.id FROM claims c JOIN fact_claims f ON f.claim_id = c.id "
        "WHERE f.fact_id = ? AND c.quote LIKE '%farmers%'",
        [fact],
    )[0][0]
    berg = rows(
        path,
        "SELECT f.fact_id FROM fact_claims f JOIN claims c ON c.id = f.claim_id "
        "WHERE c.speaker = 'Anna Berg' AND c.kind = 'quote' LIMIT 1",
    )[0][0]
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in(playwright, tmp_path, link, "split-profile")
        page.goto(f"{base}/-/claimtrack/facts/{fact}")
        split = page.locator(f'form.ct-split:has(input[name=claim][value="{changed}"])')
        split.locator("input[name=note]").fill("a different speech")
        with page.expect_navigation():
            split.locator("button").click()
        assert f"Claim {changed} split out of fact {fact}" in page.content()
        # merge by keyboard: m focuses the fact number
        page.keyboard.press("m")
        page.keyboard.type(str(berg))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "merged" in page.content()
        assert "merge of facts" in page.locator(".ct-history").inner_text()
        context.close()
    assert [a for (a,) in rows(path, "SELECT action FROM fact_decisions ORDER BY id")] == [
        "split",
        "merge",
    ]


def test_a_form_on_another_site_cannot_decide_for_the_reviewer(served, tmp_path):
    link, path = served
    base = link.split("/-/")[0]
    ((fact,),) = rows(path, "SELECT fact_id FROM conflicts WHERE kind = 'wording'")
    attack = (
        f'<form id="f" method="post" action="{base}/-/claimtrack/facts/{fact}/status">'
        '<input name="status" value="refuted"></form>'
        "<script>document.getElementById('f').submit()</script>"
    ).encode()

    class Attacker(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(attack)

        def log_message(self, *args):
            pass

    evil = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in(playwright, tmp_path, link, "attacked-profile")
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        page.wait_for_timeout(1500)
        # refused by the CSRF check (the form has no token), before the desk sees it
        assert "POST field did not match cookie" in page.content()
        context.close()
    evil.shutdown()
    assert rows(path, "SELECT count(*) FROM fact_status_events") == [(0,)]
