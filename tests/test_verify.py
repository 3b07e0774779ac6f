"""Verification against evidence: the ledger's verdict tables, retrieval and the offline
judge, on real ledger files."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from claimtrack.errors import LedgerError, NotFoundError, UsageError
from claimtrack.grounding import check_claim
from claimtrack.ledger import Ledger
from claimtrack.records import DateClaim, Document, Extractor, QuoteClaim, Span
from claimtrack.verify.offline import OfflineJudge, date_relation, same_person
from claimtrack.verify.passages import passages_of
from claimtrack.verify.retrieve import query_terms, retrieve
from claimtrack.verify.run import claims_to_verify, verify_claims
from claimtrack.verify.store import (
    SourceTexts,
    add_evidence,
    review_verdict,
    store_verdict,
    verdicts_of,
)
from claimtrack.verify.types import Cited, Judgement

EXTRACTOR = Extractor("test", "m", "p", "h")

REPORT = (
    "Tokyo talks\n\n"
    "Prime Minister Kishida said \u201cwe will defend the peace of this region together\u201d "
    "at the press conference. Kishida also said \u201cthe budget grows by 40 percent next "
    "year\u201d to reporters.\n\n"
    "On March 16, Kishida met South Korean President Yoon Suk-yeol in Tokyo to announce a "
    "diplomatic breakthrough.\n\n"
    "Yoon said \u201cthe two countries have opened a new chapter together\u201d after the talks.\n"
)
TRANSCRIPT = (
    "PRESS CONFERENCE\n\n"
    "PRIME MINISTER KISHIDA: We will defend the peace of this region together.\n\n"
    "PRIME MINISTER KISHIDA: The budget grows by 14 percent next year.\n\n"
    "PRESIDENT BIDEN: The two countries have opened a new chapter together.\n\n"
    "PRIME MINISTER KISHIDA: On March 17, I met South Korean President Yoon Suk-yeol in Tokyo "
    "to announce a diplomatic breakthrough.\n"
)


def quote(text: str, words: str, speaker: str) -> QuoteClaim:
    start = text.index(words)
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", start)
    claim = QuoteClaim(
        claim=f"{speaker} said: {words}",
        confidence=0.9,
        speaker=speaker,
        quote=words,
        spans={"evidence": Span.of(text, left, right)},
    )
    return check_claim(text, claim)  # type: ignore[return-value]


def dated(text: str, event: str, value: str, participants: list[str]) -> DateClaim:
    start = text.index(event)
    claim = DateClaim(
        claim=event,
        confidence=0.9,
        event=event,
        participants=participants,
        date_text="March 16",
        date_value=value,
        spans={"evidence": Span.of(text, start, start + len(event))},
    )
    return check_claim(text, claim)  # type: ignore[return-value]


@pytest.fixture
def verified(tmp_path):
    """A ledger with one report's claims, a transcript as evidence, and the offline verdicts."""
    ledger = Ledger(tmp_path / "v.db")
    report = Document(REPORT, "report.txt", published=date(2023, 3, 20))
    claims = [
        quote(REPORT, "we will defend the peace of this region together", "Kishida"),
        quote(REPORT, "the budget grows by 40 percent next year", "Kishida"),
        quote(REPORT, "the two countries have opened a new chapter together", "Yoon"),
        dated(
            REPORT,
            "Kishida met South Korean President Yoon Suk-yeol in Tokyo to announce a "
            "diplomatic breakthrough",
            "2023-03-16",
            ["Yoon Suk-yeol"],
        ),
    ]
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(report, run, EXTRACTOR, claims)
    add_evidence(
        ledger, Document(TRANSCRIPT, "transcript.txt", published=date(2023, 3, 22)), "transcript"
    )
    result = verify_claims(ledger, ledger.iter_claims(), OfflineJudge())
    yield ledger, result
    ledger.close()


def test_passages_are_sentences_and_paragraphs_at_exact_offsets():
    found = passages_of(REPORT)
    units = {unit for unit, _, _ in found}
    assert units == {"sentence", "paragraph"}
    assert ("sentence", 0, len("Tokyo talks")) in found
    assert ("paragraph", 0, len("Tokyo talks")) not in found  # one sentence: one passage
    assert all(REPORT[s:e].strip() == REPORT[s:e] and e > s for _, s, e in found)


def test_the_offline_judge_supports_refutes_and_says_so(verified):
    ledger, result = verified
    by_claim = {c.id: c.verdict for c in ledger.iter_claims()}
    assert by_claim == {1: "supported", 2: "refuted", 3: "refuted", 4: "refuted"}
    assert result.as_dict()["verdicts"] == {"refuted": 3, "supported": 1}
    verdicts = verdicts_of(ledger.conn, [1, 2, 3, 4])
    assert "PRIME MINISTER KISHIDA" in verdicts[1][0].rationale
    assert "BIDEN" in verdicts[3][0].rationale  # the words are someone else's
    assert "40" in verdicts[2][0].rationale  # a changed number
    assert "2023-03-17" in verdicts[4][0].rationale


def test_every_stored_excerpt_is_its_sources_exact_characters(verified):
    ledger, _ = verified
    texts = SourceTexts(ledger)
    rows = ledger.conn.execute(
        'SELECT origin, source_id, start, "end", text FROM verdict_evidence'
    ).fetchall()
    assert rows
    for origin, source_id, start, end, text in rows:
        assert texts.text(origin, source_id)[start:end] == text


def test_a_verdict_never_changes_a_status_and_shows_as_the_judges(verified):
    ledger, _ = verified
    assert {c.status for c in ledger.iter_claims()} == {"unverified"}
    ledger.set_status(1, "needs_work", by="ann")
    verdict = verdicts_of(ledger.conn, [1])[1][0]
    assert verdict.judge.backend == "offline" and verdict.judge.prompt_hash
    store_verdict(ledger, 1, verdict.judge, Judgement("refuted", "again"), passages=0)
    claim = ledger.claim(1)
    assert (claim.status, claim.verdict) == ("needs_work", "refuted")


