"""The suggested verdict on a claim's review page (Datasette's own test client): the verdict,
its evidence highlighted in its source (escaped), and a reviewer's accept or reject as one
action recorded as theirs."""

from __future__ import annotations

import re

import pytest
from test_review import actor_cookie, run, started
from test_verify import REPORT, TRANSCRIPT, dated, quote

from claimtrack.ledger import Ledger
from claimtrack.ledger.reviewers import add_reviewer
from claimtrack.records import Document, Extractor
from claimtrack.verify.offline import OfflineJudge
from claimtrack.verify.run import verify_claims
from claimtrack.verify.store import add_evidence

EXTRACTOR = Extractor("test", "m", "p", "h")
HOSTILE_LINE = "\n\nNOTE: <script>alert(1)</script> read this <b>carefully</b>.\n"


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    ledger = Ledger(path)
    run_id = ledger.start_run(EXTRACTOR)
    ledger.add_claims(
        Document(REPORT, "report.txt"),
        run_id,
        EXTRACTOR,
        [
            quote(REPORT, "we will defend the peace of this region together", "Kishida"),
            dated(
                REPORT,
                "Kishida met South Korean President Yoon Suk-yeol in Tokyo to announce a "
                "diplomatic breakthrough",
                "2023-03-16",
                ["Yoon Suk-yeol"],
            ),
        ],
    )
    add_evidence(ledger, Document(TRANSCRIPT + HOSTILE_LINE, "t.txt"), "transcript <i>x</i>")
    verify_claims(ledger, ledger.iter_claims(), OfflineJudge())
    add_reviewer(ledger, "alice", by="test")
    ledger.close()
    return path


async def page_and_token(datasette, claim_id, cookies):
    page = await datasette.client.get(f"/-/claimtrack/claims/{claim_id}", cookies=cookies)
    assert page.status_code == 200
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    if token is not None and page.cookies.get("ds_csrftoken"):
        cookies["ds_csrftoken"] = page.cookies["ds_csrftoken"]
    return page.text, token.group(1) if token else None


def test_the_claim_page_shows_the_verdict_and_its_evidence_in_its_source(desk):
    async def scenario():
        datasette = await started(desk)
        text, _ = await page_and_token(datasette, 2, {})
        assert 'id="ct-verdict-label">refuted<' in text
        assert "not a status until a reviewer accepts it" in text
        section = text[text.index('id="ct-verdict"') :]
        marked = re.search(r'<mark[^>]*class="[^"]*ct-ev[^"]*"[^>]*>(.*?)</mark>', section, re.S)
        assert marked and "March 17" in marked.group(1)
        assert "transcript &lt;i&gt;x&lt;/i&gt;" in text and "<i>x</i>" not in text
        assert 'id="ct-verdict-accept"' not in text  # not signed in: nothing to press

    run(scenario())


def test_accept_and_reject_are_the_reviewers_events(desk):
    async def scenario():
        datasette = await started(desk)
        cookies = {"ds_actor": actor_cookie(datasette, "alice")}
        text, token = await page_and_token(datasette, 2, cookies)
        assert "Accept: set refuted" in text
        verdict_id = re.search(r'action="/-/claimtrack/verdicts/(\d+)/review"', text).group(1)
        rejected = await datasette.client.post(
            f"/-/claimtrack/verdicts/{verdict_id}/review",
            data={"csrftoken": token, "action": "reject"},
            cookies=cookies,
        )
        assert rejected.status_code == 302
        accepted = await datasette.client.post(
            f"/-/claimtrack/verdicts/{verdict_id}/review",
            data={"csrftoken": token, "action": "accept", "note": "heard the tape"},
            cookies=cookies,
        )
        assert accepted.status_code == 302
        anonymous = await datasette.client.post(
            f"/-/claimtrack/verdicts/{verdict_id}/review", data={"action": "accept"}
        )
        assert anonymous.status_code == 403
        missing = await datasette.client.post(
            "/-/claimtrack/verdicts/999/review",
            data={"csrftoken": token, "action": "accept"},
            cookies=cookies,
        )
        assert missing.status_code == 404
        text, _ = await page_and_token(datasette, 2, cookies)
        assert 'id="current-status">refuted<' in text
        assert "alice rejected it" in text and "alice accepted it" in text

    run(scenario())
    ledger = Ledger(desk)
    history = ledger.history(2)
    assert [(e.status, e.by) for e in history] == [
        ("unverified", "claimtrack"),
        ("refuted", "alice"),
    ]
    reviews = ledger.conn.execute("SELECT action, by FROM verdict_reviews ORDER BY id").fetchall()
    assert reviews == [("reject", "alice"), ("accept", "alice")]
    ledger.close()
