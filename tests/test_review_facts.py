"""The desk's fact page and conflicts queue, through Datasette's own test client: sources side
by side with their spans and the disputed field marked, the timeline, copies as one source;
reviewers' decisions (status, resolve, split, merge) recorded in the tracking history and
never in the member claims' histories; anonymous and cross-site posts refused; the conflicts
queue's filters, counts and pages."""

from __future__ import annotations

import html as html_lib
import re
import sqlite3

import pytest
from test_review import actor_cookie, run, started

from claimtrack.ledger import Ledger
from claimtrack.ledger.reviewers import add_reviewer, revoke_reviewer
from claimtrack.tracking import FactReader, set_fact_status, track_ledger
from tests.test_tracking_fixtures import (
    BASE,
    REREPORT,
    SYNDICATED,
    document,
    extract,
    fact_of,
    planted,
)

HOSTILE_QUOTE = (
    "Critics were unconvinced. “The pact was negotiated <script>window.__pwned=1</script> "
    "behind closed doors,” said Tomas Lind."
)


@pytest.fixture
def tracked_path(tmp_path):
    """A story, its syndicated copy, a re-report, a copy with the date changed, and a copy
    with a changed word in Lind's quote; tracked, with two reviewers."""
    path = tmp_path / "facts.db"
    ledger = Ledger(path)
    extract(
        ledger,
        document(BASE, "a.txt"),
        document(SYNDICATED, "wire.txt"),
        document(REREPORT, "b.txt"),
        planted("March 16", "March 18", "date.txt"),
        planted("ignores our fishermen", "ignores our farmers", "words.txt"),
    )
    for name in ("alice", "bob"):
        add_reviewer(ledger, name, by="test")
    ledger.close()
    track_ledger(path)
    return path


def claim_histories(path):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT * FROM claim_events ORDER BY id").fetchall()
    finally:
        connection.close()


def rows(path, sql, params=()):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def lind_fact(path):
    ledger = Ledger(path)
    try:
        return fact_of(ledger, "Tomas Lind", "closed doors")
    finally:
        ledger.close()


async def signed_in(datasette, url, reviewer="alice"):
    cookies = {"ds_actor": actor_cookie(datasette, reviewer)}
    page = await datasette.client.get(url, cookies=cookies)
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    cookies["ds_csrftoken"] = page.cookies["ds_csrftoken"]
    return cookies, token, page


def test_the_fact_page_shows_every_source_with_its_span_and_the_disputed_field(tracked_path):
    fact = lind_fact(tracked_path)
    (conflict,) = rows(
        tracked_path,
        "SELECT id, kind, field, value_a, value_b FROM conflicts WHERE fact_id = ?",
        [fact],
    )
    assert conflict[1] == "wording"

    async def scenario():
        datasette = await started(tracked_path)
        return (await datasette.client.get(f"/-/claimtrack/facts/{fact}")).text

    page = run(scenario())
    # one card per independent source (the story's copies count once: the re-report is the
    # other), and the copy that disagrees
    cards = re.findall(r'<article class="ct-card" data-document="(\w+)"', page)
    independent = rows(tracked_path, "SELECT independent_count FROM facts WHERE id = ?", [fact])
    assert independent[0][0] == 2 and len(cards) == 3
    assert 'id="ct-all-copies"' in page and "independent · 3 copies" in page
    assert "copy that disagrees" in page
    # each card highlights the claim's quote in its own document, the changed words marked
    assert page.count('class="ct-passage"') == 3
    assert re.search(r'<mark class="ct-hl ct-cf[^"]*" data-fields="[^"]*cf', page)
    assert "ignores our farmers" in page and "ignores our fishermen" in page
    assert f'data-conflict="{conflict[0]}"' in page
    # the timeline: who reported it first, with copies counted
    timeline = page.split('id="timeline"')[1].split("</table>")[0]
    assert timeline.count("<tr>") == 1 + 2
    assert "ct-first" in timeline and "(3 copies)" in timeline

    # every copy on request
    async def copies():
        datasette = await started(tracked_path)
        return (await datasette.client.get(f"/-/claimtrack/facts/{fact}?copies=1")).text

    every = run(copies())
    assert len(re.findall(r'<article class="ct-card"', every)) == 5
    # anonymous: no forms
    assert "csrftoken" not in page and "Sign in as a reviewer" in page


