"""The review desk through Datasette's own test client: every permission rule, sign-in links,
the status form and the canned queries, and escaping of hostile documents.

``tests/test_review_desk.py`` and ``tests/test_reviewers.py`` use this module's fixtures and
helpers (``from test_review import ...``)."""

import ast
import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from datasette.app import Datasette
from markupsafe import escape

import claimtrack.review_plugin
from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger
from claimtrack.ledger.reviewers import add_reviewer
from claimtrack.llm.schema import Extraction, to_claims
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document, Extractor, QuoteClaim, Span
from claimtrack.review import database_name, make_datasette, metadata
from claimtrack.review_plugin.signin import (
    SIGN_IN_NAMESPACE,
    secret_for,
    session_cookie,
    sign_in_token,
)

HOSTILE = (
    'Evil Corp said on March 3, 2024 that it signed a deal with <script>alert("x")</script> '
    'Acme Ltd. "We are <b>thrilled</b>," said Jane Roe, the CEO. Revenue rose 12% to $4 billion.'
)


BY_HAND = Extractor("test", "by-hand", "none", "0")


@pytest.fixture
def ledger_path(tmp_path, seed_document):
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    hostile = Document(HOSTILE, "hostile.txt")
    extract_documents(ledger, [seed_document, hostile], OfflineExtractor())
    # One claim whose evidence a model made up: stored ungrounded.
    made_up = Extraction.model_validate(
        {
            "claims": [
                {
                    "kind": "statement",
                    "claim": "Acme <i>lost</i> everything.",
                    "evidence": "Acme lost <i>everything</i> in 2023.",
                    "confidence": 0.4,
                }
            ]
        }
    )
    # (by another extractor: the offline one has already done this document)
    run = ledger.start_run(BY_HAND)
    stored = ledger.add_claims(hostile, run, BY_HAND, to_claims(HOSTILE, made_up))
    assert stored.added == 1
    for name in REVIEWERS:
        add_reviewer(ledger, name, by="test")
    ledger.close()
    return path


REVIEWERS = ("alice", "bob", "Ada Lovelace", "ada", "Erin Editor")


def run(coroutine):
    return asyncio.run(coroutine)


async def started(path):
    datasette = make_datasette(path)
    await datasette.invoke_startup()
    return datasette


def actor_cookie(datasette, reviewer="alice"):
    """A live session of a reviewer the ledger lists (as the sign-in page opens one)."""
    return session_cookie(datasette, reviewer)


def events(path):
    ledger = Ledger(path)
    try:
        return [dict(r) for r in ledger.db.query("SELECT * FROM claim_events ORDER BY id")]
    finally:
        ledger.close()


def claim_id_of(path, kind):
    ledger = Ledger(path)
    try:
        return ledger.db.execute("SELECT min(id) FROM claims WHERE kind = ?", [kind]).fetchone()[0]
    finally:
        ledger.close()


async def signed_in_form(datasette, claim_id, reviewer="alice"):
    """The claim page as a signed-in reviewer: the cookies and the form's CSRF token."""
    cookies = {"ds_actor": actor_cookie(datasette, reviewer)}
    page = await datasette.client.get(f"/-/claimtrack/claims/{claim_id}", cookies=cookies)
    assert page.status_code == 200
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    cookies["ds_csrftoken"] = page.cookies["ds_csrftoken"]
    return cookies, token


def test_a_signed_in_reviewer_sets_a_status_with_a_note(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        cookies, token = await signed_in_form(datasette, claim)
        response = await datasette.client.post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": token, "status": "supported", "note": "Checked the <b>video</b>."},
            cookies=cookies,
        )
        assert response.status_code == 302
        page = await datasette.client.get(f"/-/claimtrack/claims/{claim}", cookies=cookies)
        assert "Checked the &lt;b&gt;video&lt;/b&gt;." in page.text
        assert 'id="current-status">supported<' in page.text

    run(scenario())
    after = events(ledger_path)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new["claim_id"], new["status"], new["by"]) == (claim, "supported", "alice")
    assert new["note"] == "Checked the <b>video</b>."
    ledger = Ledger(ledger_path)
    assert ledger.claim(claim).status == "supported"
    ledger.close()


