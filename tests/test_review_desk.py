"""The review desk's flow through Datasette's own test client: the queue's filters and pages,
"save and next", the compact claim page, clickable highlights, bulk status, undo, reviewers'
disagreements, the lists, the canned queries' pages, the indexes they read through, and
error pages without tracebacks."""

import html as html_lib
import re
import sqlite3
from urllib.parse import urlencode

import pytest
from test_review import (
    BY_HAND,
    actor_cookie,
    events,
    ledger_path,  # noqa: F401  (a fixture)
    run,
    signed_in_form,
    started,
)

from claimtrack.ledger import Ledger
from claimtrack.ledger.reviewers import add_reviewer
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document, Span, StatementClaim
from claimtrack.review import database_name
from claimtrack.review_plugin import lists, queue
from claimtrack.review_plugin.keyset import Order

RANK = (
    "CASE grounding WHEN 'ungrounded' THEN 0 WHEN 'fuzzy' THEN 1 WHEN 'elided' THEN 2 "
    "WHEN 'normalized' THEN 3 ELSE 4 END"
)


@pytest.fixture
def desk_path(tmp_path, seed_text):
    """A ledger of five copies of the seed article (about 95 claims), with groundings and
    scores varied so that the queue's order has something to order, and two reviewers."""
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    documents = [Document(f"Copy {n}.\n\n{seed_text}", f"copy-{n}.txt") for n in range(5)]
    extract_documents(ledger, documents, OfflineExtractor())
    for name in ("alice", "bob"):
        add_reviewer(ledger, name, by="test")
    ledger.close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "UPDATE claims SET grounding = CASE id % 7 WHEN 0 THEN 'fuzzy' WHEN 1 THEN 'elided' "
            "WHEN 2 THEN 'normalized' WHEN 3 THEN 'ungrounded' ELSE 'exact' END, "
            "grounding_score = CASE id % 7 WHEN 0 THEN 0.8 + (id % 3) * 0.05 WHEN 3 THEN 0 "
            "ELSE 1.0 END"
        )
    connection.close()
    return path


def reference(path, where="status IN ('unverified', 'needs_work')", params=()):
    """The queue's order, written plainly."""
    connection = sqlite3.connect(path)
    try:
        return [
            row[0]
            for row in connection.execute(
                f"SELECT id FROM claims WHERE {where} ORDER BY {RANK}, grounding_score, id", params
            )
        ]
    finally:
        connection.close()


def ids_on(page):
    return [int(i) for i in re.findall(r'<tr data-claim="(\d+)"', page)]


def link(page, name):
    found = re.search(rf'class="{name}" rel="\w+" href="([^"]+)"', page)
    return html_lib.unescape(found.group(1)) if found else None


def total_on(page):
    return int(re.search(r'id="ct-total">([\d,]+)<', page).group(1).replace(",", ""))