def test_document_text_on_the_fact_page_is_escaped(tmp_path):
    path = tmp_path / "hostile.db"
    ledger = Ledger(path)
    extract(ledger, document(HOSTILE_QUOTE, "x.txt"), document(HOSTILE_QUOTE + " ", "y.txt"))
    ledger.close()
    track_ledger(path)
    fact = rows(path, "SELECT id FROM facts WHERE kind = 'quote'")[0][0]

    async def scenario():
        datasette = await started(path)
        return await datasette.client.get(f"/-/claimtrack/facts/{fact}")

    response = run(scenario())
    assert response.status_code == 200
    assert "<script>window.__pwned" not in response.text
    assert "&lt;script&gt;window.__pwned" in response.text
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_reviewer_sets_a_facts_status_without_touching_its_claims_histories(tracked_path):
    fact = lind_fact(tracked_path)
    before = claim_histories(tracked_path)

    async def scenario():
        datasette = await started(tracked_path)
        url = f"/-/claimtrack/facts/{fact}"
        cookies, token, _ = await signed_in(datasette, url)
        response = await datasette.client.post(
            f"{url}/status",
            data={"csrftoken": token, "status": "disputed", "note": "two <b>wordings</b>"},
            cookies=cookies,
        )
        assert response.status_code == 302 and response.headers["location"].endswith(url)
        return (await datasette.client.get(url, cookies=cookies)).text

    page = run(scenario())
    assert 'id="ct-fact-status">disputed<' in page
    assert "two &lt;b&gt;wordings&lt;/b&gt;" in page
    events = rows(tracked_path, "SELECT fact_id, status, by, note FROM fact_status_events")
    assert events == [(fact, "disputed", "alice", "two <b>wordings</b>")]
    assert claim_histories(tracked_path) == before


def test_resolving_and_reopening_a_conflict_from_the_desk(tracked_path):
    fact = lind_fact(tracked_path)
    ((conflict,),) = rows(tracked_path, "SELECT id FROM conflicts WHERE fact_id = ?", [fact])

    async def scenario():
        datasette = await started(tracked_path)
        url = f"/-/claimtrack/facts/{fact}"
        cookies, token, page = await signed_in(datasette, url, "bob")
        assert f'action="/-/claimtrack/conflicts/{conflict}/resolve"' in page.text
        done = await datasette.client.post(
            f"/-/claimtrack/conflicts/{conflict}/resolve",
            data={"csrftoken": token, "note": "the farmers version is a typo"},
            cookies=cookies,
        )
        assert done.status_code == 302
        page = (await datasette.client.get(url, cookies=cookies)).text
        assert "ct-open-conflicts" not in page and ">Reopen<" in page
        again = await datasette.client.post(
            f"/-/claimtrack/conflicts/{conflict}/resolve",
            data={"csrftoken": token, "reopen": "1"},
            cookies=cookies,
        )
        assert again.status_code == 302

    run(scenario())
    decisions = rows(tracked_path, "SELECT action, conflict_id, by, note FROM fact_decisions")
    assert decisions == [
        ("resolve", conflict, "bob", "the farmers version is a typo"),
        ("reopen", conflict, "bob", None),
    ]
    assert rows(tracked_path, "SELECT status FROM conflicts WHERE id = ?", [conflict]) == [
        ("open",)
    ]


def test_not_the_same_splits_a_claim_out_and_merge_joins_two_facts(tracked_path):
    fact = lind_fact(tracked_path)
    berg = rows(
        tracked_path,
        "SELECT f.fact_id FROM fact_claims f JOIN claims c ON c.id = f.claim_id "
        "WHERE c.speaker = 'Anna Berg' LIMIT 1",
    )[0][0]
    changed = rows(
        tracked_path,
        "SELECT c.id FROM claims c JOIN fact_claims f ON f.claim_id = c.id "
        "WHERE f.fact_id = ? AND c.quote LIKE '%farmers%'",
        [fact],
    )[0][0]
    before = claim_histories(tracked_path)

    async def scenario():
        datasette = await started(tracked_path)
        url = f"/-/claimtrack/facts/{fact}"
        cookies, token, page = await signed_in(datasette, url)
        assert f'name="claim" value="{changed}"' in page.text
        split = await datasette.client.post(
            f"{url}/split",
            data={"csrftoken": token, "claim": str(changed), "note": "another speech"},
            cookies=cookies,
        )
        assert split.status_code == 302
        merged = await datasette.client.post(
            f"{url}/merge",
            data={"csrftoken": token, "other": f"#{berg}", "note": "one story"},
            cookies=cookies,
        )
        assert merged.status_code == 302
        landing = html_lib.unescape(merged.headers["location"])
        page = (await datasette.client.get(landing, cookies=cookies)).text
        bad = await datasette.client.post(
            f"{landing}/merge", data={"csrftoken": token, "other": "x"}, cookies=cookies
        )
        assert bad.status_code == 302
        messages = {**cookies, "ds_messages": bad.cookies["ds_messages"]}
        after_bad = (await datasette.client.get(bad.headers["location"], cookies=messages)).text
        return landing, page, after_bad

    landing, page, after_bad = run(scenario())
    decisions = rows(
        tracked_path, "SELECT action, fact_id, other_fact_id, claim_id, by FROM fact_decisions"
    )
    assert [d[0] for d in decisions] == ["split", "merge"]
    assert decisions[0][3] == changed and decisions[1][1:3] == (fact, berg)
    ledger = Ledger(tracked_path)
    reader = FactReader(ledger)
    assert changed not in reader.get(reader.fact_of_claim(changed).id).claims or (
        reader.fact_of_claim(changed).claims == (changed,)
    )
    merged = reader.fact_of_claim(
        ledger.conn.execute(
            "SELECT claim_id FROM facts WHERE id = ?", [int(landing.rsplit("/", 1)[1])]
        ).fetchone()[0]
    )
    ledger.close()
    speakers = rows(
        tracked_path,
        "SELECT DISTINCT c.speaker FROM fact_claims f JOIN claims c ON c.id = f.claim_id "
        "WHERE f.fact_id = ?",
        [merged.id],
    )
    assert {s for (s,) in speakers} >= {"Anna Berg", "Tomas Lind"}
    assert "merge of facts" in page
    assert "Nothing was recorded: give the number of the fact to merge with" in after_bad
    assert claim_histories(tracked_path) == before