def test_anonymous_posts_are_refused_on_both_ways_to_write(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        name = database_name(ledger_path)
        form = {"claim_id": str(claim), "status": "refuted", "note": "anon"}
        canned = await datasette.client.post(f"/{name}/set_status", data=form)
        plugin = await datasette.client.post(f"/-/claimtrack/claims/{claim}/status", data=form)
        as_json = await datasette.client.post(
            f"/{name}/set_status", json=form, headers={"accept": "application/json"}
        )
        return canned.status_code, plugin.status_code, as_json.status_code

    assert run(scenario()) == (403, 403, 403)
    assert events(ledger_path) == before


def test_a_forged_actor_cookie_is_anonymous(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        _, token = await signed_in_form(datasette, claim)
        forger = Datasette(secret="not-this-ledgers-secret")
        page = await datasette.client.get("/")
        cookies = {
            "ds_actor": forger.sign({"a": {"id": "mallory"}}, "actor"),
            "ds_csrftoken": page.cookies.get("ds_csrftoken") or "",
        }
        # a valid CSRF pair for this browser, so that only the actor check can refuse it
        fresh = await datasette.client.get(f"/-/claimtrack/claims/{claim}", cookies=cookies)
        cookies["ds_csrftoken"] = fresh.cookies.get("ds_csrftoken", cookies["ds_csrftoken"])
        token = re.search(r'name="csrftoken" value="([^"]+)"', fresh.text)
        assert token is None  # the form is not even offered
        response = await datasette.client.post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"status": "refuted"},
            cookies={"ds_actor": cookies["ds_actor"]},
        )
        return response.status_code

    assert run(scenario()) == 403
    assert events(ledger_path) == before