async def walk(datasette, url, cookies=None):
    """Every claim of a list, page after page forwards, then back again from the last page."""
    forwards, pages = [], []
    while url:
        page = (await datasette.client.get(url, cookies=cookies)).text
        pages.append(page)
        forwards.extend(ids_on(page))
        url = link(page, "ct-page-next")
    backwards = list(ids_on(pages[-1]))
    url = link(pages[-1], "ct-page-prev")
    while url:
        page = (await datasette.client.get(url, cookies=cookies)).text
        backwards = ids_on(page) + backwards
        url = link(page, "ct-page-prev")
    return forwards, backwards, total_on(pages[0]), pages


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("size=25", "status IN ('unverified', 'needs_work')"),
        ("size=25&kind=quote", "status IN ('unverified', 'needs_work') AND kind = 'quote'"),
        (
            "size=25&grounding=fuzzy",
            "status IN ('unverified', 'needs_work') AND grounding = 'fuzzy'",
        ),
        ("size=25&status=any&kind=date", "kind = 'date'"),
        (
            "size=25&document=copy-2.txt",
            "document_id = (SELECT id FROM documents WHERE source = 'copy-2.txt')",
        ),
        ("size=25&q=Putin", "id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'Putin')"),
    ],
)
def test_the_queue_pages_through_every_claim_in_review_order(desk_path, query, where):
    expected = reference(desk_path, where)

    async def scenario():
        datasette = await started(desk_path)
        return await walk(datasette, f"/-/claimtrack/queue?{query}")

    forwards, backwards, total, pages = run(scenario())
    assert forwards == expected and backwards == expected
    assert total == len(expected)
    assert len(pages) == max(1, -(-len(expected) // 25))
    if len(pages) > 1:
        assert f"Claims <strong>26–{min(50, len(expected))}</strong>" in pages[1]


def test_queue_filters_are_choices_and_a_wrong_value_is_said_so(desk_path):
    async def scenario():
        datasette = await started(desk_path)
        pages = {}
        for query in ("", "kind=quot", "document=copy-9.txt", "speaker=Nobody", "status=maybe"):
            pages[query] = (await datasette.client.get(f"/-/claimtrack/queue?{query}")).text
        return pages

    pages = run(scenario())
    form = pages[""].split('<form class="ct-filters"')[1].split("</form>")[0]
    for name in ("status", "kind", "grounding"):
        assert f'<select name="{name}">' in form
    assert 'list="ct-documents"' in form and 'list="ct-speakers"' in form
    assert '<option value="copy-3.txt">' in pages[""]  # documents to choose from
    connection = sqlite3.connect(desk_path)
    speakers = [
        r[0]
        for r in connection.execute(
            "SELECT DISTINCT speaker FROM claims WHERE speaker IS NOT NULL ORDER BY speaker"
        )
    ]
    connection.close()
    offered = pages[""].split('id="ct-speakers"')[1].split("</datalist>")[0]
    assert re.findall(r'<option value="([^"]*)">', offered) == speakers
    assert 'type="search" name="q"' in form
    assert "There is no kind &#39;quot&#39;." in pages["kind=quot"]
    assert "No document has the id or source &#39;copy-9.txt&#39;." in pages["document=copy-9.txt"]
    assert "Did you mean: <q>copy-0.txt</q>" in pages["document=copy-9.txt"]
    assert "No claim has the speaker &#39;Nobody&#39;." in pages["speaker=Nobody"]
    assert "There is no status &#39;maybe&#39;." in pages["status=maybe"]
    for query in ("kind=quot", "document=copy-9.txt"):
        assert ids_on(pages[query]) == []
    # the queue shows no SQL and fits the window: a fixed table layout, wrapped cells
    assert "<textarea" not in pages[""] and "SELECT" not in pages[""]
    assert 'class="ct-list"' in pages[""]


def test_save_and_next_follows_the_queue_and_counts_what_is_left(desk_path):
    order = reference(desk_path, "status IN ('unverified', 'needs_work') AND kind = 'quote'")
    first, second, third = order[:3]

    async def scenario():
        datasette = await started(desk_path)
        cookies, token = await signed_in_form(datasette, first)
        page = (
            await datasette.client.get(f"/-/claimtrack/claims/{second}?kind=quote", cookies=cookies)
        ).text
        saved = await datasette.client.post(
            f"/-/claimtrack/claims/{first}/status",
            data={
                "csrftoken": token,
                "status": "supported",
                "note": "ok",
                "next": "1",
                "queue": "kind=quote",
            },
            cookies=cookies,
        )
        landed = await datasette.client.get(saved.headers["location"], cookies=cookies)
        return page, saved, landed.text

    page, saved, landed = run(scenario())
    assert f'id="ct-left">{len(order)}<' in page
    assert f'id="ct-prev" rel="prev" href="/-/claimtrack/claims/{first}?kind=quote"' in page
    assert f'id="ct-next" rel="next" href="/-/claimtrack/claims/{third}?kind=quote"' in page
    assert saved.status_code == 302
    assert saved.headers["location"].startswith(f"/-/claimtrack/claims/{second}?kind=quote&saved=")
    assert f'id="ct-left">{len(order) - 1}<' in landed  # the saved claim left the queue
    assert f'Saved: claim <a href="/-/claimtrack/claims/{first}">#{first}</a>' in landed
    assert 'id="ct-undo-saved"' in landed
    assert events(desk_path)[-1]["status"] == "supported"


def test_the_last_claim_of_a_queue_goes_back_to_the_queue(desk_path):
    order = reference(desk_path, "status IN ('unverified', 'needs_work') AND grounding = 'fuzzy'")

    async def scenario():
        datasette = await started(desk_path)
        cookies, token = await signed_in_form(datasette, order[-1])
        return await datasette.client.post(
            f"/-/claimtrack/claims/{order[-1]}/status",
            data={"csrftoken": token, "status": "refuted", "next": "1", "queue": "grounding=fuzzy"},
            cookies=cookies,
        )

    response = run(scenario())
    assert response.headers["location"] == "/-/claimtrack/queue?grounding=fuzzy"


def test_the_claim_page_shows_its_context_once_with_each_span_in_its_colour(desk_path):
    ledger = Ledger(desk_path)
    claim_id = ledger.db.execute(
        "SELECT min(c.id) FROM claims c JOIN spans s ON s.claim_id = c.id "
        "WHERE c.kind = 'quote' AND s.field = 'speaker'"
    ).fetchone()[0]
    stored = ledger.claim(claim_id)
    ledger.close()

    async def scenario():
        datasette = await started(desk_path)
        cookies = {"ds_actor": actor_cookie(datasette)}
        return (
            await datasette.client.get(f"/-/claimtrack/claims/{claim_id}", cookies=cookies)
        ).text

    page = run(scenario())
    source = page.split('aria-label="In its source"')[1].split("</section>")[0]
    evidence = stored.claim.evidence.text
    assert source.count("<blockquote") == 1  # the passage once, not once per field
    legend = re.findall(r'<li data-field="([^"]+)"[^>]*><span class="ct-swatch ct-(\w+)">', source)
    assert [field for field, _ in legend] == list(stored.claim.spans)
    colours = [colour for _, colour in legend]
    assert len(set(colours)) == len(colours)  # each span its own colour
    for field, colour in legend:
        pieces = re.findall(r'<mark class="ct-hl ct-\w+[^"]*" data-fields="([^"]*)"[^>]*>', source)
        assert any(colour in fields.split() for fields in pieces), field
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", source)  # never nested
    pieces = re.findall(r'<mark class="[^"]*" data-fields="([^"]*)"[^>]*>(.*?)</mark>', source)
    assert "".join(text for fields, text in pieces if "ev" in fields.split()) == str(
        html_lib.escape(evidence, quote=False)
    )
    # the form sits beside the source, with the keyboard shortcuts shown
    assert page.index('class="ct-review"') < page.index("<h2>Details</h2>")
    for key in ("1", "2", "3", "4", "5", "6"):
        assert f'data-key="{key}"' in page
    for shown in (
        "<kbd>j</kbd> next",
        "<kbd>k</kbd> previous",
        "<kbd>n</kbd>",
        "<kbd>u</kbd> undo",
    ):
        assert shown in page


def test_a_document_page_links_each_highlight_to_its_claims(desk_path):
    ledger = Ledger(desk_path)
    document_id = ledger.db.execute(
        "SELECT id FROM documents WHERE source = 'copy-1.txt'"
    ).fetchone()[0]
    shared = ledger.db.execute(
        "SELECT evidence_start, group_concat(id, ' ') FROM claims WHERE document_id = ? "
        "AND grounding != 'ungrounded' GROUP BY evidence_start, evidence_end HAVING count(*) > 1",
        [document_id],
    ).fetchone()
    ledger.close()

    async def scenario():
        datasette = await started(desk_path)
        return (await datasette.client.get(f"/-/claimtrack/documents/{document_id}")).text

    page = run(scenario())
    text = page.split('<div class="ct-document">')[1].split("</div>")[0]
    assert "<mark" not in text
    links = re.findall(
        r'<a class="ct-hl[^"]*" href="/-/claimtrack/claims/(\d+)" data-claims="([\d ]+)"', text
    )
    assert links
    assert all(claim in ids.split() for claim, ids in links)
    assert shared is not None
    assert any(set(shared[1].split()) <= set(ids.split()) for _, ids in links)
    assert '<a class="ct-hl' not in re.sub(r"<a class=\"ct-hl[^>]*>[^<]*</a>", "", text)  # flat


async def post_form(datasette, path, pairs, cookies):
    """A form with repeated fields (several ticked claims), as a browser posts it."""
    return await datasette.client.post(
        path,
        content=urlencode(pairs),
        headers={"content-type": "application/x-www-form-urlencoded"},
        cookies=cookies,
    )


def test_bulk_status_writes_one_event_per_claim_with_one_note(desk_path):
    order = reference(desk_path)
    chosen = order[:3]
    before = len(events(desk_path))

    async def scenario():
        datasette = await started(desk_path)
        cookies, token = await signed_in_form(datasette, chosen[0], reviewer="bob")
        page = (await datasette.client.get("/-/claimtrack/queue", cookies=cookies)).text
        form = [
            ("csrftoken", token),
            ("status", "unverifiable"),
            ("note", "wire copy, no source"),
            ("back", "kind=quote"),
        ] + [("claim", str(i)) for i in chosen]
        done = await post_form(datasette, "/-/claimtrack/queue/status", form, cookies)
        bad = await post_form(
            datasette,
            "/-/claimtrack/queue/status",
            [
                ("csrftoken", token),
                ("status", "sure"),
                ("claim", str(order[5])),
                ("claim", str(order[6])),
            ],
            cookies,
        )
        anonymous = await post_form(
            datasette,
            "/-/claimtrack/queue/status",
            [("status", "supported"), ("claim", str(order[7]))],
            {},
        )
        return page, done, bad, anonymous

    page, done, bad, anonymous = run(scenario())
    assert 'form="ct-bulk"' in page and 'id="ct-tick-all"' in page
    assert done.status_code == 302 and done.headers["location"] == "/-/claimtrack/queue?kind=quote"
    rows = events(desk_path)[before:]
    assert [(r["claim_id"], r["status"], r["note"], r["by"]) for r in rows] == [
        (i, "unverifiable", "wire copy, no source", "bob") for i in sorted(chosen)
    ]
    assert bad.status_code == 302 and anonymous.status_code == 403
    assert len(events(desk_path)) == before + 3  # the bad status wrote nothing, for either claim


def test_undo_appends_the_previous_status_and_deletes_nothing(desk_path):
    claim = reference(desk_path)[0]

    async def scenario():
        datasette = await started(desk_path)
        cookies, token = await signed_in_form(datasette, claim)
        post = datasette.client.post
        await post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": token, "status": "supported"},
            cookies=cookies,
        )
        await post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": token, "status": "refuted", "note": "second look"},
            cookies=cookies,
        )
        last = events(desk_path)[-1]["id"]
        page = (await datasette.client.get(f"/-/claimtrack/claims/{claim}", cookies=cookies)).text
        bob_cookies, bob_token = await signed_in_form(datasette, claim, reviewer="bob")
        not_mine = await post(
            f"/-/claimtrack/events/{last}/undo", data={"csrftoken": bob_token}, cookies=bob_cookies
        )
        undone = await post(
            f"/-/claimtrack/events/{last}/undo",
            data={"csrftoken": token, "queue": "kind=quote"},
            cookies=cookies,
        )
        again = await post(
            f"/-/claimtrack/events/{last}/undo", data={"csrftoken": token}, cookies=cookies
        )
        undo_of_undo = await post(
            f"/-/claimtrack/events/{events(desk_path)[-1]['id']}/undo",
            data={"csrftoken": token},
            cookies=cookies,
        )
        return page, last, not_mine, undone, again, undo_of_undo

    page, last, not_mine, undone, again, undo_of_undo = run(scenario())
    assert f'action="/-/claimtrack/events/{last}/undo"' in page
    assert not_mine.status_code == 403
    assert undone.status_code == 302
    assert undone.headers["location"] == f"/-/claimtrack/claims/{claim}?kind=quote"
    assert (again.status_code, undo_of_undo.status_code) == (403, 403)
    history = [e for e in events(desk_path) if e["claim_id"] == claim]
    assert [e["status"] for e in history] == ["unverified", "supported", "refuted", "supported"]
    assert history[-1]["note"] == f"undo of #{last}" and history[-1]["by"] == "alice"
    ledger = Ledger(desk_path)
    assert ledger.claim(claim).status == "supported"
    ledger.close()


