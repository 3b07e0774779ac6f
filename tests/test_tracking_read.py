"""Typed reads of facts and conflicts: filters, keyset pages with totals, one fact's page, and
the JSON shapes of ``--json``."""

from __future__ import annotations

import json

import pytest

from claimtrack.errors import NotFoundError
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.tracking import FactFilter, FactReader, track_ledger
from tests.test_tracking_fixtures import (
    BASE,
    REREPORT,
    SYNDICATED,
    document,
    extract,
    fact_of,
    planted,
)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("read") / "claims.db"
    ledger = Ledger(path)
    extract(
        ledger,
        document(BASE, "wire/story.txt"),
        document(SYNDICATED, "outlet/story.txt"),
        document(REREPORT, "other/follow-up.txt"),
        planted("March 16", "March 18", "copy/date.txt"),
        planted("new chapter", "dark chapter", "copy/quote.txt"),
    )
    ledger.close()
    track_ledger(path)
    return path


@pytest.fixture
def reader(path):
    with FactReader(LedgerReader(path)) as opened:
        yield opened


def test_a_fact_and_a_conflict_carry_the_json_shapes(reader):
    facts = reader.facts(FactFilter(conflicts=True), limit=None)
    assert {f.kind for f in facts} == {"date", "quote"}
    shape = facts[0].as_dict()
    assert {
        "id",
        "kind",
        "claim",
        "claims",
        "sources",
        "independent_sources",
        "first_seen",
        "conflicts",
    } <= set(shape)
    assert all(isinstance(c, int) for c in shape["claims"])
    conflict = shape["conflicts"][0]
    assert {"id", "fact", "kind", "field", "claims", "values"} <= set(conflict)
    assert len(conflict["claims"]) == 2 and len(conflict["values"]) == 2
    assert conflict["fact"] == shape["id"]
    json.dumps([f.as_dict() for f in facts])  # plain JSON


def test_filters_and_keyset_pages_with_totals(reader):
    every = reader.facts(limit=None)
    assert reader.count() == len(every)
    first = reader.page(limit=3)
    assert first.total == len(every) and len(first.facts) == 3
    second = reader.page(limit=3, after=first.next_after)
    assert [f.id for f in first.facts + second.facts] == [f.id for f in every[:6]]
    quotes = reader.page(FactFilter(kind="quote"), limit=50)
    assert quotes.next_after is None and {f.kind for f in quotes.facts} == {"quote"}
    assert quotes.total == len(quotes.facts)
    widely = reader.facts(FactFilter(min_sources=2), limit=None)
    assert widely and all(f.independent_sources >= 2 for f in widely)
    found = reader.facts(FactFilter(search="fishermen"), limit=None)
    assert found and all("fishermen" in f.claim for f in found)
    copy = reader.facts(FactFilter(document="copy/date.txt"), limit=None)
    assert copy and len(copy) < len(every)
    assert [f.id for f in reader.facts(FactFilter(claim=copy[0].claims[0]))] == [copy[0].id]


def test_pages_by_sources_most_reported_first(reader):
    pages, after = [], None
    while True:
        page = reader.page(limit=2, after=after, order="sources")
        pages.extend(page.facts)
        after = page.next_after
        if after is None:
            break
    counts = [f.independent_sources for f in pages]
    assert counts == sorted(counts, reverse=True)
    assert sorted(f.id for f in pages) == sorted(f.id for f in reader.facts(limit=None))


def test_one_facts_page_has_its_claims_documents_and_timeline(reader, path):
    ledger = Ledger(path)
    try:
        berg = fact_of(ledger, "Anna Berg", "This agreement")
    finally:
        ledger.close()
    page = reader.fact(berg)
    assert page.claims[0].claim_id == page.fact.canonical_claim
    assert {c.relation for c in page.claims} == {"same", "variant", "conflicting"}
    groups = {d.group for d in page.documents}
    assert len(groups) == page.fact.independent_sources == 2
    assert sum(len(d.sources) for d in page.documents) == page.fact.sources
    shape = page.as_dict()
    assert {"members", "timeline", "decisions"} <= set(shape)
    assert [t["seen"] for t in shape["timeline"]] == sorted(t["seen"] for t in shape["timeline"])
    with pytest.raises(NotFoundError):
        reader.fact(10_000)


def test_conflicts_by_kind(reader):
    dates = reader.conflicts(kind="date")
    assert dates.total == 1 and dates.conflicts[0].values == ("2024-03-16", "2024-03-18")
    wording = reader.conflicts(kind="wording", status="open")
    assert wording.total == 1
    assert reader.conflicts(kind="speaker").total == 0
    stats = reader.stats()
    assert stats["conflicts_by_kind"] == {"date": 1, "wording": 1}
    assert stats["claims_untracked"] == 0
