"""The review queue's fact filters in real headless Chromium: on a tracked ledger a reviewer
goes to the fact filter with ``f``, types a fact's number, opens its first claim from the
keyboard and works through the fact with "save and next" — every claim saved is one of the
fact's, in the queue's order, and the last one goes back to the filtered queue; the sources
and open-conflict choices narrow the queue to what the ledger says.

Skipped when no Chromium is installed, unless ``CLAIMTRACK_REQUIRE_BROWSER=1``.
"""

import sqlite3

import pytest
from chromium import require_chromium
from test_review_facts_browser import served, signed_in  # noqa: F401  (a fixture)

require_chromium()
sync_api = pytest.importorskip("playwright.sync_api")

RANK = (
    "CASE grounding WHEN 'ungrounded' THEN 0 WHEN 'fuzzy' THEN 1 WHEN 'elided' THEN 2 "
    "WHEN 'normalized' THEN 3 ELSE 4 END"
)


def rows(path, sql, params=()):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def queue_of(path, where, params=()):
    return [
        r[0]
        for r in rows(
            path,
            f"SELECT id FROM claims WHERE status IN ('unverified', 'needs_work') AND {where} "
            f"ORDER BY {RANK}, grounding_score, id",
            params,
        )
    ]


def ids_on(page):
    return [
        int(i)
        for i in page.locator("#ct-queue tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.claim)"
        )
    ]


def claim_on(page):
    return int(page.url.rsplit("/", 1)[1].split("?")[0])


def test_working_through_one_fact_from_the_keyboard(served, tmp_path):  # noqa: F811
    link, path = served
    (fact,) = rows(
        path, "SELECT id FROM facts WHERE claim_count >= 3 ORDER BY claim_count DESC, id LIMIT 1"
    )[0]
    order = queue_of(path, "id IN (SELECT claim_id FROM fact_claims WHERE fact_id = ?)", [fact])
    assert len(order) >= 3
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in(playwright, tmp_path, link, "fact-queue-profile")
        assert "f</kbd> fact filter" in page.content()
        page.keyboard.press("f")
        assert page.evaluate("document.activeElement.id") == "ct-fact"
        page.keyboard.type(str(fact))
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/-/claimtrack/queue?*&fact={fact}&*")
        assert ids_on(page) == order
        assert page.locator("#ct-total").inner_text() == str(len(order))

        page.keyboard.press("j")
        page.keyboard.press("o")
        page.wait_for_url(f"**/-/claimtrack/claims/{order[0]}?fact={fact}")
        assert f"in fact #{fact}" in page.content()
        assert page.locator("#ct-left").inner_text() == str(len(order))
        for index, expected in enumerate(order):
            assert claim_on(page) == expected
            page.keyboard.press("2")  # supported
            page.keyboard.press("Enter")  # save and next
            if index + 1 < len(order):
                page.wait_for_url(f"**/-/claimtrack/claims/{order[index + 1]}?fact={fact}&saved=*")
        page.wait_for_url(f"**/-/claimtrack/queue?fact={fact}")
        assert "That was the last claim of this queue" in page.content()
        recorded = rows(
            path,
            f"SELECT claim_id FROM claim_events WHERE status = 'supported' "
            f"AND by = 'Erin Editor' ORDER BY id DESC LIMIT {len(order)}",
        )
        assert [r[0] for r in recorded][::-1] == order  # each one of the fact's, in order
        context.close()


def test_sources_and_conflict_choices_narrow_the_queue(served, tmp_path):  # noqa: F811
    link, path = served
    in_sources = (
        "id IN (SELECT fc.claim_id FROM fact_claims fc JOIN facts f ON f.id = fc.fact_id "
        "WHERE f.independent_count >= 2)"
    )
    in_conflict = (
        "id IN (SELECT claim_a FROM conflicts WHERE status = 'open' "
        "UNION SELECT claim_b FROM conflicts WHERE status = 'open')"
    )
    with sync_api.sync_playwright() as playwright:
        context, page = signed_in(playwright, tmp_path, link, "fact-choices-profile")
        page.focus("#ct-sources")
        page.keyboard.press("ArrowDown")  # "2+ independent sources", the first choice
        assert page.locator("#ct-sources").input_value() == "2"
        page.focus("#ct-fact")
        page.keyboard.press("Enter")
        page.wait_for_url("**/-/claimtrack/queue?*&sources=2&*")
        assert ids_on(page) == queue_of(path, in_sources)[:50]

        page.focus("#ct-conflict")
        page.keyboard.press("Space")
        page.focus("#ct-fact")
        page.keyboard.press("Enter")
        page.wait_for_url("**/-/claimtrack/queue?*&sources=2&*conflict=1*")
        expected = queue_of(path, f"{in_sources} AND {in_conflict}")
        assert expected and ids_on(page) == expected
        context.close()
