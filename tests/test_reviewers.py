"""Reviewers are known names: the library, the ``claimtrack reviewers`` commands, sign-in links
only for them, sessions checked against the ledger on every request (revoking one ends it at
once), and the ledger refusing a revoked reviewer's status changes."""

import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest
from test_review import (
    actor_cookie,
    claim_id_of,
    events,
    follow_link,
    ledger_path,  # noqa: F401  (a fixture)
    run,
    signed_in_form,
    started,
)

import claimtrack.review_plugin.signin as signin
from claimtrack.cli import cli
from claimtrack.errors import LedgerError, NotFoundError, UsageError
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.ledger.connection import LATEST_MIGRATION
from claimtrack.ledger.reviewers import (
    add_reviewer,
    clean_name,
    list_reviewers,
    revoke_reviewer,
)
from claimtrack.review import make_datasette
from claimtrack.review_plugin.signin import session_cookie, sign_in_token


def test_reviewers_are_added_listed_revoked_and_reinstated(tmp_path):
    ledger = Ledger(tmp_path / "r.db")
    first, added = add_reviewer(ledger, "  Erin   Editor ", by="lead")
    assert (first.name, first.added_by, first.active, added) == ("Erin Editor", "lead", True, True)
    assert add_reviewer(ledger, "Erin Editor")[1] is False  # already there: nothing changes
    add_reviewer(ledger, "Bo")
    revoked, changed = revoke_reviewer(ledger, "Erin Editor")
    assert changed and revoked.revoked_at and not revoked.active
    assert revoke_reviewer(ledger, "Erin Editor")[1] is False
    assert [(r.name, r.active) for r in list_reviewers(ledger)] == [
        ("Bo", True),
        ("Erin Editor", False),
    ]
    back, changed = add_reviewer(ledger, "Erin Editor", by="lead")
    assert changed and back.active and back.added_at >= revoked.added_at
    with pytest.raises(NotFoundError):
        revoke_reviewer(ledger, "Nobody")
    ledger.close()


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 81, "Mallory\u202eyrollaM", "zero\u200bwidth", "claimtrack", "tab\tbell\x07"],
)
def test_a_reviewer_name_must_be_a_plain_name(name):
    with pytest.raises(UsageError):
        clean_name(name)


def test_the_ledger_refuses_a_revoked_reviewers_status(tmp_path, seed_document):
    from claimtrack.offline.extractor import OfflineExtractor
    from claimtrack.pipeline import extract_documents

    ledger = Ledger(tmp_path / "r.db")
    extract_documents(ledger, [seed_document], OfflineExtractor())
    add_reviewer(ledger, "eve")
    ledger.set_status(1, "supported", by="eve")
    revoke_reviewer(ledger, "eve")
    with pytest.raises(LedgerError, match="revoked"):
        ledger.set_status(1, "refuted", by="eve")
    ledger.set_status(1, "refuted", by="someone at the command line")  # not a desk reviewer
    assert [e.status for e in ledger.history(1)] == ["unverified", "supported", "refuted"]
    ledger.close()


def test_the_migration_adds_the_table_and_indexes_once(tmp_path):
    ledger = Ledger(tmp_path / "m.db")
    names = {r[0] for r in ledger.conn.execute("SELECT name FROM sqlite_master")}
    applied = [r[0] for r in ledger.conn.execute("SELECT name FROM _sqlite_migrations")]
    ledger.close()
    assert "m006_reviewers" in applied and applied[-1] == LATEST_MIGRATION
    assert {
        "reviewers",
        "claim_events_not_revoked",
        "idx_claims_review",
        "idx_claims_timeline",
        "idx_claims_quotes",
        "idx_claims_agreements",
        "idx_claim_events_reviewed",
    } <= names
    with LedgerReader(tmp_path / "m.db") as reader:  # up to date: opens without writing
        assert list_reviewers(reader) == []


