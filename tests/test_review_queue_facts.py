"""The review queue's fact filters through Datasette's own test client: the claims of one fact,
of facts with N or more independent sources, or in an open conflict; each reaches every claim
forwards and back in the queue's order (or, for a filter larger than ``queue.BROAD``, in id
order), combines with the other filters, is offered as a choice with its count, is checked, and
is carried by "save and next"."""

import sqlite3

import pytest
from test_review import run, signed_in_form, started
from test_review_desk import ids_on, link, reference, total_on, walk
from test_review_facts import lind_fact, tracked_path  # noqa: F401  (a fixture)

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document
from claimtrack.review_plugin import queue

AWAITING = "status IN ('unverified', 'needs_work')"
IN_FACT = "id IN (SELECT claim_id FROM fact_claims WHERE fact_id = {fact})"
IN_SOURCES = (
    "id IN (SELECT fc.claim_id FROM fact_claims fc JOIN facts f ON f.id = fc.fact_id "
    "WHERE f.independent_count >= {n})"
)
IN_CONFLICT = (
    "id IN (SELECT claim_a FROM conflicts WHERE status = 'open' "
    "UNION SELECT claim_b FROM conflicts WHERE status = 'open')"
)


def in_id_order(path, where):
    connection = sqlite3.connect(path)
    try:
        return [
            r[0] for r in connection.execute(f"SELECT id FROM claims WHERE {where} ORDER BY id")
        ]
    finally:
        connection.close()


def cases(path):
    fact = lind_fact(path)
    return [
        (f"fact={fact}", f"{AWAITING} AND {IN_FACT.format(fact=fact)}"),
        ("sources=2", f"{AWAITING} AND {IN_SOURCES.format(n=2)}"),
        ("conflict=1", f"{AWAITING} AND {IN_CONFLICT}"),
        (f"status=any&kind=quote&fact={fact}", f"kind = 'quote' AND {IN_FACT.format(fact=fact)}"),
        ("sources=2&conflict=1", f"{AWAITING} AND {IN_SOURCES.format(n=2)} AND {IN_CONFLICT}"),
        (
            "document=words.txt&conflict=1",
            f"{AWAITING} AND {IN_CONFLICT} AND document_id = "
            "(SELECT id FROM documents WHERE source = 'words.txt')",
        ),
    ]


def test_fact_filters_page_through_every_claim_in_review_order(tracked_path):  # noqa: F811
    for query, where in cases(tracked_path):
        expected = reference(tracked_path, where)
        assert expected, query  # each case has claims to show

        async def scenario(query=query):
            datasette = await started(tracked_path)
            return await walk(datasette, f"/-/claimtrack/queue?size=25&{query}")

        forwards, backwards, total, _ = run(scenario())
        assert forwards == expected and backwards == expected, query
        assert total == len(expected), query


def test_a_large_fact_filter_is_walked_in_id_order_forwards_and_back(
    tracked_path,  # noqa: F811
    monkeypatch,
):
    """More than BROAD claims: read in id order a chunk at a time, the count bounded."""
    monkeypatch.setattr(queue, "BROAD", 2)
    monkeypatch.setattr(queue, "_CHUNK", 3)
    for query, where in cases(tracked_path)[:3] + cases(tracked_path)[3:4]:
        expected = in_id_order(tracked_path, where)

        async def scenario(query=query):
            datasette = await started(tracked_path)
            forwards, pages = [], []
            url = f"/-/claimtrack/queue?size=25&{query}"
            while url:
                page = (await datasette.client.get(url)).text
                pages.append(page)
                forwards.extend(ids_on(page))
                url = link(page, "ct-page-next")
            backwards = ids_on(pages[-1])
            url = link(pages[-1], "ct-page-prev")
            while url:
                page = (await datasette.client.get(url)).text
                backwards = ids_on(page) + backwards
                url = link(page, "ct-page-prev")
            return forwards, backwards, pages[0]

        forwards, backwards, first = run(scenario())
        assert forwards == expected and backwards == expected, query
        if len(expected) > 2 and "kind=" not in query:
            assert "more than 2" in first and "fact filter" in first


