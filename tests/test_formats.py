"""The export formats others read: ClaimReview (checked against Google's fact-check
structured-data guidelines), W3C Web Annotation (every selector points at the exact text),
and the flat CSV (a column per field, nothing a spreadsheet would run)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from claimtrack import export
from claimtrack.cli import cli
from claimtrack.formats import ExportOptions
from claimtrack.formats.flat_csv import COLUMNS, FlatCsvWriter, inert
from claimtrack.ledger import Ledger, LedgerReader
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import CLAIM_MODELS, Document

DESK = ExportOptions("Example Checks", "https://checks.example.org/claims")

# Google's fact-check structured data (developers.google.com/search/docs/appearance/
# structured-data/factcheck), as read on 2026-11-29: what each type must and should carry.
GOOGLE = {
    "ClaimReview": {
        "required": {"claimReviewed", "reviewRating", "url"},
        "recommended": {"author", "datePublished", "itemReviewed"},
    },
    "Rating": {"required": {"alternateName"}, "recommended": {"name"}},
    "Claim": {"recommended": {"appearance", "author", "datePublished", "firstAppearance"}},
    "author": {"required": {"name"}, "recommended": {"url"}},  # the fact-checker
    "Claim.author": {"required": {"name"}},  # sameAs is recommended: we know of none
}
# The numeric rating: all three or none (a number needs its scale).
NUMERIC = {"ratingValue", "bestRating", "worstRating"}

# Characters Python counts as one and JavaScript as two, and invisible formatting characters:
# positions must stay code points of the stored text.
ODD = (
    "🌍🌍 Riverton (🇳🇴) — \u202egnp.exe\u202c. On March 3, 2021, the council met in Riverton. "
    '"We will build 12 bridges," the mayor, Ann Lee, said. 😀 The plan costs $4 million.\n'
)


@pytest.fixture
def reviewed(tmp_path, seed_text):
    """A ledger of the seed (read from two web pages, published on different days) and a
    document with emoji and bidi controls, with verdicts on some of its claims."""
    path = tmp_path / "c.db"
    ledger = Ledger(path)
    first = Document(
        seed_text,
        "time.html",
        title="East Asia geopolitics",
        url="https://www.time.example/east-asia",
        published=date(2023, 3, 24),
    )
    syndicated = Document(
        seed_text,
        "copy.html",
        title="East Asia (syndicated)",
        url="https://news.example.net/copy",
        published=date(2023, 3, 22),
    )
    extract_documents(ledger, [first, Document(ODD, "odd.txt")], OfflineExtractor())
    ledger.add_source(syndicated)
    claims = ledger.claims()
    quote = next(c for c in claims if c.kind == "quote" and "Kishida" in (c.claim.speaker or ""))
    other = next(c for c in claims if c.kind != "quote" and c.document_id == first.id)
    odd = next(c for c in claims if c.document_id != first.id)
    verdicts = {quote.id: "supported", other.id: "refuted", odd.id: "unverifiable"}
    for claim_id, status in verdicts.items():
        ledger.set_status(claim_id, status, by="Erin Editor")
    spare = next(c for c in claims if c.id not in verdicts)
    ledger.set_status(spare.id, "needs_work", by="Erin Editor")
    ledger.close()
    return path, verdicts, quote


def _lines(path, fmt, options=None, workers=1):
    out = io.StringIO()
    count = export.export_ledger(path, out, fmt, workers=workers, options=options)
    return count, out.getvalue()


def _check(thing, rules):
    for name in rules.get("required", ()):
        assert thing.get(name) not in (None, "", []), f"required {name} missing from {thing}"
    for name in rules.get("recommended", ()):
        assert thing.get(name) not in (None, "", []), f"recommended {name} missing from {thing}"


def test_claimreview_has_googles_required_and_recommended_fields(reviewed):
    path, verdicts, quote = reviewed
    count, text = _lines(path, "claimreview", DESK)
    reviews = [json.loads(line) for line in text.splitlines()]
    assert count == len(reviews) == len(verdicts)  # unverified and needs_work are not reviews
    by_id = {int(r["identifier"].rsplit(":", 1)[1]): r for r in reviews}
    assert set(by_id) == set(verdicts)
    with LedgerReader(path) as reader:
        stored = {c.id: c for c in reader.claims_by_ids(list(verdicts))}
    for claim_id, review in by_id.items():
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        _check(review, GOOGLE["ClaimReview"])
        assert review["claimReviewed"] == stored[claim_id].claim.claim
        # the review is published on the desk's own site
        assert urlsplit(review["url"]).netloc == "checks.example.org"
        assert review["url"].endswith(f"#claim-{claim_id}")
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example.org/claims",
        }
        _check(review["author"], GOOGLE["author"])
        assert review["datePublished"] == stored[claim_id].status_at
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        _check(rating, GOOGLE["Rating"])
        assert set(rating) >= NUMERIC or not NUMERIC & set(rating)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        _check(item["author"], GOOGLE["Claim.author"])
    ratings = {verdicts[i]: r["reviewRating"] for i, r in by_id.items()}
    assert ratings["supported"]["alternateName"] == "True"
    assert ratings["supported"]["ratingValue"] == ratings["supported"]["bestRating"] == 5
    assert ratings["refuted"]["alternateName"] == "False"
    assert ratings["refuted"]["ratingValue"] == ratings["refuted"]["worstRating"] == 1
    assert ratings["unverifiable"]["alternateName"] == "Unverifiable"
    assert "ratingValue" not in ratings["unverifiable"]
    # the seed was read from two pages: both are appearances, the earlier one first
    for claim_id in (i for i, s in verdicts.items() if s != "unverifiable"):
        item = by_id[claim_id]["itemReviewed"]
        _check(item, GOOGLE["Claim"])
        urls = [work["url"] for work in item["appearance"]]
        assert urls == ["https://news.example.net/copy", "https://www.time.example/east-asia"]
        assert item["firstAppearance"]["url"] == "https://news.example.net/copy"
        assert item["datePublished"] == "2023-03-22"
    # a quote's claim is its speaker's; another claim is the outlet's that published it first
    assert by_id[quote.id]["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": quote.claim.speaker,  # type: ignore[attr-defined]
    }
    refuted = next(i for i, s in verdicts.items() if s == "refuted")
    assert by_id[refuted]["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "news.example.net",
        "url": "https://news.example.net",
    }
    # a document read from a local file appears by no path: it has no appearance at all
    odd = by_id[next(i for i, s in verdicts.items() if s == "unverifiable")]
    assert "appearance" not in odd["itemReviewed"]
    assert odd["itemReviewed"]["author"]["name"] == "odd.txt"


def test_claimreview_review_url_template(reviewed):
    path, verdicts, _ = reviewed
    options = ExportOptions("Desk", "https://desk.example", "https://desk.example/checks/{id}")
    _, text = _lines(path, "claimreview", options)
    urls = {json.loads(line)["url"] for line in text.splitlines()}
    assert urls == {f"https://desk.example/checks/{i}" for i in verdicts}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--publisher NAME"),
        (["--publisher", "Desk"], "--publisher-url URL"),
        (["--publisher", "Desk", "--publisher-url", "desk.example"], "not a web address"),
    ],
)
def test_claimreview_without_a_publisher_is_one_clear_line(reviewed, tmp_path, args, message):
    path, _, _ = reviewed
    out = tmp_path / "reviews.jsonld"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(path), "--format", "claimreview", "-o", str(out), *args]
    )
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_annotations_point_at_the_exact_code_points(reviewed):
    path, _, _ = reviewed
    count, text = _lines(path, "annotation")
    annotations = [json.loads(line) for line in text.splitlines()]
    with LedgerReader(path) as reader:
        claims = list(reader.iter_claims())
        texts = {c.document_id: reader.document_text(c.document_id) for c in claims}
    grounded = [
        (c, name)
        for c in claims
        for name, span in c.claim.spans.items()
        if span.grounding != "ungrounded" and span.end > span.start
    ]
    assert len(annotations) == len(grounded) and count == len({c.id for c, _ in grounded})
    assert len({a["id"] for a in annotations}) == len(annotations)
    odd_seen = False
    for item in annotations:
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["type"] == "Annotation"
        target = item["target"]
        document_id = target["source"].removeprefix("urn:claimtrack:document:")
        document = texts[document_id]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert quote["exact"] == document[start:end] and quote["exact"]
        assert quote["prefix"] == document[max(0, start - 32) : start]
        assert quote["suffix"] == document[end : end + 32]
        assert {b["purpose"] for b in item["body"]} == {"describing", "tagging", "assessing"}
        odd_seen |= document == ODD and start > 0
    assert odd_seen  # the document with emoji and bidi controls was annotated
    # code points, not UTF-16 units: the emoji before count one each
    riverton = ODD.index("the council")
    assert any(
        a["target"]["selector"][1]["start"] <= riverton < a["target"]["selector"][1]["end"]
        for a in annotations
        if a["target"]["source"].endswith(Document(ODD, "x").id)
    )
    # a page the text was read from is the annotation's scope
    seed = next(a for a in annotations if "scope" in a["target"])
    assert seed["target"]["scope"] in {
        "https://www.time.example/east-asia",
        "https://news.example.net/copy",
    }


def test_flat_csv_has_a_column_per_field(reviewed):
    path, _, quote = reviewed
    for model in CLAIM_MODELS.values():
        assert set(model.model_fields) - {"spans", "confidence", "claim", "kind"} <= set(COLUMNS)
    count, text = _lines(path, "flat-csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS and count == len(rows) == LedgerReader(path).count()
    by_id = {int(r["id"]): r for r in rows}
    row = by_id[quote.id]
    assert row["speaker"] == quote.claim.speaker and row["status"] == "supported"  # type: ignore[attr-defined]
    assert row["quote"] == quote.claim.quote  # type: ignore[attr-defined]
    agreement = next(r for r in rows if r["kind"] == "agreement" and ";" in r["parties"])
    assert agreement["state"] and agreement["terms"]
    dated = next(r for r in rows if r["kind"] == "date" and r["date_value"])
    assert dated["date_text"] and dated["date_resolved"] in {"true", "false"}
    assert not any(cell.startswith("{") for r in rows for cell in r.values())  # no JSON
    # the csv format keeps its columns for the programs that read them
    _, old = _lines(path, "csv")
    assert tuple(next(csv.reader(io.StringIO(old)))) == export.CSV_COLUMNS


def test_flat_csv_cells_never_run_as_formulas(reviewed):
    _, _, quote = reviewed
    assert inert('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [inert(v) for v in ("+1", "-1", "@SUM(A1)", "\tx", "ok")] == [
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "ok",
    ]
    hostile = quote.claim.model_copy(update={"speaker": "=cmd|' /C calc'!A0"})
    writer = FlatCsvWriter(None, ExportOptions())  # type: ignore[arg-type]
    row = next(
        csv.DictReader(
            io.StringIO(
                FlatCsvWriter.HEADER + "".join(writer.lines(_replace(quote, claim=hostile)))
            )
        )
    )
    assert row["speaker"] == "'=cmd|' /C calc'!A0"


def _replace(stored, **changes):
    import dataclasses

    return dataclasses.replace(stored, **changes)


@pytest.mark.parametrize("fmt", ["flat-csv", "claimreview", "annotation"])
def test_a_parallel_export_of_each_format_writes_what_one_process_writes(
    reviewed, monkeypatch, fmt
):
    path, _, _ = reviewed
    monkeypatch.setattr(export, "PARALLEL_FROM", 5)
    alone = _lines(path, fmt, DESK, workers=1)
    together = _lines(path, fmt, DESK, workers=2)
    assert together == alone and alone[1]


def test_export_cli_writes_each_format(reviewed, tmp_path):
    path, _, _ = reviewed
    for fmt, extra in (
        ("flat-csv", []),
        ("annotation", []),
        ("claimreview", ["--publisher", "Desk", "--publisher-url", "https://desk.example"]),
    ):
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(
            cli, ["export", "--db", str(path), "--format", fmt, "-o", str(out), *extra]
        )
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8")
    facts = CliRunner().invoke(cli, ["export", "--db", str(path), "--facts", "--format", "csv"])
    assert facts.exit_code == 2 and "drop --format csv" in facts.stderr


def test_claimreview_appearances_span_the_documents_of_a_tracked_fact(tmp_path, seed_text):
    from claimtrack.tracking import track_ledger

    path = tmp_path / "tracked.db"
    ledger = Ledger(path)
    seed = Document(
        seed_text, "time.html", url="https://time.example/a", published=date(2023, 3, 24)
    )
    earlier = Document(
        "KYIV — Japan's prime minister visited Bucha on Tuesday. Kishida Fumi declared he was "
        "“outraged by the cruelty” of Russian soldiers, as Xi Jinping met Putin in Moscow.\n",
        "wire.html",
        url="https://wire.example/b",
        published=date(2023, 3, 21),
    )
    extract_documents(ledger, [seed, earlier], OfflineExtractor())
    ledger.close()
    track_ledger(path)
    ledger = Ledger(path)
    quote = next(
        c
        for c in ledger.claims()
        if c.document_id == seed.id and "outraged" in (getattr(c.claim, "quote", "") or "")
    )
    ledger.set_status(quote.id, "supported", by="Erin Editor")
    ledger.close()
    _, text = _lines(path, "claimreview", DESK)
    (review,) = [json.loads(line) for line in text.splitlines()]
    item = review["itemReviewed"]
    assert [work["url"] for work in item["appearance"]] == [
        "https://wire.example/b",
        "https://time.example/a",
    ]
    assert item["firstAppearance"]["url"] == "https://wire.example/b"
    assert item["datePublished"] == "2023-03-21"
    assert item["author"]["name"].startswith("Kishida")