def test_decisions_are_refused_to_anonymous_cross_site_and_revoked_reviewers(tracked_path):
    fact = lind_fact(tracked_path)
    ((conflict,),) = rows(tracked_path, "SELECT id FROM conflicts WHERE fact_id = ?", [fact])
    targets = [
        (f"/-/claimtrack/facts/{fact}/status", {"status": "refuted"}),
        (f"/-/claimtrack/facts/{fact}/merge", {"other": str(fact + 1)}),
        (f"/-/claimtrack/facts/{fact}/split", {"claim": "1"}),
        (f"/-/claimtrack/conflicts/{conflict}/resolve", {"note": "x"}),
    ]

    async def scenario():
        datasette = await started(tracked_path)
        cookies, token, _ = await signed_in(datasette, f"/-/claimtrack/facts/{fact}")
        codes = []
        for url, form in targets:
            anonymous = await datasette.client.post(url, data=form)
            no_token = await datasette.client.post(url, data=form, cookies=cookies)
            cross_site = await datasette.client.post(
                url,
                data={**form, "csrftoken": token},
                cookies=cookies,
                headers={"origin": "http://evil.example"},
            )
            got = await datasette.client.get(url, cookies=cookies)
            codes.append(
                (
                    anonymous.status_code,
                    no_token.status_code,
                    cross_site.status_code,
                    got.status_code,
                )
            )
        ledger = Ledger(tracked_path)
        revoke_reviewer(ledger, "alice")
        ledger.close()
        revoked = await datasette.client.post(
            targets[0][0], data={**targets[0][1], "csrftoken": token}, cookies=cookies
        )
        codes.append((revoked.status_code,))
        return codes

    codes = run(scenario())
    assert codes[:4] == [(403, 403, 403, 405)] * 4
    assert codes[4] == (403,)
    assert rows(tracked_path, "SELECT count(*) FROM fact_decisions") == [(0,)]
    assert rows(tracked_path, "SELECT count(*) FROM fact_status_events") == [(0,)]


