"""Tracking claims into facts, end to end: the offline extractor, a ledger, ``track_*``."""

from __future__ import annotations

from datetime import date

from claimtrack.ledger import Ledger
from claimtrack.tracking import FactReader, track_claims, track_ledger
from tests.test_tracking_fixtures import (
    BASE,
    REREPORT,
    SYNDICATED,
    conflicts_by_content,
    document,
    extract,
    fact_of,
    facts_by_content,
    planted,
    snapshot,
)


def open_ledger(tmp_path, name="claims.db"):
    return Ledger(tmp_path / name)


def test_exact_copies_are_one_independent_source_and_never_conflict(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(
        ledger,
        document(BASE, "wire/story.txt"),
        document(BASE, "outlet-a/story.txt"),  # the same text: one document, two sources
        document(SYNDICATED, "outlet-b/story.txt"),  # the same story under a footer
    )
    result = track_claims(ledger, [r[0] for r in ledger.conn.execute("SELECT id FROM claims")])
    assert result.documents == 2
    fact = FactReader(ledger).get(fact_of(ledger, "Anna Berg", "new chapter"))
    assert (fact.sources, fact.independent_sources, len(fact.claims)) == (3, 1, 2)
    assert ledger.conn.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
    assert len({r[0] for r in ledger.conn.execute("SELECT group_id FROM document_groups")}) == 1


def test_a_re_report_joins_the_facts_it_quotes(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(
        ledger,
        document(BASE, "wire/story.txt", date(2024, 3, 16)),
        document(REREPORT, "outlet/follow-up.txt", date(2024, 3, 18)),
    )
    track_ledger(ledger.path)
    reader = FactReader(ledger)
    berg = reader.fact(fact_of(ledger, "Anna Berg", "new chapter"))
    assert berg.fact.independent_sources == 2
    assert berg.fact.first_seen == "2024-03-16"
    relations = {(c.relation, c.method) for c in berg.claims}
    assert relations == {("same", "canonical"), ("variant", "partial")}
    assert berg.fact.fields["speaker"] == "Anna Berg"
    lind = reader.fact(fact_of(ledger, "Tomas Lind", "closed doors"))
    assert {c.method for c in lind.claims} == {"canonical", "punctuation"}
    assert lind.fact.conflicts == ()
    assert [d.published for d in lind.documents] == ["2024-03-16", "2024-03-18"]


def test_a_changed_date_in_a_copy_is_a_date_conflict_between_the_two_copies(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(ledger, document(BASE, "wire/story.txt"), planted("March 16", "March 18"))
    track_ledger(ledger.path)
    conflicts = conflicts_by_content(ledger)
    # two copies, one source each: which one is the canonical claim is a tie broken by content
    assert [(c[0], c[1], {c[4], c[5]}) for c in conflicts] == [
        ("date", "date", {"2024-03-16", "2024-03-18"})
    ]
    (found,) = conflicts
    assert found[2][0] != found[3][0]  # between the original and the copy


def test_changed_words_of_a_quote_are_a_wording_conflict(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(ledger, document(BASE, "wire/story.txt"), planted("new chapter", "dark chapter"))
    track_ledger(ledger.path)
    kinds = {(c[0], c[1]) for c in conflicts_by_content(ledger)}
    assert kinds == {("wording", "quote")}
    fact = FactReader(ledger).get(fact_of(ledger, "Anna Berg", "chapter"))
    assert fact.open_conflicts == 1 and fact.as_dict()["conflicts"][0]["kind"] == "wording"


def test_a_changed_speaker_and_a_changed_number_are_conflicts(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(
        ledger,
        document(BASE, "wire/story.txt"),
        planted("said Tomas Lind", "said Maria Costa", "speaker.txt"),
        planted("12 percent", "15 percent", "number.txt"),
    )
    track_ledger(ledger.path)
    found = {(c[0], c[4], c[5]) for c in conflicts_by_content(ledger)}
    assert found == {
        ("speaker", "Tomas Lind", "Maria Costa"),
        ("number", "12 percent", "15 percent"),
    }


def test_running_twice_changes_nothing(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(ledger, document(BASE, "a.txt"), document(REREPORT, "b.txt"), planted("12", "14"))
    track_ledger(ledger.path)
    before = snapshot(ledger)
    again = track_ledger(ledger.path)
    assert (again.claims, again.facts_written, again.facts_removed) == (0, 0, 0)
    assert snapshot(ledger) == before


def test_the_facts_do_not_depend_on_the_order_documents_arrived_in(tmp_path):
    documents = [
        document(BASE, "a.txt", date(2024, 3, 16)),
        document(REREPORT, "b.txt"),
        document(SYNDICATED, "c.txt"),
        planted("March 16", "March 18", "d.txt"),
        planted("new chapter", "dark chapter", "e.txt"),
    ]
    forward = open_ledger(tmp_path, "forward.db")
    extract(forward, *documents)
    track_ledger(forward.path)
    backward = open_ledger(tmp_path, "backward.db")
    extract(backward, *reversed(documents))
    track_ledger(backward.path)
    # tracked as the documents land, one at a time, in yet another order
    piecemeal = open_ledger(tmp_path, "piecemeal.db")
    for index in (3, 0, 4, 2, 1):
        track_claims(piecemeal, extract(piecemeal, documents[index]))
    expected = facts_by_content(forward)
    assert facts_by_content(backward) == expected
    assert facts_by_content(piecemeal) == expected
    assert conflicts_by_content(backward) == conflicts_by_content(forward)
    assert conflicts_by_content(piecemeal) == conflicts_by_content(forward)
    assert len(conflicts_by_content(forward)) == 2


def test_tracking_a_then_b_is_tracking_b_then_a(tmp_path):
    a, b = document(BASE, "a.txt"), document(REREPORT, "b.txt")
    found = []
    for name, first in (("ab.db", a), ("ba.db", b)):
        ledger = open_ledger(tmp_path, name)
        ids = extract(ledger, a, b)
        mine = [
            r[0]
            for r in ledger.conn.execute("SELECT id FROM claims WHERE document_id = ?", [first.id])
        ]
        track_claims(ledger, mine)
        track_claims(ledger, [i for i in ids if i not in mine])
        found.append((facts_by_content(ledger), conflicts_by_content(ledger)))
    assert found[0] == found[1]


def test_adding_a_document_touches_only_the_facts_it_reports(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(ledger, document(BASE, "a.txt"))
    track_ledger(ledger.path)
    lind = fact_of(ledger, "Tomas Lind", "closed doors")
    stamp = ledger.conn.execute("SELECT updated_at FROM facts WHERE id = ?", [lind]).fetchone()
    untouched = {
        r[0]: r[1:]
        for r in ledger.conn.execute(
            "SELECT id, claim_count, updated_at FROM facts WHERE id != ?", [lind]
        )
    }
    added = extract(
        ledger, document(REREPORT.split("\n\n")[0] + "\n\n" + REREPORT.split("\n\n")[2], "b.txt")
    )
    result = track_claims(ledger, added)
    assert result.claims == len(added)
    assert fact_of(ledger, "Lind", "closed doors") == lind
    assert (
        ledger.conn.execute("SELECT claim_count FROM facts WHERE id = ?", [lind]).fetchone()[0] == 2
    )
    for fact, values in untouched.items():
        row = ledger.conn.execute(
            "SELECT claim_count, updated_at FROM facts WHERE id = ?", [fact]
        ).fetchone()
        assert row is None or tuple(row) == values
    assert stamp is not None


def test_an_untracked_ledger_reads_as_no_facts(tmp_path):
    ledger = open_ledger(tmp_path)
    extract(ledger, document(BASE, "a.txt"))
    reader = FactReader(ledger)
    assert reader.count() == 0
    assert reader.stats()["claims_untracked"] > 0
