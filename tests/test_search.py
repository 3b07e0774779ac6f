"""``claims -q`` reads FTS5's syntax (phrases, OR, NOT, AND, groups, prefix*, field:word)
with every word quoted, and refuses what it cannot read with one line; ``--speaker`` finds a
speaker by part of the name, in any case and word order."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.errors import UsageError
from claimtrack.ledger import ClaimFilter, Ledger
from claimtrack.ledger.search import fts_syntax
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document

ARTICLE = (
    "On March 3, 2021, the council met in Riverton. "
    '"We will build 12 bridges," the mayor, Ann Lee-Smith, said. '
    '"The bridges are a waste," said Fumio Kishida on Tuesday. '
    '"Missiles were fired at the summit," said Vladimir Putin.\n'
)


@pytest.mark.parametrize(
    ("typed", "fts"),
    [
        ("putin xi", '"putin" AND "xi"'),
        ('"no limits" pact', '"no limits" AND "pact"'),
        ("putin OR xi", '"putin" OR "xi"'),
        ("putin NOT xi", '"putin" NOT "xi"'),
        ("putin AND xi", '"putin" AND "xi"'),
        ("(xi OR putin) summit", '("xi" OR "putin") AND "summit"'),
        ("kish*", '"kish"*'),
        ('"no lim"*', '"no lim"*'),
        ("speaker:kishida", 'speaker : "kishida"'),
        ('quote:"no limits"', 'quote : "no limits"'),
        ("speaker:(xi OR putin)", 'speaker : ("xi" OR "putin")'),
        ("U.S. don't 5%", '"U.S." AND "don\'t" AND "5%"'),
        ("putin or not xi", '"putin" AND "or" AND "not" AND "xi"'),  # operators are capitals
        ("near:x", '"near:x"'),  # not a field: a word
        ('say "a""b"', '"say" AND "a" AND "b"'),
    ],
)
def test_search_syntax_is_written_as_fts5(typed, fts):
    assert fts_syntax(typed) == fts


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('"unclosed', "quote is not closed"),
        ("(xi OR putin", "not closed"),
        ("xi)", "unexpected )"),
        ("NOT xi", "NOT at the start"),
        ("OR xi", "OR at the start"),
        ("xi OR", "missing at the end"),
        ("xi AND OR putin", "after another operator"),
        ("*", "letters before the *"),
        ("  ", "nothing to search for"),
        ("speaker:", "missing at the end"),
    ],
)
def test_search_syntax_errors_are_one_clear_line(typed, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fts_syntax(typed)


@pytest.fixture
def searched(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "c.db")
    extract_documents(ledger, [seed_document, Document(ARTICLE, "a.txt")], OfflineExtractor())
    yield ledger
    ledger.close()


def _ids(ledger, **where):
    return {c.id for c in ledger.claims(ClaimFilter(**where))}


def test_search_operators_find_what_they_say(searched):
    every = {c.id: c for c in searched.claims()}

    def text(i):
        c = every[i].claim
        return " ".join(str(v) for v in (c.claim, getattr(c, "quote", ""))).lower()

    putin, summit = _ids(searched, search="putin"), _ids(searched, search="summit")
    assert putin and summit
    assert _ids(searched, search="putin OR summit") == putin | summit
    assert _ids(searched, search="putin summit") == putin & summit
    assert _ids(searched, search="putin NOT summit") == putin - summit
    bridges = _ids(searched, search='"12 bridges"')
    assert bridges and all("12 bridges" in text(i) for i in bridges)
    assert _ids(searched, search="bridg*") >= bridges
    assert _ids(searched, search="speaker:kishida") == {
        i for i, c in every.items() if "Kishida" in (getattr(c.claim, "speaker", None) or "")
    }


def test_speaker_matches_part_of_the_name_in_any_case(searched):
    speakers = {c.id: getattr(c.claim, "speaker", None) or "" for c in searched.claims()}

    def named(*words):
        return {i for i, name in speakers.items() if all(w in name.lower() for w in words)}

    # the seed quotes "Kishida Fumi", the article "Fumio Kishida"
    assert len({speakers[i] for i in named("kishida")}) == 2
    for given in ("kishida", "KISHIDA", "ishid"):
        assert _ids(searched, speaker=given) == named("kishida"), given
    fumio = named("fumio", "kishida")
    assert fumio and fumio < named("kishida")
    assert _ids(searched, speaker="Fumio Kishida") == fumio
    assert _ids(searched, speaker="kishida FUMIO") == fumio  # any order
    assert _ids(searched, speaker="Kishida", kind="quote") == named("kishida")
    assert _ids(searched, speaker="kishida", kind="date") == set()
    assert _ids(searched, speaker="lee-smith") == named("lee-smith") != set()
    assert _ids(searched, speaker="100%") == set()  # LIKE's wildcards are plain characters
    assert _ids(searched, speaker="a_n") == set()


def test_claims_cli_reports_bad_search_syntax_in_one_line(searched, tmp_path):
    db = str(searched.path)
    found = CliRunner().invoke(cli, ["claims", "--db", db, "-q", "putin OR summit", "--json"])
    assert found.exit_code == 0 and found.stdout.strip()
    bad = CliRunner().invoke(cli, ["claims", "--db", db, "-q", "NOT putin"])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "Error: search: NOT at the start of: NOT putin (write: putin NOT xi)"
    ]
    help_text = CliRunner().invoke(cli, ["claims", "--help"]).stdout
    for example in ('"no limits"', "putin OR xi", "summit NOT putin", "kish*", "speaker:"):
        assert example in help_text
