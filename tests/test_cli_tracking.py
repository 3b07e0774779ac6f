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