def test_accepting_a_verdict_is_the_reviewers_status_event(verified):
    ledger, _ = verified
    verdict_id = verdicts_of(ledger.conn, [2])[2][0].id
    review_verdict(ledger, verdict_id, "reject", by="ann")
    assert ledger.claim(2).status == "unverified"
    review_verdict(ledger, verdict_id, "accept", by="bob", note="checked the tape")
    last = ledger.history(2)[-1]
    assert (last.status, last.by) == ("refuted", "bob")
    assert f"accepted verdict {verdict_id}" in (last.note or "")
    reviews = verdicts_of(ledger.conn, [2])[2][0].reviews
    assert [(a, b) for a, b, _, _ in reviews] == [("reject", "ann"), ("accept", "bob")]
    with pytest.raises(NotFoundError):
        review_verdict(ledger, 999, "accept", by="bob")
    with pytest.raises(UsageError):
        review_verdict(ledger, verdict_id, "maybe", by="bob")


def test_the_ledger_refuses_inexact_evidence_and_edits(verified):
    ledger, _ = verified
    with pytest.raises(LedgerError, match="exact characters"):
        store_verdict(
            ledger,
            1,
            verdicts_of(ledger.conn, [1])[1][0].judge,
            Judgement("supported", "x", (Cited("evidence", "nope", 0, 5, "PRESS"),)),
            passages=0,
        )
    assert len(verdicts_of(ledger.conn, [1])[1]) == 1  # nothing of the refused verdict kept
    for sql in ("UPDATE verdicts SET verdict = 'supported'", "DELETE FROM verdict_evidence"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            ledger.conn.execute(sql)


def test_retrieval_never_offers_the_claims_own_document(verified):
    ledger, _ = verified
    claim = ledger.claim(1)
    assert {"kishida", "defend", "peace"} <= set(query_terms(claim))
    found = retrieve(ledger.conn, claim, top_k=3)
    assert found and all(p.source_id != claim.document_id for p in found)
    assert found[0].reference and "defend the peace" in found[0].text
    assert found == retrieve(ledger.conn, claim, top_k=3)


def test_no_reference_means_not_enough_info(tmp_path):
    ledger = Ledger(tmp_path / "n.db")
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(
        Document(REPORT, "report.txt"),
        run,
        EXTRACTOR,
        [quote(REPORT, "we will defend the peace of this region together", "Kishida")],
    )
    other = REPORT.replace("Tokyo talks", "Syndicated copy")
    ledger.add_claims(
        Document(other, "copy.txt"),
        run,
        EXTRACTOR,
        [quote(other, "we will defend the peace of this region together", "Kishida")],
    )
    result = verify_claims(ledger, claims_to_verify(ledger, [1]), OfflineJudge())
    assert dict(result.verdicts) == {"not_enough_info": 1}  # another report is not a check
    assert verdicts_of(ledger.conn, [1])[1][0].evidence == ()
    ledger.close()


def test_claim_selection_is_checked(verified):
    ledger, _ = verified
    with pytest.raises(UsageError):
        claims_to_verify(ledger, [])
    with pytest.raises(NotFoundError, match="77"):
        claims_to_verify(ledger, [1, 77])
    with pytest.raises(NotFoundError, match="fact"):
        claims_to_verify(ledger, [], fact=3)


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("2023-03-16", "2023-03-16", "same"),
        ("2023-03-16", "2023-03-17", "differs"),
        ("XXXX-03-16", "2023-03-17", "differs"),
        ("XXXX-03-16", "2023-03-16", "same"),
        ("2023-03", "2023-03-16", None),
        ("2023", "2022-05-01", "differs"),
        ("XXXX", "2023-03-16", None),
    ],
)
def test_dates_are_compared_where_both_are_known(a, b, relation):
    assert date_relation(a, b) == relation


def test_speakers_are_the_same_person_by_a_shared_name():
    assert same_person("Kishida Fumio", "PRIME MINISTER KISHIDA")
    assert not same_person("Kishida", "President Yoon")
    assert not same_person("the Prime Minister", "Prime Minister")  # titles alone name no one


def test_words_someone_quotes_back_are_not_theirs(tmp_path):
    ledger = Ledger(tmp_path / "e.db")
    run = ledger.start_run(EXTRACTOR)
    ledger.add_claims(
        Document(REPORT, "report.txt"),
        run,
        EXTRACTOR,
        [quote(REPORT, "we will defend the peace of this region together", "Kishida")],
    )
    echo = (
        "REPORTER: Prime Minister, you said \u201cwe will defend the peace of this region "
        'together\u201d. Will you? And "we will defend the peace of this region together" again?\n'
    )
    add_evidence(ledger, Document(echo, "echo.txt"), "transcript")
    result = verify_claims(ledger, ledger.iter_claims(), OfflineJudge())
    assert dict(result.verdicts) == {"not_enough_info": 1}  # not refuted: the reporter quotes
    ledger.close()


def test_a_cited_passage_number_is_not_part_of_the_excerpt(verified):
    from claimtrack.verify.cite import cite_all

    ledger, _ = verified
    passages = retrieve(ledger.conn, ledger.claim(1), top_k=3)
    texts = SourceTexts(ledger)
    cited, dropped = cite_all(
        texts, passages, ["1: We will defend the peace of this region together.", "[2] Nope."]
    )
    assert dropped == ["[2] Nope."]
    (found,) = cited
    assert found.text == "We will defend the peace of this region together."
    assert found.claimed == "1: We will defend the peace of this region together."
