import threading

from claimtrack.errors import DocumentError, ExtractionError
from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import RunOptions, extract_documents
from claimtrack.records import Document


class Flaky(OfflineExtractor):
    """The offline extractor, failing on documents that contain a marker."""

    def extract(self, document, calls=None):
        if "FAIL" in document.text:
            raise ExtractionError("the backend gave up on this one")
        return super().extract(document, calls)


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "l.db")
    bad = Document(text="FAIL on March 3, 2021.", source="bad.txt")
    items = [bad, DocumentError("x.bin", "binary file"), seed_document]
    summary = extract_documents(ledger, items, Flaky())
    assert summary.documents_done == 1 and summary.documents_failed == 1
    assert summary.input_errors == ["x.bin: binary file"]
    assert summary.failures == ["bad.txt: the backend gave up on this one"]
    assert not summary.ok
    (failure,) = ledger.failures()
    assert failure["error"] == "the backend gave up on this one"
    run = ledger.db["runs"].get(summary.run_id)
    assert (run["status"], run["documents_done"], run["documents_failed"]) == ("finished", 1, 2)

    again = extract_documents(ledger, [bad, seed_document], OfflineExtractor())
    assert (again.documents_done, again.documents_skipped) == (1, 1)
    assert ledger.failures() == []


def test_a_new_extractor_version_is_not_skipped(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "l.db")
    extract_documents(ledger, [seed_document], OfflineExtractor())

    class Newer(OfflineExtractor):
        model = "claimtrack-offline-999"

    summary = extract_documents(ledger, [seed_document], Newer())
    assert summary.documents_done == 1 and summary.claims_added > 0


class Copyist(OfflineExtractor):
    """An extractor whose spans carry text copied the way models copy: offsets wrong, words
    elided, a figure changed."""

    def extract(self, document, calls=None):
        from claimtrack.records import Span, StatementClaim

        def claim(text):
            return StatementClaim(
                claim=text, confidence=0.5, spans={"evidence": Span(start=0, end=0, text=text)}
            )

        return [
            claim("Three people came to the meeting ... four people left early"),
            claim("Three people came to the meeting on Monday, and five people left early."),
            claim("Nobody came to the meeting at all, and the hall stayed empty."),
        ]


def test_every_stored_span_is_checked_and_says_how_it_was_found(tmp_path):
    text = "Three people came to the meeting on Monday, and four people left early."
    ledger = Ledger(tmp_path / "l.db")
    summary = extract_documents(ledger, [Document(text=text, source="t")], Copyist())
    assert summary.claims_ungrounded == 1
    rows = {r.claim.claim: r for r in ledger.claims()}

    elided = rows["Three people came to the meeting ... four people left early"]
    span = elided.claim.evidence
    assert (elided.grounding, span.score) == ("elided", 1.0)
    assert [text[s:e] for s, e in span.pieces] == [
        "Three people came to the meeting",
        "four people left early",
    ]

    altered = rows["Three people came to the meeting on Monday, and five people left early."]
    span = altered.claim.evidence
    assert altered.grounding == "fuzzy" and span.score < 1.0
    assert span.discrepancies == ("five",)
    assert span.claimed is not None and span.claimed.endswith("five people left early.")

    missing = rows["Nobody came to the meeting at all, and the hall stayed empty."]
    assert missing.grounding == "ungrounded" and missing.claim.evidence.text == ""
    for row in rows.values():
        for stored in row.claim.spans.values():
            assert text[stored.start : stored.end] == stored.text


class Buggy(OfflineExtractor):
    def extract(self, document, calls=None):
        if "BUG" in document.text:
            raise ValueError("day is out of range for month")
        return super().extract(document, calls)


def test_a_bug_met_on_one_document_fails_that_document_only(tmp_path, seed_document):
    ledger = Ledger(tmp_path / "l.db")
    odd = Document(text="A BUG on February 29.", source="odd.txt")
    summary = extract_documents(ledger, [odd, seed_document], Buggy())
    assert summary.documents_done == 1 and summary.documents_failed == 1
    assert summary.failures == [
        "odd.txt: the offline extractor failed on this document (ValueError: day is out of "
        "range for month); please report it"
    ]


class Starting(OfflineExtractor):
    """An extractor that can start a document in the calling thread (as the LLM backend
    readies a call there) and finish it in another, claiming each document's first line; it
    notes which thread did what."""

    threadsafe = True

    def __init__(self):
        self.seen = []

    def start(self, document, calls=None):
        self.seen.append(("start", document.source, threading.current_thread().name))
        if "BROKEN" in document.text:
            raise RuntimeError("could not ready the call")
        backend = self

        class Started:
            def wait_sent(self, timeout):
                return True

            def finish(self):
                backend.seen.append(("finish", document.source, threading.current_thread().name))
                return backend.claims(document)

        return Started()

    def extract(self, document, calls=None):
        self.seen.append(("extract", document.source, threading.current_thread().name))
        return self.claims(document)

    def claims(self, document):
        from claimtrack.records import Span, StatementClaim

        line = document.text.splitlines()[0]
        span = Span(start=0, end=len(line), text=line)
        return [StatementClaim(claim=line, confidence=0.5, spans={"evidence": span})]


def test_the_first_documents_are_started_by_the_main_thread(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    documents = [Document(text=f"Report {i} was filed.", source=f"d{i}.txt") for i in range(5)]
    documents[1] = Document(text="BROKEN on March 3, 2021.", source="d1.txt")
    backend = Starting()
    summary = extract_documents(ledger, documents, backend, options=RunOptions(concurrency=3))
    assert summary.documents_done == 4 and summary.documents_failed == 1
    assert summary.failures == [
        "d1.txt: the offline extractor failed on this document (RuntimeError: could not ready "
        "the call); please report it"
    ]
    main = threading.main_thread().name
    started = [(source, thread) for what, source, thread in backend.seen if what == "start"]
    assert started == [("d0.txt", main), ("d1.txt", main), ("d2.txt", main)]
    others = {(what, source) for what, source, thread in backend.seen if thread != main}
    assert others == {
        ("finish", "d0.txt"),
        ("finish", "d2.txt"),
        *(("extract", f"d{i}.txt") for i in (3, 4)),
    }


def test_february_29_in_a_year_without_one_is_the_nearest_leap_day():
    from datetime import date

    from claimtrack.date_values import normalise

    assert normalise("February 29", "absolute", date(2023, 3, 1)).value == "2024-02-29"
    assert normalise("February 29", "absolute", date(2021, 3, 1)).value == "2020-02-29"
