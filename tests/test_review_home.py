"""The ledger's own page (instead of Datasette's database page, which counts every table) and
broad searches in the review queue (read in id order, a bounded count, pages that go on)."""

from __future__ import annotations

import html as html_lib
import re
import sqlite3

import pytest
from test_review import actor_cookie, run, started
from test_review_desk import (
    desk_path,  # noqa: F401  (a fixture)
    ids_on,
    link,
)

from claimtrack.review import database_name
from claimtrack.review_plugin import queue


def test_the_database_page_is_the_desks_page_of_the_ledger(desk_path):  # noqa: F811
    name = database_name(desk_path)

    async def scenario():
        datasette = await started(desk_path)
        plain = await datasette.client.get(f"/{name}")
        home = await datasette.client.get(plain.headers["location"])
        cookies = {"ds_actor": actor_cookie(datasette)}
        signed_in = await datasette.client.get("/-/claimtrack/", cookies=cookies)
        query = await datasette.client.get(
            f"/{name}?sql=select+count(*)+from+claims", cookies=cookies
        )
        as_json = await datasette.client.get(f"/{name}.json")
        return plain, home, signed_in, query, as_json

    plain, home, signed_in, query, as_json = run(scenario())
    assert plain.status_code == 302 and plain.headers["location"] == "/-/claimtrack/"
    assert home.status_code == 200
    assert home.headers["x-frame-options"] == "DENY"
    for page in ("/-/claimtrack/queue", "/-/claimtrack/conflicts", "/-/claimtrack/timeline"):
        assert f'href="{page}"' in home.text
    tables = re.findall(r'<tr><td><a href="/[^/]+/(\w+)">', home.text)
    assert "claims" in tables and "facts" in tables and "conflicts" in tables
    # working tables and full-text shadow tables stay hidden
    assert not {t for t in tables if t.startswith(("claims_fts", "facts_fts", "fact_keys"))}
    assert "fact_edges" not in tables and "_claimtrack" not in tables
    claims = sqlite3.connect(desk_path).execute("SELECT max(id) FROM claims").fetchone()[0]
    assert f"<td>{claims:,}</td>" in home.text
    # SQL needs a signed-in reviewer; with one, the query page is Datasette's own
    assert 'name="sql"' not in home.text and 'name="sql"' in signed_in.text
    assert query.status_code == 200 and "count(*)" in query.text
    assert as_json.status_code == 200 and as_json.json()["database"] == name


@pytest.fixture
def small_broad(monkeypatch):
    """A "broad" search is one matching more than BROAD claims: made small here."""
    monkeypatch.setattr(queue, "BROAD", 10)
    monkeypatch.setattr(queue, "_CHUNK", 7)


def test_a_broad_search_pages_through_every_match_in_id_order(desk_path, small_broad):  # noqa: F811
    connection = sqlite3.connect(desk_path)
    word = "the"
    expected = [
        r[0]
        for r in connection.execute(
            "SELECT c.id FROM claims c WHERE c.status IN ('unverified', 'needs_work') AND c.id IN "
            "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?) ORDER BY c.id",
            [f'"{word}"'],
        )
    ]
    assert len(expected) > 25

    async def scenario():
        datasette = await started(desk_path)
        seen, pages, url = [], [], f"/-/claimtrack/queue?q={word}&size=25"
        while url:
            page = (await datasette.client.get(url)).text
            pages.append(page)
            seen.extend(ids_on(page))
            url = link(page, "ct-page-next")
        back = (await datasette.client.get(link(pages[-1], "ct-page-prev"))).text
        claim = await datasette.client.get(f"/-/claimtrack/claims/{seen[3]}?q={word}")
        return seen, pages, back, claim.text

    seen, pages, back, claim = run(scenario())
    assert seen == expected
    assert 'data-more-than="10">more than 10<' in pages[0]
    assert "a broad search" in pages[0]
    assert ids_on(back)[-1] == seen[-len(ids_on(pages[-1])) - 1]
    assert 'id="ct-left">more than 10<' in claim
    assert f'/-/claimtrack/claims/{seen[4]}?q={word}"' in html_lib.unescape(claim)


def test_a_broad_search_that_finds_nothing_nearby_says_so_and_goes_on(
    desk_path,  # noqa: F811
    small_broad,
    monkeypatch,
):
    monkeypatch.setattr(queue, "SCAN", 14)
    connection = sqlite3.connect(desk_path)
    with connection:
        connection.execute("INSERT INTO reviewers (name, added_at) VALUES ('t', 'now')")
        last = connection.execute(
            "SELECT max(rowid) FROM claims_fts WHERE claims_fts MATCH '\"the\"'"
        ).fetchone()[0]
        connection.execute(
            "INSERT INTO claim_events (claim_id, status, by, note, at) "
            "VALUES (?, 'refuted', 't', 'x', 'now')",
            [last],
        )
    in_fts = connection.execute(
        "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH '\"the\"' AND rowid = ?", [last]
    ).fetchone()[0]
    assert in_fts == 1

    async def scenario():
        datasette = await started(desk_path)
        url, pages = "/-/claimtrack/queue?q=the&status=refuted", []
        while url and len(pages) < 100:
            page = (await datasette.client.get(url)).text
            pages.append(page)
            url = link(page, "ct-page-next")
        return pages

    pages = run(scenario())
    assert 'id="ct-searched"' in pages[0] and ids_on(pages[0]) == []
    assert [i for p in pages for i in ids_on(p)] == [last]