def test_disagreements_show_on_the_claim_and_as_a_queue_filter(desk_path):
    claim = reference(desk_path)[2]

    async def scenario():
        datasette = await started(desk_path)
        post = datasette.client.post
        alice, alice_token = await signed_in_form(datasette, claim, reviewer="alice")
        bob, bob_token = await signed_in_form(datasette, claim, reviewer="bob")
        await post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": alice_token, "status": "supported"},
            cookies=alice,
        )
        await post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": bob_token, "status": "refuted"},
            cookies=bob,
        )
        page = (await datasette.client.get(f"/-/claimtrack/claims/{claim}")).text
        listed = (await datasette.client.get("/-/claimtrack/queue?status=any&disagreement=1")).text
        await post(
            f"/-/claimtrack/events/{events(desk_path)[-1]['id']}/undo",
            data={"csrftoken": bob_token},
            cookies=bob,
        )
        after_undo = (
            await datasette.client.get("/-/claimtrack/queue?status=any&disagreement=1")
        ).text
        return page, listed, after_undo

    page, listed, after_undo = run(scenario())
    assert 'id="ct-disagreement"' in page
    assert "alice says" in page and "bob says" in page
    assert ids_on(listed) == [claim] and total_on(listed) == 1
    assert ids_on(after_undo) == []  # bob's refutation was undone: no opinion of his stands