def test_the_ledger_refuses_fact_statuses_it_does_not_know(tracked_path):
    ledger = Ledger(tracked_path)
    fact = fact_of(ledger, "Tomas Lind", "closed doors")
    with pytest.raises(Exception, match="unknown status"):
        set_fact_status(ledger, fact, "true", by="alice")
    insert = (
        "INSERT INTO fact_status_events (fact_id, claim_id, status, by, at) "
        "VALUES (?, 1, ?, ?, 't')"
    )
    for values, message in [
        ([fact, "true", "alice"], "status must be one of"),
        ([fact, "supported", " "], "signed-in reviewer"),
        ([99_999, "supported", "alice"], "no fact with that id"),
    ]:
        with pytest.raises(sqlite3.IntegrityError, match=message):
            ledger.conn.execute(insert, values)
    set_fact_status(ledger, fact, "supported", by="alice")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger.conn.execute("UPDATE fact_status_events SET status = 'refuted'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ledger.conn.execute("DELETE FROM fact_status_events")
    assert [s.status for s in FactReader(ledger).status_history(fact)] == ["supported"]
    ledger.close()


def test_the_conflicts_queue_filters_counts_and_pages(tracked_path):
    total = rows(tracked_path, "SELECT count(*) FROM conflicts WHERE status = 'open'")[0][0]
    kinds = dict(rows(tracked_path, "SELECT kind, count(*) FROM conflicts GROUP BY kind"))
    assert total >= 2 and "wording" in kinds and "date" in kinds

    async def scenario():
        datasette = await started(tracked_path)
        get = datasette.client.get
        every = (await get("/-/claimtrack/conflicts")).text
        wording = (await get("/-/claimtrack/conflicts?kind=wording")).text
        quotes = (await get("/-/claimtrack/conflicts?claim_kind=quote")).text
        typo = (await get("/-/claimtrack/conflicts?kind=wordnig")).text
        return every, wording, quotes, typo

    every, wording, quotes, typo = run(scenario())
    total_on = lambda page: int(re.search(r'id="ct-total">([\d,]+)<', page).group(1))  # noqa: E731
    assert total_on(every) == total
    assert total_on(wording) == kinds["wording"]
    assert f"wording ({kinds['wording']})" in every
    quote_conflicts = rows(
        tracked_path,
        "SELECT count(*) FROM conflicts k JOIN facts f ON f.id = k.fact_id WHERE f.kind = 'quote'",
    )[0][0]
    assert total_on(quotes) == quote_conflicts
    assert "There is no conflict kind &#39;wordnig&#39;." in typo
    fact_links = re.findall(r'href="/-/claimtrack/facts/(\d+)#conflicts"', every)
    assert len(fact_links) == total
    # the words a misquote changed are marked on both sides
    assert '<mark class="ct-diff">fishermen,</mark>' in wording
    assert '<mark class="ct-diff">farmers,</mark>' in wording


def test_the_differing_words_of_two_values_are_marked_and_escaped():
    from claimtrack.review_plugin.context import differing

    a, b = differing("we <b>will</b> sign", "we will not sign")
    assert str(a) == 'we <mark class="ct-diff">&lt;b&gt;will&lt;/b&gt;</mark> sign'
    assert str(b) == 'we <mark class="ct-diff">will not</mark> sign'
    assert differing(None, "x") == ("", '<mark class="ct-diff">x</mark>')


def test_the_conflicts_queue_reaches_every_conflict_forwards_and_back(tmp_path):
    path = tmp_path / "many.db"
    ledger = Ledger(path)
    changes = [("March 16", f"March {d}") for d in range(17, 29)]
    changes += [("rose 12 percent", f"rose {n} percent") for n in range(13, 29)]
    extract(
        ledger,
        document(BASE, "a.txt"),
        *[planted(old, new, f"p{i}.txt") for i, (old, new) in enumerate(changes)],
    )
    ledger.close()
    track_ledger(path)
    ids = [r[0] for r in rows(path, "SELECT id FROM conflicts WHERE status = 'open' ORDER BY id")]
    assert len(ids) > 25

    async def scenario():
        datasette = await started(path)
        seen, url, pages = [], "/-/claimtrack/conflicts?size=25", []
        while url:
            page = (await datasette.client.get(url)).text
            pages.append(page)
            seen.extend(int(i) for i in re.findall(r'<tr data-conflict="(\d+)"', page))
            found = re.search(r'class="ct-page-next" rel="next" href="([^"]+)"', page)
            url = html_lib.unescape(found.group(1)) if found else None
        back = re.search(r'class="ct-page-prev" rel="prev" href="([^"]+)"', pages[-1])
        previous = (await datasette.client.get(html_lib.unescape(back.group(1)))).text
        return seen, previous

    seen, previous = run(scenario())
    assert seen == ids
    assert [int(i) for i in re.findall(r'<tr data-conflict="(\d+)"', previous)] == ids[:25]


def test_the_facts_list_has_facets_on_sources_and_conflicts(tracked_path):
    from claimtrack.review import database_name

    name = database_name(tracked_path)

    async def scenario():
        datasette = await started(tracked_path)
        facts = await datasette.client.get(f"/{name}/facts.json?_size=0")
        conflicts = await datasette.client.get(f"/{name}/conflicts.json?_size=0")
        return facts.json(), conflicts.json()

    facts, conflicts = run(scenario())
    assert set(facts["facet_results"]) == {
        "kind",
        "independent_count",
        "has_conflicts",
        "open_conflicts",
    }
    with_conflicts = {
        str(v["value"]): v["count"] for v in facts["facet_results"]["has_conflicts"]["results"]
    }
    assert (
        with_conflicts["1"]
        == rows(tracked_path, "SELECT count(*) FROM facts WHERE has_conflicts = 1")[0][0]
    )
    assert set(conflicts["facet_results"]) == {"kind", "status", "field"}