def test_the_reviewers_commands(runner, tmp_path, seed_document):
    db = str(tmp_path / "c.db")
    Ledger(db).close()
    added = runner.invoke(cli, ["reviewers", "add", "Erin Editor", "--db", db, "--by", "lead"])
    assert added.exit_code == 0 and "Erin Editor is a reviewer" in added.output
    again = runner.invoke(cli, ["reviewers", "add", "Erin Editor", "--db", db])
    assert again.exit_code == 0 and "already a reviewer" in again.output
    listed = runner.invoke(cli, ["reviewers", "list", "--db", db, "--json"])
    assert json.loads(listed.stdout)[0]["name"] == "Erin Editor"
    assert json.loads(listed.stdout)[0]["added_by"] == "lead"
    table = runner.invoke(cli, ["reviewers", "list", "--db", db])
    assert "Erin Editor" in table.output and "active" in table.output
    revoked = runner.invoke(cli, ["reviewers", "revoke", "Erin Editor", "--db", db])
    assert revoked.exit_code == 0 and "session ends" in revoked.output
    unknown = runner.invoke(cli, ["reviewers", "revoke", "Nobody", "--db", db])
    assert unknown.exit_code == 4 and "not a reviewer" in unknown.output
    bad = runner.invoke(cli, ["reviewers", "add", "a\u202eb", "--db", db])
    assert bad.exit_code == 2 and "invisible" in bad.output
    link = runner.invoke(cli, ["sign-in-link", "--reviewer", "Erin Editor", "--db", db])
    assert link.exit_code == 2 and "revoked" in link.output
    stranger = runner.invoke(cli, ["sign-in-link", "--reviewer", "Stranger", "--db", db])
    assert stranger.exit_code == 2 and "claimtrack reviewers add" in stranger.output