@pytest.mark.parametrize(
    ("name", "where", "order"),
    [
        (
            "timeline",
            "kind = 'date'",
            "date_value IS NULL, substr(date_value, 1, 1) = 'X', coalesce(date_value, ''), id",
        ),
        ("quotes", "kind = 'quote'", "speaker IS NULL, coalesce(speaker, ''), id"),
        ("agreements", "kind = 'agreement'", "coalesce(parties, ''), id"),
    ],
)
def test_each_list_says_how_many_and_pages_through_all(desk_path, name, where, order):
    connection = sqlite3.connect(desk_path)
    expected = [
        r[0] for r in connection.execute(f"SELECT id FROM claims WHERE {where} ORDER BY {order}")
    ]
    connection.close()

    async def scenario():
        datasette = await started(desk_path)
        walked = await walk(datasette, f"/-/claimtrack/{name}?size=25")
        return walked

    forwards, backwards, total, _ = run(scenario())
    assert forwards == expected == backwards and total == len(expected)


def test_list_filters_are_checked(desk_path):
    connection = sqlite3.connect(desk_path)
    who = connection.execute("SELECT min(speaker) FROM claims WHERE kind = 'quote'").fetchone()[0]
    connection.close()

    async def scenario():
        datasette = await started(desk_path)
        speaker = await datasette.client.get("/-/claimtrack/quotes", params={"speaker": who})
        nobody = await datasette.client.get("/-/claimtrack/quotes?speaker=Nobody")
        party = await datasette.client.get("/-/claimtrack/agreements?party=Nowhere")
        dated = await datasette.client.get("/-/claimtrack/timeline?from=2023-03")
        return speaker.text, nobody.text, party.text, dated.text

    speaker, nobody, party, dated = run(scenario())
    connection = sqlite3.connect(desk_path)
    quotes = connection.execute(
        "SELECT count(*) FROM claims WHERE kind = 'quote' AND speaker = ?", [who]
    ).fetchone()[0]
    first_date = connection.execute(
        "SELECT min(date_value) FROM claims WHERE kind = 'date' AND date_value >= '2023-03'"
    ).fetchone()[0]
    connection.close()
    assert total_on(speaker) == quotes > 0
    assert "No claim has the speaker &#39;Nobody&#39;." in nobody
    assert "No claim has the party &#39;Nowhere&#39;." in party
    first_row = dated.split("<tbody>")[1].split("</tr>")[0]
    assert first_date in first_row


