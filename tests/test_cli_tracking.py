"""The fact-tracking commands, driven as a user drives them: track, facts, fact, conflicts."""

import json

from click.testing import CliRunner

from claimtrack.cli import cli

QUOTE = "We will not accept this budget under any circumstances,"
REPORT = (
    "WASHINGTON — The senator spoke on Tuesday. “{quote}” Senator Jane Roe said on March 3, "
    "2021, according to a transcript of the hearing.\n"
)


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_one_quote_from_three_sources_two_independent_one_misquote(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire.txt").write_text(REPORT.format(quote=QUOTE))
    (docs / "copy.txt").write_text(REPORT.format(quote=QUOTE) + "\nCopied by another site.\n")
    misquoted = QUOTE.replace("not", "never")
    (docs / "other.txt").write_text(
        "A different outlet covered the hearing later in the week. "
        f"“{misquoted}” Senator Jane Roe said on March 3, 2021, as reporters gathered.\n"
    )
    db = str(tmp_path / "c.db")
    run("extract", str(docs), "--db", db)
    first = json.loads(run("track", "--db", db, "--json").stdout)
    assert first["claims"] > 0
    again = json.loads(run("track", "--db", db, "--json").stdout)
    assert again["claims"] == 0 and again["facts_written"] == 0  # running twice changes nothing

    (fact,) = [
        json.loads(line)
        for line in run("facts", "--kind", "quote", "--db", db, "--json").stdout.splitlines()
    ]
    assert (fact["sources"], fact["independent_sources"]) == (3, 2)
    assert fact["speaker"] == "Jane Roe" and len(fact["claims"]) == 3
    (conflict,) = fact["conflicts"]
    assert (conflict["kind"], conflict["field"]) == ("wording", "quote")
    assert sorted(conflict["values"]) == sorted([QUOTE, misquoted])

    listed = [
        json.loads(line) for line in run("conflicts", "--db", db, "--json").stdout.splitlines()
    ]
    assert [c["id"] for c in listed] == [conflict["id"]]
    detail = json.loads(run("fact", str(fact["id"]), "--db", db, "--json").stdout)
    assert {m["claim"] for m in detail["members"]} == set(fact["claims"])
    assert len(detail["timeline"]) == 3
    shown = run("fact", str(fact["id"]), "--db", db)
    assert "Conflicts" in shown.stdout and "wording" in shown.stdout
    # a page at a time: the canonical claim first, the rest from --offset; every id in claims
    paged = [
        json.loads(run("fact", str(fact["id"]), "--db", db, "--json", *page).stdout)
        for page in (["--limit", "2"], ["--limit", "2", "--offset", "2"])
    ]
    assert [p["members_total"] for p in paged] == [3, 3] and paged[0]["claims"] == fact["claims"]
    assert [p["next_offset"] for p in paged] == [2, None]
    assert paged[0]["members"][0]["claim"] == detail["members"][0]["claim"]
    assert [m["claim"] for p in paged for m in p["members"]] == [
        m["claim"] for m in detail["members"]
    ]
    assert [t["document"] for p in paged for t in p["timeline"]] == [
        t["document"] for t in detail["timeline"]
    ]
    assert (
        "Next page: --offset 1" in run("fact", str(fact["id"]), "--db", db, "--limit", "1").output
    )
    exported = [
        json.loads(line) for line in run("export", "--facts", "--db", db).stdout.splitlines()
    ]
    assert fact in exported
    refused = CliRunner().invoke(cli, ["export", "--facts", "--format", "csv", "--db", db])
    assert refused.exit_code == 2 and "JSON Lines only" in refused.output


def test_an_unknown_fact_exits_4(tmp_path):
    db = str(tmp_path / "c.db")
    run("extract", "seeds", "--db", db)
    result = CliRunner().invoke(cli, ["fact", "999999", "--db", db])
    assert result.exit_code == 4 and "Traceback" not in result.output


def _quote_fact(db):
    (found,) = [
        json.loads(line)
        for line in run("facts", "--kind", "quote", "--db", db, "--json").stdout.splitlines()
    ]
    return found


def _invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_reviewers_decide_from_the_shell_and_later_tracking_respects_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire.txt").write_text(REPORT.format(quote=QUOTE))
    misquoted = QUOTE.replace("not", "never")
    (docs / "other.txt").write_text(
        "A different outlet covered the hearing later in the week. "
        f"“{misquoted}” Senator Jane Roe said on March 3, 2021, as reporters gathered.\n"
    )
    db = str(tmp_path / "c.db")
    run("extract", str(docs), "--db", db, "--no-track")
    run("track", "--db", db)
    fact = _quote_fact(db)
    assert fact["status"] == "unverified" and len(fact["claims"]) == 2
    (conflict,) = fact["conflicts"]

    resolved = run(
        "conflicts", "resolve", str(conflict["id"]), "--by", "Erin", "--db", db, "--json"
    )
    assert json.loads(resolved.stdout)["action"] == "resolve"
    assert "resolved (by Erin)" in resolved.stderr
    listed = [json.loads(x) for x in run("conflicts", "--db", db, "--json").stdout.splitlines()]
    assert [c["status"] for c in listed] == ["resolved"]

    status = run(
        "facts", "status", str(fact["id"]), "disputed", "--by", "Erin", "--note", "n", "--db", db
    )
    assert "now disputed" in status.stderr
    detail = json.loads(run("fact", str(fact["id"]), "--db", db, "--json").stdout)
    assert detail["status"] == "disputed"
    assert [(e["status"], e["by"], e["note"]) for e in detail["status_history"]] == [
        ("disputed", "Erin", "n")
    ]
    shown = run("fact", str(fact["id"]), "--db", db).stdout
    assert "disputed" in shown and "Status history" in shown
    for claim in fact["claims"]:  # the claims' own histories are untouched
        shown = json.loads(run("show", str(claim), "--db", db, "--json").stdout)
        assert [e["status"] for e in shown["history"]] == ["unverified"]

    out = fact["claims"][-1]
    split = run("facts", "split", str(out), "--by", "Erin", "--db", db, "--json")
    assert json.loads(split.stdout)["action"] == "split"
    apart = {
        f["id"]: f for f in map(json.loads, run("facts", "--db", db, "--json").stdout.splitlines())
    }
    holding = [f for f in apart.values() if out in f["claims"]]
    assert len(holding) == 1 and holding[0]["claims"] == [out]
    run("track", "--db", db)  # the split sticks
    holding = [
        json.loads(x)
        for x in run("facts", "--kind", "quote", "--db", db, "--json").stdout.splitlines()
    ]
    assert sorted(len(f["claims"]) for f in holding) == [1, 1]

    a, b = sorted(f["id"] for f in holding)
    merged = run("facts", "merge", str(a), str(b), "--by", "Erin", "--db", db)
    assert "are now fact" in merged.stderr
    assert len(_quote_fact(db)["claims"]) == 2


def test_decisions_fail_in_one_line(tmp_path):
    db = str(tmp_path / "c.db")
    run("extract", "seeds", "--db", db, "--track")
    cases = [
        (("facts", "merge", "999998", "999999"), 4, "no fact with id 999998"),
        (("facts", "split", "999999"), 4, "no claim with id 999999"),
        (("facts", "status", "999999", "supported"), 4, "no fact with id 999999"),
        (("conflicts", "resolve", "999999"), 4, "no conflict with id 999999"),
        (("facts", "merge", "1", "1"), 2, "cannot be merged with itself"),
    ]
    for args, code, message in cases:
        result = _invoke(*args, "--by", "Erin", "--db", db)
        assert result.exit_code == code, (args, result.output)
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1

    run("reviewers", "add", "Mallory", "--db", db)
    run("reviewers", "revoke", "Mallory", "--db", db)
    fact_id = json.loads(run("facts", "--db", db, "--json", "--limit", "1").output)["id"]
    refused = _invoke("facts", "status", str(fact_id), "supported", "--by", "Mallory", "--db", db)
    assert refused.exit_code == 2 and "was revoked" in refused.output
    detail = json.loads(run("fact", str(fact_id), "--db", db, "--json").stdout)
    assert detail["status"] == "unverified" and detail["status_history"] == []


def test_extract_tracks_new_claims_once_the_ledger_is_tracked(tmp_path):
    db = str(tmp_path / "c.db")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "wire.txt").write_text(REPORT.format(quote=QUOTE))
    first = json.loads(run("extract", str(docs), "--db", db, "--json").stdout)
    assert "tracked" not in first  # a ledger never tracked is not tracked by default
    run("track", "--db", db)
    more = tmp_path / "more"
    more.mkdir()
    (more / "copy.txt").write_text(REPORT.format(quote=QUOTE) + "\nCopied by another site.\n")
    second = json.loads(run("extract", str(more), "--db", db, "--json").stdout)
    assert second["tracked"]["claims"] == second["claims_added"] > 0
    assert json.loads(run("track", "--db", db, "--json").stdout)["claims"] == 0
    assert _quote_fact(db)["sources"] == 2

    other = tmp_path / "other"
    other.mkdir()
    (other / "late.txt").write_text("Officials said the vote was delayed until May 4, 2021.\n")
    skipped = json.loads(run("extract", str(other), "--db", db, "--json", "--no-track").stdout)
    assert "tracked" not in skipped
    assert json.loads(run("track", "--db", db, "--json").stdout)["claims"] > 0
    fresh = str(tmp_path / "fresh.db")
    forced = json.loads(run("extract", str(docs), "--db", fresh, "--json", "--track").stdout)
    assert forced["tracked"]["claims"] == forced["claims_added"]
