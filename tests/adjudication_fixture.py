"""Shared by tests/test_tracking_adjudicate.py and scripts/record_cassettes.py (no tests
here): two short reports, written for claimtrack, whose quotes of one speaker are a close
call for the typed matcher (the same promise in other words), extracted with the offline
extractor into a ledger; and the adjudicator both build, so that the recorded requests and
the replayed ones are the same bytes."""

from __future__ import annotations

from pathlib import Path

from claimtrack.ledger import Ledger
from claimtrack.ledger.read import find_answer
from claimtrack.llm import LLMClient, LLMSettings
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document
from claimtrack.tracking.adjudicate import Adjudicator, llm_adjudicator

FIRST = """City council approves new budget

Springfield — The council voted on Monday. “We will not accept cuts to the schools while the \
stadium gets new money,” said Mayor Ana Ruiz after the vote.
"""
SECOND = """Mayor criticises stadium spending

In a statement on Tuesday, “we won't accept any cuts to our schools as long as the stadium \
gets fresh money,” Mayor Ana Ruiz said, according to her office.
"""
# A third report, a copy of the first's quote: tracked in a later run.
THIRD = """Council news in brief

“We will not accept cuts to the schools while the stadium gets new money,” said Mayor Ana \
Ruiz, the council's minutes show.
"""


def ledger_of(path: Path, *texts: str) -> Ledger:
    ledger = Ledger(path)
    documents = [
        Document(text, f"report-{i}.txt", published=None) for i, text in enumerate(texts, 1)
    ]
    extract_documents(ledger, documents, OfflineExtractor())
    return ledger


def adjudicator(ledger: Ledger, base_url: str, model: str, api_key: str) -> Adjudicator:
    """The adjudicator of a tracking run on ``ledger``, asking the server at ``base_url``
    (no transport retries: every exchange in a cassette is one a test replays)."""
    settings = LLMSettings(
        model=model,
        base_url=base_url,
        max_reasks=0,
        max_retries=0,
        call_retries=0,
        timeout=300.0,
        max_tokens=64,
    )
    return llm_adjudicator(LLMClient(settings, api_key), lambda key: find_answer(ledger.conn, key))