def test_canned_list_pages_send_the_reviewer_to_the_desk_and_page_as_json(desk_path):
    name = database_name(desk_path)
    expected = reference(desk_path)

    async def scenario():
        datasette = await started(desk_path)
        redirects = {
            query: (await datasette.client.get(f"/{name}/{query}")).headers.get("location")
            for query in (
                "review_queue?kind=quote",
                "timeline",
                "quotes_by_speaker?speaker=X",
                "agreements_by_party",
            )
        }
        seen, after = [], ""
        while True:
            page = await datasette.client.get(
                f"/{name}/review_queue.json?_shape=array&kind=&after={after}"
            )
            rows = page.json()
            if not rows:
                break
            seen.extend(row["claim_id"] for row in rows)
            after = rows[-1]["claim_id"]
        return redirects, seen

    redirects, seen = run(scenario())
    assert redirects == {
        "review_queue?kind=quote": "/-/claimtrack/queue?kind=quote",
        "timeline": "/-/claimtrack/timeline",
        "quotes_by_speaker?speaker=X": "/-/claimtrack/quotes?speaker=X",
        "agreements_by_party": "/-/claimtrack/agreements",
    }
    assert seen == expected


def _plans(connection, sql):
    return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]


def test_the_desk_reads_through_its_indexes(desk_path):
    """Every query a queue or list page runs walks an index range: no scan of the claims table
    and no sort of a stream (what made pages take seconds at a million claims); a selective
    filter reads its ids from its own index and the rest from the narrow index by id."""
    connection = sqlite3.connect(desk_path)
    connection.row_factory = sqlite3.Row
    seen = []
    connection.set_trace_callback(seen.append)
    for args in ({}, {"kind": "quote"}, {"grounding": "fuzzy", "status": "any"}):
        checked = queue.check(connection, queue.QueueFilter.from_args(args))
        key = queue.key_of(connection, 40)
        queue.keys(connection, checked, key, 25)
        queue.keys(connection, checked, key, 25, forward=False)
        queue.count(connection, checked)
    streams = [sql for sql in seen if "INDEXED BY idx_claims_review" in sql]
    speaker = connection.execute("SELECT min(speaker) FROM claims").fetchone()[0]
    for args in (
        {"speaker": speaker},
        {"q": "Putin", "kind": "quote"},
        {"document": "copy-1.txt"},
        {"disagreement": "1", "status": "any"},
    ):
        checked = queue.check(connection, queue.QueueFilter.from_args(args))
        assert checked.filter.selective and not checked.problems, args
        queue.keys(connection, checked, queue.key_of(connection, 40), 25)
        queue.count(connection, checked)
    selective = [sql for sql in seen if "INDEXED BY idx_claims_desk" in sql]
    for listing in lists.LISTINGS.values():
        key = lists.keys(connection, listing, "", None, 5)[-1]
        lists.keys(connection, listing, "", key, 25)
        lists.count(connection, listing, "")
    listed = [
        sql
        for sql in seen
        if "INDEXED BY idx_claims_t" in sql
        or "INDEXED BY idx_claims_q" in sql
        or "INDEXED BY idx_claims_a" in sql
    ]
    connection.set_trace_callback(None)
    assert streams and selective and listed
    for sql in streams + listed:
        plan = " | ".join(_plans(connection, sql))
        assert "INDEX idx_claims_" in plan, plan
        assert "TEMP B-TREE" not in plan and not re.search(r"SCAN c( |$)(?!USING)", plan), plan
    for sql in selective:
        plan = " | ".join(_plans(connection, sql))
        assert "USING COVERING INDEX idx_claims_desk" in plan, plan
        assert not re.search(r"SCAN c( |$)(?!USING)", plan), plan  # one sort of the selected
    connection.close()