def test_review_adds_the_reviewer_it_is_given_and_says_so(tmp_path):
    db = tmp_path / "s.db"
    Ledger(db).close()
    command = [
        sys.executable,
        "-c",
        "from claimtrack.cli import cli; cli()",
        "review",
        "--db",
        str(db),
        "--port",
        "0",
        "--reviewer",
        "New Person",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        link = server.stdout.readline().strip()
    finally:
        server.terminate()
        _, said = server.communicate(timeout=10)
    assert link.startswith("http://127.0.0.1:")
    assert "Added New Person to this ledger's reviewers" in said
    with LedgerReader(db) as reader:
        assert [r.name for r in list_reviewers(reader)] == ["New Person"]
    ledger = Ledger(db)
    revoke_reviewer(ledger, "New Person")
    ledger.close()
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "was revoked" in refused.stderr


def test_sign_in_links_are_only_for_the_ledgers_reviewers(ledger_path):  # noqa: F811
    async def scenario():
        datasette = await started(ledger_path)
        with pytest.raises(UsageError):
            sign_in_token(datasette, "Stranger")
        token = sign_in_token(datasette, "bob")
        ledger = Ledger(ledger_path)
        revoke_reviewer(ledger, "bob")
        ledger.close()
        page, posted = await follow_link(datasette, token)
        # a link forged for a stranger with the ledger's own secret signs nobody in either
        payload = {"r": "Stranger", "i": time.time(), "e": time.time() + 60, "n": "x"}
        forged, _ = await follow_link(datasette, datasette.sign(payload, signin.SIGN_IN_NAMESPACE))
        return page, posted, forged

    page, posted, forged = run(scenario())
    assert page.status_code == 403 and "no longer" in page.text and posted is None
    assert forged.status_code == 403


def test_revoking_a_reviewer_ends_their_session_at_once(ledger_path):  # noqa: F811
    claim = claim_id_of(ledger_path, "quote")
    before = events(ledger_path)

    async def scenario():
        datasette = await started(ledger_path)
        cookies, token = await signed_in_form(datasette, claim, reviewer="bob")
        signed_in = await datasette.client.get(f"/-/claimtrack/claims/{claim}", cookies=cookies)
        ledger = Ledger(ledger_path)
        revoke_reviewer(ledger, "bob")
        ledger.close()
        page = await datasette.client.get(f"/-/claimtrack/claims/{claim}", cookies=cookies)
        posted = await datasette.client.post(
            f"/-/claimtrack/claims/{claim}/status",
            data={"csrftoken": token, "status": "refuted"},
            cookies=cookies,
        )
        canned = await datasette.client.post(
            "/desk/set_status",
            json={"claim_id": claim, "status": "refuted", "note": ""},
            cookies=cookies,
            headers={"x-csrftoken": token, "accept": "application/json"},
        )
        actor = await datasette.client.get("/-/actor.json", cookies=cookies)
        return signed_in, page, posted, canned, actor

    signed_in, page, posted, canned, actor = run(scenario())
    assert 'class="ct-review"' in signed_in.text
    assert 'class="ct-review"' not in page.text and "Sign in as a reviewer" in page.text
    assert "ds_actor=;" in page.headers["set-cookie"]  # the browser is told to forget it
    assert (posted.status_code, canned.status_code) == (403, 403)
    assert actor.json() == {"actor": None}
    assert events(ledger_path) == before


def test_sessions_end_with_the_server_and_cannot_be_made_up(ledger_path):  # noqa: F811
    async def scenario():
        datasette = await started(ledger_path)
        live = session_cookie(datasette, "alice")
        old_style = datasette.sign({"a": {"id": "alice"}}, "actor")  # a week-long cookie of old
        stranger = session_cookie(datasette, "Stranger")
        expired = datasette.sign(
            {"a": {"id": "alice", "session": int(time.time()) - 10}, "e": "1"}, "actor"
        )
        actors = {}
        for name, cookie in (
            ("live", live),
            ("old_style", old_style),
            ("stranger", stranger),
            ("expired", expired),
        ):
            response = await datasette.client.get("/-/actor.json", cookies={"ds_actor": cookie})
            actors[name] = response.json()["actor"]
        time.sleep(1.1)
        restarted = make_datasette(ledger_path)
        await restarted.invoke_startup()
        after_restart = await restarted.client.get("/-/actor.json", cookies={"ds_actor": live})
        fresh = await restarted.client.get(
            "/-/actor.json", cookies={"ds_actor": actor_cookie(restarted, "alice")}
        )
        return actors, after_restart.json()["actor"], fresh.json()["actor"]

    actors, after_restart, fresh = run(scenario())
    assert actors["live"]["id"] == "alice"
    assert actors["old_style"] is None and actors["stranger"] is None and actors["expired"] is None
    assert after_restart is None and fresh["id"] == "alice"


def test_a_reinstated_reviewers_old_sessions_stay_void(ledger_path):  # noqa: F811
    async def scenario():
        datasette = await started(ledger_path)
        old = session_cookie(datasette, "alice")
        ledger = Ledger(ledger_path)
        revoke_reviewer(ledger, "alice")
        time.sleep(1.1)
        add_reviewer(ledger, "alice")
        ledger.close()
        stale = await datasette.client.get("/-/actor.json", cookies={"ds_actor": old})
        new = session_cookie(datasette, "alice")
        current = await datasette.client.get("/-/actor.json", cookies={"ds_actor": new})
        return stale.json()["actor"], current.json()["actor"]

    stale, current = run(scenario())
    assert stale is None and current["id"] == "alice"


def test_a_ledger_without_reviewers_lets_nobody_in(tmp_path):
    """An old ledger served by a plain ``datasette`` (no migration): no reviewers table, so
    no session is valid."""
    from datasette.app import Datasette

    db = tmp_path / "old.db"
    Ledger(db).close()
    connection = sqlite3.connect(db)
    connection.execute("DROP TABLE reviewers")
    connection.commit()
    connection.close()

    async def scenario():
        datasette = Datasette(files=[str(db)], secret="s")
        await datasette.invoke_startup()
        cookie = session_cookie(datasette, "alice")
        return (await datasette.client.get("/-/actor.json", cookies={"ds_actor": cookie})).json()

    assert run(scenario()) == {"actor": None}


def test_the_session_cookie_names_when_it_began(ledger_path):  # noqa: F811
    async def scenario():
        datasette = await started(ledger_path)
        return datasette.unsign(session_cookie(datasette, "alice"), "actor")

    decoded = run(scenario())
    assert decoded["a"]["id"] == "alice"
    assert abs(decoded["a"]["session"] - time.time()) < 5
    assert re.fullmatch(r"[0-9A-Za-z]+", decoded["e"])
    assert signin.SESSION_TTL == 12 * 3600


def test_a_sign_in_link_for_a_known_reviewer_is_signed_with_the_ledgers_secret(tmp_path, runner):
    from urllib.parse import parse_qs, urlparse

    from datasette.app import Datasette

    from claimtrack.review import SIGN_IN_NAMESPACE, secret_for

    path = tmp_path / "claims.db"
    ledger = Ledger(path)
    add_reviewer(ledger, "Bo")
    ledger.close()
    result = runner.invoke(
        cli, ["sign-in-link", "--db", str(path), "--reviewer", "Bo", "--url", "http://h:9"]
    )
    assert result.exit_code == 0
    link = urlparse(result.output.strip())
    assert (link.netloc, link.path) == ("h:9", "/-/claimtrack/sign-in")
    token = parse_qs(link.query)["token"][0]
    assert Datasette(secret=secret_for(path)).unsign(token, SIGN_IN_NAMESPACE)["r"] == "Bo"