def test_a_cross_site_post_without_the_csrf_token_is_refused(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        cookies, _ = await signed_in_form(datasette, claim)
        codes = []
        for data in ({"status": "refuted"}, {"status": "refuted", "csrftoken": "guessed"}):
            response = await datasette.client.post(
                f"/-/claimtrack/claims/{claim}/status",
                data=data,
                cookies=cookies,
                headers={"origin": "https://evil.example", "referer": "https://evil.example/"},
            )
            codes.append(response.status_code)
        canned = await datasette.client.post(
            f"/{database_name(ledger_path)}/set_status",
            data={"claim_id": str(claim), "status": "refuted", "note": ""},
            cookies=cookies,
        )
        codes.append(canned.status_code)
        return codes

    assert run(scenario()) == [403, 403, 403]
    assert events(ledger_path) == before


def test_an_invalid_status_is_refused_clearly_and_nothing_is_written(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        cookies, token = await signed_in_form(datasette, claim)
        form = await datasette.client.post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": token, "status": "true-ish", "note": "x"},
            cookies=cookies,
        )
        canned = await datasette.client.post(
            f"/{database_name(ledger_path)}/set_status",
            json={"claim_id": claim, "status": "maybe", "note": ""},
            cookies=cookies,
            headers={"x-csrftoken": token, "accept": "application/json"},
        )
        missing = await datasette.client.post(
            "/-/claimtrack/claims/999999/status",
            data={"csrftoken": token, "status": "supported"},
            cookies=cookies,
        )
        return form, canned, missing

    form, canned, missing = run(scenario())
    assert form.status_code == 400
    assert "status must be one of: unverified, supported" in form.text
    assert canned.json()["ok"] is False
    assert "status must be one of" in canned.json()["message"]
    assert missing.status_code == 404
    assert events(ledger_path) == before


def test_the_canned_query_writes_as_the_signed_in_reviewer(ledger_path):
    claim = claim_id_of(ledger_path, "statement")

    async def scenario():
        datasette = await started(ledger_path)
        cookies, token = await signed_in_form(datasette, claim, reviewer="bob")
        response = await datasette.client.post(
            f"/{database_name(ledger_path)}/set_status",
            json={"claim_id": claim, "status": "disputed", "note": "two sources disagree"},
            cookies=cookies,
            headers={"x-csrftoken": token, "accept": "application/json"},
        )
        return response.json()

    assert run(scenario())["ok"] is True
    last = events(ledger_path)[-1]
    assert (last["claim_id"], last["status"], last["by"], last["note"]) == (
        claim,
        "disputed",
        "bob",
        "two sources disagree",
    )


async def follow_link(datasette, token, *, origin=None):
    """What a reviewer does with a link: open it (GET), press the button (POST from the page).
    Returns (the page, the POST's response or None when the page refused the link)."""
    page = await datasette.client.get(f"/-/claimtrack/sign-in?token={token}")
    if page.status_code != 200:
        return page, None
    csrf = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    posted = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    headers = {"origin": origin} if origin else {}
    response = await datasette.client.post(
        "/-/claimtrack/sign-in",
        data={"csrftoken": csrf, "token": posted},
        cookies={"ds_csrftoken": page.cookies["ds_csrftoken"]},
        headers=headers,
    )
    return page, response


def test_sign_in_links_work_once_and_only_for_this_ledger(ledger_path, tmp_path):
    async def scenario():
        datasette = await started(ledger_path)
        token = sign_in_token(datasette, "  Ada   Lovelace ")
        # A link preview or a mail scanner fetches the link first: nothing is used up.
        head = await datasette.client.request("HEAD", f"/-/claimtrack/sign-in?token={token}")
        preview = await datasette.client.get(f"/-/claimtrack/sign-in?token={token}")
        page, first = await follow_link(datasette, token)
        again_page, again = await follow_link(datasette, token)
        replayed = await datasette.client.post(
            "/-/claimtrack/sign-in", data={"token": token}, cookies={}
        )
        expired, _ = await follow_link(datasette, sign_in_token(datasette, "ada", ttl=-1))
        other = Datasette(secret="another-ledger")
        payload = {"r": "ada", "i": time.time(), "e": time.time() + 60, "n": "x"}
        forged, _ = await follow_link(datasette, other.sign(payload, SIGN_IN_NAMESPACE))
        # A form on another site posting a valid link is refused and uses nothing up.
        kept = sign_in_token(datasette, "ada")
        _, cross_site = await follow_link(datasette, kept, origin="http://evil.test")
        _, same_site = await follow_link(datasette, kept, origin="http://localhost")
        actor = datasette.unsign(first.cookies["ds_actor"], "actor")["a"]
        # a server started later on the same ledger refuses links issued before it started
        unused = sign_in_token(datasette, "ada")
        restarted = await started(ledger_path)
        stale, _ = await follow_link(restarted, unused)
        _, fresh = await follow_link(restarted, sign_in_token(restarted, "ada"))
        return {
            "head": head.status_code,
            "head_cookie": "ds_actor" in head.headers.get("set-cookie", ""),
            "preview": preview.status_code,
            "page": page.text,
            "first": first,
            "again": (again_page.status_code, again),
            "replayed": replayed.status_code,
            "refused": (expired.status_code, forged.status_code, stale.status_code),
            "cross_site": cross_site.status_code,
            "same_site": same_site.status_code,
            "fresh": fresh.status_code,
            "actor": actor,
        }

    seen = run(scenario())
    assert (seen["head"], seen["head_cookie"], seen["preview"]) == (200, False, 200)
    assert "Sign in as Ada Lovelace" in seen["page"]
    first = seen["first"]
    assert first.status_code == 302 and first.headers["location"].endswith("/-/claimtrack/queue")
    assert "httponly" in first.headers["set-cookie"].lower()
    assert seen["actor"]["id"] == "Ada Lovelace" and seen["actor"]["session"] > 0
    assert seen["again"] == (403, None)  # the page itself says the link was used
    assert seen["replayed"] == 403
    assert seen["refused"] == (403, 403, 403)
    assert (seen["cross_site"], seen["same_site"]) == (403, 302)
    assert seen["fresh"] == 302


def test_every_page_refuses_to_be_framed(ledger_path):
    async def scenario():
        datasette = await started(ledger_path)
        return [
            await datasette.client.get(path)
            for path in ("/", "/desk/claims", "/-/claimtrack/claims/1", "/desk/review_queue")
        ]

    for response in run(scenario()):
        assert response.headers["x-frame-options"] == "DENY"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "form-action 'self'" in policy
        assert response.headers["referrer-policy"] == "same-origin"


def test_invisible_characters_are_shown_where_document_text_is(tmp_path):
    from claimtrack.ledger import Ledger
    from claimtrack.records import Extractor, Span, StatementClaim

    text = "The attachment gnp\u202e.exe was sent\u200b on 3 May by 2 people."
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    extractor = Extractor("offline", "m", "p", "h")
    claim = StatementClaim(
        claim=text, confidence=0.5, spans={"evidence": Span.of(text, 0, len(text))}
    )
    ledger.add_claims(Document(text, "odd.txt"), ledger.start_run(extractor), extractor, [claim])
    ledger.close()

    async def scenario():
        datasette = await started(path)
        return [
            (await datasette.client.get(page)).text
            for page in (
                "/-/claimtrack/claims/1",
                f"/-/claimtrack/documents/{Document(text, 'x').id}",
                "/desk/claims",
            )
        ]

    for html in run(scenario()):
        assert "\u202e" not in html and "\u200b" not in html
        assert "[U+202E]" in html and "RIGHT-TO-LEFT OVERRIDE" in html


def test_the_secret_lives_beside_the_ledger_not_in_it(ledger_path):
    secret = secret_for(ledger_path)
    sidecar = ledger_path.with_name(ledger_path.name + ".review-secret")
    assert sidecar.read_text().strip() == secret
    assert oct(sidecar.stat().st_mode & 0o777) == "0o600"
    assert secret_for(ledger_path) == secret  # stable across servers
    assert secret.encode() not in ledger_path.read_bytes()


def test_documents_cannot_inject_markup_anywhere(ledger_path):
    async def scenario():
        datasette = await started(ledger_path)
        name = database_name(ledger_path)
        cookies = {"ds_actor": actor_cookie(datasette)}
        document = (
            await datasette.get_database(name).execute(
                "SELECT id FROM documents WHERE source = 'hostile.txt'"
            )
        ).rows[0][0]
        pages = {}
        for path in (
            f"/{name}/claims",
            f"/{name}/spans",
            f"/{name}/documents",
            "/-/claimtrack/queue",
            "/-/claimtrack/queue?status=any&q=thrilled",
            "/-/claimtrack/timeline",
            "/-/claimtrack/agreements",
            "/-/claimtrack/quotes",
            f"/{name}/document_claims?document=hostile.txt",
            f"/-/claimtrack/documents/{document}",
            f"/-/claimtrack/claims/{claim_id_of(ledger_path, 'date')}",
        ):
            response = await datasette.client.get(path, cookies=cookies)
            pages[path] = (response.status_code, response.text)
        return pages

    for path, (status, html) in run(scenario()).items():
        assert status == 200, path
        assert "<script>alert" not in html, path
        assert "<b>thrilled" not in html and "<i>lost" not in html, path


def test_spans_are_highlighted_and_ungrounded_claims_marked(ledger_path):
    async def scenario():
        datasette = await started(ledger_path)
        name = database_name(ledger_path)
        database = datasette.get_database(name)
        made_up = (
            await database.execute("SELECT id FROM claims WHERE grounding = 'ungrounded'")
        ).rows[0][0]
        quote = claim_id_of(ledger_path, "quote")
        queue = await datasette.client.get("/-/claimtrack/queue")
        claim = await datasette.client.get(f"/-/claimtrack/claims/{made_up}")
        quoted = await datasette.client.get(f"/-/claimtrack/claims/{quote}")
        return made_up, queue.text, claim.text, quoted.text

    made_up, queue, claim, quoted = run(scenario())
    # the queue puts the ungrounded claim first and says it was not found
    first_row = queue.split("<tbody>")[1].split("</tr>")[0]
    assert f"#{made_up} review" in first_row and "Not found in the document" in first_row
    assert '<a href="/-/claimtrack/documents/' in first_row  # the row links to its document
    assert "not found in the document</strong>" in claim
    assert "Acme lost &lt;i&gt;everything&lt;/i&gt; in 2023." in claim
    assert "<mark" not in source_of(claim)  # nothing shown as a quote
    ledger = Ledger(ledger_path)
    evidence = ledger.claim(claim_id_of(ledger_path, "quote")).claim.evidence.text
    ledger.close()
    # the evidence is highlighted once, in pieces where the claim's other spans cut it
    assert highlighted(source_of(quoted), "ev") == str(escape(evidence))


def source_of(html):
    """The claim page's source section: its passages and the legend of its spans."""
    return html.split('aria-label="In its source"')[1].split("</section>")[0]


def highlighted(html, field):
    """The text of every piece highlighted for ``field`` (a legend colour: ev, f1...), joined."""
    pieces = re.findall(r'<mark class="[^"]*" data-fields="([^"]*)"[^>]*>(.*?)</mark>', html)
    return "".join(text for fields, text in pieces if field in fields.split())


def test_metadata_gives_facets_titles_and_the_desk_queries(ledger_path):
    name = database_name(ledger_path)
    data = metadata(ledger_path)["databases"][name]
    assert {"review_queue", "timeline", "quotes_by_speaker", "agreements_by_party"} <= set(
        data["queries"]
    )
    assert data["queries"]["set_status"]["allow"] == {"id": "*"}

    async def scenario():
        datasette = await started(ledger_path)
        claims = await datasette.client.get(f"/{name}/claims.json?_facet=kind")
        database = await datasette.client.get(f"/{name}", follow_redirects=True)
        anonymous_sql = await datasette.client.get(f"/{name}.json?sql=select+1")
        return claims.json(), database.text, anonymous_sql.status_code

    claims, database, anonymous_sql = run(scenario())
    assert set(claims["facet_results"]) == {"kind"}  # a facet asked for; none by default
    assert claims["suggested_facets"] == []  # off: ~70 queries a page, seconds at 1M claims
    assert "Review queue" in database and "_claimtrack" not in database
    assert "_sqlite_migrations" not in database
    assert anonymous_sql == 403  # arbitrary SQL needs a signed-in reviewer


def test_the_claim_page_reads_lists_as_lists(ledger_path):
    ledger = Ledger(ledger_path)
    date = ledger.db.execute(
        "SELECT id, participants FROM claims WHERE kind = 'date' AND participants LIKE '%Acme%'"
    ).fetchone()
    ledger.close()

    async def scenario():
        datasette = await started(ledger_path)
        return (await datasette.client.get(f"/-/claimtrack/claims/{date[0]}")).text

    html = run(scenario())
    names = "; ".join(json.loads(date[1]))
    assert f"<dd>{escape(names)}</dd>" in html
    assert "[&#34;" not in html.split("<h2>Details</h2>")[1].split("</dl>")[0]


MINISTER = 'On Monday the minister said: "We will sign the treaty next week." Talks resume soon.'


def test_a_fabricated_speaker_is_shown_as_not_found(ledger_path):
    """A quote the document holds, put in the mouth of someone it never names: the claim is
    ungrounded, and its page strikes the claimed speaker through instead of stating it."""
    document = Document(MINISTER, "minister.txt")
    quote = "We will sign the treaty next week."
    start = MINISTER.index(quote)
    claim = check_claim(
        MINISTER,
        QuoteClaim(
            claim="Jane <b>Roe</b> said they will sign the treaty next week.",
            confidence=0.9,
            speaker="Jane <b>Roe</b>",
            quote=quote,
            spans={"evidence": Span.of(MINISTER, start, start + len(quote))},
        ),
    )
    assert claim.spans["speaker"].grounding == "ungrounded"
    ledger = Ledger(ledger_path)
    stored = ledger.add_claims(document, ledger.start_run(BY_HAND), BY_HAND, [claim])
    claim_id = ledger.db.execute(
        "SELECT id FROM claims WHERE document_id = ?", [document.id]
    ).fetchone()[0]
    assert stored.added == 1 and ledger.claim(claim_id).ungrounded_fields == ["speaker"]
    ledger.close()

    async def scenario():
        datasette = await started(ledger_path)
        page = await datasette.client.get(f"/-/claimtrack/claims/{claim_id}")
        document_page = await datasette.client.get(f"/-/claimtrack/documents/{document.id}")
        return page, document_page

    page, document_page = run(scenario())
    assert page.status_code == 200
    html = page.text
    badge = re.search(r'<span class="ct-badge ct-(\w+)" id="claim-grounding"[^>]*>([^<]*)<', html)
    assert badge.groups() == ("ungrounded", "ungrounded")
    details = html.split("<h2>Details</h2>")[1].split("</dl>")[0]
    speaker = details.split("<dt>speaker</dt>")[1].split("</dd>")[0]
    assert "<del" in speaker and "Jane &lt;b&gt;Roe&lt;/b&gt;</del>" in speaker
    assert "not found in the document" in speaker
    quoted = details.split("<dt>quote</dt>")[1].split("</dd>")[0]
    assert "<del" not in quoted and "not found" not in quoted  # the quote is in the text
    assert "<b>Roe" not in html
    # the warning names what is missing; the evidence, which is in the text, is still shown
    assert "not found in the document</strong>" in html
    assert highlighted(source_of(html), "ev") == str(escape(quote))
    legend = source_of(html).split('<ul class="ct-legend"')[1]
    speaker_item = legend.split('data-field="speaker"')[1].split("</li>")[0]
    assert 'class="ct-not-found"' in speaker_item and "<del" in speaker_item
    # the document page marks the evidence as found, and lists the claim as quoting something
    # not in the text
    assert "Claims that quote something not in this text" in document_page.text
    assert "Claims whose evidence is not in this text" not in document_page.text


def test_every_field_is_on_the_claim_page(ledger_path):
    claim = claim_id_of(ledger_path, "quote")
    ledger = Ledger(ledger_path)
    fields = ledger.claim(claim).fields()
    ledger.close()

    async def scenario():
        datasette = await started(ledger_path)
        return (await datasette.client.get(f"/-/claimtrack/claims/{claim}")).text

    details = run(scenario()).split("<h2>Details</h2>")[1].split("</dl>")[0]
    shown = re.findall(r"<dt>([^<]+)</dt>", details)
    assert shown == [name.replace("_", " ") for name in fields]


def test_the_plugin_and_the_desk_import_without_a_cycle():
    """The plugin (hooks, pages, and the sign-in protocol it checks) never imports the desk
    that assembles a server and registers it: imports run one way, desk -> plugin."""
    imported = set()
    for module in Path(claimtrack.review_plugin.__file__).parent.glob("*.py"):
        plugin = ast.parse(module.read_text(encoding="utf-8"))
        imported |= {
            node.module for node in ast.walk(plugin) if isinstance(node, ast.ImportFrom)
        } | {
            alias.name
            for node in ast.walk(plugin)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
    assert {m for m in imported if m and m.startswith("claimtrack.review.")} == set()
    assert "claimtrack.review" not in imported
    check = (
        "import sys, {first}, {second}; "
        "print(sorted(m for m in sys.modules if m.startswith('claimtrack.review')))"
    )
    for first, second in (
        ("claimtrack.review_plugin", "claimtrack.review"),
        ("claimtrack.review", "claimtrack.review_plugin"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", check.format(first=first, second=second)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    alone = subprocess.run(
        [sys.executable, "-c", check.format(first="claimtrack.review_plugin", second="json")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'claimtrack.review'" not in alone.stdout  # the plugin alone never loads the desk


def test_a_claim_page_links_to_its_fact_and_the_conflicts_of_its_sources(tmp_path):
    from claimtrack.tracking import FactFilter, FactReader, track_ledger

    quote = "We will not accept this budget under any circumstances,"
    report = "The senator spoke. “{}” Senator Jane Roe said on March 3, 2021, at the hearing.\n"
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    documents = [
        Document(report.format(quote), "wire.txt"),
        Document("Another outlet. " + report.format(quote.replace("not", "never")), "other.txt"),
    ]
    extract_documents(ledger, documents, OfflineExtractor())
    ledger.close()
    track_ledger(path)
    with FactReader.open(path) as reader:
        (fact,) = reader.facts(FactFilter(kind="quote"))
    claim_id = fact.claims[0]

    async def scenario():
        datasette = await started(path)
        return (await datasette.client.get(f"/-/claimtrack/claims/{claim_id}")).text

    html = run(scenario())
    assert f"fact #{fact.id}</a>: reported by 2 sources (2 independent)" in html
    assert "1 open conflict</a> between its sources" in html
    assert f'href="/-/claimtrack/facts/{fact.id}#conflicts"' in html
    assert f'href="/-/claimtrack/facts/{fact.id}"' in html