def test_order_arms_cover_a_key_exactly():
    order = Order(("a", "b"))
    arms = order.arms((1, 2, 3))
    assert [arm.where for arm in arms] == [
        "a = ? AND b = ? AND c.id > ?",
        "a = ? AND b > ?",
        "a > ?",
    ]
    assert [arm.params for arm in arms] == [(1, 2, 3), (1, 2), (1,)]
    assert [arm.order_by for arm in order.arms((1, 2, 3), forward=False)] == [
        "c.id DESC",
        "b DESC, c.id DESC",
        "a DESC, b DESC, c.id DESC",
    ]


def test_pages_split_no_document_into_sentences(desk_path, monkeypatch):
    """List cells and the claim page cut the evidence's sentence from a window of text around
    it; splitting whole documents (pysbd) made first loads take seconds."""
    import claimtrack.segment

    def refuse(*args, **kwargs):
        raise AssertionError("a desk page split a document into sentences")

    monkeypatch.setattr(claimtrack.segment, "sentences", refuse)
    monkeypatch.setattr("claimtrack.highlight.sentences", refuse)
    name = database_name(desk_path)

    async def scenario():
        datasette = await started(desk_path)
        return [
            (await datasette.client.get(path)).status_code
            for path in (
                "/-/claimtrack/queue",
                "/-/claimtrack/timeline",
                "/-/claimtrack/quotes",
                "/-/claimtrack/agreements",
                "/-/claimtrack/claims/3",
                f"/{name}/claims",
                f"/{name}/spans",
                f"/{name}/document_claims?document=copy-1.txt",
            )
        ]

    assert run(scenario()) == [200] * 8