def test_the_conflict_walk_merges_both_sides_once_each(tracked_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(queue, "_CHUNK", 1)
    checked = queue.Checked(queue.QueueFilter(status="any", conflict=True), driver="conflict")
    connection = sqlite3.connect(tracked_path)
    try:
        seen, position = [], 0
        while chunk := queue._walk(connection, checked, position, True):
            seen.extend(chunk)
            position = chunk[-1]
    finally:
        connection.close()
    assert seen == in_id_order(tracked_path, IN_CONFLICT)


def test_fact_filters_are_choices_with_counts_and_checked(tracked_path):  # noqa: F811
    fact = lind_fact(tracked_path)
    connection = sqlite3.connect(tracked_path)
    two = connection.execute("SELECT count(*) FROM facts WHERE independent_count >= 2").fetchone()
    opened = connection.execute("SELECT count(*) FROM conflicts WHERE status = 'open'").fetchone()
    connection.close()

    async def scenario():
        datasette = await started(tracked_path)
        pages = {}
        for query in (
            "",
            "fact=abc",
            "fact=99999",
            "sources=x",
            f"fact=%23{fact}",
            "fact=99999999999999999999999",
            "sources=0",
        ):
            pages[query] = (await datasette.client.get(f"/-/claimtrack/queue?{query}")).text
        return pages

    pages = run(scenario())
    form = pages[""].split('<form class="ct-filters"')[1].split("</form>")[0]
    assert '<select name="sources" id="ct-sources">' in form
    assert f"in a fact with 2+ independent sources ({two[0]:,} facts)" in form
    assert f"has an open conflict ({opened[0]:,})" in form
    assert 'name="fact"' in form
    assert "There is no fact &#39;abc&#39;" in pages["fact=abc"]
    assert "There is no fact #99999." in pages["fact=99999"]
    assert "Sources must be a number" in pages["sources=x"]
    assert "Sources must be a number" in pages["sources=0"]
    assert (
        "There is no fact &#39;99999999999999999999999&#39;"
        in pages["fact=99999999999999999999999"]
    )
    assert ids_on(pages[f"fact=%23{fact}"])  # "#12" is read as 12


def test_an_untracked_ledger_says_to_track_it(tmp_path, seed_text):
    path = tmp_path / "untracked.db"
    ledger = Ledger(path)
    extract_documents(ledger, [Document(seed_text, "seed.txt")], OfflineExtractor())
    ledger.close()

    async def scenario():
        datasette = await started(path)
        plain = (await datasette.client.get("/-/claimtrack/queue")).text
        asked = (await datasette.client.get("/-/claimtrack/queue?conflict=1")).text
        return plain, asked

    plain, asked = run(scenario())
    assert 'id="ct-sources"' not in plain and ids_on(plain)
    assert "run &#39;claimtrack track&#39;" in asked and not ids_on(asked)


@pytest.mark.parametrize("broad", [False, True])
def test_save_and_next_stays_in_the_fact(tracked_path, monkeypatch, broad):  # noqa: F811
    if broad:
        monkeypatch.setattr(queue, "BROAD", 1)
    fact = lind_fact(tracked_path)
    where = f"{AWAITING} AND {IN_FACT.format(fact=fact)}"
    order = in_id_order(tracked_path, where) if broad else reference(tracked_path, where)
    assert len(order) >= 3
    first, second = order[:2]
    carried = f"fact={fact}"

    async def scenario():
        datasette = await started(tracked_path)
        cookies, token = await signed_in_form(datasette, first)
        page = (
            await datasette.client.get(f"/-/claimtrack/claims/{first}?{carried}", cookies=cookies)
        ).text
        saved = await datasette.client.post(
            f"/-/claimtrack/claims/{first}/status",
            data={"csrftoken": token, "status": "supported", "next": "1", "queue": carried},
            cookies=cookies,
        )
        return page, saved

    page, saved = run(scenario())
    assert f"in fact #{fact}" in page
    assert f'id="ct-next" rel="next" href="/-/claimtrack/claims/{second}?{carried}"' in page
    if not broad:
        assert f'id="ct-left">{len(order)}<' in page
    assert saved.headers["location"].startswith(f"/-/claimtrack/claims/{second}?{carried}&saved=")


def test_the_fact_page_links_to_its_claims_in_the_queue(tracked_path):  # noqa: F811
    fact = lind_fact(tracked_path)

    async def scenario():
        datasette = await started(tracked_path)
        return (await datasette.client.get(f"/-/claimtrack/facts/{fact}")).text

    page = run(scenario())
    assert f'href="/-/claimtrack/queue?fact={fact}"' in page


def test_counts_of_a_fact_queue(tracked_path):  # noqa: F811
    fact = lind_fact(tracked_path)
    expected = reference(tracked_path, f"{AWAITING} AND {IN_FACT.format(fact=fact)}")

    async def scenario():
        datasette = await started(tracked_path)
        return (await datasette.client.get(f"/-/claimtrack/queue?fact={fact}")).text

    assert total_on(run(scenario())) == len(expected)


def every_copy(path, fact, monkeypatch):
    """The documents on each page of the fact's every-copy view, in order."""
    from claimtrack.review_plugin import fact_read

    monkeypatch.setattr(fact_read, "SOURCES_PER_PAGE", 2)
    connection = sqlite3.connect(path)
    try:
        shown, at = [], 0
        while True:
            view = fact_read.read_fact(connection, str(path), fact, copies=True, at=at)
            if view.first != at or not view.shown:
                return shown, view.total_shown
            shown.extend(card.row.document_id for card in view.shown)
            at += 2
    finally:
        connection.close()


def test_every_copy_pages_follow_the_fact_as_it_changes(tracked_path, monkeypatch):  # noqa: F811
    """The pages of every copy are slices of a list kept while the fact is unchanged: each
    document once, in the order seen; a split changes the fact, and the pages follow."""
    from claimtrack.tracking import split_claim

    fact = lind_fact(tracked_path)
    order = (
        "SELECT d.document_id FROM (SELECT DISTINCT document_id FROM fact_claims "
        "WHERE fact_id = ?) d LEFT JOIN document_groups g ON g.document_id = d.document_id "
        "ORDER BY coalesce(g.seen, ''), d.document_id"
    )
    connection = sqlite3.connect(tracked_path)
    expected = [r[0] for r in connection.execute(order, [fact])]
    connection.close()
    shown, total = every_copy(tracked_path, fact, monkeypatch)
    assert shown == expected and total == len(expected) and len(expected) >= 3

    connection = sqlite3.connect(tracked_path)
    claim, document = connection.execute(
        "SELECT claim_id, document_id FROM fact_claims WHERE fact_id = ? ORDER BY claim_id DESC",
        [fact],
    ).fetchone()
    connection.close()
    ledger = Ledger(tracked_path)
    try:
        split_claim(ledger, fact, claim, by="alice")
    finally:
        ledger.close()
    connection = sqlite3.connect(tracked_path)
    after = [r[0] for r in connection.execute(order, [fact])]
    connection.close()
    assert document not in after
    assert every_copy(tracked_path, fact, monkeypatch) == (after, len(after))