def test_a_query_that_takes_too_long_prints_no_traceback(desk_path, capfd):
    from datasette.app import Datasette

    import claimtrack.review as desk
    from claimtrack.review import metadata
    from claimtrack.review_plugin.signin import secret_for

    slow = (
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 50000000) "
        "SELECT count(*) FROM r"
    )

    async def scenario():
        datasette = Datasette(
            files=[str(desk_path)],
            metadata=metadata(desk_path),
            secret=secret_for(desk_path),
            # the slow query runs for seconds; 200 ms, not less: Datasette's own queries of a
            # page (permissions) run under the same limit, and a loaded machine can pause one
            # for tens of milliseconds (a 500 seen once under load at 20 ms)
            settings={**desk.SETTINGS, "sql_time_limit_ms": 200},
        )
        await datasette.invoke_startup()
        cookies = {"ds_actor": actor_cookie(datasette)}
        name = database_name(desk_path)
        page = await datasette.client.get(f"/{name}", params={"sql": slow}, cookies=cookies)
        as_json = await datasette.client.get(f"/{name}.json", params={"sql": slow}, cookies=cookies)
        return page, as_json

    capfd.readouterr()
    page, as_json = run(scenario())
    out, err = capfd.readouterr()
    assert page.status_code == 400 and "SQL query took too long" in page.text
    assert as_json.status_code == 400 and as_json.json()["ok"] is False
    assert "Traceback" not in out + err and len(out + err) < 200


def test_the_desks_look_at_what_it_serves_is_not_under_the_readers_time_limit(desk_path):
    """The time limit is for the SQL a reader types: the desk's own look at what it serves
    (is this a ledger?) runs on every request, and a slow moment must not make it a 500."""
    from datasette.app import Datasette
    from datasette.database import QueryInterrupted

    import claimtrack.review as desk
    from claimtrack.review import metadata
    from claimtrack.review_plugin.common import is_ledger

    async def scenario():
        datasette = Datasette(
            files=[str(desk_path)],
            metadata=metadata(desk_path),
            # 0 ms: every query that runs under the limit is stopped at its first step
            settings={**desk.SETTINGS, "sql_time_limit_ms": 0},
        )
        name = database_name(desk_path)
        with pytest.raises(QueryInterrupted):  # the limit is in force for a reader's SQL
            await datasette.get_database(name).execute("SELECT 1")
        return await is_ledger(datasette, name)

    assert run(scenario()) is True


def test_an_ungrounded_claim_by_hand_is_first_in_the_queue(ledger_path):  # noqa: F811
    """The hostile ledger's made-up claim (its evidence not in the text) heads the queue."""
    ledger = Ledger(ledger_path)
    made_up = ledger.db.execute("SELECT id FROM claims WHERE grounding = 'ungrounded'").fetchone()[
        0
    ]
    text = "A short text. It says little."
    claim = StatementClaim(
        claim="It says little.", confidence=0.5, spans={"evidence": Span.of(text, 14, 29)}
    )
    ledger.add_claims(Document(text, "short.txt"), ledger.start_run(BY_HAND), BY_HAND, [claim])
    ledger.close()

    async def scenario():
        datasette = await started(ledger_path)
        return (await datasette.client.get("/-/claimtrack/queue")).text

    assert ids_on(run(scenario()))[0] == made_up
